"""What of the partners' records is due for a reminder: agreements ending, and agreements lapsed and not renewed.

The admin's agreement list filters by these (``?due=<key>``); the reminders feature lists and e-mails them.
"""

from django.utils.translation import gettext_lazy as _

from intl_office.core.due import Due
from intl_office.core.models import SentReminder
from partners.models import Agreement

AGREEMENTS_ENDING = Due(
    key="agreements_ending",
    kind=SentReminder.Kind.AGREEMENT_END,
    title=_("Agreements ending soon"),
    model=Agreement,
    queryset_method="ending_within_lead_time",
    date_field="ends_on",
)

AGREEMENTS_EXPIRED = Due(
    key="agreements_expired",
    # Its own kind: an agreement reminded while "ending soon" must still be reported once it has lapsed.
    kind=SentReminder.Kind.AGREEMENT_EXPIRED,
    title=_("Agreements expired and not renewed"),
    model=Agreement,
    queryset_method="expired_not_renewed",
    date_field="ends_on",
)

DUE = (AGREEMENTS_ENDING, AGREEMENTS_EXPIRED)
