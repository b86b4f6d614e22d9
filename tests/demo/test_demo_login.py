"""demo_login: the published demo staff login, only on a development database, never taking over a real account.

The demo login is a superuser: it signs in with one of the one-time codes the command prints, through the real login
page, like anyone who must have a second factor.
"""

import re
from io import StringIO

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import TestCase, override_settings
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from intl_office.demo.management.commands.demo_login import DEMO_EMAIL, DEMO_PASSWORD, DEMO_USERNAME
from tests.factories import make_app_device


def printed_codes(output: str) -> list[str]:
    return re.search(r"Code: +any one of (.+) \(each works once\)", output).group(1).split(", ")


@override_settings(DEBUG=True)
class DemoLoginTests(TestCase):
    def sign_in(self, password=DEMO_PASSWORD, code=""):
        data = {"username": DEMO_USERNAME, "password": password, "otp_token": code, "next": reverse("admin:index")}
        return self.client.post(reverse("admin:login"), data, follow=True)

    def test_it_creates_a_superuser_who_signs_in_with_the_printed_password_and_a_printed_code(self):
        out = StringIO()
        call_command("demo_login", stdout=out)
        self.assertIn(f"Username: {DEMO_USERNAME}", out.getvalue())
        self.assertIn(f"Password: {DEMO_PASSWORD}", out.getvalue())
        user = get_user_model().objects.get(username=DEMO_USERNAME)
        self.assertTrue(user.is_staff and user.is_superuser and user.is_active)
        codes = printed_codes(out.getvalue())
        self.assertEqual(len(codes), 5)
        # One step into the admin: its front page, not the second-factor page.
        response = self.sign_in(code=codes[0])
        self.assertEqual(response.redirect_chain[-1][0], reverse("admin:index"))
        self.assertContains(response, "What is due")
        # The page of the second factor offers an app without insisting.
        page = self.client.get(reverse("accounts:second-factor"))
        self.assertContains(page, "You signed in with a backup code.")
        self.assertNotContains(page, "it needs a second factor before you go on")

    def test_the_demo_login_is_not_exempt_from_the_second_factor(self):
        call_command("demo_login", stdout=StringIO())
        response = self.sign_in()
        self.assertContains(response, "Enter the code from your authenticator app")
        self.assertNotIn("_auth_user_id", self.client.session)

    def test_the_password_meets_the_password_rules(self):
        user = get_user_model()(username=DEMO_USERNAME, email=DEMO_EMAIL)
        validate_password(DEMO_PASSWORD, user)

    def test_it_resets_the_password_and_the_codes_when_run_again_without_a_second_user(self):
        call_command("demo_login", stdout=StringIO())
        user = get_user_model().objects.get(username=DEMO_USERNAME)
        make_app_device(user)
        user.set_password("changed")
        user.is_active = False
        user.save()
        out = StringIO()
        call_command("demo_login", stdout=out)
        self.assertIn("Reset", out.getvalue())
        self.assertEqual(get_user_model().objects.filter(username=DEMO_USERNAME).count(), 1)
        codes = printed_codes(out.getvalue())
        # The new codes work, and an app set up on the demo login meanwhile was removed.
        self.assertFalse(TOTPDevice.objects.filter(user=user).exists())
        self.assertRedirects(self.sign_in(code=codes[-1]), reverse("admin:index"), fetch_redirect_response=False)

    @override_settings(DEBUG=False)
    def test_it_refuses_to_create_a_published_password_with_debug_off(self):
        with self.assertRaisesMessage(CommandError, "DJANGO_DEBUG=true"):
            call_command("demo_login", stdout=StringIO())
        self.assertFalse(get_user_model().objects.filter(username=DEMO_USERNAME).exists())

    def test_it_leaves_a_real_user_called_demo_alone(self):
        real = get_user_model().objects.create_user(DEMO_USERNAME, "demo@bjtu.edu.cn", "their-own-password")
        with self.assertRaisesMessage(CommandError, "not the demo login"):
            call_command("demo_login", stdout=StringIO())
        real.refresh_from_db()
        self.assertFalse(real.is_superuser)
        self.assertTrue(real.check_password("their-own-password"))
