"""The annual statistics as plain tables, computed from records.

Each table function takes the report's parameters and returns a ``Table``
(column labels and rows of plain values: text, numbers, dates), which the
reports page, the CSV/XLSX downloads, the workbook and the PDF all render.
Figures the overview also shows come from ``intl_office.figures`` so both
places count them the same way. Every table runs a fixed number of queries.
"""

import calendar
import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db.models import Count, Q, Sum
from django.db.models.functions import ExtractYear
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from experts.models import Appointment, TalentProject
from intl_office.core.models import Unit, chinese_page
from intl_office.core.spreadsheets import SHEET_TITLE_FORBIDDEN, SHEET_TITLE_MAX
from intl_office.site import figures
from partners.models import Agreement, AgreementQuerySet, Delegation, Institution, InstitutionQuerySet
from programs.models import DegreeLevel, Program
from students.models import InternationalStudent, OutboundMobility, StudentQuerySet

TREND_YEARS = 10
EXPIRING_MONTHS = 6


@dataclass(frozen=True)
class ReportParams:
    year: int
    # Headcounts ("on campus", "in force") are taken on this day.
    as_of: datetime.date
    talent_since: int = figures.TALENT_PROGRAMS_SINCE

    @classmethod
    def for_year(cls, year: int, as_of: datetime.date | None = None, talent_since: int | None = None):
        return cls(
            year=year,
            as_of=as_of or default_as_of(year),
            talent_since=talent_since or figures.TALENT_PROGRAMS_SINCE,
        )

    def as_filters(self) -> dict:
        return {"year": self.year, "as_of": self.as_of.isoformat(), "talent_since": self.talent_since}


def default_as_of(year: int, today: datetime.date | None = None) -> datetime.date:
    """The last day of a past year; today for the current (or a future) year."""
    today = today or timezone.localdate()
    return min(datetime.date(year, 12, 31), today) if year >= today.year else datetime.date(year, 12, 31)


def add_months(day: datetime.date, months: int) -> datetime.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class Cell:
    text: str
    numeric: bool

    @classmethod
    def of(cls, value) -> "Cell":
        if isinstance(value, bool):
            return cls(str(value), False)
        if isinstance(value, int | float):
            return cls(str(value), True)
        if isinstance(value, datetime.date):
            return cls(value.isoformat(), False)
        return cls("" if value is None else str(value), False)


@dataclass
class Table:
    key: str
    title: str
    columns: list
    rows: list[list]
    note: str = ""
    # The last row sums the ones above it (shown in bold).
    has_total: bool = False
    # The sheet's name in a workbook when the title is too long for one (Excel allows 31 characters).
    short_title: str = ""

    @property
    def sheet_title(self) -> str:
        title = str(self.title)
        fits = len(title) <= SHEET_TITLE_MAX and not any(ch in SHEET_TITLE_FORBIDDEN for ch in title)
        return title if fits or not self.short_title else str(self.short_title)

    @property
    def body_rows(self) -> list[list]:
        return self.rows[:-1] if self.has_total else self.rows

    @property
    def total_row(self) -> list | None:
        return self.rows[-1] if self.has_total and self.rows else None

    # For templates: the same rows as display text, numbers marked for right alignment.
    @property
    def body_cells(self) -> list[list[Cell]]:
        return [[Cell.of(value) for value in row] for row in self.body_rows]

    @property
    def total_cells(self) -> list[Cell] | None:
        return [Cell.of(value) for value in self.total_row] if self.total_row else None


@dataclass
class Section:
    title: str
    tables: list[Table] = field(default_factory=list)


def _country(code) -> str:
    return str(countries.name(code)) or str(code)


def _choice(choices, value) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return str(value or "")


def _counts(queryset, group: str) -> dict:
    rows = queryset.values(group).annotate(n=Count("pk")).order_by()
    return {row[group]: row["n"] for row in rows}


def _pair_counts(queryset, first: str, second: str) -> dict:
    """{(first value, second value): records}, in one query: the cells of a two-way table."""
    rows = queryset.values(first, second).annotate(n=Count("pk")).order_by()
    return {(row[first], row[second]): row["n"] for row in rows}


