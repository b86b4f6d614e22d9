"""A trip's way through the approval chain: every transition, who may take it, and what it records."""

import datetime

from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import TestCase
from django.utils import timezone
from django_fsm import TransitionNotAllowed

from intl_office.travel.models import ApprovalStep, Step, Trip
from partners.models import Delegation
from tests.factories import make_trip, make_unit, make_user
from tests.personas import make_travel_roles

State = Trip.State


class TripWorkflowTests(TestCase):
    def setUp(self):
        self.unit = make_unit()
        self.secretary, self.leader, self.office, self.university = make_travel_roles(self.unit)
        for user in (self.secretary, self.leader, self.office, self.university):
            user.email = f"{user.username}@bjtu.example"
            user.save()
        self.trip = make_trip(self.unit)

    def reload(self) -> Trip:
        return Trip.objects.get(pk=self.trip.pk)

    def through_chain(self, trip=None):
        trip = trip or self.trip
        with self.captureOnCommitCallbacks(execute=True):
            trip.decide("submit", self.secretary)
            trip.decide("approve_as_unit_leader", self.leader, "Fine")
            trip.decide("approve_as_office", self.office)
            trip.decide("approve_as_university", self.university)
        return trip

    def test_it_goes_through_the_chain_and_issues_an_approval_number(self):
        trip = self.through_chain()
        trip = self.reload()
        self.assertEqual(trip.state, State.APPROVED)
        self.assertRegex(trip.approval_number, rf"^BJTU-{timezone.localdate().year}-\d{{4}}$")
        self.assertEqual(
            list(trip.steps.values_list("step", "decision")),
            [(step, ApprovalStep.Decision.APPROVED) for step in (Step.UNIT_LEADER, Step.OFFICE, Step.UNIVERSITY)],
        )
        self.assertEqual(trip.submitted_on, timezone.localdate())

    def test_each_approval_number_of_the_year_is_the_next_one(self):
        first = self.through_chain()
        second = self.through_chain(make_trip(self.unit))
        number = int(first.approval_number.rsplit("-", 1)[1])
        self.assertEqual(second.approval_number, first.approval_number.rsplit("-", 1)[0] + f"-{number + 1:04d}")

    def test_each_step_waits_on_its_own_approver_only(self):
        trip = self.trip
        trip.decide("submit", self.secretary)
        for outsider in (self.secretary, self.office, self.university):
            with self.assertRaises(PermissionDenied):
                trip.decide("approve_as_unit_leader", outsider)
        trip.decide("approve_as_unit_leader", self.leader)
        with self.assertRaises(PermissionDenied):
            trip.decide("approve_as_university", self.university)
        trip.decide("approve_as_office", self.office)
        with self.assertRaises(PermissionDenied):
            trip.decide("approve_as_office", self.office)
        trip.decide("approve_as_university", self.university)
        self.assertEqual(trip.state, State.APPROVED)

    def test_a_unit_leader_decides_on_their_own_units_trips_only(self):
        other_leader = make_user(perms=("travel.approve_as_unit_leader",))
        make_unit().members.add(other_leader)
        self.trip.decide("submit", self.secretary)
        self.assertEqual(self.trip.available_actions(other_leader), [])
        with self.assertRaises(PermissionDenied):
            self.trip.decide("approve_as_unit_leader", other_leader)

    def test_the_ministry_step_is_recorded_with_its_date_and_reference(self):
        trip = make_trip(self.unit, needs_ministry=True)
        self.through_chain(trip)
        self.assertEqual(trip.state, State.MINISTRY)
        self.assertEqual(trip.approval_number, "")
        with self.assertRaises(ValidationError):
            trip.decide("record_ministry_approval", self.office, decided_on=None, reference="")
        day = timezone.localdate() - datetime.timedelta(days=1)
        trip.decide("record_ministry_approval", self.office, decided_on=day, reference="JWS-2026-12")
        trip = Trip.objects.get(pk=trip.pk)
        self.assertEqual(trip.state, State.APPROVED)
        self.assertEqual((trip.ministry_approved_on, trip.ministry_reference), (day, "JWS-2026-12"))
        self.assertTrue(trip.approval_number)
        self.assertEqual(trip.steps.last().step, Step.MINISTRY)

    def test_any_step_can_return_it_for_changes_with_a_comment_and_the_applicant_resubmits(self):
        for approvers in ([self.leader], [self.leader, self.office], [self.leader, self.office, self.university]):
            trip = make_trip(self.unit, needs_ministry=True)
            trip.decide("submit", self.secretary)
            actions = ["approve_as_unit_leader", "approve_as_office", "approve_as_university"]
            for approver, action in zip(approvers[:-1], actions, strict=False):
                trip.decide(action, approver)
            with self.assertRaises(ValidationError):
                trip.decide("return_for_changes", approvers[-1], "  ")
            trip.decide("return_for_changes", approvers[-1], "Add the programme of day 2")
            self.assertEqual(trip.state, State.RETURNED)
            self.assertEqual(trip.steps.last().decision, ApprovalStep.Decision.RETURNED)
            trip.decide("submit", self.secretary)
            self.assertEqual(trip.state, State.SUBMITTED)

    def test_a_refusal_needs_a_reason_and_ends_the_trip(self):
        self.trip.decide("submit", self.secretary)
        with self.assertRaises(ValidationError):
            self.trip.decide("refuse", self.leader, "")
        self.trip.decide("refuse", self.leader, "Not in the unit's interest")
        self.assertEqual(self.trip.state, State.REFUSED)
        self.assertEqual(self.trip.available_actions(self.office), [])
        with self.assertRaises(PermissionDenied):
            self.trip.decide("submit", self.secretary)

    def test_the_state_cannot_be_set_by_hand(self):
        with self.assertRaises(AttributeError):
            self.trip.state = State.APPROVED
        with self.assertRaises(TransitionNotAllowed):
            self.trip.approve_as_office(self.office)

    def test_an_application_without_letter_members_or_destinations_is_not_submitted(self):
        trip = make_trip(self.unit, members=0, countries=())
        trip.invitation_letter = None
        with self.assertRaises(ValidationError) as raised:
            trip.decide("submit", self.secretary)
        self.assertEqual(len(raised.exception.messages), 3)
        self.assertEqual(Trip.objects.get(pk=trip.pk).state, State.DRAFT)

    def test_the_report_is_submitted_after_the_passports_and_accepted_by_the_office(self):
        trip = self.through_chain()
        with self.assertRaises(ValidationError):
            trip.decide("submit_report", self.secretary)
        trip.passports_returned_on = trip.returns_on
        trip.report, trip.summary_en, trip.summary_zh = "Report", "Met partners.", "会见合作伙伴。"
        trip.save()
        trip.decide("submit_report", self.secretary)
        self.assertEqual(trip.state, State.REPORTED)
        with self.assertRaises(PermissionDenied):
            trip.decide("accept_report", self.secretary)
        trip.decide("return_report", self.office, "Say whom you met")
        self.assertEqual(trip.state, State.APPROVED)
        trip.decide("submit_report", self.secretary)
        trip.decide("accept_report", self.office)
        self.assertEqual(trip.state, State.CLOSED)
        self.assertIn(trip, Trip.objects.published())

    def test_the_approved_trip_counts_its_members_as_person_times(self):
        trip = self.through_chain()
        delegation = Delegation.objects.get(trip=trip)
        self.assertEqual(delegation.people_count, trip.members.count())
        self.assertEqual(delegation.direction, Delegation.Direction.OUTBOUND)

    def test_each_step_mails_the_next_approver_and_the_applicant(self):
        with self.captureOnCommitCallbacks(execute=True):
            self.trip.decide("submit", self.secretary)
        self.assertEqual([message.to for message in mail.outbox], [[self.leader.email]])
        mail.outbox.clear()
        with self.captureOnCommitCallbacks(execute=True):
            self.trip.decide("approve_as_unit_leader", self.leader, "Fine")
        self.assertEqual(
            sorted(message.to[0] for message in mail.outbox), sorted([self.office.email, self.secretary.email])
        )
        for message in mail.outbox:
            for member in self.trip.members.all():
                self.assertNotIn(member.passport_number, message.body)
