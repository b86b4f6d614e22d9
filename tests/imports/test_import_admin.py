"""Importing from the admin: the button, the preview, the confirmation, the templates, and who may do it."""

import io
import os
import shutil
import time
from pathlib import Path

import openpyxl
from django.conf import settings
from django.contrib.auth.models import Permission
from django.contrib.messages import get_messages
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse

from intl_office.core.models import ImportLog
from intl_office.imports.admin_import import UPLOAD_DIR
from intl_office.imports.kinds import resource_for
from partners.models import Institution
from students.models import InternationalStudent
from tests import factories as f
from tests.factories import force_login
from tests.personas import make_staff

IMPORT_URL = reverse("admin:partners_institution_import")
LIST_URL = reverse("admin:partners_institution_changelist")


def upload(name: str, data: bytes):
    return {"file": SimpleUploadedFile(name, data)}


class ImportAdminTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.clerk = make_staff("clerk")
        cls.importer = make_staff("importer")
        cls.importer.user_permissions.add(Permission.objects.get(codename="import_records"))
        f.make_institution(name_en="University of Waterloo", country="CA")

    def setUp(self):
        # Each test starts with no file waiting in the private storage.
        shutil.rmtree(default_storage.path(UPLOAD_DIR), ignore_errors=True)

    def test_a_clerk_without_the_import_permission_sees_no_button_and_is_refused(self):
        self.client.force_login(self.clerk)
        self.assertNotContains(self.client.get(LIST_URL), IMPORT_URL)
        self.assertEqual(self.client.get(IMPORT_URL).status_code, 403)
        response = self.client.post(IMPORT_URL, upload("p.csv", b"name_en,country\nUniversity of Tartu,EE\n"))
        self.assertEqual(response.status_code, 403)
        self.assertEqual(
            self.client.get(reverse("admin:partners_institution_import_template", args=["csv"])).status_code, 403
        )
        self.assertFalse(ImportLog.objects.exists())

    def test_the_import_page_runs_a_fixed_number_of_queries(self):
        force_login(self.client, self.importer)
        # session, user, the session's second-factor device, the user's and group permissions (2): the page itself
        # reads no records.
        with self.assertNumQueries(5):
            response = self.client.get(IMPORT_URL)
        self.assertContains(response, "Download the XLSX template")
        self.assertContains(response, "<code>English name, Country or region</code>", html=False)
        for n in range(20):
            f.make_institution(name_en=f"Partner {n}")
        with self.assertNumQueries(5):
            self.client.get(IMPORT_URL)

    def test_an_importer_sees_the_button(self):
        force_login(self.client, self.importer)
        self.assertContains(self.client.get(LIST_URL), f'href="{IMPORT_URL}"')

    def test_the_preview_writes_nothing_and_confirming_imports_the_file(self):
        force_login(self.client, self.importer)
        data = b"name_en,country,city\nUniversity of Tartu,EE,Tartu\nUniversity of Waterloo,CA,Waterloo\n"
        response = self.client.post(IMPORT_URL, upload("partners.csv", data))
        self.assertContains(response, '<strong class="count-new">1</strong>', html=False)
        self.assertContains(response, '<strong class="count-update">1</strong>', html=False)
        self.assertContains(response, "Confirm import")
        self.assertFalse(Institution.objects.filter(name_en="University of Tartu").exists())

        token = response.context["confirm_form"].initial["token"]
        response = self.client.post(IMPORT_URL, {"token": token}, follow=True)
        self.assertRedirects(response, LIST_URL)
        self.assertContains(response, "Imported partners.csv: 1 new, 1 updated, 0 unchanged.")
        self.assertEqual(Institution.objects.get(name_en="University of Waterloo").city, "Waterloo")
        self.assertEqual(
            list(ImportLog.objects.order_by("created_at").values_list("user__username", "dry_run", "created_count")),
            [("importer", True, 1), ("importer", False, 1)],
        )

    def test_a_file_with_a_bad_row_shows_the_problem_and_offers_no_confirmation(self):
        force_login(self.client, self.importer)
        data = b"name_en,country,relations_since\nUniversity of Tartu,EE,2001-02-30\n"
        response = self.client.post(IMPORT_URL, upload("partners.csv", data))
        self.assertContains(response, "row 2, relations established on: &#x27;2001-02-30&#x27; is not a date")
        self.assertNotContains(response, "Confirm import")
        self.assertIsNone(response.context["confirm_form"])

    def test_a_bad_file_gets_its_message(self):
        force_login(self.client, self.importer)
        response = self.client.post(IMPORT_URL, upload("partners.pdf", b"%PDF-1.4"))
        self.assertContains(response, "The file is not a CSV or XLSX file.")

    def test_similar_names_need_the_users_confirmation(self):
        force_login(self.client, self.importer)
        response = self.client.post(IMPORT_URL, upload("p.csv", b"name_en,country\nUniv. of Waterloo,CA\n"))
        self.assertContains(
            response, "&#x27;Univ. of Waterloo&#x27; is new but looks like &#x27;University of Waterloo&#x27;"
        )
        token = response.context["confirm_form"].initial["token"]
        response = self.client.post(IMPORT_URL, {"token": token})
        self.assertEqual(response.status_code, 200)
        self.assertEqual(
            [str(m) for m in get_messages(response.wsgi_request)],
            [
                "Nothing was imported: some new institutions look like existing ones. Check the names below, then "
                "tick the box to confirm they are different institutions, or correct the file."
            ],
        )
        self.assertContains(response, "Nothing was imported: some new institutions look like existing ones.")
        self.assertEqual(Institution.objects.count(), 1)
        response = self.client.post(IMPORT_URL, {"token": token, "accept_similar": "on"})
        self.assertRedirects(response, LIST_URL)
        self.assertEqual(Institution.objects.count(), 2)

    def test_a_file_waiting_for_confirmation_is_kept_in_the_private_storage_and_removed_once_imported(self):
        force_login(self.client, self.importer)
        response = self.client.post(IMPORT_URL, upload("p.csv", b"name_en,country\nUniversity of Tartu,EE\n"))
        _dirs, files = default_storage.listdir(UPLOAD_DIR)
        self.assertEqual(len(files), 1)
        stored = Path(default_storage.path(f"{UPLOAD_DIR}/{files[0]}"))
        self.assertTrue(stored.is_relative_to(Path(settings.STORAGES["default"]["OPTIONS"]["location"])))
        self.assertEqual(stored.read_bytes(), b"name_en,country\nUniversity of Tartu,EE\n")
        token = response.context["confirm_form"].initial["token"]
        self.client.post(IMPORT_URL, {"token": token})
        self.assertFalse(stored.exists())
        self.assertTrue(Institution.objects.filter(name_en="University of Tartu").exists())

    def test_confirming_the_same_preview_twice_imports_it_once(self):
        force_login(self.client, self.importer)
        response = self.client.post(IMPORT_URL, upload("p.csv", b"name_en,country\nUniversity of Tartu,EE\n"))
        token = response.context["confirm_form"].initial["token"]
        self.client.post(IMPORT_URL, {"token": token})
        response = self.client.post(IMPORT_URL, {"token": token}, follow=True)
        self.assertContains(response, "This preview has expired; upload the file again.")
        self.assertEqual(Institution.objects.filter(name_en="University of Tartu").count(), 1)
        self.assertEqual(ImportLog.objects.filter(dry_run=False).count(), 1)

    def test_a_preview_being_imported_cannot_be_confirmed_again_meanwhile(self):
        force_login(self.client, self.importer)
        response = self.client.post(IMPORT_URL, upload("p.csv", b"name_en,country\nUniversity of Tartu,EE\n"))
        token = response.context["confirm_form"].initial["token"]
        _dirs, files = default_storage.listdir(UPLOAD_DIR)
        waiting = default_storage.path(f"{UPLOAD_DIR}/{files[0]}")
        # What the first click does before it starts importing: it claims the file.
        Path(waiting).rename(f"{waiting}.importing")
        response = self.client.post(IMPORT_URL, {"token": token}, follow=True)
        self.assertContains(response, "This preview has expired; upload the file again.")
        self.assertFalse(Institution.objects.filter(name_en="University of Tartu").exists())

    def test_files_left_waiting_for_more_than_a_day_are_deleted_on_the_next_upload(self):
        force_login(self.client, self.importer)
        data = b"name_en,country\nUniversity of Tartu,EE\n"
        self.client.post(IMPORT_URL, upload("old.csv", data))
        _dirs, (old_name,) = default_storage.listdir(UPLOAD_DIR)
        old = Path(default_storage.path(f"{UPLOAD_DIR}/{old_name}"))
        two_days_ago = time.time() - 2 * 24 * 3600
        os.utime(old, (two_days_ago, two_days_ago))
        self.client.post(IMPORT_URL, upload("recent.csv", data))
        self.client.post(IMPORT_URL, upload("newer.csv", data))
        _dirs, files = default_storage.listdir(UPLOAD_DIR)
        self.assertNotIn(old_name, files)
        self.assertEqual(len(files), 2)

    def test_a_tampered_or_foreign_token_is_refused(self):
        force_login(self.client, self.importer)
        response = self.client.post(IMPORT_URL, upload("p.csv", b"name_en,country\nUniversity of Tartu,EE\n"))
        token = response.context["confirm_form"].initial["token"]
        response = self.client.post(IMPORT_URL, {"token": token + "x"}, follow=True)
        self.assertContains(response, "This preview has expired; upload the file again.")
        other = make_staff("other")
        other.user_permissions.add(Permission.objects.get(codename="import_records"))
        force_login(self.client, other)
        response = self.client.post(IMPORT_URL, {"token": token}, follow=True)
        self.assertContains(response, "This preview has expired; upload the file again.")
        self.assertFalse(Institution.objects.filter(name_en="University of Tartu").exists())

    def test_the_template_has_the_export_columns_without_personal_data_for_a_clerk(self):
        self.importer.user_permissions.add(*Permission.objects.filter(codename__in=["add_internationalstudent"]))
        force_login(self.client, self.importer)
        response = self.client.get(reverse("admin:students_internationalstudent_import_template", args=["xlsx"]))
        self.assertEqual(response.status_code, 200)
        workbook = openpyxl.load_workbook(io.BytesIO(response.content))
        headers = [cell.value for cell in next(workbook.active.iter_rows(max_row=1))]
        self.assertEqual(headers, resource_for("students", self.importer).column_names())
        self.assertNotIn("Passport number", headers)
        self.assertIn("Student number", headers)

    def test_a_student_import_from_the_admin_creates_the_students(self):
        force_login(self.client, self.importer)
        url = reverse("admin:students_internationalstudent_import")
        data = b"student_number,family_name,nationality,category\nS1,Smith,GB,degree\nS2,Lee,KR,exchange\n"
        response = self.client.post(url, upload("s.csv", data))
        token = response.context["confirm_form"].initial["token"]
        self.client.post(url, {"token": token})
        self.assertEqual(InternationalStudent.objects.count(), 2)
