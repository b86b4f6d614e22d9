"""A scan that is replaced, cleared, or whose agreement is deleted leaves storage once the change is committed; a
change that is rolled back keeps the file it still uses."""

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import TestCase
from django.urls import reverse

from partners.models import Agreement
from tests.admin.scan_files import image, pdf
from tests.factories import make_agreement, make_institution
from tests.personas import make_staff


class ScanCleanupTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.staff = make_staff()
        cls.partner = make_institution()

    def setUp(self):
        # Files are not rolled back with the test's transaction: each test stores its own.
        self.agreement = make_agreement(self.partner, title="Leuven exchange")
        self.agreement.document.save("leuven-2013.pdf", ContentFile(pdf()))
        self.old_name = self.agreement.document.name
        self.assertTrue(default_storage.exists(self.old_name))

    def change_in_the_admin(self, **changes):
        self.client.force_login(self.staff)
        data = {
            "title": "Leuven exchange",
            "kind": Agreement.Kind.STUDENT_EXCHANGE,
            "status": Agreement.Status.ACTIVE,
            "partners": [self.partner.pk],
            "starts_on": "2020-01-01",
            "ends_on": "2030-12-31",
            "reminder_days": "180",
            "places_inbound": "0",
            "places_outbound": "0",
            **changes,
        }
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(reverse("admin:partners_agreement_change", args=[self.agreement.pk]), data)
        self.assertRedirects(response, reverse("admin:partners_agreement_changelist"))
        self.agreement.refresh_from_db()

    def test_a_replaced_scan_leaves_storage_and_the_new_one_stays(self):
        self.change_in_the_admin(title="Leuven exchange, renewed")
        self.assertTrue(default_storage.exists(self.old_name), "saving other fields keeps the scan")
        self.change_in_the_admin(document=SimpleUploadedFile("leuven-2014.png", image("PNG")))
        self.assertFalse(default_storage.exists(self.old_name))
        self.assertTrue(self.agreement.document.name.endswith("leuven-2014.png"))
        self.assertTrue(default_storage.exists(self.agreement.document.name))

    def test_a_cleared_scan_leaves_storage(self):
        self.change_in_the_admin(**{"document-clear": "on"})
        self.assertFalse(self.agreement.document)
        self.assertFalse(default_storage.exists(self.old_name))

    def test_deleting_the_agreement_in_the_admin_removes_its_scan(self):
        self.client.force_login(self.staff)
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(reverse("admin:partners_agreement_delete", args=[self.agreement.pk]), {"post": "yes"})
        self.assertFalse(Agreement.objects.filter(pk=self.agreement.pk).exists())
        self.assertFalse(default_storage.exists(self.old_name))

    def test_the_delete_selected_action_removes_every_scan(self):
        other = make_agreement(self.partner)
        other.document.save("other.pdf", ContentFile(pdf()))
        self.client.force_login(self.staff)
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(
                reverse("admin:partners_agreement_changelist"),
                {"action": "delete_selected", "_selected_action": [self.agreement.pk, other.pk], "post": "yes"},
            )
        self.assertFalse(Agreement.objects.exists())
        self.assertFalse(default_storage.exists(self.old_name))
        self.assertFalse(default_storage.exists(other.document.name))

    def replace_scan(self, *, fail: bool) -> list:
        with self.captureOnCommitCallbacks(execute=True) as callbacks:
            try:
                with transaction.atomic():
                    self.agreement.document = ContentFile(pdf(), name="replacement.pdf")
                    self.agreement.save()
                    if fail:
                        raise RuntimeError("the change fails after the save")
            except RuntimeError:
                pass
        return callbacks

    def test_a_rolled_back_replacement_keeps_the_scan_in_use_and_a_committed_one_does_not(self):
        self.assertEqual(self.replace_scan(fail=True), [])
        self.agreement.refresh_from_db()
        self.assertEqual(self.agreement.document.name, self.old_name)
        self.assertTrue(default_storage.exists(self.old_name))
        self.replace_scan(fail=False)
        self.assertFalse(default_storage.exists(self.old_name))

    def test_a_rolled_back_deletion_keeps_the_scan_and_a_committed_one_does_not(self):
        pk = self.agreement.pk
        with self.captureOnCommitCallbacks(execute=True):
            try:
                with transaction.atomic():
                    Agreement.objects.get(pk=pk).delete()
                    raise RuntimeError("the deletion fails")
            except RuntimeError:
                pass
        self.assertTrue(Agreement.objects.filter(pk=pk).exists())
        self.assertTrue(default_storage.exists(self.old_name))
        with self.captureOnCommitCallbacks(execute=True):
            Agreement.objects.filter(pk=pk).delete()
        self.assertFalse(default_storage.exists(self.old_name))

    def test_a_file_another_agreement_still_names_is_kept(self):
        sharing = make_agreement(self.partner, document=self.old_name)
        with self.captureOnCommitCallbacks(execute=True):
            self.agreement.delete()
        self.assertTrue(default_storage.exists(self.old_name))
        with self.captureOnCommitCallbacks(execute=True):
            sharing.delete()
        self.assertFalse(default_storage.exists(self.old_name))
