"""Cells a spreadsheet would run as a formula come back inert, in every CSV and XLSX the app writes."""

import csv
import datetime
import io

import openpyxl
from django.test import SimpleTestCase, TestCase
from django.urls import reverse

from intl_office.core import spreadsheets as exports
from intl_office.imports.list_export import ListExport
from students.models import InternationalStudent
from tests.factories import force_login, make_institution, make_student, make_user
from tests.personas import make_reporter

# django-import-export's own escaping only catches "=": each of these would still run.
DANGEROUS = [
    '=HYPERLINK("http://evil.example","click")',
    "+1+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+9)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


class NeutraliseTests(SimpleTestCase):
    def test_each_formula_trigger_gets_a_leading_apostrophe(self):
        for value in DANGEROUS:
            self.assertEqual(exports.neutralise(value), "'" + value)

    def test_ordinary_text_numbers_and_dates_are_left_alone(self):
        for value in ("Leuven", "鲁汶大学", "", None, -5, 3.5, datetime.date(2013, 9, 1), "O'Brien", "a=b"):
            self.assertEqual(exports.neutralise(value), value)

    def test_a_negative_number_stays_a_number_in_csv_and_xlsx(self):
        self.assertEqual(exports.csv_text(-5), "-5")
        self.assertEqual(exports.xlsx_value(-5), -5)
        self.assertEqual(exports.xlsx_value("-5"), "'-5")

    def test_csv_lines_neutralise_the_header_and_every_cell(self):
        text = "".join(exports.csv_lines(["=name"], [[value] for value in DANGEROUS]))
        rows = list(csv.reader(io.StringIO(text.removeprefix(exports.CSV_BOM), newline="")))
        self.assertEqual(rows[0], ["'=name"])
        self.assertEqual([row[0] for row in rows[1:]], ["'" + value for value in DANGEROUS])

    def test_an_xlsx_sheet_stores_them_as_text_with_the_apostrophe(self):
        out, _rows = exports.build_workbook([exports.Sheet("t", ["=h"], [[value, -1] for value in DANGEROUS])])
        sheet = openpyxl.load_workbook(out).active
        self.assertEqual(sheet["A1"].value, "'=h")
        for row, value in zip(sheet.iter_rows(min_row=2), DANGEROUS, strict=True):
            self.assertEqual(row[0].value, "'" + value)
            self.assertEqual(row[0].data_type, "s")
            self.assertEqual(row[1].value, -1)


class ExportedFilesNeutraliseTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        for n, name in enumerate(DANGEROUS):
            make_institution(name_en=name, relations_since=datetime.date(2013, 1, n + 1))
            make_student(family_name=name)
        cls.reporter = make_reporter()
        cls.exporter = make_user("exporter", perms=("intl_office.export_records", "students.view_internationalstudent"))

    def test_a_report_table_download_neutralises_record_names(self):
        force_login(self.client, self.reporter)
        url = reverse("reports:table-download", kwargs={"key": "new-relations", "file_format": "csv"})
        rows = list(csv.reader(io.StringIO(body(self.client.get(url, {"year": 2013})).decode("utf-8-sig"))))
        self.assertEqual(sorted(row[0] for row in rows[1:]), sorted("'" + value for value in DANGEROUS))

        url = reverse("reports:table-download", kwargs={"key": "new-relations", "file_format": "xlsx"})
        sheet = openpyxl.load_workbook(io.BytesIO(body(self.client.get(url, {"year": 2013})))).active
        names = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
        self.assertEqual(sorted(names), sorted("'" + value for value in DANGEROUS))

    def test_a_list_export_neutralises_record_names_in_csv_and_xlsx(self):
        export = ListExport(InternationalStudent, self.exporter)
        column = export.header.index("Family name")
        rows = [row[column] for row in export.csv_rows(InternationalStudent.objects.all())]
        self.assertEqual(sorted(rows), sorted("'" + value for value in DANGEROUS))

        response = export.response(InternationalStudent.objects.all(), exports.XLSX)
        sheet = openpyxl.load_workbook(io.BytesIO(body(response))).active
        names = [row[column] for row in sheet.iter_rows(min_row=2, values_only=True)]
        self.assertEqual(sorted(names), sorted("'" + value for value in DANGEROUS))
