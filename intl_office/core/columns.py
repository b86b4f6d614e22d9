"""Which columns of an admin list a member of staff chose to see, remembered between visits (issue 14).

Kept apart from models.py (which re-exports it) as the admin's side of it lives apart from admin.py
(``intl_office.core.column_admin``).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ListColumnsQuerySet(models.QuerySet):
    def chosen(self, user, model) -> list[str] | None:
        """The column names the user chose for the model's list, or None when they never chose (the defaults)."""
        if not getattr(user, "is_authenticated", False):
            return None
        # One row at most (one choice per user and list): no ordering to compute.
        rows = self.filter(user=user, model=model._meta.label_lower).order_by().values_list("columns", flat=True)[:1]
        return next(iter(rows), None)


class ListColumns(models.Model):
    """One user's choice of columns in one admin list.

    The names are the list's own column names (its ``list_display``); a name the list no longer has (a column
    renamed or removed since) is ignored when the list is shown, never an error. A choice only narrows what the list
    would show the user: it never brings back a column the user may not see.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="list_columns"
    )
    # The model's label ("students.internationalstudent"): read with the user in one query, no content type lookup.
    model = models.CharField(_("list"), max_length=100, help_text=_("The model whose admin list this is."))
    columns = models.JSONField(_("columns shown"), default=list, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ListColumnsQuerySet.as_manager()

    class Meta:
        ordering = ["user", "model"]
        verbose_name = _("choice of list columns")
        verbose_name_plural = _("choices of list columns")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "model"],
                name="listcolumns_one_choice_per_list",
                violation_error_message=_("This user already has a choice of columns for this list."),
            ),
        ]

    def __str__(self):
        return f"{self.model} (user #{self.user_id})"
