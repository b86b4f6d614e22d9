"""Annual plans, trips abroad with their members, destinations and approval steps, incoming visits with their guests.

The trip's and the visit's states are django-fsm-2 state machines: each transition is declared on the model with
the states it leaves from, the conditions it needs and who may take it (``Trip.decide`` checks all three), and the
state field is protected, so no form or ``save()`` can set a state the workflow did not reach. Saving a trip or
visit checks its state is still the one it was read in (``ConcurrentTransitionMixin``): two approvers deciding at
once cannot both move it.
"""

import datetime
import string

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from django_fsm import (
    RETURN_VALUE,
    ConcurrentTransitionMixin,
    FSMField,
    FSMModelMixin,
    can_proceed,
    has_transition_perm,
    transition,
)

from intl_office.core.models import TimeStampedModel, Unit
from intl_office.travel.mail import notify
from intl_office.travel.querysets import GuestQuerySet, TripMemberQuerySet, TripQuerySet, VisitQuerySet
from intl_office.travel.rules import AMERICAS, SCHENGEN, add_working_days
from intl_office.travel.steps import STEP_PERMISSION, Step
from partners.models import Delegation, Institution
from partners.scans import validate_agreement_scan

PASSPORT_RETURN_WORKING_DAYS = 5
REPORT_DUE_DAYS = 20


class Kind(models.TextChoices):
    ACADEMIC_EXCHANGE = "academic_exchange", _("Academic exchange")
    CONFERENCE = "conference", _("Conference")
    TEACHING = "teaching", _("Teaching")
    RESEARCH = "research", _("Cooperative research")
    TRAINING = "training", _("Training")
    STUDENT_EXCHANGE = "student_exchange", _("Student exchange")
    ADMINISTRATIVE = "administrative", _("Administrative visit")


class Funding(models.TextChoices):
    UNIVERSITY = "university", _("University budget")
    UNIT = "unit", _("Unit budget")
    PROJECT = "project", _("Research project")
    HOST = "host", _("Paid by the host")
    OTHER = "other", _("Other")


# ---------------------------------------------------------------------------
# Lead times
# ---------------------------------------------------------------------------


class LeadTime(models.Model):
    """How long before departure a trip must be applied for, by where it goes (a table the office edits)."""

    class Case(models.TextChoices):
        ONE_COUNTRY = "one_country", _("One country or region")
        SCHENGEN = "schengen", _("The Schengen area is involved")
        SEVERAL_COUNTRIES = "several_countries", _("Two or more countries or regions")
        AMERICAS = "americas", _("The Americas are involved")

    # Examples published by Chinese universities; the office edits them (defaults, not law).
    DEFAULTS = {Case.ONE_COUNTRY: 45, Case.SCHENGEN: 60, Case.SEVERAL_COUNTRIES: 90, Case.AMERICAS: 90}

    case = models.CharField(_("case"), max_length=20, choices=Case, unique=True)
    days = models.PositiveIntegerField(_("days before departure"))

    class Meta:
        ordering = ["days", "case"]
        verbose_name = _("lead time")
        verbose_name_plural = _("lead times")

    def __str__(self):
        return f"{self.get_case_display()}: {self.days}"

    @classmethod
    def cases_for(cls, countries) -> set:
        codes = {str(country) for country in countries}
        cases = {cls.Case.ONE_COUNTRY if len(codes) <= 1 else cls.Case.SEVERAL_COUNTRIES}
        if codes & SCHENGEN:
            cases.add(cls.Case.SCHENGEN)
        if codes & AMERICAS:
            cases.add(cls.Case.AMERICAS)
        return cases

    @classmethod
    def required_days(cls, countries, table: dict | None = None) -> int:
        """The longest lead time of the cases the destinations fall under (a table row missing: its default).
        A page listing many trips reads ``table()`` once and passes it."""
        cases = cls.cases_for(countries)
        if table is None:
            table = dict(cls.objects.filter(case__in=cases).values_list("case", "days"))
        return max(table.get(case, cls.DEFAULTS[case]) for case in cases)

    @classmethod
    def table(cls) -> dict:
        return dict(cls.objects.values_list("case", "days"))


