"""Scanned agreements are private: served only through the admin, to staff who may view agreements."""

from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse

from partners.models import Agreement
from tests.admin.scan_files import pdf
from tests.factories import make_agreement, make_institution, make_user
from tests.personas import make_staff

# A real one-page PDF: an upload must be a readable PDF (tests/admin/test_agreement_scan_checks.py).
PDF = pdf()


def _document_url(agreement):
    return reverse("admin:partners_agreement_document", args=[agreement.pk])


class AgreementDocumentTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.staff = make_staff()
        cls.agreement = make_agreement(title="Waterloo nanomaterials")
        cls.agreement.document.save("waterloo-2013.pdf", ContentFile(PDF))

    def download(self, user, agreement=None):
        self.client.force_login(user)
        return self.client.get(_document_url(agreement or self.agreement))

    def test_staff_who_may_view_agreements_download_the_document(self):
        viewer = make_user("viewer", perms=("partners.view_agreement",))
        for user in (self.staff, viewer):
            with self.subTest(user=user.username):
                response = self.download(user)
                self.assertEqual(response.status_code, 200)
                self.assertEqual(b"".join(response.streaming_content), PDF)
                self.assertEqual(response["Content-Type"], "application/pdf")
                self.assertIn('filename="waterloo-2013.pdf"', response["Content-Disposition"])
                self.assertIn("no-store", response["Cache-Control"])

    def test_staff_without_the_agreement_permission_are_refused(self):
        clerk = make_user("clerk", perms=("partners.view_institution",))
        self.assertEqual(self.download(clerk).status_code, 403)

    def test_anonymous_visitors_are_sent_to_the_login_page(self):
        url = _document_url(self.agreement)
        response = self.client.get(url)
        self.assertRedirects(response, f"{reverse('admin:login')}?next={url}")

    def test_an_agreement_without_a_document_gives_not_found(self):
        self.assertEqual(self.download(self.staff, make_agreement()).status_code, 404)

    def test_the_file_is_not_under_any_public_url(self):
        storage_root = Path(default_storage.location).resolve()
        self.assertTrue((storage_root / self.agreement.document.name).is_file())
        public_roots = [Path(settings.STATIC_ROOT), *map(Path, settings.STATICFILES_DIRS)]
        for root in public_roots:
            self.assertFalse(storage_root.is_relative_to(root.resolve()), root)
        self.client.force_login(self.staff)
        name = self.agreement.document.name
        for url in (self.agreement.document.url, f"/media/{name}", f"/{name}", f"/static/{name}"):
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).status_code, 404)

    def test_the_change_form_links_to_the_protected_download(self):
        self.client.force_login(self.staff)
        response = self.client.get(reverse("admin:partners_agreement_change", args=[self.agreement.pk]))
        self.assertContains(response, f'href="{_document_url(self.agreement)}"')
        self.assertNotContains(response, f'href="{self.agreement.document.url}"')

    def test_a_view_only_user_gets_the_protected_link_too(self):
        viewer = make_user("viewer", perms=("partners.view_agreement",))
        self.client.force_login(viewer)
        response = self.client.get(reverse("admin:partners_agreement_change", args=[self.agreement.pk]))
        self.assertContains(response, f'href="{_document_url(self.agreement)}"')
        self.assertNotContains(response, f'href="{self.agreement.document.url}"')

    def test_a_scanned_image_is_downloaded_as_an_attachment(self):
        agreement = make_agreement()
        agreement.document.save("scan.tiff", ContentFile(b"II*\x00"))
        response = self.download(self.staff, agreement)
        self.assertTrue(response["Content-Disposition"].startswith("attachment"))
        # Reading to the end closes the file (as a WSGI server would); a manual close() would also close the test
        # database connection.
        self.assertEqual(b"".join(response.streaming_content), b"II*\x00")


class DocumentUploadTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.staff = make_staff()
        cls.partner = make_institution()

    def post_agreement(self, upload):
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
            "document": upload,
        }
        return self.client.post(reverse("admin:partners_agreement_add"), data)

    def test_a_pdf_uploaded_in_the_admin_is_stored_privately_and_downloadable(self):
        response = self.post_agreement(SimpleUploadedFile("leuven.pdf", PDF, content_type="application/pdf"))
        self.assertRedirects(response, reverse("admin:partners_agreement_changelist"))
        agreement = Agreement.objects.get(title="Leuven exchange")
        self.assertTrue(default_storage.exists(agreement.document.name))
        download = self.client.get(_document_url(agreement))
        self.assertEqual(b"".join(download.streaming_content), PDF)

    def test_an_html_file_is_refused_with_a_clear_message(self):
        response = self.post_agreement(SimpleUploadedFile("scan.html", b"<script>alert(1)</script>"))
        self.assertEqual(response.status_code, 200)
        self.assertFormError(
            response.context["adminform"].form,
            "document",
            "File extension “html” is not allowed. Allowed extensions are: pdf, jpg, jpeg, png, tif, tiff.",
        )
        self.assertFalse(Agreement.objects.filter(title="Leuven exchange").exists())
