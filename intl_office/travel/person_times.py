"""Person-times (人次): how many people a delegation counts for in the statistics.

A delegation recorded through the travel workflow counts its people: the members of its trip abroad or the guests
of its visit. A delegation entered as a total (historical years, before the workflow) counts its typed
``people_count``. The overview (``intl_office.site.figures``) and the reports' delegation tables sum this.
"""

from django.db.models import Case, Count, F, IntegerField, OuterRef, Subquery, When

from intl_office.travel.models import Guest, TripMember


def _count(model, link: str):
    rows = model.objects.filter(**{link: OuterRef("pk")}).order_by().values(link).annotate(n=Count("pk")).values("n")
    return Subquery(rows)


def _counted_by(model, link: str):
    """The delegations with at least one of these people: one uncorrelated subquery, which PostgreSQL hashes."""
    return model.objects.filter(**{f"{link}__isnull": False}).values(link)


def person_times():
    """The expression of a delegation's person-times, to sum over ``Delegation`` rows: the members of its trip if it
    has any, else the guests of its visit if it has any, else its typed total.

    Each delegation is first looked up in the (hashed) sets of delegations with members or guests, and only those few
    count their people with a subquery (served by the one-to-one links' unique indexes): two correlated subqueries on
    every delegation cost PostgreSQL an index probe each, 240,000 probes for ten years of delegations at 100x.
    """
    return Case(
        When(pk__in=_counted_by(TripMember, "trip__delegation"), then=_count(TripMember, "trip__delegation")),
        When(pk__in=_counted_by(Guest, "visit__delegation"), then=_count(Guest, "visit__delegation")),
        default=F("people_count"),
        output_field=IntegerField(),
    )
