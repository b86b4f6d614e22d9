"""The world maps: partners by country on the overview and the directory, students' countries on the overview;
drawn on the server as SVG, coloured by count, with a table saying the same and links to the filtered directory."""

import datetime
import re

from django.test import TestCase
from django.utils import timezone

from intl_office.site import world_map
from partners.models import Institution
from tests.factories import make_institution, make_student


def map_svg(response, map_id: str) -> str:
    content = response.content.decode()
    start = content.index(f'aria-labelledby="{map_id}-caption"')
    return content[content.index("<svg", start) : content.index("</svg>", start)]


def shape_of(svg: str, code: str, country_name: str) -> str:
    """The element drawn for a country: found by its tooltip (a country with something to show has one)."""
    match = re.search(r'<(a|g) class="band-(\d)"[^>]*><title>' + re.escape(country_name) + r": ", svg)
    return match.group(0) if match else ""


class PartnerMapTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        for _ in range(12):
            make_institution(country="DE")
        for _ in range(3):
            make_institution(country="FR")
        make_institution(country="HK")
        make_institution(country="TW")
        make_institution(country="MO")
        make_institution(country="JP", is_active=False)

    def test_the_shapes_come_from_the_package_for_every_large_country(self):
        shapes = world_map.shapes()
        for code in ("CN", "DE", "US", "BR", "AU", "TW", "RU"):
            self.assertIn(code, shapes)
        self.assertNotIn("AQ", shapes)
        # Too small for an outline at this scale: a dot.
        self.assertIn("HK", world_map.dots())
        self.assertIn("MO", world_map.dots())

    def test_countries_are_coloured_by_how_many_partners_they_have_and_lead_to_the_directory(self):
        svg = map_svg(self.client.get("/"), "partner-map")
        self.assertIn('<a class="band-4" href="/partners/?country=DE" tabindex="-1"><title>Germany: 12 partners', svg)
        self.assertIn('<a class="band-2" href="/partners/?country=FR" tabindex="-1"><title>France: 3 partners', svg)
        # No counted partner (Japan's only one is inactive): not coloured, not a link.
        self.assertEqual(shape_of(svg, "JP", "Japan"), "")
        self.assertNotIn("country=JP", svg)

    def test_hong_kong_macao_and_taiwan_are_shown_and_named_as_regions(self):
        response = self.client.get("/")
        svg = map_svg(response, "partner-map")
        for name in ("Hong Kong, China", "Macao, China", "Taiwan, China"):
            self.assertIn(f"<title>{name}: 1 partner</title>", svg)
        self.assertRegex(svg, r"<title>Hong Kong, China: 1 partner</title><circle ")
        self.assertRegex(svg, r"<title>Taiwan, China: 1 partner</title><path ")
        self.assertContains(response, '<a href="/partners/?country=TW">Taiwan, China</a>', html=True)
        chinese = self.client.get("/zh-hans/")
        self.assertContains(chinese, 'href="/zh-hans/partners/?country=HK"')

    def test_the_map_is_a_picture_and_its_table_carries_the_figures_and_links(self):
        response = self.client.get("/")
        svg = map_svg(response, "partner-map")
        self.assertIn('aria-hidden="true"', svg[:200])
        self.assertNotRegex(svg, r"<a (?![^>]*tabindex=\"-1\")")
        content = response.content.decode()
        for code in ("DE", "FR", "HK", "MO", "TW"):
            count = Institution.objects.counted().filter(country=code).count()
            self.assertIn(f'data-map-figure="partner-map-{code.lower()}">{count}<', content)
        self.assertContains(response, '<a href="/partners/?country=DE">Germany</a>', html=True)
        self.assertNotContains(response, 'data-map-figure="partner-map-jp"')

    def test_the_directory_shows_the_partner_map(self):
        svg = map_svg(self.client.get("/partners/"), "partner-map")
        self.assertIn('href="/partners/?country=DE"', svg)


class StudentMapTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        today = timezone.localdate()
        present = {"arrived_on": today - datetime.timedelta(days=30), "departed_on": None}
        for code, count in (("KZ", 25), ("RU", 6), ("PK", 5), ("FR", 2), ("VN", 4)):
            for _ in range(count):
                make_student(nationality=code, **present)
        make_institution(country="RU")

    def test_countries_are_coloured_by_students_and_small_groups_are_drawn_as_none(self):
        response = self.client.get("/")
        svg = map_svg(response, "student-map")
        shown = {row["country"].code: row["count"] for row in response.context["students_by_country"]["rows"]}
        for code, name in (("KZ", "Kazakhstan"), ("RU", "Russia"), ("PK", "Pakistan")):
            if code in shown:
                self.assertTrue(shape_of(svg, code, name), code)
        # France (2) and Viet Nam (4) are small groups, never distinguished from countries with no student.
        self.assertEqual(shape_of(svg, "FR", "France"), "")
        self.assertNotIn("France", svg)
        self.assertNotIn("Viet Nam", svg)
        self.assertNotContains(response, 'data-map-figure="student-map-fr"')
        self.assertNotContains(response, 'data-map-figure="student-map-vn"')

    def test_a_students_country_with_partners_leads_to_the_directory(self):
        svg = map_svg(self.client.get("/"), "student-map")
        self.assertIn('href="/partners/?country=RU"', svg)
        self.assertNotIn("country=KZ", svg)
