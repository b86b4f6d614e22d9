"""The catalogue's partner filter: a box for the partner's name and the partner country, not a list of every partner.

A list of the partners of published programs grew with the records (3,571 options at a hundred times BJTU's) and
made the kept page grow with it; nobody could find one institution in it either. Links to a partner's programs
(``?partner=<slug>``) still work: the partner is shown by name, with a link leaving it out.
"""

import uuid
from html.parser import HTMLParser

from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext

from tests.factories import make_institution, make_program

LIST_URL = "/programs/"


def titles(response) -> list[str]:
    return [program.title_en for program in response.context["programs"]]


class PartnerNameSearchTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.lyon = make_institution(
            name_en="École Centrale de Lyon", name_zh="里昂中央理工学院", slug="lyon", country="FR"
        )
        cls.leuven = make_institution(
            name_en="KU Leuven", name_zh="鲁汶大学", former_name="Katholieke Universiteit Leuven", country="BE"
        )
        cls.aachen = make_institution(name_en="RWTH Aachen", country="DE")
        make_program(cls.lyon, title_en="Lyon Double Degree")
        make_program(cls.leuven, cls.aachen, title_en="Rail Exchange")
        make_program(cls.aachen, title_en="Aachen Summer School")
        make_program(cls.lyon, title_en="Lyon Draft", is_published=False)

    def test_it_finds_programs_by_the_partners_english_name_accents_and_case_ignored(self):
        self.assertEqual(titles(self.client.get(LIST_URL, {"partner_name": "ecole centrale"})), ["Lyon Double Degree"])
        self.assertEqual(titles(self.client.get(LIST_URL, {"partner_name": "ÉCOLE"})), ["Lyon Double Degree"])

    def test_it_finds_programs_by_the_partners_chinese_or_former_name(self):
        self.assertEqual(titles(self.client.get(LIST_URL, {"partner_name": "鲁汶"})), ["Rail Exchange"])
        self.assertEqual(titles(self.client.get(LIST_URL, {"partner_name": "katholieke"})), ["Rail Exchange"])

    def test_every_word_must_be_in_the_name(self):
        self.assertEqual(titles(self.client.get(LIST_URL, {"partner_name": "leuven aachen"})), [])
        self.assertEqual(
            titles(self.client.get(LIST_URL, {"partner_name": "aachen"})), ["Aachen Summer School", "Rail Exchange"]
        )

    def test_it_combines_with_the_partner_country(self):
        self.assertEqual(titles(self.client.get(LIST_URL, {"partner_name": "lyon", "country": "DE"})), [])
        self.assertEqual(
            titles(self.client.get(LIST_URL, {"partner_name": "aachen", "country": "DE"})),
            ["Aachen Summer School", "Rail Exchange"],
        )

    def test_the_partner_country_filter_still_works(self):
        self.assertEqual(titles(self.client.get(LIST_URL, {"country": "FR"})), ["Lyon Double Degree"])

    def test_it_never_finds_unpublished_programs(self):
        self.assertEqual(titles(self.client.get(LIST_URL, {"partner_name": "lyon"})), ["Lyon Double Degree"])
        self.assertNotContains(self.client.get(LIST_URL, {"partner_name": "lyon"}), "Lyon Draft")

    def test_it_finds_no_program_by_an_inactive_partners_name(self):
        closed = make_institution(name_en="Closed Academy", is_active=False)
        make_program(closed, title_en="Closed Program")
        self.assertEqual(titles(self.client.get(LIST_URL, {"partner_name": "closed"})), [])

    def test_the_name_of_a_partner_finds_the_programs_of_a_university_merged_into_it(self):
        group_t = make_institution(name_en="GROUP T Leuven", merged_into=self.leuven)
        make_program(group_t, title_en="GROUP T Summer Camp")
        self.assertEqual(
            titles(self.client.get(LIST_URL, {"partner_name": "KU Leuven"})), ["GROUP T Summer Camp", "Rail Exchange"]
        )

    def test_the_box_keeps_what_the_visitor_typed_and_is_labelled_in_both_languages(self):
        response = self.client.get(LIST_URL, {"partner_name": "lyon"})
        self.assertContains(response, '<label for="id_partner_name">Partner institution</label>', html=True)
        self.assertContains(response, 'value="lyon"')
        response = self.client.get("/zh-hans" + LIST_URL)
        self.assertContains(response, '<label for="id_partner_name">合作院校</label>', html=True)
        self.assertContains(response, 'placeholder="英文或中文名称"')


