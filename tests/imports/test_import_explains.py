"""Imports that explain themselves: an update's changed fields old -> new, problem rows named, choices by their
labels in either language with or without the bracketed abbreviation, the import log's kinds by name."""

import csv
import datetime
import io

from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse
from django.utils import translation
from lxml import html

from intl_office.core.models import ImportLog
from intl_office.imports import engine
from students.models import InternationalStudent
from tests import factories as f
from tests.factories import force_login
from tests.personas import make_staff


class ExplainingImportTests(TestCase):
    def test_an_update_lists_each_changed_field_old_and_new(self):
        student = f.make_student(
            family_name="Old", student_number="S-1", arrived_on=datetime.date(2024, 9, 1), departed_on=None
        )
        data = b"student_number,family_name,nationality,category,departed_on\nS-1,Old,KZ,exchange,2025-07-02\n"
        report = engine.run_import("students", data, "s.csv")
        self.assertTrue(report.ok, report.errors)
        (row,) = report.rows
        self.assertEqual(row.action, "update")
        changes = {label: (old, new) for label, old, new in row.changes}
        self.assertEqual(changes["departure date"], ("", "2025-07-02"))
        self.assertEqual(changes["category"], (student.get_category_display(), "Exchange student"))
        self.assertNotIn("family name", changes)

    def test_a_problem_row_names_its_record(self):
        data = b"student_number,family_name,nationality,category\nS-9,Nameless,KZ,tourist\n"
        report = engine.run_import("students", data, "s.csv")
        self.assertFalse(report.ok)
        self.assertEqual(report.rows[0].record, "S-9")

    def test_a_choice_is_read_by_either_languages_label_with_or_without_its_abbreviation(self):
        for funding in ("中国政府奖学金\uff08CSC\uff09", "中国政府奖学金", "Chinese Government scholarship", "csc"):
            with self.subTest(funding=funding):
                data = f"family_name,nationality,category,funding\nF,KZ,degree,{funding}\n".encode()
                report = engine.run_import("students", data, "s.csv", dry_run=True)
                self.assertTrue(report.ok, report.errors)

    def test_an_unknown_choice_lists_the_labels_in_the_users_language(self):
        data = b"family_name,nationality,category\nF,KZ,tourist\n"
        with translation.override("zh-hans"):
            report = engine.run_import("students", data, "s.csv")
            expected = str(InternationalStudent.Category.DEGREE.label)
        self.assertIn(expected, report.errors[0])
        self.assertNotIn("degree,", report.errors[0])

    def test_the_import_log_names_kinds_and_counts_nothing_for_a_refused_file(self):
        engine.run_import("students", b"family_name,nationality,category\nF,KZ,tourist\n", "bad.csv")
        log = ImportLog.objects.get()
        self.assertEqual((log.created_count, log.updated_count, log.status), (0, 0, ImportLog.Status.FAILED))
        superuser = f.make_user("root", is_superuser=True)
        force_login(self.client, superuser)
        response = self.client.get(reverse("admin:intl_office_importlog_changelist"))
        self.assertContains(response, "international students")
        self.assertContains(response, "?kind=students")


class RefusedFileTests(TestCase):
    def test_a_refused_file_comes_back_with_its_problems_beside_each_row(self):
        importer = make_staff("importer")
        importer.user_permissions.add(Permission.objects.get(codename="import_records"))
        force_login(self.client, importer)
        url = reverse("admin:students_internationalstudent_import")
        data = b"family_name,nationality,category\nGood,KZ,degree\nBad,KZ,tourist\n"
        response = self.client.post(url, {"file": SimpleUploadedFile("s.csv", data, content_type="text/csv")})
        page = html.fromstring(response.content.decode())
        (link,) = page.xpath("//a[@class='refused-file']/@href")
        download = self.client.get(link)
        self.assertEqual(download.status_code, 200)
        rows = list(csv.reader(io.StringIO(download.content.decode("utf-8-sig"))))
        self.assertEqual(rows[0], ["family_name", "nationality", "category", "problems"])
        self.assertEqual(rows[1][3], "")
        self.assertIn("tourist", rows[2][3])
        self.assertEqual(ImportLog.objects.get().created_count, 0)
        other = make_staff("other")
        other.user_permissions.add(Permission.objects.get(codename="import_records"))
        force_login(self.client, other)
        self.assertEqual(self.client.get(link).status_code, 302)
