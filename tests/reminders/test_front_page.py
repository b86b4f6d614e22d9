"""The admin's front page at a glance: key figures with charts linking to their lists, and a due list that can be
cleared (dismiss, won't renew, snooze), recorded with who, when and why; long-lapsed items apart."""

import datetime

from django.db import connection
from django.test import TestCase, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from lxml import html

from experts.models import Appointment
from intl_office.core import dashboard
from intl_office.core.models import DueDecision
from intl_office.reminders.figures import month_span
from partners.models import Agreement
from students.models import InternationalStudent
from tests import factories as f
from tests.factories import force_login
from tests.personas import make_staff

TODAY = timezone.localdate()


def on(n):
    return TODAY + datetime.timedelta(days=n)


def add_records(n):
    first, last = month_span(TODAY)
    for i in range(n):
        f.make_student(arrived_on=first, departed_on=None, status=InternationalStudent.Status.ENROLLED)
        f.make_student(arrived_on=on(-300), departed_on=last, category=InternationalStudent.Category.EXCHANGE)
        f.make_agreement(starts_on=on(-400), ends_on=on(10 + i))
        f.make_agreement(starts_on=on(-900), ends_on=on(-5 - i))
        f.make_appointment(starts_on=on(-30), ends_on=on(100 + i), term=Appointment.Term.LONG_TERM)


class FiguresTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.staff = make_staff("clerk")
        add_records(2)

    def figures(self):
        response = self.client.get(reverse("admin:index"))
        page = html.fromstring(response.content.decode())
        return {
            li.xpath("normalize-space(.//span[@class='front-figure-label'])"): (
                int(li.xpath("string(.//span[@class='front-figure-value'])")),
                li.xpath("string(.//a/@href)"),
            )
            for li in page.xpath("//li[contains(@class, 'front-figure')]")
        }

    def listed_count(self, url):
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200, url)
        return response.context["cl"].result_count

    def test_each_figure_counts_what_its_link_lists(self):
        force_login(self.client, self.staff)
        figures = self.figures()
        expected = {
            "on campus today": InternationalStudent.objects.present_on(TODAY).count(),
            "in force": Agreement.objects.in_force(TODAY).count(),
            "experts in post today": Appointment.objects.in_post_on(TODAY).values("expert").distinct().count(),
        }
        for label, count in expected.items():
            value, url = figures[label]
            self.assertEqual(value, count, label)
            self.assertEqual(self.listed_count(url), count, label)
        for label in ("arriving this month", "leaving this month", "ending within their lead time"):
            value, url = figures[label]
            self.assertEqual(self.listed_count(url), value, label)
        self.assertGreater(figures["leaving this month"][0], 0)

    def test_the_charts_are_svg_bars_linking_to_filtered_lists(self):
        force_login(self.client, self.staff)
        response = self.client.get(reverse("admin:index"))
        page = html.fromstring(response.content.decode())
        bars = page.xpath("//figure[@class='front-chart']//*[local-name()='a']")
        self.assertTrue(bars)
        for bar in bars:
            url = bar.get("href")
            value = int(bar.xpath("string(.//*[local-name()='text'][@class='front-chart-value'])"))
            self.assertEqual(self.listed_count(url), value, url)

    def test_a_feature_adds_a_panel_through_the_core_registry(self):
        panel = dashboard.Panel(
            key="trips",
            title="Official trips",
            permission="partners.view_agreement",
            build=lambda today: dashboard.PanelData([dashboard.Figure("waiting for approval", 3, "/admin/")]),
            order=40,
        )
        dashboard.register(panel)
        try:
            force_login(self.client, self.staff)
            self.assertContains(self.client.get(reverse("admin:index")), "waiting for approval")
        finally:
            dashboard._PANELS.pop("trips")

    def test_the_panels_are_counted_once_until_a_record_changes(self):
        force_login(self.client, self.staff)
        with CaptureQueriesContext(connection) as first:
            before = self.figures()["on campus today"][0]
        with CaptureQueriesContext(connection) as second:
            self.assertEqual(self.figures()["on campus today"][0], before)
        # The panels' own queries are not run again.
        self.assertLess(len(second), len(first))
        f.make_student(arrived_on=on(-10), departed_on=None, status=InternationalStudent.Status.ENROLLED)
        self.assertEqual(self.figures()["on campus today"][0], before + 1)

    def test_the_front_page_costs_the_same_queries_for_few_or_many_records(self):
        force_login(self.client, self.staff)
        with CaptureQueriesContext(connection) as few:
            self.client.get(reverse("admin:index"))
        add_records(15)
        with CaptureQueriesContext(connection) as many:
            self.client.get(reverse("admin:index"))
        self.assertEqual(len(many), len(few))


class DecisionTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.staff = make_staff("clerk")
        cls.viewer = f.make_user("viewer", perms=("partners.view_agreement",))
        cls.lapsed = f.make_agreement(title="Lapsed one", ends_on=on(-5))
        cls.lapsed_too = f.make_agreement(title="Lapsed two", ends_on=on(-8))
        cls.ending = f.make_agreement(title="Ending one", ends_on=on(10))

    def token(self, agreement, kind):
        return f"{kind}:{agreement.pk}:{agreement.ends_on.isoformat()}"

    def decide(self, items, **data):
        return self.client.post(reverse("reminders:decide"), {"item": items, **data})

    def front(self):
        return self.client.get(reverse("admin:index")).content.decode()

    def test_a_bulk_wont_renew_records_who_and_why_and_leaves_the_status_alone(self):
        force_login(self.client, self.staff)
        items = [self.token(self.lapsed, "agreement_expired"), self.token(self.lapsed_too, "agreement_expired")]
        response = self.decide(items, action="wont_renew", reason="Partner closed the programme")
        self.assertRedirects(response, reverse("admin:index"))
        decisions = DueDecision.objects.filter(action=DueDecision.Action.WONT_RENEW)
        self.assertEqual(decisions.count(), 2)
        self.assertTrue(all(d.user == self.staff and d.reason == "Partner closed the programme" for d in decisions))
        self.lapsed.refresh_from_db()
        self.assertEqual(self.lapsed.status, Agreement.Status.ACTIVE)
        page = self.front()
        self.assertNotIn("Lapsed one", page)
        self.assertNotIn("Lapsed two", page)
        self.assertIn("Ending one", page)

    def test_wont_renew_marks_lapsed_agreements_expired_only_when_asked(self):
        force_login(self.client, self.staff)
        items = [self.token(self.lapsed, "agreement_expired"), self.token(self.ending, "agreement_end")]
        self.decide(items, action="wont_renew", mark_expired="on")
        self.lapsed.refresh_from_db()
        self.ending.refresh_from_db()
        self.assertEqual(self.lapsed.status, Agreement.Status.EXPIRED)
        self.assertEqual(self.ending.status, Agreement.Status.ACTIVE)

    def test_a_snoozed_item_comes_back_on_its_day_and_a_new_date_brings_it_back(self):
        force_login(self.client, self.staff)
        self.decide([self.token(self.ending, "agreement_end")], action="snoozed", snoozed_until=on(3).isoformat())
        self.assertNotIn("Ending one", self.front())
        decision = DueDecision.objects.get()
        self.assertEqual(decision.snoozed_until, on(3))
        DueDecision.objects.update(snoozed_until=TODAY)
        self.assertIn("Ending one", self.front())
        self.decide([self.token(self.ending, "agreement_end")], action="dismissed")
        self.assertNotIn("Ending one", self.front())
        self.ending.ends_on = on(12)
        self.ending.save()
        self.assertIn("Ending one", self.front())

    def test_a_snooze_needs_a_later_day(self):
        force_login(self.client, self.staff)
        response = self.decide([self.token(self.ending, "agreement_end")], action="snoozed")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Say until when to snooze.")
        self.assertFalse(DueDecision.objects.exists())

    def test_the_row_action_opens_a_form_for_its_item(self):
        force_login(self.client, self.staff)
        page = html.fromstring(self.front())
        wanted = f"item=agreement_end%3A{self.ending.pk}%3A"
        (link,) = [a.get("href") for a in page.xpath("//a[@class='due-decide']") if wanted in a.get("href")]
        response = self.client.get(link)
        self.assertContains(response, "Ending one")
        self.assertContains(response, 'name="action"')

    def test_someone_who_may_not_change_the_records_cannot_decide(self):
        force_login(self.client, self.viewer)
        response = self.decide([self.token(self.ending, "agreement_end")], action="dismissed")
        self.assertEqual(response.status_code, 200)
        self.assertFalse(DueDecision.objects.exists())


@override_settings(DUE_OVERDUE_AFTER_DAYS=30)
class OverdueTests(TestCase):
    def test_items_lapsed_longer_than_the_setting_have_their_own_list(self):
        staff = make_staff("clerk")
        f.make_agreement(title="Long lapsed", ends_on=on(-31))
        f.make_agreement(title="Lately lapsed", ends_on=on(-29))
        force_login(self.client, staff)
        page = html.fromstring(self.client.get(reverse("admin:index")).content.decode())
        overdue = page.xpath("string(//div[@class='front-overdue'])")
        self.assertIn("Long lapsed", overdue)
        self.assertNotIn("Lately lapsed", overdue)
        self.assertIn("Lately lapsed", page.xpath("string(//section[@id='due-module'])"))
