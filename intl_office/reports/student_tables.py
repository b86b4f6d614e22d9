"""International students on campus (the office's headline figures and units), and BJTU students abroad.

The ministry's tables of international students are in ``national_tables``."""

from collections.abc import Callable

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from intl_office.reports.base import (
    Table,
    by_count,
    country_name,
    counts_by,
    pair_counts,
    pivot,
    unit_names,
    with_total,
)
from intl_office.reports.params import ReportParams
from intl_office.site import figures
from students.models import InternationalStudent, OutboundMobility


def _arrivals(p: ReportParams):
    """Students who arrived in the year, by the report's day."""
    return InternationalStudent.objects.arrived_in_year(p.year, p.as_of)


def student_summary(p: ReportParams) -> Table:
    totals = figures.student_figures(p.as_of)
    arrivals = _arrivals(p).aggregate(n=Count("pk"), countries=Count("nationality", distinct=True))
    return Table(
        key="students-summary",
        title=_("International students: headline figures"),
        short_title=_("Student headline figures"),
        columns=[_("Figure"), _("People"), _("Countries and regions")],
        rows=[
            [_("On campus on the day"), totals.current, totals.current_countries],
            [_("New arrivals in the year"), arrivals["n"], arrivals["countries"]],
            [_("Students and scholars received over all years"), totals.received, totals.received_countries],
        ],
    )


def _students_on_campus_by(
    p: ReportParams, group: str, key: str, title, label, name: Callable, *, short_title=""
) -> Table:
    counts = counts_by(InternationalStudent.objects.present_on(p.as_of), group)
    rows = by_count([[name(value), n] for value, n in counts.items()])
    return Table(
        key=key,
        title=title,
        short_title=short_title,
        columns=[label, _("On campus")],
        rows=with_total(rows, _("Total")),
        has_total=True,
    )


def students_by_unit(p: ReportParams) -> Table:
    units = unit_names()
    return _students_on_campus_by(
        p,
        "unit",
        "students-by-unit",
        _("International students by BJTU unit"),
        _("BJTU unit"),
        lambda pk: units.get(pk, str(_("No unit recorded"))),
        short_title=_("Students by BJTU unit"),
    )


# Outbound ------------------------------------------------------------------


def outbound_by_route_and_kind(p: ReportParams) -> Table:
    routes, kinds = list(OutboundMobility.Route), list(OutboundMobility.Kind)
    cells = pair_counts(OutboundMobility.objects.in_year(p.year, p.as_of), "kind", "route")
    body = [[kind.label, *counts, sum(counts)] for kind, counts in zip(kinds, pivot(cells, kinds, routes), strict=True)]
    return Table(
        key="outbound-by-kind",
        title=_("BJTU students abroad by kind and route"),
        short_title=_("Students abroad by kind"),
        columns=[_("Kind"), *[route.label for route in routes], _("Total")],
        rows=with_total(body, _("Total")),
        note=_("Stays starting in the year, up to the day."),
        has_total=True,
    )


def outbound_by_country(p: ReportParams) -> Table:
    routes = list(OutboundMobility.Route)
    cells = pair_counts(OutboundMobility.objects.in_year(p.year, p.as_of), "destination_country", "route")
    codes = sorted({code for code, _route in cells})
    body = [
        [country_name(code), *counts, sum(counts)]
        for code, counts in zip(codes, pivot(cells, codes, routes), strict=True)
    ]
    return Table(
        key="outbound-by-country",
        title=_("BJTU students abroad by destination and route"),
        short_title=_("Students abroad by destination"),
        columns=[_("Destination country or region"), *[route.label for route in routes], _("Total")],
        rows=with_total(by_count(body), _("Total")),
        note=_("Stays starting in the year, up to the day."),
        has_total=True,
    )