def _pivot(cells: dict, row_keys: Iterable, col_keys: Iterable) -> list[list[int]]:
    return [[cells.get((r, c), 0) for c in col_keys] for r in row_keys]


def _with_total(rows: list[list], label, first_numeric: int = 1) -> list[list]:
    """Append a total row summing every numeric column from ``first_numeric`` on."""
    width = max((len(r) for r in rows), default=first_numeric)
    total = [label] + [""] * (first_numeric - 1)
    total += [sum(r[i] for r in rows) for i in range(first_numeric, width)]
    return [*rows, total]


def _by_count(rows: list[list], total_col: int = -1) -> list[list]:
    """Largest first, then by name, so the tables read like the ministry's."""
    return sorted(rows, key=lambda r: (-r[total_col], str(r[0])))


def bilingual(en: str, zh: str) -> str:
    """Both names, the page's language first: the ministry's forms want the Chinese name, partners the English one."""
    if not zh or zh == en:
        return en
    return f"{zh} ({en})" if chinese_page() else f"{en} ({zh})"


def _unit_names() -> dict:
    return {unit.pk: bilingual(unit.name_en, unit.name_zh) for unit in Unit.objects.only("pk", "name_en", "name_zh")}


# Partners ------------------------------------------------------------------
#
# Past years are counted by dates, not by today's status: a partner counts from
# the day relations began, an agreement was in force between its start and end
# dates even if it is marked expired now.


def partners_by_country(p: ReportParams) -> Table:
    kinds = list(Institution.Kind)
    cells = _pair_counts(Institution.objects.counted_on(p.as_of), "country", "kind")
    country_codes = sorted({c for c, _k in cells})
    body = [
        [_country(code), *counts, sum(counts)]
        for code, counts in zip(country_codes, _pivot(cells, country_codes, kinds), strict=True)
    ]
    return Table(
        key="partners-by-country",
        title=_("Partner institutions by country or region and kind"),
        short_title=_("Partners by country and kind"),
        columns=[_("Country or region"), *[k.label for k in kinds], _("Total")],
        rows=_with_total(_by_count(body), _("Total")),
        note=_(
            "Active partners whose relations began by the day (or whose start of relations is not recorded); "
            "a merged institution is counted once, as the one it became."
        ),
        has_total=True,
    )


def new_relations(p: ReportParams) -> Table:
    institutions = Institution.objects.filter(relations_since__year=p.year, relations_since__lte=p.as_of).order_by(
        "relations_since", "name_en"
    )
    rows = [
        [bilingual(inst.name_en, inst.name_zh), _country(inst.country), inst.get_kind_display(), inst.relations_since]
        for inst in institutions
    ]
    return Table(
        key="new-relations",
        title=_("New partner relations in the year"),
        short_title=_("New partner relations"),
        columns=[_("Institution"), _("Country or region"), _("Kind"), _("Relations established on")],
        rows=rows,
    )


def agreements_by_kind(p: ReportParams) -> Table:
    in_force = AgreementQuerySet.in_force_q(p.as_of)
    soon = add_months(p.as_of, EXPIRING_MONTHS)
    counts = {
        row["kind"]: row
        for row in Agreement.objects.values("kind")
        .annotate(
            active=Count("pk", filter=in_force),
            signed=Count("pk", filter=Q(signed_on__year=p.year, signed_on__lte=p.as_of)),
            expiring=Count("pk", filter=in_force & Q(ends_on__lte=soon)),
            expired=Count("pk", filter=AgreementQuerySet.lapsed_in_year_q(p.year, p.as_of)),
        )
        .order_by()
    }
    columns = ("active", "signed", "expiring", "expired")
    rows = [[kind.label, *[counts.get(kind, {}).get(c, 0) for c in columns]] for kind in Agreement.Kind]
    return Table(
        key="agreements-by-kind",
        title=_("Agreements by kind"),
        columns=[
            _("Kind"),
            _("In force on the day"),
            _("Signed in the year, by the day"),
            _("Ending within 6 months of the day"),
            _("Expired in the year, before the day"),
        ],
        rows=_with_total(rows, _("Total")),
        note=_(
            "Counted by dates: an agreement is in force from its start to its end date, including one marked "
            "expired now; drafts, negotiations and terminated agreements are left out."
        ),
        has_total=True,
    )


