"""What is due: agreements ending (or past their end and not renewed), permits expiring, appointments ending.

Each record carries its own lead time (``reminder_days`` and friends, with a default per kind): a record is due from
``end date - lead time`` on. The admin's front page lists what is due; ``manage.py send_reminders`` e-mails each
responsible unit's contact a digest of what is newly due, once per record and end date (``SentReminder``).

Each kind costs two queries (the lead times in use, then the records), whatever the number of records.
Personal data stays out: students and experts appear by name and dates only.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import admin
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import IntegrityError, transaction
from django.db.models import Exists, F, OuterRef, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from experts.models import Appointment
from intl_office.core.models import SentReminder
from partners.models import Agreement
from students.models import InternationalStudent

Kind = SentReminder.Kind


def _due_by(queryset, date_field: str, lead_field: str, today: datetime.date):
    """Records whose date falls within their own lead time from ``today`` (or is already past).

    Lead times are few distinct values (the defaults, and the odd edited one), so the comparison is written
    per value in plain date terms, which every database compares alike.
    """
    leads = list(queryset.order_by().values_list(lead_field, flat=True).distinct())
    if not leads:
        return queryset.none()
    condition = Q()
    for days in leads:
        condition |= Q(**{lead_field: days, f"{date_field}__lte": today + datetime.timedelta(days=days)})
    return queryset.filter(condition)


def agreements_ending(today):
    """Active agreements ending within their lead time."""
    base = Agreement.objects.filter(status=Agreement.Status.ACTIVE, ends_on__gte=today)
    return _due_by(base, "ends_on", "reminder_days", today).select_related("unit").order_by("ends_on", "title")


def agreements_expired(today):
    """Agreements still marked active past their end date, with no active agreement of the same kind and partner
    taking over (a renewal may start later: it counts as soon as it is active)."""
    partner_ids = Agreement.partners.through.objects.filter(agreement_id=OuterRef(OuterRef("pk"))).values(
        "institution_id"
    )
    renewal = (
        Agreement.objects.filter(status=Agreement.Status.ACTIVE, kind=OuterRef("kind"), partners__in=partner_ids)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))
        .exclude(pk=OuterRef("pk"))
    )
    return (
        Agreement.objects.filter(status=Agreement.Status.ACTIVE, ends_on__lt=today)
        .filter(~Exists(renewal))
        .select_related("unit")
        .order_by("ends_on", "title")
    )


def residence_permits(today):
    """Permits of students still here (not left, not finished) expiring within their lead time, or expired."""
    base = (
        InternationalStudent.objects.filter(
            status__in=[InternationalStudent.Status.ADMITTED, InternationalStudent.Status.ENROLLED],
            residence_permit_expires_on__isnull=False,
        )
        # A student leaving before the permit expires needs no renewal, nor one who has left.
        .filter(Q(departed_on__isnull=True) | Q(departed_on__gt=F("residence_permit_expires_on")))
        .exclude(departed_on__lt=today)
    )
    return (
        _due_by(base, "residence_permit_expires_on", "residence_permit_reminder_days", today)
        .select_related("unit")
        .only("family_name", "given_name", "residence_permit_expires_on", "unit")
        .order_by("residence_permit_expires_on", "family_name")
    )


def work_permits(today):
    """Work permits expiring, within their lead time, before the expert's appointment ends."""
    base = Appointment.objects.filter(
        ends_on__gte=today, work_permit_expires_on__isnull=False, work_permit_expires_on__lt=F("ends_on")
    )
    return (
        _due_by(base, "work_permit_expires_on", "work_permit_reminder_days", today)
        .select_related("unit", "expert")
        .order_by("work_permit_expires_on")
    )


def appointments_ending(today):
    base = Appointment.objects.filter(ends_on__gte=today)
    return _due_by(base, "ends_on", "end_reminder_days", today).select_related("unit", "expert").order_by("ends_on")


