"""Known records for the report tests, and the rules the tables are checked against, written from the records."""

import datetime

from django.utils import timezone

from experts.models import Appointment, TalentProject
from intl_office.reports.base import Table
from partners.models import Agreement, Delegation, Institution
from programs.models import DegreeLevel, Program
from students.models import InternationalStudent, OutboundMobility
from tests.factories import (
    make_agreement,
    make_appointment,
    make_delegation,
    make_expert,
    make_institution,
    make_outbound,
    make_program,
    make_student,
    make_talent_project,
    make_unit,
)

YEAR = 2013


AS_OF = datetime.date(2013, 12, 31)


def build_known_records():
    """A small BJTU: a few of each record, some inside the year and some just outside it."""
    civil = make_unit(code="civil", name_en="School of Civil Engineering", name_zh="土木建筑工程学院")
    sem = make_unit(code="sem", name_en="School of Economics and Management", name_zh="经济管理学院")

    leuven = make_institution(name_en="KU Leuven", name_zh="鲁汶大学", country="BE")
    group_t = make_institution(name_en="Group T", country="BE", relations_since=datetime.date(2013, 4, 2))
    make_institution(name_en="Old Group T", country="BE", is_active=False, merged_into=group_t)
    siemens = make_institution(name_en="Siemens", country="DE", kind=Institution.Kind.COMPANY)
    make_institution(
        name_en="Texas Southern University",
        country="US",
        kind=Institution.Kind.UNIVERSITY,
        relations_since=datetime.date(2013, 9, 1),
    )
    make_institution(name_en="Other year", country="US", relations_since=datetime.date(2012, 9, 1))

    make_agreement(
        leuven,
        kind=Agreement.Kind.STUDENT_EXCHANGE,
        signed_on=datetime.date(2013, 1, 5),
        starts_on=datetime.date(2013, 2, 1),
    )
    make_agreement(
        group_t,
        kind=Agreement.Kind.DOUBLE_DEGREE,
        starts_on=datetime.date(2010, 1, 1),
        ends_on=datetime.date(2014, 3, 31),
        signed_on=datetime.date(2009, 12, 1),
    )
    make_agreement(
        siemens,
        kind=Agreement.Kind.RESEARCH,
        status=Agreement.Status.EXPIRED,
        starts_on=datetime.date(2008, 1, 1),
        ends_on=datetime.date(2012, 12, 31),
    )
    # Active on paper but past its end: counts as expired, not in force.
    make_agreement(
        leuven,
        kind=Agreement.Kind.STUDENT_EXCHANGE,
        starts_on=datetime.date(2009, 1, 1),
        ends_on=datetime.date(2013, 6, 30),
    )
    make_agreement(leuven, kind=Agreement.Kind.FRAMEWORK, status=Agreement.Status.DRAFT)

    make_program(
        leuven,
        group_t,
        title_en="Mechatronics Engineering",
        title_zh="机械电子工程",
        kind=Program.Kind.COOPERATIVE,
        level=DegreeLevel.BACHELOR,
        moe_approval_number="MOE11BE2A20121234N",
        moe_approval_year=2012,
    )
    make_program(kind=Program.Kind.STUDENT_EXCHANGE, level=DegreeLevel.MASTER)
    make_program(kind=Program.Kind.STUDENT_EXCHANGE, level=DegreeLevel.MASTER)

    on_campus = dict(arrived_on=datetime.date(2012, 9, 1), departed_on=datetime.date(2016, 7, 1))
    make_student(nationality="KZ", unit=civil, funding=InternationalStudent.Funding.CSC, **on_campus)
    make_student(nationality="KZ", unit=civil, level=DegreeLevel.MASTER, **on_campus)
    make_student(
        nationality="RU",
        unit=sem,
        category=InternationalStudent.Category.EXCHANGE,
        arrived_on=datetime.date(2013, 9, 1),
        departed_on=datetime.date(2014, 1, 31),
    )
    make_student(
        nationality="KR",
        category=InternationalStudent.Category.VISITING_SCHOLAR,
        arrived_on=datetime.date(2013, 3, 1),
        departed_on=datetime.date(2013, 6, 30),
    )
    make_student(nationality="FR", arrived_on=datetime.date(2014, 2, 1), departed_on=None)
    make_student(nationality="US", arrived_on=None, departed_on=None, status=InternationalStudent.Status.ADMITTED)

    make_outbound(destination_country="FR", route=OutboundMobility.Route.AGREEMENT, starts_on=datetime.date(2013, 9, 1))
    make_outbound(destination_country="FR", route=OutboundMobility.Route.AGREEMENT, starts_on=datetime.date(2013, 2, 1))
    make_outbound(
        destination_country="US",
        route=OutboundMobility.Route.AFTER_GRADUATION,
        kind=OutboundMobility.Kind.GRADUATE_STUDY,
        starts_on=datetime.date(2013, 9, 1),
    )
    make_outbound(destination_country="FR", starts_on=datetime.date(2012, 9, 1))

    make_delegation(
        country="DE", people_count=3, starts_on=datetime.date(2013, 5, 1), ends_on=datetime.date(2013, 5, 2)
    )
    make_delegation(
        country="DE", people_count=4, starts_on=datetime.date(2013, 6, 1), ends_on=datetime.date(2013, 6, 2)
    )
    make_delegation(
        country="HK", people_count=5, starts_on=datetime.date(2013, 7, 1), ends_on=datetime.date(2013, 7, 2)
    )
    make_delegation(
        direction=Delegation.Direction.OUTBOUND,
        country="DE",
        people_count=2,
        starts_on=datetime.date(2013, 8, 1),
        ends_on=datetime.date(2013, 8, 9),
    )
    make_delegation(
        country="DE", people_count=9, starts_on=datetime.date(2012, 5, 1), ends_on=datetime.date(2012, 5, 2)
    )

    # One expert teaches in two units in the year: two rows, one person in the total.
    busy = make_expert(nationality="GB")
    make_appointment(busy, civil, starts_on=datetime.date(2013, 2, 1), ends_on=datetime.date(2013, 12, 31))
    make_appointment(busy, sem, starts_on=datetime.date(2013, 3, 1), ends_on=datetime.date(2013, 6, 30))
    make_appointment(make_expert(nationality="US"), civil, term=Appointment.Term.SHORT_TERM)
    make_appointment(
        make_expert(nationality="DE"), sem, starts_on=datetime.date(2011, 1, 1), ends_on=datetime.date(2011, 12, 31)
    )

    make_talent_project(civil, scheme=TalentProject.Scheme.PROJECT_111, year=2012)
    make_talent_project(civil, scheme=TalentProject.Scheme.PROJECT_111, year=2013)
    make_talent_project(
        sem, scheme=TalentProject.Scheme.HIGH_END, year=2013, status=TalentProject.Status.APPLIED, approved_on=None
    )
    make_talent_project(sem, scheme=TalentProject.Scheme.THOUSAND_TALENTS, year=2009)
    return civil, sem