# ---------------------------------------------------------------------------
# Annual plans
# ---------------------------------------------------------------------------


class AnnualPlan(FSMModelMixin, TimeStampedModel):
    """A unit's planned trips for a year: the December round for the next year, or the May supplementary round."""

    class Round(models.TextChoices):
        DECEMBER = "december", _("December round")
        MAY = "may", _("May supplementary round")

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted to the office")
        APPROVED = "approved", _("Consolidated and approved")

    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="travel_plans")
    year = models.PositiveIntegerField(_("year"))
    round = models.CharField(_("round"), max_length=10, choices=Round, default=Round.DECEMBER)
    state = FSMField(_("state"), max_length=10, choices=State, default=State.DRAFT, protected=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-year", "unit__name_en", "round"]
        verbose_name = _("annual travel plan")
        verbose_name_plural = _("annual travel plans")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "year", "round"],
                name="travel_plan_one_per_round",
                violation_error_message=_("This unit already has a plan for this year and round."),
            ),
        ]

    def __str__(self):
        return f"{self.unit} {self.year} ({self.get_round_display()})"

    @transition(field=state, source=State.DRAFT, target=State.SUBMITTED)
    def submit(self):
        self.submitted_at = timezone.now()

    @transition(field=state, source=State.SUBMITTED, target=State.APPROVED, permission="travel.approve_as_office")
    def approve(self):
        pass

    @transition(field=state, source=State.SUBMITTED, target=State.DRAFT, permission="travel.approve_as_office")
    def send_back(self):
        self.submitted_at = None


class PlannedTrip(models.Model):
    """One line of a unit's annual plan (the layout units hand in)."""

    plan = models.ForeignKey(AnnualPlan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="trips")
    countries = CountryField(_("destinations"), multiple=True)
    starts_in = models.DateField(_("planned start"), help_text=_("Approximate: the month counts."))
    days = models.PositiveIntegerField(_("days"))
    people = models.PositiveIntegerField(_("people"), default=1)
    kind = models.CharField(_("kind of activity"), max_length=20, choices=Kind)
    purpose = models.TextField(_("purpose"))
    funding = models.CharField(_("funding source"), max_length=20, choices=Funding)

    class Meta:
        ordering = ["starts_in", "pk"]
        verbose_name = _("planned trip")
        verbose_name_plural = _("planned trips")
        constraints = [
            models.CheckConstraint(
                condition=Q(days__gte=1) & Q(people__gte=1),
                name="travel_planned_trip_days_people",
                violation_error_message=_("A planned trip lasts at least a day and has at least one person."),
            ),
        ]

    def __str__(self):
        return f"{self.plan.unit} {self.starts_in:%Y-%m}: {', '.join(c.name for c in self.countries)} ({self.days})"


# ---------------------------------------------------------------------------
# Trips
# ---------------------------------------------------------------------------


def _may_apply(trip, user) -> bool:
    """Applicants act for their own units' trips; the office for every trip."""
    if user.has_perm("travel.approve_as_office"):
        return True
    return user.has_perm("travel.change_trip") and Unit.objects.of_user(user).filter(pk=trip.unit_id).exists()


def _may_request_visit(visit, user) -> bool:
    if user.has_perm("travel.approve_as_office"):
        return True
    return user.has_perm("travel.change_visit") and Unit.objects.of_user(user).filter(pk=visit.unit_id).exists()


def _may_decide(trip, user) -> bool:
    step = trip.awaiting_step
    if step is None or not user.has_perm(STEP_PERMISSION[step]):
        return False
    # A unit leader decides on their own unit's trips only.
    return step != Step.UNIT_LEADER or Unit.objects.of_user(user).filter(pk=trip.unit_id).exists()


def _is_office(trip, user) -> bool:
    return user.has_perm("travel.approve_as_office")


