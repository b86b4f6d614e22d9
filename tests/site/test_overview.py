"""The public overview (/): every figure computed from the records, a year selector, no small groups."""

import datetime

from django.test import TestCase
from django.utils import timezone

from experts.models import Appointment, TalentProject
from intl_office.site import figures
from partners.models import Agreement, Delegation, Institution
from programs.models import Program
from students.models import OutboundMobility
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
)
from tests.site.overview_page import (
    as_int,
    shown_figures,
)


class OverviewTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        today = timezone.localdate()
        cls.year = figures.latest_complete_year()
        leuven = make_institution(name_en="KU Leuven", country="BE")
        waterloo = make_institution(name_en="University of Waterloo", country="CA")
        make_institution(name_en="Siemens", country="DE", kind=Institution.Kind.COMPANY)
        make_institution(name_en="GROUP T", country="BE", merged_into=leuven)
        make_agreement(leuven, kind=Agreement.Kind.DOUBLE_DEGREE, starts_on=datetime.date(2000, 1, 1), ends_on=None)
        make_agreement(
            waterloo, kind=Agreement.Kind.STUDENT_EXCHANGE, starts_on=datetime.date(2000, 1, 1), ends_on=None
        )
        # On campus today: 7 from Kazakhstan, 2 from France (a small group), 5 from Russia.
        on_campus = {
            "arrived_on": today - datetime.timedelta(days=30),
            "departed_on": today + datetime.timedelta(days=300),
        }
        for _ in range(7):
            make_student(nationality="KZ", **on_campus)
        for _ in range(2):
            make_student(nationality="FR", **on_campus)
        for _ in range(5):
            make_student(nationality="RU", **on_campus)
        # Left long ago: received, not current.
        make_student(nationality="US", arrived_on=datetime.date(2010, 9, 1), departed_on=datetime.date(2011, 7, 1))
        # 2013, the seed's year.
        make_delegation(starts_on=datetime.date(2013, 4, 1), ends_on=datetime.date(2013, 4, 3), people_count=1200)
        make_delegation(starts_on=datetime.date(2013, 6, 1), ends_on=datetime.date(2013, 6, 3), people_count=644)
        make_delegation(
            direction=Delegation.Direction.OUTBOUND,
            starts_on=datetime.date(2013, 7, 1),
            ends_on=datetime.date(2013, 7, 9),
            people_count=30,
        )
        for _ in range(6):
            make_outbound(starts_on=datetime.date(2013, 9, 1))
        for _ in range(5):
            make_outbound(starts_on=datetime.date(2013, 8, 1), route=OutboundMobility.Route.AFTER_GRADUATION)
        for _ in range(6):
            make_appointment(starts_on=datetime.date(2013, 2, 1), ends_on=datetime.date(2013, 12, 31))
        make_appointment(starts_on=datetime.date(2013, 5, 1), ends_on=datetime.date(2013, 5, 20), term="short_term")
        # The latest complete year: one delegation.
        make_delegation(starts_on=datetime.date(cls.year, 3, 1), ends_on=datetime.date(cls.year, 3, 2), people_count=40)
        make_talent_project(scheme=TalentProject.Scheme.THOUSAND_TALENTS, year=2012)
        make_talent_project(scheme=TalentProject.Scheme.THOUSAND_TALENTS, year=2014)
        make_talent_project(scheme=TalentProject.Scheme.PROJECT_111, year=2015)
        make_talent_project(scheme=TalentProject.Scheme.PROJECT_111, year=2009)  # before 2011
        make_talent_project(scheme=TalentProject.Scheme.HIGH_END, year=2016, status="rejected", approved_on=None)
        make_program(
            waterloo,
            title_en="BJTU-Waterloo Nanomaterials Program",
            kind=Program.Kind.COOPERATIVE,
            moe_approval_number="MOE-1",
            moe_approval_year=2012,
        )
        make_program(
            kind=Program.Kind.COOPERATIVE,
            title_en="Unannounced Cooperative Program",
            moe_approval_number="MOE-2",
            moe_approval_year=2020,
            is_published=False,
        )
        make_program(leuven, title_en="Confucius Institute in Belgium", kind=Program.Kind.INSTITUTE_ABROAD)

    def test_it_shows_the_partner_figures(self):
        shown = shown_figures(self.client.get("/"))
        self.assertEqual(shown["institutions"], "3")  # GROUP T counts as KU Leuven
        self.assertEqual(shown["countries"], "3")
        self.assertEqual(shown["universities-any-mobility"], "2")

    def test_it_shows_the_student_figures(self):
        shown = shown_figures(self.client.get("/"))
        self.assertEqual(shown["current-students"], "14")
        self.assertEqual(shown["current-countries"], "3")
        self.assertEqual(shown["received"], "15")
        self.assertEqual(shown["received-countries"], "4")

    def test_it_defaults_to_the_latest_complete_year(self):
        response = self.client.get("/")
        self.assertEqual(response.context["year"], self.year)
        self.assertEqual(shown_figures(response)["inbound-delegations"], "40")
        self.assertContains(response, f"The year {self.year} in figures")

    def test_the_year_selector_shows_a_past_year(self):
        shown = shown_figures(self.client.get("/", {"year": 2013}))
        self.assertEqual(shown["inbound-delegations"], "1,844")
        self.assertEqual(shown["outbound-delegations"], "30")
        self.assertEqual(shown["outbound-students"], "11")
        self.assertEqual(shown["outbound-agreement"], "6")
        self.assertEqual(shown["outbound-after-graduation"], "5")
        self.assertEqual(shown["long-term-teachers"], "6")

    def test_the_year_selector_offers_every_year_since_the_first_record_to_the_current_one(self):
        choices = [year for year, _ in self.client.get("/").context["year_form"].fields["year"].choices]
        self.assertEqual(choices, list(range(timezone.localdate().year, 2012, -1)))

    def test_the_current_year_shows_its_figures_to_date(self):
        today = timezone.localdate()
        response = self.client.get("/", {"year": today.year})
        self.assertEqual(response.context["year"], today.year)
        self.assertEqual(response.context["year_to_date"], today)
        self.assertContains(response, f"The year {today.year} so far")
        expected = figures.year_figures(today.year, today)
        self.assertEqual(
            as_int(shown_figures(response)["inbound-delegations"]), expected.inbound_delegation_person_times
        )

    def test_an_unknown_year_falls_back_to_the_default_with_a_visible_notice(self):
        for bad, words in (
            ("1800", "There are no figures for 1800"),
            (str(timezone.localdate().year + 4), "There are no figures for"),
            ("next", "“next” is not a year"),
            ("2013.5", "“2013.5” is not a year"),
        ):
            with self.subTest(bad=bad):
                response = self.client.get("/", {"year": bad})
                self.assertEqual(response.status_code, 200)
                self.assertEqual(response.context["year"], self.year)
                self.assertContains(response, 'id="year-notice"')
                self.assertContains(response, words)
                self.assertContains(response, f"Showing {self.year} instead.")

    def test_no_notice_without_a_year_or_with_a_good_one(self):
        for query in ({}, {"year": 2013}):
            self.assertNotContains(self.client.get("/", query), 'id="year-notice"')

    def test_it_folds_countries_with_fewer_than_five_students_into_other_with_the_next_smallest(self):
        response = self.client.get("/")
        breakdown = response.context["students_by_country"]
        # France's 2 alone would be the total (14) minus the shown rows: Russia's 5 joins them.
        self.assertEqual([(row["country"].code, row["count"]) for row in breakdown["rows"]], [("KZ", 7)])
        self.assertEqual((breakdown["other_countries"], breakdown["other_people"]), (2, 7))
        self.assertNotContains(response, "France")
        self.assertNotContains(response, "Russia")
        self.assertContains(response, "Other countries and regions (2)")

    def test_small_counts_of_people_read_fewer_than_five(self):
        shown = shown_figures(self.client.get("/", {"year": 2013}))
        # One short-term expert in 2013 would identify them.
        self.assertEqual(shown["short-term-experts"], "fewer than 5")

    def test_it_names_published_ministry_approved_programs_only(self):
        response = self.client.get("/")
        self.assertContains(response, "BJTU-Waterloo Nanomaterials Program")
        self.assertContains(response, "Approval MOE-1, 2012")
        self.assertNotContains(response, "Unannounced Cooperative Program")
        self.assertNotContains(response, "MOE-2")

    def test_it_names_the_institutes_abroad(self):
        self.assertContains(self.client.get("/"), "Confucius Institute in Belgium")

    def test_it_counts_talent_program_approvals_since_2011_by_scheme(self):
        response = self.client.get("/")
        self.assertContains(response, "Since 2011, 3 applications have been approved.")
        by_scheme = {row["label"]: row["count"] for row in response.context["talent_by_scheme"]}
        self.assertEqual(
            by_scheme,
            {TalentProject.Scheme.THOUSAND_TALENTS.label: 2, TalentProject.Scheme.PROJECT_111.label: 1},
        )

    def test_it_shows_foreign_teachers_for_five_years_ending_at_the_chosen_year(self):
        rows = self.client.get("/", {"year": self.year}).context["teachers_by_year"]
        self.assertEqual([row["year"] for row in rows], list(range(self.year - 4, self.year + 1)))

    def test_the_teacher_years_start_no_earlier_than_the_records(self):
        rows = self.client.get("/", {"year": 2014}).context["teachers_by_year"]
        self.assertEqual([row["year"] for row in rows], [2013, 2014])
        self.assertEqual((rows[0]["long_term"], rows[0]["short_term"]), (6, 1))
        self.assertEqual(rows[1]["long_term"], 0)

    def test_every_shown_figure_is_the_one_figures_computes(self):
        shown = shown_figures(self.client.get("/", {"year": 2013}))
        partners, students, year = figures.partner_figures(), figures.student_figures(), figures.year_figures(2013)
        expected = {
            "institutions": partners.institutions,
            "countries": partners.countries,
            "universities-any-mobility": partners.universities_any_mobility,
            "current-students": students.current,
            "received": students.received,
            "inbound-delegations": year.inbound_delegation_person_times,
            "outbound-students": year.outbound_students,
            "long-term-teachers": year.long_term_foreign_teachers,
        }
        self.assertEqual({name: as_int(shown[name]) for name in expected}, expected)

    def test_the_chinese_overview_is_in_chinese(self):
        response = self.client.get("/zh-hans/", {"year": 2013})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, '<html lang="zh-hans">')
        self.assertContains(response, "北京交通大学")
        self.assertEqual(shown_figures(response)["inbound-delegations"], "1,844")


