"""Incoming visits (来访): the visit a unit requests and the office approves (a django-fsm state machine), its
guests (whose passport numbers are personal data) and the invitation letter templates."""

import string

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from django_fsm import ConcurrentTransitionMixin, FSMField, can_proceed, has_transition_perm, transition

from intl_office.core.models import TimeStampedModel, Unit
from intl_office.travel.models.permissions import _is_office, _may_request_visit
from intl_office.travel.querysets import GuestQuerySet, VisitQuerySet
from partners.models import Delegation, Institution


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
