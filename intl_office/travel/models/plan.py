"""Annual plans: a unit's planned trips for a year (the December round, or the May supplementary round), approved
by the office."""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from django_fsm import FSMField, FSMModelMixin, transition

from intl_office.core.models import TimeStampedModel, Unit
from intl_office.travel.models.choices import Funding, Kind


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
