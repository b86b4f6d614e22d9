"""The national table set for international students: the tables Chinese universities compile for the Ministry of
Education every year, with row and column labels in Chinese and English.

Students are counted as the ministry counts them: everyone on campus on at least one day of the year (up to the
report's day), by the ministry's categories (degree students: bachelor, master, doctoral; non-degree students: general
scholars, senior scholars, short-term students) and sources of funding, which the students' QuerySet works out from
what is recorded (``StudentQuerySet.national_category_case``). One query per table, two for the tables of two counts.
"""

import datetime
from collections import Counter, defaultdict

from django.utils.translation import gettext_lazy as _

from intl_office.core.figure_cache import cached
from intl_office.reports.base import Table, both, both_country, counts_by, pair_counts, with_total
from intl_office.reports.continents import Continent, continent_of
from intl_office.reports.params import ReportParams
from students.models import InternationalStudent

NC = InternationalStudent.NationalCategory
DEGREE = (NC.BACHELOR, NC.MASTER, NC.DOCTORAL, NC.DEGREE_LEVEL_UNKNOWN)
NON_DEGREE = (NC.GENERAL_SCHOLAR, NC.SENIOR_SCHOLAR, NC.SHORT_TERM)
DEGREE_SUBTOTAL, NON_DEGREE_SUBTOTAL, TOTAL = "degree", "non_degree", "total"
# The continents in the order of the ministry's tables.
CONTINENTS = (Continent.ASIA, Continent.AFRICA, Continent.EUROPE, Continent.AMERICAS, Continent.OCEANIA)

NOTE = _(
    "International students on campus on at least one day of the year, up to the report's day, as the Ministry of "
    "Education counts them: exchange and Chinese-language students are general scholars, visiting scholars senior "
    "scholars."
)


def _during(p: ReportParams):
    return InternationalStudent.objects.present_during_year(p.year, p.as_of).with_national_categories()


def _during_pairs(p: ReportParams, first: str) -> dict:
    """{(value, category): students} of the year, kept like the tables: the continents' and the countries' tables
    count the same pairs (a pass over every student, 200 ms at 100x)."""
    return _pairs_during(p.year, p.as_of, first)


@cached
def _pairs_during(year: int, as_of: datetime.date, first: str) -> dict:
    during = InternationalStudent.objects.present_during_year(year, as_of).with_national_categories()
    return pair_counts(during, first, "national_category")


def _categories(show_unknown: bool) -> list:
    """The column keys: each category, the degree and non-degree subtotals, the total. Degree students of unrecorded
    level get a column only when there are some."""
    degree = [c for c in DEGREE if c != NC.DEGREE_LEVEL_UNKNOWN or show_unknown]
    return [*degree, DEGREE_SUBTOTAL, *NON_DEGREE, NON_DEGREE_SUBTOTAL, TOTAL]


def _category_labels(keys: list) -> list[str]:
    names = {
        DEGREE_SUBTOTAL: _("Degree students"),
        NON_DEGREE_SUBTOTAL: _("Non-degree students"),
        TOTAL: _("Total"),
    }
    return [both(names[key]) if key in names else both(NC(key).label) for key in keys]


def _category_values(counts: Counter, keys: list) -> list[int]:
    degree = sum(counts[c] for c in DEGREE)
    non_degree = sum(counts[c] for c in NON_DEGREE)
    sums = {DEGREE_SUBTOTAL: degree, NON_DEGREE_SUBTOTAL: non_degree, TOTAL: degree + non_degree}
    return [sums[key] if key in sums else counts[key] for key in keys]


def _by_category(cells: dict) -> tuple[dict, bool]:
    """{group: Counter of categories} from {(group, category): n}, and whether any degree level is unrecorded."""
    groups = defaultdict(Counter)
    for (group, category), n in cells.items():
        groups[group][category] += n
    return groups, any(category == NC.DEGREE_LEVEL_UNKNOWN for _group, category in cells)


def _category_table(key, title, short_title, label, rows_by_group, show_unknown: bool, **kwargs) -> Table:
    """A table of categories across: one row per (label, counts) pair, and the total."""
    keys = _categories(show_unknown)
    first = len(label) if isinstance(label, list) else 1
    labels = label if isinstance(label, list) else [label]
    body = [[*names, *_category_values(counts, keys)] for names, counts in rows_by_group]
    return Table(
        key=key,
        title=title,
        short_title=short_title,
        columns=[*[both(text) for text in labels], *_category_labels(keys)],
        rows=with_total(body, both(_("Total")), first_numeric=first),
        note=NOTE,
        has_total=True,
        label_columns=first,
        **kwargs,
    )


