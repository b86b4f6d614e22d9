"""The admin's list filters shared by the domain apps: by year, "as it stands today", and the front page's due lists."""

from django.contrib import admin
from django.contrib.admin.utils import get_fields_from_path
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.filters import CountryFilter

from intl_office.core.due import DUE_PARAMETER, Due
from intl_office.core.querysets import distinct_values, with_pks, year_span


def years_spanned(queryset, field_name: str) -> range:
    """Every year from a QuerySet's first date to its last, read from the ends of an index on the date."""
    bounds = queryset.order_by().aggregate(first=models.Min(field_name), last=models.Max(field_name))
    if bounds["first"] is None or bounds["last"] is None:
        return range(0)
    if isinstance(get_fields_from_path(queryset.model, field_name)[-1], models.DateTimeField):
        bounds = {
            key: timezone.localtime(value) if timezone.is_aware(value) else value for key, value in bounds.items()
        }
    return range(bounds["first"].year, bounds["last"].year + 1)


def year_filter(field_name: str, *, title=None, queryset_for_year=None):
    """A list filter offering each year the records span; by default it keeps records whose date is in that year.

    ``queryset_for_year(queryset, year)`` replaces the default, e.g. "present on any day of the year".
    """

    class YearFilter(admin.SimpleListFilter):
        parameter_name = "year"

        def lookups(self, request, model_admin):
            years = years_spanned(model_admin.get_queryset(request), field_name)
            return [(str(year), str(year)) for year in reversed(years)]

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
            return with_pks(queryset, due_ids)

    return DueFilter


class PresentCountryFilter(CountryFilter):
    """django-countries' filter offering the countries present in a column, read through the column's index.

    The stock filter asks ``SELECT DISTINCT`` of the column, a read of the whole table on every view (55 to 130 ms at
    100x the demo); ``distinct_values`` asks the index for one country after another instead. As in the stock filter,
    the countries offered are those of the whole table, not of the records the other filters keep. Across a relation
    (an agreement's partners' countries) they are those of the related table (every institution's), not of the
    records linked: reading the link table would read every link, and a country offered in excess lists no record.
    """

    def lookup_choices(self, changelist):
        *relations, field = get_fields_from_path(changelist.model, self.field_path)
        model = field.model if relations else changelist.model
        codes = set(distinct_values(model._default_manager.all(), field.name))
        if self.field.multiple:
            codes = {code.strip() for value in codes for code in value.split(",") if code.strip()}
        for code, name in self.field.get_choices(include_blank=False):
            if code in codes:
                yield code, name
