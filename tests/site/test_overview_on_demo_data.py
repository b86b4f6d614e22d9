"""The public overview on the demo data: every figure shown equals a count of the records."""

import datetime
import re
from io import StringIO

from django.core.management import call_command
from django.db.models import Count, Q, Sum
from django.test import TestCase
from django.utils import timezone

from experts.models import Appointment, Expert, TalentProject
from partners.models import Agreement, Delegation, Institution
from programs.models import Program
from students.models import InternationalStudent, OutboundMobility
from tests.site.overview_page import (
    as_int,
    shown_figures,
)


class OverviewOnDemoDataTests(TestCase):
    """On the demo data, every figure the overview shows equals a count written out here with the ORM."""

    @classmethod
    def setUpTestData(cls):
        call_command("load_demo", stdout=StringIO())

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.today = timezone.localdate()

    def orm_counts(self, year: int, first_year: int) -> dict[str, int]:
        """Every figure on the overview for `year`, each counted here with the ORM, independently of figures.py."""
        today = self.today
        first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
        counted = Institution.objects.filter(is_active=True, merged_into__isnull=True)
        in_force = Agreement.objects.filter(
            status=Agreement.Status.ACTIVE, starts_on__lte=today, kind__in=Agreement.MOBILITY_KINDS
        ).filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))
        universities = counted.filter(kind=Institution.Kind.UNIVERSITY)
        present = InternationalStudent.objects.filter(arrived_on__lte=today).filter(
            Q(departed_on__isnull=True) | Q(departed_on__gte=today)
        )
        received = InternationalStudent.objects.filter(arrived_on__isnull=False, arrived_on__lte=today)
        in_year = InternationalStudent.objects.filter(arrived_on__lte=last).filter(
            Q(departed_on__isnull=True) | Q(departed_on__gte=first)
        )
        delegations = Delegation.objects.filter(starts_on__year=year)
        outbound = OutboundMobility.objects.filter(starts_on__year=year)

        def experts(term, in_year):
            covers = Q(
                appointments__term=term,
                appointments__starts_on__lte=datetime.date(in_year, 12, 31),
                appointments__ends_on__gte=datetime.date(in_year, 1, 1),
            )
            return Expert.objects.filter(covers).distinct().count()

        def person_times(direction):
            return delegations.filter(direction=direction).aggregate(n=Sum("people_count"))["n"] or 0

        counts = {
            "institutions": counted.count(),
            "countries": counted.values("country").distinct().count(),
            "universities-any-mobility": universities.filter(agreements__in=in_force).distinct().count(),
            "current-students": present.count(),
            "current-countries": present.values("nationality").distinct().count(),
            "received": received.count(),
            "received-countries": received.values("nationality").distinct().count(),
            "inbound-delegations": person_times(Delegation.Direction.INBOUND),
            "outbound-delegations": person_times(Delegation.Direction.OUTBOUND),
            "outbound-students": outbound.count(),
            "outbound-agreement": outbound.filter(route=OutboundMobility.Route.AGREEMENT).count(),
            "outbound-after-graduation": outbound.filter(route=OutboundMobility.Route.AFTER_GRADUATION).count(),
            "overseas-students": in_year.count(),
            "long-term-teachers": experts(Appointment.Term.LONG_TERM, year),
            "short-term-experts": experts(Appointment.Term.SHORT_TERM, year),
        }
        # Partners by kind: only the kinds that have partners are listed.
        for kind in Institution.Kind:
            if n := counted.filter(kind=kind).count():
                counts[f"partners-kind-{kind.value}"] = n
        for kind in Agreement.MOBILITY_KINDS:
            n = universities.filter(agreements__in=in_force.filter(kind=kind)).distinct().count()
            counts[f"universities-form-{kind.value}"] = n
        # Foreign teachers per year: the chosen year and the four before it, none before the first year on record.
        for shown_year in range(max(year - 4, first_year), year + 1):
            counts[f"long-term-teachers-{shown_year}"] = experts(Appointment.Term.LONG_TERM, shown_year)
            counts[f"short-term-experts-{shown_year}"] = experts(Appointment.Term.SHORT_TERM, shown_year)
        # Students per country: five or more shown by name, the rest as one line.
        per_country = {row["nationality"]: row["n"] for row in present.values("nationality").annotate(n=Count("pk"))}
        for code, n in per_country.items():
            if n >= 5:
                counts[f"students-country-{code.lower()}"] = n
        if any(n < 5 for n in per_country.values()):
            counts["students-country-other"] = sum(n for n in per_country.values() if n < 5)
        for scheme in TalentProject.Scheme:
            approved = TalentProject.objects.filter(status=TalentProject.Status.APPROVED, year__gte=2011, scheme=scheme)
            if n := approved.count():
                counts[f"talent-scheme-{scheme.value}"] = n
        return counts

    def assert_every_figure_matches_the_orm(self, response, year: int):
        shown = shown_figures(response)
        # The year selector offers every year since the first record.
        first_year = min(int(y) for y in re.findall(r'<option value="(\d{4})"', response.content.decode()))
        expected = self.orm_counts(year, first_year)
        self.assertEqual(set(shown), set(expected))
        # The demo data is big enough that no figure is suppressed as a small group.
        self.assertEqual({name: as_int(value) for name, value in shown.items()}, expected)

    def test_every_figure_matches_the_orm_count_for_a_chosen_year(self):
        self.assert_every_figure_matches_the_orm(self.client.get("/", {"year": 2013}), 2013)

    def test_every_figure_matches_the_orm_count_for_the_default_year(self):
        response = self.client.get("/")
        # The default is the latest complete year: the one before today's.
        self.assertEqual(response.context["year"], self.today.year - 1)
        self.assert_every_figure_matches_the_orm(response, self.today.year - 1)

    def test_the_student_breakdown_matches_the_orm_and_hides_small_groups(self):
        today = self.today
        present = InternationalStudent.objects.filter(arrived_on__lte=today).filter(
            Q(departed_on__isnull=True) | Q(departed_on__gte=today)
        )
        per_country = {row["nationality"]: row["n"] for row in present.values("nationality").annotate(n=Count("pk"))}
        breakdown = self.client.get("/").context["students_by_country"]
        shown = {row["country"].code: row["count"] for row in breakdown["rows"]}
        self.assertEqual(shown, {code: n for code, n in per_country.items() if n >= 5})
        small = {code: n for code, n in per_country.items() if n < 5}
        self.assertEqual((breakdown["other_countries"], breakdown["other_people"]), (len(small), sum(small.values())))

    def test_the_named_programs_and_institutes_are_the_published_ones_in_the_records(self):
        response = self.client.get("/")
        ministry = Program.objects.filter(kind=Program.Kind.COOPERATIVE, is_published=True).exclude(
            moe_approval_number=""
        )
        institutes = Program.objects.filter(kind=Program.Kind.INSTITUTE_ABROAD, is_published=True)
        self.assertTrue(ministry.exists())
        self.assertTrue(institutes.exists())
        for program in [*ministry, *institutes]:
            self.assertContains(response, program.title_en)
        self.assertContains(
            response,
            f"{ministry.count()} Chinese-foreign cooperatively run programs approved by the Ministry of Education",
        )

    def test_talent_approvals_since_2011_match_the_orm(self):
        approved = TalentProject.objects.filter(status=TalentProject.Status.APPROVED, year__gte=2011)
        response = self.client.get("/")
        self.assertContains(response, f"Since 2011, {approved.count()} applications have been approved.")
        by_scheme = {row["label"]: row["count"] for row in response.context["talent_by_scheme"]}
        expected = {
            TalentProject.Scheme(row["scheme"]).label: row["n"]
            for row in approved.values("scheme").annotate(n=Count("pk"))
        }
        self.assertEqual(by_scheme, expected)
