"""An unfiltered admin list of a large table is counted from PostgreSQL's statistics, a small one exactly: one query
either way, so a list costs the same number of queries at any size."""

from django.db import connection
from django.test import TestCase, override_settings

from intl_office.core.admin import EstimatedCountPaginator
from students.models import InternationalStudent
from tests import factories as f


class EstimatedCountTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        for _ in range(30):
            f.make_student()
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE students_internationalstudent")
        # Five more after the statistics were taken: the estimate still says 30.
        for _ in range(5):
            f.make_student()

    def count(self, queryset):
        with self.assertNumQueries(1):
            return EstimatedCountPaginator(queryset, 100).count

    @override_settings(ADMIN_ESTIMATED_COUNT_ABOVE=10)
    def test_a_table_above_the_threshold_is_counted_from_the_statistics_on_postgresql(self):
        expected = 30 if connection.vendor == "postgresql" else 35
        self.assertEqual(self.count(InternationalStudent.objects.all()), expected)

    @override_settings(ADMIN_ESTIMATED_COUNT_ABOVE=1000)
    def test_a_small_table_is_counted_exactly_in_the_same_one_query(self):
        self.assertEqual(self.count(InternationalStudent.objects.all()), 35)

    @override_settings(ADMIN_ESTIMATED_COUNT_ABOVE=10)
    def test_a_filtered_list_is_always_counted_exactly(self):
        self.assertEqual(self.count(InternationalStudent.objects.filter(nationality="KZ")), 35)
