"""The real settings module, loaded in a fresh interpreter with a controlled environment."""

import os
import re
import shlex
import subprocess
import sys
import tempfile
from pathlib import Path

from django.test import SimpleTestCase

BASE_DIR = Path(__file__).resolve().parents[2]
PRINT_SETTINGS = (
    "import django; from django.conf import settings; django.setup(); "
    "database = settings.DATABASES['default']; "
    "print(settings.DEBUG); print(database['ENGINE']); print(database['NAME'])"
)


def load_settings(code=PRINT_SETTINGS, **env):
    """Runs the project's settings in a subprocess, from a directory outside the project."""
    with tempfile.TemporaryDirectory() as elsewhere:
        return run_python(["-c", code], cwd=elsewhere, **env)


def run_python(args: list[str], *, cwd, **env):
    """`python <args>` with the given environment and none of the caller's Django variables, nor the .env file."""
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_URL", "PRIVATE_MEDIA_ROOT"))
    }
    environment.update(
        DJANGO_SETTINGS_MODULE="intl_office.settings", DJANGO_READ_DOT_ENV="false", PYTHONPATH=str(BASE_DIR), **env
    )
    return subprocess.run([sys.executable, *args], cwd=cwd, env=environment, capture_output=True, text=True, timeout=60)


class SettingsTests(SimpleTestCase):
    def test_debug_off_without_a_secret_key_stops_with_a_clear_message(self):
        result = load_settings(DJANGO_DEBUG="false", DJANGO_SECRET_KEY="")
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("ImproperlyConfigured", result.stderr)
        self.assertIn("DJANGO_SECRET_KEY is not set", result.stderr)

    def test_debug_off_with_a_secret_key_starts(self):
        result = load_settings(DJANGO_DEBUG="false", DJANGO_SECRET_KEY="a-long-production-secret-" + "x" * 30)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(result.stdout.splitlines()[0], "False")

    def test_debug_on_runs_with_the_development_key(self):
        result = load_settings(DJANGO_DEBUG="true", DJANGO_SECRET_KEY="")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(result.stdout.splitlines()[0], "True")

    def test_an_unclear_debug_value_fails_loudly(self):
        result = load_settings(DJANGO_DEBUG="maybe", DJANGO_SECRET_KEY="secret")
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("DJANGO_DEBUG must be true or false, not 'maybe'", result.stderr)

    def test_a_typo_in_the_secure_cookie_switch_fails_instead_of_turning_it_off(self):
        result = load_settings(DJANGO_SECURE_COOKIES="ture", DJANGO_SECRET_KEY="secret")
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("DJANGO_SECURE_COOKIES must be true or false, not 'ture'", result.stderr)

    def test_an_import_size_limit_that_is_not_a_number_fails_loudly(self):
        result = load_settings(DJANGO_IMPORT_MAX_FILE_BYTES="5MB", DJANGO_SECRET_KEY="secret")
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("DJANGO_IMPORT_MAX_FILE_BYTES must be a whole number, not '5MB'", result.stderr)

    def test_public_input_caps_that_are_not_positive_numbers_fail_loudly(self):
        cases = {
            "DJANGO_PUBLIC_SEARCH_MAX_WORDS": ("ten", "must be a whole number, not 'ten'"),
            "DJANGO_PUBLIC_SEARCH_MAX_CHARACTERS": ("0", "must be 1 or more, not 0"),
            "DJANGO_AGREEMENT_SCAN_MAX_BYTES": ("20MB", "must be a whole number, not '20MB'"),
        }
        for name, (value, message) in cases.items():
            with self.subTest(name=name):
                result = load_settings(DJANGO_SECRET_KEY="secret", **{name: value})
                self.assertNotEqual(result.returncode, 0)
                self.assertIn(f"{name} {message}", result.stderr)

    def test_public_input_caps_come_from_the_environment(self):
        code = (
            "from django.conf import settings; "
            "print(settings.PUBLIC_SEARCH_MAX_CHARACTERS, settings.PUBLIC_SEARCH_MAX_WORDS, "
            "settings.AGREEMENT_SCAN_MAX_BYTES)"
        )
        self.assertEqual(load_settings(code, DJANGO_SECRET_KEY="secret").stdout.split(), ["200", "10", "20971520"])
        result = load_settings(
            code,
            DJANGO_SECRET_KEY="secret",
            DJANGO_PUBLIC_SEARCH_MAX_CHARACTERS="80",
            DJANGO_PUBLIC_SEARCH_MAX_WORDS="4",
            DJANGO_AGREEMENT_SCAN_MAX_BYTES="1000000",
        )
        self.assertEqual(result.stdout.split(), ["80", "4", "1000000"], result.stderr)

    def test_database_connections_are_kept_between_requests_and_checked_before_reuse(self):
        code = (
            "from django.conf import settings; d = settings.DATABASES['default']; "
            "print(d['CONN_MAX_AGE'], d['CONN_HEALTH_CHECKS'])"
        )
        self.assertEqual(load_settings(code, DJANGO_SECRET_KEY="secret").stdout.split(), ["60", "True"])
        result = load_settings(code, DJANGO_SECRET_KEY="secret", DJANGO_DB_CONN_MAX_AGE="0")
        self.assertEqual(result.stdout.split(), ["0", "False"], result.stderr)
        result = load_settings(code, DJANGO_SECRET_KEY="secret", DJANGO_DB_CONN_MAX_AGE="-1")
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("DJANGO_DB_CONN_MAX_AGE must be 0 or more, not -1", result.stderr)

    def test_the_default_database_is_an_sqlite_file_in_the_project_whatever_the_current_directory(self):
        result = load_settings(DJANGO_DEBUG="true")
        self.assertEqual(result.returncode, 0, result.stderr)
        _debug, engine, name = result.stdout.splitlines()
        self.assertEqual(engine, "django.db.backends.sqlite3")
        self.assertEqual(Path(name), BASE_DIR / "db.sqlite3")

    def test_database_url_chooses_postgresql(self):
        result = load_settings(DJANGO_DEBUG="true", DATABASE_URL="postgres://office@db.example.org:5432/intl_office")
        self.assertEqual(result.returncode, 0, result.stderr)
        _debug, engine, name = result.stdout.splitlines()
        self.assertEqual((engine, name), ("django.db.backends.postgresql", "intl_office"))


