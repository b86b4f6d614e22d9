"""Passwords: at least 12 characters, hashed with Argon2; older hashes are upgraded at the next sign-in.

The suite hashes with MD5 for speed (tests/settings.py): the real order is read from intl_office.settings.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AdminPasswordChangeForm
from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import TestCase, override_settings
from django.urls import reverse

from intl_office import settings as project_settings
from tests.personas import make_staff
from tests.project.test_settings import load_settings

ADMIN = reverse("admin:index")


class PasswordSettingsTests(TestCase):
    def test_argon2_hashes_first_and_passwords_need_12_characters_in_the_real_settings(self):
        code = (
            "import django; from django.conf import settings; django.setup(); "
            "from django.contrib.auth.hashers import get_hasher; "
            "print(get_hasher().algorithm); print(settings.PASSWORD_HASHERS[1]); "
            "from django.contrib.auth.password_validation import get_default_password_validators as v; "
            "print([x.min_length for x in v() if hasattr(x, 'min_length')])"
        )
        for debug in ("false", "true"):
            with self.subTest(DJANGO_DEBUG=debug):
                result = load_settings(code, DJANGO_DEBUG=debug, DJANGO_SECRET_KEY="s" * 50)
                self.assertEqual(
                    result.stdout.splitlines(),
                    ["argon2", "django.contrib.auth.hashers.PBKDF2PasswordHasher", "[12]"],
                    result.stderr,
                )

    def test_a_password_shorter_than_12_characters_is_refused(self):
        user = make_staff("clerk")
        with self.assertRaisesMessage(ValidationError, "at least 12 characters"):
            validate_password("Tr0ub4dor&3", user)
        validate_password("Tr0ub4dor&3x", user)
        form = AdminPasswordChangeForm(user, {"password1": "Tr0ub4dor&3", "password2": "Tr0ub4dor&3"})
        self.assertFalse(form.is_valid())
        self.assertIn("at least 12 characters", str(form.errors))


@override_settings(PASSWORD_HASHERS=project_settings.PASSWORD_HASHERS)
class HashUpgradeTests(TestCase):
    def test_a_pbkdf2_hash_becomes_argon2_at_the_next_sign_in(self):
        user = make_staff("clerk")
        user.password = make_password("an-older-passphrase", hasher="pbkdf2_sha256")
        user.save()
        self.assertTrue(user.password.startswith("pbkdf2_sha256$"))
        data = {"username": "clerk", "password": "an-older-passphrase", "next": ADMIN}
        self.assertRedirects(self.client.post(reverse("admin:login"), data), ADMIN, fetch_redirect_response=False)
        user.refresh_from_db()
        self.assertTrue(user.password.startswith("argon2$argon2id$"), user.password)
        self.assertTrue(user.check_password("an-older-passphrase"))

    def test_a_new_password_is_hashed_with_argon2(self):
        user = get_user_model().objects.create_user("newcomer", password="a-brand-new-passphrase")
        self.assertTrue(user.password.startswith("argon2$"))
