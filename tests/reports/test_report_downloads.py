"""Report downloads: CSV, XLSX, the whole-report workbook and PDF, read back as a user's software would."""

import csv
import datetime
import io

import openpyxl
import pypdf
from django.conf import settings
from django.test import TestCase
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from django_countries import countries

from intl_office.core.models import ExportLog
from intl_office.reports import annual, expert_tables, partner_tables
from intl_office.reports.params import ReportParams
from students.models import InternationalStudent
from tests.factories import force_login, make_user
from tests.personas import make_reporter, make_staff
from tests.reports.known_records import AS_OF, YEAR, build_known_records

QUERY = {"year": YEAR, "as_of": AS_OF.isoformat()}
CJK = r"[\u4e00-\u9fff]"


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def read_csv(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(body(response).decode("utf-8-sig"))))


def read_xlsx(response) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(body(response)))


class ReportDownloadTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        build_known_records()
        cls.reporter = make_reporter()
        cls.params = ReportParams.for_year(YEAR, AS_OF)
        cls.present = InternationalStudent.objects.present_on(AS_OF)

    def setUp(self):
        force_login(self.client, self.reporter)

    def download(self, name, **kwargs):
        return self.client.get(reverse(f"reports:{name}", kwargs=kwargs), QUERY)

    def test_a_table_downloads_as_csv_with_its_figures(self):
        response = self.download("table-download", key="students-by-unit", file_format="csv")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "text/csv; charset=utf-8")
        self.assertIn(f"bjtu-students-by-unit-{YEAR}.csv", response["Content-Disposition"])
        rows = read_csv(response)
        self.assertEqual(rows[0], ["BJTU unit", "On campus"])
        by_label = {row[0]: row[1] for row in rows[1:]}
        civil = "School of Civil Engineering (土木建筑工程学院)"
        self.assertEqual(by_label[civil], str(self.present.filter(unit__code="civil").count()))
        self.assertEqual(by_label["Total"], str(self.present.count()))

    def test_a_table_downloads_as_xlsx_with_numbers_as_numbers_and_a_bold_frozen_header(self):
        response = self.download("table-download", key="delegations-by-country", file_format="xlsx")
        self.assertEqual(response.status_code, 200)
        sheet = read_xlsx(response).active
        self.assertEqual(sheet.title, "Delegations by country")
        self.assertEqual(sheet.freeze_panes, "A2")
        self.assertTrue(sheet["A1"].font.bold)
        self.assertEqual(sheet["A1"].value, "Country or region")
        rows = {row[0]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
        table = partner_tables.delegations_by_country(self.params)
        germany = [v for v in rows[countries.name("DE")]]
        self.assertEqual(germany, list(next(r for r in table.rows if r[0] == countries.name("DE"))))
        self.assertIsInstance(germany[2], int)
        self.assertGreater(sheet.column_dimensions["A"].width, 8)

    def test_the_whole_report_downloads_as_one_workbook_with_a_sheet_per_table(self):
        response = self.download("workbook")
        self.assertEqual(response.status_code, 200)
        workbook = read_xlsx(response)
        tables = {table.key: table for section in annual.annual_report(self.params) for table in section.tables}
        names = {key: table.sheet_title for key, table in tables.items()}
        self.assertEqual(workbook.sheetnames, ["Summary", *names.values()])
        for name in workbook.sheetnames[1:]:
            self.assertEqual(workbook[name].freeze_panes, "A2")
            self.assertTrue(workbook[name]["A1"].font.bold)
        # A title that fits names its sheet; a longer one gives way to a short name.
        self.assertEqual(names["agreements-by-kind"], "Agreements by kind")
        self.assertEqual(names["partners-by-country"], "Partners by country and kind")
        # Dates stay dates.
        parameters = {row[0]: row[1] for row in workbook["Summary"].iter_rows(max_row=8, max_col=2, values_only=True)}
        self.assertEqual(parameters["Headcounts on"], datetime.datetime(2013, 12, 31))
        self.assertEqual(parameters["Year"], YEAR)
        relations = list(workbook[names["new-relations"]].iter_rows(min_row=2, values_only=True))
        self.assertEqual(relations[0][3], datetime.datetime(2013, 4, 2))
        trends = list(workbook[names["trends"]].iter_rows(min_row=2, values_only=True))
        self.assertEqual([row[0] for row in trends], list(range(YEAR - 9, YEAR + 1)))
        units = {row[0]: row[1] for row in workbook[names["students-by-unit"]].iter_rows(min_row=2, values_only=True)}
        self.assertEqual(
            units["School of Civil Engineering (土木建筑工程学院)"], self.present.filter(unit__code="civil").count()
        )

    def test_sheet_names_are_short_and_excel_safe_in_english(self):
        workbook = read_xlsx(self.download("workbook"))
        self.assert_excel_safe(workbook.sheetnames)

    def test_the_workbook_is_in_chinese_for_a_chinese_browser(self):
        response = self.client.get(reverse("reports:workbook"), QUERY, headers={"accept-language": "zh-hans"})
        self.assertEqual(response.status_code, 200)
        workbook = read_xlsx(response)
        with translation.override("zh-hans"):
            expected = [
                gettext("Summary"),
                *[table.sheet_title for section in annual.annual_report(self.params) for table in section.tables],
            ]
            parameter_header = gettext("Beijing Jiaotong University")
        self.assertEqual(workbook.sheetnames, expected)
        self.assert_excel_safe(workbook.sheetnames)
        for name in workbook.sheetnames:
            self.assertRegex(name, CJK, name)
        self.assertEqual(workbook.worksheets[0]["A1"].value, parameter_header)
        self.assertRegex(parameter_header, CJK)
        # The language cookie picks it too.
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
        self.assertEqual(read_xlsx(self.download("workbook")).sheetnames, expected)

    def assert_excel_safe(self, names):
        self.assertEqual(len(set(names)), len(names))
        for name in names:
            self.assertLessEqual(len(name), 31, name)
            self.assertFalse(set(name) & set("[]:*?/\\"), name)

    def test_the_whole_report_downloads_as_a_pdf_with_figures_and_chinese_names(self):
        response = self.download("pdf")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "application/pdf")
        reader = pypdf.PdfReader(io.BytesIO(response.content))
        # Table cells wrap, so words are compared with the line breaks taken out.
        text = "".join(page.extract_text() for page in reader.pages).replace("\n", " ")
        unwrapped = text.replace(" ", "")
        self.assertIn("Partner institutions by country or region and kind", text)
        self.assertIn("土木建筑工程学院", unwrapped)
        self.assertIn("机械电子工程", unwrapped)
        self.assertIn("MOE11BE2A20121234N", text)
        received = InternationalStudent.objects.filter(arrived_on__lte=AS_OF).count()
        self.assertIn(f"Students and scholars received over all years {received}", text)

    def test_each_download_is_recorded_in_the_export_log(self):
        self.download("table-download", key="talent-projects", file_format="csv")
        self.download("table-download", key="talent-projects", file_format="xlsx")
        self.download("workbook")
        self.download("pdf")
        logs = list(ExportLog.objects.order_by("pk"))
        self.assertEqual(
            [(log.what, log.file_format) for log in logs],
            [
                ("report:talent-projects", "csv"),
                ("report:talent-projects", "xlsx"),
                ("report:annual", "xlsx"),
                ("report:annual", "pdf"),
            ],
        )
        for log in logs:
            self.assertEqual(log.user, self.reporter)
            self.assertEqual(log.filters, {"year": YEAR, "as_of": "2013-12-31", "talent_since": 2011})
            self.assertFalse(log.includes_personal_data)
        self.assertEqual(logs[0].row_count, len(expert_tables.talent_projects(self.params).body_rows))
        all_rows = sum(len(t.body_rows) for s in annual.annual_report(self.params) for t in s.tables)
        self.assertEqual((logs[2].row_count, logs[3].row_count), (all_rows, all_rows))

    def test_an_unknown_table_or_format_is_not_found(self):
        self.assertEqual(self.download("table-download", key="salaries", file_format="csv").status_code, 404)
        self.assertEqual(self.download("table-download", key="trends", file_format="ods").status_code, 404)
        self.assertFalse(ExportLog.objects.exists())

    def test_an_impossible_year_is_refused_with_a_message(self):
        response = self.client.get(reverse("reports:workbook"), {"year": "twenty"})
        self.assertEqual(response.status_code, 400)
        # Named by the field's label, as on the form.
        self.assertIn("Invalid report parameters: Year:", response.content.decode())
        self.assertFalse(ExportLog.objects.exists())


class ReportDownloadPermissionTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.staff = make_staff()
        cls.viewer = make_user("viewer", perms=("intl_office.view_reports",))
        cls.urls = [
            reverse("reports:table-download", kwargs={"key": "trends", "file_format": "csv"}),
            reverse("reports:table-download", kwargs={"key": "trends", "file_format": "xlsx"}),
            reverse("reports:workbook"),
            reverse("reports:pdf"),
        ]

    def test_anonymous_visitors_are_sent_to_the_login_page(self):
        for url in self.urls:
            response = self.client.get(url, QUERY)
            self.assertEqual(response.status_code, 302, url)
            self.assertTrue(response["Location"].startswith(reverse("admin:login")))

    def test_staff_without_report_permissions_are_refused(self):
        self.client.force_login(self.staff)
        for url in self.urls:
            self.assertEqual(self.client.get(url, QUERY).status_code, 403, url)

    def test_users_who_are_not_staff_are_sent_to_the_admin_login_even_with_the_permissions(self):
        self.client.force_login(
            make_user("outsider", staff=False, perms=("intl_office.view_reports", "intl_office.export_records"))
        )
        for url in self.urls:
            response = self.client.get(url, QUERY)
            self.assertEqual(response.status_code, 302, url)
            self.assertTrue(response["Location"].startswith(reverse("admin:login")))
        self.assertFalse(ExportLog.objects.exists())

    def test_viewing_reports_is_not_enough_to_download_them(self):
        self.client.force_login(self.viewer)
        for url in self.urls:
            self.assertEqual(self.client.get(url, QUERY).status_code, 403, url)
        self.assertFalse(ExportLog.objects.exists())
