"""The public program catalogue (/programs/) and program pages (/programs/<slug>/)."""

import datetime

from django.test import TestCase
from django.utils import translation

from programs.models import DegreeLevel, Program
from tests.factories import make_institution, make_program, make_user
from tests.personas import make_staff

LIST_URL = "/programs/"


def titles(response) -> list[str]:
    return [program.title_en for program in response.context["programs"]]


class CatalogueTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.leuven = make_institution(name_en="KU Leuven", name_zh="鲁汶大学", slug="ku-leuven", country="BE")
        cls.waterloo = make_institution(name_en="University of Waterloo", slug="waterloo", country="CA")
        cls.toronto = make_institution(name_en="University of Toronto", slug="toronto", country="CA")
        cls.double = make_program(
            cls.leuven,
            title_en="Rail Engineering Double Degree",
            title_zh="轨道工程双学位",
            kind=Program.Kind.DOUBLE_DEGREE,
            level=DegreeLevel.MASTER,
            discipline=Program.Discipline.TRANSPORT,
            language=Program.Language.ENGLISH,
        )
        cls.nano = make_program(
            cls.waterloo,
            cls.toronto,
            title_en="Nanomaterials Undergraduate Program",
            title_zh="",
            kind=Program.Kind.COOPERATIVE,
            level=DegreeLevel.BACHELOR,
            discipline=Program.Discipline.SCIENCE,
            language=Program.Language.BILINGUAL,
            moe_approval_number="MOE11CA1A20121234N",
            moe_approval_year=2012,
            summary_en="Four years of materials science taught with Waterloo.",
        )
        cls.summer = make_program(
            cls.leuven,
            title_en="Summer School in Logistics",
            kind=Program.Kind.SHORT_VISIT,
            level=DegreeLevel.NON_DEGREE,
            discipline=Program.Discipline.ECONOMICS,
            language=Program.Language.CHINESE,
            description_en="Three weeks on supply chains.",
        )
        cls.draft = make_program(cls.leuven, title_en="Secret Draft Program", is_published=False)

    def test_it_lists_every_published_program(self):
        response = self.client.get(LIST_URL)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(
            titles(response),
            ["Nanomaterials Undergraduate Program", "Rail Engineering Double Degree", "Summer School in Logistics"],
        )

    def test_it_hides_unpublished_programs(self):
        response = self.client.get(LIST_URL)
        self.assertNotContains(response, "Secret Draft Program")

    def test_it_filters_by_kind(self):
        self.assertEqual(
            titles(self.client.get(LIST_URL, {"kind": "double_degree"})), ["Rail Engineering Double Degree"]
        )

    def test_it_filters_by_level(self):
        self.assertEqual(
            titles(self.client.get(LIST_URL, {"level": "bachelor"})), ["Nanomaterials Undergraduate Program"]
        )

    def test_it_filters_by_partner_country_listing_each_program_once(self):
        # Nanomaterials has two Canadian partners: still one row.
        self.assertEqual(titles(self.client.get(LIST_URL, {"country": "CA"})), ["Nanomaterials Undergraduate Program"])

    def test_it_filters_by_partner_institution(self):
        self.assertEqual(
            titles(self.client.get(LIST_URL, {"partner": "ku-leuven"})),
            ["Rail Engineering Double Degree", "Summer School in Logistics"],
        )

    def test_it_filters_by_discipline(self):
        self.assertEqual(titles(self.client.get(LIST_URL, {"discipline": "economics"})), ["Summer School in Logistics"])

    def test_it_filters_by_language_of_instruction(self):
        self.assertEqual(
            titles(self.client.get(LIST_URL, {"language": "en_zh"})), ["Nanomaterials Undergraduate Program"]
        )

    def test_it_combines_filters(self):
        self.assertEqual(titles(self.client.get(LIST_URL, {"country": "BE", "level": "bachelor"})), [])
        self.assertEqual(
            titles(self.client.get(LIST_URL, {"country": "BE", "level": "master"})), ["Rail Engineering Double Degree"]
        )

    def test_it_searches_titles_summaries_and_partner_names(self):
        self.assertEqual(titles(self.client.get(LIST_URL, {"q": "summer"})), ["Summer School in Logistics"])
        self.assertEqual(
            titles(self.client.get(LIST_URL, {"q": "materials science"})), ["Nanomaterials Undergraduate Program"]
        )
        self.assertEqual(titles(self.client.get(LIST_URL, {"q": "toronto"})), ["Nanomaterials Undergraduate Program"])
        self.assertEqual(titles(self.client.get(LIST_URL, {"q": "轨道"})), ["Rail Engineering Double Degree"])

    def test_search_never_finds_unpublished_programs(self):
        self.assertEqual(titles(self.client.get(LIST_URL, {"q": "Secret"})), [])

    def test_an_unknown_filter_value_shows_no_programs_rather_than_all(self):
        response = self.client.get(LIST_URL, {"country": "ZZ"})
        self.assertEqual(response.status_code, 200)
        self.assertEqual(titles(response), [])

    def test_the_country_filter_offers_only_countries_of_published_programs(self):
        make_program(make_institution(country="JP"), is_published=False)
        choices = dict(offered(self.client.get(LIST_URL), "country"))
        self.assertIn("CA", choices)
        self.assertIn("BE", choices)
        self.assertNotIn("JP", choices)

    def test_merged_and_inactive_institutions_are_not_choices_of_their_own(self):
        group_t = make_institution(name_en="GROUP T Leuven", slug="group-t", country="JP", merged_into=self.leuven)
        closed = make_institution(name_en="Closed Academy", slug="closed-academy", country="KR", is_active=False)
        make_program(group_t)
        make_program(closed)
        countries = dict(offered(self.client.get(LIST_URL), "country"))
        self.assertNotIn("JP", countries)
        self.assertNotIn("KR", countries)
        for slug, name in (("group-t", "GROUP T Leuven"), ("closed-academy", "Closed Academy")):
            response = self.client.get(LIST_URL, {"partner": slug})
            self.assertEqual(titles(response), [])
            self.assertIsNone(response.context["partner_link"]["partner"])
            self.assertNotContains(response, name)

    def test_the_partner_filter_includes_the_programs_of_universities_merged_into_it(self):
        group_t = make_institution(name_en="GROUP T Leuven", slug="group-t", country="BE", merged_into=self.leuven)
        make_program(group_t, title_en="GROUP T Summer Camp")
        self.assertEqual(
            titles(self.client.get(LIST_URL, {"partner": "ku-leuven"})),
            ["GROUP T Summer Camp", "Rail Engineering Double Degree", "Summer School in Logistics"],
        )
        self.assertEqual(titles(self.client.get(LIST_URL, {"partner": "group-t"})), [])

    def test_chinese_country_choices_are_in_pinyin_order_and_english_ones_alphabetical(self):
        for code in ("DE", "AU", "FR"):
            make_program(make_institution(country=code))
        english = [name.rsplit(" (", 1)[0] for code, name in offered(self.client.get(LIST_URL), "country")][1:]
        self.assertEqual(english, ["Australia", "Belgium", "Canada", "France", "Germany"])
        chinese = offered(self.client.get("/zh-hans" + LIST_URL), "country")
        # ao, bi, de, fa, jia: code-point order would put 加拿大 (U+52A0) before 德国 (U+5FB7) and 澳 (U+6FB3).
        self.assertEqual(
            [str(name).rsplit(" (", 1)[0] for code, name in chinese][1:],
            ["澳大利亚", "比利时", "德国", "法国", "加拿大"],
        )

    def test_the_form_has_a_label_for_every_filter(self):
        response = self.client.get(LIST_URL)
        for name in ("q", "kind", "level", "country", "partner_name", "discipline", "language"):
            self.assertContains(response, f'<label for="id_{name}">')

    def test_it_shows_chinese_titles_on_the_chinese_page_falling_back_to_english(self):
        response = self.client.get("/zh-hans/programs/")
        self.assertContains(response, "轨道工程双学位")
        self.assertContains(response, "Nanomaterials Undergraduate Program")
        self.assertContains(response, "鲁汶大学")


class PaginationTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        partner = make_institution(country="FR")
        for n in range(25):
            make_program(partner, title_en=f"Program {n:02d}", level=DegreeLevel.MASTER)
        make_program(partner, title_en="Bachelor program", level=DegreeLevel.BACHELOR)

    def test_it_paginates_twenty_programs_a_page(self):
        first = self.client.get(LIST_URL)
        self.assertEqual(len(first.context["programs"]), 20)
        second = self.client.get(LIST_URL, {"page": 2})
        self.assertEqual(len(second.context["programs"]), 6)

    def test_page_links_keep_the_filters(self):
        response = self.client.get(LIST_URL, {"level": "master"})
        self.assertContains(response, 'href="?level=master&amp;page=2"')
        self.assertEqual(self.client.get(LIST_URL, {"level": "master", "page": 2}).context["paginator"].count, 25)


class ProgramPageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.partner = make_institution(name_en="University of Wollongong", slug="wollongong", country="AU")
        cls.former = make_institution(name_en="Closed College", slug="closed-college", is_active=False)
        cls.program = make_program(
            cls.partner,
            cls.former,
            title_en="Mechatronics Engineering Undergraduate Program",
            title_zh="机械电子工程本科项目",
            slug="mechatronics",
            kind=Program.Kind.COOPERATIVE,
            level=DegreeLevel.BACHELOR,
            language=Program.Language.BILINGUAL,
            duration_months=48,
            places=120,
            application_deadline=datetime.date(2026, 3, 31),
            moe_approval_number="MOE11AU2A20091029N",
            moe_approval_year=2009,
            description_en="Four years in Beijing.\n\nTaught with Wollongong.",
            description_zh="在北京学习四年。",
        )
        cls.draft = make_program(cls.partner, title_en="Draft Program", slug="draft", is_published=False)

    def test_it_shows_the_programs_facts(self):
        response = self.client.get("/programs/mechatronics/")
        self.assertEqual(response.status_code, 200)
        for text in (
            "Mechatronics Engineering Undergraduate Program",
            "Bachelor",
            "48 months",
            "English and Chinese",
            "120",
            "March 31, 2026",
            "MOE11AU2A20091029N",
            "2009",
            "<p>Four years in Beijing.</p>",
        ):
            self.assertContains(response, text)

    def test_it_links_active_partners_only(self):
        response = self.client.get("/programs/mechatronics/")
        self.assertContains(response, '<a href="/partners/wollongong/">University of Wollongong</a>', html=True)
        self.assertContains(response, "Closed College")
        self.assertNotContains(response, "/partners/closed-college/")

    def test_it_shows_chinese_text_on_the_chinese_page(self):
        response = self.client.get("/zh-hans/programs/mechatronics/")
        self.assertContains(response, "机械电子工程本科项目")
        self.assertContains(response, "在北京学习四年。")
        self.assertContains(response, 'href="/zh-hans/partners/wollongong/"')

    def test_visitors_get_a_404_for_unpublished_programs(self):
        self.assertEqual(self.client.get("/programs/draft/").status_code, 404)

    def test_staff_without_view_permission_cannot_preview(self):
        self.client.force_login(make_user("clerk", staff=True))
        self.assertEqual(self.client.get("/programs/draft/").status_code, 404)

    def test_staff_may_preview_unpublished_programs(self):
        self.client.force_login(make_staff())
        response = self.client.get("/programs/draft/")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Preview: this program is not published.")
        self.assertContains(response, '<meta name="robots" content="noindex">')

    def test_the_admins_view_on_site_link_leads_here(self):
        with translation.override("en"):
            self.assertEqual(self.program.get_absolute_url(), "/programs/mechatronics/")