# Programs ------------------------------------------------------------------


def _programs_note(undated: int) -> str:
    note = gettext("Programs established in the year or before.")
    if undated:
        note += " " + ngettext(
            "%(n)s program without a recorded year of establishment is counted in every year.",
            "%(n)s programs without a recorded year of establishment are counted in every year.",
            undated,
        ) % {"n": undated}
    return note


def programs_by_kind_and_level(p: ReportParams) -> Table:
    kinds, levels = list(Program.Kind), list(DegreeLevel)
    # A program with no recorded year of establishment is counted in every year, as partners without a start date.
    existing = Q(established_year__isnull=True) | Q(established_year__lte=p.year)
    rows = list(
        Program.objects.filter(existing)
        .values("kind", "level")
        .annotate(n=Count("pk"), undated=Count("pk", filter=Q(established_year__isnull=True)))
        .order_by()
    )
    cells = {(row["kind"], row["level"]): row["n"] for row in rows}
    body = [
        [kind.label, *counts, sum(counts)] for kind, counts in zip(kinds, _pivot(cells, kinds, levels), strict=True)
    ]
    return Table(
        key="programs-by-kind-level",
        title=_("Programs by kind and level"),
        columns=[_("Kind"), *[level.label for level in levels], _("Total")],
        rows=_with_total(body, _("Total")),
        note=_programs_note(sum(row["undated"] for row in rows)),
        has_total=True,
    )


def ministry_approved_programs(p: ReportParams) -> Table:
    rows = [
        [
            bilingual(program.title_en, program.title_zh),
            "; ".join(bilingual(partner.name_en, partner.name_zh) for partner in program.partners.all()),
            program.get_level_display(),
            program.moe_approval_number,
            program.moe_approval_year,
        ]
        for program in figures.ministry_approved_programs().filter(moe_approval_year__lte=p.year)
    ]
    return Table(
        key="ministry-approved-programs",
        title=_("Ministry-approved Chinese-foreign cooperatively run programs"),
        short_title=_("Ministry-approved programs"),
        columns=[_("Program"), _("Partner institutions"), _("Level"), _("Approval number"), _("Approval year")],
        rows=rows,
        note=_("Programs approved by the Ministry of Education in the year or before."),
    )


# International students ----------------------------------------------------


def _arrivals(p: ReportParams):
    """Students who arrived in the year, by the report's day."""
    return InternationalStudent.objects.filter(arrived_on__year=p.year, arrived_on__lte=p.as_of)


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
    counts = _counts(InternationalStudent.objects.present_on(p.as_of), group)
    rows = _by_count([[name(value), n] for value, n in counts.items()])
    return Table(
        key=key,
        title=title,
        short_title=short_title,
        columns=[label, _("On campus")],
        rows=_with_total(rows, _("Total")),
        has_total=True,
    )


def students_by_nationality(p: ReportParams) -> Table:
    return _students_on_campus_by(
        p,
        "nationality",
        "students-by-nationality",
        _("International students by nationality"),
        _("Nationality"),
        _country,
        short_title=_("Students by nationality"),
    )


def students_by_category(p: ReportParams) -> Table:
    return _students_on_campus_by(
        p,
        "category",
        "students-by-category",
        _("International students by category"),
        _("Category"),
        lambda v: _choice(InternationalStudent.Category, v),
        short_title=_("Students by category"),
    )


def students_by_level(p: ReportParams) -> Table:
    return _students_on_campus_by(
        p,
        "level",
        "students-by-level",
        _("International students by level"),
        _("Level"),
        lambda v: _choice(DegreeLevel, v),
        short_title=_("Students by level"),
    )


def students_by_funding(p: ReportParams) -> Table:
    return _students_on_campus_by(
        p,
        "funding",
        "students-by-funding",
        _("International students by funding"),
        _("Funding"),
        lambda v: _choice(InternationalStudent.Funding, v),
        short_title=_("Students by funding"),
    )


