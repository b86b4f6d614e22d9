"""The sitemap is an index of files of at most SITEMAP_LIMIT addresses, each reading only its own records."""

from xml.etree import ElementTree

from django.db import connection
from django.test import TestCase, override_settings
from django.test.utils import CaptureQueriesContext

from partners.models import Institution
from tests.factories import make_institution

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
LIMIT = 6  # addresses per file: three partners in two languages


@override_settings(SITEMAP_LIMIT=LIMIT)
class SitemapPagesTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        for n in range(10):
            make_institution(slug=f"partner-{n:02d}")

    def files(self) -> list[str]:
        index = ElementTree.fromstring(self.client.get("/sitemap.xml").content)
        return [loc.text.removeprefix("http://testserver") for loc in index.findall("s:sitemap/s:loc", NS)]

    def locations(self, path: str) -> list[str]:
        response = self.client.get(path)
        self.assertEqual(response.status_code, 200, path)
        return [loc.text for loc in ElementTree.fromstring(response.content).findall("s:url/s:loc", NS)]

    def test_every_partner_is_listed_once_per_language_across_the_files(self):
        partner_files = [path for path in self.files() if "partners" in path]
        pages = [self.locations(path) for path in partner_files]
        self.assertTrue(all(len(page) <= LIMIT for page in pages))
        listed = [location for page in pages for location in page]
        expected = Institution.objects.counted().count() * 2
        self.assertEqual(len(listed), expected)
        self.assertEqual(len(set(listed)), expected)

    def test_a_file_costs_the_same_queries_whatever_the_number_of_partners(self):
        def queries() -> int:
            with CaptureQueriesContext(connection) as captured:
                self.locations("/sitemap-partners.xml?p=2")
            return len(captured)

        few = queries()
        for n in range(10, 40):
            make_institution(slug=f"partner-{n:02d}")
        self.assertEqual(queries(), few)
