"""The lead time before departure, from the table the office edits: late applications need the office's reason."""

import datetime

from django.core.exceptions import ValidationError
from django.test import TestCase
from django.utils import timezone

from intl_office.travel.models import LeadTime, Trip
from tests.factories import force_login, make_trip, make_unit
from tests.personas import make_travel_roles

Case = LeadTime.Case


def departing_in(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


class LeadTimeTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.unit = make_unit()
        cls.secretary, cls.leader, cls.office, cls.university = make_travel_roles(cls.unit)

    def test_the_defaults_are_in_the_table(self):
        self.assertEqual(dict(LeadTime.objects.values_list("case", "days")), LeadTime.DEFAULTS)

    def test_the_longest_lead_time_of_the_cases_applies(self):
        days = dict(LeadTime.objects.values_list("case", "days"))
        cases = {
            ("JP",): days[Case.ONE_COUNTRY],
            ("DE",): max(days[Case.ONE_COUNTRY], days[Case.SCHENGEN]),
            ("JP", "KR"): days[Case.SEVERAL_COUNTRIES],
            ("US",): max(days[Case.ONE_COUNTRY], days[Case.AMERICAS]),
            ("DE", "FR", "GB"): max(days[Case.SEVERAL_COUNTRIES], days[Case.SCHENGEN]),
        }
        for countries, expected in cases.items():
            with self.subTest(countries=countries):
                self.assertEqual(LeadTime.required_days(countries), expected)

    def test_the_office_edits_the_table(self):
        LeadTime.objects.filter(case=Case.ONE_COUNTRY).update(days=30)
        self.assertEqual(LeadTime.required_days(["JP"]), 30)

    def test_an_application_in_time_is_submitted_and_one_a_day_late_is_refused(self):
        required = LeadTime.required_days(["DE"])
        in_time = make_trip(self.unit, countries=("DE",), departs_on=departing_in(required))
        in_time.decide("submit", self.secretary)
        self.assertEqual(in_time.state, Trip.State.SUBMITTED)
        late = make_trip(self.unit, countries=("DE",), departs_on=departing_in(required - 1))
        with self.assertRaises(ValidationError) as raised:
            late.decide("submit", self.secretary)
        self.assertIn(str(required), raised.exception.messages[0])
        self.assertEqual(Trip.objects.get(pk=late.pk).state, Trip.State.DRAFT)

    def test_the_office_accepts_a_late_application_with_a_reason(self):
        late = make_trip(self.unit, countries=("US",), departs_on=departing_in(10))
        late.late_override_reason = "The minister's invitation arrived last week"
        late.save()
        late.decide("submit", self.secretary)
        self.assertEqual(late.state, Trip.State.SUBMITTED)

    def test_an_applicant_cannot_give_the_override_reason_in_the_admin(self):

        trip = make_trip(self.unit, departs_on=departing_in(5))
        force_login(self.client, self.secretary)
        page = self.client.get(f"/admin/travel/trip/{trip.pk}/change/")
        self.assertNotContains(page, 'name="late_override_reason"')
        force_login(self.client, self.office)
        page = self.client.get(f"/admin/travel/trip/{trip.pk}/change/")
        self.assertContains(page, 'name="late_override_reason"')