def offered(response, name: str) -> list[tuple[str, str]]:
    """The options a filter's drop-down offers, the empty one first."""
    return [(str(value), str(label)) for value, label in response.context["filter"].form.fields[name].widget.choices]


class FilterOptionTests(TestCase):
    """Each option says how many programs it would give; options giving none are not offered."""

    @classmethod
    def setUpTestData(cls):
        cls.lyon = make_institution(name_en="École Centrale de Lyon", name_zh="里昂中央理工学院", country="FR")
        cls.karlsruhe = make_institution(
            name_en="Karlsruhe Institute of Technology", name_zh="卡尔斯鲁厄理工学院", country="DE"
        )
        cls.leuven = make_institution(name_en="KU Leuven", name_zh="鲁汶大学", country="BE")
        cls.aachen = make_institution(name_en="RWTH Aachen", name_zh="亚琛工业大学", country="DE")
        for partner, level, kind in (
            (cls.lyon, DegreeLevel.MASTER, Program.Kind.DOUBLE_DEGREE),
            (cls.karlsruhe, DegreeLevel.MASTER, Program.Kind.STUDENT_EXCHANGE),
            (cls.karlsruhe, DegreeLevel.BACHELOR, Program.Kind.STUDENT_EXCHANGE),
            (cls.leuven, DegreeLevel.BACHELOR, Program.Kind.SHORT_VISIT),
            (cls.aachen, DegreeLevel.MASTER, Program.Kind.DOUBLE_DEGREE),
        ):
            make_program(partner, level=level, kind=kind)
        # Doctoral only in a draft: the catalogue would give nothing for it.
        make_program(cls.leuven, level=DegreeLevel.DOCTORAL, is_published=False)
        cls.published = Program.objects.published()

    def test_each_option_shows_how_many_programs_it_would_give(self):
        levels = dict(offered(self.client.get(LIST_URL), "level"))
        for level in (DegreeLevel.MASTER, DegreeLevel.BACHELOR):
            expected = self.published.filter(level=level).count()
            self.assertEqual(levels[level.value], f"{level.label} ({expected})")

    def test_options_that_would_give_no_program_are_not_offered(self):
        response = self.client.get(LIST_URL)
        self.assertNotIn(DegreeLevel.DOCTORAL.value, dict(offered(response, "level")))
        self.assertNotContains(response, "Doctoral")
        self.assertNotIn(Program.Kind.COOPERATIVE.value, dict(offered(response, "kind")))

    def test_the_counts_follow_the_other_filters_chosen(self):
        response = self.client.get(LIST_URL, {"country": "DE"})
        german = self.published.filter(partners__country="DE")
        levels = dict(offered(response, "level"))
        self.assertEqual(levels["bachelor"], f"Bachelor ({german.filter(level='bachelor').count()})")
        self.assertEqual(levels["master"], f"Master ({german.filter(level='master').count()})")
        # Countries still offer every country, counted with the other filters (none): a visitor can switch.
        countries = dict(offered(response, "country"))
        self.assertEqual(set(countries) - {""}, {"BE", "DE", "FR"})

    def test_the_chosen_option_stays_offered_when_the_others_leave_it_nothing(self):
        response = self.client.get(LIST_URL, {"country": "BE", "level": "master"})
        self.assertEqual(response.context["paginator"].count, 0)
        self.assertEqual(dict(offered(response, "level"))["master"], "Master")

    def test_the_partner_name_counts_with_the_other_filters(self):
        response = self.client.get(LIST_URL, {"partner_name": "karlsruhe"})
        levels = dict(offered(response, "level"))
        self.assertEqual(levels["bachelor"], "Bachelor (1)")
        self.assertEqual(levels["master"], "Master (1)")
        self.assertEqual(set(dict(offered(response, "country"))) - {""}, {"DE"})


class QueryCountTests(TestCase):
    """Every catalogue page runs the same number of queries for 10 rows as for 200."""

    def add_programs(self, count: int, partner):
        for _ in range(count):
            make_program(partner, make_institution(country="DE"))

    def test_the_catalogue_runs_a_fixed_number_of_queries(self):
        partner = make_institution(country="BE")
        self.add_programs(10, partner)
        # the country choices (to check a value), one count per filter's options, the paginator's count, the page,
        # its partners
        with self.assertNumQueries(9):
            self.client.get(LIST_URL, {"country": "DE"})
        self.add_programs(190, partner)
        with self.assertNumQueries(9):
            response = self.client.get(LIST_URL, {"country": "DE"})
        self.assertEqual(response.context["paginator"].count, 200)

    def test_a_program_page_runs_a_fixed_number_of_queries(self):
        program = make_program(*[make_institution() for _ in range(10)], slug="many-partners")
        # the program with its unit, its partners
        with self.assertNumQueries(2):
            self.client.get("/programs/many-partners/")
        program.partners.add(*[make_institution() for _ in range(190)])
        with self.assertNumQueries(2):
            response = self.client.get("/programs/many-partners/")
        self.assertEqual(len(response.context["program"].partners.all()), 200)
