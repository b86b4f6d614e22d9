"""Person-times come from the trips' members and the visits' guests; a delegation entered as a total counts its
typed number. The overview and the reports' delegation tables read them."""

import datetime

from django.test import TestCase
from django.urls import reverse

from intl_office.reports.params import ReportParams
from intl_office.reports.partner_tables import delegations_by_country
from intl_office.site import figures
from partners.models import Delegation
from tests.factories import force_login, make_delegation, make_trip, make_unit, make_visit
from tests.personas import make_staff, make_travel_roles
from tests.travel.helpers import approve


class PersonTimesTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.unit = make_unit()
        cls.roles = make_travel_roles(cls.unit)
        cls.trip = approve(make_trip(cls.unit, members=3, countries=("DE",)), *cls.roles)
        cls.year = cls.trip.departs_on.year
        secretary, _leader, office, _university = cls.roles
        cls.visit = make_visit(
            cls.unit, guests=4, starts_on=datetime.date(cls.year, 1, 10), ends_on=datetime.date(cls.year, 1, 12)
        )
        cls.visit.decide("submit", secretary)
        cls.visit.decide("approve", office)
        # A historical total: no members behind it.
        cls.typed = make_delegation(
            direction=Delegation.Direction.OUTBOUND,
            starts_on=datetime.date(cls.year, 2, 1),
            ends_on=datetime.date(cls.year, 2, 3),
            country="DE",
            people_count=7,
        )

    def test_the_overview_counts_members_guests_and_typed_totals(self):
        year = figures.year_figures(self.year)
        self.assertEqual(year.outbound_delegation_person_times, self.trip.members.count() + self.typed.people_count)
        self.assertEqual(year.inbound_delegation_person_times, self.visit.guests.count())

    def test_a_member_added_later_counts_without_retyping_a_total(self):
        before = figures.year_figures(self.year).outbound_delegation_person_times
        member = self.trip.members.first()
        self.trip.members.create(
            name="Late addition", unit=self.unit, position="Lecturer", passport_kind=member.passport_kind
        )
        self.assertEqual(figures.year_figures(self.year).outbound_delegation_person_times, before + 1)

    def test_the_report_table_counts_them_by_country(self):
        table = delegations_by_country(ReportParams.for_year(self.year, datetime.date(self.year, 12, 31)))
        germany = next(row for row in table.rows if "Germany" in str(row[0]))
        self.assertEqual(germany[3], 2)  # the trip's delegation and the typed one
        self.assertEqual(germany[4], self.trip.members.count() + self.typed.people_count)

    def test_the_delegation_admin_does_not_let_a_counted_delegation_be_retyped(self):
        staff = make_staff()
        force_login(self.client, staff)
        recorded = self.client.get(reverse("admin:partners_delegation_change", args=[self.trip.delegation_id]))
        self.assertNotContains(recorded, 'name="people_count"')
        typed = self.client.get(reverse("admin:partners_delegation_change", args=[self.typed.pk]))
        self.assertContains(typed, 'name="people_count"')