class Trip(ConcurrentTransitionMixin, TimeStampedModel):
    """A trip abroad (出访任务) from application to accepted report."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Awaiting the unit leader")
        UNIT_APPROVED = "unit_approved", _("Awaiting the international office")
        OFFICE_APPROVED = "office_approved", _("Awaiting the university leader")
        MINISTRY = "ministry", _("Awaiting the Ministry of Education")
        RETURNED = "returned", _("Returned for changes")
        REFUSED = "refused", _("Refused")
        APPROVED = "approved", _("Approved")
        REPORTED = "reported", _("Report submitted")
        CLOSED = "closed", _("Report accepted")

    AWAITING = {
        State.SUBMITTED: Step.UNIT_LEADER,
        State.UNIT_APPROVED: Step.OFFICE,
        State.OFFICE_APPROVED: Step.UNIVERSITY,
        State.MINISTRY: Step.MINISTRY,
    }
    IN_CHAIN = list(AWAITING)

    unit = models.ForeignKey(Unit, verbose_name=_("sending unit"), on_delete=models.PROTECT, related_name="trips")
    title = models.CharField(_("title"), max_length=255)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    purpose = models.TextField(_("purpose"))
    programme = models.TextField(_("programme"), help_text=_("The day-by-day schedule (日程)."))
    departs_on = models.DateField(_("departs on"))
    returns_on = models.DateField(_("returns on"))
    planned_trip = models.ForeignKey(
        PlannedTrip,
        verbose_name=_("planned trip"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="applications",
    )
    out_of_plan_reason = models.TextField(
        _("reason for a trip outside the plan"), blank=True, help_text=_("Required when the trip is not in the plan.")
    )
    institution = models.ForeignKey(
        Institution,
        verbose_name=_("inviting partner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="invited_trips",
        help_text=_("When the inviting institution is a partner."),
    )
    inviting_institution = models.CharField(_("inviting institution"), max_length=255)
    inviter = models.CharField(_("inviter's name and position"), max_length=255)
    invitation_letter = models.FileField(
        _("invitation letter"),
        upload_to="travel/invitations/%Y/",
        validators=[validate_agreement_scan],
        help_text=_("Signed, with dates, purpose and who pays. Private: only staff can download it."),
    )
    funding = models.CharField(_("funding source"), max_length=20, choices=Funding)
    budget = models.DecimalField(_("budget (CNY)"), max_digits=12, decimal_places=2)
    needs_ministry = models.BooleanField(
        _("needs the Ministry of Education"),
        default=False,
        help_text=_("The president or party secretary travelling, trips to Taiwan, sensitive topics."),
    )
    late_override_reason = models.TextField(
        _("reason to accept a late application"),
        blank=True,
        help_text=_("Filled in by the international office only."),
    )
    state = FSMField(_("state"), max_length=20, choices=State, default=State.DRAFT, protected=True)
    submitted_on = models.DateField(_("submitted on"), null=True, blank=True, editable=False)
    approval_number = models.CharField(_("approval document number (批件)"), max_length=30, blank=True, editable=False)
    ministry_approved_on = models.DateField(_("Ministry approval date"), null=True, blank=True, editable=False)
    ministry_reference = models.CharField(_("Ministry reference"), max_length=100, blank=True, editable=False)
    passports_returned_on = models.DateField(_("passports handed back on"), null=True, blank=True)
    report = models.TextField(_("trip report"), blank=True)
    summary_en = models.TextField(_("public summary (English)"), blank=True)
    summary_zh = models.TextField(_("public summary (Chinese)"), blank=True)
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("applicant"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    delegation = models.OneToOneField(
        Delegation,
        verbose_name=_("delegation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="trip",
        editable=False,
        help_text=_("The delegation record the statistics count, kept in step with the members."),
    )

    objects = TripQuerySet.as_manager()

    class Meta:
        ordering = ["-departs_on", "title"]
        verbose_name = _("trip abroad")
        verbose_name_plural = _("trips abroad")
        permissions = [
            ("approve_as_unit_leader", _("Can approve trips as the unit leader")),
            ("approve_as_office", _("Can approve trips and visits as the international office")),
            ("approve_as_university", _("Can approve trips as the university leader")),
            ("view_personal_data", _("Can see travellers' and guests' passport numbers")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(returns_on__gte=F("departs_on")),
                name="travel_trip_dates_ordered",
                violation_error_code="returns_on",
                violation_error_message=_("The return date cannot be before the departure date."),
            ),
            models.CheckConstraint(
                condition=Q(planned_trip__isnull=False) | ~Q(out_of_plan_reason=""),
                name="travel_trip_planned_or_reason",
                violation_error_code="out_of_plan_reason",
                violation_error_message=_("A trip outside the annual plan needs a written reason."),
            ),
            models.UniqueConstraint(
                fields=["approval_number"],
                condition=~Q(approval_number=""),
                name="travel_trip_approval_number_unique",
                violation_error_message=_("This approval document number is already issued."),
            ),
        ]
        indexes = [
            # The office's list and the queues filter by state; the due reminders by state and return date.
            models.Index(fields=["state", "returns_on"], name="travel_trip_state_return"),
            # The office's list by month, and person-times by year.
            models.Index(fields=["departs_on"], name="travel_trip_departs"),
        ]

    def __str__(self):
        return f"{self.title} ({self.departs_on:%Y-%m-%d})"

    def get_absolute_url(self):
        return reverse("travel:summary", args=[self.pk])

    # -- where it stands --------------------------------------------------

    @property
    def awaiting_step(self):
        return self.AWAITING.get(self.state)

    @property
    def is_late(self) -> bool:
        return self.lead_days_short > 0

    @property
    def required_lead_days(self) -> int:
        # all(): the destinations a list prefetched; the lead-time table a list read once (lead_time_table).
        countries = [destination.country for destination in self.destinations.all()]
        return LeadTime.required_days(countries, getattr(self, "lead_time_table", None))

    @property
    def lead_days_short(self) -> int:
        """How many days too late the application is, counted from today (0: in time)."""
        lead = (self.departs_on - timezone.localdate()).days
        return max(0, self.required_lead_days - lead)

    @property
    def passports_due_on(self) -> datetime.date:
        return add_working_days(self.returns_on, PASSPORT_RETURN_WORKING_DAYS)

    @property
    def report_due_on(self) -> datetime.date:
        return self.returns_on + datetime.timedelta(days=REPORT_DUE_DAYS)

    def problems(self) -> list[str]:
        """What keeps the application from being submitted, in the applicant's words."""
        problems = []
        if not self.invitation_letter:
            problems.append(_("Upload the invitation letter."))
        members = list(self.members.all())
        if not members:
            problems.append(_("Add the members."))
        elif sum(member.is_leader for member in members) != 1:
            problems.append(_("Mark one member as the leader."))
        if not self.destinations.all():
            problems.append(_("Add the destinations."))
        elif self.is_late and not self.late_override_reason:
            problems.append(
                _(
                    "The application is %(short)s days late: this trip must be applied for %(days)s days before "
                    "departure. Only the international office can accept it, with a reason."
                )
                % {"short": self.lead_days_short, "days": self.required_lead_days}
            )
        return problems

    def asked_of_applicant(self) -> list[str]:
        """What the applicant has to do now."""
        if self.state in (self.State.DRAFT, self.State.RETURNED):
            return self.problems() or [_("Submit the application.")]
        if self.state == self.State.APPROVED and self.returns_on <= timezone.localdate():
            asked = []
            if not self.passports_returned_on:
                asked.append(_("Hand the passports back by %(day)s.") % {"day": self.passports_due_on})
            if not self.report:
                asked.append(_("Write the trip report by %(day)s.") % {"day": self.report_due_on})
            return asked or [_("Submit the trip report.")]
        return []

    # -- transitions --------------------------------------------------------

    def _ready(self) -> bool:
        return not self.problems()

    def _report_ready(self) -> bool:
        return bool(self.report and self.passports_returned_on and self.summary_en and self.summary_zh)

    @transition(field=state, source=[State.DRAFT, State.RETURNED], target=State.SUBMITTED, permission=_may_apply)
    def submit(self, by, comment=""):
        if not self._ready():
            raise ValidationError(self.problems())
        self.submitted_on = timezone.localdate()
        self.applicant = self.applicant or by

    @transition(field=state, source=State.SUBMITTED, target=State.UNIT_APPROVED, permission=_may_decide)
    def approve_as_unit_leader(self, by, comment=""):
        self._record(Step.UNIT_LEADER, ApprovalStep.Decision.APPROVED, by, comment)

    @transition(field=state, source=State.UNIT_APPROVED, target=State.OFFICE_APPROVED, permission=_may_decide)
    def approve_as_office(self, by, comment=""):
        self._record(Step.OFFICE, ApprovalStep.Decision.APPROVED, by, comment)

    @transition(
        field=state,
        source=State.OFFICE_APPROVED,
        target=RETURN_VALUE(State.MINISTRY, State.APPROVED),
        permission=_may_decide,
    )
    def approve_as_university(self, by, comment=""):
        self._record(Step.UNIVERSITY, ApprovalStep.Decision.APPROVED, by, comment)
        if self.needs_ministry:
            return self.State.MINISTRY
        self._issue_approval_number()
        return self.State.APPROVED

    @transition(field=state, source=State.MINISTRY, target=State.APPROVED, permission=_may_decide)
    def record_ministry_approval(self, by, comment="", decided_on=None, reference=""):
        if not decided_on or not reference:
            raise ValidationError(_("Record the date and reference of the Ministry's approval."))
        self.ministry_approved_on, self.ministry_reference = decided_on, reference
        self._record(Step.MINISTRY, ApprovalStep.Decision.APPROVED, by, comment, decided_on, reference)
        self._issue_approval_number()

    @transition(field=state, source=IN_CHAIN, target=State.RETURNED, permission=_may_decide)
    def return_for_changes(self, by, comment=""):
        if not comment.strip():
            raise ValidationError(_("Say what has to change."))
        self._record(self.awaiting_step, ApprovalStep.Decision.RETURNED, by, comment)

    @transition(field=state, source=IN_CHAIN, target=State.REFUSED, permission=_may_decide)
    def refuse(self, by, comment=""):
        if not comment.strip():
            raise ValidationError(_("Give the reason for refusing."))
        self._record(self.awaiting_step, ApprovalStep.Decision.REFUSED, by, comment)

    @transition(field=state, source=State.APPROVED, target=State.SUBMITTED)
    def reopen(self, by, comment=""):
        """A change of dates, members or destinations after approval: the trip goes through the chain again."""
        self._record(
            Step.UNIT_LEADER, ApprovalStep.Decision.REOPENED, by, comment or _("Changed after approval."), None, ""
        )
        self.approval_number = ""

    @transition(field=state, source=State.APPROVED, target=State.REPORTED, permission=_may_apply)
    def submit_report(self, by, comment=""):
        if not self._report_ready():
            raise ValidationError(
                _("Record the passports' return, and write the report and the public summary in both languages.")
            )

    @transition(field=state, source=State.REPORTED, target=State.CLOSED, permission=_is_office)
    def accept_report(self, by, comment=""):
        self._record(Step.OFFICE, ApprovalStep.Decision.REPORT_ACCEPTED, by, comment)

    @transition(field=state, source=State.REPORTED, target=State.APPROVED, permission=_is_office)
    def return_report(self, by, comment=""):
        if not comment.strip():
            raise ValidationError(_("Say what has to change."))
        self._record(Step.OFFICE, ApprovalStep.Decision.RETURNED, by, comment)

    ACTIONS = (
        "submit",
        "approve_as_unit_leader",
        "approve_as_office",
        "approve_as_university",
        "record_ministry_approval",
        "return_for_changes",
        "refuse",
        "submit_report",
        "accept_report",
        "return_report",
    )

    def available_actions(self, user) -> list[str]:
        """The actions this user may take now (conditions are checked when taken, so a problem can be explained)."""
        return [
            name
            for name in self.ACTIONS
            if can_proceed(getattr(self, name)) and has_transition_perm(getattr(self, name), user)
        ]

    def decide(self, action: str, by, comment: str = "", **details) -> None:
        """Takes an action for a user, checking it is one of theirs now; saves, keeps the delegation in step, and
        e-mails who acts next (after the commit)."""
        if action not in self.ACTIONS and action != "reopen":
            raise PermissionDenied
        method = getattr(self, action)
        if action != "reopen" and not (can_proceed(method) and has_transition_perm(method, by)):
            raise PermissionDenied
        with transaction.atomic():
            method(by, comment, **details)
            self.save()
            if self.state in (self.State.APPROVED, self.State.REPORTED, self.State.CLOSED):
                self.sync_delegation()
        transaction.on_commit(lambda: notify(self, action))

    def _record(self, step, decision, by, comment, decided_on=None, reference=""):
        ApprovalStep.objects.create(
            trip=self,
            step=step,
            decision=decision,
            comment=comment,
            decided_by=by,
            decided_on=decided_on or timezone.localdate(),
            reference=reference,
        )

    def _issue_approval_number(self):
        """The next number of the year: 出访-<year>-<nnnn>; the unique constraint stops a double issue."""
        year = timezone.localdate().year
        prefix = f"BJTU-{year}-"
        taken = Trip.objects.filter(approval_number__startswith=prefix).values_list("approval_number", flat=True)
        last = max((int(number.rsplit("-", 1)[1]) for number in taken), default=0)
        self.approval_number = f"{prefix}{last + 1:04d}"

    def sync_delegation(self):
        """The approved trip as the delegation the statistics count: its people are the members."""
        first = self.destinations.first()
        values = {
            "direction": Delegation.Direction.OUTBOUND,
            "title": self.title[:255],
            "starts_on": self.departs_on,
            "ends_on": self.returns_on,
            "country": first.country if first else "",
            "institution": self.institution,
            "leader": next((m.name for m in self.members.all() if m.is_leader), ""),
            "people_count": max(1, self.members.count()),
            "purpose": self.purpose,
            "host_unit": self.unit,
        }
        if self.delegation_id:
            Delegation.objects.filter(pk=self.delegation_id).update(**values)
        else:
            self.delegation = Delegation.objects.create(**values)
            Trip.objects.filter(pk=self.pk).update(delegation=self.delegation)


