"""An agreement scan is kept only if it is what its name says (a readable PDF, or an image) and not too large: in the
admin form, with the message on the field, and for the model, through the field's validator."""

import datetime
import tempfile

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase, override_settings
from django.urls import reverse

from partners.models import Agreement
from partners.scans import validate_agreement_scan
from tests.admin.scan_files import HTML, html_with_a_pdf_header, image, pdf
from tests.factories import make_agreement, make_institution
from tests.personas import make_staff

NOT_A_PDF = "The file is not a PDF, whatever its name says."
UNREADABLE_PDF = "The PDF is damaged or empty: it cannot be opened."


class ReadCounter(File):
    """A file that counts the bytes read from it."""

    bytes_read = 0

    def read(self, *args):
        data = super().read(*args)
        self.bytes_read += len(data)
        return data


class AdminUploadTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.staff = make_staff()
        cls.partner = make_institution()

    def post(self, name: str | None, content: bytes = b"", url: str | None = None):
        self.client.force_login(self.staff)
        data = {
            "title": "Leuven exchange",
            "kind": Agreement.Kind.STUDENT_EXCHANGE,
            "status": Agreement.Status.ACTIVE,
            "partners": [self.partner.pk],
            "starts_on": "2013-09-01",
            "reminder_days": "180",
            "places_inbound": "2",
            "places_outbound": "3",
        }
        if name is not None:
            data["document"] = SimpleUploadedFile(name, content)
        return self.client.post(url or reverse("admin:partners_agreement_add"), data)

    def assert_refused(self, response, message: str):
        self.assertEqual(response.status_code, 200)
        self.assertFormError(response.context["adminform"].form, "document", message)
        self.assertFalse(Agreement.objects.filter(title="Leuven exchange").exists())

    def assert_accepted(self, name: str, content: bytes):
        response = self.post(name, content)
        self.assertRedirects(response, reverse("admin:partners_agreement_changelist"))
        Agreement.objects.filter(title="Leuven exchange").delete()

    def test_a_real_pdf_is_accepted_and_an_html_page_named_pdf_is_not(self):
        self.assert_accepted("leuven.pdf", pdf(pages=3))
        self.assert_refused(self.post("scan.pdf", HTML), NOT_A_PDF)

    def test_an_html_page_behind_a_pdf_header_is_refused(self):
        self.assert_refused(self.post("scan.pdf", html_with_a_pdf_header()), UNREADABLE_PDF)

    def test_a_file_of_zeros_is_refused(self):
        self.assert_refused(self.post("scan.pdf", bytes(10_000)), NOT_A_PDF)

    def test_a_cut_off_pdf_and_a_pdf_without_pages_are_refused(self):
        whole = pdf()
        self.assert_refused(self.post("scan.pdf", whole[: len(whole) // 2]), UNREADABLE_PDF)
        self.assert_refused(self.post("scan.pdf", pdf(pages=0)), UNREADABLE_PDF)

    def test_a_password_protected_pdf_is_refused(self):
        self.assert_refused(
            self.post("scan.pdf", pdf(password="secret")), "The PDF is protected by a password; upload it without one."
        )

    def test_real_images_are_accepted_and_anything_else_named_as_one_is_not(self):
        for name, image_format in (("leuven.png", "PNG"), ("leuven.jpg", "JPEG"), ("leuven.tiff", "TIFF")):
            with self.subTest(name=name):
                self.assert_accepted(name, image(image_format))
        for name, content, image_format in (
            ("scan.png", HTML, "PNG"),
            ("scan.png", image("JPEG"), "PNG"),
            ("scan.jpg", pdf(), "JPEG"),
            ("scan.tif", bytes(5_000), "TIFF"),
        ):
            with self.subTest(name=name, content=content[:8]):
                message = f"The file is not a readable {image_format} image, whatever its name says."
                self.assert_refused(self.post(name, content), message)

    @override_settings(AGREEMENT_SCAN_MAX_BYTES=1024 * 1024)
    def test_a_file_over_the_size_limit_is_refused_with_both_sizes(self):
        self.assert_refused(
            self.post("scan.pdf", bytes(1024 * 1024 + 1)), "The file is 1.0\xa0MB; a scan can be 1.0\xa0MB at most."
        )

    def test_the_field_says_what_it_accepts(self):
        self.client.force_login(self.staff)
        response = self.client.get(reverse("admin:partners_agreement_add"))
        self.assertContains(response, "A PDF or an image (pdf, jpg, jpeg, png, tif, tiff), 20.0\xa0MB at most.")

    def test_saving_other_fields_does_not_check_the_stored_scan_again_but_a_new_scan_is_checked(self):
        # A scan stored before these checks, not a readable PDF: the agreement can still be edited.
        agreement = make_agreement(self.partner, title="Old agreement")
        agreement.document.save("old.pdf", ContentFile(b"%PDF-1.4 scanned long ago"))
        change_url = reverse("admin:partners_agreement_change", args=[agreement.pk])
        self.assertRedirects(self.post(None, url=change_url), reverse("admin:partners_agreement_changelist"))
        agreement.refresh_from_db()
        self.assertEqual((agreement.title, agreement.document.name.rsplit("/", 1)[-1]), ("Leuven exchange", "old.pdf"))
        response = self.post("new.pdf", HTML, url=change_url)
        self.assertFormError(response.context["adminform"].form, "document", NOT_A_PDF)


class ModelValidatorTests(TestCase):
    def agreement(self, name: str, content: bytes) -> Agreement:
        agreement = Agreement(
            title="Leuven exchange", kind=Agreement.Kind.STUDENT_EXCHANGE, starts_on=datetime.date(2013, 9, 1)
        )
        agreement.document = ContentFile(content, name=name)
        return agreement

    def test_the_model_accepts_a_real_pdf_and_refuses_what_the_admin_refuses(self):
        self.agreement("scan.pdf", pdf()).full_clean()
        for name, content, message in (
            ("scan.pdf", HTML, NOT_A_PDF),
            ("scan.pdf", html_with_a_pdf_header(), UNREADABLE_PDF),
            ("scan.png", HTML, "The file is not a readable PNG image, whatever its name says."),
        ):
            with self.subTest(name=name, content=content[:8]), self.assertRaises(ValidationError) as refused:
                self.agreement(name, content).full_clean()
            self.assertEqual(refused.exception.message_dict["document"], [message])

    def test_sixty_megabytes_of_zeros_are_refused_without_reading_a_byte(self):
        with tempfile.TemporaryFile() as raw:
            raw.truncate(60 * 1024 * 1024)  # 60 MB of zeros
            upload = ReadCounter(raw, name="zeros.pdf")
            with self.assertRaises(ValidationError) as refused:
                validate_agreement_scan(upload)
            self.assertEqual(refused.exception.messages, ["The file is 60.0\xa0MB; a scan can be 20.0\xa0MB at most."])
            self.assertEqual(upload.bytes_read, 0)
