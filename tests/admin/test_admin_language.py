from django.conf import settings
from django.test import TestCase

from tests.personas import make_staff


class StaffAreaLanguageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.staff = make_staff()

    def setUp(self):
        self.client.force_login(self.staff)

    def test_it_serves_the_admin_in_chinese_to_a_chinese_browser(self):
        response = self.client.get("/admin/", headers={"accept-language": "zh-CN,zh;q=0.9"})
        self.assertEqual(response.headers["Content-Language"], "zh-hans")
        self.assertContains(response, "北京交通大学")

    def test_it_follows_the_language_cookie_in_the_admin(self):
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
        response = self.client.get("/admin/partners/institution/")
        self.assertEqual(response.headers["Content-Language"], "zh-hans")

    def test_it_keeps_english_for_an_english_browser(self):
        response = self.client.get("/admin/", headers={"accept-language": "en-GB,en;q=0.9"})
        self.assertEqual(response.headers["Content-Language"], "en")
        self.assertNotContains(response, "北京交通大学")

    def test_it_leaves_the_public_site_language_to_its_address(self):
        # The unprefixed public overview stays English even for a Chinese browser; Chinese lives under /zh-hans/.
        response = self.client.get("/", headers={"accept-language": "zh-CN"})
        self.assertEqual(response.headers["Content-Language"], "en")
