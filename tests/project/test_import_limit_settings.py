"""The import limits come from the environment where an office may need to change them, and fail loudly."""

from django.test import SimpleTestCase

from tests.project.test_settings import load_settings

PRINT_LIMITS = (
    "import django; from django.conf import settings; django.setup(); "
    "print(settings.IMPORT_MAX_ROWS, settings.IMPORT_MAX_COLUMNS, settings.IMPORT_MAX_CELLS, "
    "settings.IMPORT_XLSX_MAX_UNCOMPRESSED_BYTES, settings.IMPORT_XLSX_MAX_SHARED_STRINGS)"
)


class ImportLimitSettingsTests(SimpleTestCase):
    def test_the_limits_have_defaults_and_environment_overrides(self):
        result = load_settings(PRINT_LIMITS, DJANGO_DEBUG="true")
        self.assertEqual(result.stdout.split(), ["20000", "100", "1000000", "67108864", "200000"], result.stderr)
        result = load_settings(
            PRINT_LIMITS,
            DJANGO_DEBUG="true",
            DJANGO_IMPORT_MAX_ROWS="50000",
            DJANGO_IMPORT_MAX_COLUMNS="60",
            DJANGO_IMPORT_MAX_CELLS="2000000",
            DJANGO_IMPORT_XLSX_MAX_UNCOMPRESSED_BYTES="134217728",
            DJANGO_IMPORT_XLSX_MAX_SHARED_STRINGS="400000",
        )
        self.assertEqual(result.stdout.split(), ["50000", "60", "2000000", "134217728", "400000"], result.stderr)

    def test_a_limit_that_is_not_a_positive_whole_number_stops_start_up(self):
        for value, message in (("lots", "must be a whole number, not 'lots'"), ("0", "must be 1 or more, not 0")):
            with self.subTest(value=value):
                result = load_settings(DJANGO_DEBUG="true", DJANGO_IMPORT_MAX_CELLS=value)
                self.assertNotEqual(result.returncode, 0)
                self.assertIn(f"DJANGO_IMPORT_MAX_CELLS {message}", result.stderr)
