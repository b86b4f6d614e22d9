"""The admin's list filters shared by the domain apps: by year, "as it stands today", and the front page's due lists."""

from django.contrib import admin
from django.db.models import Max, Min
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from intl_office.core.due import DUE_PARAMETER, Due
from intl_office.core.querysets import year_span


def year_filter(field_name: str, *, title=None, queryset_for_year=None):
    """A list filter offering each year the records span; by default it keeps records whose date is in that year.

    ``queryset_for_year(queryset, year)`` replaces the default, e.g. "present on any day of the year".
    """

    class YearFilter(admin.SimpleListFilter):
        parameter_name = "year"

        def lookups(self, request, model_admin):
            # One aggregate over an indexed date column, whatever the number of rows.
            bounds = model_admin.get_queryset(request).aggregate(first=Min(field_name), last=Max(field_name))
            if bounds["first"] is None:
                return []
            return [(str(year), str(year)) for year in range(bounds["last"].year, bounds["first"].year - 1, -1)]

        def queryset(self, request, queryset):
            try:
                year = int(self.value() or "")
            except ValueError:
                return queryset
            if queryset_for_year:
                return queryset_for_year(queryset, year)
            first_day, last_day = year_span(year)
            return queryset.filter(**{f"{field_name}__gte": first_day, f"{field_name}__lte": last_day})

    YearFilter.title = title or _("year")
    return YearFilter


# The query parameter of the "as it stands today" filters below; the front page's figures link to them.
TODAY_PARAMETER = "today"


def today_filter(title, label, queryset_method: str) -> type[admin.SimpleListFilter]:
    """A list filter ``?today=yes`` keeping the records the model's QuerySet method selects on today's date (students
    on campus, agreements in force, appointments in post), exactly as the front page counts them."""

    class TodayFilter(admin.SimpleListFilter):
        parameter_name = TODAY_PARAMETER

        def lookups(self, request, model_admin):
            return [("yes", label)]

        def queryset(self, request, queryset):
            if self.value() != "yes":
                return queryset
            return getattr(queryset, queryset_method)(timezone.localdate())

    TodayFilter.title = title
    return TodayFilter


def due_filter(*declarations: Due) -> type[admin.SimpleListFilter]:
    """An admin list filter ``?due=<key>`` selecting exactly the records the front page lists as due.

    The front page's "More…" links use it: lead times differ per record, so no plain date range is exact.
    """
    by_key = {due.key: due for due in declarations}

    class DueFilter(admin.SimpleListFilter):
        title = _("reminders")
        parameter_name = DUE_PARAMETER

        def lookups(self, request, model_admin):
            return [(due.key, due.title) for due in declarations]

        def queryset(self, request, queryset):
            due = by_key.get(self.value())
            if due is None:
                return queryset
            # Read once: as a subquery, the rule would run again for the count, the page and the date drill-down.
            due_ids = due.records(timezone.localdate()).order_by().values_list("pk", flat=True)
            return queryset.filter(pk__in=list(due_ids))

    return DueFilter
