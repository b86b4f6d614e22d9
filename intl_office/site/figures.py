"""The headline figures of BJTU's international overview, computed from records.

Plain functions spanning the apps, shared by the public overview, the reports
area and the demo-data tests, so every place that shows a figure counts it the
same way. Each function runs a small, fixed number of queries, and the counting ones keep their result in the
cache until a record changes (``intl_office.core.figure_cache``; ``.uncached`` counts afresh).
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Min, Q, Sum
from django.utils import timezone

from experts.models import Appointment, TalentProject
from intl_office.core.figure_cache import cached
from intl_office.travel.person_times import person_times
from partners.models import Agreement, Delegation, Institution
from programs.models import Program
from students.models import InternationalStudent, OutboundMobility

TALENT_PROGRAMS_SINCE = 2011


@dataclass(frozen=True)
class PartnerFigures:
    institutions: int
    countries: int
    # Universities with an agreement in force in each mobility form, and in any of them.
    universities_by_kind: dict[str, int]
    universities_any_mobility: int


@dataclass(frozen=True)
class StudentFigures:
    current: int
    current_countries: int
    received: int
    received_countries: int


@dataclass(frozen=True)
class YearFigures:
    year: int
    inbound_delegation_person_times: int
    outbound_delegation_person_times: int
    outbound_students: int
    outbound_through_agreements: int
    outbound_after_graduation: int
    overseas_students: int
    long_term_foreign_teachers: int
    short_term_foreign_experts: int


@dataclass(frozen=True)
class TalentFigures:
    since: int
    approved: int
    by_scheme: dict[str, int] = field(default_factory=dict)


@cached
def partner_figures(on: datetime.date | None = None) -> PartnerFigures:
    counted = Institution.objects.counted()
    totals = counted.aggregate(institutions=Count("pk"), countries=Count("country", distinct=True))
    in_force = Agreement.objects.in_force(on).filter(kind__in=Agreement.MOBILITY_KINDS)
    universities = counted.filter(kind=Institution.Kind.UNIVERSITY)
    by_kind_rows = (
        universities.filter(agreements__in=in_force)
        .values("agreements__kind")
        .annotate(n=Count("pk", distinct=True))
        .order_by()
    )
    by_kind = {kind.value: 0 for kind in Agreement.MOBILITY_KINDS}
    by_kind.update({row["agreements__kind"]: row["n"] for row in by_kind_rows})
    any_mobility = universities.filter(agreements__in=in_force).distinct().count()
    return PartnerFigures(
        institutions=totals["institutions"],
        countries=totals["countries"],
        universities_by_kind=by_kind,
        universities_any_mobility=any_mobility,
    )


@cached
def student_figures(on: datetime.date | None = None) -> StudentFigures:
    on = on or timezone.localdate()
    current = InternationalStudent.objects.present_on(on).aggregate(
        n=Count("pk"), countries=Count("nationality", distinct=True)
    )
    received = (
        InternationalStudent.objects.received()
        .filter(arrived_on__lte=on)
        .aggregate(n=Count("pk"), countries=Count("nationality", distinct=True))
    )
    return StudentFigures(
        current=current["n"],
        current_countries=current["countries"],
        received=received["n"],
        received_countries=received["countries"],
    )


@cached
def year_figures(year: int, by: datetime.date | None = None) -> YearFigures:
    """The year's figures; up to the day ``by`` when given (a report's day), else the whole year."""
    # Grouped by direction, so each delegation's person-times (two subqueries) are computed once, not once per
    # direction's sum.
    by_direction = dict(
        Delegation.objects.in_year(year, by)
        .order_by()
        .values_list("direction")
        .annotate(n=Sum(person_times()))
        .values_list("direction", "n")
    )
    delegations = {
        "inbound": by_direction.get(Delegation.Direction.INBOUND) or 0,
        "outbound": by_direction.get(Delegation.Direction.OUTBOUND) or 0,
    }
    outbound = OutboundMobility.objects.in_year(year, by).aggregate(
        total=Count("pk"),
        agreement=Count("pk", filter=Q(route=OutboundMobility.Route.AGREEMENT)),
        after_graduation=Count("pk", filter=Q(route=OutboundMobility.Route.AFTER_GRADUATION)),
    )
    teachers = Appointment.objects.during_year(year, by).aggregate(**Appointment.objects.people_by_term())
    return YearFigures(
        year=year,
        inbound_delegation_person_times=delegations["inbound"],
        outbound_delegation_person_times=delegations["outbound"],
        outbound_students=outbound["total"],
        outbound_through_agreements=outbound["agreement"],
        outbound_after_graduation=outbound["after_graduation"],
        overseas_students=InternationalStudent.objects.present_during_year(year, by).count(),
        long_term_foreign_teachers=teachers["long_term"],
        short_term_foreign_experts=teachers["short_term"],
    )


@cached
def talent_figures(since: int = TALENT_PROGRAMS_SINCE, until: int | None = None) -> TalentFigures:
    """Approvals of the application rounds since the year (up to ``until``, if given)."""
    rows = TalentProject.objects.approved_since(since, until).values("scheme").annotate(n=Count("pk")).order_by()
    by_scheme = {scheme.value: 0 for scheme in TalentProject.Scheme}
    by_scheme.update({row["scheme"]: row["n"] for row in rows})
    return TalentFigures(since=since, approved=sum(by_scheme.values()), by_scheme=by_scheme)


def ministry_approved_programs():
    return Program.objects.ministry_approved().prefetch_related("partners").order_by("moe_approval_year", "title_en")


def institutes_abroad():
    return Program.objects.filter(kind=Program.Kind.INSTITUTE_ABROAD).prefetch_related("partners").order_by("title_en")


def latest_complete_year(today: datetime.date | None = None) -> int:
    return (today or timezone.localdate()).year - 1


@cached
def institutions_by_kind() -> dict[str, int]:
    """Counted partner institutions per kind (universities, companies, ...)."""
    rows = Institution.objects.counted().values("kind").annotate(n=Count("pk")).order_by()
    by_kind = {kind.value: 0 for kind in Institution.Kind}
    by_kind.update({row["kind"]: row["n"] for row in rows})
    return by_kind


@cached
def current_students_by_country(on: datetime.date | None = None) -> dict[str, int]:
    """International students on campus on the day, per nationality (country code)."""
    rows = (
        InternationalStudent.objects.present_on(on)
        .values("nationality")
        .annotate(n=Count("pk"))
        .order_by("nationality")
    )
    return {row["nationality"]: row["n"] for row in rows}


@cached
def foreign_teachers_by_year(years: list[int], by: datetime.date | None = None) -> dict[int, tuple[int, int]]:
    """(long-term teachers, short-term experts) per year, counted as in year_figures, in one query; each year up to
    the day ``by`` when given (a report's day, which only cuts its own year short)."""
    aggregates = {}
    for year in years:
        counts = Appointment.objects.people_by_term(Appointment.objects.during_year_q(year, by))
        aggregates.update({f"{term}_{year}": count for term, count in counts.items()})
    if not aggregates:
        return {}
    row = Appointment.objects.aggregate(**aggregates)
    return {
        year: (row[f"{Appointment.Term.LONG_TERM.value}_{year}"], row[f"{Appointment.Term.SHORT_TERM.value}_{year}"])
        for year in years
    }


@cached
def first_record_year(default: int | None = None) -> int:
    """The earliest year with a delegation, a BJTU student abroad or a foreign teacher: where year views start."""
    firsts = [
        Delegation.objects.aggregate(first=Min("starts_on"))["first"],
        OutboundMobility.objects.aggregate(first=Min("starts_on"))["first"],
        Appointment.objects.aggregate(first=Min("starts_on"))["first"],
    ]
    years = [day.year for day in firsts if day]
    return min(years) if years else (default or latest_complete_year())


def partners_by_country() -> dict[str, int]:
    """Counted partner institutions per country or region (code), in one query: the maps' figures."""
    rows = Institution.objects.counted().values("country").annotate(n=Count("pk")).order_by("country")
    return {row["country"]: row["n"] for row in rows}
