"""A job: long work (a large export, a report file, an import, the reminder run) done off the request.

The job's row is the one place its state lives (never a worker's memory), so any web node can show its progress
and serve its file, and a user can leave the page and come back.
"""

import datetime

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class JobQuerySet(models.QuerySet):
    def of_user(self, user):
        """The jobs a user may see: their own; a superuser sees everyone's."""
        return self if user.is_superuser else self.filter(user=user)

    def expired(self, now=None):
        """Finished jobs older than the keeping time (settings.JOBS_KEEP_HOURS): their files go."""
        now = now or timezone.now()
        return self.filter(finished_at__lt=now - datetime.timedelta(hours=settings.JOBS_KEEP_HOURS))


class Job(models.Model):
    class Kind(models.TextChoices):
        EXPORT = "export", _("List export")
        REPORT = "report", _("Report")
        IMPORT = "import", _("Import")
        REMINDERS = "reminders", _("Reminder run")

    class State(models.TextChoices):
        QUEUED = "queued", _("Waiting")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Who started it; only they (and superusers) may download its file."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    # The registered function that does the work (intl_office.jobs.runner.register).
    task = models.CharField(_("task"), max_length=100)
    title = models.CharField(_("title"), max_length=200, help_text=_("What the job makes, as the user sees it."))
    parameters = models.JSONField(_("parameters"), default=dict, blank=True)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.QUEUED)
    done = models.PositiveIntegerField(_("done"), default=0)
    total = models.PositiveIntegerField(_("total"), default=0)
    file = models.FileField(_("file"), upload_to="jobs/%Y/%m/%d/", blank=True, max_length=255)
    file_name = models.CharField(_("file name"), max_length=200, blank=True)
    content_type = models.CharField(_("content type"), max_length=100, blank=True)
    # What a download of the file records in the export log (intl_office.core.models.ExportLog).
    log = models.JSONField(_("export log entry"), default=dict, blank=True)
    message = models.TextField(_("result"), blank=True, help_text=_("What the job did, or why it failed."))
    created_at = models.DateTimeField(_("started at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    objects = JobQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("job")
        verbose_name_plural = _("jobs")
        indexes = [
            # "My jobs": a user's jobs, newest first.
            models.Index(fields=["user", "-created_at"], name="jobs_job_user_created_idx"),
            # purge_jobs: finished jobs past the keeping time.
            models.Index(fields=["finished_at"], name="jobs_job_finished_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(done__lte=models.F("total")) | models.Q(total=0),
                name="jobs_job_done_within_total",
                violation_error_message=_("A job cannot have done more than its total."),
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.get_state_display()})"

    def get_absolute_url(self):
        return reverse("admin:jobs_job_change", args=[self.pk])

    @property
    def finished(self) -> bool:
        return self.state in {self.State.DONE, self.State.FAILED}

    @property
    def percent(self) -> int:
        if self.state == self.State.DONE:
            return 100
        return int(self.done * 100 / self.total) if self.total else 0

    def may_download(self, user) -> bool:
        return bool(self.file) and user.is_active and (user.is_superuser or user.pk == self.user_id)
