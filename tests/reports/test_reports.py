"""The reports area: each table's figures equal ORM counts on known records, and only reporters see it."""

import datetime
import re
from pathlib import Path

import openpyxl
import pytest
from django.conf import settings
from django.db import connection
from django.db.models import Q, Sum
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_countries import countries
from playwright.sync_api import expect

from experts.models import Appointment, TalentProject
from intl_office.core.models import ExportLog
from intl_office.reports import annual, charts, expert_tables, partner_tables, program_tables, student_tables, trends
from intl_office.reports.base import Table
from intl_office.reports.params import ReportParams, add_months, default_as_of
from intl_office.site import figures
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
    make_user,
)
from tests.personas import make_reporter, make_staff

YEAR = 2013
AS_OF = datetime.date(2013, 12, 31)
SCREENSHOTS = Path(settings.BASE_DIR) / "artifacts" / "screenshots"


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


class ReportTablesTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.civil, cls.sem = build_known_records()
        cls.params = ReportParams.for_year(YEAR, AS_OF)

    def test_partner_table_counts_active_unmerged_institutions_by_country_and_kind(self):
        table = partner_tables.partners_by_country(self.params)
        counted = partners_counted_on(AS_OF)
        for code in ("BE", "DE", "US"):
            row = row_for(table, countries.name(code))
            self.assertEqual(row[-1], len([i for i in counted if i.country == code]))
            self.assertEqual(
                row[column(table, Institution.Kind.UNIVERSITY.label)],
                len([i for i in counted if i.country == code and i.kind == Institution.Kind.UNIVERSITY]),
            )
        self.assertEqual(table.total_row[-1], len(counted))
        # Today every record is in the past: the count matches the overview's.
        today = partner_tables.partners_by_country(ReportParams.for_year(timezone.localdate().year))
        self.assertEqual(today.total_row[-1], figures.partner_figures().institutions)

    def test_a_past_year_counts_only_partners_whose_relations_had_begun(self):
        day = datetime.date(YEAR - 1, 12, 31)
        table = partner_tables.partners_by_country(ReportParams.for_year(YEAR - 1))
        counted = partners_counted_on(day)
        self.assertEqual(table.total_row[-1], len(counted))
        # Group T and Texas Southern became partners in 2013; the partner of 2012 and those with no date count.
        self.assertEqual(row_for(table, countries.name("US"))[-1], 1)
        names = {i.name_en for i in counted}
        self.assertNotIn("Group T", names)
        self.assertLessEqual({"Other year", "KU Leuven", "Siemens"}, names)
        self.assertLess(table.total_row[-1], partner_tables.partners_by_country(self.params).total_row[-1])

    def test_new_relations_lists_only_institutions_related_that_year(self):
        table = partner_tables.new_relations(self.params)
        self.assertEqual(len(table.rows), Institution.objects.filter(relations_since__year=YEAR).count())
        names = [row[0] for row in table.rows]
        self.assertIn("Group T", names)
        self.assertNotIn("Other year", names)
        self.assertIsInstance(table.rows[0][3], datetime.date)
        # Up to the day: Texas Southern (September) is not yet a partner in June.
        june = partner_tables.new_relations(ReportParams.for_year(YEAR, datetime.date(YEAR, 6, 30)))
        self.assertEqual([row[0] for row in june.rows], ["Group T"])

    def test_agreement_table_counts_in_force_signed_ending_soon_and_expired_by_kind(self):
        table = partner_tables.agreements_by_kind(self.params)
        agreements = list(Agreement.objects.all())
        soon = datetime.date(2014, 6, 30)
        for kind in Agreement.Kind:
            row = row_for(table, kind.label)
            of_kind = [a for a in agreements if a.kind == kind]
            in_force = [a for a in of_kind if in_force_by_dates(a, AS_OF)]
            self.assertEqual(row[1], len(in_force), kind)
            self.assertEqual(row[2], len([a for a in of_kind if a.signed_on and a.signed_on.year == YEAR]), kind)
            self.assertEqual(row[3], len([a for a in in_force if a.ends_on and a.ends_on <= soon]), kind)
            self.assertEqual(row[4], len([a for a in of_kind if expired_in_year(a, YEAR, AS_OF)]), kind)
        # The exchange agreement past its end date (June 2013) expired in the year, and is not in force.
        exchange = row_for(table, Agreement.Kind.STUDENT_EXCHANGE.label)
        self.assertEqual((exchange[1], exchange[4]), (1, 1))
        self.assertEqual(row_for(table, Agreement.Kind.DOUBLE_DEGREE.label)[3], 1)
        # Siemens' research agreement ended in 2012: neither in force nor expired in 2013.
        self.assertEqual(row_for(table, Agreement.Kind.RESEARCH.label)[1:], [0, 0, 0, 0])

    def test_a_past_year_counts_agreements_in_force_then_even_if_marked_expired_now(self):
        day = datetime.date(2011, 12, 31)
        table = partner_tables.agreements_by_kind(ReportParams.for_year(2011))
        # Siemens' research agreement (2008-2012) is marked expired today but was in force in 2011.
        self.assertEqual(row_for(table, Agreement.Kind.RESEARCH.label)[1], 1)
        # Both exchange agreements of 2009-2013 and 2013-2030: only the first had started.
        self.assertEqual(row_for(table, Agreement.Kind.STUDENT_EXCHANGE.label)[1], 1)
        self.assertEqual(table.total_row[1], len([a for a in Agreement.objects.all() if in_force_by_dates(a, day)]))
        # Nothing ended in 2011, and the draft never counts.
        self.assertEqual(table.total_row[4], 0)
        self.assertEqual(row_for(table, Agreement.Kind.FRAMEWORK.label)[1:], [0, 0, 0, 0])

    def test_an_agreement_ending_after_the_day_is_in_force_then_and_not_expired(self):
        partner = make_institution(country="FR")
        # Marked expired now, but its end in 2014 comes after the report's day.
        make_agreement(
            partner,
            kind=Agreement.Kind.JOINT_PROGRAM,
            status=Agreement.Status.EXPIRED,
            starts_on=datetime.date(2012, 1, 1),
            ends_on=datetime.date(2014, 5, 31),
        )
        # Terminated on a day nobody recorded, and one marked expired before its end: never counted.
        make_agreement(
            partner,
            kind=Agreement.Kind.JOINT_PROGRAM,
            status=Agreement.Status.TERMINATED,
            starts_on=datetime.date(2010, 1, 1),
            ends_on=datetime.date(2015, 12, 31),
        )
        make_agreement(
            partner,
            kind=Agreement.Kind.JOINT_PROGRAM,
            status=Agreement.Status.EXPIRED,
            starts_on=datetime.date(2010, 1, 1),
            ends_on=timezone.localdate() + datetime.timedelta(days=400),
        )
        row = row_for(partner_tables.agreements_by_kind(self.params), Agreement.Kind.JOINT_PROGRAM.label)
        in_force, _signed, ending_soon, expired = row[1:]
        self.assertEqual((in_force, ending_soon, expired), (1, 1, 0))
        # In the year it ended, it expired.
        row = row_for(partner_tables.agreements_by_kind(ReportParams.for_year(2014)), row[0])
        self.assertEqual((row[1], row[4]), (0, 1))

    def test_signed_and_ending_soon_are_counted_from_the_chosen_day(self):
        exchange, double = Agreement.Kind.STUDENT_EXCHANGE.label, Agreement.Kind.DOUBLE_DEGREE.label

        def on(day):
            return partner_tables.agreements_by_kind(ReportParams.for_year(YEAR, day))

        # The exchange agreement was signed on 5 January 2013.
        self.assertEqual(row_for(on(datetime.date(YEAR, 1, 4)), exchange)[2], 0)
        self.assertEqual(row_for(on(datetime.date(YEAR, 1, 5)), exchange)[2], 1)
        # The double degree ends on 31 March 2014: within six months of 1 October, not of 30 September.
        self.assertEqual(row_for(on(datetime.date(YEAR, 9, 30)), double)[3], 0)
        self.assertEqual(row_for(on(datetime.date(YEAR, 10, 1)), double)[3], 1)

    def test_agreement_table_runs_one_query(self):
        # One query: the four figures as filtered counts, grouped by kind.
        with self.assertNumQueries(1):
            partner_tables.agreements_by_kind(self.params)

    def test_program_table_counts_programs_established_by_the_year_by_kind_and_level(self):
        make_program(kind=Program.Kind.DOUBLE_DEGREE, level=DegreeLevel.MASTER, established_year=YEAR - 3)
        make_program(kind=Program.Kind.DOUBLE_DEGREE, level=DegreeLevel.MASTER, established_year=YEAR + 1)
        table = program_tables.programs_by_kind_and_level(self.params)
        programs = [p for p in Program.objects.all() if p.established_year is None or p.established_year <= YEAR]
        for kind in Program.Kind:
            row = row_for(table, kind.label)
            for level in DegreeLevel:
                self.assertEqual(
                    row[column(table, level.label)], len([p for p in programs if (p.kind, p.level) == (kind, level)])
                )
        self.assertEqual(table.total_row[-1], len(programs))
        # The program opened in 2014 is left out of 2013, and counted in 2014.
        double = column(table, DegreeLevel.MASTER.label)
        self.assertEqual(row_for(table, Program.Kind.DOUBLE_DEGREE.label)[double], 1)
        later = program_tables.programs_by_kind_and_level(ReportParams.for_year(YEAR + 1))
        self.assertEqual(row_for(later, Program.Kind.DOUBLE_DEGREE.label)[double], 2)
        # Programs with no year recorded count in every year, and the note says how many.
        undated = Program.objects.filter(established_year__isnull=True).count()
        self.assertEqual(program_tables.programs_by_kind_and_level(ReportParams.for_year(1995)).total_row[-1], undated)
        self.assertIn(f"{undated} programs without a recorded year", str(table.note))

    def test_ministry_table_leaves_out_programs_approved_after_the_year(self):
        make_program(
            kind=Program.Kind.COOPERATIVE, moe_approval_number="MOE11US2A20141111N", moe_approval_year=YEAR + 1
        )
        numbers = [row[3] for row in program_tables.ministry_approved_programs(self.params).rows]
        self.assertEqual(numbers, ["MOE11BE2A20121234N"])
        later = program_tables.ministry_approved_programs(ReportParams.for_year(YEAR + 1))
        self.assertEqual([row[3] for row in later.rows], ["MOE11BE2A20121234N", "MOE11US2A20141111N"])
        self.assertEqual(program_tables.ministry_approved_programs(ReportParams.for_year(2011)).rows, [])

    def test_ministry_table_lists_approved_programs_with_both_names(self):
        table = program_tables.ministry_approved_programs(self.params)
        self.assertEqual(len(table.rows), Program.objects.ministry_approved().count())
        title, partners, _level, number, year = table.rows[0]
        self.assertEqual(title, "Mechatronics Engineering (机械电子工程)")
        self.assertIn("KU Leuven (鲁汶大学)", partners)
        self.assertEqual((number, year), ("MOE11BE2A20121234N", 2012))

    def test_student_headcounts_count_students_on_campus_on_the_day(self):
        present = InternationalStudent.objects.present_on(AS_OF)
        by_nationality = student_tables.students_by_nationality(self.params)
        for code in ("KZ", "RU"):
            self.assertEqual(row_for(by_nationality, countries.name(code))[1], present.filter(nationality=code).count())
        # Gone by the day, or not yet arrived: not in the headcount.
        labels = [row[0] for row in by_nationality.body_rows]
        self.assertNotIn(countries.name("KR"), labels)
        self.assertNotIn(countries.name("FR"), labels)
        self.assertEqual(by_nationality.total_row[1], figures.student_figures(AS_OF).current)

        by_category = student_tables.students_by_category(self.params)
        for category in (InternationalStudent.Category.DEGREE, InternationalStudent.Category.EXCHANGE):
            self.assertEqual(row_for(by_category, category.label)[1], present.filter(category=category).count())
        by_level = student_tables.students_by_level(self.params)
        self.assertEqual(
            row_for(by_level, DegreeLevel.MASTER.label)[1], present.filter(level=DegreeLevel.MASTER).count()
        )
        by_funding = student_tables.students_by_funding(self.params)
        csc = InternationalStudent.Funding.CSC
        self.assertEqual(row_for(by_funding, csc.label)[1], present.filter(funding=csc).count())
        by_unit = student_tables.students_by_unit(self.params)
        self.assertEqual(
            row_for(by_unit, "School of Civil Engineering (土木建筑工程学院)")[1],
            present.filter(unit=self.civil).count(),
        )
        self.assertEqual(by_unit.total_row[1], present.count())

    def test_student_summary_gives_headcount_new_arrivals_and_everyone_received(self):
        table = student_tables.student_summary(self.params)
        current, arrivals, received = table.rows
        self.assertEqual(current[1], InternationalStudent.objects.present_on(AS_OF).count())
        self.assertEqual(arrivals[1], InternationalStudent.objects.filter(arrived_on__year=YEAR).count())
        self.assertEqual(received[1], InternationalStudent.objects.filter(arrived_on__lte=AS_OF).count())
        self.assertEqual(
            received[2],
            InternationalStudent.objects.filter(arrived_on__lte=AS_OF).values("nationality").distinct().count(),
        )

    def test_new_arrivals_table_counts_arrivals_in_the_year_by_category(self):
        table = student_tables.new_arrivals_by_category(self.params)
        for category in InternationalStudent.Category:
            self.assertEqual(
                row_for(table, category.label)[1],
                InternationalStudent.objects.filter(arrived_on__year=YEAR, category=category).count(),
            )

    def test_outbound_tables_count_stays_starting_in_the_year_by_route(self):
        in_year = OutboundMobility.objects.filter(starts_on__year=YEAR)
        agreement, after = OutboundMobility.Route.AGREEMENT, OutboundMobility.Route.AFTER_GRADUATION
        by_country = student_tables.outbound_by_country(self.params)
        france = row_for(by_country, countries.name("FR"))
        self.assertEqual(france[1], in_year.filter(destination_country="FR", route=agreement).count())
        self.assertEqual(row_for(by_country, countries.name("US"))[2], in_year.filter(route=after).count())
        self.assertEqual(by_country.total_row[-1], figures.year_figures(YEAR).outbound_students)

        by_kind = student_tables.outbound_by_route_and_kind(self.params)
        for kind in OutboundMobility.Kind:
            self.assertEqual(row_for(by_kind, kind.label)[-1], in_year.filter(kind=kind).count())
        self.assertEqual(by_kind.total_row[1], figures.year_figures(YEAR).outbound_through_agreements)

    def test_delegation_table_counts_visits_and_person_times_by_country(self):
        table = partner_tables.delegations_by_country(self.params)
        in_year = Delegation.objects.filter(starts_on__year=YEAR)
        inbound = in_year.filter(direction=Delegation.Direction.INBOUND)
        germany = row_for(table, countries.name("DE"))
        self.assertEqual(germany[1], inbound.filter(country="DE").count())
        self.assertEqual(germany[2], inbound.filter(country="DE").aggregate(n=Sum("people_count"))["n"])
        self.assertEqual(germany[3], in_year.filter(country="DE", direction=Delegation.Direction.OUTBOUND).count())
        # Hong Kong is counted, and named as a region of China.
        self.assertEqual(row_for(table, "Hong Kong, China")[2], inbound.get(country="HK").people_count)
        year = figures.year_figures(YEAR)
        self.assertEqual(
            (table.total_row[2], table.total_row[4]),
            (year.inbound_delegation_person_times, year.outbound_delegation_person_times),
        )

    def test_teacher_tables_count_each_person_once_in_the_total(self):
        during = Appointment.objects.during_year(YEAR)
        long_term = Q(term=Appointment.Term.LONG_TERM)
        by_unit = expert_tables.teachers_by_unit(self.params)
        civil_row = row_for(by_unit, "School of Civil Engineering (土木建筑工程学院)")
        self.assertEqual(civil_row[1], during.filter(long_term, unit=self.civil).values("expert").distinct().count())
        self.assertEqual(civil_row[3], during.filter(unit=self.civil).values("expert").distinct().count())
        year = figures.year_figures(YEAR)
        self.assertEqual(by_unit.total_row[1:3], [year.long_term_foreign_teachers, year.short_term_foreign_experts])
        # The expert teaching in two units appears in both rows but once in the total.
        self.assertLess(by_unit.total_row[1], sum(row[1] for row in by_unit.body_rows))

        by_nationality = expert_tables.teachers_by_nationality(self.params)
        self.assertEqual(
            row_for(by_nationality, countries.name("GB"))[3],
            during.filter(expert__nationality="GB").values("expert").distinct().count(),
        )
        self.assertNotIn(countries.name("DE"), [row[0] for row in by_nationality.body_rows])

    def test_talent_table_counts_projects_by_scheme_and_status_since_the_chosen_year(self):
        table = expert_tables.talent_projects(self.params)
        approved = column(table, TalentProject.Status.APPROVED.label)
        by_scheme = figures.talent_figures(self.params.talent_since).by_scheme
        for scheme in TalentProject.Scheme:
            self.assertEqual(row_for(table, scheme.label)[approved], by_scheme[scheme])
        self.assertEqual(table.total_row[-1], TalentProject.objects.filter(year__gte=self.params.talent_since).count())

        earlier = expert_tables.talent_projects(ReportParams.for_year(YEAR, AS_OF, talent_since=2009))
        self.assertEqual(earlier.total_row[-1], TalentProject.objects.filter(year__gte=2009).count())

    def test_trends_give_the_overview_figures_for_each_of_the_last_ten_years(self):
        # Early 2004 and late 2013 too: the first and last years of the range are counted whole.
        make_delegation(
            country="FR", people_count=6, starts_on=datetime.date(2004, 1, 1), ends_on=datetime.date(2004, 1, 2)
        )
        make_outbound(destination_country="DE", starts_on=datetime.date(2013, 12, 31))
        make_outbound(destination_country="DE", starts_on=datetime.date(2003, 12, 31))
        # 6 queries: partners and agreements (each counted on ten days), delegations, outbound stays, students and
        # teachers, each grouped by year.
        with self.assertNumQueries(6):
            table = trends.trends(self.params)
        self.assertEqual([row[0] for row in table.rows], list(range(YEAR - 9, YEAR + 1)))
        index = {attr: i + 1 for i, (attr, _label) in enumerate(trends.TREND_COLUMNS)}
        year_attrs = [attr for attr in index if attr not in ("partner_institutions", "agreements_in_force")]
        for row in table.rows:
            year = figures.year_figures(row[0])
            self.assertEqual([row[index[a]] for a in year_attrs], [getattr(year, a) for a in year_attrs], row[0])
        self.assertGreater(sum(sum(row[1:]) for row in table.rows), 0)

    def test_trends_count_partners_and_agreements_in_force_at_each_year_end(self):
        table = trends.trends(self.params)
        partners = column(table, trends.TREND_COLUMNS[0][1])
        agreements = column(table, trends.TREND_COLUMNS[1][1])
        everything = list(Agreement.objects.all())
        for row in table.rows:
            year_end = datetime.date(row[0], 12, 31)
            self.assertEqual(row[partners], len(partners_counted_on(year_end)), row[0])
            self.assertEqual(row[agreements], len([a for a in everything if in_force_by_dates(a, year_end)]), row[0])
        by_year = {row[0]: row for row in table.rows}
        # Siemens' research agreement, marked expired now, was in force at the end of 2011 and gone by 2013.
        self.assertEqual(by_year[2011][agreements], 3)
        self.assertEqual(by_year[2012][partners] + 2, by_year[2013][partners])
        # The report's own year agrees with the partner tables.
        self.assertEqual(by_year[YEAR][partners], partner_tables.partners_by_country(self.params).total_row[-1])
        self.assertEqual(by_year[YEAR][agreements], partner_tables.agreements_by_kind(self.params).total_row[1])

    def test_trends_count_the_reports_own_year_on_its_day(self):
        june = ReportParams.for_year(YEAR, datetime.date(YEAR, 6, 30))
        last = trends.trends(june).rows[-1]
        self.assertEqual(last[1], len(partners_counted_on(june.as_of)))
        self.assertEqual(last[2], partner_tables.agreements_by_kind(june).total_row[1])
        # Texas Southern (September) is not yet counted in June.
        self.assertEqual(last[1] + 1, trends.trends(self.params).rows[-1][1])

    def test_every_table_is_found_by_its_own_key(self):
        tables = [table for section in annual.annual_report(self.params) for table in section.tables]
        self.assertEqual([table.key for table in tables], list(annual.TABLE_KEYS))
        for table in tables:
            self.assertEqual(annual.table(table.key, self.params).rows, table.rows)


