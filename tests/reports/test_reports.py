"""The reports area: its parameters, its charts, its page, and that only reporters see it."""

import datetime
import re
from pathlib import Path

import openpyxl
import pytest
from django.conf import settings
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from playwright.sync_api import expect

from intl_office.core.models import ExportLog
from intl_office.reports import annual, charts
from intl_office.reports.params import add_months, default_as_of
from intl_office.site import figures
from programs.models import Program
from students.models import InternationalStudent
from tests.factories import (
    force_login,
    make_agreement,
    make_app_device,
    make_appointment,
    make_delegation,
    make_expert,
    make_institution,
    make_outbound,
    make_program,
    make_student,
    make_talent_project,
    make_unit,
    make_user,
    totp_code,
)
from tests.personas import make_reporter, make_staff
from tests.reports.known_records import (
    AS_OF,
    YEAR,
    build_known_records,
)

SCREENSHOTS = Path(settings.BASE_DIR) / "artifacts" / "screenshots"


class ReportParamsTests(TestCase):
    def test_a_past_year_is_counted_on_its_last_day(self):
        self.assertEqual(default_as_of(2013, today=datetime.date(2026, 3, 1)), datetime.date(2013, 12, 31))

    def test_the_current_year_is_counted_today(self):
        today = datetime.date(2026, 3, 1)
        self.assertEqual(default_as_of(2026, today=today), today)

    def test_six_months_ahead_stays_inside_short_months(self):
        self.assertEqual(add_months(datetime.date(2013, 8, 31), 6), datetime.date(2014, 2, 28))


class TrendChartTests(TestCase):
    def test_a_chart_is_an_svg_with_a_title_and_one_marker_per_value(self):
        svg = charts.line_chart("Visits", [2012, 2013], [charts.Series("Inbound", [3, 12])])
        self.assertTrue(svg.startswith("<svg"))
        self.assertIn("<title>Visits</title>", svg)
        self.assertEqual(svg.count("<circle"), 2)
        self.assertNotIn("<script", svg)

    def test_names_are_escaped(self):
        svg = charts.line_chart("<b>", ["2013"], [charts.Series("<script>alert(1)</script>", [1])])
        self.assertNotIn("<script>", svg)
        self.assertIn("&lt;script&gt;", svg)

    def test_the_axis_ends_on_a_round_number_above_the_largest_value(self):
        self.assertEqual(charts.nice_ceiling(1844), 2000)
        self.assertEqual(charts.nice_ceiling(986), 1000)
        self.assertEqual(charts.nice_ceiling(0), 4)

    def test_small_counts_get_whole_number_ticks(self):
        self.assertEqual(charts.nice_ceiling(5), 8)
        svg = charts.line_chart("Few", ["2013"], [charts.Series("Experts", [3])])
        self.assertNotIn(".", "".join(re.findall(r'text-anchor="end" fill="#555">([^<]*)<', svg)))


class ReportsPageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        build_known_records()
        cls.reporter = make_reporter()
        cls.staff = make_staff()
        cls.viewer = make_user("viewer", perms=("intl_office.view_reports",))
        cls.url = reverse("reports:index") + f"?year={YEAR}&as_of={AS_OF.isoformat()}"

    def test_it_sends_anonymous_visitors_to_the_login_page(self):
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 302)
        self.assertTrue(response["Location"].startswith(reverse("admin:login")))

    def test_it_refuses_staff_without_the_report_permission(self):
        self.client.force_login(self.staff)
        self.assertEqual(self.client.get(self.url).status_code, 403)

    def test_it_sends_users_who_are_not_staff_to_the_admin_login_even_with_the_permissions(self):
        self.client.force_login(
            make_user("outsider", staff=False, perms=("intl_office.view_reports", "intl_office.export_records"))
        )
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 302)
        self.assertTrue(response["Location"].startswith(reverse("admin:login")))

    def test_it_is_never_cached(self):
        force_login(self.client, self.reporter)
        self.assertIn("no-cache", self.client.get(self.url)["Cache-Control"])

    def test_it_shows_every_table_with_its_figures_and_the_trend_charts(self):
        force_login(self.client, self.reporter)
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 200)
        for key in annual.TABLE_KEYS:
            self.assertContains(response, f'id="table-{key}"')
        self.assertContains(response, "School of Civil Engineering (土木建筑工程学院)")
        self.assertContains(response, "Hong Kong, China")
        self.assertEqual(response.content.decode().count('class="report-chart"'), 5)
        self.assertNotContains(response, '<script src="http')
        # Downloads carry the report's parameters; the year's own day is left to the year rule.
        query = f"?year={YEAR}&amp;talent_since=2011"
        self.assertContains(response, reverse("reports:workbook") + query)
        self.assertContains(response, reverse("reports:pdf") + query)
        csv_url = reverse("reports:table-download", kwargs={"key": "trends", "file_format": "csv"})
        self.assertContains(response, csv_url + query)
        # Inside the admin's look: its breadcrumbs and header.
        self.assertContains(response, 'class="breadcrumbs"')
        self.assertContains(response, reverse("admin:index"))

    def test_it_shows_the_headcount_on_the_chosen_day(self):
        force_login(self.client, self.reporter)
        response = self.client.get(reverse("reports:index") + f"?year={YEAR}&as_of=2013-05-01")
        table = response.context["sections"][2].tables[0]
        self.assertEqual(table.rows[0][1], InternationalStudent.objects.present_on(datetime.date(2013, 5, 1)).count())

    def test_it_hides_download_links_from_reporters_who_may_not_export(self):
        self.client.force_login(self.viewer)
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 200)
        self.assertNotContains(response, reverse("reports:workbook"))
        self.assertNotContains(response, ".csv?")

    def test_it_explains_an_impossible_year_and_shows_the_latest_year_instead(self):
        force_login(self.client, self.reporter)
        response = self.client.get(reverse("reports:index") + "?year=12")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "errornote")
        self.assertEqual(response.context["params"].year, figures.latest_complete_year())

    def test_it_runs_a_fixed_number_of_queries_whatever_the_number_of_records(self):
        force_login(self.client, self.reporter)
        with CaptureQueriesContext(connection) as before:
            self.client.get(self.url)
        for code in ("JP", "KR", "TH", "VN", "EG"):
            unit = make_unit()
            make_agreement(make_institution(country=code), starts_on=datetime.date(2013, 1, 1))
            make_program(make_institution(country=code), kind=Program.Kind.SHORT_VISIT)
            make_student(nationality=code, unit=unit, arrived_on=datetime.date(2013, 1, 1))
            make_outbound(destination_country=code)
            make_delegation(country=code)
            make_appointment(make_expert(nationality=code), unit)
            make_talent_project(unit)
        # The request, then each table and the front page: a fixed number of queries each, however many records.
        with CaptureQueriesContext(connection) as after:
            self.client.get(self.url)
        self.assertEqual(len(after), len(before))
        self.assertLess(len(after), 100)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_reporter_goes_from_the_admin_to_the_report_charts_and_downloads_the_workbook(live_server, page):
    build_known_records()
    # A reporter who may download needs a second factor: the code of their authenticator app, typed in the form.
    app = make_app_device(make_reporter())
    page.set_default_timeout(10_000)
    page.goto(f"{live_server.url}{reverse('admin:login')}")
    page.fill("#id_username", "reporter")
    page.fill("#id_password", "password")
    page.fill("#id_otp_token", totp_code(app))
    page.click("input[type=submit]")
    page.get_by_role("link", name="Reports").click()

    page.fill("#id_year", str(YEAR))
    page.fill("#id_as_of", AS_OF.isoformat())
    page.get_by_role("button", name="Show report").click()
    expect(page.locator("h1")).to_contain_text(f"Annual report {YEAR}")
    charts_shown = page.locator("svg.report-chart")
    expect(charts_shown).to_have_count(5)
    for n in range(5):
        expect(charts_shown.nth(n)).to_be_visible()
    expect(page.locator("#table-students-by-unit")).to_contain_text("土木建筑工程学院")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "reports-desktop.png", full_page=True)

    with page.expect_download() as download:
        page.get_by_role("link", name="Download the whole report (XLSX)").click()
    assert download.value.suggested_filename == f"bjtu-annual-report-{YEAR}.xlsx"
    with open(download.value.path(), "rb") as file:
        workbook = openpyxl.load_workbook(file)
    assert workbook.sheetnames[0] == "Summary"
    # The Summary (with the key figures), then a sheet per table.
    assert len(workbook.sheetnames) == len(annual.TABLE_KEYS)
    assert ExportLog.objects.get().what == "report:annual"
