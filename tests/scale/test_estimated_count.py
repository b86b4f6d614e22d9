"""An admin list counts exactly up to a threshold and, on PostgreSQL, takes the database's estimate above it: one query
either way, so a list costs the same number of queries at any size, and the page says "about" before an estimate."""

from django.db import connection
from django.test import TestCase, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from intl_office.core.counting import EstimatedCountPaginator
from intl_office.core.querysets import with_pks
from students.models import InternationalStudent
from tests import factories as f
from tests.personas import make_staff

LIST = reverse("admin:students_internationalstudent_changelist")
ON_POSTGRESQL = connection.vendor == "postgresql"


class EstimatedCountTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        for _ in range(30):
            f.make_student(nationality="KZ")
        for _ in range(3):
            f.make_student(nationality="DE")
        if ON_POSTGRESQL:
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE students_internationalstudent")
        # Two more after the statistics were taken: the table's estimate still says 33.
        for _ in range(2):
            f.make_student(nationality="KZ")

    def count(self, queryset):
        with self.assertNumQueries(1):
            paginator = EstimatedCountPaginator(queryset, 100)
            return paginator.count, paginator.count_is_estimate

    @override_settings(ADMIN_ESTIMATED_COUNT_ABOVE=10)
    def test_a_table_above_the_threshold_is_counted_from_the_statistics_on_postgresql(self):
        expected = (33, True) if ON_POSTGRESQL else (35, False)
        self.assertEqual(self.count(InternationalStudent.objects.all()), expected)

    @override_settings(ADMIN_ESTIMATED_COUNT_ABOVE=1000)
    def test_a_small_table_is_counted_exactly_in_the_same_one_query(self):
        self.assertEqual(self.count(InternationalStudent.objects.all()), (35, False))

    @override_settings(ADMIN_ESTIMATED_COUNT_ABOVE=10)
    def test_a_filtered_list_up_to_the_threshold_is_counted_exactly(self):
        self.assertEqual(self.count(InternationalStudent.objects.filter(nationality="DE")), (3, False))

    @override_settings(ADMIN_ESTIMATED_COUNT_ABOVE=3)
    def test_a_filtered_list_of_exactly_the_threshold_is_still_exact(self):
        self.assertEqual(self.count(InternationalStudent.objects.filter(nationality="DE")), (3, False))

    @override_settings(ADMIN_ESTIMATED_COUNT_ABOVE=10)
    def test_a_filtered_list_above_the_threshold_takes_the_planners_estimate_on_postgresql(self):
        count, is_estimate = self.count(InternationalStudent.objects.filter(nationality="KZ"))
        if ON_POSTGRESQL:
            self.assertTrue(is_estimate)
            # The plan's estimate, from the statistics taken with 30 of them (the 2 added since are not counted).
            self.assertGreater(count, 10)
            self.assertLessEqual(count, 32)
        else:
            self.assertEqual((count, is_estimate), (32, False))

    @override_settings(ADMIN_ESTIMATED_COUNT_ABOVE=20)
    def test_a_list_the_planner_underestimates_is_counted_up_to_the_threshold_then_called_an_estimate(self):
        # Added after the statistics: the planner expects almost none of them.
        for _ in range(25):
            f.make_student(nationality="FR")
        count, is_estimate = self.count(InternationalStudent.objects.filter(nationality="FR"))
        if ON_POSTGRESQL:
            self.assertEqual((count, is_estimate), (21, True))
        else:
            self.assertEqual((count, is_estimate), (25, False))

    @override_settings(ADMIN_ESTIMATED_COUNT_ABOVE=10)
    @override_settings(ADMIN_ESTIMATED_COUNT_ABOVE=10)
    def test_a_list_narrowed_to_keys_read_beforehand_counts_them_without_a_query(self):
        keys = list(InternationalStudent.objects.filter(nationality="DE").values_list("pk", flat=True))
        with self.assertNumQueries(0 if ON_POSTGRESQL else 1):
            paginator = EstimatedCountPaginator(with_pks(InternationalStudent.objects.all(), keys), 100)
            self.assertEqual((paginator.count, paginator.count_is_estimate), (3, False))

    @override_settings(ADMIN_ESTIMATED_COUNT_ABOVE=10)
    def test_keys_read_beforehand_and_another_filter_are_counted_exactly_without_an_estimate(self):
        keys = list(InternationalStudent.objects.filter(nationality="KZ").values_list("pk", flat=True))[:5]
        narrowed = with_pks(InternationalStudent.objects.filter(nationality__in=["KZ", "DE"]), keys)
        with CaptureQueriesContext(connection) as queries:
            self.assertEqual(self.count(narrowed), (5, False))
        self.assertNotIn("office_count_estimate", queries[0]["sql"])

    def test_a_filter_no_row_can_match_counts_nothing_without_a_query(self):
        with self.assertNumQueries(0):
            paginator = EstimatedCountPaginator(InternationalStudent.objects.filter(pk__in=[]), 100)
            self.assertEqual((paginator.count, paginator.count_is_estimate), (0, False))

    @override_settings(ADMIN_ESTIMATED_COUNT_ABOVE=10)
    def test_a_search_with_quotes_and_percent_signs_is_planned_safely(self):
        # The whole query's text is passed to the database as a value, so its literals must survive quoting.
        f.make_student(family_name="O'Brien%", nationality="KZ")
        queryset = InternationalStudent.objects.filter(family_name__icontains="O'Brien%")
        self.assertEqual(self.count(queryset), (1, False))
        count, _ = self.count(InternationalStudent.objects.exclude(family_name__icontains="'; DROP TABLE x; --"))
        self.assertGreaterEqual(count, 11)
        self.assertEqual(InternationalStudent.objects.count(), 36)

    @override_settings(ADMIN_ESTIMATED_COUNT_ABOVE=10)
    def test_the_list_costs_the_same_queries_whether_its_count_is_exact_or_estimated(self):
        self.client.force_login(make_staff())
        with CaptureQueriesContext(connection) as small:
            self.client.get(LIST, {"nationality__exact": "DE"})
        with CaptureQueriesContext(connection) as large:
            self.client.get(LIST, {"nationality__exact": "KZ"})
        self.assertEqual(len(small), len(large))

    @override_settings(ADMIN_ESTIMATED_COUNT_ABOVE=10)
    def test_the_page_says_about_before_an_estimate_and_the_exact_number_otherwise(self):
        self.client.force_login(make_staff())
        exact = self.client.get(LIST, {"nationality__exact": "DE", "q": ""}).content.decode()
        self.assertNotIn("about ", exact)
        self.assertIn("3 international students", exact)
        page = self.client.get(LIST, {"nationality__exact": "KZ", "q": "a"}).content.decode()
        if ON_POSTGRESQL:
            self.assertRegex(page, r"about \d+ international students")
            self.assertRegex(page, r"about \d+ results")
            self.assertRegex(page, r"Select all \(about \d+\) international students")
            self.assertRegex(page, r"All of about \d+ selected")
        else:
            self.assertNotIn("about ", page)
