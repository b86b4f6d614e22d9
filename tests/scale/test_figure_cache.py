"""The overview's and the annual report's figures are cached, and any write to a record they count shows at once."""

import datetime

from django.db import connection, transaction
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from intl_office.core import figure_cache
from intl_office.reports import annual, views
from intl_office.reports.params import ReportParams
from intl_office.site import figures
from partners.models import Agreement
from students.models import InternationalStudent, OutboundMobility
from tests.factories import force_login, make_agreement, make_institution, make_outbound, make_student
from tests.personas import make_reporter

YEAR = 2013


def queries(function) -> tuple[object, int]:
    with CaptureQueriesContext(connection) as captured:
        result = function()
    return result, len(captured)


class FigureCacheTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.partner = make_institution()
        make_student()
        make_outbound(starts_on=datetime.date(YEAR, 9, 1))

    def test_a_figure_asked_again_runs_no_query(self):
        first, counted = queries(figures.student_figures)
        again, cached = queries(figures.student_figures)
        self.assertGreater(counted, 0)
        self.assertEqual(cached, 0)
        self.assertEqual(again, first)

    def test_a_new_record_shows_at_once(self):
        before = figures.student_figures().current
        make_student()
        self.assertEqual(figures.student_figures().current, before + 1)
        self.assertEqual(figures.student_figures().current, InternationalStudent.objects.present_on().count())

    def test_a_changed_record_shows_at_once(self):
        before = figures.year_figures(YEAR).outbound_students
        stay = OutboundMobility.objects.get()
        stay.starts_on = datetime.date(YEAR + 1, 9, 1)
        stay.save()
        self.assertEqual(figures.year_figures(YEAR).outbound_students, before - 1)

    def test_a_deleted_record_shows_at_once(self):
        before = figures.year_figures(YEAR).outbound_students
        OutboundMobility.objects.get().delete()
        self.assertEqual(figures.year_figures(YEAR).outbound_students, before - 1)

    def test_a_partner_linked_to_an_agreement_shows_at_once(self):
        agreement = make_agreement(kind=Agreement.Kind.STUDENT_EXCHANGE, starts_on=datetime.date(2020, 1, 1))
        before = figures.partner_figures().universities_any_mobility
        agreement.partners.add(self.partner)
        self.assertEqual(figures.partner_figures().universities_any_mobility, before + 1)
        agreement.partners.remove(self.partner)
        self.assertEqual(figures.partner_figures().universities_any_mobility, before)

    def test_figures_for_another_day_are_kept_apart(self):
        day = timezone.localdate() - datetime.timedelta(days=3650)
        self.assertEqual(figures.student_figures(day).current, InternationalStudent.objects.present_on(day).count())
        self.assertEqual(figures.student_figures().current, InternationalStudent.objects.present_on().count())


class ReportCacheTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        make_outbound(starts_on=datetime.date(YEAR, 9, 1))
        cls.reporter = make_reporter()

    def setUp(self):
        force_login(self.client, self.reporter)

    def test_the_report_page_asked_again_counts_nothing_again(self):
        url = reverse("reports:index") + f"?year={YEAR}"
        _, first = queries(lambda: self.client.get(url))
        _, again = queries(lambda: self.client.get(url))
        self.assertLess(again, first)

    def test_the_report_page_kept_whole_shows_a_new_record_at_once(self):
        params = ReportParams.for_year(YEAR)
        before = views.report_html(params, can_export=True)
        make_outbound(starts_on=datetime.date(YEAR, 10, 1))
        after = views.report_html(params, can_export=True)
        self.assertNotEqual(after, before)
        figure_cache.invalidate()
        self.assertEqual(views.report_html(params, can_export=True), after)

    def test_the_report_page_is_kept_apart_for_those_who_may_not_download(self):
        params = ReportParams.for_year(YEAR)
        links = reverse("reports:table-download", kwargs={"key": "outbound-by-kind", "file_format": "csv"})
        self.assertIn(links, views.report_html(params, can_export=True))
        self.assertNotIn(links, views.report_html(params, can_export=False))

    def test_a_new_record_shows_in_the_report_at_once(self):
        params = ReportParams.for_year(YEAR)
        before = annual.table("outbound-by-kind", params).total_row
        make_outbound(starts_on=datetime.date(YEAR, 10, 1))
        after = annual.table("outbound-by-kind", params).total_row
        self.assertNotEqual(after, before)
        self.assertEqual(after, annual.TABLE_KEYS["outbound-by-kind"](params).total_row)


class FigureCacheWritesTests(TestCase):
    def test_many_writes_in_one_transaction_set_a_new_version_once_and_again_at_commit(self):
        figure_cache.invalidate()
        before = figure_cache.version()
        with self.captureOnCommitCallbacks(execute=False) as callbacks, transaction.atomic():
            for number in range(5):
                make_student(family_name=f"Many{number}")
            during = figure_cache.version()
        self.assertNotEqual(during, before)
        self.assertEqual([c for c in callbacks if c is figure_cache.invalidate], [figure_cache.invalidate])

    def test_a_figure_read_between_two_writes_of_one_transaction_sees_the_second(self):
        with transaction.atomic():
            make_student(family_name="First", nationality="KZ")
            first = figures.student_figures().current
            make_student(family_name="Second", nationality="KZ")
            second = figures.student_figures().current
        self.assertEqual(second, first + 1)
