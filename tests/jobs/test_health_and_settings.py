"""More than one machine: the health endpoints, and settings that keep no state in a process."""

from django.test import SimpleTestCase, TestCase, override_settings
from django.urls import reverse

from tests.project.test_settings import load_settings

CLOSED_PORT_BROKER = "redis://127.0.0.1:1/0"


class HealthTests(TestCase):
    def test_healthz_answers_without_touching_the_database(self):
        with self.assertNumQueries(0):
            response = self.client.get(reverse("healthz"))
        self.assertEqual(response.json(), {"status": "ok"})

    @override_settings(CELERY_BROKER_URL="")
    def test_readyz_checks_the_database_and_the_cache(self):
        response = self.client.get(reverse("readyz"))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json(), {"status": "ok", "checks": {"database": "ok", "cache": "ok"}})
        self.assertIn("no-cache", response["Cache-Control"])

    @override_settings(CELERY_BROKER_URL=CLOSED_PORT_BROKER)
    def test_readyz_answers_503_naming_the_broker_when_it_is_down(self):
        response = self.client.get(reverse("readyz"))
        self.assertEqual(response.status_code, 503)
        self.assertEqual(
            response.json(), {"status": "failed", "checks": {"database": "ok", "cache": "ok", "broker": "failed"}}
        )

    @override_settings(
        CACHES={"default": {"BACKEND": "django_redis.cache.RedisCache", "LOCATION": CLOSED_PORT_BROKER}},
        CELERY_BROKER_URL="",
    )
    def test_readyz_names_the_cache_when_it_is_down(self):
        response = self.client.get(reverse("readyz"))
        self.assertEqual(response.status_code, 503)
        self.assertEqual(response.json()["checks"], {"database": "ok", "cache": "failed"})


class NoStateInAProcessSettingsTests(SimpleTestCase):
    CODE = (
        "import django; from django.conf import settings; django.setup(); "
        "print(settings.SESSION_ENGINE); print(settings.CACHES['default']['BACKEND']); print(settings.AXES_HANDLER); "
        "print(settings.CELERY_BROKER_URL or '-'); print(settings.CELERY_TASK_ALWAYS_EAGER)"
    )

    def test_with_redis_the_cache_lockouts_and_jobs_use_it_and_sessions_stay_in_the_database(self):
        result = load_settings(self.CODE, DJANGO_DEBUG="true", REDIS_URL="redis://127.0.0.1:6379/3")
        self.assertEqual(
            result.stdout.splitlines(),
            [
                "django.contrib.sessions.backends.db",
                "django_redis.cache.RedisCache",
                "axes.handlers.cache.AxesCacheHandler",
                "redis://127.0.0.1:6379/3",
                "False",
            ],
            result.stderr,
        )

    def test_without_redis_the_cache_is_a_database_table_and_jobs_run_in_process(self):
        result = load_settings(self.CODE, DJANGO_DEBUG="true")
        self.assertEqual(
            result.stdout.splitlines(),
            [
                "django.contrib.sessions.backends.db",
                "django.core.cache.backends.db.DatabaseCache",
                "axes.handlers.database.AxesDatabaseHandler",
                "-",
                "True",
            ],
            result.stderr,
        )
