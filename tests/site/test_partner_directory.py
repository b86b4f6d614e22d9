"""The public partner directory (/partners/) and partner pages (/partners/<slug>/)."""

import datetime

from django.core.files.base import ContentFile
from django.test import TestCase

from partners.models import Agreement, Institution
from programs.models import Program
from tests.factories import make_agreement, make_contact, make_institution, make_program

LIST_URL = "/partners/"


def listed_names(response) -> list[str]:
    return [institution.name_en for group in response.context["groups"] for institution in group["institutions"]]


class DirectoryTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.leuven = make_institution(name_en="KU Leuven", name_zh="鲁汶大学", slug="ku-leuven", country="BE")
        cls.group_t = make_institution(
            name_en="GROUP T Leuven Institute of Technology", slug="group-t", country="BE", merged_into=cls.leuven
        )
        cls.ghent = make_institution(name_en="Ghent University", slug="ghent", country="BE")
        cls.siemens = make_institution(
            name_en="Siemens Mobility", slug="siemens", country="DE", kind=Institution.Kind.COMPANY
        )
        cls.tokyo = make_institution(name_en="University of Tokyo", slug="tokyo", country="JP")
        cls.closed = make_institution(name_en="Closed Academy", slug="closed", country="JP", is_active=False)
        make_program(cls.leuven)
        make_program(cls.leuven, is_published=False)

    def test_it_groups_counted_partners_by_country_with_counts(self):
        response = self.client.get(LIST_URL)
        self.assertEqual(response.status_code, 200)
        groups = {str(group["country"].name): len(group["institutions"]) for group in response.context["groups"]}
        self.assertEqual(groups, {"Belgium": 2, "Germany": 1, "Japan": 1})
        self.assertContains(response, "4 partners in 3 countries and regions")

    def test_groups_are_sorted_by_country_name(self):
        names = [str(group["country"].name) for group in self.client.get(LIST_URL).context["groups"]]
        self.assertEqual(names, sorted(names))

    def test_chinese_groups_and_country_choices_are_in_pinyin_order(self):
        make_institution(name_en="University of Melbourne", slug="melbourne", country="AU")
        response = self.client.get("/zh-hans" + LIST_URL)
        groups = [str(group["country"].name) for group in response.context["groups"]]
        # ao, bi, de, ri: by code point 日本 (U+65E5) would come before 比利时 (U+6BD4) and 澳 (U+6FB3).
        self.assertEqual(groups, ["澳大利亚", "比利时", "德国", "日本"])
        choices = [str(name) for code, name in response.context["filter"].form.fields["country"].choices][1:]
        self.assertEqual(choices, groups)

    def test_a_merged_institution_shows_as_formerly_on_the_one_it_merged_into(self):
        response = self.client.get(LIST_URL)
        self.assertNotIn("GROUP T Leuven Institute of Technology", listed_names(response))
        self.assertContains(response, "Formerly GROUP T Leuven Institute of Technology")

    def test_inactive_institutions_are_not_listed(self):
        self.assertNotIn("Closed Academy", listed_names(self.client.get(LIST_URL)))

    def test_it_counts_only_published_programs(self):
        leuven = next(i for i in self.client.get(LIST_URL).context["institutions"] if i.slug == "ku-leuven")
        self.assertEqual(leuven.program_count, 1)

    def test_it_filters_by_kind(self):
        self.assertEqual(listed_names(self.client.get(LIST_URL, {"kind": "company"})), ["Siemens Mobility"])

    def test_it_filters_by_country(self):
        self.assertEqual(listed_names(self.client.get(LIST_URL, {"country": "BE"})), ["Ghent University", "KU Leuven"])

    def test_an_unknown_country_shows_nobody(self):
        response = self.client.get(LIST_URL, {"country": "ZZ"})
        self.assertEqual(listed_names(response), [])
        self.assertContains(response, "No partner matches these filters.")

    def test_the_chinese_directory_uses_chinese_names_and_country_names(self):
        response = self.client.get("/zh-hans/partners/")
        self.assertContains(response, "鲁汶大学")
        self.assertContains(response, "比利时")