class OverviewQueryCountTests(TestCase):
    """The overview runs the same number of queries with 10 records of each kind as with 200."""

    def add_records(self, count: int):
        today = timezone.localdate()
        first = Program.objects.count()
        for n in range(first, first + count):
            institution = make_institution(country=["BE", "DE", "FR", "JP", "CA"][n % 5])
            make_agreement(institution)
            make_student(arrived_on=today - datetime.timedelta(days=10), departed_on=None)
            make_delegation()
            make_outbound()
            make_appointment(expert=make_expert())
            make_talent_project()
            make_program(
                institution,
                kind=Program.Kind.COOPERATIVE if n % 2 else Program.Kind.INSTITUTE_ABROAD,
                moe_approval_number=f"MOE-{n}" if n % 2 else "",
                moe_approval_year=2012 if n % 2 else None,
            )

    def test_the_overview_runs_a_fixed_number_of_queries(self):
        self.add_records(10)
        # first record years (3); partner figures (3), kinds (1); students (2) and by country (1);
        # the year (4); teachers by year (1); talent (1); ministry programs and institutes with partners (2 + 2);
        # partners by country for the maps (1)
        with self.assertNumQueries(21):
            self.client.get("/", {"year": 2013})
        self.add_records(190)
        with self.assertNumQueries(21):
            response = self.client.get("/", {"year": 2013})
        self.assertEqual(as_int(shown_figures(response)["institutions"]), 200)
        self.assertEqual(Appointment.objects.count(), 200)


