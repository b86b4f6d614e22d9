"""What the privacy feature records: each run of the retention purge (``manage.py purge_personal_data``)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PurgeRun(models.Model):
    """One run of the retention purge that changed the records (a dry run writes none): what it anonymised."""

    ran_at = models.DateTimeField(_("ran at"), auto_now_add=True, db_index=True)
    before = models.DateField(
        _("ended before"), help_text=_("People whose stay or last appointment ended before this day were anonymised.")
    )
    retention_years = models.PositiveSmallIntegerField(_("retention period (years)"))
    people = models.JSONField(_("people anonymised"), default=dict, help_text=_("By kind of record."))
    people_count = models.PositiveIntegerField(_("people anonymised"), default=0)
    files_removed = models.PositiveIntegerField(_("files removed"), default=0)
    searches_cleared = models.PositiveIntegerField(_("logged searches cleared"), default=0)

    class Meta:
        ordering = ["-ran_at"]
        verbose_name = _("personal data purge")
        verbose_name_plural = _("personal data purges")
        # The permission to answer a person's access request (PIPL art. 45, GDPR art. 15) belongs to this feature;
        # the purge log is its model.
        permissions = [("answer_access_request", _("Can download everything held about a person"))]

    def __str__(self):
        return f"{self.ran_at:%Y-%m-%d %H:%M}: {self.people_count} ({self.before})"
