"""What of the trips is due for a reminder: passports not handed back within five working days of return, and
reports not submitted within twenty days. The reminders feature lists and e-mails them to the sending unit."""

from django.utils.translation import gettext_lazy as _

from intl_office.core.due import Due
from intl_office.core.models import SentReminder
from intl_office.travel.models import Trip


class OfficeDue(Due):
    """Listed on the admin's front page to the international office only: applicants may view trips, but only their
    own units' (the e-mail digest goes to each sending unit)."""

    @property
    def permission(self) -> str:
        return "travel.approve_as_office"


PASSPORTS_NOT_RETURNED = OfficeDue(
    key="passports_not_returned",
    kind=SentReminder.Kind.PASSPORTS_NOT_RETURNED,
    title=_("Passports not handed back after a trip"),
    model=Trip,
    queryset_method="passports_not_returned",
    date_field="passports_due_on",
)

REPORTS_OVERDUE = OfficeDue(
    key="trip_reports_overdue",
    kind=SentReminder.Kind.TRIP_REPORT_OVERDUE,
    title=_("Trip reports overdue"),
    model=Trip,
    queryset_method="reports_overdue",
    date_field="report_due_on",
)

DUE = (PASSPORTS_NOT_RETURNED, REPORTS_OVERDUE)
