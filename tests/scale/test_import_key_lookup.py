"""An import reads the stored records its rows' keys can match, not every record sharing one column of a key."""

from unittest import mock

from django.test import TestCase

from intl_office.imports import engine
from students.models import InternationalStudent
from tests import factories as f


class KeyLookupTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        # Forty students of one nationality: a key (nationality, passport number) narrowed by its first column
        # alone would read them all.
        cls.students = [f.make_student(nationality="KZ", family_name=f"Same{n % 2}") for n in range(40)]

    def import_loading(self, data: bytes):
        """The import's report and how many students it read from the database."""
        with mock.patch.object(InternationalStudent, "from_db", wraps=InternationalStudent.from_db) as loaded:
            report = engine.run_import("students", data, "s.csv", dry_run=True)
        return report, loaded.call_count

    def test_it_reads_only_the_student_a_passport_number_names(self):
        student = self.students[7]
        data = (
            "passport_number,nationality,family_name,category,email\n"
            f"{student.passport_number},KZ,{student.family_name},degree,changed@example.org\n"
        )
        report, loaded = self.import_loading(data.encode())
        self.assertEqual(report.errors, [])
        self.assertEqual(report.updated, 1)
        self.assertEqual(loaded, 1)

    def test_it_reads_only_the_students_a_name_and_arrival_key_can_match(self):
        student = self.students[3]
        data = (
            "family_name,given_name,nationality,arrived_on,category,email\n"
            f"{student.family_name},{student.given_name},KZ,{student.arrived_on:%Y-%m-%d},degree,changed@example.org\n"
        )
        report, loaded = self.import_loading(data.encode())
        self.assertEqual(report.errors, [])
        self.assertEqual(report.updated, 1)
        self.assertEqual(loaded, 1)

    def test_keys_still_match_whatever_the_case_of_the_file(self):
        student = self.students[11]
        data = (
            "passport_number,nationality,family_name,category,email\n"
            f"{student.passport_number.lower()},kz,{student.family_name.upper()},degree,changed@example.org\n"
        )
        report, _ = self.import_loading(data.encode())
        self.assertEqual(report.errors, [])
        self.assertEqual(report.updated, 1)
