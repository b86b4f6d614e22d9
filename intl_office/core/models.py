"""What every app shares: BJTU's own units, timestamps, and the office's logs.

Every app's named constraints say in words what they refuse (``violation_error_message``): the staff admin and the
importer show that message, nothing else rewords it. ``violation_error_code`` names the field the message belongs
beside in an admin form (``OfficeModelForm``); a rule about the whole record has none.
"""

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from intl_office.core.i18n import localized


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class BilingualNameMixin:
    """``display_name``: the Chinese name in a Chinese page, else the English one."""

    name_en_field = "name_en"
    name_zh_field = "name_zh"

    @property
    def display_name(self) -> str:
        return localized(getattr(self, self.name_en_field), getattr(self, self.name_zh_field, ""))


class UnitQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def of_user(self, user):
        """The units a staff user belongs to (a unit secretary's scope); none for everyone else."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(members=user)


class Unit(BilingualNameMixin, TimeStampedModel):
    """A school or department of BJTU, shared by every app."""

    class Kind(models.TextChoices):
        SCHOOL = "school", _("School")
        DEPARTMENT = "department", _("Department")
        INSTITUTE = "institute", _("Institute")

    code = models.SlugField(_("code"), max_length=40, unique=True, help_text=_("Short stable code, e.g. 'sem'."))
    name_en = models.CharField(_("English name"), max_length=200)
    name_zh = models.CharField(_("Chinese name"), max_length=200, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind, default=Kind.SCHOOL)
    contact_name = models.CharField(_("contact name"), max_length=200, blank=True)
    contact_email = models.EmailField(
        _("contact email"), blank=True, help_text=_("Receives the unit's reminder digests.")
    )
    is_active = models.BooleanField(_("active"), default=True)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="office_units",
        verbose_name=_("staff of this unit"),
        help_text=_("Staff users who work for this unit, such as its foreign-affairs secretary."),
    )

    objects = UnitQuerySet.as_manager()

    class Meta:
        ordering = ["name_en"]
        verbose_name = _("BJTU unit")
        verbose_name_plural = _("BJTU units")
        constraints = [
            models.UniqueConstraint(
                Lower("name_en"),
                name="unit_name_en_unique_ci",
                violation_error_code="name_en",
                violation_error_message=_("Another unit already has this English name."),
            ),
        ]

    def __str__(self):
        return self.name_en


class ExportLog(models.Model):
    """One row per download of records or reports: who, what, filters, rows, when."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    what = models.CharField(_("what"), max_length=100, help_text=_("The list or report exported."))
    file_format = models.CharField(_("format"), max_length=10)
    filters = models.JSONField(_("filters"), default=dict, blank=True)
    row_count = models.PositiveIntegerField(_("rows"), default=0)
    includes_personal_data = models.BooleanField(_("includes personal data"), default=False)
    created_at = models.DateTimeField(_("exported at"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("export log entry")
        verbose_name_plural = _("export log")
        permissions = [
            ("view_reports", _("Can view reports")),
            ("export_records", _("Can export records and reports")),
        ]

    def __str__(self):
        return f"{self.what} ({self.file_format}), {self.created_at:%Y-%m-%d %H:%M}"


class ImportLog(models.Model):
    """One row per import of a spreadsheet: who, which file, what it did.

    A failed file (unreadable, over a limit, or with problems in its columns or rows) imported nothing: its counts are
    0 and ``error`` says why. A preview's counts are what the import would do; nothing was written.
    """

    class Status(models.TextChoices):
        IMPORTED = "imported", _("Imported")
        PREVIEWED = "previewed", _("Previewed, nothing written")
        STOPPED = "stopped", _("Stopped: similar names to confirm")
        FAILED = "failed", _("Failed, nothing imported")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=50)
    file_name = models.CharField(_("file name"), max_length=255)
    dry_run = models.BooleanField(_("dry run"), default=False)
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.IMPORTED)
    created_count = models.PositiveIntegerField(_("created"), default=0)
    updated_count = models.PositiveIntegerField(_("updated"), default=0)
    skipped_count = models.PositiveIntegerField(_("skipped"), default=0)
    error_count = models.PositiveIntegerField(_("errors"), default=0)
    # The file's own problems in full (unreadable, over a limit, wrong columns); problems in rows by number only,
    # since their messages may quote personal data.
    error = models.TextField(_("what was wrong"), blank=True)
    created_at = models.DateTimeField(_("imported at"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("import log entry")
        verbose_name_plural = _("import log")
        permissions = [("import_records", _("Can import records"))]

    def __str__(self):
        return f"{self.kind}: {self.file_name}"


class SentReminder(models.Model):
    """A reminder already e-mailed, so the daily run never sends it twice."""

    class Kind(models.TextChoices):
        AGREEMENT_END = "agreement_end", _("Agreement ending")
        AGREEMENT_EXPIRED = "agreement_expired", _("Agreement expired and not renewed")
        RESIDENCE_PERMIT = "residence_permit", _("Residence permit expiring")
        WORK_PERMIT = "work_permit", _("Work permit expiring")
        APPOINTMENT_END = "appointment_end", _("Appointment ending")
        STUDENT_PASSPORT = "student_passport", _("Student's passport expiring")
        STUDENT_INSURANCE = "student_insurance", _("Student's insurance ending")
        EXPERT_PASSPORT = "expert_passport", _("Expert's passport expiring")

    kind = models.CharField(_("kind"), max_length=30, choices=Kind)
    object_id = models.PositiveBigIntegerField(_("record id"))
    due_on = models.DateField(_("due on"), help_text=_("The end or expiry date the reminder was about."))
    recipient = models.EmailField(_("recipient"))
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = _("sent reminder")
        verbose_name_plural = _("sent reminders")
        constraints = [
            # A renewed record gets a new due date, hence a new reminder.
            models.UniqueConstraint(
                fields=["kind", "object_id", "due_on"],
                name="sentreminder_once_per_due_date",
                violation_error_message=_("This reminder was already sent for this due date."),
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} #{self.object_id} ({self.due_on})"


class DueDecisionQuerySet(models.QuerySet):
    def in_effect(self, today):
        """Decisions that keep their item off the due list today: dismissed, won't renew, or snoozed past today."""
        Action = self.model.Action
        return self.filter(
            models.Q(action__in=[Action.DISMISSED, Action.WONT_RENEW])
            | models.Q(action=Action.SNOOZED, snoozed_until__gt=today)
        )


class DueDecision(models.Model):
    """What a member of staff decided about one item of the due list (who, when, why).

    An item is a reminder kind, a record and the date it was due by: once the record's date changes (a renewal, a new
    permit) the decision no longer applies and the record is due again in its time. The record's own status is left
    alone; the front page changes it only when asked to.
    """

    class Action(models.TextChoices):
        DISMISSED = "dismissed", _("Dismissed")
        WONT_RENEW = "wont_renew", _("Won't renew")
        SNOOZED = "snoozed", _("Snoozed")

    kind = models.CharField(_("kind"), max_length=30, choices=SentReminder.Kind)
    object_id = models.PositiveBigIntegerField(_("record id"))
    due_on = models.DateField(_("due on"), help_text=_("The end or expiry date the decision is about."))
    action = models.CharField(_("decision"), max_length=20, choices=Action)
    snoozed_until = models.DateField(_("snoozed until"), null=True, blank=True)
    reason = models.CharField(_("why"), max_length=500, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("decided by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), auto_now_add=True)

    objects = DueDecisionQuerySet.as_manager()

    class Meta:
        ordering = ["-decided_at"]
        verbose_name = _("due-list decision")
        verbose_name_plural = _("due-list decisions")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(action="snoozed", snoozed_until__isnull=False)
                | (~models.Q(action="snoozed") & models.Q(snoozed_until__isnull=True)),
                name="duedecision_snooze_has_date",
                violation_error_code="snoozed_until",
                violation_error_message=_("A snoozed item needs the day it comes back, and only a snoozed one."),
            ),
        ]
        indexes = [
            # The due list leaves out the items decided: looked up by kind, record and due date.
            models.Index(fields=["kind", "object_id", "due_on"], name="duedecision_item"),
        ]

    def __str__(self):
        return f"{self.get_action_display()}: {self.get_kind_display()} #{self.object_id} ({self.due_on})"
