"""The second factor of the staff area: who must have one, setting one up, signing in with it, backup codes, resets."""

import re
from base64 import b32decode

from django.contrib.auth import SESSION_KEY
from django.contrib.auth.models import Permission
from django.test import TestCase, override_settings
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from intl_office.accounts import devices
from tests.factories import force_login, make_app_device, make_user, totp_code
from tests.personas import make_reporter, make_staff

LOGIN = reverse("admin:login")
SECOND_FACTOR = reverse("accounts:second-factor")
ADMIN = reverse("admin:index")
STUDENTS = reverse("admin:students_internationalstudent_changelist")
REPORTS = reverse("reports:index")
USERS = reverse("admin:auth_user_changelist")


def sign_in(client, username, code="", password="password"):
    return client.post(LOGIN, {"username": username, "password": password, "otp_token": code, "next": ADMIN})


def secret_on(page: str) -> str:
    return re.search(r'<code id="otp-secret">([A-Z2-7 ]+)</code>', page).group(1).replace(" ", "")


def code_from_secret(page: str, steps_ahead: int = 0) -> str:
    """What an authenticator app shows after the key on the page was typed into it."""
    totp = TOTP(b32decode(secret_on(page)), step=30, t0=0, digits=6)
    totp.time += steps_ahead * 30
    return f"{totp.token():06d}"


def required_users():
    """One user for each reason to need a second factor."""
    officer = make_staff("officer", personal_data=True)
    expert_officer = make_user("expert-officer", perms=("experts.view_personal_data",))
    exporter = make_user("exporter", perms=("intl_office.export_records",))
    importer = make_user("importer", perms=("intl_office.import_records",))
    superuser = make_user("root", is_superuser=True)
    return [officer, expert_officer, exporter, importer, superuser]


class WhoMustHaveOneTests(TestCase):
    def test_whoever_may_see_personal_data_export_or_import_is_sent_to_set_one_up_before_anything_else(self):
        make_reporter()
        for user in required_users():
            with self.subTest(user=user.username):
                self.client.force_login(user)
                for url in (ADMIN, STUDENTS, REPORTS, reverse("admin:password_change")):
                    response = self.client.get(url)
                    self.assertRedirects(response, f"{SECOND_FACTOR}?next={url}", fetch_redirect_response=False)
                page = self.client.get(SECOND_FACTOR)
                self.assertContains(page, "it needs a second factor before you go on")

    def test_the_reports_area_sends_a_reporter_who_may_export_to_set_one_up(self):
        self.client.force_login(make_reporter())
        response = self.client.get(f"{REPORTS}?year=2013")
        self.assertRedirects(response, f"{SECOND_FACTOR}?next={REPORTS}%3Fyear%3D2013", fetch_redirect_response=False)

    def test_a_clerk_without_those_permissions_gets_in_without_one(self):
        clerk = make_staff("clerk")
        response = sign_in(self.client, "clerk")
        self.assertRedirects(response, ADMIN, fetch_redirect_response=False)
        self.assertEqual(self.client.get(STUDENTS).status_code, 200)
        self.assertFalse(TOTPDevice.objects.filter(user=clerk).exists())
        # They may set one up: the page offers it without insisting.
        page = self.client.get(SECOND_FACTOR)
        self.assertContains(page, "A second factor protects your account")

    @override_settings(OTP_REQUIRED_FOR_ALL=True)
    def test_a_setting_requires_it_of_every_member_of_staff(self):
        self.client.force_login(make_staff("clerk"))
        self.assertRedirects(self.client.get(ADMIN), f"{SECOND_FACTOR}?next={ADMIN}", fetch_redirect_response=False)

    @override_settings(DEBUG=True)
    def test_debug_mode_changes_nothing(self):
        # Only the demo login's printed codes make `make run` quick; nobody is exempt.
        self.client.force_login(make_user("demo", is_superuser=True, email="demo@example.org"))
        self.assertRedirects(self.client.get(ADMIN), f"{SECOND_FACTOR}?next={ADMIN}", fetch_redirect_response=False)

    def test_the_public_site_is_not_held_up(self):
        self.client.force_login(make_staff("officer", personal_data=True))
        self.assertEqual(self.client.get("/").status_code, 200)


class EnrolmentTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.officer = make_staff("officer", personal_data=True)

    def test_an_officer_scans_the_secret_and_confirms_with_the_apps_code(self):
        self.client.force_login(self.officer)
        page = self.client.get(f"{SECOND_FACTOR}?next={STUDENTS}").content.decode()
        # The QR code is drawn in the page itself: no image is fetched from anywhere, the secret leaves no trace.
        self.assertIn("<svg", page)
        self.assertNotIn("<img", page)
        self.assertNotRegex(page, r"https?://(?!www\.w3\.org/2000/svg)")
        pending = TOTPDevice.objects.get(user=self.officer)
        self.assertFalse(pending.confirmed)
        # Reloading shows the same secret: what was scanned stays valid.
        self.assertEqual(secret_on(self.client.get(SECOND_FACTOR).content.decode()), secret_on(page))

        wrong = f"{(int(code_from_secret(page)) + 1) % 1_000_000:06d}"
        response = self.client.post(SECOND_FACTOR, {"otp_token": wrong, "next": STUDENTS})
        self.assertContains(response, "That code is not valid")
        pending.refresh_from_db()
        self.assertFalse(pending.confirmed)
        pending.throttle_reset()  # a failure makes the next try wait a second; a person takes longer than that

        key_before = self.client.session.session_key
        response = self.client.post(SECOND_FACTOR, {"otp_token": code_from_secret(page), "next": STUDENTS})
        self.assertContains(response, "Your authenticator app is set up")
        codes = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", response.content.decode())
        self.assertEqual(len(codes), devices.BACKUP_CODE_COUNT)
        self.assertContains(response, f'href="{STUDENTS}"')
        self.assertTrue(TOTPDevice.objects.get(pk=pending.pk).confirmed)
        self.assertEqual(StaticToken.objects.filter(device__user=self.officer).count(), devices.BACKUP_CODE_COUNT)
        # Passing the second factor raises the session's privilege: it gets a new key.
        self.assertNotEqual(self.client.session.session_key, key_before)
        self.assertEqual(self.client.get(STUDENTS).status_code, 200)

        # Next time, the login page asks for the app's code.
        self.client.logout()
        self.assertContains(sign_in(self.client, "officer"), "Enter the code from your authenticator app")
        response = sign_in(self.client, "officer", code_from_secret(page, steps_ahead=1))
        self.assertRedirects(response, ADMIN, fetch_redirect_response=False)

    def test_the_next_address_never_leads_off_the_site(self):
        self.client.force_login(self.officer)
        page = self.client.get(SECOND_FACTOR).content.decode()
        response = self.client.post(
            SECOND_FACTOR, {"otp_token": code_from_secret(page), "next": "https://evil.example/"}
        )
        self.assertNotContains(response, "evil.example")
        self.assertContains(response, f'href="{ADMIN}"')

    def test_someone_with_an_app_cannot_replace_it_from_a_session_without_the_code(self):
        app = make_app_device(self.officer)
        self.client.force_login(self.officer)
        page = self.client.get(SECOND_FACTOR)
        self.assertContains(page, "Enter the current code from your authenticator app")
        self.assertNotContains(page, "otp-secret")
        self.assertEqual(list(TOTPDevice.objects.filter(user=self.officer)), [app])


class SignInTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.officer = make_staff("officer", personal_data=True)
        cls.app = make_app_device(cls.officer)

    def test_an_officer_signs_in_with_password_and_the_apps_code(self):
        response = sign_in(self.client, "officer", totp_code(self.app))
        self.assertRedirects(response, ADMIN, fetch_redirect_response=False)
        self.assertEqual(self.client.session[DEVICE_ID_SESSION_KEY], self.app.persistent_id)
        self.assertEqual(self.client.get(STUDENTS).status_code, 200)

    def test_without_the_code_an_officer_is_refused(self):
        response = sign_in(self.client, "officer")
        self.assertContains(response, "Enter the code from your authenticator app, or one of your backup codes.")
        self.assertNotIn(SESSION_KEY, self.client.session)
        self.assertRedirects(self.client.get(STUDENTS), f"{LOGIN}?next={STUDENTS}", fetch_redirect_response=False)

    def test_with_a_wrong_or_used_code_an_officer_is_refused(self):
        code = totp_code(self.app)
        wrong = f"{(int(code) + 1) % 1_000_000:06d}"
        self.assertContains(sign_in(self.client, "officer", wrong), "That code is not valid.")
        self.assertNotIn(SESSION_KEY, self.client.session)
        self.app.refresh_from_db()
        self.app.throttle_reset()
        self.assertRedirects(sign_in(self.client, "officer", code), ADMIN, fetch_redirect_response=False)
        self.client.logout()
        # A code seen once (over a shoulder, in a log) does not open a second session.
        self.assertContains(sign_in(self.client, "officer", code), "That code is not valid.")
        self.assertNotIn(SESSION_KEY, self.client.session)

    def test_a_wrong_password_with_a_right_code_is_refused(self):
        response = sign_in(self.client, "officer", totp_code(self.app), password="not-the-password")
        self.assertContains(response, "Please enter the correct username and password")
        self.assertNotIn(SESSION_KEY, self.client.session)

    def test_a_clerk_who_set_one_up_signs_in_with_it_too(self):
        clerk = make_staff("clerk")
        app = make_app_device(clerk)
        self.assertContains(sign_in(self.client, "clerk"), "Enter the code from your authenticator app")
        self.assertRedirects(sign_in(self.client, "clerk", totp_code(app)), ADMIN, fetch_redirect_response=False)

    def test_a_session_that_has_not_passed_the_second_factor_asks_for_the_code_first(self):
        # E.g. signed in before the permission was granted: the staff area waits for a code.
        self.client.force_login(self.officer)
        self.assertRedirects(
            self.client.get(STUDENTS), f"{SECOND_FACTOR}?next={STUDENTS}", fetch_redirect_response=False
        )
        response = self.client.post(SECOND_FACTOR, {"otp_token": totp_code(self.app), "next": STUDENTS})
        self.assertRedirects(response, STUDENTS, fetch_redirect_response=False)
        self.assertEqual(self.client.get(STUDENTS).status_code, 200)


class BackupCodeTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.officer = make_staff("officer", personal_data=True)
        make_app_device(cls.officer)

    def test_each_backup_code_works_once(self):
        first, second, *_ = devices.issue_backup_codes(self.officer)
        self.assertRedirects(sign_in(self.client, "officer", first), ADMIN, fetch_redirect_response=False)
        self.assertEqual(self.client.get(STUDENTS).status_code, 200)
        self.client.logout()
        self.assertContains(sign_in(self.client, "officer", first), "That code is not valid.")
        self.assertNotIn(SESSION_KEY, self.client.session)
        # Typed in capitals with a space, the next one works.
        device = StaticDevice.objects.get(user=self.officer)
        device.throttle_reset()
        typed = f"{second[:4]} {second[4:]}".upper()
        self.assertRedirects(sign_in(self.client, "officer", typed), ADMIN, fetch_redirect_response=False)
        self.assertEqual(devices.backup_codes_left(self.officer), devices.BACKUP_CODE_COUNT - 2)

    def test_new_backup_codes_replace_the_old_ones(self):
        old = devices.issue_backup_codes(self.officer)
        force_login(self.client, self.officer)
        self.assertContains(self.client.get(SECOND_FACTOR), f"You have {devices.BACKUP_CODE_COUNT} unused backup codes")
        response = self.client.post(reverse("accounts:backup-codes"))
        new = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", response.content.decode())
        self.assertEqual(len(new), devices.BACKUP_CODE_COUNT)
        self.client.logout()
        self.assertContains(sign_in(self.client, "officer", old[0]), "That code is not valid.")
        StaticDevice.objects.get(user=self.officer).throttle_reset()
        self.assertRedirects(sign_in(self.client, "officer", new[0]), ADMIN, fetch_redirect_response=False)

    def test_new_backup_codes_need_a_session_that_passed_the_second_factor(self):
        old = devices.issue_backup_codes(self.officer)
        self.client.force_login(self.officer)
        self.client.post(reverse("accounts:backup-codes"))
        self.assertEqual(set(StaticToken.objects.values_list("token", flat=True)), set(old))


class ResetTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.officer = make_staff("officer", personal_data=True)
        cls.superuser = make_user("root", is_superuser=True)

    def reset(self, client, *users):
        return client.post(
            USERS, {"action": "reset_second_factor", "_selected_action": [user.pk for user in users]}, follow=True
        )

    def test_a_superuser_resets_a_users_second_factor(self):
        officer_client = self.client_class()
        force_login(officer_client, self.officer)
        devices.issue_backup_codes(self.officer)
        self.assertEqual(officer_client.get(STUDENTS).status_code, 200)

        force_login(self.client, self.superuser)
        users_page = self.client.get(USERS)
        self.assertContains(users_page, 'value="reset_second_factor"')
        response = self.reset(self.client, self.officer)
        self.assertContains(response, "The second factor of 1 user was reset.")
        self.assertFalse(TOTPDevice.objects.filter(user=self.officer).exists())
        self.assertFalse(StaticDevice.objects.filter(user=self.officer).exists())
        # The officer's open session no longer counts as verified: back to setting up a new app.
        self.assertRedirects(
            officer_client.get(STUDENTS), f"{SECOND_FACTOR}?next={STUDENTS}", fetch_redirect_response=False
        )
        self.assertContains(officer_client.get(SECOND_FACTOR), "otp-secret")

    def test_no_one_else_may_reset_it(self):
        make_app_device(self.officer)
        # A clerk allowed to manage users, and an officer allowed to do so with a second factor of their own.
        manager = make_staff("manager")
        manager.user_permissions.add(*Permission.objects.filter(content_type__app_label__in=("auth", "otp_totp")))
        head = make_staff("head", personal_data=True)
        head.user_permissions.add(*Permission.objects.filter(content_type__app_label__in=("auth", "otp_static")))
        for user in (manager, head):
            with self.subTest(user=user.username):
                force_login(self.client, user)
                self.assertNotContains(self.client.get(USERS), "reset_second_factor")
                self.reset(self.client, self.officer)
                self.assertTrue(TOTPDevice.objects.filter(user=self.officer, confirmed=True).exists())

    def test_devices_are_not_edited_in_the_admin(self):
        force_login(self.client, self.superuser)
        for url in ("/admin/otp_totp/totpdevice/", "/admin/otp_static/staticdevice/"):
            with self.subTest(url):
                self.assertEqual(self.client.get(url).status_code, 404)
