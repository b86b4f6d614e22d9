"""What the Ministry of Education's statistics need from a student record: discipline and graduation date, recorded
in the admin, imported and exported; the ministry's categories and sources of funding, worked out by the students'
QuerySet from what is recorded."""

import datetime

from django.test import TestCase
from django.urls import reverse

from intl_office.imports.engine import run_import
from intl_office.imports.kinds import resource_for
from programs.models import DegreeLevel
from students.models import InternationalStudent
from tests.factories import force_login, make_student, make_user

S = InternationalStudent
NC = S.NationalCategory


class NationalCategoryTests(TestCase):
    def national(self, **fields):
        student = make_student(**fields)
        return (
            S.objects.with_national_categories().values_list("national_category", "national_funding").get(pk=student.pk)
        )

    def test_each_category_and_level_gives_the_ministrys_category(self):
        cases = [
            ({"category": S.Category.DEGREE, "level": DegreeLevel.BACHELOR}, NC.BACHELOR),
            ({"category": S.Category.DEGREE, "level": DegreeLevel.MASTER}, NC.MASTER),
            ({"category": S.Category.DEGREE, "level": DegreeLevel.DOCTORAL}, NC.DOCTORAL),
            ({"category": S.Category.DEGREE, "level": DegreeLevel.NON_DEGREE}, NC.DEGREE_LEVEL_UNKNOWN),
            ({"category": S.Category.EXCHANGE}, NC.GENERAL_SCHOLAR),
            ({"category": S.Category.LANGUAGE}, NC.GENERAL_SCHOLAR),
            ({"category": S.Category.VISITING_SCHOLAR}, NC.SENIOR_SCHOLAR),
            ({"category": S.Category.SHORT_TERM}, NC.SHORT_TERM),
        ]
        for fields, expected in cases:
            with self.subTest(**fields):
                self.assertEqual(self.national(**fields)[0], expected)

    def test_each_funding_gives_the_ministrys_source(self):
        NF = S.NationalFunding
        expected = {
            S.Funding.CSC: NF.CHINESE_GOVERNMENT,
            S.Funding.BEIJING: NF.LOCAL_GOVERNMENT,
            S.Funding.UNIVERSITY: NF.UNIVERSITY,
            S.Funding.SELF_FUNDED: NF.SELF_FUNDED,
            S.Funding.CONFUCIUS: NF.OTHER,
            S.Funding.AGREEMENT: NF.OTHER,
            S.Funding.HOME: NF.OTHER,
        }
        self.assertEqual(set(expected), set(S.Funding))
        for funding, source in expected.items():
            with self.subTest(funding=funding):
                self.assertEqual(self.national(funding=funding)[1], source)

    def test_graduates_and_new_students_are_counted_by_their_dates_up_to_a_day(self):
        make_student(arrived_on=datetime.date(2010, 9, 1), graduated_on=datetime.date(2013, 6, 30))
        make_student(arrived_on=datetime.date(2010, 9, 1), graduated_on=datetime.date(2013, 12, 20))
        make_student(arrived_on=datetime.date(2013, 9, 1))
        self.assertEqual(S.objects.graduated_in_year(2013).count(), 2)
        self.assertEqual(S.objects.graduated_in_year(2013, datetime.date(2013, 7, 1)).count(), 1)
        self.assertEqual(S.objects.arrived_in_year(2013).count(), 1)
        self.assertEqual(S.objects.arrived_in_year(2013, datetime.date(2013, 8, 31)).count(), 0)


class RecordingTests(TestCase):
    def test_the_admin_records_discipline_and_graduation_date(self):
        force_login(self.client, make_user("root", is_superuser=True))
        student = make_student()
        page = self.client.get(reverse("admin:students_internationalstudent_change", args=[student.pk]))
        self.assertContains(page, 'name="discipline"')
        self.assertContains(page, 'name="graduated_on"')
        listing = self.client.get(reverse("admin:students_internationalstudent_changelist"), {"discipline": "law"})
        self.assertEqual(listing.status_code, 200)

    def test_discipline_and_graduation_date_are_exported_and_imported_in_either_language(self):
        make_student(student_number="S1", discipline=S.Discipline.ENGINEERING, graduated_on=datetime.date(2026, 6, 30))
        dataset = resource_for("students").export()
        row = dict(zip(dataset.headers, dataset[0], strict=True))
        self.assertEqual(row["Discipline"], "Engineering")
        self.assertIn(row["Graduation or completion date"], (datetime.date(2026, 6, 30), "2026-06-30"))
        data = (
            "student_number,family_name,nationality,category,discipline,graduated_on\nS2,Li,KZ,degree,工学,2027-07-01\n"
        )
        report = run_import("students", data.encode(), "s.csv", dry_run=False)
        self.assertEqual(report.errors, [])
        student = S.objects.get(student_number="S2")
        self.assertEqual((student.discipline, student.graduated_on), ("engineering", datetime.date(2027, 7, 1)))