def students_by_continent(p: ReportParams) -> Table:
    by_country, unknown = _by_category(_during_pairs(p, "nationality"))
    by_continent = defaultdict(Counter)
    for code, counts in by_country.items():
        by_continent[continent_of(code)].update(counts)
    shown = [*CONTINENTS, *([Continent.OTHER] if by_continent.get(Continent.OTHER) else [])]
    return _category_table(
        "students-by-continent",
        _("International students by continent"),
        _("Students by continent"),
        _("Continent"),
        [([both(continent.label)], by_continent[continent]) for continent in shown],
        unknown,
    )


def students_by_country(p: ReportParams) -> Table:
    by_country, unknown = _by_category(_during_pairs(p, "nationality"))
    order = {continent: n for n, continent in enumerate([*CONTINENTS, Continent.OTHER])}
    names = {code: both_country(code) for code in by_country}
    codes = sorted(
        by_country, key=lambda c: (order[continent_of(c)], -sum(by_country[c].values()), names[c].casefold())
    )
    return _category_table(
        "students-by-country",
        _("International students by continent and country or region"),
        _("Students by country"),
        [_("Continent"), _("Country or region")],
        [([both(continent_of(code).label), names[code]], by_country[code]) for code in codes],
        unknown,
    )


def students_by_funding(p: ReportParams) -> Table:
    by_funding, unknown = _by_category(_during_pairs(p, "national_funding"))
    return _category_table(
        "students-by-funding",
        _("International students by source of funding"),
        _("Students by funding"),
        _("Source of funding"),
        [([both(funding.label)], by_funding[funding]) for funding in InternationalStudent.NationalFunding],
        unknown,
    )


def students_by_discipline(p: ReportParams) -> Table:
    by_discipline, unknown = _by_category(_during_pairs(p, "discipline"))
    rows = [([both(d.label)], by_discipline[d]) for d in InternationalStudent.Discipline]
    if by_discipline.get(""):
        rows.append(([both(_("Not recorded"))], by_discipline[""]))
    return _category_table(
        "students-by-discipline",
        _("International students by discipline"),
        _("Students by discipline"),
        _("Discipline"),
        rows,
        unknown,
    )


# Tables of categories down the side --------------------------------------------------------------------------------


def _category_rows(columns: list[dict], show_unknown: bool) -> tuple[list[list], tuple[int, ...]]:
    """Rows down the side: degree students and their levels, non-degree students and their kinds; each row gives one
    figure per column (a {category: n} dict). Returns the rows (without the total) and the subtotal rows."""
    degree = [c for c in DEGREE if c != NC.DEGREE_LEVEL_UNKNOWN or show_unknown]
    rows, subtotals = [], []
    for label, group in ((_("Degree students"), degree), (_("Non-degree students"), NON_DEGREE)):
        subtotals.append(len(rows))
        rows.append([both(label), *[sum(counts.get(c, 0) for c in group) for counts in columns]])
        rows += [[both(NC(c).label), *[counts.get(c, 0) for counts in columns]] for c in group]
    return rows, tuple(subtotals)


def _category_down_table(key, title, short_title, column_labels, columns: list[dict], note) -> Table:
    show_unknown = any(counts.get(NC.DEGREE_LEVEL_UNKNOWN) for counts in columns)
    rows, subtotals = _category_rows(columns, show_unknown)
    totals = [sum(counts.values()) for counts in columns]
    return Table(
        key=key,
        title=title,
        short_title=short_title,
        columns=[both(_("Category")), *[both(label) for label in column_labels]],
        rows=[*rows, [both(_("Total")), *totals]],
        note=note,
        has_total=True,
        subtotal_rows=subtotals,
    )


def students_by_category(p: ReportParams) -> Table:
    during = counts_by(_during(p), "national_category")
    on_campus = counts_by(
        InternationalStudent.objects.present_on(p.as_of).with_national_categories(), "national_category"
    )
    return _category_down_table(
        "students-by-category",
        _("International students by category"),
        _("Students by category"),
        [_("During the year"), _("On campus on the day")],
        [during, on_campus],
        NOTE,
    )


def new_students_and_graduates(p: ReportParams) -> Table:
    students = InternationalStudent.objects.with_national_categories()
    arrived = counts_by(students.arrived_in_year(p.year, p.as_of), "national_category")
    graduated = counts_by(students.graduated_in_year(p.year, p.as_of), "national_category")
    return _category_down_table(
        "students-arrivals-graduates",
        _("New international students and graduates in the year"),
        _("New students and graduates"),
        [_("New arrivals"), _("Graduated or completed")],
        [arrived, graduated],
        _(
            "Arrivals and graduations (degree conferred, or non-degree studies completed) in the year, up to the "
            "report's day."
        ),
    )
