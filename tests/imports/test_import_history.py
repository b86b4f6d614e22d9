"""Imports write each record's history (through the import, linked to its log entry), and a confirm refuses records
someone else changed after the preview."""

import shutil
from io import StringIO

from django.contrib.auth.models import Permission
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import TestCase
from django.urls import reverse

from intl_office.core.history import Via
from intl_office.core.models import ImportLog
from intl_office.imports.admin_import import UPLOAD_DIR
from intl_office.imports.engine import run_import
from students.models import InternationalStudent
from tests import factories as f
from tests.factories import force_login
from tests.personas import make_staff

IMPORT_URL = reverse("admin:students_internationalstudent_import")
HEADER = "student_number,family_name,given_name,name_zh,nationality,category,email"


def _file(*rows: str) -> bytes:
    return ("\n".join([HEADER, *rows]) + "\n").encode()


class ImportHistoryTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.importer = make_staff("importer", personal_data=True)
        cls.importer.user_permissions.add(Permission.objects.get(codename="import_records"))
        cls.student = f.make_student(
            student_number="S00001",
            family_name="Kim",
            given_name="Min",
            name_zh="",
            nationality="KR",
            email="old@example.org",
        )

    def test_an_import_records_old_and_new_through_the_import_with_its_log_entry(self):
        data = _file("S00001,Kim,Min,金敏,KR,degree,new@example.org", "S00002,Lee,Jun,,KR,degree,lee@example.org")
        report = run_import("students", data, "students.csv", user=self.importer, dry_run=False)
        self.assertTrue(report.written, report.errors)

        changed = self.student.history.latest()
        self.assertEqual(changed.via, Via.IMPORT)
        self.assertEqual(changed.import_log, report.log)
        self.assertEqual(changed.history_user, self.importer)
        self.assertEqual(changed.history_username, "importer")
        delta = changed.diff_against(changed.prev_record)
        self.assertEqual(
            {(c.field, c.old, c.new) for c in delta.changes},
            {("email", "old@example.org", "new@example.org"), ("name_zh", "", "金敏")},
        )
        created = InternationalStudent.objects.get(student_number="S00002").history.get()
        self.assertEqual((created.history_type, created.via, created.import_log), ("+", Via.IMPORT, report.log))
        self.assertEqual(report.log.status, ImportLog.Status.IMPORTED)

    def test_a_preview_writes_no_history(self):
        before = InternationalStudent.history.count()
        run_import("students", _file("S00001,Kim,Min,金敏,KR,degree,new@example.org"), "s.csv", user=self.importer)
        self.assertEqual(InternationalStudent.history.count(), before)

    def test_an_unchanged_row_writes_no_history(self):
        before = self.student.history.count()
        data = _file("S00001,Kim,Min,,KR,degree,old@example.org")
        report = run_import("students", data, "s.csv", user=self.importer, dry_run=False)
        self.assertEqual(report.skipped, 1, report.errors)
        self.assertEqual(self.student.history.count(), before)

    def test_the_history_is_written_in_a_fixed_number_of_queries(self):
        def queries(count):
            rows = [f"N{count}-{n},Family{count}x{n},Given{n},,KR,degree,n{count}x{n}@ex.org" for n in range(count)]
            data = _file(*rows)
            from django.db import connection
            from django.test.utils import CaptureQueriesContext

            with CaptureQueriesContext(connection) as captured:
                report = run_import("students", data, f"s{count}.csv", user=self.importer, dry_run=False)
            self.assertEqual(report.created, count, report.errors)
            return [q["sql"] for q in captured.captured_queries if "historical" in q["sql"].lower()]

        # Both files fit one batch (SQLite takes at most 999 values a statement): one INSERT of history each.
        few, many = queries(3), queries(12)
        self.assertEqual(len(few), len(many), [q[:300] for q in many])

    def test_the_import_command_records_history_through_the_import(self):
        path = default_storage.path("cmd-students.csv")
        with open(path, "wb") as handle:
            handle.write(_file("S00001,Kim,Min,,KR,degree,cmd@example.org"))
        call_command("import_records", "students", path, verbosity=0, stdout=StringIO())
        row = self.student.history.latest()
        self.assertEqual(row.via, Via.IMPORT)
        self.assertIsNotNone(row.import_log)


class StaleImportConfirmTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.importer = make_staff("importer", personal_data=True)
        cls.importer.user_permissions.add(Permission.objects.get(codename="import_records"))
        cls.officer = make_staff("officer", personal_data=True)
        cls.student = f.make_student(student_number="S00001", family_name="Kim", given_name="Min", nationality="KR")

    def setUp(self):
        shutil.rmtree(default_storage.path(UPLOAD_DIR), ignore_errors=True)

    def preview(self, data: bytes):
        force_login(self.client, self.importer)
        response = self.client.post(IMPORT_URL, {"file": SimpleUploadedFile("students.csv", data)})
        return response.context["confirm_form"].initial["token"]

    def test_a_confirm_refuses_a_record_changed_since_the_preview_naming_row_and_fields(self):
        token = self.preview(_file("S00001,Kim,Min,,KR,degree,file@example.org", "S00002,Lee,Jun,,KR,degree,"))
        self.student.passport_number = "A-CHANGED-1"
        self.student.email = "officer@example.org"
        self.student.save()

        response = self.client.post(IMPORT_URL, {"token": token})
        self.assertEqual(response.status_code, 200)
        errors = " ".join(response.context["report"].errors)
        self.assertIn("row 2", errors)
        self.assertIn("passport number", errors)
        self.assertIn("email", errors)
        self.assertNotIn("A-CHANGED-1", errors)
        self.student.refresh_from_db()
        self.assertEqual((self.student.passport_number, self.student.email), ("A-CHANGED-1", "officer@example.org"))
        self.assertFalse(InternationalStudent.objects.filter(student_number="S00002").exists())

    def test_a_confirm_with_nothing_changed_since_the_preview_imports(self):
        token = self.preview(_file("S00001,Kim,Min,,KR,degree,file@example.org"))
        response = self.client.post(IMPORT_URL, {"token": token})
        self.assertEqual(response.status_code, 302)
        self.student.refresh_from_db()
        self.assertEqual(self.student.email, "file@example.org")
