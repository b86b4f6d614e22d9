"""The demo reproduces BJTU's international overview: each figure the page states, counted from the records by
intl_office.site.figures (the code the public overview runs), equals the number written here.

The numbers are literals taken from the overview page, exact where the page's wording is approximate ("more than
150" is 156, as the README says), so a change to the generator that moves a figure fails here.
"""

from io import StringIO

from django.core.management import call_command
from django.test import TestCase

from experts.models import TalentProject
from intl_office.demo.common import STABLE_FROM
from intl_office.site import figures
from intl_office.travel.models import Guest, TripMember
from partners.models import Delegation, Institution
from students.models import InternationalStudent

# "Current" figures are read on a day of the demo's stable window, so they hold whatever day the tests run.
DAY = STABLE_FROM


class OverviewFiguresTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        out = StringIO()
        call_command("load_demo", stdout=out)
        cls.output = out.getvalue()

    def test_it_counts_156_partners_from_32_countries_and_regions(self):
        # "cooperative relations with more than 150 ... universities, institutions and high-tech companies from 32
        # countries and regions"
        partners = figures.partner_figures(DAY)
        self.assertEqual((partners.institutions, partners.countries), (156, 32))
        countries = set(Institution.objects.counted().values_list("country", flat=True))
        self.assertLessEqual({"HK", "MO", "TW"}, countries)
        by_kind = figures.institutions_by_kind()
        self.assertEqual([kind for kind, n in by_kind.items() if not n], [])
        self.assertEqual(sum(by_kind.values()), 156)

    def test_it_counts_53_universities_with_a_mobility_agreement_in_force(self):
        # "partnership with more than 50 international universities in the forms of double degree programs, student
        # exchange programs and short visit programs"
        partners = figures.partner_figures(DAY)
        self.assertEqual(partners.universities_any_mobility, 53)
        for kind in ("double_degree", "student_exchange", "short_visit"):
            with self.subTest(kind=kind):
                self.assertGreater(partners.universities_by_kind[kind], 10)

    def test_it_counts_1427_students_on_campus_from_84_countries_and_regions(self):
        # "over 1,400 international students from more than 80 countries and regions studying on campus"
        students = figures.student_figures(DAY)
        self.assertEqual((students.current, students.current_countries), (1427, 84))

    def test_it_counts_3268_students_received_from_107_countries_and_regions(self):
        # "received over 3,200 overseas students and visiting scholars from more than 100 countries and regions"
        students = figures.student_figures(DAY)
        self.assertEqual((students.received, students.received_countries), (3268, 107))
        # Admitted students who have not arrived yet are recorded, and not received.
        self.assertTrue(InternationalStudent.objects.filter(arrived_on__isnull=True, status="admitted").exists())

    def test_it_has_the_three_institutes_abroad_with_their_partners(self):
        # As the overview lists them: published only.
        institutes = figures.institutes_abroad().filter(is_published=True)
        partners = {p.title_en: [i.name_en for i in p.partners.all()] for p in institutes}
        self.assertEqual(
            partners,
            {
                "GROUP T International Education Academy - KU Leuven": ["KU Leuven"],
                "Confucius Institute in Belgium": ["KU Leuven"],
                "Texas Southern University Confucius Institute": ["Texas Southern University"],
            },
        )
        self.assertEqual(Institution.objects.get(name_en="Texas Southern University").country.code, "US")

    def test_it_has_the_three_ministry_approved_programs(self):
        programs = figures.ministry_approved_programs().filter(is_published=True)
        partners = {p.title_en: [i.name_en for i in p.partners.all()] for p in programs}
        self.assertEqual(
            partners,
            {
                "BJTU-University of Waterloo Nanomaterials Undergraduate Program": ["University of Waterloo"],
                "BJTU-University of Wollongong Mechatronics Engineering Undergraduate Program": [
                    "University of Wollongong"
                ],
                "BJTU-EPITECH Software Engineering Master Program": ["EPITECH"],
            },
        )
        self.assertNotIn(None, [p.moe_approval_year for p in programs])

    def test_it_counts_1844_visiting_person_times_in_2013_including_hong_kong_macao_and_taiwan(self):
        self.assertEqual(figures.year_figures(2013).inbound_delegation_person_times, 1844)
        inbound = Delegation.objects.in_year(2013).filter(direction=Delegation.Direction.INBOUND)
        self.assertLessEqual({"HK", "MO", "TW"}, set(inbound.values_list("country", flat=True)))

    def test_its_person_times_from_2013_on_come_from_members_and_guests_and_earlier_years_are_totals(self):
        # Every delegation from 2013 on is a trip with its members or a visit with its guests; 2011-2012 are typed.
        self.assertEqual(Guest.objects.filter(visit__starts_on__year=2013).count(), 1844)
        outbound = figures.year_figures(2013).outbound_delegation_person_times
        self.assertEqual(TripMember.objects.filter(trip__departs_on__year=2013).count(), outbound)
        recorded = Delegation.objects.filter(starts_on__year__gte=2013)
        self.assertFalse(recorded.filter(trip__isnull=True, visit__isnull=True).exists())
        self.assertFalse(Delegation.objects.filter(starts_on__year__lt=2013).exclude(trip=None, visit=None).exists())

    def test_it_counts_986_students_abroad_in_2013_567_through_agreements_and_419_after_graduation(self):
        year = figures.year_figures(2013)
        self.assertEqual(
            (year.outbound_students, year.outbound_through_agreements, year.outbound_after_graduation), (986, 567, 419)
        )

    def test_it_counts_1318_overseas_students_during_2013(self):
        # "The number of overseas students exceeds 1,300."
        self.assertEqual(figures.year_figures(2013).overseas_students, 1318)

    def test_it_counts_about_sixty_long_term_foreign_teachers_every_year(self):
        # "the number of long-term foreign teachers ... amounts to sixty annually"
        self.assertEqual(figures.year_figures(2013).long_term_foreign_teachers, 60)
        for year, (long_term, _short_term) in figures.foreign_teachers_by_year(list(range(2011, 2026))).items():
            with self.subTest(year=year):
                self.assertTrue(55 <= long_term <= 65, long_term)

    def test_it_counts_nineteen_talent_program_approvals_since_2011(self):
        # "From 2011 till now, nineteen ... approved, including two '1000 Talent Plan', two 'Recruitment Program of
        # High-end Foreign Experts', four '111 Project', etc."
        talent = figures.talent_figures()
        self.assertEqual((talent.since, talent.approved), (2011, 19))
        self.assertEqual(
            [talent.by_scheme[scheme] for scheme in ("thousand_talents", "high_end", "project_111")], [2, 2, 4]
        )
        # Applications that must not count are there: approved before 2011, applied, rejected.
        projects = TalentProject.objects.all()
        self.assertFalse(projects.approved_since(2011).filter(lead_expert__isnull=True).exists())
        self.assertTrue(projects.filter(status="approved", year__lt=2011).exists())
        self.assertTrue(projects.filter(status="applied").exists())
        self.assertTrue(projects.filter(status="rejected", year__gte=2011).exists())

    def test_it_prints_the_overview_figures(self):
        self.assertIn("Created", self.output)
        self.assertIn("156 institutions from 32 countries and regions", self.output)
        self.assertIn("1427 now from 84 countries; 3268 received from 107", self.output)
        self.assertIn("2013: 1844 visiting person-times, 986 students abroad", self.output)
        self.assertIn("approved since 2011: 19", self.output)
