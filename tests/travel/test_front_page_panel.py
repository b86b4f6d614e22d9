"""The admin's front page shows the trips and visits waiting for approval (the travel app's panel in the core's
registry), each figure counting what its link lists."""

from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from lxml import html

from intl_office.travel.models import Trip, Visit
from tests import factories as f
from tests.factories import force_login

WAITING = [Trip.State.SUBMITTED, Trip.State.UNIT_APPROVED, Trip.State.OFFICE_APPROVED, Trip.State.MINISTRY]


def add_trips(unit, states):
    for state in states:
        trip = f.make_trip(unit)
        # The state field is protected (django-fsm): set as the chain would have left it.
        Trip.objects.filter(pk=trip.pk).update(state=state)


class TravelPanelTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.unit = f.make_unit()
        cls.officer = f.make_user(
            "travel-office", perms=("travel.view_trip", "travel.view_visit", "travel.approve_as_office")
        )
        add_trips(cls.unit, [*WAITING, Trip.State.SUBMITTED, Trip.State.DRAFT, Trip.State.APPROVED])
        visit = f.make_visit(cls.unit)
        Visit.objects.filter(pk=visit.pk).update(state=Visit.State.SUBMITTED)

    def figures(self):
        page = html.fromstring(self.client.get(reverse("admin:index")).content.decode())
        return {
            li.xpath("normalize-space(.//span[@class='front-figure-label'])"): (
                int(li.xpath("string(.//span[@class='front-figure-value'])")),
                li.xpath("string(.//a/@href)"),
            )
            for li in page.xpath("//li[contains(@class, 'front-figure')]")
        }

    def test_it_counts_the_trips_waiting_on_any_step_of_the_chain(self):
        force_login(self.client, self.officer)
        value, url = self.figures()["trips waiting for approval"]
        self.assertEqual(value, Trip.objects.awaiting_approval().count())
        self.assertEqual(value, 5)
        self.assertEqual(url, reverse("admin:travel_trip_queue"))

    def test_the_visits_figure_counts_what_its_link_lists(self):
        force_login(self.client, self.officer)
        value, url = self.figures()["visits waiting for the office"]
        self.assertEqual(value, Visit.objects.filter(state=Visit.State.SUBMITTED).count())
        self.assertEqual(self.client.get(url).context["cl"].result_count, value)

    def test_each_bar_counts_the_trips_its_link_lists(self):
        force_login(self.client, self.officer)
        page = html.fromstring(self.client.get(reverse("admin:index")).content.decode())
        bars = page.xpath("//figure[@class='front-chart']//*[local-name()='a'][contains(@href, '/travel/trip/')]")
        self.assertEqual(len(bars), len(WAITING))
        for bar in bars:
            value = int(bar.xpath("string(.//*[local-name()='text'][@class='front-chart-value'])"))
            self.assertEqual(self.client.get(bar.get("href")).context["cl"].result_count, value)

    def test_staff_outside_the_office_do_not_see_the_panel(self):
        force_login(self.client, f.make_user("no-travel", perms=("partners.view_agreement", "travel.view_trip")))
        self.assertNotContains(self.client.get(reverse("admin:index")), "trips waiting for approval")

    def test_the_panel_costs_the_same_queries_for_few_or_many_trips(self):
        force_login(self.client, self.officer)
        with CaptureQueriesContext(connection) as few:
            self.client.get(reverse("admin:index"))
        add_trips(self.unit, WAITING * 5)
        with CaptureQueriesContext(connection) as many:
            self.client.get(reverse("admin:index"))
        self.assertEqual(len(many), len(few))
