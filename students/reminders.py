"""What of the students' records is due for a reminder: residence permits, passports and insurance expiring.

The admin's student list filters by them (``?due=<key>``); the reminders feature lists and e-mails it.
Students appear by name only: no passport number or birth date leaves the office this way.
"""

from django.utils.translation import gettext_lazy as _

from intl_office.core.due import Due
from intl_office.core.models import SentReminder
from students.models import InternationalStudent


def _name(student: InternationalStudent) -> str:
    return student.full_name


RESIDENCE_PERMITS = Due(
    key="residence_permits",
    kind=SentReminder.Kind.RESIDENCE_PERMIT,
    title=_("Residence permits expiring"),
    model=InternationalStudent,
    queryset_method="residence_permit_due",
    date_field="residence_permit_expires_on",
    describe=_name,
)

PASSPORTS = Due(
    key="student_passports",
    kind=SentReminder.Kind.STUDENT_PASSPORT,
    title=_("Students' passports expiring"),
    model=InternationalStudent,
    queryset_method="passport_due",
    date_field="passport_expires_on",
    describe=_name,
)

INSURANCE = Due(
    key="student_insurance",
    kind=SentReminder.Kind.STUDENT_INSURANCE,
    title=_("Students' insurance ending"),
    model=InternationalStudent,
    queryset_method="insurance_due",
    date_field="insurance_expires_on",
    describe=_name,
)

DUE = (RESIDENCE_PERMITS, PASSPORTS, INSURANCE)