def students_by_unit(p: ReportParams) -> Table:
    units = _unit_names()
    return _students_on_campus_by(
        p,
        "unit",
        "students-by-unit",
        _("International students by BJTU unit"),
        _("BJTU unit"),
        lambda pk: units.get(pk, str(_("No unit recorded"))),
        short_title=_("Students by BJTU unit"),
    )


def new_arrivals_by_category(p: ReportParams) -> Table:
    counts = _counts(_arrivals(p), "category")
    rows = [[category.label, counts.get(category, 0)] for category in InternationalStudent.Category]
    return Table(
        key="new-arrivals",
        title=_("New international students in the year, by category"),
        short_title=_("New students by category"),
        columns=[_("Category"), _("New arrivals")],
        rows=_with_total(rows, _("Total")),
        has_total=True,
    )


# Outbound ------------------------------------------------------------------


def outbound_by_route_and_kind(p: ReportParams) -> Table:
    routes, kinds = list(OutboundMobility.Route), list(OutboundMobility.Kind)
    cells = _pair_counts(OutboundMobility.objects.in_year(p.year), "kind", "route")
    body = [
        [kind.label, *counts, sum(counts)] for kind, counts in zip(kinds, _pivot(cells, kinds, routes), strict=True)
    ]
    return Table(
        key="outbound-by-kind",
        title=_("BJTU students abroad by kind and route"),
        short_title=_("Students abroad by kind"),
        columns=[_("Kind"), *[route.label for route in routes], _("Total")],
        rows=_with_total(body, _("Total")),
        note=_("Stays starting in the year."),
        has_total=True,
    )


def outbound_by_country(p: ReportParams) -> Table:
    routes = list(OutboundMobility.Route)
    cells = _pair_counts(OutboundMobility.objects.in_year(p.year), "destination_country", "route")
    codes = sorted({code for code, _route in cells})
    body = [
        [_country(code), *counts, sum(counts)] for code, counts in zip(codes, _pivot(cells, codes, routes), strict=True)
    ]
    return Table(
        key="outbound-by-country",
        title=_("BJTU students abroad by destination and route"),
        short_title=_("Students abroad by destination"),
        columns=[_("Destination country or region"), *[route.label for route in routes], _("Total")],
        rows=_with_total(_by_count(body), _("Total")),
        note=_("Stays starting in the year."),
        has_total=True,
    )


# Delegations ---------------------------------------------------------------


def delegations_by_country(p: ReportParams) -> Table:
    inbound, outbound = Q(direction=Delegation.Direction.INBOUND), Q(direction=Delegation.Direction.OUTBOUND)
    rows = (
        Delegation.objects.in_year(p.year)
        .values("country")
        .annotate(
            inbound=Count("pk", filter=inbound),
            inbound_people=Sum("people_count", filter=inbound, default=0),
            outbound=Count("pk", filter=outbound),
            outbound_people=Sum("people_count", filter=outbound, default=0),
        )
        .order_by()
    )
    body = [
        [_country(r["country"]), r["inbound"], r["inbound_people"], r["outbound"], r["outbound_people"]] for r in rows
    ]
    body.sort(key=lambda r: (-(r[2] + r[4]), r[0]))
    return Table(
        key="delegations-by-country",
        title=_("Delegations by country or region"),
        short_title=_("Delegations by country"),
        columns=[
            _("Country or region"),
            _("Inbound delegations"),
            _("Inbound person-times"),
            _("Outbound delegations"),
            _("Outbound person-times"),
        ],
        rows=_with_total(body, _("Total")),
        note=_("Visits starting in the year; Hong Kong, Macao and Taiwan included."),
        has_total=True,
    )


# Foreign experts -----------------------------------------------------------


def _teacher_counts(queryset, group: str | None):
    long_term, short_term = Q(term=Appointment.Term.LONG_TERM), Q(term=Appointment.Term.SHORT_TERM)
    counts = {
        "long": Count("expert", filter=long_term, distinct=True),
        "short": Count("expert", filter=short_term, distinct=True),
        "all": Count("expert", distinct=True),
    }
    if group is None:
        return queryset.aggregate(**counts)
    return queryset.values(group).annotate(**counts).order_by()


