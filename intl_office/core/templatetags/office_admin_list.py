"""The admin lists' rows and date drill-down at a cost independent of the number of records.

Django's ``{% date_hierarchy %}`` starts, with no year chosen, from the years present in the *filtered* list: the
first and last dates (``MIN``/``MAX``) and then ``SELECT DISTINCT`` of each record's year, over every record the
filters and search keep. Neither can use an index on the date once a filter or a search narrows the list, so each
view read the whole filtered table (0.1 to 0.8 s at 100x the demo). Here the years offered are those from the first
to the last date of the whole list (the user's units only, as ``get_queryset`` gives it, before filters): one
``MIN``/``MAX`` that PostgreSQL and SQLite answer from each end of the date's index. A year offered may hold no record
of a narrowed list, which then shows an empty page; the sidebar's year filters offer the same span. Once a year is
chosen, Django's own drill-down (months, then days, of that year's filtered records) is kept.

The rows are Django's ``{% result_list %}``, each row's cells worked out once per list (``intl_office.core.list_rows``).
"""

from django import template
from django.contrib.admin.templatetags.admin_list import (
    ResultList,
    date_hierarchy,
    result_headers,
    result_hidden_fields,
    result_list,
)
from django.contrib.admin.templatetags.base import InclusionAdminNode

from intl_office.core.admin_filters import years_spanned
from intl_office.core.list_rows import OfficeChangeList, draw_rows

register = template.Library()


def office_date_hierarchy(cl):
    field_name = cl.date_hierarchy
    if any(cl.params.get(f"{field_name}__{part}") for part in ("year", "month", "day")):
        return date_hierarchy(cl)
    years = years_spanned(cl.root_queryset, field_name)
    return {
        "show": True,
        "choices": [
            {"link": cl.get_query_string({f"{field_name}__year": str(year)}, [f"{field_name}__"]), "title": str(year)}
            for year in years
        ],
    }


@register.tag(name="office_date_hierarchy")
def office_date_hierarchy_tag(parser, token):
    return InclusionAdminNode(
        parser, token, func=office_date_hierarchy, template_name="date_hierarchy.html", takes_context=False
    )


def office_result_list(cl):
    if not isinstance(cl, OfficeChangeList):
        return result_list(cl)
    if cl.formset:
        # A list with editable fields: Django's rows, whose cells the template counts for a form's errors.
        with cl.rows_drawn():
            return result_list(cl)
    # Django's result_list with each row drawn by draw_rows, already one string: the template draws a row in one
    # step, not one variable per cell.
    headers = list(result_headers(cl))
    return {
        "cl": cl,
        "result_hidden_fields": list(result_hidden_fields(cl)),
        "result_headers": headers,
        "num_sorted_fields": sum(1 for header in headers if header["sortable"] and header["sorted"]),
        "results": [ResultList(None, [row]) for row in draw_rows(cl)],
    }


@register.tag(name="office_result_list")
def office_result_list_tag(parser, token):
    return InclusionAdminNode(
        parser, token, func=office_result_list, template_name="change_list_results.html", takes_context=False
    )
