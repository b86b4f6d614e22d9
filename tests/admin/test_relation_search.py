"""Admin searches across relations: the related table is read on its own, and the results are Django's."""

from django.contrib import admin
from django.db import connection
from django.test import RequestFactory, TestCase
from django.test.utils import CaptureQueriesContext

from experts.models import Appointment, TalentProject
from partners.models import Agreement, Contact, Delegation
from programs.models import Program
from students.models import OutboundMobility
from tests.admin.builders import admin_url
from tests.factories import (
    force_login,
    make_agreement,
    make_appointment,
    make_contact,
    make_delegation,
    make_expert,
    make_institution,
    make_outbound,
    make_program,
    make_talent_project,
    make_user,
)

SEARCHED_LISTS = (OutboundMobility, Delegation, Agreement, Program, Contact, Appointment, TalentProject)
TERMS = (
    "huang",
    "Jiaotong",
    "jiaotong university",
    '"Beijing Jiaotong"',
    "Beijing Huang",
    "Alpha Beta",
    "B00000042",
    "北京",
    "teacher",
    "rail",
    "nothing-matches-this",
)


class RelationSearchTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.superuser = make_user("search-admin", is_superuser=True)
        jiaotong = make_institution(name_en="Beijing Jiaotong University", name_zh="北京交通大学")
        huang = make_institution(name_en="Huangshan University", name_zh="黄山学院")
        alpha = make_institution(name_en="Alpha Institute")
        beta = make_institution(name_en="Beta College")
        cls.huang_student = make_outbound(student_name="Li Huang", destination=jiaotong)
        cls.to_huangshan = make_outbound(student_name="Wang Wei", destination=huang)
        make_outbound(student_name="Zhang San", destination=None)
        make_outbound(student_name="Chen Jiaotong", student_number="B00000042", destination=alpha)
        make_delegation(title="Visit from Beijing", institution=jiaotong)
        make_delegation(title="Rail visit", institution=None)
        make_delegation(title="Huang delegation", institution=beta)
        # Two partners, each matching one word: Django asks one partner to match both words.
        make_agreement(alpha, beta, title="Exchange")
        make_agreement(alpha, title="Alpha Beta exchange")
        make_agreement(jiaotong, huang, title="Joint rail agreement")
        make_program(jiaotong, alpha, title_en="Rail Engineering")
        make_program(title_en="Huang studies")
        make_contact(jiaotong, name="Mary Huang")
        make_contact(beta, name="Ivan Petrov")
        expert = make_expert(family_name="Huang", given_name="Rail")
        make_appointment(expert, position="Foreign teacher")
        make_appointment(make_expert(family_name="Smith"), position="Rail engineer")
        make_talent_project(title="High-speed rail", lead_expert=expert)
        make_talent_project(title="Bridges", lead_expert=None)

    def setUp(self):
        self.request = RequestFactory().get("/")
        self.request.user = self.superuser

    def search(self, model, term, *, django_default=False):
        model_admin = admin.site._registry[model]
        queryset = model_admin.get_queryset(self.request)
        method = admin.ModelAdmin.get_search_results if django_default else type(model_admin).get_search_results
        results, _duplicates = method(model_admin, self.request, queryset, term)
        pks = list(results.values_list("pk", flat=True))
        return sorted(set(pks)) if django_default else sorted(pks)

    def test_it_finds_exactly_what_djangos_search_finds_in_every_list_for_every_term(self):
        found = 0
        for model in SEARCHED_LISTS:
            for term in TERMS:
                with self.subTest(model=model.__name__, term=term):
                    expected = self.search(model, term, django_default=True)
                    self.assertEqual(self.search(model, term), expected)
                    found += bool(expected)
        self.assertGreater(found, len(SEARCHED_LISTS) * 2)  # The terms do find records.

    def test_several_words_on_a_relation_to_many_need_one_related_record_matching_them_all_as_in_django(self):
        # Alpha and Beta are two partners of one agreement: not found, as with Django's join.
        self.assertEqual(
            list(Agreement.objects.filter(pk__in=self.search(Agreement, "Alpha Beta")).values_list("title", flat=True)),
            ["Alpha Beta exchange"],
        )

    def test_it_finds_a_record_by_a_word_of_its_related_record(self):
        self.assertEqual(self.search(OutboundMobility, "huangshan"), [self.to_huangshan.pk])
        self.assertEqual(self.search(OutboundMobility, "huang"), sorted([self.huang_student.pk, self.to_huangshan.pk]))

    def test_it_lists_a_record_once_when_several_of_its_partners_match(self):
        agreements = self.search(Agreement, "university")
        self.assertEqual(len(agreements), len(set(agreements)))
        self.assertEqual(len(agreements), 1)

    def test_it_reads_the_related_table_in_a_subquery_rather_than_joining_it(self):
        with CaptureQueriesContext(connection) as queries:
            self.search(OutboundMobility, "huang")
        (sql,) = [query["sql"] for query in queries]
        self.assertNotIn("JOIN", sql)
        self.assertIn("partners_institution", sql)
        if connection.vendor == "postgresql":
            self.assertIn("= ANY(ARRAY(SELECT", sql)

    def test_it_keeps_plain_icontains_on_sqlite_and_postgresql_alike(self):
        with CaptureQueriesContext(connection) as queries:
            self.search(OutboundMobility, "huang")
        self.assertIn("LIKE", queries[0]["sql"])

    def test_the_changelist_shows_the_records_found_across_a_relation(self):
        force_login(self.client, self.superuser)
        response = self.client.get(admin_url(OutboundMobility, "changelist"), {"q": "Jiaotong"})
        self.assertEqual(response.status_code, 200)
        self.assertCountEqual(
            [record.student_name for record in response.context["cl"].result_list], ["Li Huang", "Chen Jiaotong"]
        )