def _teachers_by(p: ReportParams, group: str, key: str, title, label, name: Callable, *, short_title="") -> Table:
    during = Appointment.objects.during_year(p.year)
    body = _by_count([[name(r[group]), r["long"], r["short"], r["all"]] for r in _teacher_counts(during, group)])
    # One expert can teach in two units or on two terms: the total counts people, not rows.
    total = _teacher_counts(during, None)
    return Table(
        key=key,
        title=title,
        short_title=short_title,
        columns=[label, _("Long-term"), _("Short-term"), _("People")],
        rows=[*body, [_("Total"), total["long"], total["short"], total["all"]]],
        note=_("Foreign teachers and experts with an appointment during the year; each person counted once per row."),
        has_total=True,
    )


def teachers_by_unit(p: ReportParams) -> Table:
    units = _unit_names()
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
        _country,
        short_title=_("Foreign experts by nationality"),
    )


def talent_projects(p: ReportParams) -> Table:
    schemes, statuses = list(TalentProject.Scheme), list(TalentProject.Status)
    cells = _pair_counts(TalentProject.objects.filter(year__gte=p.talent_since), "scheme", "status")
    body = [
        [scheme.label, *counts, sum(counts)]
        for scheme, counts in zip(schemes, _pivot(cells, schemes, statuses), strict=True)
    ]
    return Table(
        key="talent-projects",
        title=_("Talent-program projects by scheme and status"),
        short_title=_("Talent-program projects"),
        columns=[_("Scheme"), *[status.label for status in statuses], _("Total")],
        rows=_with_total(body, _("Total")),
        note=_("Application rounds since %(year)s.") % {"year": p.talent_since},
        has_total=True,
    )


# Trends --------------------------------------------------------------------

TREND_COLUMNS = (
    ("partner_institutions", _("Partner institutions")),
    ("agreements_in_force", _("Agreements in force")),
    ("inbound_delegation_person_times", _("Inbound delegation person-times")),
    ("outbound_delegation_person_times", _("Outbound delegation person-times")),
    ("outbound_students", _("BJTU students abroad")),
    ("outbound_through_agreements", _("Abroad through agreements or programs")),
    ("outbound_after_graduation", _("Abroad after graduation")),
    ("overseas_students", _("International students during the year")),
    ("long_term_foreign_teachers", _("Long-term foreign teachers")),
    ("short_term_foreign_experts", _("Short-term foreign experts")),
)


def trend_years(p: ReportParams) -> list[int]:
    return list(range(p.year - TREND_YEARS + 1, p.year + 1))


def _by_year(queryset, years: list[int], split: str, value) -> dict:
    """{(year, split value): aggregate} for records starting in one of the years, in one query."""
    rows = (
        queryset.filter(starts_on__year__gte=years[0], starts_on__year__lte=years[-1])
        .values(split, year=ExtractYear("starts_on"))
        .annotate(n=value)
        .order_by()
    )
    return {(row["year"], row[split]): row["n"] for row in rows}


def _students_during_years(years: list[int]) -> dict[int, int]:
    # StudentQuerySet.present_during_year's rule, once per year, as counts in a single query.
    counts = {f"y{year}": Count("pk", filter=StudentQuerySet.present_during_year_q(year)) for year in years}
    row = InternationalStudent.objects.aggregate(**counts)
    return {year: row[f"y{year}"] for year in years}


def trend_days(p: ReportParams) -> dict[int, datetime.date]:
    """The day each year's partners and agreements are counted on: its last day, the report's day for its own year."""
    return {year: p.as_of if year == p.year else datetime.date(year, 12, 31) for year in trend_years(p)}


def _partners_on_days(days: dict[int, datetime.date]) -> dict[int, tuple[int, int]]:
    """{year: (partner institutions, agreements in force)} on each day, in two queries."""
    institutions = Institution.objects.aggregate(
        **{f"y{year}": Count("pk", filter=InstitutionQuerySet.counted_on_q(day)) for year, day in days.items()}
    )
    today = timezone.localdate()
    agreements = Agreement.objects.aggregate(
        **{f"y{year}": Count("pk", filter=AgreementQuerySet.in_force_q(day, today)) for year, day in days.items()}
    )
    return {year: (institutions[f"y{year}"], agreements[f"y{year}"]) for year in days}


