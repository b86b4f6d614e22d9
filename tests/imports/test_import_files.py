"""Bad files: wrong type, size, encoding or formulas get a clear message, and nothing is written."""

import datetime

from django.test import TestCase, override_settings

from intl_office.core.models import ImportLog
from intl_office.imports import engine, files
from partners.models import Delegation, Institution
from students.models import InternationalStudent
from tests import factories as f
from tests.imports.spreadsheets import (
    STUDENT_HEADER,
    student_rows,
    xlsx,
)


class BadFileTests(TestCase):
    def assert_refused(self, data, name, message, kind="students"):
        report = engine.run_import(kind, data, name, dry_run=False)
        self.assertIn(message, report.errors)
        self.assertFalse(report.written)
        self.assertEqual(InternationalStudent.objects.count() + Institution.objects.count(), 0)
        self.assertEqual(ImportLog.objects.latest("created_at").error_count, len(report.errors))
        return report

    def test_an_empty_file(self):
        self.assert_refused(b"", "s.csv", "The file is empty.")

    def test_a_file_with_only_blank_lines(self):
        self.assert_refused(b"\n\n,,\n", "s.csv", "The file is empty.")

    def test_a_header_without_records(self):
        self.assert_refused(STUDENT_HEADER.encode() + b"\n", "s.csv", "The file has a header row but no records.")

    def test_a_file_that_is_not_a_spreadsheet(self):
        self.assert_refused(
            b"%PDF-1.7 ...", "s.pdf", "The file is not a CSV or XLSX file. Save it from Excel as .xlsx or CSV."
        )

    def test_an_old_excel_file(self):
        self.assert_refused(
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100,
            "s.xls",
            "This is an old Excel (.xls) file. Save it as .xlsx or CSV and try again.",
        )

    def test_a_broken_xlsx(self):
        self.assert_refused(b"PK\x03\x04 not really a zip", "s.xlsx", "The file is not a readable XLSX workbook.")

    def test_utf16_text(self):
        self.assert_refused(
            student_rows(2).decode().encode("utf-16"),
            "s.csv",
            "The file is not UTF-8 text (it looks like UTF-16). Save it as 'CSV UTF-8' and try again.",
        )

    def test_western_text_that_gbk_would_misread_is_refused(self):
        # Each of these, saved as Windows-1252, is also valid GB18030: "Technische Universit鋞 M黱chen".
        for name in ("Technische Universität München", "Universität Zürich", "École Polytechnique Fédérale"):
            with self.subTest(name=name):
                data = f"name_en,country\n{name},DE\n".encode("cp1252")
                report = self.assert_refused(data, "p.csv", files.WESTERN_TEXT_MESSAGE, kind="institutions")
                self.assertEqual(len(report.errors), 1)

    def test_a_gbk_file_with_chinese_next_to_latin_letters_and_a_rare_character_imports(self):
        f.make_unit(code="sem")
        data = (
            STUDENT_HEADER + ",name_zh,unit\n"
            "S1,Wang,BJTU交换生,KZ,degree,2024-09-01,王镕,sem\n"
            "S2,Li,An,KZ,degree,2024年9月1日,李安娜,sem\n"
        ).encode("gbk")
        report = engine.run_import("students", data, "s.csv", dry_run=False)
        self.assertEqual(report.errors, [])
        self.assertEqual(
            sorted(InternationalStudent.objects.values_list("given_name", "name_zh")),
            [("An", "李安娜"), ("BJTU交换生", "王镕")],
        )

    def test_text_in_neither_utf8_nor_gbk_is_refused_naming_what_it_could_be(self):
        data = "name_en,country\nUniversité,FR\n".encode("cp1252")
        report = engine.run_import("institutions", data, "p.csv", dry_run=False)
        (message,) = report.errors
        self.assertTrue(
            message.startswith(
                "The file is not UTF-8 text, nor GBK/GB18030 text that reads as Chinese; it could be Windows-1252 "
                "(Western European)"
            ),
            message,
        )
        self.assertFalse(Institution.objects.exists())

    @override_settings(IMPORT_MAX_FILE_BYTES=1024 * 1024)
    def test_a_file_over_the_size_limit(self):
        data = student_rows(1) + b"#" * (1024 * 1024)
        self.assert_refused(data, "s.csv", "The file is 1.0 MB; the limit is 1.0 MB. Split it into smaller files.")

    def test_a_formula_in_an_xlsx_cell(self):
        rows = [STUDENT_HEADER.split(","), ["S1", "F", "G", "KZ", "degree", "=DATE(2024,9,1)"]]
        self.assert_refused(
            xlsx(rows), "s.xlsx", "Row 2, arrived_on: the cell holds a formula (=DATE(2024,9,1)); paste values only."
        )

    def test_a_formula_in_a_csv_cell(self):
        data = (STUDENT_HEADER + '\nS1,"=HYPERLINK(""http://x"")",G,KZ,degree,2024-09-01\n').encode()
        self.assert_refused(
            data, "s.csv", 'Row 2, family_name: the cell holds a formula (=HYPERLINK("http://x")); paste values only.'
        )

    def test_a_csv_cell_starting_with_any_formula_sign_is_refused(self):
        for value in ("+SUM(A1)", "@SUM(A1)", " =1+1", "-2+3", "\t=1+1"):
            with self.subTest(value=value):
                data = (STUDENT_HEADER + f'\nS1,"{value}",G,KZ,degree,2024-09-01\n').encode()
                report = self.assert_refused(
                    data, "s.csv", f"Row 2, family_name: the cell holds a formula ({value}); paste values only."
                )
                self.assertEqual(len(report.errors), 1)

    def test_numbers_phone_numbers_and_dates_with_a_sign_are_not_formulas(self):
        data = (
            b"direction,title,starts_on,ends_on,country,leader,people_count\n"
            b"inbound,Visit,2024-09-01,2024-09-03,DE,+86 10 5168 8888,+3\n"
            b"inbound,Talks,2024-10-01,2024-10-03,DE,(010) 5168-8888,4\n"
        )
        report = engine.run_import("delegations", data, "d.csv", dry_run=False)
        self.assertEqual(report.errors, [])
        self.assertEqual(
            sorted(Delegation.objects.values_list("leader", flat=True)), ["(010) 5168-8888", "+86 10 5168 8888"]
        )

    def test_a_day_first_date_is_refused_with_how_to_write_it(self):
        report = engine.run_import("students", student_rows(1, {1: "01/09/2024"}), "s.csv")
        self.assertEqual(report.errors, ["row 2, arrival date: '01/09/2024' is not a date; write it as 2024-09-01"])

    def test_an_unknown_column(self):
        data = b"family_name,nationality,category,shoe_size\nF,KZ,degree,42\n"
        report = self.assert_refused(data, "s.csv", "Unknown column 'shoe_size'.")
        self.assertTrue(report.errors[-1].startswith("The columns of this kind are: Student number, Passport number"))

    def test_a_missing_required_column(self):
        self.assert_refused(b"family_name,category\nF,degree\n", "s.csv", "Missing columns: Nationality.")

    def test_a_column_given_twice(self):
        self.assert_refused(
            b"family_name,nationality,category,category\nF,KZ,degree,degree\n",
            "s.csv",
            "Column 'category' appears twice.",
        )

    def test_values_under_a_blank_header(self):
        self.assert_refused(
            b"family_name,nationality,category,\nF,KZ,degree,oops\n", "s.csv", "Column 4 has values but no header."
        )