class TripDestination(models.Model):
    trip = models.ForeignKey(Trip, verbose_name=_("trip"), on_delete=models.CASCADE, related_name="destinations")
    order = models.PositiveIntegerField(_("order"), default=1)
    country = CountryField(_("country or region"))
    city = models.CharField(_("city"), max_length=100, blank=True)
    arrives_on = models.DateField(_("arrives on"))
    leaves_on = models.DateField(_("leaves on"))

    class Meta:
        ordering = ["order", "arrives_on", "pk"]
        verbose_name = _("destination")
        verbose_name_plural = _("destinations")
        constraints = [
            models.CheckConstraint(
                condition=Q(leaves_on__gte=F("arrives_on")),
                name="travel_destination_dates_ordered",
                violation_error_code="leaves_on",
                violation_error_message=_("The departure from a destination cannot be before the arrival."),
            ),
        ]
        indexes = [
            # The office's list filters trips by country.
            models.Index(fields=["country"], name="travel_destination_country"),
        ]

    def __str__(self):
        return f"{self.country.name} {self.arrives_on} to {self.leaves_on}"


class TripMember(models.Model):
    """A BJTU staff member or student on a trip. The passport number is personal data."""

    class PassportKind(models.TextChoices):
        OFFICIAL = "official", _("Official (公务护照)")
        SERVICE = "service", _("Service")
        DIPLOMATIC = "diplomatic", _("Diplomatic")
        ORDINARY = "ordinary", _("Ordinary (因私护照)")

    trip = models.ForeignKey(Trip, verbose_name=_("trip"), on_delete=models.CASCADE, related_name="members")
    name = models.CharField(_("name"), max_length=200)
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    position = models.CharField(_("position"), max_length=200)
    is_student = models.BooleanField(_("student"), default=False)
    is_leader = models.BooleanField(_("leader"), default=False)
    passport_kind = models.CharField(_("passport kind"), max_length=20, choices=PassportKind)
    passport_number = models.CharField(_("passport number"), max_length=30, blank=True)
    has_valid_visa = models.BooleanField(_("holds a valid visa"), default=False)

    objects = TripMemberQuerySet.as_manager()
    # Past the retention period the passport number is cleared; the name stays (it is on the public summary).
    pseudonymised_fields = ()

    class Meta:
        ordering = ["-is_leader", "name", "pk"]
        verbose_name = _("member")
        verbose_name_plural = _("members")
        constraints = [
            models.UniqueConstraint(
                fields=["trip"],
                condition=Q(is_leader=True),
                name="travel_member_one_leader",
                violation_error_code="is_leader",
                violation_error_message=_("A trip has one leader."),
            ),
        ]

    def __str__(self):
        return self.name


