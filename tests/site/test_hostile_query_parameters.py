"""No query parameter on a public page, however hostile, gets a server error: every page, both languages."""

from unittest import mock

from django.test import TestCase

from intl_office.site.program_pages import ProgramListView
from tests.factories import make_institution, make_program
from tests.site.hostile_values import HOSTILE_VALUES, query_strings

# Each public page and the parameters it reads (every query also carries one it does not know).
PAGES = {
    "/": ["year"],
    "/programs/": ["q", "kind", "level", "country", "partner_name", "partner", "discipline", "language", "page"],
    "/partners/": ["q", "kind", "country", "page"],
    "/open-data/": [],
    # Detail pages read no parameter: all of them at once.
    "/programs/rail-double-degree/": [],
    "/partners/ku-leuven/": [],
    # A merged partner's old address redirects; the query must not break the redirect.
    "/partners/group-t/": [],
}
LANGUAGE_PREFIXES = ("", "/zh-hans")
# Pages outside the language prefix.
UNPREFIXED_PAGES = {
    "/sitemap.xml": ["p"],
    "/sitemap-partners.xml": ["p"],
    "/robots.txt": [],
    "/i18n/setlang/": ["next", "language"],
}


# Three programs a page, so that a handful of programs gives pagination links that carry the hostile query.
@mock.patch.object(ProgramListView, "paginate_by", 3)
class HostileQueryParameterTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        leuven = make_institution(name_en="KU Leuven", name_zh="鲁汶大学", slug="ku-leuven", country="BE")
        make_institution(name_en="GROUP T", slug="group-t", country="BE", merged_into=leuven)
        make_program(leuven, title_en="Rail Engineering Double Degree", slug="rail-double-degree")
        for n in range(6):
            make_program(leuven, title_en=f"Summer School {n}", summary_en="Rail and logistics in Beijing.")

    def pages(self):
        for prefix in LANGUAGE_PREFIXES:
            for path, params in PAGES.items():
                # The language changes messages and sorting, not how parameters are read: in Chinese, every
                # parameter at once (every field's message then in Chinese) and repeated, not each one alone too.
                yield prefix + path, params, not prefix
        for path, params in UNPREFIXED_PAGES.items():
            yield path, params, True

    def test_no_hostile_value_in_any_parameter_of_any_public_page_gives_a_server_error(self):
        checked, failures = 0, []
        for path, params, each_alone in self.pages():
            for value in HOSTILE_VALUES:
                for query in query_strings(params, value, each_alone=each_alone):
                    checked += 1
                    try:
                        status = self.client.get(path, QUERY_STRING=query).status_code
                    except Exception as error:  # the test client raises what the view raised
                        status = f"{type(error).__name__}: {str(error)[:100]}"
                    if not isinstance(status, int) or status >= 500:
                        failures.append(f"{path}?{query[:80]} -> {status}")
        self.assertEqual(failures, [], "\n".join(failures))
        self.assertGreater(checked, 1_500)

    def test_too_many_parameters_are_refused_as_a_bad_request_not_a_server_error(self):
        query = "&".join(f"f{n}=1" for n in range(2_000))
        for path in ("/", "/programs/", "/partners/", "/zh-hans/programs/", "/sitemap.xml"):
            with self.subTest(path=path):
                self.assertEqual(self.client.get(path, QUERY_STRING=query).status_code, 400)
