"""Joint programs run with partner institutions, and their public catalogue."""

from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Upper
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from intl_office.core.history import office_history
from intl_office.core.i18n import localized
from intl_office.core.models import TimeStampedModel, Unit
from partners.models import Agreement, Institution


class DegreeLevel(models.TextChoices):
    BACHELOR = "bachelor", _("Bachelor")
    MASTER = "master", _("Master")
    DOCTORAL = "doctoral", _("Doctoral")
    NON_DEGREE = "non_degree", _("Non-degree")


class ProgramQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def ministry_approved(self):
        return self.filter(kind=Program.Kind.COOPERATIVE).exclude(moe_approval_number="")

    def established_by(self, year: int):
        """Programs running in the year: established in it or before. One with no recorded year of establishment
        counts in every year, as partners without a start date do."""
        return self.filter(Q(established_year__isnull=True) | Q(established_year__lte=year))


class Program(TimeStampedModel):
    class Kind(models.TextChoices):
        DOUBLE_DEGREE = "double_degree", _("Double degree")
        STUDENT_EXCHANGE = "student_exchange", _("Student exchange")
        SHORT_VISIT = "short_visit", _("Short visit / summer school")
        COOPERATIVE = "cooperative", _("Chinese-foreign cooperatively run program")
        INSTITUTE_ABROAD = "institute_abroad", _("Institute abroad")

    class Discipline(models.TextChoices):
        ENGINEERING = "engineering", _("Engineering")
        COMPUTING = "computing", _("Computer science and software")
        TRANSPORT = "transport", _("Transportation and logistics")
        SCIENCE = "science", _("Natural sciences")
        ECONOMICS = "economics", _("Economics and management")
        LAW = "law", _("Law")
        HUMANITIES = "humanities", _("Humanities and languages")
        ARTS = "arts", _("Arts and design")

    class Language(models.TextChoices):
        ENGLISH = "en", _("English")
        CHINESE = "zh", _("Chinese")
        BILINGUAL = "en_zh", _("English and Chinese")
        FRENCH = "fr", _("French")
        OTHER = "other", _("Other")

    title_en = models.CharField(_("English title"), max_length=255)
    title_zh = models.CharField(_("Chinese title"), max_length=255, blank=True)
    slug = models.SlugField(_("slug"), max_length=120, unique=True, help_text=_("Used in the public page's address."))
    kind = models.CharField(_("kind"), max_length=30, choices=Kind)
    level = models.CharField(_("degree level"), max_length=20, choices=DegreeLevel)
    partners = models.ManyToManyField(
        Institution, verbose_name=_("partner institutions"), related_name="programs", blank=True
    )
    agreement = models.ForeignKey(
        Agreement,
        verbose_name=_("agreement"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="programs",
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("BJTU unit"), null=True, blank=True, on_delete=models.PROTECT, related_name="programs"
    )
    discipline = models.CharField(_("discipline"), max_length=20, choices=Discipline)
    language = models.CharField(_("language of instruction"), max_length=10, choices=Language, default=Language.ENGLISH)
    duration_months = models.PositiveSmallIntegerField(_("duration (months)"), null=True, blank=True)
    places = models.PositiveIntegerField(_("places per year"), null=True, blank=True)
    application_deadline = models.DateField(_("application deadline"), null=True, blank=True)
    moe_approval_number = models.CharField(
        _("Ministry of Education approval number"),
        max_length=60,
        blank=True,
        help_text=_("Required for Chinese-foreign cooperatively run programs."),
    )
    moe_approval_year = models.PositiveSmallIntegerField(_("approval year"), null=True, blank=True)
    established_year = models.PositiveSmallIntegerField(_("established in"), null=True, blank=True)
    # What a visitor needs to apply; each shown on the public page only when filled in, in the page's language.
    second_application_deadline = models.DateField(
        _("second application deadline"), null=True, blank=True, help_text=_("For a second intake, if any.")
    )
    eligibility_en = models.TextField(_("who may apply (English)"), blank=True)
    eligibility_zh = models.TextField(_("who may apply (Chinese)"), blank=True)
    tuition_exchange = models.BooleanField(
        _("no tuition exchange"),
        default=False,
        help_text=_("Students pay tuition only at their home university (no tuition is charged by the host)."),
    )
    fees_en = models.CharField(_("fees (English)"), max_length=300, blank=True)
    fees_zh = models.CharField(_("fees (Chinese)"), max_length=300, blank=True)
    how_to_apply_en = models.TextField(_("how to apply (English)"), blank=True)
    how_to_apply_zh = models.TextField(_("how to apply (Chinese)"), blank=True)
    summary_en = models.CharField(_("English summary"), max_length=300, blank=True)
    summary_zh = models.CharField(_("Chinese summary"), max_length=300, blank=True)
    description_en = models.TextField(_("English description"), blank=True)
    description_zh = models.TextField(_("Chinese description"), blank=True)
    is_published = models.BooleanField(_("published"), default=False, help_text=_("Shown on the public site."))

    objects = ProgramQuerySet.as_manager()

    history = office_history()

    class Meta:
        ordering = ["title_en"]
        verbose_name = _("program")
        verbose_name_plural = _("programs")
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="cooperative") | (~Q(moe_approval_number="") & Q(moe_approval_year__isnull=False)),
                name="program_cooperative_needs_moe_approval",
                violation_error_code="moe_approval_number",
                violation_error_message=_(
                    "A Chinese-foreign cooperatively run program needs its Ministry approval number and year."
                ),
            ),
            models.UniqueConstraint(
                fields=["moe_approval_number"],
                condition=~Q(moe_approval_number=""),
                name="program_moe_approval_number_unique",
                violation_error_code="moe_approval_number",
                violation_error_message=_("Another program already has this approval number."),
            ),
            models.CheckConstraint(
                condition=Q(moe_approval_year__isnull=True) | Q(moe_approval_year__range=(1990, 2100)),
                name="program_moe_approval_year_plausible",
                violation_error_code="moe_approval_year",
                violation_error_message=_("The approval year must be between 1990 and 2100."),
            ),
            models.CheckConstraint(
                condition=Q(second_application_deadline__isnull=True)
                | Q(application_deadline__isnull=False, second_application_deadline__gt=F("application_deadline")),
                name="program_second_deadline_after_first",
                violation_error_code="second_application_deadline",
                violation_error_message=_("A second application deadline comes after the first one."),
            ),
            models.CheckConstraint(
                condition=Q(duration_months__isnull=True) | Q(duration_months__gte=1),
                name="program_duration_positive",
                violation_error_code="duration_months",
                violation_error_message=_("The duration is at least one month."),
            ),
        ]
        indexes = [
            # The public catalogue lists published programs filtered by kind and level.
            models.Index(fields=["is_published", "kind", "level"], name="program_published_kind_level"),
            models.Index(fields=["discipline"], name="program_discipline"),
            models.Index(fields=["language"], name="program_language"),
            # The default order, and the importer's case-insensitive key lookups.
            models.Index(fields=["title_en"], name="program_title_order"),
            models.Index(Upper("slug"), name="program_slug_upper"),
            models.Index(Upper("title_en"), name="program_title_upper"),
        ]

    def __str__(self):
        return self.title_en

    def get_absolute_url(self):
        return reverse("programs:detail", kwargs={"slug": self.slug})

    def _localized(self, field: str) -> str:
        return localized(getattr(self, f"{field}_en"), getattr(self, f"{field}_zh"))

    @property
    def display_title(self) -> str:
        return self._localized("title")

    @property
    def display_summary(self) -> str:
        return self._localized("summary")

    @property
    def display_description(self) -> str:
        return self._localized("description")

    @property
    def display_eligibility(self) -> str:
        return self._localized("eligibility")

    @property
    def display_fees(self) -> str:
        return self._localized("fees")

    @property
    def display_how_to_apply(self) -> str:
        return self._localized("how_to_apply")
