"""load_demo: the demo records reproduce BJTU's overview, counted with the ORM; a second run changes nothing.

Each figure is counted twice: with plain ORM queries written out here, and with
the intl_office.figures function the public pages use. The expected numbers
are the named constants in intl_office.demo, checked against the seed page's
wording ("more than 150", "32 countries", ...).
"""

import datetime
import itertools
import re
from io import StringIO

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Count, F, Q, Sum
from django.test import TestCase, override_settings

from experts.models import Appointment, Expert, TalentProject
from intl_office.core.models import Unit
from intl_office.demo import common, delegations, experts, loader, partners_data, students_data, units
from intl_office.demo.management.commands.demo_login import DEMO_PASSWORD, DEMO_USERNAME
from intl_office.site import figures
from partners.models import Agreement, Contact, Delegation, Institution
from programs.models import DegreeLevel, Program
from students.models import InternationalStudent, OutboundMobility

DEMO_MODELS = [
    Unit,
    Institution,
    Contact,
    Agreement,
    Program,
    Delegation,
    InternationalStudent,
    OutboundMobility,
    Expert,
    Appointment,
    TalentProject,
]
MOBILITY_KINDS = ["double_degree", "student_exchange", "short_visit"]


def run_load_demo(*args) -> str:
    out = StringIO()
    call_command("load_demo", *args, stdout=out)
    return out.getvalue()


def counted_institutions():
    return Institution.objects.filter(is_active=True, merged_into__isnull=True)


def students_present_on(day: datetime.date):
    return InternationalStudent.objects.filter(arrived_on__lte=day).filter(
        Q(departed_on__isnull=True) | Q(departed_on__gte=day)
    )


def distinct_count(queryset, field: str) -> int:
    return queryset.aggregate(n=Count(field, distinct=True))["n"]


class DemoDataTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.output = run_load_demo()
        # "Current" figures are pinned to a day inside the demo's stable window, so these
        # tests keep passing after the window ends (the demo then shows fewer current students).
        cls.today = common.STABLE_FROM

    # --- Partners

    def test_it_counts_more_than_150_partners_from_32_countries_and_regions(self):
        counted = counted_institutions()
        self.assertGreater(partners_data.COUNTED_INSTITUTIONS, 150)
        self.assertEqual(partners_data.PARTNER_COUNTRIES, 32)
        self.assertEqual(counted.count(), partners_data.COUNTED_INSTITUTIONS)
        self.assertEqual(distinct_count(counted, "country"), partners_data.PARTNER_COUNTRIES)
        self.assertLessEqual({"HK", "MO", "TW"}, set(counted.values_list("country", flat=True)))
        self.assertEqual(set(counted.values_list("kind", flat=True)), set(Institution.Kind.values))
        partners = figures.partner_figures(self.today)
        self.assertEqual(partners.institutions, partners_data.COUNTED_INSTITUTIONS)
        self.assertEqual(partners.countries, partners_data.PARTNER_COUNTRIES)

    def test_former_partners_are_recorded_but_not_counted(self):
        inactive = Institution.objects.filter(is_active=False)
        self.assertTrue(inactive.exists())
        self.assertFalse(counted_institutions().filter(pk__in=inactive).exists())
        # One former partner comes from a country no counted partner is in.
        self.assertTrue(inactive.exclude(country__in=counted_institutions().values("country")).exists())

    def test_more_than_50_universities_have_a_mobility_agreement_in_force(self):
        in_force = Agreement.objects.filter(status="active", starts_on__lte=self.today, kind__in=MOBILITY_KINDS).filter(
            Q(ends_on__isnull=True) | Q(ends_on__gte=self.today)
        )
        universities = counted_institutions().filter(kind="university", agreements__in=in_force).distinct()
        self.assertGreater(partners_data.MOBILITY_UNIVERSITIES, 50)
        self.assertEqual(universities.count(), partners_data.MOBILITY_UNIVERSITIES)
        partners = figures.partner_figures(self.today)
        self.assertEqual(partners.universities_any_mobility, partners_data.MOBILITY_UNIVERSITIES)
        for kind in MOBILITY_KINDS:
            with self.subTest(kind=kind):
                by_kind = universities.filter(agreements__in=in_force.filter(kind=kind)).distinct().count()
                self.assertGreater(by_kind, 10)
                self.assertEqual(partners.universities_by_kind[kind], by_kind)

    def test_agreements_cover_every_kind_and_status_with_places(self):
        self.assertEqual(set(Agreement.objects.values_list("kind", flat=True)), set(Agreement.Kind.values))
        self.assertEqual(set(Agreement.objects.values_list("status", flat=True)), set(Agreement.Status.values))
        active_past_end = Agreement.objects.filter(status="active", ends_on__lt=self.today)
        self.assertTrue(active_past_end.exists())
        self.assertEqual(
            Agreement.objects.expired().count(),
            Agreement.objects.filter(status="expired").count() + active_past_end.count(),
        )
        exchanges = Agreement.objects.filter(kind="student_exchange")
        self.assertFalse(exchanges.filter(Q(places_inbound=0) | Q(places_outbound=0)).exists())
        self.assertFalse(Agreement.objects.annotate(n=Count("partners")).filter(n=0).exists())
        self.assertTrue(Agreement.objects.annotate(n=Count("partners")).filter(n=2).exists())

    def test_group_t_is_merged_into_ku_leuven_and_counted_once(self):
        ku_leuven = Institution.objects.get(name_en="KU Leuven", country="BE")
        group_t = Institution.objects.get(name_en="GROUP T - Leuven Institute of Technology")
        self.assertEqual(group_t.merged_into, ku_leuven)
        self.assertNotEqual(group_t.former_name, "")
        counted = counted_institutions()
        self.assertIn(ku_leuven, counted)
        self.assertNotIn(group_t, counted)

    def test_it_has_the_institutes_abroad_with_their_partners(self):
        institutes = {p.title_en: p for p in figures.institutes_abroad()}
        self.assertEqual(
            set(institutes),
            {
                "GROUP T International Education Academy - KU Leuven",
                "Confucius Institute in Belgium",
                "Texas Southern University Confucius Institute",
            },
        )
        texas = institutes["Texas Southern University Confucius Institute"].partners.get()
        self.assertEqual((texas.name_en, texas.country.code), ("Texas Southern University", "US"))
        self.assertEqual(
            institutes["GROUP T International Education Academy - KU Leuven"].partners.get().name_en, "KU Leuven"
        )

    def test_it_has_the_three_ministry_approved_programs(self):
        approved = Program.objects.filter(kind="cooperative").exclude(moe_approval_number="")
        self.assertEqual(
            set(approved.values_list("title_en", flat=True)),
            {
                "BJTU-University of Waterloo Nanomaterials Undergraduate Program",
                "BJTU-University of Wollongong Mechatronics Engineering Undergraduate Program",
                "BJTU-EPITECH Software Engineering Master Program",
            },
        )
        self.assertFalse(approved.filter(moe_approval_year__isnull=True).exists())
        self.assertEqual(
            [p.pk for p in figures.ministry_approved_programs()],
            list(approved.order_by("moe_approval_year", "title_en").values_list("pk", flat=True)),
        )
        self.assertEqual(
            set(Institution.objects.filter(programs__in=approved).values_list("name_en", flat=True)),
            {"University of Waterloo", "University of Wollongong", "EPITECH"},
        )

    def test_about_forty_other_programs_are_bilingual_and_varied(self):
        others = Program.objects.exclude(kind__in=["cooperative", "institute_abroad"])
        self.assertTrue(35 <= others.count() <= 50, others.count())
        self.assertEqual(
            set(others.values_list("kind", flat=True)), {"double_degree", "student_exchange", "short_visit"}
        )
        self.assertGreater(distinct_count(others, "level"), 2)
        self.assertGreater(distinct_count(others, "discipline"), 4)
        self.assertGreater(distinct_count(others, "language"), 1)
        self.assertTrue(others.filter(is_published=False).exists())
        self.assertGreater(others.filter(is_published=True).count(), others.filter(is_published=False).count() * 5)
        empty = Q(title_zh="") | Q(summary_en="") | Q(summary_zh="") | Q(description_en="") | Q(description_zh="")
        self.assertFalse(Program.objects.filter(empty).exists())
        self.assertFalse(others.filter(Q(application_deadline__isnull=True) | Q(places__isnull=True)).exists())
        self.assertFalse(others.filter(partners__isnull=True).exists())

    def test_program_summaries_name_the_kind_in_plain_english(self):
        summaries = " ".join(Program.objects.values_list("summary_en", flat=True))
        self.assertNotIn("chinese-foreign", summaries)
        self.assertIn("A Chinese-foreign cooperatively run program of BJTU with", summaries)
        self.assertIn("A double-degree program of BJTU with", summaries)

    def test_every_partner_has_its_city_in_chinese(self):
        self.assertFalse(Institution.objects.filter(city_zh="").exists())
        self.assertEqual(Institution.objects.get(name_en="KU Leuven").city_zh, "鲁汶")
        self.assertEqual(Institution.objects.get(name_en="University of Waterloo").city_zh, "滑铁卢")
        self.assertEqual(set(Institution.objects.filter(country="HK").values_list("city_zh", flat=True)), {"香港"})

    def test_bjtu_units_have_chinese_names_and_contact_emails(self):
        self.assertGreaterEqual(Unit.objects.count(), 15)
        self.assertFalse(Unit.objects.filter(Q(name_zh="") | Q(contact_email="")).exists())
        self.assertTrue(Unit.objects.filter(code="scit", name_zh="计算机与信息技术学院").exists())

    # --- International students

    def test_over_1400_current_students_from_more_than_80_countries(self):
        current = students_present_on(self.today)
        self.assertGreater(students_data.CURRENT_STUDENTS, 1400)
        self.assertGreater(students_data.CURRENT_STUDENT_COUNTRIES, 80)
        self.assertEqual(current.count(), students_data.CURRENT_STUDENTS)
        self.assertEqual(distinct_count(current, "nationality"), students_data.CURRENT_STUDENT_COUNTRIES)
        students = figures.student_figures(self.today)
        self.assertEqual(
            (students.current, students.current_countries),
            (students_data.CURRENT_STUDENTS, students_data.CURRENT_STUDENT_COUNTRIES),
        )

    def test_current_students_are_the_same_on_any_day_of_the_stable_window(self):
        expected = set(students_present_on(self.today).values_list("pk", flat=True))
        for day in (common.STABLE_FROM, datetime.date(2028, 2, 29), common.STABLE_UNTIL):
            with self.subTest(day=day):
                self.assertEqual(set(students_present_on(day).values_list("pk", flat=True)), expected)
                self.assertEqual(figures.student_figures(day).current, students_data.CURRENT_STUDENTS)
        moving = Q(arrived_on__gt=common.STABLE_FROM, arrived_on__lt=common.STABLE_UNTIL) | Q(
            departed_on__gte=common.STABLE_FROM, departed_on__lt=common.STABLE_UNTIL
        )
        self.assertFalse(InternationalStudent.objects.filter(moving).exists())

    def test_over_3200_students_received_from_more_than_100_countries(self):
        received = InternationalStudent.objects.filter(arrived_on__isnull=False)
        self.assertGreater(students_data.RECEIVED_STUDENTS, 3200)
        self.assertGreater(students_data.RECEIVED_STUDENT_COUNTRIES, 100)
        self.assertEqual(received.count(), students_data.RECEIVED_STUDENTS)
        self.assertEqual(distinct_count(received, "nationality"), students_data.RECEIVED_STUDENT_COUNTRIES)
        # Admitted students who have not arrived yet are not received.
        self.assertTrue(InternationalStudent.objects.filter(arrived_on__isnull=True, status="admitted").exists())
        students = figures.student_figures(self.today)
        self.assertEqual(
            (students.received, students.received_countries),
            (students_data.RECEIVED_STUDENTS, students_data.RECEIVED_STUDENT_COUNTRIES),
        )

    def test_over_1300_overseas_students_during_2013(self):
        during = InternationalStudent.objects.filter(arrived_on__lte=datetime.date(2013, 12, 31)).filter(
            Q(departed_on__isnull=True) | Q(departed_on__gte=datetime.date(2013, 1, 1))
        )
        self.assertGreater(students_data.STUDENTS_PRESENT_IN_2013, 1300)
        self.assertEqual(during.count(), students_data.STUDENTS_PRESENT_IN_2013)
        self.assertEqual(figures.year_figures(2013).overseas_students, students_data.STUDENTS_PRESENT_IN_2013)

    def test_the_yearly_headcount_rises_from_2022_towards_todays_students(self):
        def during(year):
            return InternationalStudent.objects.filter(arrived_on__lte=datetime.date(year, 12, 31)).filter(
                Q(departed_on__isnull=True) | Q(departed_on__gte=datetime.date(year, 1, 1))
            )

        headcounts = [during(year).count() for year in range(2022, 2026)]
        self.assertEqual(headcounts, sorted(set(headcounts)), headcounts)
        # No jump: each year adds less than half of today's students.
        for before, after in itertools.pairwise(headcounts):
            self.assertLess(after - before, students_data.CURRENT_STUDENTS / 2, headcounts)
        # By 2025 most of today's students had arrived: the year's figure is not far below today's.
        self.assertGreater(headcounts[-1], students_data.CURRENT_STUDENTS * 0.7, headcounts)
        current = students_present_on(self.today)
        self.assertEqual(set(current.values_list("arrived_on__year", flat=True)), {2022, 2023, 2024, 2025, 2026})
        self.assertFalse(current.filter(arrived_on__lt=datetime.date(2022, 8, 1)).exists())
        self.assertEqual(figures.year_figures(2025).overseas_students, headcounts[-1])

    def test_students_cover_every_category_level_funding_and_status(self):
        students = InternationalStudent.objects.all()
        for field, values in (
            ("category", InternationalStudent.Category.values),
            ("level", DegreeLevel.values),
            ("funding", InternationalStudent.Funding.values),
            ("status", InternationalStudent.Status.values),
        ):
            with self.subTest(field=field):
                self.assertEqual(set(students.values_list(field, flat=True)), set(values))
        self.assertEqual(distinct_count(students, "unit"), len(units.TEACHING_UNITS))
        self.assertTrue(students.filter(program__isnull=False, home_institution__isnull=False).exists())

    def test_current_students_have_residence_permits(self):
        current = students_present_on(self.today)
        self.assertFalse(current.filter(residence_permit_expires_on__isnull=True).exists())
        self.assertFalse(current.filter(residence_permit_expires_on__lt=common.STABLE_FROM).exists())

    # --- The year 2013 and every year since 2011

    def test_2013_delegations_total_1844_person_times_including_hong_kong_macao_taiwan(self):
        inbound = Delegation.objects.filter(direction="inbound", starts_on__year=2013)
        self.assertEqual(inbound.aggregate(n=Sum("people_count"))["n"], 1844)
        self.assertEqual(figures.year_figures(2013).inbound_delegation_person_times, 1844)
        self.assertLessEqual({"HK", "MO", "TW"}, set(inbound.values_list("country", flat=True)))

    def test_986_bjtu_students_went_abroad_in_2013(self):
        outbound = OutboundMobility.objects.filter(starts_on__year=2013)
        self.assertEqual(outbound.filter(route="agreement").count(), 567)
        self.assertEqual(outbound.filter(route="after_graduation").count(), 419)
        self.assertEqual(outbound.count(), 986)
        year = figures.year_figures(2013)
        self.assertEqual(
            (year.outbound_students, year.outbound_through_agreements, year.outbound_after_graduation), (986, 567, 419)
        )

    def test_about_sixty_long_term_foreign_teachers_a_year(self):
        for year in range(2011, 2026):
            with self.subTest(year=year):
                long_term = distinct_count(
                    Appointment.objects.filter(
                        term="long_term",
                        starts_on__lte=datetime.date(year, 12, 31),
                        ends_on__gte=datetime.date(year, 1, 1),
                    ),
                    "expert",
                )
                self.assertEqual(long_term, experts.LONG_TERM_TEACHERS[year])
                self.assertTrue(55 <= long_term <= 65)
                self.assertEqual(figures.year_figures(year).long_term_foreign_teachers, long_term)
        self.assertEqual(experts.LONG_TERM_TEACHERS[2013], 60)

    def test_every_year_since_2011_has_records_for_the_trends(self):
        for year in range(2011, 2026):
            with self.subTest(year=year):
                figures_of_year = figures.year_figures(year)
                self.assertEqual(
                    figures_of_year.inbound_delegation_person_times, delegations.INBOUND_PERSON_TIMES[year]
                )
                self.assertEqual(
                    figures_of_year.outbound_delegation_person_times, delegations.OUTBOUND_PERSON_TIMES[year]
                )
                self.assertEqual(
                    (figures_of_year.outbound_through_agreements, figures_of_year.outbound_after_graduation),
                    students_data.OUTBOUND_STUDENTS[year],
                )
                self.assertGreater(figures_of_year.short_term_foreign_experts, 0)
                self.assertGreater(figures_of_year.overseas_students, 0)
                self.assertTrue(InternationalStudent.objects.filter(arrived_on__year=year).exists())

    def test_long_term_appointments_have_work_permits(self):
        long_term = Appointment.objects.filter(term="long_term")
        self.assertFalse(long_term.filter(work_permit_expires_on__isnull=True).exists())
        self.assertFalse(long_term.filter(work_permit_expires_on__lt=F("ends_on")).exists())
        self.assertTrue(Appointment.objects.filter(term="short_term").exists())

    # --- Talent programs

    def test_nineteen_talent_program_approvals_since_2011(self):
        approved = TalentProject.objects.filter(status="approved", year__gte=2011)
        by_scheme = dict(approved.values_list("scheme").annotate(n=Count("pk")).order_by())
        self.assertEqual(approved.count(), 19)
        self.assertEqual(by_scheme["thousand_talents"], 2)
        self.assertEqual(by_scheme["high_end"], 2)
        self.assertEqual(by_scheme["project_111"], 4)
        self.assertEqual(by_scheme, experts.TALENT_APPROVALS)
        talent = figures.talent_figures()
        self.assertEqual((talent.approved, talent.by_scheme), (19, by_scheme))
        self.assertFalse(approved.filter(lead_expert__isnull=True).exists())
        # Applications that must not count: approved before 2011, applied, rejected.
        self.assertTrue(TalentProject.objects.filter(status="approved", year__lt=2011).exists())
        self.assertTrue(TalentProject.objects.filter(status="applied").exists())
        self.assertTrue(TalentProject.objects.filter(status="rejected", year__gte=2011).exists())

    # --- Synthetic people

    def test_demo_people_have_only_example_org_emails_and_demo_passports(self):
        for model, fields in (
            (InternationalStudent, ["email"]),
            (Expert, ["email"]),
            (Contact, ["email"]),
            (Unit, ["contact_email"]),
        ):
            for field in fields:
                with self.subTest(model=model.__name__, field=field):
                    values = list(model.objects.values_list(field, flat=True))
                    self.assertTrue(values)
                    self.assertEqual([v for v in values if not v.endswith("@example.org")], [])
        for model in (InternationalStudent, Expert):
            passports = model.objects.values_list("passport_number", flat=True)
            self.assertEqual([p for p in passports if not re.fullmatch(r"DEMO\d{6}", p)], [])

    def test_the_summary_prints_the_figures(self):
        self.assertIn("Created", self.output)
        self.assertIn(
            f"{partners_data.COUNTED_INSTITUTIONS} institutions from {partners_data.PARTNER_COUNTRIES} countries",
            self.output,
        )
        self.assertIn("1844 visiting person-times", self.output)

    # --- Running it again

    def test_a_second_run_creates_and_changes_nothing(self):
        def snapshot():
            rows = {
                model.__name__: list(model.objects.order_by("pk").values_list("pk", "updated_at"))
                for model in DEMO_MODELS
            }
            for model in (Agreement, Program):
                through = model.partners.through.objects.order_by("pk").values_list("pk", flat=True)
                rows[f"{model.__name__} partners"] = list(through)
            return rows

        before = snapshot()
        output = run_load_demo()
        self.assertEqual(snapshot(), before)
        self.assertIn("nothing to create", output)

    def test_a_second_run_only_reads_one_query_per_model(self):
        # Twelve SELECTs of natural keys (one per model, institutions twice: plain, then merged),
        # six of ids for foreign keys (units, institutions twice, agreements, programs, experts),
        # the savepoint and its release. Nothing depends on the number of rows.
        with self.assertNumQueries(20):
            created = loader.load()
        self.assertEqual(sum(created.values()), 0)

    def test_the_data_set_is_the_same_on_every_build(self):
        self.assertEqual(loader.build(), loader.build())


