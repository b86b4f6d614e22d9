import datetime

from django.test import TestCase

from intl_office.reports import trends
from intl_office.site import figures
from students.models import InternationalStudent
from tests.factories import make_student

Status = InternationalStudent.Status


class StudentPresenceTests(TestCase):
    """Who counts as on campus: the rule behind every headcount (overview, reports, trends)."""

    @classmethod
    def setUpTestData(cls):
        arrived = datetime.date(2020, 9, 1)
        cls.enrolled = make_student(arrived_on=arrived, departed_on=None, status=Status.ENROLLED)
        cls.withdrawn_no_date = make_student(arrived_on=arrived, departed_on=None, status=Status.WITHDRAWN)
        cls.completed_no_date = make_student(arrived_on=arrived, departed_on=None, status=Status.COMPLETED)
        cls.completed_dated = make_student(
            arrived_on=arrived, departed_on=datetime.date(2024, 7, 1), status=Status.COMPLETED
        )
        cls.not_arrived = make_student(arrived_on=None, departed_on=None, status=Status.ADMITTED)

    def test_a_student_marked_withdrawn_or_completed_without_a_departure_date_is_not_on_campus(self):
        present = set(InternationalStudent.objects.present_on(datetime.date(2026, 11, 1)))
        self.assertEqual(present, {self.enrolled})

    def test_a_dated_departure_still_counts_for_the_years_before_it(self):
        during_2023 = set(InternationalStudent.objects.present_during_year(2023))
        self.assertEqual(during_2023, {self.enrolled, self.completed_dated})

    def test_the_overview_and_the_trends_count_the_same_students(self):
        self.assertEqual(figures.student_figures(datetime.date(2026, 11, 1)).current, 1)
        self.assertEqual(figures.year_figures(2023).overseas_students, 2)
        self.assertEqual(trends._students_during_years([2023, 2025]), {2023: 2, 2025: 1})
