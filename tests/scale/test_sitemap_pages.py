"""The sitemap is an index of files of at most SITEMAP_LIMIT addresses, each reading only its own records."""

from xml.etree import ElementTree

from django.conf import settings
from django.db import connection
from django.test import TestCase, override_settings
from django.test.utils import CaptureQueriesContext

from intl_office.demo.partners_data import COUNTED_INSTITUTIONS
from partners.models import Institution
from programs.models import Program
from tests.factories import make_institution, make_program

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


class DefaultLimitTests(TestCase):
    """At the default limit: a file's size is bounded by a number BJTU's own records reach (its 156 partners fill
    more than one file), so a file does not grow with the records; only the index does, by one entry per file."""

    @classmethod
    def setUpTestData(cls):
        # More than two files of partners and of programs, each record in both languages.
        count = settings.SITEMAP_LIMIT + 3
        for n in range(count):
            partner = make_institution(slug=f"partner-{n:03d}")
            make_program(partner, slug=f"program-{n:03d}")
        make_institution(slug="inactive-partner", is_active=False)
        make_institution(slug="merged-partner", merged_into=partner)
        make_program(partner, slug="draft-program", is_published=False)

    def files(self, section: str) -> list[str]:
        index = ElementTree.fromstring(self.client.get("/sitemap.xml").content)
        paths = [loc.text.removeprefix("http://testserver") for loc in index.findall("s:sitemap/s:loc", NS)]
        return [path for path in paths if path.startswith(f"/sitemap-{section}.xml")]

    def listed(self, section: str) -> list[str]:
        pages = []
        for path in self.files(section):
            response = self.client.get(path)
            self.assertEqual(response.status_code, 200, path)
            pages.append([loc.text for loc in ElementTree.fromstring(response.content).findall("s:url/s:loc", NS)])
        self.assertTrue(all(0 < len(page) <= settings.SITEMAP_LIMIT for page in pages))
        return [location for page in pages for location in page]

    def test_the_default_limit_is_reached_by_bjtus_own_partners(self):
        # The demo is BJTU's own records: its partners, in two languages, fill more than one file.
        self.assertLess(settings.SITEMAP_LIMIT, COUNTED_INSTITUTIONS * 2)

    def test_every_counted_partner_is_listed_once_in_each_language_and_no_other(self):
        listed = self.listed("partners")
        expected = {
            f"http://testserver{prefix}/partners/{slug}/"
            for slug in Institution.objects.counted().values_list("slug", flat=True)
            for prefix in ("", "/zh-hans")
        }
        self.assertEqual(len(listed), len(expected))
        self.assertEqual(set(listed), expected)
        self.assertGreater(len(self.files("partners")), 2)

    def test_every_published_program_is_listed_once_in_each_language_and_no_other(self):
        listed = self.listed("programs")
        expected = {
            f"http://testserver{prefix}/programs/{slug}/"
            for slug in Program.objects.published().values_list("slug", flat=True)
            for prefix in ("", "/zh-hans")
        }
        self.assertEqual(len(listed), len(expected))
        self.assertEqual(set(listed), expected)
        self.assertNotIn("draft-program", " ".join(listed))
