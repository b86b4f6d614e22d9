"""What every public page shares: sitemap, robots.txt, error pages, languages, privacy, no outside assets."""

import datetime
import re
from pathlib import Path
from xml.etree import ElementTree

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.template.loader import render_to_string
from django.test import RequestFactory, TestCase
from django.utils import timezone
from django.views.defaults import server_error

from tests.factories import (
    make_appointment,
    make_contact,
    make_expert,
    make_institution,
    make_program,
    make_student,
)
from tests.personas import make_staff

SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "xhtml": "http://www.w3.org/1999/xhtml"}


class SitemapAndRobotsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        partner = make_institution(slug="ku-leuven")
        make_institution(slug="group-t", merged_into=partner)
        make_program(partner, slug="rail-double-degree")
        make_program(partner, slug="secret-draft", is_published=False)

    def sitemap_files(self) -> list[ElementTree.Element]:
        """The files the sitemap index lists, parsed."""
        response = self.client.get("/sitemap.xml")
        self.assertEqual(response.status_code, 200)
        index = ElementTree.fromstring(response.content)
        files = []
        for loc in index.findall("s:sitemap/s:loc", SITEMAP_NS):
            response = self.client.get(loc.text.removeprefix("http://testserver"))
            self.assertEqual(response.status_code, 200)
            files.append(ElementTree.fromstring(response.content))
        return files

    def sitemap_locations(self) -> list[str]:
        return [loc.text for root in self.sitemap_files() for loc in root.findall("s:url/s:loc", SITEMAP_NS)]

    def test_the_sitemap_lists_public_pages_in_both_languages(self):
        locations = self.sitemap_locations()
        paths = ("/", "/programs/", "/partners/", "/trips/", "/open-data/")
        for path in (*paths, "/programs/rail-double-degree/", "/partners/ku-leuven/"):
            self.assertIn(f"http://testserver{path}", locations)
            self.assertIn(f"http://testserver/zh-hans{path}", locations)

    def test_the_sitemap_leaves_out_unpublished_programs_and_merged_partners(self):
        locations = " ".join(self.sitemap_locations())
        self.assertNotIn("secret-draft", locations)
        self.assertNotIn("group-t", locations)

    def test_sitemap_entries_name_their_other_language(self):
        alternates = {
            link.get("hreflang")
            for root in self.sitemap_files()
            for link in root.findall("s:url/xhtml:link", SITEMAP_NS)
        }
        self.assertEqual(alternates, {"en", "zh-hans"})

    def test_the_menu_leads_to_the_trip_summaries_in_both_languages(self):
        response = self.client.get("/")
        self.assertContains(response, '<a href="/trips/">Trips abroad</a>', html=True)
        response = self.client.get("/zh-hans/trips/")
        self.assertContains(response, '<a href="/zh-hans/trips/" aria-current="page">出访公示</a>', html=True)

    def test_robots_txt_keeps_crawlers_out_of_the_admin_and_points_to_the_sitemap(self):
        response = self.client.get("/robots.txt")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "text/plain; charset=utf-8")
        lines = response.content.decode().splitlines()
        self.assertIn("Disallow: /admin/", lines)
        self.assertIn("Sitemap: http://testserver/sitemap.xml", lines)

    def test_head_requests_are_answered_like_get_requests(self):
        # Link checkers and uptime monitors send HEAD.
        for path in ("/", "/robots.txt", "/zh-hans/", "/programs/", "/partners/"):
            response = self.client.head(path)
            self.assertEqual(response.status_code, 200, path)
            self.assertEqual(response.content, b"", path)


class ErrorPageTests(TestCase):
    def test_a_missing_page_gets_the_sites_404_page(self):
        response = self.client.get("/programs/no-such-program/")
        self.assertEqual(response.status_code, 404)
        self.assertContains(response, "Page not found", status_code=404)
        self.assertContains(response, 'href="/programs/"', status_code=404)

    def test_the_chinese_404_page_is_in_chinese(self):
        response = self.client.get("/zh-hans/programs/no-such-program/")
        self.assertContains(response, "页面不存在", status_code=404)

    def test_the_404_pages_language_switch_leads_to_the_same_address_in_the_other_language(self):
        response = self.client.get("/zh-hans/no-such-page/?a=1")
        self.assertContains(response, 'href="/no-such-page/?a=1" hreflang="en"', status_code=404)
        response = self.client.get("/no-such-page/")
        self.assertContains(response, 'href="/zh-hans/no-such-page/" hreflang="zh-hans"', status_code=404)

    def test_the_500_page_renders_without_any_context(self):
        html = render_to_string("500.html")
        self.assertIn("Something went wrong", html)
        self.assertIn("出错了", html)
        response = server_error(RequestFactory().get("/"))
        self.assertEqual(response.status_code, 500)
        self.assertIn(b"Something went wrong", response.content)


