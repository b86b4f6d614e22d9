"""International students received by BJTU and BJTU students going abroad."""

import datetime

from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Upper
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_countries.fields import CountryField

from intl_office.core.history import office_history
from intl_office.core.models import TimeStampedModel, Unit
from intl_office.core.people import Person, person_constraints
from intl_office.core.scope import UnitScopedQuerySet
from partners.models import Agreement, Institution
from programs.models import DegreeLevel, Program
from students.querysets import StudentQuerySet


class InternationalStudent(Person):
    class Category(models.TextChoices):
        DEGREE = "degree", _("Degree student")
        EXCHANGE = "exchange", _("Exchange student")
        SHORT_TERM = "short_term", _("Short-term student")
        LANGUAGE = "language", _("Chinese-language student")
        VISITING_SCHOLAR = "visiting_scholar", _("Visiting scholar")

    class Funding(models.TextChoices):
        CSC = "csc", _("Chinese Government (CSC) scholarship")
        BEIJING = "beijing", _("Beijing Government scholarship")
        CONFUCIUS = "confucius", _("International Chinese Language Teachers scholarship")
        UNIVERSITY = "university", _("BJTU scholarship")
        AGREEMENT = "agreement", _("Exchange agreement (tuition waived)")
        HOME = "home", _("Home government or institution")
        SELF_FUNDED = "self_funded", _("Self-funded")

    class Discipline(models.TextChoices):
        """The Ministry of Education's discipline categories (学科门类)."""

        PHILOSOPHY = "philosophy", pgettext_lazy("ministry discipline", "Philosophy")
        ECONOMICS = "economics", pgettext_lazy("ministry discipline", "Economics")
        LAW = "law", pgettext_lazy("ministry discipline", "Law")
        EDUCATION = "education", pgettext_lazy("ministry discipline", "Education")
        LITERATURE = "literature", pgettext_lazy("ministry discipline", "Literature and languages")
        HISTORY = "history", pgettext_lazy("ministry discipline", "History")
        SCIENCE = "science", pgettext_lazy("ministry discipline", "Science")
        ENGINEERING = "engineering", pgettext_lazy("ministry discipline", "Engineering")
        AGRICULTURE = "agriculture", pgettext_lazy("ministry discipline", "Agriculture")
        MEDICINE = "medicine", pgettext_lazy("ministry discipline", "Medicine")
        MILITARY = "military", pgettext_lazy("ministry discipline", "Military science")
        MANAGEMENT = "management", pgettext_lazy("ministry discipline", "Management")
        ART = "art", pgettext_lazy("ministry discipline", "Art")
        INTERDISCIPLINARY = "interdisciplinary", pgettext_lazy("ministry discipline", "Interdisciplinary studies")

    class NationalCategory(models.TextChoices):
        """The categories of the ministry's statistics; worked out from category and level, never stored
        (``StudentQuerySet.national_category_case``)."""

        BACHELOR = "bachelor", _("Bachelor's degree students")
        MASTER = "master", _("Master's degree students")
        DOCTORAL = "doctoral", _("Doctoral students")
        DEGREE_LEVEL_UNKNOWN = "degree_level_unknown", _("Degree students, level not recorded")
        GENERAL_SCHOLAR = "general_scholar", _("General scholars")
        SENIOR_SCHOLAR = "senior_scholar", _("Senior scholars")
        SHORT_TERM = "short_term", _("Short-term students")

    class NationalFunding(models.TextChoices):
        """The ministry's sources of funding; worked out from the funding, never stored
        (``StudentQuerySet.national_funding_case``)."""

        CHINESE_GOVERNMENT = "chinese_government", _("Chinese Government Scholarship")
        LOCAL_GOVERNMENT = "local_government", _("Local government scholarship")
        UNIVERSITY = "university", _("University scholarship")
        SELF_FUNDED = "self_funded", _("Self-funded")
        OTHER = "other", _("Other")

    DEGREE_CATEGORIES = (
        NationalCategory.BACHELOR,
        NationalCategory.MASTER,
        NationalCategory.DOCTORAL,
        NationalCategory.DEGREE_LEVEL_UNKNOWN,
    )

    class Status(models.TextChoices):
        ADMITTED = "admitted", _("Admitted")
        ENROLLED = "enrolled", _("Enrolled")
        COMPLETED = "completed", _("Completed")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    class Accommodation(models.TextChoices):
        ON_CAMPUS = "on_campus", pgettext_lazy("accommodation", "On campus")
        OFF_CAMPUS = "off_campus", pgettext_lazy("accommodation", "Off campus")

    class JWForm(models.TextChoices):
        """The visa application form the university issues: JW201 for government scholars, JW202 for the others."""

        JW201 = "jw201", _("JW201 (government scholarship)")
        JW202 = "jw202", _("JW202 (other students)")

    DEFAULT_PERMIT_REMINDER_DAYS = 30

    student_number = models.CharField(
        _("student number"), max_length=30, blank=True, help_text=_("BJTU student number, once assigned.")
    )
    category = models.CharField(_("category"), max_length=20, choices=Category)
    level = models.CharField(_("level"), max_length=20, choices=DegreeLevel, default=DegreeLevel.NON_DEGREE)
    program = models.ForeignKey(
        Program, verbose_name=_("program"), null=True, blank=True, on_delete=models.SET_NULL, related_name="students"
    )
    home_institution = models.ForeignKey(
        Institution,
        verbose_name=_("home institution"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="inbound_students",
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("BJTU unit"), null=True, blank=True, on_delete=models.PROTECT, related_name="students"
    )
    funding = models.CharField(_("funding"), max_length=20, choices=Funding, default=Funding.SELF_FUNDED)
    discipline = models.CharField(
        _("discipline"),
        max_length=20,
        choices=Discipline,
        blank=True,
        help_text=_("The Ministry of Education's discipline category of the studies (Chinese language: literature)."),
    )
    arrived_on = models.DateField(_("arrival date"), null=True, blank=True)
    departed_on = models.DateField(
        _("departure date"), null=True, blank=True, help_text=_("Actual, or planned while still on campus.")
    )
    graduated_on = models.DateField(
        _("graduation or completion date"),
        null=True,
        blank=True,
        help_text=_("The day the degree was conferred, or the non-degree studies were completed."),
    )
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.ADMITTED)
    residence_permit_expires_on = models.DateField(_("residence permit expires on"), null=True, blank=True)
    residence_permit_reminder_days = models.PositiveIntegerField(
        _("permit reminder lead time (days)"), default=DEFAULT_PERMIT_REMINDER_DAYS
    )

    insurance_provider = models.CharField(_("insurance provider"), max_length=200, blank=True)
    insurance_policy_number = models.CharField(_("insurance policy number"), max_length=60, blank=True)
    insurance_expires_on = models.DateField(_("insurance expires on"), null=True, blank=True)
    admission_notice_number = models.CharField(
        _("admission notice number"), max_length=60, blank=True, help_text=_("The number of the 录取通知书.")
    )
    jw_form = models.CharField(_("visa form"), max_length=10, choices=JWForm, blank=True)
    jw_form_number = models.CharField(_("visa form number"), max_length=60, blank=True)
    accommodation = models.CharField(_("accommodation"), max_length=20, choices=Accommodation, blank=True)
    address_registered_on = models.DateField(
        _("address registered on"),
        null=True,
        blank=True,
        help_text=_("Off campus: the day the stay was registered with the local police station."),
    )

    objects = StudentQuerySet.as_manager()

    history = office_history()

    class Meta(Person.Meta):
        verbose_name = _("international student")
        verbose_name_plural = _("international students")
        permissions = [("view_personal_data", _("Can see students' personal data"))]
        constraints = [
            *person_constraints(
                "student",
                passport_taken=_("Another student of this nationality already has this passport number."),
            ),
            models.CheckConstraint(
                condition=Q(departed_on__isnull=True)
                | Q(arrived_on__isnull=True)
                | Q(departed_on__gte=F("arrived_on")),
                name="student_dates_ordered",
                violation_error_code="departed_on",
                violation_error_message=_("The departure date cannot be before the arrival date."),
            ),
            models.CheckConstraint(
                condition=Q(graduated_on__isnull=True)
                | Q(arrived_on__isnull=True)
                | Q(graduated_on__gte=F("arrived_on")),
                name="student_graduated_after_arrival",
                violation_error_code="graduated_on",
                violation_error_message=_("The graduation or completion date cannot be before the arrival date."),
            ),
            models.CheckConstraint(
                condition=Q(address_registered_on__isnull=True) | Q(accommodation="off_campus"),
                name="student_address_registration_off_campus",
                violation_error_code="address_registered_on",
                violation_error_message=_("An address is registered with the police only for a stay off campus."),
            ),
            models.CheckConstraint(
                condition=Q(jw_form_number="") | ~Q(jw_form=""),
                name="student_jw_form_number_has_form",
                violation_error_code="jw_form",
                violation_error_message=_("Say which form (JW201 or JW202) the number belongs to."),
            ),
            models.UniqueConstraint(
                fields=["student_number"],
                condition=~Q(student_number=""),
                name="student_number_unique",
                violation_error_code="student_number",
                violation_error_message=_("Another student already has this student number."),
            ),
        ]
        indexes = [
            # Headcounts ("present on a day") filter by arrival and departure dates.
            models.Index(fields=["arrived_on", "departed_on"], name="student_presence"),
            models.Index(fields=["nationality"], name="student_nationality"),
            models.Index(fields=["category", "level"], name="student_category_level"),
            models.Index(fields=["status"], name="student_status"),
            # Admin list filters and report breakdowns by level and by funding.
            models.Index(fields=["level"], name="student_level"),
            models.Index(fields=["funding"], name="student_funding"),
            # Reminders look up permits by expiry date.
            models.Index(fields=["residence_permit_expires_on"], name="student_permit_expiry"),
            models.Index(fields=["passport_expires_on"], name="student_passport_expiry"),
            models.Index(fields=["insurance_expires_on"], name="student_insurance_expiry"),
            # The reports count the year's graduates by graduation date.
            models.Index(fields=["graduated_on"], name="student_graduated_on"),
            # Scale (issue 11): the admin list's default order, and its discipline filter.
            models.Index(fields=["family_name", "given_name"], name="student_name_order"),
            models.Index(fields=["discipline"], name="student_discipline"),
            # The importer finds a stored student by key cells compared case-insensitively (UPPER(...) = UPPER(...)).
            models.Index(Upper("student_number"), name="student_number_upper"),
            models.Index(Upper("passport_number"), name="student_passport_upper"),
            models.Index(Upper("family_name"), name="student_family_name_upper"),
            # Permit reminders: the lead times in use, then each one's expiry dates, among students still here.
            models.Index(
                fields=["residence_permit_reminder_days", "residence_permit_expires_on"],
                condition=Q(status__in=["admitted", "enrolled"]),
                name="student_permit_due",
            ),
            # The front page's passports and insurance due, oldest first, among students still here: without the
            # condition the index walk read every departed student's lapsed passport first.
            models.Index(
                fields=["passport_expires_on"],
                condition=Q(status__in=["admitted", "enrolled"]),
                name="student_passport_due",
            ),
            models.Index(
                fields=["insurance_expires_on"],
                condition=Q(status__in=["admitted", "enrolled"]),
                name="student_insurance_due",
            ),
        ]


