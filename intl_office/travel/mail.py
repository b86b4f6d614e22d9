"""E-mail at each step of a trip: to whoever decides next, and back to the applicant.

Names, units, dates and places only: no passport numbers leave the office this way.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.mail import send_mail
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from intl_office.travel.steps import STEP_PERMISSION, Step


def deciders(trip):
    """The active users who take the step the trip now waits for (a unit leader: of the trip's unit)."""
    step = trip.awaiting_step
    if step is None:
        return []
    app_label, codename = STEP_PERMISSION[step].split(".")
    permission = Permission.objects.filter(content_type__app_label=app_label, codename=codename)
    users = get_user_model().objects.filter(
        Q(user_permissions__in=permission) | Q(groups__permissions__in=permission) | Q(is_superuser=True),
        is_active=True,
    )
    if step == Step.UNIT_LEADER:
        users = users.filter(office_units=trip.unit)
    return sorted({user.email for user in users if user.email})


def notify(trip, action: str) -> int:
    """Sends the step's e-mails; returns how many went out."""
    base = getattr(settings, "REMINDERS_BASE_URL", "").rstrip("/")
    context = {
        "trip": trip,
        "action": action,
        "link": base + reverse("admin:travel_trip_change", args=[trip.pk]),
    }
    sent = 0
    with translation.override(settings.LANGUAGE_CODE):
        to_deciders = deciders(trip)
        if to_deciders:
            sent += send_mail(
                render_to_string("travel/mail/decide_subject.txt", context).strip(),
                render_to_string("travel/mail/decide.txt", context),
                None,
                to_deciders,
            )
        applicant = trip.applicant.email if trip.applicant and trip.applicant.email else ""
        if applicant and action != "submit":
            sent += send_mail(
                render_to_string("travel/mail/applicant_subject.txt", context).strip(),
                render_to_string("travel/mail/applicant.txt", context),
                None,
                [applicant],
            )
    return sent