def partners_counted_on(day: datetime.date) -> list[Institution]:
    """The partner rule worked out in Python, to check the report's query against."""
    return [
        i
        for i in Institution.objects.all()
        if i.is_active and i.merged_into_id is None and (i.relations_since is None or i.relations_since <= day)
    ]


def in_force_by_dates(agreement: Agreement, day: datetime.date) -> bool:
    """In force on the day by its dates; one marked expired before its end stopped early, on an unknown day."""
    status, ends_on = agreement.status, agreement.ends_on
    if status not in (Agreement.Status.ACTIVE, Agreement.Status.EXPIRED):
        return False
    if status == Agreement.Status.EXPIRED and ends_on >= timezone.localdate():
        return False
    return agreement.starts_on <= day and (ends_on is None or ends_on >= day)


def expired_in_year(agreement: Agreement, year: int, day: datetime.date) -> bool:
    ran = agreement.status in (Agreement.Status.ACTIVE, Agreement.Status.EXPIRED)
    return ran and agreement.ends_on is not None and agreement.ends_on.year == year and agreement.ends_on < day


def row_for(table: Table, label) -> list:
    matches = [row for row in table.body_rows if str(row[0]) == str(label)]
    assert len(matches) == 1, f"{label!r} not found once in {table.key}: {[r[0] for r in table.body_rows]}"
    return matches[0]


def column(table: Table, label) -> int:
    return [str(c) for c in table.columns].index(str(label))