class PartnerLinkTests(TestCase):
    """``?partner=<slug>``, the address of a partner's programs."""

    @classmethod
    def setUpTestData(cls):
        cls.odd = make_institution(name_en='Écoles <"Ponts"> & Chaussées', name_zh="路桥学院", slug="ponts")
        cls.plain = make_institution(name_en="Plain University", slug="plain")
        make_program(cls.odd, title_en="Bridges", level="master")
        make_program(cls.odd, title_en="Tunnels", level="bachelor")
        make_program(cls.plain, title_en="Plain Program")

    def test_it_lists_the_partners_programs_and_names_the_partner_escaped(self):
        response = self.client.get(LIST_URL, {"partner": "ponts"})
        self.assertEqual(titles(response), ["Bridges", "Tunnels"])
        self.assertContains(
            response, '<a href="/partners/ponts/">Écoles &lt;&quot;Ponts&quot;&gt; &amp; Chaussées</a>', html=True
        )
        self.assertNotContains(response, '<"Ponts">')

    def test_it_names_the_partner_in_chinese_on_the_chinese_page(self):
        response = self.client.get("/zh-hans" + LIST_URL, {"partner": "ponts"})
        self.assertContains(response, '<a href="/zh-hans/partners/ponts/">路桥学院</a>', html=True)
        self.assertContains(response, "显示与所有合作院校的项目")

    def test_the_form_carries_the_partner_to_the_next_search(self):
        response = self.client.get(LIST_URL, {"partner": "ponts"})
        self.assertContains(response, '<input type="hidden" name="partner" value="ponts" id="id_partner">', html=True)
        self.assertEqual(titles(self.client.get(LIST_URL, {"partner": "ponts", "level": "master"})), ["Bridges"])

    def test_a_link_leaves_the_partner_out_keeping_the_other_filters(self):
        response = self.client.get(LIST_URL, {"level": "master", "partner": "ponts", "page": "1"})
        self.assertContains(response, '<a href="/programs/?level=master">Show programs with any partner</a>', html=True)
        response = self.client.get(LIST_URL, {"partner": "ponts"})
        self.assertContains(response, '<a href="/programs/">Show programs with any partner</a>', html=True)

    def test_without_a_partner_link_nothing_is_said_of_a_partner(self):
        response = self.client.get(LIST_URL)
        self.assertNotIn("partner_link", response.context)
        self.assertNotContains(response, 'name="partner"')

    def test_an_address_naming_no_partner_shows_no_programs_and_is_not_carried_on(self):
        response = self.client.get(LIST_URL, {"partner": "no-such-partner"})
        self.assertEqual(titles(response), [])
        self.assertContains(response, "This address names no partner institution of the catalogue.")
        # Disabled: the next search does not send it again.
        self.assertContains(
            response, '<input type="hidden" name="partner" value="no-such-partner" disabled id="id_partner">', html=True
        )


class OptionTags(HTMLParser):
    """The <option> elements of the page's filter form, and the text of the form."""

    def __init__(self):
        super().__init__()
        self.options, self.in_form, self.form_text = 0, False, []

    def handle_starttag(self, tag, attrs):
        if tag == "form" and ("class", "filter-form") in attrs:
            self.in_form = True
        elif tag == "option" and self.in_form:
            self.options += 1

    def handle_endtag(self, tag):
        if tag == "form":
            self.in_form = False

    def handle_data(self, data):
        if self.in_form:
            self.form_text.append(data)


class BoundedFormTests(TestCase):
    """The filter form's size does not grow with the number of partners."""

    def add_partners(self, count: int):
        # Partners in two countries: the countries are bounded (some 250), the partners are not.
        for _ in range(count):
            make_program(make_institution(name_en=f"Partner Number {uuid.uuid4().hex[:8]}", country="DE"))
            make_program(make_institution(name_en=f"Partner Number {uuid.uuid4().hex[:8]}", country="FR"))

    def form(self, **query) -> OptionTags:
        parser = OptionTags()
        parser.feed(self.client.get(LIST_URL, query).content.decode())
        return parser

    def test_the_options_do_not_grow_with_the_partners(self):
        self.add_partners(5)
        few = self.form()
        self.add_partners(60)
        many = self.form()
        self.assertEqual(many.options, few.options)
        self.assertNotIn("Partner Number", " ".join(many.form_text))

    def test_the_catalogue_runs_the_same_queries_at_two_sizes(self):
        make_program(make_institution(slug="plain", country="DE"))
        queries = [{}, {"partner_name": "number"}, {"partner": "plain", "country": "DE"}]
        self.add_partners(5)
        few = [self.count(query) for query in queries]
        # Each write sets a new version of the kept pages: the next visits are rendered afresh.
        self.add_partners(60)
        for query, count in zip(queries, few, strict=True):
            with self.subTest(query=query), self.assertNumQueries(count):
                self.client.get(LIST_URL, query)

    def count(self, query) -> int:
        with CaptureQueriesContext(connection) as captured:
            self.assertEqual(self.client.get(LIST_URL, query).status_code, 200)
        return len(captured)
