"""A year in figures, as the front page tells it: the standing figures on the report's day (partners, students on
campus) and the year's flows up to that day (visits, stays abroad, teachers).

Every figure is counted by the rule its domain app defines (the QuerySets) or by ``intl_office.site.figures``, so the
front page, the key figures and the tables agree. A figure for a year before the first record of its kind is
``NO_RECORDS``, not zero.
"""

from dataclasses import dataclass, field

from django.db.models import Count, Min, Q

from experts.models import Appointment, TalentProject
from intl_office.reports.base import NO_RECORDS, NoRecords
from intl_office.reports.params import ReportParams
from intl_office.site import figures
from partners.models import Agreement, Delegation, Institution
from students.models import InternationalStudent, OutboundMobility

EVERY_YEAR = 0

# The years over which the front page says how many long-term teachers came "in recent years".
RECENT_YEARS = 5


@dataclass(frozen=True)
class FirstYears:
    """The first year with a record of each kind; None when there is none. Partners with no recorded start of
    relations count in every year (``EVERY_YEAR``)."""

    partners: int | None
    agreements: int | None
    students: int | None
    delegations: int | None
    outbound: int | None
    appointments: int | None
    talent: int | None

    def has_records(self, kind: str, year: int) -> bool:
        first = getattr(self, kind)
        return first is not None and year >= first


def first_years() -> FirstYears:
    """Seven small aggregate queries."""
    partners = Institution.objects.aggregate(
        first=Min("relations_since"), undated=Count("pk", filter=Q(relations_since__isnull=True))
    )
    partners_first = EVERY_YEAR if partners["undated"] else (partners["first"].year if partners["first"] else None)

    def first(model, date_field: str) -> int | None:
        day = model.objects.aggregate(first=Min(date_field))["first"]
        return day.year if day else None

    return FirstYears(
        partners=partners_first,
        agreements=first(Agreement, "starts_on"),
        students=first(InternationalStudent, "arrived_on"),
        delegations=first(Delegation, "starts_on"),
        outbound=first(OutboundMobility, "starts_on"),
        appointments=first(Appointment, "starts_on"),
        talent=TalentProject.objects.aggregate(first=Min("year"))["first"],
    )


@dataclass
class Snapshot:
    year: int
    params: ReportParams
    partner_institutions: int | NoRecords = 0
    partner_countries: int | NoRecords = 0
    mobility_universities: int | NoRecords = 0
    agreements_in_force: int | NoRecords = 0
    students_on_campus: int | NoRecords = 0
    student_countries: int | NoRecords = 0
    students_received: int | NoRecords = 0
    received_countries: int | NoRecords = 0
    students_during_year: int | NoRecords = 0
    new_students: int | NoRecords = 0
    graduates: int | NoRecords = 0
    inbound_person_times: int | NoRecords = 0
    outbound_person_times: int | NoRecords = 0
    outbound_students: int | NoRecords = 0
    outbound_through_agreements: int | NoRecords = 0
    outbound_after_graduation: int | NoRecords = 0
    long_term_teachers: int | NoRecords = 0
    short_term_experts: int | NoRecords = 0
    talent_approved: int | NoRecords = 0
    # Approved projects of the rounds since ``params.talent_since``, by scheme value.
    talent_by_scheme: dict[str, int] = field(default_factory=dict)
    # Where the students received so far came from: nationality codes with their counts.
    received_by_country: dict[str, int] = field(default_factory=dict)
    # Long-term foreign teachers in each of the recent years (those with records).
    recent_long_term: dict[int, int] = field(default_factory=dict)
    institutes_abroad: list = field(default_factory=list)
    ministry_programs: list = field(default_factory=list)


# Which kind of record each figure is counted from: before its first year, the figure is "no records".
KIND_OF = {
    "partner_institutions": "partners",
    "partner_countries": "partners",
    "mobility_universities": "agreements",
    "agreements_in_force": "agreements",
    "students_on_campus": "students",
    "student_countries": "students",
    "students_received": "students",
    "received_countries": "students",
    "students_during_year": "students",
    "new_students": "students",
    "graduates": "students",
    "inbound_person_times": "delegations",
    "outbound_person_times": "delegations",
    "outbound_students": "outbound",
    "outbound_through_agreements": "outbound",
    "outbound_after_graduation": "outbound",
    "long_term_teachers": "appointments",
    "short_term_experts": "appointments",
    "talent_approved": "talent",
}


def snapshot(p: ReportParams, firsts: FirstYears | None = None) -> Snapshot:
    """The year's figures on the report's day."""
    firsts = firsts or first_years()
    day, year = p.as_of, p.year
    partners = Institution.objects.counted_on(day).aggregate(n=Count("pk"), countries=Count("country", distinct=True))
    students = figures.student_figures(day)
    flows = figures.year_figures(year, day)
    talent = figures.talent_figures(p.talent_since, year)
    received = (
        InternationalStudent.objects.received()
        .filter(arrived_on__lte=day)
        .values("nationality")
        .annotate(n=Count("pk"))
        .order_by()
    )
    arrivals = InternationalStudent.objects.arrived_in_year(year, day)
    recent = [y for y in range(year - RECENT_YEARS + 1, year + 1) if firsts.has_records("appointments", y)]
    teachers = figures.foreign_teachers_by_year(recent, day) if recent else {}
    result = Snapshot(
        year=year,
        params=p,
        partner_institutions=partners["n"],
        partner_countries=partners["countries"],
        mobility_universities=Institution.objects.mobility_universities_on(day).count(),
        agreements_in_force=Agreement.objects.in_force(day).count(),
        students_on_campus=students.current,
        student_countries=students.current_countries,
        students_received=students.received,
        received_countries=students.received_countries,
        students_during_year=flows.overseas_students,
        new_students=arrivals.count(),
        graduates=InternationalStudent.objects.graduated_in_year(year, day).count(),
        inbound_person_times=flows.inbound_delegation_person_times,
        outbound_person_times=flows.outbound_delegation_person_times,
        outbound_students=flows.outbound_students,
        outbound_through_agreements=flows.outbound_through_agreements,
        outbound_after_graduation=flows.outbound_after_graduation,
        long_term_teachers=flows.long_term_foreign_teachers,
        short_term_experts=flows.short_term_foreign_experts,
        talent_approved=talent.approved,
        talent_by_scheme=talent.by_scheme,
        received_by_country={row["nationality"]: row["n"] for row in received},
        recent_long_term={y: teachers[y][0] for y in recent},
        institutes_abroad=list(
            figures.institutes_abroad().established_by(year).order_by("established_year", "title_en")
        ),
        ministry_programs=list(figures.ministry_approved_programs().filter(moe_approval_year__lte=year)),
    )
    for attr, kind in KIND_OF.items():
        if not firsts.has_records(kind, year):
            setattr(result, attr, NO_RECORDS)
    return result
