"""Every response carries the Content-Security-Policy of settings.py; DJANGO_CSP_REPORT_ONLY only renames the header."""

from django.contrib.auth.models import Permission
from django.test import SimpleTestCase, TestCase
from django.urls import reverse

from tests.factories import force_login, make_agreement, make_institution, make_program
from tests.personas import make_reporter, make_staff
from tests.project.test_settings import load_settings

EXPECTED = {
    "default-src": {"'self'"},
    "script-src": {"'self'"},
    "style-src": {"'self'"},
    "img-src": {"'self'"},
    "object-src": {"'none'"},
    "base-uri": {"'self'"},
    "form-action": {"'self'"},
    "frame-ancestors": {"'none'"},
}


def directives(header: str) -> dict[str, set[str]]:
    parsed = {}
    for part in header.split(";"):
        name, *sources = part.split()
        # A nonce only appears when a template used it; none of ours needs one.
        parsed[name] = {source for source in sources if not source.startswith("'nonce-")}
    return parsed


class ContentSecurityPolicyTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.institution = make_institution(name_en="KU Leuven", slug="ku-leuven", country="BE")
        cls.program = make_program(cls.institution, title_en="Leuven Rail Summer School", slug="leuven-summer")
        cls.agreement = make_agreement(cls.institution, title="Exchange with KU Leuven")
        cls.staff = make_staff()
        cls.staff.user_permissions.add(Permission.objects.get(codename="import_records"))
        cls.reporter = make_reporter()

    def assert_policy(self, response):
        self.assertIn("Content-Security-Policy", response.headers)
        self.assertNotIn("Content-Security-Policy-Report-Only", response.headers)
        header = response.headers["Content-Security-Policy"]
        self.assertNotIn("unsafe-inline", header)
        self.assertNotIn("unsafe-eval", header)
        self.assertEqual(directives(header), EXPECTED)

    def test_it_sends_the_policy_on_public_pages_the_404_page_and_the_site_map(self):
        paths = [
            "/",
            "/zh-hans/",
            "/programs/",
            "/programs/leuven-summer/",
            "/partners/",
            "/partners/ku-leuven/",
            "/no-such-page/",
            "/sitemap.xml",
            "/robots.txt",
        ]
        for path in paths:
            with self.subTest(path=path):
                self.assert_policy(self.client.get(path))

    def test_it_sends_the_policy_on_the_admin_login_list_change_form_and_import_page(self):
        self.assert_policy(self.client.get(reverse("admin:login")))
        force_login(self.client, self.staff)
        paths = [
            reverse("admin:index"),
            reverse("admin:partners_institution_changelist"),
            reverse("admin:partners_institution_change", args=[self.institution.pk]),
            reverse("admin:partners_agreement_change", args=[self.agreement.pk]),
            reverse("admin:partners_institution_import"),
        ]
        for path in paths:
            with self.subTest(path=path):
                response = self.client.get(path)
                self.assertEqual(response.status_code, 200)
                self.assert_policy(response)

    def test_it_sends_the_policy_on_the_reports_page_and_its_downloads(self):
        force_login(self.client, self.reporter)
        paths = [
            reverse("reports:index"),
            reverse("reports:table-download", kwargs={"key": "students-by-country", "file_format": "csv"}),
            reverse("reports:workbook"),
        ]
        for path in paths:
            with self.subTest(path=path):
                response = self.client.get(path)
                self.assertEqual(response.status_code, 200)
                self.assert_policy(response)


REQUEST_HEADERS = (
    "import django; django.setup(); from django.test import Client; "
    "response = Client().get('/robots.txt'); "
    "print(response.headers.get('Content-Security-Policy')); "
    "print(response.headers.get('Content-Security-Policy-Report-Only'))"
)


class ReportOnlyModeTests(SimpleTestCase):
    def run_request(self, **env):
        result = load_settings(REQUEST_HEADERS, DJANGO_DEBUG="true", DJANGO_ALLOWED_HOSTS="testserver", **env)
        self.assertEqual(result.returncode, 0, result.stderr)
        return result.stdout.splitlines()

    def test_it_enforces_the_policy_by_default(self):
        enforced, report_only = self.run_request()
        self.assertEqual(directives(enforced), EXPECTED)
        self.assertEqual(report_only, "None")

    def test_it_sends_the_same_policy_as_report_only_when_asked(self):
        enforced, report_only = self.run_request(DJANGO_CSP_REPORT_ONLY="true")
        self.assertEqual(enforced, "None")
        self.assertEqual(directives(report_only), EXPECTED)

    def test_it_adds_the_report_address_when_one_is_set(self):
        enforced, _report_only = self.run_request(DJANGO_CSP_REPORT_URI="https://reports.example.edu/csp")
        self.assertEqual(directives(enforced), {**EXPECTED, "report-uri": {"https://reports.example.edu/csp"}})

    def test_a_typo_in_the_report_only_switch_fails_loudly(self):
        result = load_settings(REQUEST_HEADERS, DJANGO_DEBUG="true", DJANGO_CSP_REPORT_ONLY="yess")
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("DJANGO_CSP_REPORT_ONLY must be true or false, not 'yess'", result.stderr)