class ApprovalStep(models.Model):
    """One decision on a trip: who, when, what and why. The Ministry's carries its date and reference."""

    class Decision(models.TextChoices):
        APPROVED = "approved", _("Approved")
        RETURNED = "returned", _("Returned for changes")
        REFUSED = "refused", _("Refused")
        REOPENED = "reopened", _("Changed after approval: back to the chain")
        REPORT_ACCEPTED = "report_accepted", _("Report accepted")

    trip = models.ForeignKey(Trip, verbose_name=_("trip"), on_delete=models.CASCADE, related_name="steps")
    step = models.CharField(_("step"), max_length=20, choices=Step)
    decision = models.CharField(_("decision"), max_length=20, choices=Decision)
    comment = models.TextField(_("comment"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_on = models.DateField(_("on"))
    reference = models.CharField(_("reference"), max_length=100, blank=True)
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["recorded_at", "pk"]
        verbose_name = _("approval step")
        verbose_name_plural = _("approval steps")

    def __str__(self):
        return f"{self.get_step_display()}: {self.get_decision_display()}"


# ---------------------------------------------------------------------------
# Incoming visits
# ---------------------------------------------------------------------------


class Visit(ConcurrentTransitionMixin, TimeStampedModel):
    """A visit to BJTU requested by a unit (来访), approved by the office, with its invitation letters."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Awaiting the international office")
        RETURNED = "returned", _("Returned for changes")
        APPROVED = "approved", _("Approved")
        REFUSED = "refused", _("Refused")

    class Payer(models.TextChoices):
        BJTU = "bjtu", _("BJTU pays travel and stay")
        STAY = "stay", _("BJTU pays the stay; the guests' institution the travel")
        GUEST = "guest", _("The guests' institution pays")

    unit = models.ForeignKey(Unit, verbose_name=_("host unit"), on_delete=models.PROTECT, related_name="visits")
    title = models.CharField(_("title"), max_length=255)
    institution = models.ForeignKey(
        Institution,
        verbose_name=_("partner institution"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="visits",
    )
    purpose = models.TextField(_("purpose"))
    programme = models.TextField(_("programme"))
    host = models.CharField(_("host"), max_length=200, help_text=_("Who receives the guests at BJTU."))
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    reception_budget = models.DecimalField(_("reception budget (CNY)"), max_digits=12, decimal_places=2)
    payer = models.CharField(_("who pays"), max_length=10, choices=Payer)
    state = FSMField(_("state"), max_length=20, choices=State, default=State.DRAFT, protected=True)
    decision_comment = models.TextField(_("office's comment"), blank=True, editable=False)
    delegation = models.OneToOneField(
        Delegation,
        verbose_name=_("delegation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="visit",
        editable=False,
    )

    objects = VisitQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "title"]
        verbose_name = _("incoming visit")
        verbose_name_plural = _("incoming visits")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")),
                name="travel_visit_dates_ordered",
                violation_error_code="ends_on",
                violation_error_message=_("The end date cannot be before the start date."),
            ),
        ]
        indexes = [
            models.Index(fields=["state", "starts_on"], name="travel_visit_state_start"),
        ]

    def __str__(self):
        return f"{self.title} ({self.starts_on:%Y-%m-%d})"

    @transition(
        field=state, source=[State.DRAFT, State.RETURNED], target=State.SUBMITTED, permission=_may_request_visit
    )
    def submit(self, by, comment=""):
        if not self.guests.exists():
            raise ValidationError(_("Add the guests."))

    @transition(field=state, source=State.SUBMITTED, target=State.APPROVED, permission=_is_office)
    def approve(self, by, comment=""):
        self.decision_comment = comment

    @transition(field=state, source=State.SUBMITTED, target=State.RETURNED, permission=_is_office)
    def return_for_changes(self, by, comment=""):
        if not comment.strip():
            raise ValidationError(_("Say what has to change."))
        self.decision_comment = comment

    @transition(field=state, source=State.SUBMITTED, target=State.REFUSED, permission=_is_office)
    def refuse(self, by, comment=""):
        if not comment.strip():
            raise ValidationError(_("Give the reason for refusing."))
        self.decision_comment = comment

    ACTIONS = ("submit", "approve", "return_for_changes", "refuse")

    def available_actions(self, user) -> list[str]:
        return [
            name
            for name in self.ACTIONS
            if can_proceed(getattr(self, name)) and has_transition_perm(getattr(self, name), user)
        ]

    def decide(self, action: str, by, comment: str = "") -> None:
        method = getattr(self, action) if action in self.ACTIONS else None
        if method is None or not (can_proceed(method) and has_transition_perm(method, by)):
            raise PermissionDenied
        with transaction.atomic():
            method(by, comment)
            self.save()
            if self.state == self.State.APPROVED:
                self.sync_delegation()

    def sync_delegation(self):
        """The approved visit as the delegation the statistics count: its people are the guests."""
        first = self.guests.first()
        values = {
            "direction": Delegation.Direction.INBOUND,
            "title": self.title[:255],
            "starts_on": self.starts_on,
            "ends_on": self.ends_on,
            "country": first.country if first else "",
            "institution": self.institution,
            "leader": first.name if first else "",
            "people_count": max(1, self.guests.count()),
            "purpose": self.purpose,
            "host_unit": self.unit,
        }
        if self.delegation_id:
            Delegation.objects.filter(pk=self.delegation_id).update(**values)
        else:
            self.delegation = Delegation.objects.create(**values)
            Visit.objects.filter(pk=self.pk).update(delegation=self.delegation)


class Guest(models.Model):
    """A visitor. The passport number is personal data: it goes on the invitation letter, nowhere public."""

    visit = models.ForeignKey(Visit, verbose_name=_("visit"), on_delete=models.CASCADE, related_name="guests")
    name = models.CharField(_("name"), max_length=200)
    position = models.CharField(_("position"), max_length=200, blank=True)
    institution = models.CharField(_("institution"), max_length=255)
    country = CountryField(_("country or region"))
    passport_number = models.CharField(_("passport number"), max_length=30, blank=True)

    objects = GuestQuerySet.as_manager()
    # Past the retention period the passport number is cleared; the name stays on the visit's record.
    pseudonymised_fields = ()

    class Meta:
        ordering = ["pk"]
        verbose_name = _("guest")
        verbose_name_plural = _("guests")

    def __str__(self):
        return self.name


class InvitationTemplate(models.Model):
    """The invitation letter's wording in one language; the office edits it. Placeholders in braces:
    {guest_name}, {passport_number}, {institution}, {starts_on}, {ends_on}, {purpose}, {payer}, {host}, {unit}."""

    class Language(models.TextChoices):
        ENGLISH = "en", _("English")
        CHINESE = "zh-hans", _("Simplified Chinese")

    PLACEHOLDERS = (
        "guest_name",
        "passport_number",
        "institution",
        "starts_on",
        "ends_on",
        "purpose",
        "payer",
        "host",
        "unit",
    )

    language = models.CharField(_("language"), max_length=10, choices=Language, unique=True)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(
        _("body"),
        help_text=_(
            "Placeholders: {guest_name}, {passport_number}, {institution}, {starts_on}, {ends_on}, {purpose}, "
            "{payer}, {host}, {unit}."
        ),
    )
    signature = models.TextField(_("signature"), blank=True)

    class Meta:
        ordering = ["language"]
        verbose_name = _("invitation letter template")
        verbose_name_plural = _("invitation letter templates")

    def __str__(self):
        return self.get_language_display()

    def clean(self):
        for _text, name, _spec, _conv in string.Formatter().parse(self.body):
            if name is not None and name not in self.PLACEHOLDERS:
                raise ValidationError({"body": _("Unknown placeholder {%(name)s}.") % {"name": name}}, code="body")
