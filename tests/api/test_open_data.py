"""Open data: a read-only JSON API for published programs, partners and the overview's figures by year, paginated,
cached, in both languages, with its OpenAPI schema and docs page; the figures as CSV from the overview. Only what
the public pages show; never a person."""

import csv
import datetime
import io

from django.core.cache import cache
from django.test import TestCase
from django.utils import timezone, translation

from intl_office.core.people import SMALL_GROUP_THRESHOLD
from intl_office.site import figures
from partners.models import Institution
from programs.models import Program
from tests.factories import (
    make_contact,
    make_delegation,
    make_institution,
    make_outbound,
    make_program,
    make_student,
    make_unit,
)

API = "/api/v1"


class OpenDataTestCase(TestCase):
    def setUp(self):
        # Responses are cached: each test asks the database afresh.
        cache.clear()


class ProgramAndPartnerApiTests(OpenDataTestCase):
    @classmethod
    def setUpTestData(cls):
        unit = make_unit(
            name_en="School of Traffic",
            name_zh="交通运输学院",
            contact_name="Private Person",
            contact_email="private.person@bjtu.example",
            public_email="intl-traffic@bjtu.example",
        )
        cls.leuven = make_institution(name_en="KU Leuven", name_zh="鲁汶大学", slug="ku-leuven", country="BE")
        make_contact(cls.leuven, name="Anna Contact", email="anna@kuleuven.example", phone="+32 16 99 88 77")
        make_institution(name_en="GROUP T", slug="group-t", country="BE", merged_into=cls.leuven)
        make_institution(name_en="Closed", slug="closed", is_active=False)
        cls.program = make_program(
            cls.leuven,
            title_en="Rail Double Degree",
            title_zh="轨道双学位",
            slug="rail",
            unit=unit,
            eligibility_en="Master's students.",
            eligibility_zh="硕士研究生。",
        )
        make_program(cls.leuven, title_en="Secret Draft", slug="draft", is_published=False)

    def test_programs_are_the_published_ones_in_both_languages(self):
        data = self.client.get(f"{API}/programs/").json()
        self.assertEqual(data["count"], Program.objects.published().count())
        program = data["results"][0]
        self.assertEqual((program["title_en"], program["title_zh"]), ("Rail Double Degree", "轨道双学位"))
        with translation.override("zh-hans"):
            self.assertEqual(program["kind_label"]["zh-hans"], str(self.program.get_kind_display()))
        self.assertEqual(program["url"]["zh-hans"], "http://testserver/zh-hans/programs/rail/")
        self.assertEqual(program["partners"][0]["country_name"], {"en": "Belgium", "zh-hans": "比利时"})
        self.assertEqual(program["unit"]["public_email"], "intl-traffic@bjtu.example")
        self.assertEqual(self.client.get(f"{API}/programs/draft/").status_code, 404)

    def test_partners_are_the_counted_ones(self):
        data = self.client.get(f"{API}/partners/").json()
        self.assertEqual([row["slug"] for row in data["results"]], ["ku-leuven"])
        self.assertEqual(self.client.get(f"{API}/partners/group-t/").status_code, 404)
        self.assertEqual(self.client.get(f"{API}/partners/ku-leuven/").json()["name_zh"], "鲁汶大学")

    def test_never_a_person(self):
        for path in ("/programs/", "/programs/rail/", "/partners/", "/partners/ku-leuven/"):
            content = self.client.get(API + path).content.decode()
            for secret in ("Private Person", "private.person@bjtu.example", "Anna Contact", "anna@kuleuven.example"):
                with self.subTest(path=path, secret=secret):
                    self.assertNotIn(secret, content)

    def test_the_api_is_read_only(self):
        for path in ("/programs/", "/partners/", "/programs/rail/"):
            with self.subTest(path=path):
                self.assertEqual(self.client.post(API + path, {}).status_code, 405)
                self.assertEqual(self.client.delete(API + path).status_code, 405)

    def test_lists_come_a_page_at_a_time(self):
        for n in range(60):
            make_program(self.leuven, title_en=f"Summer School {n:02d}")
        first = self.client.get(f"{API}/programs/").json()
        self.assertEqual(first["count"], Program.objects.published().count())
        self.assertEqual(len(first["results"]), 50)
        self.assertIn("page=2", first["next"])
        small = self.client.get(f"{API}/programs/", {"page_size": 7}).json()
        self.assertEqual(len(small["results"]), 7)

    def test_responses_are_cached(self):
        self.client.get(f"{API}/programs/")
        with self.assertNumQueries(0):
            self.client.get(f"{API}/programs/")

    def test_the_schema_and_the_docs_page_describe_the_api(self):
        schema = self.client.get(f"{API}/schema/")
        self.assertEqual(schema.status_code, 200)
        paths = schema.json()["paths"]
        for path in ("/api/v1/programs/", "/api/v1/partners/", "/api/v1/figures/{year}/"):
            self.assertIn(path, paths)
        self.assertRedirects(self.client.get(f"{API}/"), "/open-data/")
        for prefix in ("", "/zh-hans"):
            docs = self.client.get(f"{prefix}/open-data/")
            self.assertEqual(docs.status_code, 200)
            self.assertContains(docs, "/api/v1/programs/")
            self.assertNotContains(docs, "<script")
        self.assertContains(self.client.get("/zh-hans/open-data/"), "开放数据")


