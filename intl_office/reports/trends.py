"""The headline figures over the last ten years, in a fixed number of queries."""

import datetime

from django.db.models import Count, Sum
from django.db.models.functions import ExtractYear
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from intl_office.reports.base import NO_RECORDS, Table
from intl_office.reports.params import ReportParams
from intl_office.reports.snapshot import FirstYears, first_years
from intl_office.site import figures
from intl_office.travel.person_times import person_times
from partners.models import Agreement, Delegation, Institution
from students.models import InternationalStudent, OutboundMobility

TREND_YEARS = 10

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
# The kind of record each column counts (``snapshot.FirstYears``): before its first record a year has "no records".
KIND_OF = {
    "partner_institutions": "partners",
    "agreements_in_force": "agreements",
    "inbound_delegation_person_times": "delegations",
    "outbound_delegation_person_times": "delegations",
    "outbound_students": "outbound",
    "outbound_through_agreements": "outbound",
    "outbound_after_graduation": "outbound",
    "overseas_students": "students",
    "long_term_foreign_teachers": "appointments",
    "short_term_foreign_experts": "appointments",
}


def trend_years(p: ReportParams, firsts: FirstYears) -> list[int]:
    """The last ten years up to the report's; years before the first record of any kind are left out."""
    years = range(p.year - TREND_YEARS + 1, p.year + 1)
    known = [getattr(firsts, kind) for kind in set(KIND_OF.values())]
    earliest = min((year for year in known if year is not None), default=p.year)
    return [year for year in years if year >= earliest] or [p.year]


def _by_year(queryset, years: list[int], by: datetime.date, split: str, value) -> dict:
    """{(year, split value): aggregate} for records starting in one of the years up to the day, in one query."""
    rows = (
        queryset.filter(starts_on__year__gte=years[0], starts_on__year__lte=years[-1], starts_on__lte=by)
        .values(split, year=ExtractYear("starts_on"))
        .annotate(n=value)
        .order_by()
    )
    return {(row["year"], row[split]): row["n"] for row in rows}


def _students_during_years(years: list[int], by: datetime.date | None = None) -> dict[int, int]:
    # StudentQuerySet.present_during_year's rule, once per year (up to the report's day), as counts in a single query.
    counts = {
        f"y{year}": Count("pk", filter=InternationalStudent.objects.present_during_year_q(year, by)) for year in years
    }
    row = InternationalStudent.objects.aggregate(**counts)
    return {year: row[f"y{year}"] for year in years}


def trend_days(p: ReportParams, years: list[int]) -> dict[int, datetime.date]:
    """The day each year's partners and agreements are counted on: its last day, the report's day for its own year."""
    return {year: p.as_of if year == p.year else datetime.date(year, 12, 31) for year in years}


def _partners_on_days(days: dict[int, datetime.date]) -> dict[int, tuple[int, int]]:
    """{year: (partner institutions, agreements in force)} on each day, in two queries."""
    institutions = Institution.objects.aggregate(
        **{f"y{year}": Count("pk", filter=Institution.objects.counted_on_q(day)) for year, day in days.items()}
    )
    today = timezone.localdate()
    agreements = Agreement.objects.aggregate(
        **{f"y{year}": Count("pk", filter=Agreement.objects.in_force_q(day, today)) for year, day in days.items()}
    )
    return {year: (institutions[f"y{year}"], agreements[f"y{year}"]) for year in days}


def trends(p: ReportParams) -> Table:
    """The figures of ``figures.year_figures`` for each of the last ten years, and the partners counted by dates.

    Six queries instead of sixty (and seven for the first year of each kind of record). A year before the first
    record of a kind shows "no records" for it; years before any record are left out.
    """
    firsts = first_years()
    years = trend_years(p, firsts)
    partners = _partners_on_days(trend_days(p, years))
    inbound, outbound = Delegation.Direction.INBOUND, Delegation.Direction.OUTBOUND
    people = _by_year(Delegation.objects.all(), years, p.as_of, "direction", Sum(person_times()))
    agreement, after = OutboundMobility.Route.AGREEMENT, OutboundMobility.Route.AFTER_GRADUATION
    stays = _by_year(OutboundMobility.objects.all(), years, p.as_of, "route", Count("pk"))
    students = _students_during_years(years, p.as_of)
    teachers = figures.foreign_teachers_by_year(years, p.as_of)
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
        rows.append(
            [
                year,
                *[
                    values[attr] if firsts.has_records(KIND_OF[attr], year) else NO_RECORDS
                    for attr, _label in TREND_COLUMNS
                ],
            ]
        )
    return Table(
        key="trends",
        title=_("Headline figures over the last ten years"),
        short_title=_("Ten-year trends"),
        columns=[_("Year"), *[label for _attr, label in TREND_COLUMNS]],
        rows=rows,
        note=_(
            "Partners and agreements in force are counted by dates on the last day of each year (on the report's "
            "day for its own year), as in the partner tables; the other figures count the whole year (up to the "
            "report's day for its own year). A year before the first record of a kind has no records of it, which "
            "is not the same as none."
        ),
    )
