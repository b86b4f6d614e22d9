"""``manage.py import_records``: the same engine from the command line, and who may import."""

import io
import tempfile
from pathlib import Path

from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command
from django.test import TestCase

from intl_office.core.models import ImportLog
from intl_office.imports.engine import can_import, run_import
from partners.models import Institution
from tests.factories import make_user
from tests.personas import make_reporter, make_staff


def write(tmp: Path, name: str, data: bytes) -> Path:
    path = tmp / name
    path.write_bytes(data)
    return path


class ImportCommandTests(TestCase):
    def setUp(self):
        self.tmp = Path(tempfile.mkdtemp(prefix="h5-import-"))

    def call(self, *args):
        out, err = io.StringIO(), io.StringIO()
        call_command("import_records", *args, stdout=out, stderr=err)
        return out.getvalue(), err.getvalue()

    def test_it_imports_a_file_and_reports_the_counts(self):
        path = write(self.tmp, "partners.csv", b"name_en,country\nUniversity of Tartu,EE\nKU Leuven,BE\n")
        out, _err = self.call("institutions", str(path))
        self.assertIn("Imported partners.csv: 2 new, 0 updated, 0 unchanged.", out)
        self.assertEqual(Institution.objects.count(), 2)
        self.assertEqual(ImportLog.objects.get().created_count, 2)

    def test_a_dry_run_writes_nothing(self):
        path = write(self.tmp, "partners.csv", b"name_en,country\nUniversity of Tartu,EE\n")
        out, _err = self.call("institutions", str(path), "--dry-run")
        self.assertIn("Dry run, nothing written: 1 new, 0 updated, 0 unchanged.", out)
        self.assertEqual(Institution.objects.count(), 0)
        self.assertTrue(ImportLog.objects.get().dry_run)

    def test_a_dry_run_lists_what_each_row_would_do(self):
        Institution.objects.create(name_en="KU Leuven", slug="ku-leuven", country="BE")
        Institution.objects.create(name_en="University of Tartu", slug="tartu", country="EE", city="Tartu")
        data = b"name_en,country,city\nAalto University,FI,\nKU Leuven,BE,Leuven\nUniversity of Tartu,EE,Tartu\n"
        out, _err = self.call("institutions", str(write(self.tmp, "partners.csv", data)), "--dry-run")
        lines = out.splitlines()
        self.assertEqual(
            lines[:3],
            ["row 2: create Aalto University", "row 3: update KU Leuven", "row 4: unchanged University of Tartu"],
        )
        self.assertEqual(lines[3], "Dry run, nothing written: 1 new, 1 updated, 1 unchanged.")

    def test_a_real_run_lists_the_rows_only_when_asked(self):
        path = write(self.tmp, "partners.csv", b"name_en,country\nAalto University,FI\n")
        out, _err = self.call("institutions", str(path))
        self.assertNotIn("row 2", out)
        Institution.objects.all().delete()
        out, _err = self.call("institutions", str(path), "--verbosity", "2")
        self.assertIn("row 2: create Aalto University", out)

    def test_errors_are_printed_by_row_and_nothing_is_written(self):
        path = write(self.tmp, "partners.csv", b"name_en,country,relations_since\nA University,EE,\nB,Nowhere,\n")
        with self.assertRaisesMessage(CommandError, "1 problem(s) in partners.csv; nothing was imported."):
            self.call("institutions", str(path))
        self.assertEqual(Institution.objects.count(), 0)

    def test_similar_names_stop_the_import_until_accepted(self):
        Institution.objects.create(name_en="University of Waterloo", slug="uw", country="CA")
        path = write(self.tmp, "partners.csv", b"name_en,country\nUniv. of Waterloo,CA\n")
        with self.assertRaisesMessage(CommandError, "--accept-similar"):
            self.call("institutions", str(path))
        self.assertEqual(Institution.objects.count(), 1)
        self.call("institutions", str(path), "--accept-similar")
        self.assertEqual(Institution.objects.count(), 2)

    def test_a_user_without_the_import_permission_is_refused(self):
        make_staff("clerk")
        path = write(self.tmp, "partners.csv", b"name_en,country\nUniversity of Tartu,EE\n")
        with self.assertRaisesMessage(CommandError, "You do not have permission to import"):
            self.call("institutions", str(path), "--user", "clerk")
        self.assertEqual(Institution.objects.count(), 0)

    def test_a_user_with_the_import_permission_is_logged_as_the_importer(self):
        clerk = make_staff("clerk")
        clerk.user_permissions.add(*Permission.objects.filter(codename="import_records"))
        path = write(self.tmp, "partners.csv", b"name_en,country\nUniversity of Tartu,EE\n")
        self.call("institutions", str(path), "--user", "clerk")
        self.assertEqual(ImportLog.objects.get().user, clerk)

    def test_an_unknown_user_or_missing_file_is_a_clear_error(self):
        with self.assertRaisesMessage(CommandError, "No user 'nobody'."):
            self.call("institutions", str(write(self.tmp, "p.csv", b"x")), "--user", "nobody")
        with self.assertRaisesMessage(CommandError, "Cannot read"):
            self.call("institutions", str(self.tmp / "missing.csv"))


class ImportPermissionTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.clerk = make_staff("clerk")
        cls.reporter = make_reporter()
        cls.importer_without_edit = make_user("importer", perms=("intl_office.import_records",))
        cls.importer = make_staff("importer2")
        cls.importer.user_permissions.add(*cls.clerk.user_permissions.model.objects.filter(codename="import_records"))

    def test_editing_or_exporting_is_not_enough_to_import(self):
        self.assertFalse(can_import(self.clerk, "students"))
        self.assertFalse(can_import(self.reporter, "students"))

    def test_the_import_permission_without_edit_rights_is_not_enough(self):
        self.assertFalse(can_import(self.importer_without_edit, "students"))

    def test_the_import_permission_with_edit_rights_is(self):
        self.assertTrue(can_import(self.importer, "students"))

    def test_personal_columns_are_refused_from_a_user_who_may_not_see_them(self):
        data = b"student_number,passport_number,family_name,nationality,category\nS1,N1,Smith,GB,degree\n"
        report = run_import("students", data, "s.csv", user=self.importer, dry_run=False)
        self.assertEqual(
            report.errors[0],
            "Column 'passport_number' holds personal data, which you may not see or import; "
            "remove the column, or ask for the personal data permission.",
        )
        self.importer.user_permissions.add(
            Permission.objects.get(codename="view_personal_data", content_type__app_label="students")
        )
        importer = type(self.importer).objects.get(pk=self.importer.pk)  # fresh permission cache
        self.assertTrue(run_import("students", data, "s.csv", user=importer, dry_run=False).written)

    def test_the_engine_refuses_a_user_without_permission_and_writes_nothing(self):
        with self.assertRaises(PermissionDenied):
            run_import("institutions", b"name_en,country\nX,EE\n", "p.csv", user=self.clerk, dry_run=False)
        self.assertEqual(Institution.objects.count(), 0)
