"""Scanned agreements: what a scan must be to be kept, and the old file removed when a scan is replaced or deleted.

A scan is a PDF or an image, so that a download can never be a page that runs in the admin's origin. The name is
not enough (an HTML page renamed ``.pdf`` is still a page): ``validate_agreement_scan`` checks the size first,
without reading the file, then that the content is what the name says: a PDF that starts with ``%PDF-`` and that
pypdf opens, with at least one page; an image that Pillow reads as that format.
"""

import warnings

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image
from pypdf import PdfReader
from pypdf.errors import FileNotDecryptedError

SCAN_EXTENSIONS = ("pdf", "jpg", "jpeg", "png", "tif", "tiff")
# What Pillow calls the image formats the extensions promise.
IMAGE_FORMATS = {"jpg": "JPEG", "jpeg": "JPEG", "png": "PNG", "tif": "TIFF", "tiff": "TIFF"}
PDF_HEADER = b"%PDF-"

validate_scan_extension = FileExtensionValidator(SCAN_EXTENSIONS)


def validate_agreement_scan(file) -> None:
    """The model field's validator: refuses a scan that is too large, misnamed, or not what its name says.

    A file already in storage was checked when it came in and is not read again (saving an agreement's other fields
    does not re-read its scan).
    """
    if getattr(file, "_committed", False):
        return
    limit = settings.AGREEMENT_SCAN_MAX_BYTES
    if file.size > limit:
        raise ValidationError(
            _("The file is %(size)s; a scan can be %(limit)s at most."),
            code="scan_too_large",
            params={"size": filesizeformat(file.size), "limit": filesizeformat(limit)},
        )
    validate_scan_extension(file)
    extension = file.name.rsplit(".", 1)[-1].lower()
    stream = file.open("rb")
    try:
        if extension == "pdf":
            _check_pdf(stream)
        else:
            _check_image(stream, IMAGE_FORMATS[extension])
    finally:
        stream.seek(0)


def _check_pdf(stream) -> None:
    stream.seek(0)
    if stream.read(len(PDF_HEADER)) != PDF_HEADER:
        raise ValidationError(_("The file is not a PDF, whatever its name says."), code="scan_not_pdf")
    stream.seek(0)
    try:
        pages = len(PdfReader(stream, strict=False).pages)
    except FileNotDecryptedError:
        raise ValidationError(
            _("The PDF is protected by a password; upload it without one."), code="scan_encrypted"
        ) from None
    except Exception:  # pypdf raises many kinds of error on a broken file
        pages = 0
    if not pages:
        raise ValidationError(_("The PDF is damaged or empty: it cannot be opened."), code="scan_unreadable")


def _check_image(stream, expected_format: str) -> None:
    stream.seek(0)
    try:
        with warnings.catch_warnings():
            # An image of hundreds of millions of pixels is a decompression bomb, not a scan.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(stream) as image:
                found = image.format
                image.verify()
    except Exception:  # Pillow raises many kinds of error on a file that is not an image
        found = None
    if found != expected_format:
        raise ValidationError(
            _("The file is not a readable %(format)s image, whatever its name says."),
            code="scan_not_image",
            params={"format": expected_format},
        )


def delete_scan_after_commit(agreement_model, storage, name: str, using: str) -> None:
    """Deletes a scan from storage once the transaction commits (a rolled-back change keeps the file it still uses),
    unless another agreement names the same file."""

    def delete():
        if not agreement_model._default_manager.using(using).filter(document=name).exists():
            storage.delete(name)

    transaction.on_commit(delete, using=using, robust=True)


def remember_stored_scan(sender, instance, raw=False, using=None, **kwargs) -> None:
    """pre_save: the name of the scan in the database before this save."""
    instance._stored_scan = ""
    if raw or instance._state.adding or instance.pk is None:
        return
    stored = sender._default_manager.using(using).filter(pk=instance.pk).values_list("document", flat=True).first()
    instance._stored_scan = stored or ""


def delete_replaced_scan(sender, instance, raw=False, using=None, **kwargs) -> None:
    """post_save: a scan replaced by another file, or cleared, leaves storage."""
    old = getattr(instance, "_stored_scan", "")
    if not raw and old and old != instance.document.name:
        delete_scan_after_commit(sender, instance.document.storage, old, using)


def delete_scan_of_deleted_agreement(sender, instance, using=None, **kwargs) -> None:
    """post_delete: the agreement's scan leaves storage with it."""
    if instance.document:
        delete_scan_after_commit(sender, instance.document.storage, instance.document.name, using)
