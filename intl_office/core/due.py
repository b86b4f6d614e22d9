"""What of its records a domain app declares due for a reminder, in one place per app (``<app>/reminders.py``).

A declaration names the records (a method of the model's QuerySet taking the day), the date they are due by, and
the ``SentReminder`` kind that keeps each reminder from going out twice. The admin's ``?due=<key>`` list filter
(``intl_office.core.admin_filters.due_filter``) and the reminders feature (the admin's front page, the e-mail
digests) both read these declarations, so the apps below never import the feature.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import Exists, OuterRef
from django.urls import reverse

from intl_office.core.models import DueDecision

# The admin list's query parameter selecting the records due (``?due=<key>``).
DUE_PARAMETER = "due"


@dataclass(frozen=True)
class Due:
    key: str
    kind: str  # a SentReminder.Kind
    title: str
    model: type[models.Model]
    # The name of the model's QuerySet method returning the records due on a day, in the order they are listed.
    queryset_method: str
    # The date each record is due by (an end or expiry date).
    date_field: str
    # How a record is named in lists and e-mails: names only, never personal data.
    describe: Callable[[models.Model], str] = str

    def records(self, today: datetime.date, *, undecided: bool = True) -> models.QuerySet:
        """The records due; by default without those a member of staff dismissed, will not renew, or snoozed
        (``DueDecision``) for this due date."""
        records = getattr(self.model._default_manager, self.queryset_method)(today)
        if not undecided:
            return records
        decided = DueDecision.objects.in_effect(today).filter(kind=self.kind, object_id=OuterRef("pk"))
        if self.date_in_database(records):
            # A decision holds for the due date it was taken on: a new date brings the record back.
            decided = decided.filter(due_on=OuterRef(self.date_field))
        # A date computed in Python (a trip's working days) cannot be matched in SQL: the decision holds for the record.
        return records.exclude(Exists(decided))

    def date_in_database(self, records: models.QuerySet) -> bool:
        """Whether the due date is a column (or annotation) SQL can filter on, not a date computed in Python."""
        if self.date_field in records.query.annotations:
            return True
        try:
            self.model._meta.get_field(self.date_field)
        except FieldDoesNotExist:
            return False
        return True

    @property
    def permission(self) -> str:
        """Who may see the records: whoever may view the model."""
        return f"{self.model._meta.app_label}.view_{self.model._meta.model_name}"

    @property
    def list_url(self) -> str:
        """The admin list filtered to exactly the due records (``due_filter`` on the model's admin)."""
        opts = self.model._meta
        return (
            reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist") + "?" + urlencode({DUE_PARAMETER: self.key})
        )
