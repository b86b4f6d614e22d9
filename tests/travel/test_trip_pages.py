"""The travel pages of each role: applicants see their own units' trips only, approvers their queue, the office
everything by unit, state, month and country; a change after approval goes back through the chain."""

import datetime
import io

from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from intl_office.travel.models import Trip, TripMember
from intl_office.travel.queue import queue_counts
from tests.factories import force_login, make_trip, make_unit, make_user
from tests.personas import make_travel_roles
from tests.travel.admin_form import form_values


def change_url(trip) -> str:
    return reverse("admin:travel_trip_change", args=[trip.pk])


def pdf_text(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


class ApplicantPagesTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.unit, cls.other_unit = make_unit(), make_unit()
        cls.secretary, cls.leader, cls.office, cls.university = make_travel_roles(cls.unit)
        cls.other_secretary = make_travel_roles(cls.other_unit)[0]
        cls.mine = make_trip(cls.unit, title="Our conference trip")
        cls.theirs = make_trip(cls.other_unit, title="Their research trip")

    def test_an_applicant_never_sees_another_units_trips(self):
        force_login(self.client, self.secretary)
        listing = self.client.get(reverse("admin:travel_trip_changelist"))
        self.assertContains(listing, "Our conference trip")
        self.assertNotContains(listing, "Their research trip")
        for url in (
            change_url(self.theirs),
            reverse("admin:travel_trip_approval_form", args=[self.theirs.pk]),
            reverse("admin:travel_trip_letter", args=[self.theirs.pk]),
        ):
            with self.subTest(url=url):
                self.assertIn(self.client.get(url).status_code, (302, 404))
        response = self.client.post(reverse("admin:travel_trip_decide", args=[self.theirs.pk]), {"action": "submit"})
        self.assertEqual(response.status_code, 404)
        self.assertEqual(Trip.objects.get(pk=self.theirs.pk).state, Trip.State.DRAFT)

    def test_an_applicant_files_for_their_own_units_only(self):
        force_login(self.client, self.secretary)
        page = self.client.get(reverse("admin:travel_trip_add"))
        units = [choice[0].value for choice in page.context["adminform"].form.fields["unit"].choices if choice[0]]
        self.assertEqual(units, [self.unit.pk])

    def test_the_office_sees_every_trip_and_filters_them(self):
        force_login(self.client, self.office)
        listing = self.client.get(reverse("admin:travel_trip_changelist"))
        self.assertContains(listing, "Our conference trip")
        self.assertContains(listing, "Their research trip")
        month = self.mine.departs_on
        filtered = self.client.get(
            reverse("admin:travel_trip_changelist"),
            {
                "unit__id__exact": self.unit.pk,
                "state__exact": Trip.State.DRAFT,
                "departs_on__year": month.year,
                "departs_on__month": month.month,
                "destinations__country": "DE",
            },
        )
        self.assertEqual(list(filtered.context["cl"].result_list), [self.mine])

    def test_passport_numbers_are_hidden_without_the_personal_data_permission(self):
        passport = self.mine.members.first().passport_number
        force_login(self.client, self.secretary)
        page = self.client.get(change_url(self.mine))
        self.assertContains(page, self.mine.members.first().name)
        self.assertNotContains(page, passport)
        form = self.client.get(reverse("admin:travel_trip_approval_form", args=[self.mine.pk]))
        self.assertNotIn(passport, pdf_text(form))
        reader = make_user(
            perms=(
                "travel.view_trip",
                "travel.view_tripmember",
                "travel.view_personal_data",
                "travel.approve_as_office",
            )
        )
        force_login(self.client, reader)
        self.assertContains(self.client.get(change_url(self.mine)), passport)
        self.assertIn(
            passport, pdf_text(self.client.get(reverse("admin:travel_trip_approval_form", args=[self.mine.pk])))
        )


class ApprovalPagesTests(TestCase):
    def setUp(self):
        self.unit = make_unit()
        self.secretary, self.leader, self.office, self.university = make_travel_roles(self.unit)
        self.trip = make_trip(self.unit)

    def decide(self, user, action, **data):
        force_login(self.client, user)
        return self.client.post(reverse("admin:travel_trip_decide", args=[self.trip.pk]), {"action": action, **data})

    def test_approvers_take_their_steps_from_the_trip_page_and_see_their_queue(self):
        self.decide(self.secretary, "submit")
        self.assertEqual(queue_counts(self.leader).trips, 1)
        self.assertEqual(queue_counts(self.office).trips, 0)
        force_login(self.client, self.leader)
        listing = self.client.get(reverse("admin:travel_trip_changelist"))
        self.assertContains(listing, reverse("admin:travel_trip_queue"))
        self.assertContains(listing, "What waits on me (1)")
        queue = self.client.get(reverse("admin:travel_trip_queue"))
        self.assertContains(queue, self.trip.title)
        self.assertEqual(queue.context["counts"].trips, 1)
        page = self.client.get(change_url(self.trip))
        self.assertContains(page, 'value="approve_as_unit_leader"')
        self.decide(self.leader, "approve_as_unit_leader", comment="Fine")
        self.decide(self.office, "approve_as_office")
        self.decide(self.university, "approve_as_university")
        trip = Trip.objects.get(pk=self.trip.pk)
        self.assertEqual(trip.state, Trip.State.APPROVED)
        self.assertEqual(queue_counts(self.university).trips, 0)
        force_login(self.client, self.secretary)
        form = self.client.get(reverse("admin:travel_trip_approval_form", args=[trip.pk]))
        self.assertIn(trip.approval_number, pdf_text(form))

    def test_a_step_not_yours_is_refused_with_a_message(self):
        self.decide(self.secretary, "submit")
        force_login(self.client, self.office)
        url = reverse("admin:travel_trip_decide", args=[self.trip.pk])
        response = self.client.post(url, {"action": "approve_as_office"}, follow=True)
        self.assertContains(response, "This action is not yours to take now.")
        self.assertEqual(Trip.objects.get(pk=self.trip.pk).state, Trip.State.SUBMITTED)

    def approve(self):
        self.trip.decide("submit", self.secretary)
        self.trip.decide("approve_as_unit_leader", self.leader)
        self.trip.decide("approve_as_office", self.office)
        self.trip.decide("approve_as_university", self.university)

    def edit_as_secretary(self, **changes):
        force_login(self.client, self.secretary)
        values = form_values(self.client.get(change_url(self.trip)), "trip_form")
        values.update(changes)
        response = self.client.post(change_url(self.trip), values)
        self.assertEqual(response.status_code, 302, getattr(response, "context", None) and response.context["errors"])
        return Trip.objects.get(pk=self.trip.pk)

    def test_a_change_of_dates_after_approval_goes_back_through_the_chain(self):
        self.approve()
        later = self.trip.departs_on + datetime.timedelta(days=3)
        trip = self.edit_as_secretary(departs_on=later.isoformat())
        self.assertEqual(trip.state, Trip.State.SUBMITTED)
        self.assertEqual(trip.approval_number, "")
        self.assertEqual(queue_counts(self.leader).trips, 1)

    def test_a_change_of_members_after_approval_goes_back_through_the_chain(self):
        self.approve()
        trip = self.edit_as_secretary(**{"members-0-position": "Dean"})
        self.assertEqual(trip.state, Trip.State.SUBMITTED)
        self.assertTrue(TripMember.objects.filter(trip=trip, position="Dean").exists())

    def test_a_change_of_destinations_after_approval_goes_back_through_the_chain(self):
        self.approve()
        trip = self.edit_as_secretary(**{"destinations-0-city": "Berlin"})
        self.assertEqual(trip.state, Trip.State.SUBMITTED)

    def test_recording_the_passports_after_the_trip_keeps_the_approval(self):
        self.approve()
        trip = self.edit_as_secretary(passports_returned_on=self.trip.returns_on.isoformat())
        self.assertEqual(trip.state, Trip.State.APPROVED)
        self.assertTrue(trip.approval_number)
        self.assertEqual(trip.passports_returned_on, self.trip.returns_on)

    def test_a_trip_in_the_chain_is_not_editable_by_the_applicant(self):
        self.trip.decide("submit", self.secretary)
        force_login(self.client, self.secretary)
        page = self.client.get(change_url(self.trip))
        self.assertNotContains(page, 'name="departs_on"')


class QueuePageQueriesTests(TestCase):
    def test_the_queue_costs_the_same_queries_whatever_the_number_of_trips(self):
        unit = make_unit()
        secretary = make_travel_roles(unit)[0]
        make_trip(unit)
        force_login(self.client, secretary)
        url = reverse("admin:travel_trip_queue")
        self.client.get(url)
        with CaptureQueriesContext(connection) as one:
            self.client.get(url)
        make_trip(unit)
        make_trip(unit, members=0, countries=("US", "CA"))
        with CaptureQueriesContext(connection) as three:
            page = self.client.get(url)
        self.assertEqual(len(page.context["asked"]), 3)
        self.assertEqual(len(three.captured_queries), len(one.captured_queries))
