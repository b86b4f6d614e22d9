"""The office's logs: exports, imports, personal data accesses (with the records each reached), reminders sent and
due-list decisions. Each keeps the user and their username as it was (``UserLog``)."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import EmptyResultSet
from django.db import connections, models
from django.utils.translation import gettext_lazy as _

from intl_office.core.people import personal_fields, protects_personal_data


class UserLog(models.Model):
    """A log row written for a user: the user, and their username as it was when the row was written.

    A user with log rows is deactivated, never deleted (the database refuses: ``PROTECT``), and a renamed user's
    old rows keep the name they acted under. Rows written by a command without a user have neither.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    username = models.CharField(_("username"), max_length=150, blank=True, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.user_id and not self.username:
            self.username = self.user.get_username()
        super().save(*args, **kwargs)


class ExportLog(UserLog):
    """One row per download of records or reports: who, what, filters, rows, when."""

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


class ImportLog(UserLog):
    """One row per import of a spreadsheet: who, which file, what it did.

    A failed file (unreadable, over a limit, or with problems in its columns or rows) imported nothing: its counts are
    0 and ``error`` says why. A preview's counts are what the import would do; nothing was written.
    """

    class Status(models.TextChoices):
        IMPORTED = "imported", _("Imported")
        PREVIEWED = "previewed", _("Previewed, nothing written")
        STOPPED = "stopped", _("Stopped: similar names to confirm")
        FAILED = "failed", _("Failed, nothing imported")

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


class PersonalDataAccessQuerySet(models.QuerySet):
    def about(self, obj):
        """The entries that reached this record (a student, an expert): opened, exported, answered."""
        content_type = ContentType.objects.get_for_model(obj, for_concrete_model=False)
        return self.filter(
            pk__in=AccessedRecord.objects.filter(content_type=content_type, object_id=obj.pk).values("access")
        )

    def record(self, user, kind, model, *, records=None, query: str = "", export=None, count: int | None = None):
        """Logs one access to personal data of ``model``'s records.

        ``records`` is a queryset of the records reached, or a list of primary keys. A queryset's records are
        listed by the database itself (``INSERT ... SELECT``): an export of 100,000 students costs one statement,
        not 100,000 rows through Python. The people whose personal data the records carry (an
        appointment's expert) are listed too. ``count``, when the caller knows it, saves counting the records.
        """
        content_type = ContentType.objects.get_for_model(model, for_concrete_model=False)
        access = self.create(
            user=user if getattr(user, "is_authenticated", False) else None,
            kind=kind,
            content_type=content_type,
            query=query[:200],
            export=export,
            record_count=count or 0,
        )
        if records is None:
            return access
        if isinstance(records, models.QuerySet):
            inserted = self._insert_from_queryset(access, content_type, records.values_list("pk", flat=True))
            for field in personal_relations(model):
                related_ids = records.filter(**{f"{field.name}__isnull": False}).values_list(field.name, flat=True)
                related_type = ContentType.objects.get_for_model(field.related_model, for_concrete_model=False)
                self._insert_from_queryset(access, related_type, related_ids)
        else:
            ids = sorted({int(pk) for pk in records})
            AccessedRecord.objects.bulk_create(
                AccessedRecord(access=access, content_type=content_type, object_id=pk) for pk in ids
            )
            inserted = len(ids)
        if count is None:
            access.record_count = inserted
            access.save(update_fields=["record_count"])
        return access

    def _insert_from_queryset(self, access, content_type, ids) -> int:
        ids = ids.order_by().distinct()
        try:
            sql, params = ids.query.sql_with_params()
        except EmptyResultSet:
            # A selection no record can match (an empty list of ids) reached nothing.
            return 0
        connection = connections[self.db]
        quote = connection.ops.quote_name
        table = AccessedRecord._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {quote(table)} ({quote('access_id')}, {quote('content_type_id')}, {quote('object_id')})"
                f" SELECT %s, %s, reached.* FROM ({sql}) reached",
                [access.pk, content_type.pk, *params],
            )
            return max(cursor.rowcount, 0)


def personal_relations(model) -> list:
    """The model's links to records with personal data of their own (an appointment's expert)."""

    return [
        field
        for field in model._meta.concrete_fields
        if field.many_to_one and personal_fields(field.related_model) and protects_personal_data(field.related_model)
    ]


class PersonalDataAccess(UserLog):
    """One look at personal data: a person's record opened, an export or report with personal data downloaded, a
    search on personal fields, an access request answered. ``AccessedRecord`` lists the records it reached, so
    the log answers "who looked at this student"."""

    class Kind(models.TextChoices):
        OPENED = "opened", _("Opened the record")
        EXPORTED = "exported", _("Downloaded an export or report with personal data")
        SEARCHED = "searched", _("Searched personal fields")
        ACCESS_REQUEST = "access_request", _("Downloaded everything held about the person (access request)")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    content_type = models.ForeignKey(
        ContentType, verbose_name=_("kind of record"), on_delete=models.PROTECT, related_name="+"
    )
    query = models.CharField(
        _("search"), max_length=200, blank=True, help_text=_("What was searched for, for a search.")
    )
    record_count = models.PositiveIntegerField(_("records"), default=0)
    export = models.ForeignKey(
        ExportLog,
        verbose_name=_("export log entry"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="personal_data_accesses",
    )
    created_at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)

    objects = PersonalDataAccessQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("personal data access")
        verbose_name_plural = _("personal data access log")

    def __str__(self):
        return f"{self.username or '-'}: {self.get_kind_display()}, {self.created_at:%Y-%m-%d %H:%M}"


class AccessedRecord(models.Model):
    """A record an access reached."""

    access = models.ForeignKey(
        PersonalDataAccess, verbose_name=_("access"), on_delete=models.CASCADE, related_name="records"
    )
    content_type = models.ForeignKey(
        ContentType, verbose_name=_("kind of record"), on_delete=models.PROTECT, related_name="+"
    )
    object_id = models.PositiveBigIntegerField(_("record id"))

    class Meta:
        ordering = ["access", "object_id"]
        verbose_name = _("record reached")
        verbose_name_plural = _("records reached")
        indexes = [
            # "Who looked at this student": the entries that reached one record.
            models.Index(fields=["content_type", "object_id"], name="accessedrecord_record"),
        ]

    def __str__(self):
        return f"{self.content_type.model} #{self.object_id}"


class SentReminder(models.Model):
    """A reminder already e-mailed, so the daily run never sends it twice."""

    class Kind(models.TextChoices):
        AGREEMENT_END = "agreement_end", _("Agreement ending")
        AGREEMENT_EXPIRED = "agreement_expired", _("Agreement expired and not renewed")
        RESIDENCE_PERMIT = "residence_permit", _("Residence permit expiring")
        WORK_PERMIT = "work_permit", _("Work permit expiring")
        APPOINTMENT_END = "appointment_end", _("Appointment ending")
        PASSPORTS_NOT_RETURNED = "passports_not_returned", _("Passports not handed back after a trip")
        TRIP_REPORT_OVERDUE = "trip_report_overdue", _("Trip report overdue")
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
