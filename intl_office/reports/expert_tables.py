"""Foreign teachers and experts, and talent-program projects."""

from collections.abc import Callable

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from experts.models import Appointment, TalentProject
from intl_office.reports.base import Table, by_count, country_name, pair_counts, pivot, unit_names, with_total
from intl_office.reports.params import ReportParams

LONG, SHORT = Appointment.Term.LONG_TERM.value, Appointment.Term.SHORT_TERM.value


def _teacher_counts(queryset, group: str | None):
    counts = {**Appointment.objects.people_by_term(), "all": Count("expert", distinct=True)}
    if group is None:
        return queryset.aggregate(**counts)
    return queryset.values(group).annotate(**counts).order_by()


def _teachers_by(p: ReportParams, group: str, key: str, title, label, name: Callable, *, short_title="") -> Table:
    during = Appointment.objects.during_year(p.year, p.as_of)
    body = by_count([[name(r[group]), r[LONG], r[SHORT], r["all"]] for r in _teacher_counts(during, group)])
    # One expert can teach in two units or on two terms: the total counts people, not rows.
    total = _teacher_counts(during, None)
    return Table(
        key=key,
        title=title,
        short_title=short_title,
        columns=[label, _("Long-term"), _("Short-term"), _("People")],
        rows=[*body, [_("Total"), total[LONG], total[SHORT], total["all"]]],
        note=_(
            "Foreign teachers and experts with an appointment during the year, up to the day; each person counted once "
            "per row."
        ),
        has_total=True,
    )


def teachers_by_unit(p: ReportParams) -> Table:
    units = unit_names()
    return _teachers_by(
        p,
        "unit",
        "experts-by-unit",
        _("Foreign teachers and experts by unit"),
        _("BJTU unit"),
        lambda pk: units[pk],
        short_title=_("Foreign experts by unit"),
    )


def teachers_by_nationality(p: ReportParams) -> Table:
    return _teachers_by(
        p,
        "expert__nationality",
        "experts-by-nationality",
        _("Foreign teachers and experts by nationality"),
        _("Nationality"),
        country_name,
        short_title=_("Foreign experts by nationality"),
    )


def talent_projects(p: ReportParams) -> Table:
    schemes, statuses = list(TalentProject.Scheme), list(TalentProject.Status)
    cells = pair_counts(TalentProject.objects.rounds_between(p.talent_since, p.year), "scheme", "status")
    body = [
        [scheme.label, *counts, sum(counts)]
        for scheme, counts in zip(schemes, pivot(cells, schemes, statuses), strict=True)
    ]
    return Table(
        key="talent-projects",
        title=_("Talent-program projects by scheme and status"),
        short_title=_("Talent-program projects"),
        columns=[_("Scheme"), *[status.label for status in statuses], _("Total")],
        rows=with_total(body, _("Total")),
        note=_("Application rounds from %(since)s to %(year)s.") % {"since": p.talent_since, "year": p.year},
        has_total=True,
    )
