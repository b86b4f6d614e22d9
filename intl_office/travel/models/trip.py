"""The trip abroad (出访任务) from application to accepted report: its fields, where it stands, its approval chain
as a django-fsm state machine, and the delegation record the statistics count."""

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import RETURN_VALUE, ConcurrentTransitionMixin, FSMField, can_proceed, has_transition_perm, transition

from intl_office.core.models import TimeStampedModel, Unit
from intl_office.travel.mail import notify
from intl_office.travel.models.approvals import ApprovalStep
from intl_office.travel.models.choices import Funding, Kind
from intl_office.travel.models.deadlines import PASSPORT_RETURN_WORKING_DAYS, REPORT_DUE_DAYS, LeadTime
from intl_office.travel.models.permissions import _is_office, _may_apply, _may_decide
from intl_office.travel.models.plan import PlannedTrip
from intl_office.travel.querysets import TripQuerySet
from intl_office.travel.rules import add_working_days
from intl_office.travel.steps import Step
from partners.models import Delegation, Institution
from partners.scans import validate_agreement_scan


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
