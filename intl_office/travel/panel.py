"""The official-travel panel of the admin's front page (the core's registry, intl_office.core.dashboard): trips and
visits waiting for approval, each linking to the list they count. Registered from TravelConfig.ready()."""

import datetime

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from intl_office.core.dashboard import Bar, Figure, Panel, PanelData, register
from intl_office.travel.querysets import AWAITING_STATES


def travel_figures(day: datetime.date) -> PanelData:
    from intl_office.travel.models import Trip, Visit

    trips_url = reverse("admin:travel_trip_changelist")
    counts = Trip.objects.aggregate(
        **{state: Count("pk", filter=Q(state=state)) for state in AWAITING_STATES},
        departing=Count("pk", filter=Q(state="approved", departs_on__year=day.year, departs_on__month=day.month)),
    )
    visits = Visit.objects.filter(state=Visit.State.SUBMITTED).count()
    labels = dict(Trip.State.choices)
    waiting = sum(counts[state] for state in AWAITING_STATES)
    return PanelData(
        figures=[
            Figure(
                _("trips waiting for approval"), waiting, reverse("admin:travel_trip_queue"), attention=bool(waiting)
            ),
            Figure(
                _("approved trips leaving this month"),
                counts["departing"],
                trips_url + "?" + urlencode({"state__exact": "approved"}),
            ),
            Figure(
                _("visits waiting for the office"),
                visits,
                reverse("admin:travel_visit_changelist") + "?" + urlencode({"state__exact": "submitted"}),
                attention=bool(visits),
            ),
        ],
        chart_title=_("Trips by step awaited"),
        bars=[
            Bar(labels[state], counts[state], trips_url + "?" + urlencode({"state__exact": state}))
            for state in AWAITING_STATES
        ],
    )


def register_panel() -> None:
    # Office-wide counts: for the office, which sees every unit's trips (others have their queue page).
    register(Panel("travel", _("Official travel and visits"), "travel.approve_as_office", travel_figures, 40))
