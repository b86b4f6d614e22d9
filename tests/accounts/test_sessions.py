"""Sessions: a new key at sign-in, signed out after 30 minutes idle, and 12 hours after signing in however active."""

import time

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.test import TestCase, override_settings
from django.urls import reverse

from intl_office.accounts.signals import SEEN_AT, SIGNED_IN_AT
from tests.factories import force_login, make_app_device, totp_code
from tests.personas import make_staff
from tests.project.test_settings import load_settings

LOGIN = reverse("admin:login")
ADMIN = reverse("admin:index")
STUDENTS = reverse("admin:students_internationalstudent_changelist")
MINUTE = 60
HOUR = 60 * MINUTE


class SessionKeyTests(TestCase):
    def test_signing_in_gives_the_session_a_new_key(self):
        officer = make_staff("officer", personal_data=True)
        app = make_app_device(officer)
        # A session that exists before signing in (one an attacker could have planted in the browser).
        session = self.client.session
        session["visited"] = True
        session.save()
        before = session.session_key
        self.client.cookies[settings.SESSION_COOKIE_NAME] = before
        self.assertEqual(self.client.get(LOGIN).status_code, 200)

        data = {"username": "officer", "password": "password", "otp_token": totp_code(app), "next": ADMIN}
        self.assertRedirects(self.client.post(LOGIN, data), ADMIN, fetch_redirect_response=False)
        after = self.client.cookies[settings.SESSION_COOKIE_NAME].value
        self.assertNotEqual(after, before)
        self.assertFalse(SessionStore().exists(before))
        self.assertEqual(SessionStore(after).load()[SESSION_KEY], str(officer.pk))

    def test_the_session_cookie_lasts_the_idle_time(self):
        make_staff("clerk")
        data = {"username": "clerk", "password": "password", "next": ADMIN}
        response = self.client.post(LOGIN, data)
        self.assertEqual(response.cookies[settings.SESSION_COOKIE_NAME]["max-age"], 30 * MINUTE)
        self.assertTrue(response.cookies[settings.SESSION_COOKIE_NAME]["httponly"])


class SessionLimitTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.officer = make_staff("officer", personal_data=True)

    def setUp(self):
        force_login(self.client, self.officer)

    def age(self, signed_in_ago, seen_ago):
        """As if the officer had signed in and last been seen that many seconds ago."""
        session = self.client.session
        now = time.time()
        session[SIGNED_IN_AT] = now - signed_in_ago
        session[SEEN_AT] = now - seen_ago
        session.save()

    def assertSignedOut(self, message):
        response = self.client.get(STUDENTS)
        self.assertRedirects(response, f"{LOGIN}?next={STUDENTS}", fetch_redirect_response=False)
        self.assertNotIn(SESSION_KEY, self.client.session)
        self.assertContains(self.client.get(response.url), message)

    def test_an_active_session_goes_on_and_is_seen(self):
        self.age(signed_in_ago=11 * HOUR, seen_ago=29 * MINUTE)
        self.assertEqual(self.client.get(STUDENTS).status_code, 200)
        self.assertAlmostEqual(self.client.session[SEEN_AT], time.time(), delta=5)
        self.assertEqual(self.client.get(STUDENTS).status_code, 200)

    def test_a_session_idle_for_more_than_30_minutes_is_signed_out(self):
        self.age(signed_in_ago=1 * HOUR, seen_ago=31 * MINUTE)
        self.assertSignedOut("You were signed out after a while without activity")

    def test_a_session_ends_12_hours_after_signing_in_even_for_an_active_user(self):
        self.age(signed_in_ago=12 * HOUR + MINUTE, seen_ago=10)
        self.assertSignedOut("Your session has ended: sign in again.")

    def test_a_session_without_its_sign_in_time_is_not_trusted(self):
        session = self.client.session
        del session[SIGNED_IN_AT]
        session.save()
        self.assertSignedOut("Your session has ended")

    @override_settings(SESSION_IDLE_MINUTES=5, SESSION_MAX_HOURS=1)
    def test_the_limits_come_from_the_settings(self):
        self.age(signed_in_ago=10 * MINUTE, seen_ago=6 * MINUTE)
        self.assertSignedOut("without activity")
        force_login(self.client, self.officer)
        self.age(signed_in_ago=61 * MINUTE, seen_ago=MINUTE)
        self.assertSignedOut("Your session has ended")


class SessionSettingsTests(TestCase):
    def test_the_environment_sets_the_limits_and_refuses_nonsense(self):
        code = (
            "import django; from django.conf import settings; django.setup(); "
            "print(settings.SESSION_COOKIE_AGE, settings.SESSION_IDLE_MINUTES, settings.SESSION_MAX_HOURS)"
        )
        result = load_settings(code, DJANGO_DEBUG="true")
        self.assertEqual(result.stdout.strip(), "1800 30 12", result.stderr)
        limits = {"DJANGO_SESSION_IDLE_MINUTES": "10", "DJANGO_SESSION_MAX_HOURS": "8"}
        result = load_settings(code, DJANGO_DEBUG="true", **limits)
        self.assertEqual(result.stdout.strip(), "600 10 8", result.stderr)
        result = load_settings(code, DJANGO_DEBUG="true", DJANGO_SESSION_MAX_HOURS="-1")
        self.assertIn("DJANGO_SESSION_MAX_HOURS must be 1 or more, not -1", result.stderr)
