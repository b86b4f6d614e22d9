"""Visitors' public pages are kept whole in the cache until a record changes; officers always get a fresh page."""

from django.core.cache import cache
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext

from programs.models import Program
from tests.factories import force_login, make_institution, make_program, make_unit
from tests.personas import make_staff


class PageCacheTests(TestCase):
    def setUp(self):
        cache.clear()
        self.partner = make_institution(name_en="Kept University", slug="kept")
        self.program = make_program(self.partner, title_en="Rail Engineering", slug="rail")

    def test_a_visitors_second_visit_reads_no_records(self):
        for path in ("/", "/programs/", "/programs/rail/", "/partners/", "/partners/kept/", "/sitemap.xml"):
            with self.subTest(path=path):
                first = self.client.get(path)
                with self.assertNumQueries(0):
                    second = self.client.get(path)
                self.assertEqual(second.status_code, 200)
                self.assertEqual(second.content, first.content)
                self.assertEqual(second["Content-Type"], first["Content-Type"])

    def test_a_new_record_shows_on_the_next_visit(self):
        self.assertNotContains(self.client.get("/programs/"), "Tunnel Design")
        make_program(self.partner, title_en="Tunnel Design", slug="tunnel")
        self.assertContains(self.client.get("/programs/"), "Tunnel Design")

    def test_a_changed_record_shows_on_the_next_visit(self):
        self.assertContains(self.client.get("/programs/rail/"), "Rail Engineering")
        self.program.title_en = "Railway Signalling"
        self.program.save()
        response = self.client.get("/programs/rail/")
        self.assertContains(response, "Railway Signalling")
        self.assertNotContains(response, "Rail Engineering")

    def test_a_unit_change_shows_on_the_program_page(self):
        unit = make_unit(public_email="old@example.edu.cn")
        Program.objects.filter(pk=self.program.pk).update(unit=unit)
        cache.clear()  # update() sends no signal; the unit's save below does
        self.assertContains(self.client.get("/programs/rail/"), "old@example.edu.cn")
        unit.public_email = "new@example.edu.cn"
        unit.save()
        self.assertContains(self.client.get("/programs/rail/"), "new@example.edu.cn")

    def test_each_address_and_language_is_kept_apart(self):
        english = self.client.get("/programs/")
        chinese = self.client.get("/zh-hans/programs/")
        filtered = self.client.get("/programs/", {"q": "nothing-matches-this"})
        self.assertEqual(english["Content-Language"], "en")
        self.assertEqual(chinese["Content-Language"], "zh-hans")
        self.assertNotEqual(english.content, chinese.content)
        self.assertContains(english, "Rail Engineering")
        self.assertNotContains(filtered, "Rail Engineering")
        self.assertContains(self.client.get("/programs/"), "Rail Engineering")

    def test_a_missing_page_is_not_kept(self):
        self.assertEqual(self.client.get("/programs/later/").status_code, 404)
        make_program(self.partner, title_en="Later", slug="later")
        self.assertEqual(self.client.get("/programs/later/").status_code, 200)

    def test_a_signed_in_officer_gets_a_fresh_page_and_never_fills_the_visitors_cache(self):
        draft = make_program(self.partner, title_en="Draft Program", slug="draft", is_published=False)
        officer = make_staff("officer")
        force_login(self.client, officer)
        # The officer may preview a draft: that page must never reach a visitor.
        self.assertContains(self.client.get(draft.get_absolute_url()), "Draft Program")
        self.client.get("/programs/")
        with CaptureQueriesContext(connection) as queries:
            self.client.get("/programs/")
        self.assertGreater(len(queries), 0)
        self.client.logout()
        self.client.cookies.clear()
        self.assertEqual(self.client.get(draft.get_absolute_url()).status_code, 404)

    def test_a_post_is_not_answered_from_the_cache(self):
        self.client.get("/")
        self.assertEqual(self.client.post("/").status_code, 405)
