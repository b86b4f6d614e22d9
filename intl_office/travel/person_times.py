"""Person-times (人次): how many people a delegation counts for in the statistics.

A delegation recorded through the travel workflow counts its people: the members of its trip abroad or the guests
of its visit. A delegation entered as a total (historical years, before the workflow) counts its typed
``people_count``. The overview (``intl_office.site.figures``) and the reports' delegation tables sum this.
"""

from django.db.models import Count, F, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce

from intl_office.travel.models import Guest, TripMember


def _count(model, link: str):
    rows = model.objects.filter(**{link: OuterRef("pk")}).order_by().values(link).annotate(n=Count("pk")).values("n")
    return Subquery(rows)


def person_times():
    """The expression of a delegation's person-times, to sum over ``Delegation`` rows (one subquery each for the
    members and the guests, served by the one-to-one links' unique indexes)."""
    return Coalesce(
        _count(TripMember, "trip__delegation"),
        _count(Guest, "visit__delegation"),
        F("people_count"),
        output_field=IntegerField(),
    )
