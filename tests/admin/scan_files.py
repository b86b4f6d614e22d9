"""Scans for the upload tests, built with the libraries that read them: real small PDFs and images, and hostile
files dressed up as them."""

import io

from PIL import Image
from pypdf import PdfWriter

HTML = b"<!doctype html><html><body><script>alert(document.cookie)</script></body></html>"


def pdf(pages: int = 1, *, password: str | None = None) -> bytes:
    """A real PDF of A4 blank pages, as pypdf writes it."""
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    if password is not None:
        writer.encrypt(user_password=password, owner_password="owner")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def image(image_format: str = "PNG") -> bytes:
    """A small grey image in the format (PNG, JPEG, TIFF), as Pillow writes it."""
    out = io.BytesIO()
    Image.new("L", (40, 60), color=200).save(out, format=image_format)
    return out.getvalue()


def html_with_a_pdf_header() -> bytes:
    return b"%PDF-1.7\n" + HTML
