"""The institutions list counts each shown institution's agreements by itself, not by grouping every link."""

from django.test import TestCase
from django.urls import reverse

from partners.models import Institution
from tests import factories as f
from tests.personas import make_staff


class InstitutionAgreementTotalTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.busy = f.make_institution(name_en="Busy University")
        cls.idle = f.make_institution(name_en="Idle University")
        other = f.make_institution(name_en="Other University")
        for _ in range(3):
            f.make_agreement(cls.busy)
        f.make_agreement(cls.busy, other)

    def test_each_institution_has_its_own_number_of_agreements(self):
        totals = dict(Institution.objects.with_agreement_total().values_list("name_en", "agreement_total"))
        self.assertEqual(totals["Busy University"], 4)
        self.assertEqual(totals["Other University"], 1)
        self.assertEqual(totals["Idle University"], 0)

    def test_the_query_has_no_grouping_of_the_whole_table(self):
        sql = str(Institution.objects.with_agreement_total().query)
        self.assertNotIn('GROUP BY "partners_institution"', sql)

    def test_the_list_shows_the_totals_and_sorts_by_them(self):
        self.client.force_login(make_staff())
        url = reverse("admin:partners_institution_changelist")
        page = self.client.get(url).content.decode()
        self.assertIn("Busy University", page)
        index = list(self.client.get(url).context["cl"].list_display).index("agreement_count")
        ordered = self.client.get(url, {"o": f"-{index}"}).context["cl"].result_list
        self.assertEqual(ordered[0].name_en, "Busy University")
        self.assertEqual(ordered[0].agreement_total, 4)
