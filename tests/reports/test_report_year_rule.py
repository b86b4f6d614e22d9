"""The year rule: a report for a year counts that year.

Each table is checked as an administrator gets it: the reports page opens on the latest year, the administrator types
another year into the form and sends it with every other field as the page filled it in. The figures must be those of
the records on 31 December of that year, worked out here in Python from the records. A day chosen on purpose counts the
year up to that day, and every page and file then says so in its title.
"""

import datetime
import io
import re

import openpyxl
import pypdf
from django.test import TestCase
from django.urls import reverse
from django_countries import countries

from experts.models import Appointment, TalentProject
from intl_office.reports import annual
from intl_office.reports.params import ReportParams
from partners.models import Agreement, Delegation, Institution
from programs.models import Program
from students.models import InternationalStudent, OutboundMobility
from tests.factories import (
    force_login,
    make_agreement,
    make_appointment,
    make_delegation,
    make_expert,
    make_institution,
    make_outbound,
    make_program,
    make_student,
    make_talent_project,
)
from tests.personas import make_reporter
from tests.reports.known_records import (
    YEAR,
    build_known_records,
    expired_in_year,
    in_force_by_dates,
    partners_counted_on,
    row_for,
)

DEC_31 = datetime.date(YEAR, 12, 31)
JUNE_30 = datetime.date(YEAR, 6, 30)
CHOSEN_TITLE = "counted on June 30, 2013 (a day chosen by the user)"
INPUT = re.compile(r'<input type="(?:number|date)" name="(\w+)"(?: value="([^"]*)")?')


def present_on(day: datetime.date) -> list[InternationalStudent]:
    """On campus on the day, worked out in Python: arrived, and not left (a finished student without a departure date
    has left)."""
    left = (InternationalStudent.Status.COMPLETED, InternationalStudent.Status.WITHDRAWN)
    return [
        s
        for s in InternationalStudent.objects.all()
        if s.arrived_on and s.arrived_on <= day and (s.departed_on >= day if s.departed_on else s.status not in left)
    ]


def present_during(day: datetime.date) -> list[InternationalStudent]:
    """On campus on at least one day from 1 January to the day, worked out in Python."""
    left = (InternationalStudent.Status.COMPLETED, InternationalStudent.Status.WITHDRAWN)
    first = datetime.date(day.year, 1, 1)
    return [
        s
        for s in InternationalStudent.objects.all()
        if s.arrived_on and s.arrived_on <= day and (s.departed_on >= first if s.departed_on else s.status not in left)
    ]


def started(records, year: int, by: datetime.date) -> list:
    return [r for r in records if r.starts_on.year == year and r.starts_on <= by]


class YearRuleTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        civil, _sem = build_known_records()
        # Records after the year: a report that counts a later day than the year's last one picks them up.
        later = make_institution(name_en="Later partner", country="JP", relations_since=datetime.date(2015, 3, 1))
        make_agreement(later, kind=Agreement.Kind.SHORT_VISIT, starts_on=datetime.date(2015, 3, 1))
        make_student(nationality="JP", arrived_on=datetime.date(2015, 9, 1), departed_on=None)
        make_student(
            nationality="KR",
            unit=civil,
            arrived_on=datetime.date(2011, 9, 1),
            graduated_on=datetime.date(2015, 6, 20),
            departed_on=datetime.date(2015, 7, 1),
        )
        # A graduate of July: after the chosen day.
        make_student(
            nationality="KR",
            status=InternationalStudent.Status.COMPLETED,
            arrived_on=datetime.date(2009, 9, 1),
            graduated_on=datetime.date(YEAR, 7, 10),
            departed_on=datetime.date(YEAR, 7, 20),
        )
        make_talent_project(scheme=TalentProject.Scheme.HIGH_END, year=YEAR + 1, approved_on=datetime.date(2014, 6, 1))
        make_program(kind=Program.Kind.DOUBLE_DEGREE, established_year=YEAR + 2)
        # Records of the second half of the year: a report counted on 30 June leaves them out.
        make_appointment(make_expert(nationality="JP"), starts_on=datetime.date(YEAR, 9, 1))
        make_outbound(destination_country="JP", starts_on=datetime.date(YEAR, 10, 1))
        make_delegation(
            country="JP", people_count=11, starts_on=datetime.date(YEAR, 11, 1), ends_on=datetime.date(YEAR, 11, 3)
        )
        cls.reporter = make_reporter()

    def setUp(self):
        force_login(self.client, self.reporter)

    # How an administrator gets a table -------------------------------------------------------------------------------

    def report_for(self, year: int) -> dict:
        """Open the reports page, type the year into its form and send it with the other fields as they were."""
        page = self.client.get(reverse("reports:index"))
        fields = {name: value or "" for name, value in INPUT.findall(page.content.decode())}
        self.assertIn("as_of", fields)
        response = self.client.get(reverse("reports:index"), {**fields, "year": str(year)})
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.context["params"].as_of, DEC_31)
        self.assertNotIn("chosen", response.context["title"])
        tables = {table.key: table for section in response.context["sections"] for table in section.tables}
        return {**tables, "key-figures": response.context["front"].key_figures}

    def table(self, key: str):
        return self.report_for(YEAR)[key]

    def on_june_30(self, key: str):
        """The table counted on a chosen day, checked to say so in the page's and the downloads' titles."""
        query = {"year": YEAR, "as_of": JUNE_30.isoformat()}
        page = self.client.get(reverse("reports:index"), query)
        self.assertContains(page, f"<h1>Annual report {YEAR}, {CHOSEN_TITLE}</h1>", html=True)
        csv = self.client.get(reverse("reports:table-download", kwargs={"key": key, "file_format": "csv"}), query)
        self.assertIn(f'filename="bjtu-{key}-{YEAR}-on-2013-06-30.csv"', csv["Content-Disposition"])
        xlsx = self.client.get(reverse("reports:table-download", kwargs={"key": key, "file_format": "xlsx"}), query)
        self.assertIn("-on-2013-06-30.xlsx", xlsx["Content-Disposition"])
        workbook = openpyxl.load_workbook(io.BytesIO(b"".join(xlsx.streaming_content)))
        self.assertIn(CHOSEN_TITLE, workbook.properties.title)
        return annual.table(key, ReportParams.for_year(YEAR, JUNE_30))

    # The front page ----------------------------------------------------------------------------------------------

    def test_key_figures_count_31_december_against_the_year_before(self):
        rows = {str(row[0]): row[1:3] for row in self.table("key-figures").rows}
        year_before = datetime.date(YEAR - 1, 12, 31)
        self.assertEqual(
            rows["Partner institutions"], [len(partners_counted_on(DEC_31)), len(partners_counted_on(year_before))]
        )
        self.assertEqual(
            rows["International students on campus on the day"], [len(present_on(DEC_31)), len(present_on(year_before))]
        )
        # A chosen day is compared with the same day a year before.
        june = {str(row[0]): row[1:3] for row in self.on_june_30("key-figures").rows}
        self.assertEqual(
            june["Partner institutions"],
            [len(partners_counted_on(JUNE_30)), len(partners_counted_on(datetime.date(YEAR - 1, 6, 30)))],
        )

    # Partners ----------------------------------------------------------------------------------------------------

    def test_partners_by_country_counts_the_partners_of_31_december(self):
        table = self.table("partners-by-country")
        counted = partners_counted_on(DEC_31)
        self.assertEqual(table.total_row[-1], len(counted))
        for code in {i.country.code for i in counted}:
            self.assertEqual(row_for(table, countries.name(code))[-1], len([i for i in counted if i.country == code]))
        # Texas Southern's relations began in September: not yet a partner on 30 June.
        self.assertEqual(self.on_june_30("partners-by-country").total_row[-1], len(partners_counted_on(JUNE_30)))

    def test_new_relations_lists_the_relations_begun_in_the_year(self):
        names = [row[0] for row in self.table("new-relations").rows]
        expected = Institution.objects.filter(relations_since__year=YEAR).order_by("relations_since")
        self.assertEqual(names, [i.name_en for i in expected])
        self.assertEqual([row[0] for row in self.on_june_30("new-relations").rows], ["Group T"])

    def test_agreements_by_kind_count_in_force_and_expired_on_31_december(self):
        table = self.table("agreements-by-kind")
        agreements = list(Agreement.objects.all())
        in_force = [a for a in agreements if in_force_by_dates(a, DEC_31)]
        self.assertEqual(table.total_row[1], len(in_force))
        self.assertEqual(table.total_row[2], len([a for a in agreements if a.signed_on and a.signed_on.year == YEAR]))
        self.assertEqual(table.total_row[4], len([a for a in agreements if expired_in_year(a, YEAR, DEC_31)]))
        june = self.on_june_30("agreements-by-kind")
        self.assertEqual(june.total_row[1], len([a for a in agreements if in_force_by_dates(a, JUNE_30)]))

    def test_delegations_count_the_visits_of_the_year(self):
        table = self.table("delegations-by-country")
        visits = started(Delegation.objects.all(), YEAR, DEC_31)
        inbound = [v for v in visits if v.direction == Delegation.Direction.INBOUND]
        self.assertEqual(table.total_row[1:3], [len(inbound), sum(v.people_count for v in inbound)])
        # Up to the chosen day: the visits of July, August and November are left out.
        june = self.on_june_30("delegations-by-country")
        inbound = [v for v in started(Delegation.objects.all(), YEAR, JUNE_30) if v.direction == "inbound"]
        self.assertEqual(june.total_row[1:3], [len(inbound), sum(v.people_count for v in inbound)])

    # Programs ----------------------------------------------------------------------------------------------------

    def test_programs_count_those_established_by_the_year(self):
        table = self.table("programs-by-kind-level")
        programs = [p for p in Program.objects.all() if p.established_year is None or p.established_year <= YEAR]
        self.assertEqual(table.total_row[-1], len(programs))
        self.assertEqual(self.on_june_30("programs-by-kind-level").total_row[-1], len(programs))

    def test_ministry_approved_programs_are_those_approved_by_the_year(self):
        numbers = [row[3] for row in self.table("ministry-approved-programs").rows]
        approved = Program.objects.ministry_approved().filter(moe_approval_year__lte=YEAR)
        self.assertEqual(numbers, [p.moe_approval_number for p in approved])
        self.assertEqual(len(self.on_june_30("ministry-approved-programs").rows), len(numbers))

    # International students --------------------------------------------------------------------------------------

    def test_student_summary_counts_those_on_campus_on_31_december(self):
        table = self.table("students-summary")
        self.assertEqual(table.rows[0][1], len(present_on(DEC_31)))
        arrived = [s for s in InternationalStudent.objects.all() if s.arrived_on and s.arrived_on <= DEC_31]
        self.assertEqual(table.rows[2][1], len(arrived))
        self.assertEqual(self.on_june_30("students-summary").rows[0][1], len(present_on(JUNE_30)))

    def test_students_by_continent_count_those_on_campus_during_the_year(self):
        table = self.table("students-by-continent")
        self.assertEqual(table.total_row[-1], len(present_during(DEC_31)))
        asia = [s for s in present_during(DEC_31) if s.nationality in ("KZ", "KR", "JP")]
        self.assertEqual(row_for(table, "Asia (亚洲)")[-1], len(asia))
        self.assertEqual(self.on_june_30("students-by-continent").total_row[-1], len(present_during(JUNE_30)))

    def test_students_by_country_count_those_on_campus_during_the_year(self):
        table = self.table("students-by-country")
        # The Japanese student arrived in 2015.
        self.assertNotIn("Japan (日本)", [row[1] for row in table.body_rows])
        self.assertEqual(table.total_row[-1], len(present_during(DEC_31)))
        self.assertEqual(self.on_june_30("students-by-country").total_row[-1], len(present_during(JUNE_30)))

    def test_students_by_category_count_those_during_the_year_and_on_31_december(self):
        table = self.table("students-by-category")
        self.assertEqual(table.total_row[1:], [len(present_during(DEC_31)), len(present_on(DEC_31))])
        june = self.on_june_30("students-by-category")
        self.assertEqual(june.total_row[1:], [len(present_during(JUNE_30)), len(present_on(JUNE_30))])

    def test_students_by_funding_count_those_on_campus_during_the_year(self):
        table = self.table("students-by-funding")
        self.assertEqual(table.total_row[-1], len(present_during(DEC_31)))
        self.assertEqual(self.on_june_30("students-by-funding").total_row[-1], len(present_during(JUNE_30)))

    def test_students_by_discipline_count_those_on_campus_during_the_year(self):
        table = self.table("students-by-discipline")
        self.assertEqual(table.total_row[-1], len(present_during(DEC_31)))
        self.assertEqual(self.on_june_30("students-by-discipline").total_row[-1], len(present_during(JUNE_30)))

    def test_new_students_and_graduates_are_those_of_the_year(self):
        table = self.table("students-arrivals-graduates")
        students = list(InternationalStudent.objects.all())
        arrived = [s for s in students if s.arrived_on and s.arrived_on.year == YEAR]
        graduated = [s for s in students if s.graduated_on and s.graduated_on.year == YEAR]
        self.assertEqual(table.total_row[1:], [len(arrived), len(graduated)])
        self.assertEqual(len(graduated), 1)
        june = self.on_june_30("students-arrivals-graduates")
        self.assertEqual(june.total_row[1:], [len([s for s in arrived if s.arrived_on <= JUNE_30]), 0])

    def test_students_by_unit_count_those_on_campus_on_31_december(self):
        table = self.table("students-by-unit")
        self.assertEqual(table.total_row[1], len(present_on(DEC_31)))
        self.assertNotIn("No unit recorded", [row[0] for row in table.body_rows])
        self.assertEqual(self.on_june_30("students-by-unit").total_row[1], len(present_on(JUNE_30)))

    # BJTU students abroad ----------------------------------------------------------------------------------------

    def test_students_abroad_by_kind_count_the_stays_of_the_year(self):
        table = self.table("outbound-by-kind")
        self.assertEqual(table.total_row[-1], len(started(OutboundMobility.objects.all(), YEAR, DEC_31)))
        june = self.on_june_30("outbound-by-kind")
        self.assertEqual(june.total_row[-1], len(started(OutboundMobility.objects.all(), YEAR, JUNE_30)))

    def test_students_abroad_by_country_count_the_stays_of_the_year(self):
        table = self.table("outbound-by-country")
        stays = started(OutboundMobility.objects.all(), YEAR, DEC_31)
        self.assertEqual(
            row_for(table, countries.name("JP"))[-1], len([s for s in stays if s.destination_country == "JP"])
        )
        june = self.on_june_30("outbound-by-country")
        self.assertNotIn(countries.name("JP"), [row[0] for row in june.body_rows])

    # Foreign experts ---------------------------------------------------------------------------------------------

    def test_experts_by_unit_count_the_people_appointed_during_the_year(self):
        table = self.table("experts-by-unit")
        during = [
            a for a in Appointment.objects.all() if a.starts_on <= DEC_31 and a.ends_on >= datetime.date(YEAR, 1, 1)
        ]
        self.assertEqual(table.total_row[3], len({a.expert_id for a in during}))
        june = self.on_june_30("experts-by-unit")
        self.assertEqual(june.total_row[3], len({a.expert_id for a in during if a.starts_on <= JUNE_30}))

    def test_experts_by_nationality_count_the_people_appointed_during_the_year(self):
        table = self.table("experts-by-nationality")
        self.assertEqual(row_for(table, countries.name("JP"))[3], 1)
        june = self.on_june_30("experts-by-nationality")
        self.assertNotIn(countries.name("JP"), [row[0] for row in june.body_rows])

    def test_talent_projects_count_the_rounds_up_to_the_year(self):
        table = self.table("talent-projects")
        rounds = [t for t in TalentProject.objects.all() if 2011 <= t.year <= YEAR]
        self.assertEqual(table.total_row[-1], len(rounds))
        self.assertEqual(self.on_june_30("talent-projects").total_row[-1], len(rounds))

    # Trends ------------------------------------------------------------------------------------------------------

    def test_trends_end_with_the_year_counted_on_31_december(self):
        table = self.table("trends")
        last = table.rows[-1]
        self.assertEqual(last[0], YEAR)
        self.assertEqual(last[1], len(partners_counted_on(DEC_31)))
        self.assertEqual(last[2], len([a for a in Agreement.objects.all() if in_force_by_dates(a, DEC_31)]))
        june = self.on_june_30("trends").rows[-1]
        self.assertEqual(june[1], len(partners_counted_on(JUNE_30)))


class ChosenDayTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        build_known_records()
        cls.reporter = make_reporter()

    def setUp(self):
        force_login(self.client, self.reporter)

    def test_a_day_left_over_from_another_year_is_refused_with_a_message(self):
        response = self.client.get(reverse("reports:index"), {"year": YEAR, "as_of": "2025-12-31"})
        self.assertContains(response, "Choose a day in 2013, or leave the field empty")
        download = self.client.get(reverse("reports:workbook"), {"year": YEAR, "as_of": "2025-12-31"})
        self.assertEqual(download.status_code, 400)

    def test_the_years_own_day_typed_in_is_not_a_chosen_day(self):
        response = self.client.get(reverse("reports:index"), {"year": YEAR, "as_of": DEC_31.isoformat()})
        self.assertEqual(response.context["title"], f"Annual report {YEAR}")
        self.assertNotIn("as_of", response.context["query"])

    def test_the_workbook_and_the_pdf_name_a_chosen_day_in_their_titles(self):
        query = {"year": YEAR, "as_of": JUNE_30.isoformat()}
        workbook = self.client.get(reverse("reports:workbook"), query)
        self.assertIn("bjtu-annual-report-2013-on-2013-06-30.xlsx", workbook["Content-Disposition"])
        self.assertIn(
            CHOSEN_TITLE, openpyxl.load_workbook(io.BytesIO(b"".join(workbook.streaming_content))).properties.title
        )
        pdf = self.client.get(reverse("reports:pdf"), query)
        self.assertIn("bjtu-annual-report-2013-on-2013-06-30.pdf", pdf["Content-Disposition"])
        reader = pypdf.PdfReader(io.BytesIO(pdf.content))
        self.assertIn(CHOSEN_TITLE, reader.metadata.title)
        self.assertIn(CHOSEN_TITLE, reader.pages[0].extract_text().replace("\n", " "))
