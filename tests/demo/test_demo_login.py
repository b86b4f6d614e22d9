"""demo_login: the published demo staff login, only on a development database, never taking over a real account."""

from io import StringIO

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import TestCase, override_settings

from intl_office.demo.management.commands.demo_login import DEMO_PASSWORD, DEMO_USERNAME


@override_settings(DEBUG=True)
class DemoLoginTests(TestCase):
    def test_it_creates_a_superuser_who_can_log_in_with_the_printed_password(self):
        out = StringIO()
        call_command("demo_login", stdout=out)
        self.assertIn(f"Username: {DEMO_USERNAME}", out.getvalue())
        self.assertIn(f"Password: {DEMO_PASSWORD}", out.getvalue())
        user = get_user_model().objects.get(username=DEMO_USERNAME)
        self.assertTrue(user.is_staff and user.is_superuser and user.is_active)
        self.assertTrue(self.client.login(username=DEMO_USERNAME, password=DEMO_PASSWORD))

    def test_it_resets_the_password_when_run_again_without_a_second_user(self):
        call_command("demo_login", stdout=StringIO())
        user = get_user_model().objects.get(username=DEMO_USERNAME)
        user.set_password("changed")
        user.is_active = False
        user.save()
        out = StringIO()
        call_command("demo_login", stdout=out)
        self.assertIn("Reset", out.getvalue())
        self.assertEqual(get_user_model().objects.filter(username=DEMO_USERNAME).count(), 1)
        self.assertTrue(self.client.login(username=DEMO_USERNAME, password=DEMO_PASSWORD))

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