class LoadDemoDryRunTests(TestCase):
    def test_a_dry_run_reports_what_it_would_create_and_writes_nothing(self):
        output = run_load_demo("--dry-run")
        self.assertIn("Would create", output)
        for model in DEMO_MODELS:
            self.assertFalse(model.objects.exists(), model.__name__)


@override_settings(DEBUG=True)
class DemoLoginTests(TestCase):
    def test_it_creates_a_superuser_who_can_log_in_with_the_printed_password(self):
        out = StringIO()
        call_command("demo_login", stdout=out)
        self.assertIn(f"Username: {DEMO_USERNAME}", out.getvalue())
        self.assertIn(f"Password: {DEMO_PASSWORD}", out.getvalue())
        user = get_user_model().objects.get(username=DEMO_USERNAME)
        self.assertTrue(user.is_staff and user.is_superuser and user.is_active)
        self.assertTrue(self.client.login(username=DEMO_USERNAME, password=DEMO_PASSWORD))

    def test_running_it_again_resets_the_password_without_a_second_user(self):
        call_command("demo_login", stdout=StringIO())
        user = get_user_model().objects.get(username=DEMO_USERNAME)
        user.set_password("changed")
        user.is_active = False
        user.save()
        out = StringIO()
        call_command("demo_login", stdout=out)
        self.assertIn("Reset", out.getvalue())
        self.assertEqual(get_user_model().objects.filter(username=DEMO_USERNAME).count(), 1)
        self.assertTrue(self.client.login(username=DEMO_USERNAME, password=DEMO_PASSWORD))

    @override_settings(DEBUG=False)
    def test_it_refuses_to_create_a_published_password_with_debug_off(self):
        with self.assertRaisesMessage(CommandError, "DJANGO_DEBUG=true"):
            call_command("demo_login", stdout=StringIO())
        self.assertFalse(get_user_model().objects.filter(username=DEMO_USERNAME).exists())

    def test_it_leaves_a_real_user_called_demo_alone(self):
        real = get_user_model().objects.create_user(DEMO_USERNAME, "demo@bjtu.edu.cn", "their-own-password")
        with self.assertRaisesMessage(CommandError, "not the demo login"):
            call_command("demo_login", stdout=StringIO())
        real.refresh_from_db()
        self.assertFalse(real.is_superuser)
        self.assertTrue(real.check_password("their-own-password"))