@dataclass(frozen=True)
class Section:
    key: str
    kind: str  # the SentReminder kind
    title: str
    date_field: str
    finder: object
    # The records' model as "app_label.model_name": who may see the section, and its admin list.
    model: str

    @property
    def permission(self) -> str:
        app_label, model_name = self.model.split(".")
        return f"{app_label}.view_{model_name}"

    @property
    def list_url(self) -> str:
        """The admin list filtered to exactly the due records (``due_filter`` on each of these admins)."""
        app_label, model_name = self.model.split(".")
        return reverse(f"admin:{app_label}_{model_name}_changelist") + "?" + urlencode({"due": self.key})


SECTIONS = (
    Section(
        "agreements_ending",
        Kind.AGREEMENT_END,
        _("Agreements ending soon"),
        "ends_on",
        agreements_ending,
        "partners.agreement",
    ),
    Section(
        "agreements_expired",
        # Its own kind: an agreement reminded while "ending soon" must still be reported once it has lapsed.
        Kind.AGREEMENT_EXPIRED,
        _("Agreements expired and not renewed"),
        "ends_on",
        agreements_expired,
        "partners.agreement",
    ),
    Section(
        "residence_permits",
        Kind.RESIDENCE_PERMIT,
        _("Residence permits expiring"),
        "residence_permit_expires_on",
        residence_permits,
        "students.internationalstudent",
    ),
    Section(
        "work_permits",
        Kind.WORK_PERMIT,
        _("Work permits expiring"),
        "work_permit_expires_on",
        work_permits,
        "experts.appointment",
    ),
    Section(
        "appointments_ending",
        Kind.APPOINTMENT_END,
        _("Appointments ending"),
        "ends_on",
        appointments_ending,
        "experts.appointment",
    ),
)


@dataclass(frozen=True)
class DueItem:
    section: Section
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
        """Names only: no passport numbers or birth dates leave the office this way."""
        record = self.record
        if isinstance(record, InternationalStudent):
            return record.full_name
        if isinstance(record, Appointment):
            return f"{record.expert.full_name}, {record.position}"
        return str(record)

    @property
    def admin_path(self) -> str:
        opts = self.record._meta
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[self.record.pk])

    @property
    def sent_key(self) -> tuple[str, int, datetime.date]:
        return (self.kind, self.record.pk, self.due_on)


SECTIONS_BY_KEY = {section.key: section for section in SECTIONS}


def due_filter(*keys: str) -> type[admin.SimpleListFilter]:
    """An admin list filter ``?due=<section key>`` selecting exactly the records the front page lists as due.

    The front page's "More…" links use it: lead times differ per record, so no plain date range is exact.
    """
    sections = [SECTIONS_BY_KEY[key] for key in keys]

    class DueFilter(admin.SimpleListFilter):
        title = _("reminders")
        parameter_name = "due"

        def lookups(self, request, model_admin):
            return [(section.key, section.title) for section in sections]

        def queryset(self, request, queryset):
            section = SECTIONS_BY_KEY.get(self.value())
            if section not in sections:
                return queryset
            return queryset.filter(pk__in=section.finder(timezone.localdate()).values("pk"))

    return DueFilter


def _items(section: Section, queryset, today) -> list[DueItem]:
    return [DueItem(section, record, getattr(record, section.date_field), today) for record in queryset]


def due(today: datetime.date | None = None, *, user=None, limit: int | None = None) -> list[tuple[Section, list]]:
    """Every section with its due items (at most ``limit`` each, plus one to tell there are more).

    With ``user``, only the sections whose records the user may view.
    """
    today = today or timezone.localdate()
    result = []
    for section in SECTIONS:
        if user is not None and not user.has_perm(section.permission):
            continue
        queryset = section.finder(today)
        if limit is not None:
            queryset = queryset[: limit + 1]
        result.append((section, _items(section, queryset, today)))
    return result


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