class ReportParamsTests(TestCase):
    def test_a_past_year_is_counted_on_its_last_day(self):
        self.assertEqual(default_as_of(2013, today=datetime.date(2026, 3, 1)), datetime.date(2013, 12, 31))

    def test_the_current_year_is_counted_today(self):
        today = datetime.date(2026, 3, 1)
        self.assertEqual(default_as_of(2026, today=today), today)

    def test_six_months_ahead_stays_inside_short_months(self):
        self.assertEqual(add_months(datetime.date(2013, 8, 31), 6), datetime.date(2014, 2, 28))


class TrendChartTests(TestCase):
    def test_a_chart_is_an_svg_with_a_title_and_one_marker_per_value(self):
        svg = charts.line_chart("Visits", [2012, 2013], [charts.Series("Inbound", [3, 12])])
        self.assertTrue(svg.startswith("<svg"))
        self.assertIn("<title>Visits</title>", svg)
        self.assertEqual(svg.count("<circle"), 2)
        self.assertNotIn("<script", svg)

    def test_names_are_escaped(self):
        svg = charts.line_chart("<b>", ["2013"], [charts.Series("<script>alert(1)</script>", [1])])
        self.assertNotIn("<script>", svg)
        self.assertIn("&lt;script&gt;", svg)

    def test_the_axis_ends_on_a_round_number_above_the_largest_value(self):
        self.assertEqual(charts.nice_ceiling(1844), 2000)
        self.assertEqual(charts.nice_ceiling(986), 1000)
        self.assertEqual(charts.nice_ceiling(0), 4)

    def test_small_counts_get_whole_number_ticks(self):
        self.assertEqual(charts.nice_ceiling(5), 8)
        svg = charts.line_chart("Few", ["2013"], [charts.Series("Experts", [3])])
        self.assertNotIn(".", "".join(re.findall(r'text-anchor="end" fill="#555">([^<]*)<', svg)))


class ReportsPageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        build_known_records()
        cls.reporter = make_reporter()
        cls.staff = make_staff()
        cls.viewer = make_user("viewer", perms=("intl_office.view_reports",))
        cls.url = reverse("reports:index") + f"?year={YEAR}&as_of={AS_OF.isoformat()}"

    def test_it_sends_anonymous_visitors_to_the_login_page(self):
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 302)
        self.assertTrue(response["Location"].startswith(reverse("admin:login")))

    def test_it_refuses_staff_without_the_report_permission(self):
        self.client.force_login(self.staff)
        self.assertEqual(self.client.get(self.url).status_code, 403)

    def test_it_sends_users_who_are_not_staff_to_the_admin_login_even_with_the_permissions(self):
        self.client.force_login(
            make_user("outsider", staff=False, perms=("intl_office.view_reports", "intl_office.export_records"))
        )
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 302)
        self.assertTrue(response["Location"].startswith(reverse("admin:login")))

    def test_it_is_never_cached(self):
        self.client.force_login(self.reporter)
        self.assertIn("no-cache", self.client.get(self.url)["Cache-Control"])

    def test_it_shows_every_table_with_its_figures_and_the_trend_charts(self):
        self.client.force_login(self.reporter)
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 200)
        for key in annual.TABLE_KEYS:
            self.assertContains(response, f'id="table-{key}"')
        self.assertContains(response, "School of Civil Engineering (土木建筑工程学院)")
        self.assertContains(response, "Hong Kong, China")
        self.assertEqual(response.content.decode().count('class="report-chart"'), 5)
        self.assertNotContains(response, '<script src="http')
        # Downloads carry the report's parameters.
        query = f"?year={YEAR}&amp;as_of={AS_OF.isoformat()}&amp;talent_since=2011"
        self.assertContains(response, reverse("reports:workbook") + query)
        self.assertContains(response, reverse("reports:pdf") + query)
        csv_url = reverse("reports:table-download", kwargs={"key": "trends", "file_format": "csv"})
        self.assertContains(response, csv_url + query)
        # Inside the admin's look: its breadcrumbs and header.
        self.assertContains(response, 'class="breadcrumbs"')
        self.assertContains(response, reverse("admin:index"))

    def test_it_shows_the_headcount_on_the_chosen_day(self):
        self.client.force_login(self.reporter)
        response = self.client.get(reverse("reports:index") + f"?year={YEAR}&as_of=2013-05-01")
        table = response.context["sections"][2].tables[0]
        self.assertEqual(table.rows[0][1], InternationalStudent.objects.present_on(datetime.date(2013, 5, 1)).count())

    def test_it_hides_download_links_from_reporters_who_may_not_export(self):
        self.client.force_login(self.viewer)
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 200)
        self.assertNotContains(response, reverse("reports:workbook"))
        self.assertNotContains(response, ".csv?")

    def test_it_explains_an_impossible_year_and_shows_the_latest_year_instead(self):
        self.client.force_login(self.reporter)
        response = self.client.get(reverse("reports:index") + "?year=12")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "errornote")
        self.assertEqual(response.context["params"].year, figures.latest_complete_year())

    def test_it_runs_a_fixed_number_of_queries_whatever_the_number_of_records(self):
        self.client.force_login(self.reporter)
        with CaptureQueriesContext(connection) as before:
            self.client.get(self.url)
        for code in ("JP", "KR", "TH", "VN", "EG"):
            unit = make_unit()
            make_agreement(make_institution(country=code), starts_on=datetime.date(2013, 1, 1))
            make_program(make_institution(country=code), kind=Program.Kind.SHORT_VISIT)
            make_student(nationality=code, unit=unit, arrived_on=datetime.date(2013, 1, 1))
            make_outbound(destination_country=code)
            make_delegation(country=code)
            make_appointment(make_expert(nationality=code), unit)
            make_talent_project(unit)
        # 4 for the request (session, user, the user's and the groups' permissions), then per table:
        # 1 each for 13 tables (agreements: the four figures as filtered counts); student summary 3;
        # ministry programs 2 (programs, partners); students by unit 2 and experts by unit 3 (+ unit names);
        # experts by nationality 2 (rows, total); trends 6 (partners and agreements on ten days, then 4 by year).
        with self.assertNumQueries(4 + 13 + 3 + 2 + 2 + 3 + 2 + 6):
            self.client.get(self.url)
        self.assertEqual(len(before), 4 + 13 + 3 + 2 + 2 + 3 + 2 + 6)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_reporter_goes_from_the_admin_to_the_report_charts_and_downloads_the_workbook(live_server, page):
    build_known_records()
    make_reporter()
    page.set_default_timeout(10_000)
    page.goto(f"{live_server.url}{reverse('admin:login')}")
    page.fill("#id_username", "reporter")
    page.fill("#id_password", "password")
    page.click("input[type=submit]")
    page.get_by_role("link", name="Reports").click()

    page.fill("#id_year", str(YEAR))
    page.fill("#id_as_of", AS_OF.isoformat())
    page.get_by_role("button", name="Show report").click()
    expect(page.locator("h1")).to_contain_text(f"Annual report {YEAR}")
    charts_shown = page.locator("svg.report-chart")
    expect(charts_shown).to_have_count(5)
    for n in range(5):
        expect(charts_shown.nth(n)).to_be_visible()
    expect(page.locator("#table-students-by-unit")).to_contain_text("土木建筑工程学院")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "reports-desktop.png", full_page=True)

    with page.expect_download() as download:
        page.get_by_role("link", name="Download the whole report (XLSX)").click()
    assert download.value.suggested_filename == f"bjtu-annual-report-{YEAR}.xlsx"
    with open(download.value.path(), "rb") as file:
        workbook = openpyxl.load_workbook(file)
    assert workbook.sheetnames[0] == f"Annual report {YEAR}"
    assert len(workbook.sheetnames) == 1 + len(annual.TABLE_KEYS)
    assert ExportLog.objects.get().what == "report:annual"
