"""Partner institutions, their contacts, agreements with them, and delegations."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower, Upper
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from intl_office.core.history import office_history
from intl_office.core.i18n import folded, latin_sort_key, localized, pinyin_sort_key
from intl_office.core.models import BilingualNameMixin, DerivedTextField, TimeStampedModel, Unit
from partners.querysets import AgreementQuerySet, DelegationQuerySet, InstitutionQuerySet
from partners.scans import validate_agreement_scan


def _search_text(institution) -> str:
    names = (institution.name_en, institution.name_zh, institution.former_name)
    return folded(" | ".join(name for name in names if name))


class Institution(BilingualNameMixin, TimeStampedModel):
    class Kind(models.TextChoices):
        UNIVERSITY = "university", _("University")
        RESEARCH = "research", _("Research institution")
        COMPANY = "company", _("High-tech company")
        GOVERNMENT = "government", _("Government body")
        OTHER = "other", _("Other")

    name_en = models.CharField(_("English name"), max_length=255)
    name_zh = models.CharField(_("Chinese name"), max_length=255, blank=True)
    slug = models.SlugField(_("slug"), max_length=120, unique=True, help_text=_("Used in the public page's address."))
    former_name = models.CharField(
        _("former name"), max_length=255, blank=True, help_text=_("The name the institution used before, if renamed.")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind, default=Kind.UNIVERSITY)
    country = CountryField(_("country or region"))
    city = models.CharField(_("city"), max_length=100, blank=True)
    city_zh = models.CharField(_("city (Chinese)"), max_length=100, blank=True)
    website = models.URLField(_("website"), blank=True)
    relations_since = models.DateField(
        _("relations established on"), null=True, blank=True, help_text=_("When cooperation with BJTU began.")
    )
    is_active = models.BooleanField(_("active"), default=True, help_text=_("Cooperation is ongoing."))
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged_institutions",
        help_text=_("Set when this institution merged into another; it is then counted only as that one."),
    )
    description_en = models.TextField(_("English description"), blank=True)
    description_zh = models.TextField(_("Chinese description"), blank=True)
    # Kept from the names on every save: the public directory sorts and searches in the database, so a page of it
    # costs the same however many partners there are.
    sort_name_en = DerivedTextField(
        _("English sort key"), max_length=255, derive=lambda institution: latin_sort_key(institution.name_en)
    )
    sort_name_zh = DerivedTextField(
        _("Chinese sort key"),
        max_length=255,
        derive=lambda institution: pinyin_sort_key(institution.name_zh or institution.name_en),
    )
    search_text = DerivedTextField(_("search text"), max_length=800, derive=_search_text)

    objects = InstitutionQuerySet.as_manager()

    history = office_history()

    class Meta:
        ordering = ["name_en"]
        verbose_name = _("partner institution")
        verbose_name_plural = _("partner institutions")
        constraints = [
            models.UniqueConstraint(
                Lower("name_en"),
                name="institution_name_en_unique_ci",
                violation_error_code="name_en",
                violation_error_message=_("Another institution already has this English name."),
            ),
            models.CheckConstraint(
                condition=~Q(merged_into=F("pk")),
                name="institution_not_merged_into_itself",
                violation_error_code="merged_into",
                violation_error_message=_("An institution cannot be merged into itself."),
            ),
        ]
        indexes = [
            # The partner directory and the overview filter by country and kind.
            models.Index(fields=["country", "kind"], name="institution_country_kind"),
            models.Index(fields=["is_active", "merged_into"], name="institution_counted"),
            # The directory and the admin also filter by kind alone.
            models.Index(fields=["kind"], name="institution_kind"),
            # The public directory: partners of a country in reading order, in each language.
            models.Index(fields=["country", "sort_name_en"], name="institution_country_sort_en"),
            models.Index(fields=["country", "sort_name_zh"], name="institution_country_sort_zh"),
            # The default order (directory, admin, autocomplete); the importer's case-insensitive key lookups.
            models.Index(fields=["name_en"], name="institution_name_order"),
            models.Index(Upper("name_en"), name="institution_name_upper"),
            models.Index(Upper("former_name"), name="institution_former_upper"),
            models.Index(Upper("slug"), name="institution_slug_upper"),
        ]

    def __str__(self):
        return self.name_en

    def get_absolute_url(self):
        return reverse("partners:detail", kwargs={"slug": self.slug})

    def clean(self):
        super().clean()
        # A merge chain that loops back would leave every institution on it
        # uncounted; the database check only catches the one-step loop.
        if self.pk and self.merged_into_id == self.pk:
            return  # The database rule institution_not_merged_into_itself says so.
        seen = {self.pk} if self.pk else set()
        target = self.merged_into
        while target is not None:
            if target.pk in seen:
                raise ValidationError(
                    {
                        "merged_into": _("%(name)s is already merged, directly or not, into this institution.")
                        % {"name": self.merged_into}
                    }
                )
            seen.add(target.pk)
            target = target.merged_into

    def autocomplete_label(self) -> str:
        """The English name with the Chinese name and the country: near-identical names are told apart."""
        return " · ".join(str(part) for part in (self.name_en, self.name_zh, self.country.name) if part)

    @property
    def display_city(self) -> str:
        return localized(self.city, self.city_zh)

    @property
    def display_description(self) -> str:
        return localized(self.description_en, self.description_zh)


class Contact(TimeStampedModel):
    """A person at a partner institution. Their details are never public."""

    institution = models.ForeignKey(
        Institution, verbose_name=_("institution"), on_delete=models.CASCADE, related_name="contacts"
    )
    name = models.CharField(_("name"), max_length=200)
    name_zh = models.CharField(_("Chinese name"), max_length=200, blank=True)
    position = models.CharField(_("position"), max_length=200, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    is_primary = models.BooleanField(_("primary contact"), default=False)
    notes = models.TextField(_("notes"), blank=True)

    history = office_history()

    class Meta:
        ordering = ["institution__name_en", "-is_primary", "name"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        constraints = [
            models.UniqueConstraint(
                fields=["institution"],
                condition=Q(is_primary=True),
                name="contact_one_primary_per_institution",
                violation_error_code="is_primary",
                violation_error_message=_("This institution already has a primary contact; untick it there first."),
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.institution})"


class Agreement(TimeStampedModel):
    class Kind(models.TextChoices):
        FRAMEWORK = "framework", _("Framework agreement / MoU")
        DOUBLE_DEGREE = "double_degree", _("Double degree")
        STUDENT_EXCHANGE = "student_exchange", _("Student exchange")
        SHORT_VISIT = "short_visit", _("Short visit")
        JOINT_PROGRAM = "joint_program", _("Joint program")
        RESEARCH = "research", _("Research cooperation")
        INSTITUTE_ABROAD = "institute_abroad", _("Institute abroad")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        NEGOTIATING = "negotiating", _("Negotiating")
        ACTIVE = "active", _("Active")
        EXPIRED = "expired", _("Expired")
        TERMINATED = "terminated", _("Terminated")

    # The forms of cooperation through which the overview counts partner universities.
    MOBILITY_KINDS = (Kind.DOUBLE_DEGREE, Kind.STUDENT_EXCHANGE, Kind.SHORT_VISIT)
    DEFAULT_REMINDER_DAYS = 180

    title = models.CharField(_("title"), max_length=255)
    reference = models.CharField(
        _("reference"), max_length=50, blank=True, help_text=_("The office's file number for the agreement.")
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind)
    partners = models.ManyToManyField(Institution, verbose_name=_("partner institutions"), related_name="agreements")
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("responsible BJTU unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="agreements",
    )
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True, help_text=_("Leave empty if open-ended."))
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.DRAFT)
    places_inbound = models.PositiveIntegerField(
        _("inbound places per year"), default=0, help_text=_("Partner students BJTU receives each year.")
    )
    places_outbound = models.PositiveIntegerField(
        _("outbound places per year"), default=0, help_text=_("BJTU students the partner receives each year.")
    )
    document = models.FileField(
        _("scanned document"),
        upload_to="agreements/%Y/",
        blank=True,
        # A readable PDF or image, of at most settings.AGREEMENT_SCAN_MAX_BYTES.
        validators=[validate_agreement_scan],
        help_text=_("Private: only staff can download it."),
    )
    reminder_days = models.PositiveIntegerField(
        _("reminder lead time (days)"),
        default=DEFAULT_REMINDER_DAYS,
        help_text=_("How many days before the end date the responsible unit is reminded."),
    )
    notes = models.TextField(_("notes"), blank=True)

    objects = AgreementQuerySet.as_manager()

    history = office_history()

    class Meta:
        ordering = ["-starts_on", "title"]
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="agreement_dates_ordered",
                violation_error_code="ends_on",
                violation_error_message=_("The end date cannot be before the start date."),
            ),
            models.CheckConstraint(
                condition=Q(signed_on__isnull=True) | Q(ends_on__isnull=True) | Q(signed_on__lte=F("ends_on")),
                name="agreement_signed_before_end",
                violation_error_code="signed_on",
                violation_error_message=_("The signing date cannot be after the end date."),
            ),
            models.CheckConstraint(
                condition=~Q(status="expired") | Q(ends_on__isnull=False),
                name="agreement_expired_needs_end_date",
                violation_error_code="ends_on",
                violation_error_message=_("An expired agreement needs its end date."),
            ),
            models.CheckConstraint(
                condition=Q(places_inbound__gte=0),
                name="agreement_places_inbound_non_negative",
                violation_error_code="places_inbound",
                violation_error_message=_("Places cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(places_outbound__gte=0),
                name="agreement_places_outbound_non_negative",
                violation_error_code="places_outbound",
                violation_error_message=_("Places cannot be negative."),
            ),
            models.UniqueConstraint(
                fields=["reference"],
                condition=~Q(reference=""),
                name="agreement_reference_unique",
                violation_error_code="reference",
                violation_error_message=_("Another agreement already has this reference."),
            ),
        ]
        indexes = [
            # Lists and reports filter agreements by kind and status.
            models.Index(fields=["kind", "status"], name="agreement_kind_status"),
            # The admin's and reports' status filter without a kind.
            models.Index(fields=["status"], name="agreement_status"),
            # Reminders and "expiring soon" look agreements up by end date.
            models.Index(fields=["ends_on"], name="agreement_ends_on"),
            models.Index(fields=["starts_on"], name="agreement_starts_on"),
            # The admin's reminder filters (reminder_days in use, then each one's end dates); the importer's keys.
            models.Index(fields=["status", "reminder_days", "ends_on"], name="agreement_status_due"),
            # Active agreements past their end: the "expired" status filter and the due list of those not renewed.
            models.Index(fields=["status", "ends_on"], name="agreement_status_ends_on"),
            models.Index(Upper("reference"), name="agreement_reference_upper"),
            models.Index(Upper("title"), name="agreement_title_upper"),
        ]

    def __str__(self):
        return self.title

    @property
    def effective_status(self) -> str:
        """The status, with an active agreement past its end date read as expired."""
        if self.status == self.Status.ACTIVE and self.ends_on and self.ends_on < timezone.localdate():
            return self.Status.EXPIRED
        return self.status

    def get_effective_status_display(self) -> str:
        return self.Status(self.effective_status).label


class Delegation(TimeStampedModel):
    """A visit to BJTU (inbound) or a trip abroad by BJTU staff (outbound)."""

    class Direction(models.TextChoices):
        INBOUND = "inbound", _("Inbound visit")
        OUTBOUND = "outbound", _("Outbound trip")

    direction = models.CharField(_("direction"), max_length=10, choices=Direction)
    title = models.CharField(_("title"), max_length=255)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    country = CountryField(_("country or region"))
    institution = models.ForeignKey(
        Institution,
        verbose_name=_("partner institution"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="delegations",
    )
    leader = models.CharField(_("leader"), max_length=200, blank=True)
    people_count = models.PositiveIntegerField(
        _("number of people"), default=1, help_text=_("Counted as person-times in the statistics.")
    )
    purpose = models.TextField(_("purpose"), blank=True)
    host_unit = models.ForeignKey(
        Unit,
        verbose_name=_("host or sending unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="delegations",
    )

    objects = DelegationQuerySet.as_manager()

    history = office_history()

    class Meta:
        ordering = ["-starts_on", "title"]
        verbose_name = _("delegation")
        verbose_name_plural = _("delegations")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")),
                name="delegation_dates_ordered",
                violation_error_code="ends_on",
                violation_error_message=_("The end date cannot be before the start date."),
            ),
            models.CheckConstraint(
                condition=Q(people_count__gte=1),
                name="delegation_has_people",
                violation_error_code="people_count",
                violation_error_message=_("A delegation has at least one person."),
            ),
        ]
        indexes = [
            # Yearly person-time counts filter by direction and start date.
            models.Index(fields=["direction", "starts_on"], name="delegation_direction_start"),
            models.Index(fields=["country"], name="delegation_country"),
            # The admin list's default order (newest first), and the importer's case-insensitive key.
            models.Index(fields=["starts_on"], name="delegation_starts_on"),
            models.Index(Upper("title"), name="delegation_title_upper"),
        ]

    def clean(self):
        super().clean()
        # A delegation's country is its institution's: Texas Southern University is not in Estonia. (No database
        # rule can compare two tables' columns; the admin and the importer both run this check.)
        institution = self.institution if self.institution_id else None
        if institution is not None and self.country and institution.country and self.country != institution.country:
            raise ValidationError(
                {
                    "country": _("%(institution)s is in %(country)s; the delegation's country must be the same.")
                    % {"institution": institution.name_en, "country": institution.country.name}
                },
                code="country",
            )

    def save(self, *args, **kwargs):
        if self.institution_id and not self.country:
            self.country = self.institution.country
        super().save(*args, **kwargs)

    def __str__(self):
        return f"{self.title} ({self.starts_on:%Y-%m-%d})"
