"""The agreement and partner rules on the QuerySets: each defined once, read the way each caller needs."""

import datetime

from django.test import TestCase
from django.utils import timezone

from partners.models import Agreement, Institution
from tests.factories import make_agreement, make_institution

Status = Agreement.Status


def days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


class AgreementRuleTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.running = make_agreement(title="running", starts_on=days(-100), ends_on=days(100))
        cls.open_ended = make_agreement(title="open-ended", starts_on=days(-100), ends_on=None)
        cls.not_started = make_agreement(title="not started", starts_on=days(10), ends_on=days(400))
        cls.past_end = make_agreement(title="active on paper", starts_on=days(-400), ends_on=days(-10))
        cls.marked_expired = make_agreement(
            title="marked expired", status=Status.EXPIRED, starts_on=days(-400), ends_on=days(-10)
        )
        cls.stopped_early = make_agreement(
            title="stopped early", status=Status.EXPIRED, starts_on=days(-400), ends_on=days(50)
        )
        cls.draft = make_agreement(title="draft", status=Status.DRAFT, starts_on=days(-100), ends_on=days(100))
        cls.terminated = make_agreement(
            title="terminated", status=Status.TERMINATED, starts_on=days(-100), ends_on=days(100)
        )

    def titles(self, queryset) -> set[str]:
        return {agreement.title for agreement in queryset}

    def test_in_force_today_is_the_active_agreements_that_have_started_and_not_ended(self):
        self.assertEqual(self.titles(Agreement.objects.in_force()), {"running", "open-ended"})

    def test_in_force_on_a_past_day_counts_by_dates_including_one_marked_expired_since(self):
        self.assertEqual(
            self.titles(Agreement.objects.in_force(days(-50))),
            {"running", "open-ended", "active on paper", "marked expired"},
        )

    def test_the_status_read_today_differs_from_in_force_for_one_not_yet_started(self):
        self.assertEqual(
            self.titles(Agreement.objects.having_effective_status(Status.ACTIVE)),
            {"running", "open-ended", "not started"},
        )
        self.assertEqual(
            self.titles(Agreement.objects.expired()), {"active on paper", "marked expired", "stopped early"}
        )
        annotated = {a.title: a.effective_status_value for a in Agreement.objects.with_effective_status()}
        self.assertEqual({a.title: a.effective_status for a in Agreement.objects.all()}, annotated)

    def test_lapsed_in_a_year_counts_agreements_that_ran_and_ended_before_the_day(self):
        year = days(-10).year
        self.assertEqual(
            self.titles(Agreement.objects.lapsed_in_year(year, days(0))),
            {"active on paper", "marked expired"},
        )
        self.assertEqual(self.titles(Agreement.objects.lapsed_in_year(year, days(-10))), set())


class PartnerRuleTests(TestCase):
    def test_the_overview_counts_partners_now_the_reports_by_the_start_of_relations(self):
        make_institution(name_en="Undated")
        make_institution(name_en="Since last year", relations_since=days(-365))
        make_institution(name_en="From next month", relations_since=days(30))
        make_institution(name_en="Inactive", is_active=False)
        counted = {i.name_en for i in Institution.objects.counted()}
        self.assertEqual(counted, {"Undated", "Since last year", "From next month"})
        self.assertEqual({i.name_en for i in Institution.objects.counted_on(days(0))}, counted - {"From next month"})