DEPLOY_CHECK = ["manage.py", "check", "--deploy", "--fail-level", "WARNING"]
# The README's placeholders, filled in as a deployment would.
PLACEHOLDERS = {
    "DJANGO_SECRET_KEY": "production-like-secret-with-variety-0123456789-abcdefghijklmnopqrstuvwxyz",
    "DATABASE_URL": "postgres://office@db.example.edu:5432/intl_office",
}


def readme_production_environment() -> dict[str, str]:
    """The variables the README's "Serving in production" exports, placeholders filled in."""
    readme = (BASE_DIR / "README.md").read_text()
    section = readme.split("### Serving in production", 1)[1].split("\n### ", 1)[0]
    assert "python " + " ".join(DEPLOY_CHECK) in section, "the README's production section runs the check"
    environment = {}
    for line in section.splitlines():
        if line.startswith("export "):
            for assignment in shlex.split(line)[1:]:
                name, value = assignment.split("=", 1)
                environment[name] = PLACEHOLDERS[name] if value.endswith("...") else value
    return environment


def run_deployment_check(environment: dict[str, str]):
    """`python manage.py check --deploy --fail-level WARNING` in the project folder, with only this environment."""
    return run_python(DEPLOY_CHECK, cwd=BASE_DIR, **environment)


class DeploymentCheckTests(SimpleTestCase):
    def test_a_production_configuration_passes_the_deployment_checks(self):
        environment = readme_production_environment()
        self.assertEqual(environment["DJANGO_DEBUG"], "false")
        self.assertEqual(environment["DJANGO_HSTS_SECONDS"], "31536000")
        result = run_deployment_check(environment)
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        self.assertIn("System check identified no issues", result.stdout)
        # The same environment without the HTTPS redirect fails: the check is not passed quietly.
        del environment["DJANGO_SSL_REDIRECT"]
        result = run_deployment_check(environment)
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("security.W008", result.stderr)

    def test_hsts_covers_subdomains_by_default_and_preloads_only_when_asked(self):
        code = (
            "import django; from django.conf import settings; django.setup(); "
            "print(settings.SECURE_HSTS_INCLUDE_SUBDOMAINS, settings.SECURE_HSTS_PRELOAD)"
        )
        secret = PLACEHOLDERS["DJANGO_SECRET_KEY"]
        self.assertEqual(load_settings(code, DJANGO_SECRET_KEY=secret).stdout.split(), ["True", "False"])
        chosen = load_settings(
            code, DJANGO_SECRET_KEY=secret, DJANGO_HSTS_INCLUDE_SUBDOMAINS="false", DJANGO_HSTS_PRELOAD="true"
        )
        self.assertEqual(chosen.stdout.split(), ["False", "True"])


class EnvExampleTests(SimpleTestCase):
    def test_env_example_lists_every_variable_the_settings_read_each_with_a_comment(self):
        source = (BASE_DIR / "intl_office" / "settings.py").read_text()
        read = set(re.findall(r'(?:env\.\w+|_strict_\w+)\(\s*"([A-Z_]+)"', source))
        self.assertIn("DJANGO_SECRET_KEY", read)
        lines = (BASE_DIR / ".env.example").read_text().splitlines()
        for name in sorted(read):
            with self.subTest(variable=name):
                where = [i for i, line in enumerate(lines) if re.match(rf"#? ?{name}=", line)]
                self.assertTrue(where, f"{name} is missing from .env.example")
                # A comment explains the variable, or the group of variables right below it.
                above = where[0] - 1
                while above >= 0 and re.match(r"# ?[A-Z_]+=", lines[above]):
                    above -= 1
                self.assertTrue(above >= 0 and lines[above].startswith("#"), f"{name} has no comment")
