"""Foreign experts and teachers, their appointments, and talent-program projects."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Count, Exists, F, Max, OuterRef, Q
from django.db.models.functions import Upper
from django.utils.translation import gettext_lazy as _

from intl_office.core.history import office_history
from intl_office.core.models import TimeStampedModel, Unit
from intl_office.core.people import Person, person_constraints
from intl_office.core.querysets import within_lead_time, year_span
from intl_office.core.scope import UnitScopedQuerySet
from partners.models import Institution


class WorkPermitCategory(models.TextChoices):
    """The categories of the Foreigner's Work Permit (外国人工作许可证)."""

    A = "a", _("A: high-end talent")
    B = "b", _("B: professional")
    C = "c", _("C: other")


class ExpertQuerySet(UnitScopedQuerySet):
    unit_field = None

    def for_units(self, units):
        """An expert belongs to every unit that appointed them (any appointment, past or future)."""
        return self.filter(Exists(Appointment.objects.filter(expert=OuterRef("pk"), unit__in=units)))

    def gone_before(self, day: datetime.date):
        """Experts whose last appointment ended before the day (an expert with none is kept: nothing says they
        left). The retention period of their personal data runs from then."""
        return self.alias(last_day=Max("appointments__ends_on")).filter(last_day__lt=day)


class Expert(Person):
    title = models.CharField(_("academic title"), max_length=50, blank=True, help_text=_("For example Prof. or Dr."))
    home_institution = models.ForeignKey(
        Institution,
        verbose_name=_("home institution"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="experts",
    )
    field = models.CharField(_("field"), max_length=200, blank=True, help_text=_("Discipline or specialism."))
    work_permit_category = models.CharField(
        _("work permit category"), max_length=2, choices=WorkPermitCategory, blank=True
    )
    work_permit_number = models.CharField(_("work permit number"), max_length=40, blank=True)

    objects = ExpertQuerySet.as_manager()
    history = office_history()

    class Meta(Person.Meta):
        verbose_name = _("foreign expert")
        verbose_name_plural = _("foreign experts")
        permissions = [("view_personal_data", _("Can see experts' personal data"))]
        constraints = person_constraints(
            "expert", passport_taken=_("Another expert of this nationality already has this passport number.")
        )
        indexes = [
            models.Index(fields=["nationality"], name="expert_nationality"),
            # The admin list's default order; the importer's case-insensitive key lookups.
            models.Index(fields=["family_name", "given_name"], name="expert_name_order"),
            models.Index(Upper("passport_number"), name="expert_passport_upper"),
            models.Index(Upper("family_name"), name="expert_family_name_upper"),
            # Reminders look up passports by expiry date.
            models.Index(fields=["passport_expires_on"], name="expert_passport_expiry"),
        ]

    def __str__(self):
        return f"{self.title} {self.full_name}".strip()


class AppointmentQuerySet(UnitScopedQuerySet):
    # An appointment belongs to its hosting unit (unit-scoped staff, intl_office.core.scope).
    unit_field = "unit"

    def during_q(self, first_day: datetime.date, last_day: datetime.date) -> Q:
        """Appointments that cover at least one day from first_day to last_day."""
        return Q(starts_on__lte=last_day, ends_on__gte=first_day)

    def during_year_q(self, year: int, by: datetime.date | None = None) -> Q:
        """Appointments that cover at least one day of the calendar year (up to the day ``by``, if given)."""
        first_day, last_day = year_span(year)
        return self.during_q(first_day, min(last_day, by) if by else last_day)

    def during_year(self, year: int, by: datetime.date | None = None):
        return self.filter(self.during_year_q(year, by))

    def people_by_term(self, within: Q | None = None) -> dict[str, Count]:
        """Count expressions, one per term: the distinct experts with an appointment of that term (within the
        appointments ``within`` selects). A person teaching twice in a year is one long-term teacher; the ministry
        counts people, not appointments. Keys are the term values (``long_term``, ``short_term``)."""
        within = within or Q()
        return {term.value: Count("expert", filter=within & Q(term=term), distinct=True) for term in self.model.Term}

    def work_permit_due(self, today: datetime.date):
        """Work permits expiring, within their lead time, before the expert's appointment ends."""
        base = self.filter(
            ends_on__gte=today, work_permit_expires_on__isnull=False, work_permit_expires_on__lt=F("ends_on")
        )
        return (
            within_lead_time(base, "work_permit_expires_on", "work_permit_reminder_days", today)
            .select_related("unit", "expert")
            .order_by("work_permit_expires_on")
        )

    def in_post_on(self, day: datetime.date):
        """Appointments covering the day."""
        return self.filter(self.during_q(day, day))

    def passport_due(self, today: datetime.date):
        """Appointments not yet ended whose expert's passport expires within ``settings.PASSPORT_REMINDER_DAYS``
        (annotated ``passport_expires_on``, the date the reminder is about)."""
        lead = datetime.timedelta(days=settings.PASSPORT_REMINDER_DAYS)
        return (
            self.filter(
                ends_on__gte=today,
                expert__passport_expires_on__isnull=False,
                expert__passport_expires_on__lte=today + lead,
            )
            .annotate(passport_expires_on=F("expert__passport_expires_on"))
            .select_related("unit", "expert")
            .order_by("expert__passport_expires_on", "expert__family_name")
        )

    def ending_within_lead_time(self, today: datetime.date):
        """Appointments ending within their lead time (``end_reminder_days``)."""
        base = self.filter(ends_on__gte=today)
        return (
            within_lead_time(base, "ends_on", "end_reminder_days", today)
            .select_related("unit", "expert")
            .order_by("ends_on")
        )


class Appointment(TimeStampedModel):
    class Term(models.TextChoices):
        # The State Administration of Foreign Experts Affairs counts 90 days or
        # more as long-term.
        LONG_TERM = "long_term", _("Long-term (90 days or more)")
        SHORT_TERM = "short_term", _("Short-term (under 90 days)")

    DEFAULT_END_REMINDER_DAYS = 60
    DEFAULT_PERMIT_REMINDER_DAYS = 45

    expert = models.ForeignKey(Expert, verbose_name=_("expert"), on_delete=models.CASCADE, related_name="appointments")
    unit = models.ForeignKey(
        Unit, verbose_name=_("hosting unit"), on_delete=models.PROTECT, related_name="appointments"
    )
    position = models.CharField(_("position"), max_length=200, help_text=_("For example foreign teacher."))
    term = models.CharField(_("term"), max_length=20, choices=Term)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    work_permit_expires_on = models.DateField(_("work permit expires on"), null=True, blank=True)
    work_permit_reminder_days = models.PositiveIntegerField(
        _("work permit reminder lead time (days)"), default=DEFAULT_PERMIT_REMINDER_DAYS
    )
    end_reminder_days = models.PositiveIntegerField(
        _("end reminder lead time (days)"), default=DEFAULT_END_REMINDER_DAYS
    )
    courses = models.TextField(_("courses"), blank=True, help_text=_("Courses taught, one per line."))

    objects = AppointmentQuerySet.as_manager()

    history = office_history()

    class Meta:
        ordering = ["-starts_on"]
        verbose_name = _("appointment")
        verbose_name_plural = _("appointments")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")),
                name="appointment_dates_ordered",
                violation_error_code="ends_on",
                violation_error_message=_("The end date cannot be before the start date."),
            ),
            models.UniqueConstraint(
                fields=["expert", "unit", "starts_on"],
                name="appointment_unique_start",
                violation_error_message=_("This expert already has an appointment in this unit starting on this date."),
            ),
        ]
        indexes = [
            # Yearly teacher counts filter by term and date range.
            models.Index(fields=["term", "starts_on", "ends_on"], name="appointment_term_dates"),
            # Reminders look up ends and permit expiries.
            models.Index(fields=["ends_on"], name="appointment_ends_on"),
            models.Index(fields=["work_permit_expires_on"], name="appointment_permit_expiry"),
            # The admin list's default order; reminders read the lead times in use, then each one's dates.
            models.Index(fields=["starts_on"], name="appointment_starts_on"),
            models.Index(fields=["end_reminder_days", "ends_on"], name="appointment_end_due"),
            models.Index(fields=["work_permit_reminder_days", "work_permit_expires_on"], name="appointment_permit_due"),
            # The work permits due (``AppointmentQuerySet.work_permit_due``: a permit expiring before the appointment
            # ends): only those permits, so reading the lead times in use does not walk every permit ever recorded
            # (96,000 at 100x, none due: 110 ms on the admin's front page).
            models.Index(
                fields=["work_permit_reminder_days", "work_permit_expires_on"],
                condition=Q(work_permit_expires_on__lt=F("ends_on")),
                name="appointment_permit_before_end",
            ),
        ]

    def __str__(self):
        return f"{self.expert}: {self.position} ({self.starts_on:%Y-%m-%d} - {self.ends_on:%Y-%m-%d})"