class ViewOnSiteTests(TestCase):
    """The admin's "view on site" link leads to the public page, a preview for unpublished programs."""

    def test_view_on_site_leads_to_the_program_and_partner_pages(self):
        partner = make_institution(slug="leuven")
        program = make_program(partner, slug="draft-rail", title_en="Draft Rail", is_published=False)
        self.client.force_login(make_staff())
        for obj, url in (
            (program, "http://testserver/programs/draft-rail/"),
            (partner, "http://testserver/partners/leuven/"),
        ):
            content_type = ContentType.objects.get_for_model(obj)
            response = self.client.get(f"/admin/r/{content_type.pk}/{obj.pk}/")
            self.assertRedirects(response, url, fetch_redirect_response=False)
        self.assertContains(self.client.get("/programs/draft-rail/"), "Preview: this program is not published.")


class LanguageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        make_program(make_institution(), slug="rail", title_en="Rail Program", title_zh="轨道项目")

    def test_the_switcher_links_to_the_same_page_in_the_other_language_keeping_the_query(self):
        response = self.client.get("/programs/", {"level": "master"})
        self.assertContains(response, 'href="/zh-hans/programs/?level=master" hreflang="zh-hans"')
        response = self.client.get("/zh-hans/programs/rail/")
        self.assertContains(response, 'href="/programs/rail/" hreflang="en"')

    def test_english_pages_have_no_prefix_and_chinese_pages_have_one(self):
        self.assertContains(self.client.get("/programs/rail/"), "Rail Program")
        self.assertContains(self.client.get("/zh-hans/programs/rail/"), "轨道项目")
        self.assertEqual(self.client.get("/en/programs/rail/").status_code, 404)

    def test_the_chinese_pages_translate_the_interface(self):
        response = self.client.get("/zh-hans/programs/")
        self.assertContains(response, "<h1>项目</h1>", html=True)
        self.assertContains(response, "跳到主要内容")

    def test_the_admin_has_no_language_prefix(self):
        self.assertEqual(self.client.get("/admin/login/").status_code, 200)
        self.assertEqual(self.client.get("/zh-hans/admin/login/").status_code, 404)

    def test_pages_declare_their_alternate_languages(self):
        response = self.client.get("/programs/")
        self.assertContains(
            response, '<link rel="alternate" hreflang="zh-hans" href="http://testserver/zh-hans/programs/">'
        )


class EveryPublicPageTests(TestCase):
    """Checks that hold on every public page, in both languages."""

    @classmethod
    def setUpTestData(cls):
        today = timezone.localdate()
        partner = make_institution(slug="leuven", name_en="KU Leuven")
        make_contact(partner, name="Anna Contact", email="anna@kuleuven.example", phone="+32 16 99 88 77")
        make_program(partner, slug="rail")
        for _ in range(6):
            make_student(
                nationality="KZ",
                passport_number=f"N{_:07d}",
                email=f"kz{_}@students.example",
                date_of_birth=datetime.date(2001, 2, 3),
                arrived_on=today - datetime.timedelta(days=5),
                departed_on=None,
            )
        make_appointment(expert=make_expert(passport_number="EX1234567", email="prof@experts.example"))
        cls.pages = [
            prefix + path
            for prefix in ("", "/zh-hans")
            for path in ("/", "/programs/", "/programs/rail/", "/partners/", "/partners/leuven/", "/open-data/")
        ]

    def test_every_page_answers(self):
        for url in self.pages:
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).status_code, 200)

    def test_no_personal_data_reaches_a_public_page(self):
        secrets = ["N0000001", "kz1@students.example", "2001-02-03", "February 3, 2001", "EX1234567"]
        secrets += [
            "prof@experts.example",
            "Anna Contact",
            "anna@kuleuven.example",
            "+32 16 99 88 77",
            "Family",
            "Expert",
        ]
        for url in self.pages:
            content = self.client.get(url).content.decode()
            for secret in secrets:
                with self.subTest(url=url, secret=secret):
                    self.assertNotIn(secret, content)

    def test_every_page_has_its_own_title_and_a_meta_description(self):
        titles = set()
        for url in self.pages:
            content = self.client.get(url).content.decode()
            title = re.search(r"<title>([^<]+)</title>", content).group(1)
            description = re.search(r'<meta name="description" content="([^"]*)">', content).group(1)
            with self.subTest(url=url):
                self.assertTrue(description.strip())
            titles.add(title)
        self.assertEqual(len(titles), len(self.pages))

    def test_pages_have_landmarks_and_a_skip_link(self):
        for url in self.pages:
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertContains(response, '<a class="skip-link" href="#main">')
                self.assertContains(response, '<main id="main"')
                self.assertContains(response, "<header")
                self.assertContains(response, "<footer")

    def test_pages_load_nothing_from_outside_the_app(self):
        for url in self.pages:
            content = self.client.get(url).content.decode()
            with self.subTest(url=url):
                self.assertEqual(re.findall(r'(?:src|href)="(?:https?:)?//[^"]*\.(?:css|js|woff2?)', content), [])
                # Structured data (JSON-LD) is a data block a browser never runs; no other script.
                self.assertEqual(re.findall(r'<script(?! type="application/ld\+json">)', content), [])

    def test_the_stylesheet_imports_nothing_from_outside(self):
        css_files = list(Path(settings.BASE_DIR, "static", "css").glob("*.css"))
        self.assertTrue(css_files)
        for path in css_files:
            css = path.read_text()
            self.assertNotRegex(css, r"@import|url\(\s*['\"]?(https?:)?//")