class FigureApiTests(OpenDataTestCase):
    @classmethod
    def setUpTestData(cls):
        today = timezone.localdate()
        for _ in range(7):
            make_student(nationality="KZ", arrived_on=today - datetime.timedelta(days=9), departed_on=None)
        for _ in range(2):
            make_student(nationality="FR", arrived_on=today - datetime.timedelta(days=9), departed_on=None)
        for _ in range(6):
            make_student(nationality="RU", arrived_on=today - datetime.timedelta(days=9), departed_on=None)
        make_delegation(starts_on=datetime.date(2013, 4, 1), ends_on=datetime.date(2013, 4, 2), people_count=1844)
        for _ in range(9):
            make_outbound(starts_on=datetime.date(2013, 9, 1))
        make_outbound(starts_on=datetime.date(2013, 9, 1), route="after_graduation")
        make_institution(country="DE")
        make_institution(country="HK")

    def test_the_years_run_from_the_first_record_to_this_one(self):
        years = [row["year"] for row in self.client.get(f"{API}/figures/").json()["years"]]
        self.assertEqual(years, list(range(timezone.localdate().year, 2012, -1)))
        self.assertEqual(self.client.get(f"{API}/figures/1990/").status_code, 404)
        self.assertEqual(self.client.get(f"{API}/figures/1990.csv").status_code, 404)

    def test_the_figures_are_the_overviews(self):
        data = self.client.get(f"{API}/figures/2013/").json()
        expected = figures.year_figures(2013)
        self.assertEqual(
            data["year_figures"]["inbound_delegation_person_times"], expected.inbound_delegation_person_times
        )
        self.assertEqual(data["year_figures"]["outbound_students"], expected.outbound_students)
        self.assertEqual(data["partners"]["institutions"], Institution.objects.counted().count())
        by_country = {row["country"]: row for row in data["partners"]["by_country"]}
        self.assertEqual(by_country["HK"]["name"]["en"], "Hong Kong, China")
        self.assertEqual(data["students"]["on_campus_today"], figures.student_figures().current)

    def test_small_groups_are_null_as_the_overview_says_fewer_than_five(self):
        data = self.client.get(f"{API}/figures/2013/").json()
        # One after graduation: a small group; the other route would give it away, so both are null.
        self.assertIsNone(data["year_figures"]["outbound_after_graduation"])
        self.assertIsNone(data["year_figures"]["outbound_through_agreements"])
        countries = [row["country"] for row in data["students"]["by_country"]]
        self.assertNotIn("FR", countries)
        self.assertNotIn("France", self.client.get(f"{API}/figures/2013/").content.decode())
        for row in data["students"]["by_country"]:
            self.assertGreaterEqual(row["students"], SMALL_GROUP_THRESHOLD)

    def test_the_overview_offers_its_figures_as_csv(self):
        overview = self.client.get("/", {"year": 2013})
        self.assertContains(overview, f'href="{API}/figures/2013.csv"')
        response = self.client.get(f"{API}/figures/2013.csv")
        self.assertEqual(response["Content-Type"], "text/csv; charset=utf-8")
        rows = dict(csv.reader(io.StringIO(response.content.decode())))
        self.assertEqual(rows["year_figures.inbound_delegation_person_times"], "1844")
        self.assertEqual(rows["year_figures.outbound_after_graduation"], "fewer than 5")
        self.assertEqual(rows["partners.institutions"], str(Institution.objects.counted().count()))


class QueryCountTests(OpenDataTestCase):
    """Every endpoint runs the same number of queries for 10 records as for 100."""

    def add(self, count: int):
        today = timezone.localdate()
        for n in range(count):
            partner = make_institution(country=["BE", "DE", "FR"][n % 3])
            make_program(partner, make_institution(country="JP"), unit=make_unit())
            make_student(
                nationality=["KZ", "RU"][n % 2], arrived_on=today - datetime.timedelta(days=3), departed_on=None
            )
            make_delegation(starts_on=datetime.date(2013, 5, 1), ends_on=datetime.date(2013, 5, 2))

    def counts(self) -> dict[str, int]:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        found = {}
        for path in ("/programs/", "/partners/", "/figures/", "/figures/2013/", "/figures/2013.csv", "/schema/"):
            cache.clear()
            with CaptureQueriesContext(connection) as queries:
                self.assertEqual(self.client.get(API + path).status_code, 200)
            found[path] = len(queries)
        return found

    def test_query_counts_do_not_grow_with_the_records(self):
        self.add(10)
        small = self.counts()
        self.add(90)
        self.assertEqual(self.counts(), small)
