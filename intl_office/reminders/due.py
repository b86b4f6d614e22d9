"""What is due: agreements ending (or past their end and not renewed), permits expiring, appointments ending.

Each domain app declares what of its records is due (``partners/reminders.py``, ``students/reminders.py``,
``experts/reminders.py``: the records come from the model's QuerySet, each with its own lead time); this feature
assembles them. The admin's front page lists what is due; ``manage.py send_reminders`` e-mails each responsible
unit's contact a digest of what is newly due, once per record and end date (``SentReminder``).

Each kind costs two queries (the lead times in use, then the records), whatever the number of records.
Personal data stays out: students and experts appear by name and dates only.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from experts import reminders as experts_due
from intl_office.core.due import Due
from intl_office.core.models import SentReminder
from intl_office.core.scope import visible_to
from intl_office.travel import reminders as travel_due
from partners import reminders as partners_due
from students import reminders as students_due

# The front page's and the digests' sections, in this order.
SECTIONS: tuple[Due, ...] = (*partners_due.DUE, *students_due.DUE, *experts_due.DUE, *travel_due.DUE)


@dataclass(frozen=True)
class DueItem:
    section: Due
    record: object
    due_on: datetime.date
    today: datetime.date

    @property
    def kind(self) -> str:
        return self.section.kind

    @property
    def days_left(self) -> int:
        return (self.due_on - self.today).days

    @property
    def days_overdue(self) -> int:
        return -self.days_left

    @property
    def unit(self):
        return self.record.unit

    @property
    def name(self) -> str:
        """Names only (as each app declares them): no passport numbers or birth dates leave the office this way."""
        return self.section.describe(self.record)

    @property
    def admin_path(self) -> str:
        opts = self.record._meta
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[self.record.pk])

    @property
    def sent_key(self) -> tuple[str, int, datetime.date]:
        return (self.kind, self.record.pk, self.due_on)

    @property
    def token(self) -> str:
        """The item in a form: kind, record and due date (``decisions.parse_item`` reads it back)."""
        return f"{self.kind}:{self.record.pk}:{self.due_on.isoformat()}"


def _items(section: Due, queryset, today) -> list[DueItem]:
    return [DueItem(section, record, getattr(record, section.date_field), today) for record in queryset]


def due(today: datetime.date | None = None, *, user=None, limit: int | None = None) -> list[tuple[Due, list]]:
    """Every section with its due items (at most ``limit`` each, plus one to tell there are more).

    With ``user``, only the sections whose records the user may view, and of a unit-scoped user only their units'
    records (``intl_office.core.scope``). Without, every unit's (the e-mail digests).
    """
    today = today or timezone.localdate()
    result = []
    for section in SECTIONS:
        if user is not None and not user.has_perm(section.permission):
            continue
        queryset = section.records(today)
        if user is not None:
            queryset = visible_to(queryset, user)
        if limit is not None:
            queryset = queryset[: limit + 1]
        result.append((section, _items(section, queryset, today)))
    return result


@dataclass
class FrontSection:
    section: Due
    items: list
    more: bool


def front_page_due(
    today: datetime.date | None = None, *, user, limit: int
) -> tuple[list[FrontSection], list[FrontSection]]:
    """What the front page lists: per section the items due lately or soon, and apart from them the items lapsed
    longer than ``settings.DUE_OVERDUE_AFTER_DAYS`` ("overdue, unresolved"), each at most ``limit``. Items someone
    dismissed, will not renew or snoozed (``DueDecision``) are left out. A fixed number of queries per section."""
    today = today or timezone.localdate()
    cutoff = today - datetime.timedelta(days=settings.DUE_OVERDUE_AFTER_DAYS)
    current, overdue = [], []
    for section in SECTIONS:
        if not user.has_perm(section.permission):
            continue
        # A unit-scoped user sees their units' records only (intl_office.core.scope).
        records = visible_to(section.records(today), user)
        if section.date_in_database(records):
            parts = (
                (current, records.filter(**{f"{section.date_field}__gte": cutoff})),
                (overdue, records.filter(**{f"{section.date_field}__lt": cutoff})),
            )
        else:
            # A due date computed in Python (a trip's working days): the records are split once read.
            rows = list(records)
            parts = (
                (current, [r for r in rows if getattr(r, section.date_field) >= cutoff]),
                (overdue, [r for r in rows if getattr(r, section.date_field) < cutoff]),
            )
        for target, queryset in parts:
            items = _items(section, queryset[: limit + 1], today)
            if items:
                target.append(FrontSection(section, items[:limit], len(items) > limit))
    return current, overdue


def section_for_kind(kind: str) -> Due | None:
    return next((section for section in SECTIONS if section.kind == kind), None)


# ---------------------------------------------------------------------------
# E-mail digests
# ---------------------------------------------------------------------------


@dataclass
class SendResult:
    sent: dict  # recipient -> number of items
    unaddressed: list  # due items whose unit has no contact e-mail
    failed: dict  # recipient -> error text
    already_sent: int


def send_reminders(
    today: datetime.date | None = None, *, base_url: str = "", connection=None, dry_run: bool = False
) -> SendResult:
    """E-mail each responsible unit's contact the items newly due; safe to run any number of times a day.

    Per recipient, the ``SentReminder`` rows are written and the e-mail sent in one transaction: if sending fails,
    nothing is recorded and tomorrow's run tries again; if another run got there first, the unique constraint
    stops this one sending twice.
    """
    today = today or timezone.localdate()
    items = [item for _section, section_items in due(today) for item in section_items]
    already = set(
        SentReminder.objects.filter(
            kind__in={item.kind for item in items}, object_id__in={item.record.pk for item in items}
        ).values_list("kind", "object_id", "due_on")
    )
    pending = [item for item in items if item.sent_key not in already]
    fallback = getattr(settings, "REMINDERS_FALLBACK_EMAIL", "")
    by_recipient, unaddressed = defaultdict(list), []
    for item in pending:
        recipient = (item.unit.contact_email if item.unit else "") or fallback
        if recipient:
            by_recipient[recipient].append(item)
        else:
            unaddressed.append(item)
    result = SendResult(sent={}, unaddressed=unaddressed, failed={}, already_sent=len(items) - len(pending))
    if dry_run:
        result.sent = {recipient: len(recipient_items) for recipient, recipient_items in by_recipient.items()}
        return result
    connection = connection or get_connection()
    for recipient, recipient_items in sorted(by_recipient.items()):
        try:
            with transaction.atomic():
                SentReminder.objects.bulk_create(
                    [
                        SentReminder(kind=item.kind, object_id=item.record.pk, due_on=item.due_on, recipient=recipient)
                        for item in recipient_items
                    ]
                )
                digest_email(recipient, recipient_items, today, base_url, connection).send()
        except IntegrityError:
            continue
        except Exception as error:  # one unit's mail server trouble must not stop the others
            result.failed[recipient] = str(error)
            continue
        result.sent[recipient] = len(recipient_items)
    return result


def digest_email(recipient: str, items: list[DueItem], today, base_url: str, connection) -> EmailMultiAlternatives:
    sections = defaultdict(list)
    for item in items:
        sections[item.section].append(item)
    units = sorted({item.unit.name_en for item in items if item.unit})
    context = {
        "today": today,
        "sections": [(section, sections[section]) for section in SECTIONS if section in sections],
        "units": units,
        "base_url": base_url.rstrip("/"),
        "count": len(items),
    }
    subject = render_to_string("reminders/digest_subject.txt", context).strip()
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string("reminders/digest.txt", context),
        to=[recipient],
        connection=connection,
    )
    message.attach_alternative(render_to_string("reminders/digest.html", context), "text/html")
    return message
