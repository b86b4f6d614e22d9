"""A preview's queries do not grow with its rows: the related records its cells name (institutions, programs,
units) and the stored records its keys name are read for the whole file at once, and what they find is the same as
looking each up at its row."""

import tablib
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext

from intl_office.imports import engine
from intl_office.imports.kinds import resource_for
from students.models import InternationalStudent
from tests import factories as f

# Rows of the larger file: under SQLite's limit of parameters per INSERT (about 24 students), so that both files are
# written in one statement, as both are on PostgreSQL (500 rows per statement).
ROWS = 20
HEADER = "student_number,passport_number,family_name,given_name,nationality,category,arrived_on,email,"
HEADER += "home_institution,program,unit"


class PreviewQueryCountTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        # Each row names its own institution, program and unit: looked up one by one, every row would add queries.
        cls.institutions = [f.make_institution() for _ in range(ROWS)]
        cls.programs = [f.make_program() for _ in range(ROWS)]
        cls.units = [f.make_unit() for _ in range(ROWS)]

    def line(self, n: int, student=None) -> str:
        number, passport, family, given = (
            (student.student_number, student.passport_number, student.family_name, student.given_name)
            if student
            else (f"N{n:04d}", f"NP{n:04d}", f"New{n}", f"Given{n}")
        )
        return (
            f"{number},{passport},{family},{given},KZ,degree,2024-09-01,changed{n}@example.org,"
            f"{self.institutions[n].name_en},{self.programs[n].slug},{self.units[n].code}"
        )

    def preview_queries(self, lines: list[str]) -> int:
        data = "\n".join([HEADER, *lines]).encode()
        with CaptureQueriesContext(connection) as queries:
            report = engine.run_import("students", data, "s.csv", dry_run=True)
        self.assertEqual(report.errors, [])
        self.assertEqual(report.total, len(lines))
        return len(queries)

    def test_a_preview_of_twenty_new_students_runs_as_many_queries_as_one_of_three(self):
        few = self.preview_queries([self.line(n) for n in range(3)])
        many = self.preview_queries([self.line(n) for n in range(ROWS)])
        self.assertEqual(many, few)

    def test_a_preview_of_twenty_stored_students_runs_as_many_queries_as_one_of_three(self):
        students = [f.make_student(home_institution=self.institutions[0]) for _ in range(ROWS)]
        few = self.preview_queries([self.line(n, students[n]) for n in range(3)])
        many = self.preview_queries([self.line(n, students[n]) for n in range(ROWS)])
        self.assertEqual(many, few)

    def test_the_preview_still_shows_each_update_old_and_new(self):
        student = f.make_student(home_institution=self.institutions[0])
        data = "\n".join([HEADER, self.line(5, student)]).encode()
        report = engine.run_import("students", data, "s.csv", dry_run=True)
        self.assertEqual(report.updated, 1)
        changes = {label: (old, new) for label, old, new in report.rows[0].changes}
        self.assertEqual(changes["home institution"], (self.institutions[0].name_en, self.institutions[5].name_en))
        self.assertEqual(changes["email"], (student.email, "changed5@example.org"))


class RelatedNamesReadUpFrontTests(TestCase):
    def preview(self, *cells: str):
        lines = ["family_name,nationality,category,home_institution"]
        lines += [f"Family{n},KZ,degree,{cell}" for n, cell in enumerate(cells)]
        return engine.run_import("students", "\n".join(lines).encode(), "s.csv", dry_run=True)

    def test_an_institution_is_found_by_any_of_its_names_whatever_the_case(self):
        f.make_institution(name_en="Ghent University", former_name="Rijksuniversiteit Gent", name_zh="根特大学")
        report = self.preview("ghent university", "RIJKSUNIVERSITEIT GENT", "根特大学")
        self.assertEqual(report.errors, [])
        self.assertEqual(report.created, 3)

    def test_a_name_two_institutions_go_by_and_an_unknown_name_are_refused_as_before(self):
        f.make_institution(name_en="Twin University")
        f.make_institution(name_en="Other University", former_name="Twin University")
        report = self.preview("Twin University", "Nowhere University")
        self.assertEqual(
            report.errors,
            [
                "row 2, home institution: 'Twin University' matches more than one partner institution",
                "row 3, home institution: no partner institution named 'Nowhere University' "
                "(did you mean 'Other University'?)",
            ],
        )


class LaterKeysReadWhenNeededTests(TestCase):
    def test_a_row_whose_first_key_names_a_contradicting_record_is_found_by_its_next_key(self):
        # The student number names one student, but the passport cell contradicts her; the row is about the student
        # holding that passport. The passport key was not read up front (the student number found a record then).
        f.make_student(student_number="S1", passport_number="PA", nationality="KZ")
        holder = f.make_student(student_number="", passport_number="PB", nationality="KZ", family_name="Holder")
        resource = resource_for("students", None)
        dataset = tablib.Dataset(
            ("S1", "PB", "KZ", "Holder", "degree"),
            headers=["student_number", "passport_number", "nationality", "family_name", "category"],
        )
        resource.before_import(dataset)
        self.assertNotIn(holder.pk, resource._indexed)
        row = dict(zip(dataset.headers, dataset[0], strict=True))
        self.assertEqual(resource.find_existing(row), holder)

    def test_a_new_row_is_still_new_when_no_key_names_a_stored_student(self):
        f.make_student(student_number="S1", passport_number="PA", nationality="KZ")
        data = b"student_number,passport_number,nationality,family_name,category\nS2,PC,KZ,Someone,degree\n"
        report = engine.run_import("students", data, "s.csv", dry_run=True)
        self.assertEqual((report.errors, report.created), ([], 1))
        self.assertEqual(InternationalStudent.objects.count(), 1)
