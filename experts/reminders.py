"""What of the experts' records is due for a reminder: work permits and passports expiring, and appointments ending.

The admin's appointment list filters by these (``?due=<key>``); the reminders feature lists and e-mails them.
Experts appear by name and position only: no passport number or birth date leaves the office this way.
"""

from django.utils.translation import gettext_lazy as _

from experts.models import Appointment
from intl_office.core.due import Due
from intl_office.core.models import SentReminder


def _name(appointment: Appointment) -> str:
    return f"{appointment.expert.full_name}, {appointment.position}"


WORK_PERMITS = Due(
    key="work_permits",
    kind=SentReminder.Kind.WORK_PERMIT,
    title=_("Work permits expiring"),
    model=Appointment,
    queryset_method="work_permit_due",
    date_field="work_permit_expires_on",
    describe=_name,
)

APPOINTMENTS_ENDING = Due(
    key="appointments_ending",
    kind=SentReminder.Kind.APPOINTMENT_END,
    title=_("Appointments ending"),
    model=Appointment,
    queryset_method="ending_within_lead_time",
    date_field="ends_on",
    describe=_name,
)

EXPERT_PASSPORTS = Due(
    key="expert_passports",
    kind=SentReminder.Kind.EXPERT_PASSPORT,
    title=_("Experts' passports expiring"),
    model=Appointment,
    queryset_method="passport_due",
    # Annotated by the QuerySet method: the expert's passport expiry.
    date_field="passport_expires_on",
    describe=_name,
)

DUE = (WORK_PERMITS, EXPERT_PASSPORTS, APPOINTMENTS_ENDING)
