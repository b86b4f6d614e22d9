"""Large imports as background jobs: confirming the preview of a file of more than IMPORT_BACKGROUND_ROWS rows hands
it to a job (in process here, no broker) whose page gives the outcome; a file not imported is kept for another try."""

import shutil

from django.contrib.auth.models import Permission
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase, override_settings
from django.urls import reverse

from intl_office.imports.admin_import import UPLOAD_DIR
from intl_office.jobs.models import Job
from partners.models import Institution
from tests import factories as f
from tests.factories import force_login
from tests.personas import make_staff

IMPORT_URL = reverse("admin:partners_institution_import")
ROWS = [("University of Tartu", "EE"), ("University of Oslo", "NO"), ("University of Waterloo", "CA")]


def csv_file(rows) -> dict:
    data = "name_en,country\n" + "".join(f"{name},{country}\n" for name, country in rows)
    return {"file": SimpleUploadedFile("partners.csv", data.encode())}


@override_settings(IMPORT_BACKGROUND_ROWS=len(ROWS) - 1, CELERY_BROKER_URL="")
class ImportJobTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.importer = make_staff("importer")
        cls.importer.user_permissions.add(Permission.objects.get(codename="import_records"))
        f.make_institution(name_en="University of Waterloo", country="CA")

    def setUp(self):
        shutil.rmtree(default_storage.path(UPLOAD_DIR), ignore_errors=True)
        force_login(self.client, self.importer)

    def waiting_files(self) -> list[str]:
        return default_storage.listdir(UPLOAD_DIR)[1]

    def test_confirming_a_large_file_imports_it_in_a_job_whose_page_gives_the_outcome(self):
        preview = self.client.post(IMPORT_URL, csv_file(ROWS))
        self.assertEqual(Institution.objects.count(), 1)
        response = self.client.post(IMPORT_URL, {"token": preview.context["confirm_form"].initial["token"]})
        job = Job.objects.get()
        self.assertRedirects(response, job.get_absolute_url())
        self.assertEqual(
            (job.kind, job.state, job.user, job.total), (Job.Kind.IMPORT, Job.State.DONE, self.importer, 3)
        )
        self.assertEqual(job.message, "Imported partners.csv: 2 new, 0 updated, 1 unchanged.")
        self.assertContains(self.client.get(job.get_absolute_url()), job.message)
        self.assertEqual(Institution.objects.count(), len(ROWS))
        self.assertEqual(self.waiting_files(), [])

    def test_a_file_the_job_did_not_import_is_kept_for_another_try(self):
        rows = [("Univ. of Waterloo", "CA"), *ROWS[:2]]
        preview = self.client.post(IMPORT_URL, csv_file(rows))
        token = preview.context["confirm_form"].initial["token"]
        self.client.post(IMPORT_URL, {"token": token})
        job = Job.objects.get()
        self.assertEqual(job.state, Job.State.FAILED)
        self.assertIn("look like existing ones", job.message)
        self.assertEqual(Institution.objects.count(), 1)
        self.assertEqual(len(self.waiting_files()), 1)
        # Confirming the names then imports it.
        self.client.post(IMPORT_URL, {"token": token, "accept_similar": "on"})
        self.assertEqual(Job.objects.latest("pk").state, Job.State.DONE)
        self.assertEqual(Institution.objects.count(), 1 + len(rows))
