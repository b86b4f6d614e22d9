"""The annual report: its sections and tables in order, and each table by its key.

Figures the overview also shows come from ``intl_office.site.figures`` so both places count them the same way.
Every table runs a fixed number of queries, and is cached until a record changes.
"""

from collections.abc import Callable

from django.utils.translation import gettext_lazy as _

from intl_office.core.figure_cache import get_or_compute
from intl_office.reports.base import Section, Table
from intl_office.reports.compare import compared
from intl_office.reports.expert_tables import talent_projects, teachers_by_nationality, teachers_by_unit
from intl_office.reports.front import key_figures
from intl_office.reports.national_tables import (
    new_students_and_graduates,
    students_by_category,
    students_by_continent,
    students_by_country,
    students_by_discipline,
    students_by_funding,
)
from intl_office.reports.params import ReportParams
from intl_office.reports.partner_tables import (
    agreements_by_kind,
    delegations_by_country,
    new_relations,
    partners_by_country,
)
from intl_office.reports.program_tables import ministry_approved_programs, programs_by_kind_and_level
from intl_office.reports.student_tables import (
    outbound_by_country,
    outbound_by_route_and_kind,
    student_summary,
    students_by_unit,
)
from intl_office.reports.trends import trends

SECTIONS: tuple[tuple[str, tuple[Callable[[ReportParams], Table], ...]], ...] = (
    (_("Partners"), (partners_by_country, new_relations, agreements_by_kind)),
    (_("Programs"), (programs_by_kind_and_level, ministry_approved_programs)),
    (_("International students"), (student_summary, students_by_unit)),
    (
        _("International students: the national statistics"),
        (
            students_by_continent,
            students_by_country,
            students_by_category,
            students_by_funding,
            students_by_discipline,
            new_students_and_graduates,
        ),
    ),
    (_("Outbound"), (outbound_by_route_and_kind, outbound_by_country)),
    (_("Delegations"), (delegations_by_country,)),
    (_("Foreign experts"), (teachers_by_unit, teachers_by_nationality, talent_projects)),
    (_("Trends"), (trends,)),
)

TABLE_KEYS = {
    # The front page's table; downloaded like the others.
    "key-figures": key_figures,
    "partners-by-country": partners_by_country,
    "new-relations": new_relations,
    "agreements-by-kind": agreements_by_kind,
    "programs-by-kind-level": programs_by_kind_and_level,
    "ministry-approved-programs": ministry_approved_programs,
    "students-summary": student_summary,
    "students-by-unit": students_by_unit,
    "students-by-continent": students_by_continent,
    "students-by-country": students_by_country,
    "students-by-category": students_by_category,
    "students-by-funding": students_by_funding,
    "students-by-discipline": students_by_discipline,
    "students-arrivals-graduates": new_students_and_graduates,
    "outbound-by-kind": outbound_by_route_and_kind,
    "outbound-by-country": outbound_by_country,
    "delegations-by-country": delegations_by_country,
    "experts-by-unit": teachers_by_unit,
    "experts-by-nationality": teachers_by_nationality,
    "talent-projects": talent_projects,
    "trends": trends,
}


def _built(builder: Callable[[ReportParams], Table], p: ReportParams) -> Table:
    """The table for the year; with a year to compare with, its figures beside this year's, and the change."""
    table = builder(p)
    other = p.compared()
    if other is None or builder is key_figures:
        # The key figures compare with the compared year themselves.
        return table
    return compared(table, builder(other), p.year, other.year)


def annual_report(p: ReportParams) -> list[Section]:
    """Every section, kept in the cache until a record changes (``intl_office.core.figure_cache``)."""
    return get_or_compute(
        "reports.annual_report",
        (p,),
        lambda: [Section(title=title, tables=[_built(build, p) for build in builders]) for title, builders in SECTIONS],
    )


def table(key: str, p: ReportParams) -> Table:
    """One table by its key; KeyError for an unknown key."""
    builder = TABLE_KEYS[key]
    return get_or_compute("reports.table", (key, p), lambda: _built(builder, p))
