"""An admin list's CSV export, field by field: on PostgreSQL the database writes the lines
(intl_office.imports.sql_rows), elsewhere Python's csv module does; either way the file reads back the same."""

import csv
import datetime
import io

from django.test import TestCase
from django.utils import translation

from intl_office.core import spreadsheets as exports
from intl_office.imports.list_export import ListExport
from students.models import InternationalStudent
from tests.factories import make_institution, make_student, make_unit
from tests.imports.test_list_exports import PERSONAL, body, make_exporter

TEXTS = [
    "=1+1",
    "+86 10 5168 8888",
    "\t=1+1",
    "\u3000\uff1d1+1",
    "a=b",
    'Quote " and, comma',
    "Line one\nline two\r\nline three",
    "努尔兰·努尔兰诺夫",
    "",
]


def read(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(body(response).decode("utf-8-sig"), newline="")))


class CsvListExportFieldTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        unit = make_unit(code="civil", name_en="School of Civil Engineering")
        leuven = make_institution(name_en="KU Leuven")
        for n, text in enumerate(TEXTS):
            make_student(
                family_name=text or "Nurlanov",
                given_name=text,
                name_zh=text,
                unit=unit if n % 2 else None,
                home_institution=leuven if n % 3 else None,
                gender="" if n % 2 else "male",
                graduated_on=None if n % 2 else datetime.date(2027, 6, 30),
                residence_permit_reminder_days=30 if n % 2 else 45,
            )
        cls.trusted = make_exporter("trusted", personal_data=True)
        cls.exporter = make_exporter()

    def by_python(self, user) -> list[list[str]]:
        export = ListExport(InternationalStudent, user)
        rows = export.csv_rows(InternationalStudent.objects.order_by("pk"))
        text = "".join(exports.csv_lines(export.header, rows, prepared=True))
        return list(csv.reader(io.StringIO(text.removeprefix(exports.CSV_BOM), newline="")))

    def export(self, user) -> list[list[str]]:
        return read(ListExport(InternationalStudent, user).response(InternationalStudent.objects.order_by("pk"), "csv"))

    def test_the_file_reads_back_as_the_python_path_writes_it(self):
        self.assertEqual(self.export(self.trusted), self.by_python(self.trusted))

    def test_formula_like_text_gets_the_apostrophe_and_quotes_commas_and_line_breaks_survive(self):
        rows = self.export(self.trusted)
        column = rows[0].index("Given name")
        given = [row[column] for row in rows[1:]]
        self.assertEqual(given, ["'" + text for text in TEXTS[:4]] + TEXTS[4:])

    def test_labels_dates_and_numbers_are_written_as_the_clerk_reads_them(self):
        rows = self.export(self.trusted)
        row = dict(zip(rows[0], rows[1], strict=True))
        self.assertEqual(
            (row["Nationality"], row["Category"], row["Gender"], row["Graduation or completion date"]),
            ("Kazakhstan", "Degree student", "Male", "2027-06-30"),
        )
        self.assertEqual(row["Permit reminder lead time (days)"], "45")
        with translation.override("zh-hans"):
            rows = self.export(self.trusted)
            self.assertEqual(rows, self.by_python(self.trusted))
        self.assertEqual(dict(zip(rows[0], rows[1], strict=True))["国籍"], "哈萨克斯坦")

    def test_personal_columns_are_left_out_without_the_permission(self):
        rows = self.export(self.exporter)
        for column in PERSONAL:
            self.assertNotIn(column, rows[0])
        self.assertEqual(rows, self.by_python(self.exporter))
        passports = set(InternationalStudent.objects.values_list("passport_number", flat=True))
        self.assertFalse(passports & {field for row in rows for field in row})
