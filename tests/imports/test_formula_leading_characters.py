"""One formula rule for every export and the importer: text starting with a space, an ideographic or no-break space
or a line break before a formula sign, or with a full-width equals, plus, minus or at sign, is neutralised in CSV,
XLSX and the report tables (page and PDF), refused by the importer, and an export of it imports back unchanged."""

import csv
import datetime
import io

import openpyxl
import pypdf
from django.test import SimpleTestCase, TestCase
from django.urls import reverse

from intl_office.core import spreadsheets as exports
from intl_office.imports import engine, files
from intl_office.imports.list_export import ListExport
from intl_office.reports import partner_tables
from intl_office.reports.params import ReportParams
from partners.models import Institution
from tests.factories import force_login, make_institution, make_user
from tests.imports.test_formula_neutralisation import body
from tests.personas import make_reporter

# Each was written out unchanged in CSV; the importer read the first three as formulas, the others not at all.
NEW_LEADING = [
    " =1+1",
    "\u3000=2+2",
    '\u00a0=HYPERLINK("http://evil.example/a")',
    "\n=3+3",
    '\uff1dHYPERLINK("http://evil.example/b")',  # full-width equals sign
    "\uff0b4+4",  # full-width plus sign
    "\uff0d2+3",  # full-width hyphen-minus
    "\uff20SUM(1+9)",  # full-width commercial at
    " \u3000+cmd",
]


def read_csv(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text.removeprefix(exports.CSV_BOM), newline="")))


class RuleTests(SimpleTestCase):
    def test_each_new_leading_character_is_formula_like_and_neutralised(self):
        for value in NEW_LEADING:
            with self.subTest(value=value):
                self.assertTrue(exports.is_formula_like(value))
                self.assertEqual(exports.neutralise(value), "'" + value)
                self.assertEqual(exports.unneutralise("'" + value), value)

    def test_blanks_before_ordinary_text_and_plain_numbers_stay_as_they_were(self):
        for value in (" Leuven", "\u3000鲁汶大学", "\nnotes", "O'Brien", "a=b", "鲁汶\uff1d大学"):
            with self.subTest(value=value):
                self.assertEqual(exports.neutralise(value), value)
        self.assertEqual(exports.neutralise("-5"), "'-5")
        self.assertTrue(exports.is_plain_number("+86 10 5168 8888"))
        # The importer takes a phone number typed with a Chinese input method as data, not as a formula.
        self.assertTrue(exports.is_plain_number("\uff0b86 10 5168 8888"))
        self.assertFalse(files.is_formula("\uff0b86 10 5168 8888"))
        self.assertTrue(files.is_formula("\uff0b86+cmd"))

    def test_csv_and_xlsx_files_neutralise_them(self):
        rows = read_csv("".join(exports.csv_lines([" =h"], [[value] for value in NEW_LEADING])))
        self.assertEqual([row[0] for row in rows], ["' =h", *("'" + value for value in NEW_LEADING)])
        out, _rows = exports.build_workbook([exports.Sheet("t", ["\uff1dh"], [[value] for value in NEW_LEADING])])
        sheet = openpyxl.load_workbook(out).active
        self.assertEqual(
            [row[0] for row in sheet.iter_rows(values_only=True)], ["'\uff1dh", *("'" + v for v in NEW_LEADING)]
        )


class ExportedRecordsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        for n, name in enumerate(NEW_LEADING):
            make_institution(name_en=name, slug=f"i{n}", country="DE", relations_since=datetime.date(2013, 1, n + 1))
        cls.exporter = make_user("exporter", perms=("intl_office.export_records", "partners.view_institution"))

    def test_a_list_export_neutralises_them_in_csv_and_xlsx(self):
        export = ListExport(Institution, self.exporter)
        column = export.header.index("English name")
        rows = read_csv(body(export.response(Institution.objects.all(), exports.CSV)).decode())
        self.assertEqual(sorted(row[column] for row in rows[1:]), sorted("'" + value for value in NEW_LEADING))
        sheet = openpyxl.load_workbook(
            io.BytesIO(body(export.response(Institution.objects.all(), exports.XLSX)))
        ).active
        names = [row[column] for row in sheet.iter_rows(min_row=2, values_only=True)]
        self.assertEqual(sorted(names), sorted("'" + value for value in NEW_LEADING))

    def test_an_export_imports_back_unchanged(self):
        # A name can no longer hold a line break at all (single-line text refuses control characters).
        Institution.objects.filter(name_en__startswith="\n").delete()
        export = ListExport(Institution, self.exporter)
        for file_format in (exports.CSV, exports.XLSX):
            with self.subTest(file_format=file_format):
                data = body(export.response(Institution.objects.all(), file_format))
                report = engine.run_import("institutions", data, f"partners.{file_format}", dry_run=False)
                self.assertEqual(report.errors, [])
                self.assertEqual(report.skipped, len(NEW_LEADING) - 1)
        names = [value for value in NEW_LEADING if not value.startswith("\n")]
        self.assertEqual(sorted(Institution.objects.values_list("name_en", flat=True)), sorted(names))

    def test_the_report_tables_neutralise_them_on_the_page_in_the_pdf_and_in_downloads(self):
        table = partner_tables.new_relations(ReportParams.for_year(2013))
        self.assertEqual(sorted(row[0].text for row in table.body_cells), sorted("'" + v for v in NEW_LEADING))
        force_login(self.client, make_reporter())
        url = reverse("reports:table-download", kwargs={"key": "new-relations", "file_format": "csv"})
        rows = read_csv(body(self.client.get(url, {"year": 2013})).decode())
        self.assertEqual(sorted(row[0] for row in rows[1:]), sorted("'" + value for value in NEW_LEADING))
        pdf = pypdf.PdfReader(io.BytesIO(self.client.get(reverse("reports:pdf"), {"year": 2013}).content))
        text = "".join(page.extract_text() for page in pdf.pages)
        self.assertIn("'\uff1dHYPERLINK", text)
        self.assertIn("'\uff20SUM(1+9)", text)


class ImporterTests(TestCase):
    def test_the_importer_refuses_each_as_a_formula(self):
        for value in NEW_LEADING:
            with self.subTest(value=value):
                out = io.StringIO()
                csv.writer(out).writerows([["name_en", "country"], [value, "DE"]])
                report = engine.run_import("institutions", out.getvalue().encode(), "p.csv", dry_run=False)
                self.assertEqual(
                    report.errors,
                    [f"Row 2, name_en: the cell holds a formula ({value}); paste values only."],
                )
        self.assertFalse(Institution.objects.exists())
