"""After the trip: passports due back within five working days, the report within twenty, reminders for both, and
the accepted report's public summary in both languages with names and units only."""

import datetime

from django.core import mail
from django.test import TestCase
from django.urls import reverse

from intl_office.core.models import SentReminder
from intl_office.reminders import due as reminders
from intl_office.travel.models import Trip
from intl_office.travel.rules import add_working_days
from tests.factories import force_login, make_trip, make_unit, make_user
from tests.personas import make_travel_roles
from tests.travel.helpers import approve, close

MONDAY = datetime.date(2026, 3, 2)


class DueAfterTheTripTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.unit = make_unit(contact_email="fao@bjtu.example")
        cls.roles = make_travel_roles(cls.unit)

    def returned_on(self, day: datetime.date, **kwargs) -> Trip:
        trip = make_trip(self.unit, departs_on=day - datetime.timedelta(days=5), **kwargs)
        Trip.objects.filter(pk=trip.pk).update(returns_on=day)
        trip.refresh_from_db()
        return approve(trip, *self.roles)

    def test_working_days_skip_the_weekend(self):
        self.assertEqual(add_working_days(MONDAY, 5), MONDAY + datetime.timedelta(days=7))
        friday = MONDAY + datetime.timedelta(days=4)
        self.assertEqual(add_working_days(friday, 1), friday + datetime.timedelta(days=3))
        saturday = MONDAY + datetime.timedelta(days=5)
        self.assertEqual(add_working_days(saturday, 5), saturday + datetime.timedelta(days=6))

    def test_passports_are_due_five_working_days_after_return(self):
        trip = self.returned_on(MONDAY)
        due_on = add_working_days(MONDAY, 5)
        self.assertEqual(trip.passports_due_on, due_on)
        self.assertNotIn(trip, Trip.objects.passports_not_returned(due_on))
        self.assertIn(trip, Trip.objects.passports_not_returned(due_on + datetime.timedelta(days=1)))
        Trip.objects.filter(pk=trip.pk).update(passports_returned_on=due_on)
        self.assertNotIn(trip, Trip.objects.passports_not_returned(due_on + datetime.timedelta(days=1)))

    def test_a_report_is_overdue_twenty_days_after_return_until_submitted(self):
        trip = self.returned_on(MONDAY)
        self.assertEqual(trip.report_due_on, MONDAY + datetime.timedelta(days=20))
        self.assertNotIn(trip, Trip.objects.reports_overdue(trip.report_due_on))
        late = trip.report_due_on + datetime.timedelta(days=1)
        self.assertIn(trip, Trip.objects.reports_overdue(late))
        secretary, _leader, office, _university = self.roles
        close(trip, secretary, office)
        self.assertNotIn(trip, Trip.objects.reports_overdue(late))

    def test_the_reminders_list_and_mail_them_once_to_the_sending_unit(self):
        trip = self.returned_on(MONDAY)
        today = trip.report_due_on + datetime.timedelta(days=1)
        sections = {section.key: items for section, items in reminders.due(today)}
        self.assertEqual([item.record for item in sections["passports_not_returned"]], [trip])
        self.assertEqual([item.record for item in sections["trip_reports_overdue"]], [trip])
        result = reminders.send_reminders(today)
        self.assertEqual(result.sent, {"fao@bjtu.example": 2})
        self.assertEqual(
            set(SentReminder.objects.values_list("kind", flat=True)),
            {SentReminder.Kind.PASSPORTS_NOT_RETURNED, SentReminder.Kind.TRIP_REPORT_OVERDUE},
        )
        self.assertIn(trip.title, mail.outbox[0].body)
        for member in trip.members.all():
            self.assertNotIn(member.passport_number, mail.outbox[0].body)
        self.assertEqual(reminders.send_reminders(today).sent, {})

    def test_the_admin_list_filters_the_due_trips(self):
        trip = self.returned_on(MONDAY - datetime.timedelta(days=60))
        office = make_user(perms=("travel.view_trip", "travel.approve_as_office"))
        force_login(self.client, office)
        listing = self.client.get(reverse("admin:travel_trip_changelist"), {"due": "trip_reports_overdue"})
        self.assertEqual(list(listing.context["cl"].result_list), [trip])


class PublicSummaryTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.unit = make_unit(name_en="School of Traffic", name_zh="交通运输学院")
        cls.roles = make_travel_roles(cls.unit)
        secretary, _leader, office, _university = cls.roles
        cls.published = close(
            approve(make_trip(cls.unit, title="Visit to TU Berlin"), *cls.roles),
            secretary,
            office,
            summary_en="Signed a research agreement.",
            summary_zh="签署了科研合作协议。",
        )
        cls.approved = approve(make_trip(cls.unit, title="Reported but not accepted"), *cls.roles)

    def test_only_trips_with_an_accepted_report_are_published(self):
        page = self.client.get(reverse("travel:summaries"))
        self.assertContains(page, "Visit to TU Berlin")
        self.assertNotContains(page, "Reported but not accepted")
        self.assertEqual(self.client.get(reverse("travel:summary", args=[self.approved.pk])).status_code, 404)

    def test_the_summary_shows_names_and_units_in_both_languages_and_no_personal_data(self):
        member = self.published.members.first()
        english = self.client.get(self.published.get_absolute_url())
        self.assertContains(english, "Signed a research agreement.")
        self.assertContains(english, member.name)
        self.assertContains(english, "School of Traffic")
        for private in (member.passport_number, member.position, self.published.report, str(self.published.budget)):
            self.assertNotContains(english, private)
        chinese = self.client.get("/zh-hans" + self.published.get_absolute_url())
        self.assertContains(chinese, "签署了科研合作协议。")
        self.assertContains(chinese, "交通运输学院")
        self.assertNotContains(chinese, member.passport_number)

    def test_the_list_costs_the_same_queries_whatever_the_number_of_trips(self):
        self.client.get(reverse("travel:summaries"))
        with self.assertNumQueries(
            4
        ):  # the count, the trips with their units, the members with theirs, the destinations
            self.client.get(reverse("travel:summaries"))
        secretary, _leader, office, _university = self.roles
        close(approve(make_trip(self.unit, members=4, countries=("FR", "IT")), *self.roles), secretary, office)
        with self.assertNumQueries(4):
            self.client.get(reverse("travel:summaries"))


class DueListTests(TestCase):
    def test_the_front_page_lists_due_trips_to_the_office_only(self):
        unit = make_unit()
        secretary, leader, office, university = make_travel_roles(unit)
        trip = make_trip(unit, departs_on=MONDAY - datetime.timedelta(days=5))
        Trip.objects.filter(pk=trip.pk).update(returns_on=MONDAY)
        trip.refresh_from_db()
        approve(trip, secretary, leader, office, university)
        today = MONDAY + datetime.timedelta(days=30)
        keys = {"passports_not_returned", "trip_reports_overdue"}
        self.assertEqual(keys & {section.key for section, _items in reminders.due(today, user=office)}, keys)
        other_secretary = make_travel_roles(make_unit())[0]
        self.assertEqual(keys & {section.key for section, _items in reminders.due(today, user=other_secretary)}, set())
