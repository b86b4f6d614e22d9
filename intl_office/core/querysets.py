"""Date rules the domain apps' QuerySets share: a calendar year's span, and "due within its own lead time"."""

import datetime

from django.db.models import Q, QuerySet


def year_span(year: int) -> tuple[datetime.date, datetime.date]:
    """The first and last day of a calendar year."""
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def within_lead_time(queryset: QuerySet, date_field: str, lead_field: str, today: datetime.date) -> QuerySet:
    """Records whose date falls within their own lead time from ``today`` (or is already past).

    Each record carries its lead time in days (``lead_field``): it is due from ``date - lead time`` on.
    Lead times are few distinct values (the defaults, and the odd edited one), so the comparison is written
    per value in plain date terms, which every database compares alike. Costs one query (the lead times in use)
    when called; the records are read when the result is.
    """
    leads = list(queryset.order_by().values_list(lead_field, flat=True).distinct())
    if not leads:
        return queryset.none()
    condition = Q()
    for days in leads:
        condition |= Q(**{lead_field: days, f"{date_field}__lte": today + datetime.timedelta(days=days)})
    return queryset.filter(condition)
