"""The language switcher and the hreflang alternates point to this site whatever path or query a request carries."""

from urllib.parse import urlsplit

from django.test import TestCase
from lxml import html

from tests.factories import make_institution, make_program

# What a server hands Django as the path (already percent-decoded) for addresses an attacker may link to:
# //evil.example, /zh-hans//evil.example/login, /\evil.example, /%2F%2Fevil.example, /%5C%5Cevil.example, ...
HOSTILE_PATHS = [
    "//evil.example",
    "//evil.example/login",
    "/zh-hans//evil.example/login",
    "//evil.example/programs/",
    "/zh-hans//evil.example/programs/",
    "///evil.example",
    "/zh-hans///evil.example",
    "/\\evil.example",
    "/\\\\evil.example/login",
    "/zh-hans/\\evil.example",
    "/zh-hans/\\/evil.example",
    "/\\/evil.example",
    "/\t/evil.example",
    "/zh-hans/\n/evil.example",
]
# The same, as a visitor's browser sends them (percent-encoded slashes and backslashes).
HOSTILE_ADDRESSES = [
    "/%2F%2Fevil.example",
    "/%2F/evil.example",
    "/zh-hans/%2F%2Fevil.example/login",
    "/%5Cevil.example",
    "/%5C%5Cevil.example",
    "/zh-hans/%5C%5Cevil.example/x",
    "/%5C/evil.example",
]


class LanguageLinkTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        partner = make_institution(name_en="KU Leuven", slug="ku-leuven")
        make_program(partner, title_en="Rail Double Degree", slug="rail")

    def links(self, response) -> tuple[list[str], list[str]]:
        page = html.fromstring(response.content)
        switcher = page.xpath("//nav[contains(@class, 'language-switcher')]//a/@href")
        alternates = page.xpath("//link[@rel='alternate'][@hreflang]/@href")
        self.assertEqual((len(switcher), len(alternates)), (2, 2))
        return switcher, alternates

    def assert_on_this_site(self, switcher: list[str], alternates: list[str]):
        for href in switcher:
            # One slash, then a path: never "//host", "/\host", a scheme, or a control character browsers drop.
            self.assertRegex(href, r"^/[^/\\]|^/$")
            self.assertFalse(any(char in href for char in "\\\t\n\r"), href)
            self.assertEqual(urlsplit(href)[:2], ("", ""), href)
        for href in alternates:
            scheme, host, path, *_ = urlsplit(href)
            self.assertEqual((scheme, host), ("http", "testserver"), href)
            self.assertRegex(path, r"^/[^/\\]|^/$")
            self.assertNotIn("\\", href)

    def test_it_keeps_the_404_pages_links_on_this_site_for_hostile_paths(self):
        for path in HOSTILE_PATHS:
            with self.subTest(path=path):
                response = self.client.generic("GET", "/", PATH_INFO=path)
                self.assertEqual(response.status_code, 404)
                self.assert_on_this_site(*self.links(response))

    def test_it_keeps_links_on_this_site_for_encoded_slashes_and_backslashes_and_hostile_queries(self):
        for address in HOSTILE_ADDRESSES:
            with self.subTest(address=address):
                response = self.client.get(address)
                self.assertEqual(response.status_code, 404)
                self.assert_on_this_site(*self.links(response))
        # Normal pages, whatever their query string.
        queries = ["", "?next=//evil.example", "?q=%5C%5Cevil.example", "?q=/%09/evil.example&level=master"]
        for page in ["/", "/programs/", "/zh-hans/programs/rail/", "/partners/ku-leuven/"]:
            for query in queries:
                with self.subTest(address=page + query):
                    response = self.client.get(page + query)
                    self.assertEqual(response.status_code, 200)
                    switcher, alternates = self.links(response)
                    self.assert_on_this_site(switcher, alternates)
                    # Still the same page in each language.
                    english = page.removeprefix("/zh-hans")
                    self.assertEqual([urlsplit(href).path for href in switcher], [english, "/zh-hans" + english])

    def test_the_reported_address_gets_a_same_site_link_to_the_english_404(self):
        response = self.client.generic("GET", "/", PATH_INFO="/zh-hans//evil.example/login")
        switcher, alternates = self.links(response)
        self.assertEqual(switcher, ["/evil.example/login", "/zh-hans//evil.example/login"])
        self.assertEqual(alternates[0], "http://testserver/evil.example/login")