def trends(p: ReportParams) -> Table:
    """The figures of ``figures.year_figures`` for each of the last ten years, and the partners counted by dates.

    Six queries instead of sixty.
    """
    years = trend_years(p)
    partners = _partners_on_days(trend_days(p))
    inbound, outbound = Delegation.Direction.INBOUND, Delegation.Direction.OUTBOUND
    people = _by_year(Delegation.objects.all(), years, "direction", Sum("people_count"))
    agreement, after = OutboundMobility.Route.AGREEMENT, OutboundMobility.Route.AFTER_GRADUATION
    stays = _by_year(OutboundMobility.objects.all(), years, "route", Count("pk"))
    students = _students_during_years(years)
    teachers = figures.foreign_teachers_by_year(years)
    rows = []
    for year in years:
        abroad = stays.get((year, agreement), 0), stays.get((year, after), 0)
        values = {
            "partner_institutions": partners[year][0],
            "agreements_in_force": partners[year][1],
            "inbound_delegation_person_times": people.get((year, inbound), 0),
            "outbound_delegation_person_times": people.get((year, outbound), 0),
            "outbound_students": sum(abroad),
            "outbound_through_agreements": abroad[0],
            "outbound_after_graduation": abroad[1],
            "overseas_students": students[year],
            "long_term_foreign_teachers": teachers[year][0],
            "short_term_foreign_experts": teachers[year][1],
        }
        rows.append([year, *[values[attr] for attr, _label in TREND_COLUMNS]])
    return Table(
        key="trends",
        title=_("Headline figures over the last ten years"),
        short_title=_("Ten-year trends"),
        columns=[_("Year"), *[label for _attr, label in TREND_COLUMNS]],
        rows=rows,
        note=_(
            "Partners and agreements in force are counted by dates on the last day of each year (on the report's "
            "day for its own year), as in the partner tables; the other figures count the whole year."
        ),
    )


SECTIONS: tuple[tuple[str, tuple[Callable[[ReportParams], Table], ...]], ...] = (
    (_("Partners"), (partners_by_country, new_relations, agreements_by_kind)),
    (_("Programs"), (programs_by_kind_and_level, ministry_approved_programs)),
    (
        _("International students"),
        (
            student_summary,
            students_by_nationality,
            students_by_category,
            students_by_level,
            students_by_funding,
            students_by_unit,
            new_arrivals_by_category,
        ),
    ),
    (_("Outbound"), (outbound_by_route_and_kind, outbound_by_country)),
    (_("Delegations"), (delegations_by_country,)),
    (_("Foreign experts"), (teachers_by_unit, teachers_by_nationality, talent_projects)),
    (_("Trends"), (trends,)),
)

TABLE_KEYS = {
    "partners-by-country": partners_by_country,
    "new-relations": new_relations,
    "agreements-by-kind": agreements_by_kind,
    "programs-by-kind-level": programs_by_kind_and_level,
    "ministry-approved-programs": ministry_approved_programs,
    "students-summary": student_summary,
    "students-by-nationality": students_by_nationality,
    "students-by-category": students_by_category,
    "students-by-level": students_by_level,
    "students-by-funding": students_by_funding,
    "students-by-unit": students_by_unit,
    "new-arrivals": new_arrivals_by_category,
    "outbound-by-kind": outbound_by_route_and_kind,
    "outbound-by-country": outbound_by_country,
    "delegations-by-country": delegations_by_country,
    "experts-by-unit": teachers_by_unit,
    "experts-by-nationality": teachers_by_nationality,
    "talent-projects": talent_projects,
    "trends": trends,
}


def annual_report(p: ReportParams) -> list[Section]:
    return [Section(title=title, tables=[build(p) for build in builders]) for title, builders in SECTIONS]


def table(key: str, p: ReportParams) -> Table:
    """One table by its key; KeyError for an unknown key."""
    return TABLE_KEYS[key](p)