class OutboundRouteSuppressionTests(TestCase):
    """The two routes add up to the total: a small one must not be recoverable by subtraction."""

    def test_a_small_route_hides_both_routes_but_keeps_the_total(self):
        for _ in range(10):
            make_outbound(starts_on=datetime.date(2013, 9, 1))
        for _ in range(3):
            make_outbound(starts_on=datetime.date(2013, 8, 1), route=OutboundMobility.Route.AFTER_GRADUATION)
        response = self.client.get("/?year=2013")
        self.assertContains(response, 'data-figure="outbound-students">13<', html=False)
        self.assertContains(response, "not shown (a small group)")
        self.assertNotContains(response, 'data-figure="outbound-agreement"')
        self.assertNotContains(response, 'data-figure="outbound-after-graduation"')

    def test_routes_are_shown_when_both_are_large_enough(self):
        for _ in range(6):
            make_outbound(starts_on=datetime.date(2013, 9, 1))
            make_outbound(starts_on=datetime.date(2013, 8, 1), route=OutboundMobility.Route.AFTER_GRADUATION)
        response = self.client.get("/?year=2013")
        self.assertContains(response, 'data-figure="outbound-agreement">6<', html=False)
        self.assertNotContains(response, "not shown (a small group)")


class TopCountriesTests(TestCase):
    """The students' countries: the ten largest as bars, every country shown behind a disclosure."""

    @classmethod
    def setUpTestData(cls):
        today = timezone.localdate()
        cls.codes = ["KZ", "RU", "PK", "MN", "VN", "TH", "LA", "KR", "JP", "FR", "DE", "IT"]
        for n, code in enumerate(cls.codes):
            for _ in range(5 + n):
                make_student(nationality=code, arrived_on=today - datetime.timedelta(days=30), departed_on=None)

    def test_the_ten_largest_countries_are_bars_sized_by_their_count(self):
        response = self.client.get("/")
        top = response.context["students_top"]
        self.assertEqual([row["country"].code for row in top], self.codes[::-1][:10])
        self.assertEqual(top[0]["percent"], 100)
        self.assertEqual(top[-1]["percent"], round(100 * top[-1]["count"] / top[0]["count"], 1))
        self.assertContains(response, f'<rect width="{top[-1]["percent"]}"')

    def test_every_country_is_behind_the_disclosure(self):
        content = self.client.get("/").content.decode()
        start = content.index('<details class="all-countries">')
        disclosure = content[start : content.index("</details>", start)]
        for code in self.codes:
            self.assertIn(f'data-figure="students-country-{code.lower()}"', disclosure)
        self.assertIn(f"All {len(self.codes)} countries and regions", disclosure)
