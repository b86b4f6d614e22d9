"""load_demo: records fit for a demo (varied, bilingual, synthetic people), stable over time; a second run changes
nothing. The overview's figures themselves are checked in test_overview_figures."""

import datetime
import itertools
import re
from io import StringIO

from django.core.management import call_command
from django.db.models import Count, F, Q
from django.test import TestCase

from experts.models import Appointment, Expert, TalentProject
from intl_office.core.models import Unit
from intl_office.demo import loader
from intl_office.demo.common import STABLE_FROM, STABLE_UNTIL
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


def run_load_demo(*args) -> str:
    out = StringIO()
    call_command("load_demo", *args, stdout=out)
    return out.getvalue()


def distinct_count(queryset, field: str) -> int:
    return queryset.aggregate(n=Count(field, distinct=True))["n"]


class DemoDataTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        run_load_demo()

    # --- Partners, agreements and programs

    def test_it_records_former_partners_without_counting_them(self):
        inactive = Institution.objects.filter(is_active=False)
        self.assertTrue(inactive.exists())
        # One former partner comes from a country no counted partner is in.
        self.assertTrue(inactive.exclude(country__in=Institution.objects.counted().values("country")).exists())

    def test_it_merges_group_t_into_ku_leuven_and_counts_it_once(self):
        ku_leuven = Institution.objects.get(name_en="KU Leuven", country="BE")
        group_t = Institution.objects.get(name_en="GROUP T - Leuven Institute of Technology")
        self.assertEqual(group_t.merged_into, ku_leuven)
        self.assertNotEqual(group_t.former_name, "")
        self.assertTrue(group_t.is_active)
        counted = Institution.objects.counted()
        self.assertIn(ku_leuven, counted)
        self.assertNotIn(group_t, counted)

    def test_it_has_agreements_of_every_kind_and_status_with_places(self):
        self.assertEqual(set(Agreement.objects.values_list("kind", flat=True)), set(Agreement.Kind.values))
        self.assertEqual(set(Agreement.objects.values_list("status", flat=True)), set(Agreement.Status.values))
        active_past_end = Agreement.objects.filter(status="active", ends_on__lt=STABLE_FROM)
        self.assertTrue(active_past_end.exists())
        self.assertEqual(
            Agreement.objects.expired().count(),
            Agreement.objects.filter(status="expired").count() + active_past_end.count(),
        )
        exchanges = Agreement.objects.filter(kind="student_exchange")
        self.assertFalse(exchanges.filter(Q(places_inbound=0) | Q(places_outbound=0)).exists())
        self.assertFalse(Agreement.objects.annotate(n=Count("partners")).filter(n=0).exists())
        self.assertTrue(Agreement.objects.annotate(n=Count("partners")).filter(n=2).exists())

    def test_it_has_about_forty_other_programs_bilingual_and_varied(self):
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

    def test_it_names_each_program_kind_in_plain_english(self):
        summaries = " ".join(Program.objects.values_list("summary_en", flat=True))
        self.assertNotIn("chinese-foreign", summaries)
        self.assertIn("A Chinese-foreign cooperatively run program of BJTU with", summaries)
        self.assertIn("A double-degree program of BJTU with", summaries)

    def test_it_gives_every_partner_its_city_in_chinese(self):
        self.assertFalse(Institution.objects.filter(city_zh="").exists())
        self.assertEqual(Institution.objects.get(name_en="KU Leuven").city_zh, "鲁汶")
        self.assertEqual(Institution.objects.get(name_en="University of Waterloo").city_zh, "滑铁卢")
        self.assertEqual(set(Institution.objects.filter(country="HK").values_list("city_zh", flat=True)), {"香港"})

    def test_it_gives_bjtu_units_chinese_names_and_contact_emails(self):
        self.assertGreaterEqual(Unit.objects.count(), 15)
        self.assertFalse(Unit.objects.filter(Q(name_zh="") | Q(contact_email="")).exists())
        self.assertTrue(Unit.objects.filter(code="scit", name_zh="计算机与信息技术学院").exists())

    def test_a_visitor_can_act_on_every_published_program_page_in_both_languages(self):
        program = Program.objects.published().filter(kind=Program.Kind.STUDENT_EXCHANGE).select_related("unit").first()
        self.assertFalse(
            Program.objects.published().filter(Q(eligibility_en="") | Q(how_to_apply_zh="") | Q(unit=None)).exists()
        )
        self.assertFalse(Unit.objects.filter(Q(public_email="") | Q(public_phone="")).exists())
        for prefix, eligibility, how in (
            ("", program.eligibility_en, program.how_to_apply_en),
            ("/zh-hans", program.eligibility_zh, program.how_to_apply_zh),
        ):
            with self.subTest(language=prefix or "en"):
                response = self.client.get(f"{prefix}{program.get_absolute_url().removeprefix('/zh-hans')}")
                self.assertContains(response, eligibility)
                self.assertContains(response, how)
                self.assertContains(response, program.unit.public_email)

    # --- International students

    def test_it_keeps_the_same_current_students_on_any_day_of_the_stable_window(self):
        expected = set(InternationalStudent.objects.present_on(STABLE_FROM).values_list("pk", flat=True))
        self.assertTrue(expected)
        for day in (STABLE_FROM, datetime.date(2028, 2, 29), STABLE_UNTIL):
            with self.subTest(day=day):
                present = InternationalStudent.objects.present_on(day)
                self.assertEqual(set(present.values_list("pk", flat=True)), expected)
                self.assertEqual(figures.student_figures(day).current, len(expected))
        moving = Q(arrived_on__gt=STABLE_FROM, arrived_on__lt=STABLE_UNTIL) | Q(
            departed_on__gte=STABLE_FROM, departed_on__lt=STABLE_UNTIL
        )
        self.assertFalse(InternationalStudent.objects.filter(moving).exists())

    def test_it_raises_the_yearly_headcount_from_2022_towards_todays_students(self):
        today = figures.student_figures(STABLE_FROM).current
        headcounts = [figures.year_figures(year).overseas_students for year in range(2022, 2026)]
        self.assertEqual(headcounts, sorted(set(headcounts)), headcounts)
        # No jump: each year adds less than half of today's students.
        for before, after in itertools.pairwise(headcounts):
            self.assertLess(after - before, today / 2, headcounts)
        # By 2025 most of today's students had arrived: the year's figure is not far below today's.
        self.assertGreater(headcounts[-1], today * 0.7, headcounts)
        current = InternationalStudent.objects.present_on(STABLE_FROM)
        self.assertEqual(set(current.values_list("arrived_on__year", flat=True)), {2022, 2023, 2024, 2025, 2026})
        self.assertFalse(current.filter(arrived_on__lt=datetime.date(2022, 8, 1)).exists())

    def test_it_covers_every_student_category_level_funding_and_status(self):
        students = InternationalStudent.objects.all()
        for field, values in (
            ("category", InternationalStudent.Category.values),
            ("level", DegreeLevel.values),
            ("funding", InternationalStudent.Funding.values),
            ("status", InternationalStudent.Status.values),
        ):
            with self.subTest(field=field):
                self.assertEqual(set(students.values_list(field, flat=True)), set(values))
        # Every school has international students; the office has none.
        self.assertEqual(
            set(students.values_list("unit__code", flat=True)),
            set(Unit.objects.filter(kind=Unit.Kind.SCHOOL).values_list("code", flat=True)),
        )
        self.assertTrue(students.filter(program__isnull=False, home_institution__isnull=False).exists())

    def test_it_records_each_students_discipline_and_when_those_who_completed_graduated(self):
        students = InternationalStudent.objects.all()
        self.assertFalse(students.filter(discipline="").exists())
        self.assertGreaterEqual(students.values("discipline").distinct().count(), 10)
        # Chinese-language students study Chinese: literature in the ministry's disciplines.
        language = students.filter(category=InternationalStudent.Category.LANGUAGE)
        self.assertEqual(set(language.values_list("discipline", flat=True)), {"literature"})
        completed = students.filter(status=InternationalStudent.Status.COMPLETED)
        self.assertFalse(completed.filter(graduated_on__isnull=True).exists())
        self.assertFalse(
            students.exclude(status=InternationalStudent.Status.COMPLETED).exclude(graduated_on=None).exists()
        )
        self.assertFalse(completed.filter(graduated_on__gt=F("departed_on")).exists())
        self.assertTrue(InternationalStudent.objects.graduated_in_year(2013).exists())

    def test_it_gives_current_students_residence_permits(self):
        current = InternationalStudent.objects.present_on(STABLE_FROM)
        self.assertFalse(current.filter(residence_permit_expires_on__isnull=True).exists())
        self.assertFalse(current.filter(residence_permit_expires_on__lt=STABLE_FROM).exists())

    # --- Every year since 2011, and foreign experts

    def test_it_has_records_for_the_trends_every_year_since_2011(self):
        for year in range(2011, 2026):
            with self.subTest(year=year):
                figures_of_year = figures.year_figures(year)
                self.assertGreater(figures_of_year.inbound_delegation_person_times, 0)
                self.assertGreater(figures_of_year.outbound_delegation_person_times, 0)
                self.assertGreater(figures_of_year.outbound_through_agreements, 0)
                self.assertGreater(figures_of_year.outbound_after_graduation, 0)
                self.assertGreater(figures_of_year.short_term_foreign_experts, 0)
                self.assertGreater(figures_of_year.overseas_students, 0)
                self.assertTrue(InternationalStudent.objects.filter(arrived_on__year=year).exists())

    def test_it_gives_long_term_appointments_work_permits(self):
        long_term = Appointment.objects.filter(term="long_term")
        self.assertFalse(long_term.filter(work_permit_expires_on__isnull=True).exists())
        self.assertFalse(long_term.filter(work_permit_expires_on__lt=F("ends_on")).exists())
        self.assertTrue(Appointment.objects.filter(term="short_term").exists())

    # --- Synthetic people

    def test_it_uses_only_example_org_emails_and_demo_passports(self):
        for model, field in (
            (InternationalStudent, "email"),
            (Expert, "email"),
            (Contact, "email"),
            (Unit, "contact_email"),
            (Unit, "public_email"),
        ):
            with self.subTest(model=model.__name__, field=field):
                values = list(model.objects.values_list(field, flat=True))
                self.assertTrue(values)
                self.assertEqual([v for v in values if not v.endswith("@example.org")], [])
        for model in (InternationalStudent, Expert):
            passports = model.objects.values_list("passport_number", flat=True)
            self.assertEqual([p for p in passports if not re.fullmatch(r"DEMO\d{6}", p)], [])

    # --- Running it again

    def test_it_creates_and_changes_nothing_on_a_second_run(self):
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

    def test_it_reads_only_one_query_per_model_on_a_second_run(self):
        # Twelve SELECTs of natural keys (one per model, institutions twice: plain, then merged),
        # six of ids for foreign keys (units, institutions twice, agreements, programs, experts),
        # the savepoint and its release, the trips' and visits' delegations (intl_office.demo.travel), and one per
        # model (11) for records without a baseline history row. Nothing depends on the number of rows.
        with self.assertNumQueries(33):
            created = loader.load()
        self.assertEqual(sum(created.values()), 0)

    def test_it_builds_the_same_data_set_every_time(self):
        self.assertEqual(loader.build(), loader.build())


class LoadDemoDryRunTests(TestCase):
    def test_it_reports_what_a_dry_run_would_create_and_writes_nothing(self):
        output = run_load_demo("--dry-run")
        self.assertIn("Would create", output)
        for model in DEMO_MODELS:
            self.assertFalse(model.objects.exists(), model.__name__)