class DirectorySearchTests(TestCase):
    """The name search (English or Chinese, accents and case ignored), the order within a country, the pages."""

    @classmethod
    def setUpTestData(cls):
        make_institution(name_en="École Centrale de Lyon", name_zh="里昂中央理工学院", country="FR")
        make_institution(name_en="Université de Lille", name_zh="里尔大学", country="FR")
        make_institution(name_en="INSA Lyon", name_zh="里昂国立应用科学学院", country="FR")
        make_institution(name_en="Karlsruhe Institute of Technology", name_zh="卡尔斯鲁厄理工学院", country="DE")
        make_institution(name_en="KU Leuven", name_zh="鲁汶大学", country="BE")
        make_institution(name_en="Old Name Polytechnic", former_name="Ancienne École", country="BE")

    def test_the_search_ignores_accents_and_case(self):
        # Belgium (a former name "Ancienne École") before France.
        for query, expected in (
            ("ecole", ["Old Name Polytechnic", "École Centrale de Lyon"]),
            ("ÉCOLE", ["Old Name Polytechnic", "École Centrale de Lyon"]),
            ("école CENTRALE", ["École Centrale de Lyon"]),
        ):
            with self.subTest(query=query):
                self.assertEqual(listed_names(self.client.get(LIST_URL, {"q": query})), expected)

    def test_the_keys_are_kept_on_every_save_and_bulk_create(self):
        Institution.objects.bulk_create([Institution(name_en="Él Bulk", name_zh="鲁汶", slug="bulk", country="FR")])
        bulk = Institution.objects.get(slug="bulk")
        self.assertEqual((bulk.sort_name_en, bulk.search_text), ("el bulk", "el bulk | 鲁汶"))
        self.assertTrue(bulk.sort_name_zh.startswith("lu"))
        bulk.name_en = "Renamed"
        bulk.save()
        self.assertEqual(listed_names(self.client.get(LIST_URL, {"q": "renamed"})), ["Renamed"])

    def test_the_search_finds_chinese_names_and_former_names(self):
        self.assertEqual(listed_names(self.client.get(LIST_URL, {"q": "鲁汶"})), ["KU Leuven"])
        self.assertEqual(
            listed_names(self.client.get("/zh-hans" + LIST_URL, {"q": "里昂"})),
            ["INSA Lyon", "École Centrale de Lyon"],
        )
        self.assertEqual(listed_names(self.client.get(LIST_URL, {"q": "ancienne"})), ["Old Name Polytechnic"])

    def test_the_search_and_the_country_filter_combine(self):
        self.assertEqual(
            listed_names(self.client.get(LIST_URL, {"q": "lyon", "country": "FR"})),
            ["École Centrale de Lyon", "INSA Lyon"],
        )
        self.assertEqual(listed_names(self.client.get(LIST_URL, {"q": "lyon", "country": "DE"})), [])

    def test_partners_within_a_country_are_in_reading_order_in_each_language(self):
        # Accents ignored: École before INSA, not after Université.
        self.assertEqual(
            listed_names(self.client.get(LIST_URL, {"country": "FR"})),
            ["École Centrale de Lyon", "INSA Lyon", "Université de Lille"],
        )
        # 里昂国立… (li ang guo), 里昂中央… (li ang zhong), 里尔大学 (li er): pinyin, not code points.
        self.assertEqual(
            listed_names(self.client.get("/zh-hans" + LIST_URL, {"country": "FR"})),
            ["INSA Lyon", "École Centrale de Lyon", "Université de Lille"],
        )

    def test_country_options_show_how_many_partners_the_search_leaves(self):
        response = self.client.get(LIST_URL, {"q": "lyon"})
        options = dict(response.context["filter"].form.fields["country"].widget.choices)
        self.assertEqual(options, {"": "Any", "FR": "France (2)"})

    def test_the_directory_comes_a_page_at_a_time(self):
        for n in range(70):
            make_institution(name_en=f"Partner {n:02d}", country="JP")
        first = self.client.get(LIST_URL)
        total = Institution.objects.counted().count()
        self.assertEqual(first.context["paginator"].count, total)
        self.assertEqual(len(listed_names(first)), first.context["paginator"].per_page)
        self.assertContains(first, f"{total} partners in 4 countries and regions")
        last = self.client.get(LIST_URL, {"page": first.context["paginator"].num_pages})
        # Japan continues on the last page under its own heading, with its whole count.
        self.assertContains(last, "70 partners")


class PartnerPageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.leuven = make_institution(
            name_en="KU Leuven",
            name_zh="鲁汶大学",
            slug="ku-leuven",
            country="BE",
            city="Leuven",
            city_zh="鲁汶",
            website="https://www.kuleuven.be/",
            relations_since=datetime.date(2002, 5, 1),
            description_en="Belgium's largest university.",
            description_zh="比利时最大的大学。",
        )
        cls.group_t = make_institution(name_en="GROUP T", slug="group-t", country="BE", merged_into=cls.leuven)
        cls.closed = make_institution(name_en="Closed Academy", slug="closed", is_active=False)
        make_program(cls.leuven, title_en="Rail Double Degree", kind="double_degree")
        make_program(cls.group_t, title_en="GROUP T Summer School")
        make_program(cls.leuven, title_en="Draft Program", is_published=False)
        make_contact(cls.leuven, name="Anna Peeters", email="anna.peeters@kuleuven.be", phone="+32 16 123 456")
        agreement = make_agreement(
            cls.leuven, title="Confidential exchange agreement", reference="BJTU-2020-017", kind="student_exchange"
        )
        agreement.document.save("scan.pdf", ContentFile(b"%PDF-1.4 secret"))
        make_agreement(cls.leuven, kind=Agreement.Kind.RESEARCH, status=Agreement.Status.NEGOTIATING)

    def test_it_shows_the_partners_public_information(self):
        response = self.client.get("/partners/ku-leuven/")
        self.assertEqual(response.status_code, 200)
        for text in ("KU Leuven", "鲁汶大学", "Belgium", "Leuven", "https://www.kuleuven.be/", "2002", "largest"):
            self.assertContains(response, text)

    def test_it_lists_its_published_programs_including_those_of_merged_institutions(self):
        response = self.client.get("/partners/ku-leuven/")
        self.assertEqual(
            [program.title_en for program in response.context["programs"]],
            ["GROUP T Summer School", "Rail Double Degree"],
        )
        self.assertNotContains(response, "Draft Program")
        self.assertContains(response, "Formerly GROUP T")

    def test_it_shows_the_forms_of_cooperation_in_force_only(self):
        response = self.client.get("/partners/ku-leuven/")
        self.assertEqual(response.context["cooperation_forms"], ["Student exchange"])

    def test_forms_of_cooperation_are_joined_as_each_language_writes_a_list(self):
        make_agreement(self.leuven, kind=Agreement.Kind.DOUBLE_DEGREE)
        english = self.client.get("/partners/ku-leuven/")
        forms = [str(label) for label in english.context["cooperation_forms"]]
        self.assertContains(english, ", ".join(forms))
        chinese = self.client.get("/zh-hans/partners/ku-leuven/")
        forms = [str(label) for label in chinese.context["cooperation_forms"]]
        self.assertEqual(len(forms), 2)
        self.assertContains(chinese, "、".join(forms))

    def test_it_never_shows_contacts_or_agreement_documents(self):
        response = self.client.get("/partners/ku-leuven/")
        for text in (
            "Anna Peeters",
            "anna.peeters@kuleuven.be",
            "+32 16 123 456",
            "Confidential exchange agreement",
            "BJTU-2020-017",
            "scan",
            ".pdf",
        ):
            self.assertNotContains(response, text)

    def test_a_merged_institutions_address_redirects_to_the_one_it_became(self):
        response = self.client.get("/partners/group-t/")
        self.assertRedirects(response, "/partners/ku-leuven/", status_code=301)

    def test_an_inactive_institution_has_no_public_page(self):
        self.assertEqual(self.client.get("/partners/closed/").status_code, 404)

    def test_the_chinese_page_shows_chinese_text(self):
        response = self.client.get("/zh-hans/partners/ku-leuven/")
        self.assertContains(response, "<h1>鲁汶大学</h1>", html=True)
        self.assertContains(response, "比利时最大的大学。")
        self.assertContains(response, "<dd>鲁汶</dd>", html=True)

    def test_the_city_is_in_chinese_on_chinese_pages_and_in_english_on_english_ones(self):
        self.assertContains(self.client.get("/partners/ku-leuven/"), "<dd>Leuven</dd>", html=True)
        self.assertContains(self.client.get("/zh-hans/partners/"), "鲁汶")
        self.assertNotContains(self.client.get("/zh-hans/partners/"), "Leuven ·")
        program = Program.objects.get(title_en="Rail Double Degree")
        self.assertContains(self.client.get(f"/zh-hans/programs/{program.slug}/"), "鲁汶, ")


class QueryCountTests(TestCase):
    """Directory and partner pages run the same number of queries for 10 rows as for 200."""

    def test_the_directory_runs_a_fixed_number_of_queries(self):
        def add(count):
            for n in range(count):
                institution = make_institution(country=["BE", "DE", "FR", "JP"][n % 4])
                make_program(institution)
                make_institution(merged_into=institution)

        add(10)
        # country choices of the filter form, partners per country, the paginator's count, partners per kind, the
        # page's institutions with program counts, their merged institutions, partners by country for the map
        with self.assertNumQueries(7):
            self.client.get(LIST_URL)
        add(190)
        with self.assertNumQueries(7):
            response = self.client.get(LIST_URL)
        self.assertEqual(response.context["total"], 200)
        with self.assertNumQueries(7):
            self.assertEqual(self.client.get("/zh-hans" + LIST_URL, {"kind": "university", "page": 2}).status_code, 200)
        with self.assertNumQueries(7):
            self.client.get(LIST_URL, {"q": "univ", "country": "DE"})

    def test_a_partner_page_runs_a_fixed_number_of_queries(self):
        partner = make_institution(slug="busy")

        def add(count):
            for _ in range(count):
                make_program(partner)
                make_institution(merged_into=partner)
                make_agreement(partner)

        add(10)
        # the institution, its merged institutions, its programs, its forms of cooperation
        with self.assertNumQueries(4):
            self.client.get("/partners/busy/")
        add(190)
        with self.assertNumQueries(4):
            response = self.client.get("/partners/busy/")
        self.assertEqual(len(response.context["programs"]), 200)