class EncodingTests(TestCase):
    def test_a_gbk_encoded_csv_imports_correctly(self):
        f.make_unit(code="sem", name_en="School of Economics and Management", name_zh="经济管理学院")
        text = (
            "student_number,family_name,given_name,name_zh,nationality,category,unit\n"
            "S1,WANG,Anna,王安娜,哈萨克斯坦,degree,经济管理学院\n"
        )
        report = engine.run_import("students", text.encode("gbk"), "学生.csv", dry_run=False)
        self.assertEqual(report.errors, [])
        student = InternationalStudent.objects.get()
        self.assertEqual((student.name_zh, student.nationality.code, student.unit.code), ("王安娜", "KZ", "sem"))

    def test_headers_may_be_the_plain_english_names(self):
        data = b"Student number,Family name,Nationality,Category,Arrival date\nS1,Smith,GB,degree,2024-09-01\n"
        report = engine.run_import("students", data, "s.csv", dry_run=False)
        self.assertEqual(report.errors, [])
        self.assertEqual(InternationalStudent.objects.get().arrived_on, datetime.date(2024, 9, 1))

    def test_semicolons_inside_cells_do_not_split_a_comma_separated_file(self):
        f.make_institution(name_en="KU Leuven")
        f.make_institution(name_en="Ghent University")
        rows = "".join(f"Exchange {n},student_exchange,KU Leuven; Ghent University,2024-01-0{n}\n" for n in range(1, 6))
        report = engine.run_import(
            "agreements", f"title,kind,partners,starts_on\n{rows}".encode(), "a.csv", dry_run=False
        )
        self.assertEqual(report.errors, [])
        self.assertEqual(report.created, 5)

    def test_a_utf8_file_with_a_byte_order_mark_and_semicolons(self):
        data = "\ufefffamily_name;nationality;category\nMüller;DE;exchange\n".encode()
        report = engine.run_import("students", data, "s.csv", dry_run=False)
        self.assertEqual(report.errors, [])
        self.assertEqual(InternationalStudent.objects.get().family_name, "Müller")