class OutboundMobilityQuerySet(UnitScopedQuerySet):
    # A stay belongs to the BJTU student's unit (unit-scoped staff, intl_office.core.scope).
    unit_field = "unit"

    def in_year(self, year: int, by: datetime.date | None = None):
        """Stays starting in the year (up to the day ``by``, if given: a report counts its year up to its day)."""
        stays = self.filter(starts_on__year=year)
        return stays if by is None else stays.filter(starts_on__lte=by)

    def gone_before(self, day: datetime.date):
        """Stays that ended before the day (or, with no end recorded, began before it): the retention period of the
        student's name and number runs from then (intl_office.privacy.retention)."""
        return self.filter(Q(ends_on__lt=day) | Q(ends_on__isnull=True, starts_on__lt=day))


class OutboundMobility(TimeStampedModel):
    """A BJTU student going abroad: through an agreement or program, or after graduating."""

    class Route(models.TextChoices):
        AGREEMENT = "agreement", _("Through an agreement or program")
        AFTER_GRADUATION = "after_graduation", _("After graduation")

    class Kind(models.TextChoices):
        EXCHANGE = "exchange", _("Exchange semester or year")
        DOUBLE_DEGREE = "double_degree", _("Double degree")
        SHORT_VISIT = "short_visit", _("Short visit / summer school")
        INTERNSHIP = "internship", _("Internship or research stay")
        GRADUATE_STUDY = "graduate_study", _("Graduate study abroad")

    student_name = models.CharField(_("student name"), max_length=200)
    student_number = models.CharField(_("student number"), max_length=30)
    unit = models.ForeignKey(
        Unit, verbose_name=_("BJTU unit"), null=True, blank=True, on_delete=models.PROTECT, related_name="outbound"
    )
    destination = models.ForeignKey(
        Institution,
        verbose_name=_("destination institution"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="outbound_students",
    )
    destination_country = CountryField(_("destination country or region"))
    route = models.CharField(_("route"), max_length=20, choices=Route)
    program = models.ForeignKey(
        Program, verbose_name=_("program"), null=True, blank=True, on_delete=models.SET_NULL, related_name="outbound"
    )
    agreement = models.ForeignKey(
        Agreement,
        verbose_name=_("agreement"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="outbound",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    academic_year = models.CharField(
        _("academic year"), max_length=9, help_text=_("For example 2013-2014."), blank=True
    )

    objects = OutboundMobilityQuerySet.as_manager()
    # A BJTU student's identity on the record: replaced by a pseudonym once the stay is past the retention period.
    pseudonymised_fields = ("student_name", "student_number")

    history = office_history()

    class Meta:
        ordering = ["-starts_on", "student_name"]
        verbose_name = _("outbound mobility")
        verbose_name_plural = _("outbound mobility")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="outbound_dates_ordered",
                violation_error_code="ends_on",
                violation_error_message=_("The end date cannot be before the start date."),
            ),
            models.CheckConstraint(
                condition=Q(academic_year="") | Q(academic_year__regex=r"^[0-9]{4}-[0-9]{4}$"),
                name="outbound_academic_year_format",
                violation_error_code="academic_year",
                violation_error_message=_("Write the academic year as 2013-2014."),
            ),
            models.UniqueConstraint(
                fields=["student_number", "starts_on", "destination_country"],
                name="outbound_unique_stay",
                violation_error_message=_(
                    "This student already has a stay in this country or region starting on this date."
                ),
            ),
        ]
        indexes = [
            # Yearly figures count stays by start date and route.
            models.Index(fields=["starts_on", "route"], name="outbound_start_route"),
            models.Index(fields=["destination_country"], name="outbound_country"),
            # Admin list filter and report breakdown by kind of stay; with the start date, the filtered list's
            # default order too (the latest stays are mostly of other kinds, so an index of the dates alone read
            # 23,000 rows before the first 50 exchanges at 100x).
            models.Index(fields=["kind", "starts_on"], name="outbound_kind_start"),
            # The importer's case-insensitive key lookup.
            models.Index(Upper("student_number"), name="outbound_number_upper"),
        ]

    def __str__(self):
        return f"{self.student_name}, {self.destination_country.name} ({self.starts_on:%Y})"
