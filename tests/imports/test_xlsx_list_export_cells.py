"""An admin list's XLSX export, cell by cell: on PostgreSQL the database writes the rows (intl_office.imports.sql_rows),
elsewhere openpyxl does; either way the file reads back with the same types, labels, text and columns."""

import datetime
import io

import openpyxl
from django.test import TestCase
from django.utils import translation

from intl_office.core import spreadsheets as exports
from intl_office.imports import sql_rows
from intl_office.imports.list_export import ListExport
from programs.models import Program
from students.models import InternationalStudent
from tests.factories import make_institution, make_student, make_unit
from tests.imports.test_list_exports import PERSONAL, body, make_exporter

# Text a spreadsheet would run, or hide behind blanks and control characters, and what the cell must hold.
FORMULA_LIKE = {
    "=1+1": "'=1+1",
    "+86 10 5168 8888": "'+86 10 5168 8888",
    "-2+3": "'-2+3",
    "@SUM(A1)": "'@SUM(A1)",
    "\t=1+1": "'\t=1+1",
    "  =1+1": "'  =1+1",
    "\u3000\uff1d1+1": "'\u3000\uff1d1+1",
    "\x01=1+1": "'=1+1",
    "a=b": "a=b",
}


def read(response) -> tuple[list, list[dict]]:
    """The header and the rows (header -> cell) of an export's first sheet."""
    sheet = openpyxl.load_workbook(io.BytesIO(body(response))).active
    rows = list(sheet.iter_rows())
    header = [cell.value for cell in rows[0]]
    return header, [dict(zip(header, row, strict=False)) for row in rows[1:]]


def export(user):
    return ListExport(InternationalStudent, user).response(InternationalStudent.objects.order_by("pk"), "xlsx")


class XlsxListExportCellTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.unit = make_unit(code="civil", name_en="School of Civil Engineering")
        cls.student = make_student(
            family_name='Nurlanov & <Sons> "Ltd"',
            given_name="Line one\nline two",
            name_zh="努尔兰·努尔兰诺夫",
            nationality="KZ",
            unit=cls.unit,
            home_institution=make_institution(name_en="KU Leuven"),
            date_of_birth=datetime.date(1999, 12, 31),
            arrived_on=datetime.date(2013, 9, 1),
            graduated_on=None,
            residence_permit_reminder_days=45,
            phone="",
            email="nurlan@example.org",
        )
        cls.exporter = make_exporter()
        cls.trusted = make_exporter("trusted", personal_data=True)

    def test_the_student_list_is_written_by_the_database_on_postgresql_and_a_list_with_partners_by_openpyxl(self):
        self.assertIsNotNone(sql_rows.cells_for(ListExport(InternationalStudent, self.trusted)))
        # A program's partner institutions are a many-to-many column, read from the instances.
        self.assertIsNone(sql_rows.cells_for(ListExport(Program, self.trusted)))

    def test_numbers_are_numbers_dates_are_dates_in_a_date_format_and_text_is_text(self):
        header, rows = read(export(self.trusted))
        row = rows[0]
        self.assertEqual(header, ListExport(InternationalStudent, self.trusted).header)
        days = row["Permit reminder lead time (days)"]
        self.assertEqual((days.value, days.data_type), (45, "n"))
        arrived = row["Arrival date"]
        self.assertEqual((arrived.value, arrived.data_type), (datetime.datetime(2013, 9, 1), "d"))
        self.assertEqual(arrived.number_format, "yyyy-mm-dd")
        self.assertTrue(arrived.is_date)
        self.assertEqual(row["Date of birth"].value, datetime.datetime(1999, 12, 31))
        number = row["Student number"]
        self.assertEqual((number.value, number.data_type), (self.student.student_number, "s"))
        self.assertEqual(row["BJTU unit"].value, "civil")
        self.assertEqual(row["Home institution"].value, "KU Leuven")

    def test_empty_values_are_empty_cells_and_the_next_columns_keep_their_place(self):
        _header, rows = read(export(self.trusted))
        row = rows[0]
        self.assertIsNone(row["Graduation or completion date"].value)
        self.assertIsNone(row["Phone"].value)
        self.assertIsNone(row["Program"].value)
        self.assertEqual(row["Email"].value, "nurlan@example.org")
        self.assertEqual(row["Departure date"].value, datetime.datetime(2028, 7, 1))

    def test_chinese_text_markup_characters_quotes_and_line_breaks_come_back_unchanged(self):
        row = read(export(self.trusted))[1][0]
        self.assertEqual(row["Chinese name"].value, "努尔兰·努尔兰诺夫")
        self.assertEqual(row["Family name"].value, 'Nurlanov & <Sons> "Ltd"')
        self.assertEqual(row["Given name"].value, "Line one\nline two")

    def test_choices_and_countries_are_labels_in_the_active_language(self):
        row = read(export(self.trusted))[1][0]
        self.assertEqual(
            (row["Nationality"].value, row["Category"].value, row["Status"].value),
            ("Kazakhstan", "Degree student", "Enrolled"),
        )
        with translation.override("zh-hans"):
            row = read(export(self.trusted))[1][0]
        self.assertEqual((row["国籍"].value, row["类别"].value), ("哈萨克斯坦", "学历生"))

    def test_control_characters_xml_cannot_hold_are_removed_and_tabs_kept(self):
        make_student(family_name="Bell\x07 and\x1b escape", given_name="Tab\there", student_number="S-CONTROL")
        rows = read(export(self.trusted))[1]
        row = next(r for r in rows if r["Student number"].value == "S-CONTROL")
        self.assertEqual((row["Family name"].value, row["Given name"].value), ("Bell and escape", "Tab\there"))

    def test_formula_like_text_is_text_with_the_apostrophe_and_never_a_formula(self):
        for n, text in enumerate(FORMULA_LIKE):
            make_student(family_name=text, student_number=f"S-FORMULA-{n}")
        rows = read(export(self.trusted))[1]
        found = {r["Student number"].value: r["Family name"] for r in rows}
        for n, expected in enumerate(FORMULA_LIKE.values()):
            with self.subTest(text=expected):
                cell = found[f"S-FORMULA-{n}"]
                self.assertEqual((cell.value, cell.data_type), (expected, "s"))

    def test_personal_columns_are_left_out_without_the_permission(self):
        header, rows = read(export(self.exporter))
        for column in PERSONAL:
            self.assertNotIn(column, header)
        values = [cell.value for row in rows for cell in row.values()]
        self.assertNotIn(self.student.passport_number, values)
        self.assertNotIn("nurlan@example.org", values)
        self.assertEqual(len(header), len(ListExport(InternationalStudent, self.exporter).columns))
        self.assertIn("Passport number", read(export(self.trusted))[0])

    def test_the_database_writes_the_same_cells_as_openpyxl(self):
        # Days around Excel's 29 February 1900 and before its first day, which openpyxl shifts by one.
        for n, day in enumerate((1, 59, 60, 61, -400)):
            make_student(
                insurance_expires_on=datetime.date(1899, 12, 30) + datetime.timedelta(days=day), given_name=f"D{n}"
            )
        for text in FORMULA_LIKE:
            make_student(given_name=text, gender="", funding="")
        queryset = InternationalStudent.objects.order_by("pk")
        list_export = ListExport(InternationalStudent, self.trusted)
        by_openpyxl = exports.xlsx_response(
            "students.xlsx", [exports.Sheet("students", list_export.header, list_export.xlsx_rows(queryset))]
        )
        header, rows = read(export(self.trusted))
        expected_header, expected_rows = read(by_openpyxl)
        self.assertEqual(header, expected_header)
        self.assertEqual(len(rows), len(expected_rows))
        for row, expected in zip(rows, expected_rows, strict=True):
            for column in header:
                cell, wanted = row[column], expected[column]
                self.assertEqual((column, cell.value), (column, wanted.value))
                # openpyxl writes "" as an empty text cell, the database as an empty cell: both read as None.
                if wanted.value is not None:
                    self.assertEqual((cell.data_type, cell.number_format), (wanted.data_type, wanted.number_format))

    def test_a_distinct_list_ordered_by_another_column_is_written_by_openpyxl_with_its_columns_intact(self):
        queryset = InternationalStudent.objects.distinct().order_by("-created_at")
        self.assertIsNone(sql_rows.cells_for(ListExport(InternationalStudent, self.trusted), queryset))
        header, rows = read(ListExport(InternationalStudent, self.trusted).response(queryset, "xlsx"))
        self.assertEqual(header, ListExport(InternationalStudent, self.trusted).header)
        self.assertEqual([len(row) for row in rows], [len(header)])
        self.assertEqual(rows[0]["Arrival date"].value, datetime.datetime(2013, 9, 1))

    def test_an_export_no_row_matches_holds_the_header_alone(self):
        response = ListExport(InternationalStudent, self.exporter).response(
            InternationalStudent.objects.filter(pk__in=[]), "xlsx"
        )
        header, rows = read(response)
        self.assertEqual((header[0], rows), ("Student number", []))

    def test_the_sheet_keeps_a_bold_frozen_header_and_widths_from_the_first_rows(self):
        response = export(self.trusted)
        sheet = openpyxl.load_workbook(io.BytesIO(body(response))).active
        self.assertEqual(sheet.freeze_panes, "A2")
        self.assertTrue(sheet["A1"].font.bold)
        self.assertEqual(sheet.title, "international students")
        self.assertGreater(sheet.column_dimensions["C"].width, 8)