class TalentProjectQuerySet(UnitScopedQuerySet):
    unit_field = "unit"

    def rounds_between(self, first_year: int, last_year: int | None = None):
        """Applications of the rounds from first_year to last_year (every later round when not given)."""
        rounds = self.filter(year__gte=first_year)
        return rounds if last_year is None else rounds.filter(year__lte=last_year)

    def approved_since(self, year: int, until: int | None = None):
        """Approved applications of the rounds since the year (up to ``until``, if given)."""
        return self.rounds_between(year, until).filter(status=TalentProject.Status.APPROVED)


class TalentProject(TimeStampedModel):
    """An application to a national key project of intelligence introduction."""

    class Scheme(models.TextChoices):
        THOUSAND_TALENTS = "thousand_talents", _("1000 Talent Plan: recruitment program of foreign experts")
        HIGH_END = "high_end", _("Recruitment Program of High-end Foreign Experts")
        PROJECT_111 = "project_111", _("111 Project")
        KEY_FOREIGN_EXPERTS = "key_foreign_experts", _("Key Foreign Expert Project")
        OTHER = "other", _("Other intelligence-introduction project")

    class Status(models.TextChoices):
        APPLIED = "applied", _("Applied")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    scheme = models.CharField(_("scheme"), max_length=30, choices=Scheme)
    year = models.PositiveSmallIntegerField(_("year"), help_text=_("The year of the application round."))
    title = models.CharField(_("title"), max_length=255)
    reference = models.CharField(_("reference"), max_length=50, blank=True)
    lead_expert = models.ForeignKey(
        Expert,
        verbose_name=_("lead expert"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="talent_projects",
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("hosting unit"), on_delete=models.PROTECT, related_name="talent_projects"
    )
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.APPLIED)
    approved_on = models.DateField(_("approved on"), null=True, blank=True)
    funding_cny = models.DecimalField(_("funding (CNY)"), max_digits=12, decimal_places=2, null=True, blank=True)

    objects = TalentProjectQuerySet.as_manager()

    history = office_history()

    class Meta:
        ordering = ["-year", "scheme", "title"]
        verbose_name = _("talent-program project")
        verbose_name_plural = _("talent-program projects")
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="approved") | Q(approved_on__isnull=False),
                name="talentproject_approved_has_date",
                violation_error_code="approved_on",
                violation_error_message=_("An approved project needs its approval date."),
            ),
            models.CheckConstraint(
                condition=Q(year__range=(1980, 2100)),
                name="talentproject_year_plausible",
                violation_error_code="year",
                violation_error_message=_("The year must be between 1980 and 2100."),
            ),
            models.CheckConstraint(
                condition=Q(funding_cny__isnull=True) | Q(funding_cny__gte=0),
                name="talentproject_funding_non_negative",
                violation_error_code="funding_cny",
                violation_error_message=_("Funding cannot be negative."),
            ),
            models.UniqueConstraint(
                fields=["reference"],
                condition=~Q(reference=""),
                name="talentproject_reference_unique",
                violation_error_code="reference",
                violation_error_message=_("Another project already has this reference."),
            ),
        ]
        indexes = [
            # "Approvals since 2011" filters by status and year.
            models.Index(fields=["status", "year"], name="talentproject_status_year"),
            models.Index(fields=["scheme"], name="talentproject_scheme"),
            # The admin's year filter, whatever the status.
            models.Index(fields=["year"], name="talentproject_year"),
        ]

    def __str__(self):
        return f"{self.title} ({self.year})"
