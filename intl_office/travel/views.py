"""The public summaries (公示) of trips whose report the office accepted: who, where, when, purpose.

Names and units only: no passport, position or personal detail reaches these pages.
"""

from django.db.models import Prefetch
from django.views.generic import DetailView, ListView

from intl_office.travel.models import Trip, TripDestination, TripMember


def _published():
    return (
        Trip.objects.published()
        .select_related("unit")
        .prefetch_related(
            Prefetch("members", TripMember.objects.select_related("unit").only("trip_id", "name", "unit", "is_leader")),
            Prefetch("destinations", TripDestination.objects.all()),
        )
        .defer("report", "programme", "late_override_reason", "invitation_letter")
    )


class SummaryListView(ListView):
    template_name = "travel/summary_list.html"
    context_object_name = "trips"
    paginate_by = 20

    def get_queryset(self):
        return _published()


class SummaryDetailView(DetailView):
    template_name = "travel/summary_detail.html"
    context_object_name = "trip"

    def get_queryset(self):
        return _published()
