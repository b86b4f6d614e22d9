"""The reports' tables: each figure equals a count computed from known records."""

import datetime

from django.db.models import Q, Sum
from django.test import TestCase
from django.utils import timezone
from django_countries import countries

from experts.models import Appointment, TalentProject
from intl_office.reports import annual, expert_tables, partner_tables, program_tables, student_tables, trends
from intl_office.reports.base import NO_RECORDS
from intl_office.reports.params import ReportParams
from intl_office.site import figures
from partners.models import Agreement, Delegation, Institution
from programs.models import DegreeLevel, Program
from students.models import InternationalStudent, OutboundMobility
from tests.factories import (
    make_agreement,
    make_delegation,
    make_institution,
    make_outbound,
    make_program,
)
from tests.reports.known_records import (
    AS_OF,
    YEAR,
    build_known_records,
    column,
    expired_in_year,
    in_force_by_dates,
    partners_counted_on,
    row_for,
)


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

    def test_students_by_unit_count_students_on_campus_on_the_day(self):
        present = InternationalStudent.objects.present_on(AS_OF)
        by_unit = student_tables.students_by_unit(self.params)
        self.assertEqual(
            row_for(by_unit, "School of Civil Engineering (土木建筑工程学院)")[1],
            present.filter(unit=self.civil).count(),
        )
        self.assertEqual(by_unit.total_row[1], present.count())
        self.assertEqual(by_unit.total_row[1], figures.student_figures(AS_OF).current)

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
        # 13 queries: the first year of each of the seven kinds of record; partners and agreements (each counted on
        # ten days), delegations, outbound stays, students and teachers, each grouped by year.
        with self.assertNumQueries(13):
            table = trends.trends(self.params)
        self.assertEqual([row[0] for row in table.rows], list(range(YEAR - 9, YEAR + 1)))
        index = {attr: i + 1 for i, (attr, _label) in enumerate(trends.TREND_COLUMNS)}
        year_attrs = [attr for attr in index if attr not in ("partner_institutions", "agreements_in_force")]
        # A year before the first record of its kind has no records, not zero.
        firsts = {
            "delegations": 2004,
            "outbound": 2003,
            "students": InternationalStudent.objects.exclude(arrived_on=None)
            .order_by("arrived_on")
            .first()
            .arrived_on.year,
            "appointments": Appointment.objects.order_by("starts_on").first().starts_on.year,
        }
        for row in table.rows:
            year = figures.year_figures(row[0])
            expected = [getattr(year, a) if row[0] >= firsts[trends.KIND_OF[a]] else NO_RECORDS for a in year_attrs]
            self.assertEqual([row[index[a]] for a in year_attrs], expected, row[0])
        self.assertEqual(table.rows[0][index["overseas_students"]], NO_RECORDS)
        self.assertGreater(sum(v for row in table.rows for v in row[1:] if v != NO_RECORDS), 0)

    def test_trends_count_partners_and_agreements_in_force_at_each_year_end(self):
        table = trends.trends(self.params)
        partners = column(table, trends.TREND_COLUMNS[0][1])
        agreements = column(table, trends.TREND_COLUMNS[1][1])
        everything = list(Agreement.objects.all())
        first_agreement = min(a.starts_on for a in everything).year
        for row in table.rows:
            year_end = datetime.date(row[0], 12, 31)
            self.assertEqual(row[partners], len(partners_counted_on(year_end)), row[0])
            in_force = len([a for a in everything if in_force_by_dates(a, year_end)])
            self.assertEqual(row[agreements], in_force if row[0] >= first_agreement else NO_RECORDS, row[0])
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
        # The key figures open the front page, before the sections.
        self.assertEqual([table.key for table in tables], [key for key in annual.TABLE_KEYS if key != "key-figures"])
        for table in tables:
            self.assertEqual(annual.table(table.key, self.params).rows, table.rows)
