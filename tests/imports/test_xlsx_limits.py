"""XLSX bombs: a workbook that unpacks to too much, holds too many cells, columns or shared texts, or declares XML
entities is refused from its zip directory and a streamed count, before openpyxl parses it, and the refusal is logged.
"""

import io
from unittest import mock

import openpyxl
from defusedxml import DefusedXmlException
from django.test import TestCase, override_settings

from intl_office.core.models import ImportLog
from intl_office.imports import engine, xlsx
from intl_office.imports.limits import Limits
from partners.models import Institution
from tests.imports import hostile


class XlsxLimitTests(TestCase):
    def refusal(self, data: bytes, *, parsed: bool = False) -> str:
        """The one message refusing ``data``; openpyxl never opened the file unless ``parsed``."""
        with mock.patch("openpyxl.load_workbook", wraps=openpyxl.load_workbook) as load:
            report = engine.run_import("institutions", data, "partners.xlsx", dry_run=True)
        self.assertEqual(load.called, parsed)
        self.assertEqual(len(report.errors), 1, report.errors)
        log = ImportLog.objects.latest("pk")
        self.assertEqual((log.status, log.created_count, log.error), (ImportLog.Status.FAILED, 0, report.errors[0]))
        self.assertFalse(Institution.objects.exists())
        return report.errors[0]

    def test_a_huge_shared_strings_table_is_refused_from_the_zip_directory(self):
        data = hostile.shared_strings_bomb()
        self.assertLess(len(data), 1024 * 1024)
        message = self.refusal(data)
        self.assertIn("The file was refused before reading it: it unpacks to 221.3 MB; the limit is 64.0 MB.", message)

    @override_settings(IMPORT_XLSX_MAX_UNCOMPRESSED_BYTES=1024**3)
    def test_under_a_raised_total_the_shared_strings_table_has_its_own_size_limit(self):
        message = self.refusal(hostile.shared_strings_bomb())
        self.assertIn("the shared-strings table unpacks to 221.3 MB; the limit is 16.0 MB", message)

    def test_too_many_shared_texts_are_refused_by_counting_them(self):
        with override_settings(IMPORT_XLSX_MAX_SHARED_STRINGS=1000):
            message = self.refusal(hostile.many_strings(1001))
        self.assertIn("its shared-strings table holds more than 1000 texts; the limit is 1000 texts", message)

    def test_millions_of_empty_cells_are_refused_by_counting_them(self):
        data = hostile.cells_bomb()
        self.assertLess(len(data), 1024 * 1024)
        message = self.refusal(data)
        self.assertIn("its first sheet holds more than 1000000 cells (empty formatted cells count too)", message)

    @override_settings(IMPORT_MAX_ROWS=10)
    def test_a_sheet_with_too_many_rows_is_refused_by_counting_them(self):
        rows = "".join(
            f'<row r="{n}">{hostile.inline(f"A{n}", f"U{n}")}{hostile.inline(f"B{n}", "EE")}</row>'
            for n in range(2, 13)
        )
        message = self.refusal(hostile.with_sheet(rows))
        self.assertIn("its first sheet has more than 11 rows (empty formatted rows count too)", message)

    def test_a_cell_in_the_last_column_is_refused_without_padding_every_row(self):
        # The sheet declares A1:XFD1048576: read as declared, openpyxl would pad each row to 16,384 cells.
        message = self.refusal(hostile.far_cell(), parsed=True)
        self.assertIn("row 2 of its first sheet reaches column 16384; the limit is 100 columns", message)

    def test_a_declared_size_alone_pads_nothing(self):
        data = hostile.with_sheet(
            f'<row r="2">{hostile.inline("A2", "University of Tartu")}{hostile.inline("B2", "EE")}</row>',
            dimension="A1:XFD1048576",
        )
        rows, _formulas = xlsx.read_rows(data, Limits.from_settings())
        self.assertEqual(rows, [(1, ["name_en", "country"]), (2, ["University of Tartu", "EE"])])
        report = engine.run_import("institutions", data, "partners.xlsx", dry_run=False)
        self.assertEqual(report.errors, [])
        self.assertEqual(Institution.objects.get().name_en, "University of Tartu")

    @override_settings(IMPORT_MAX_COLUMNS=3)
    def test_the_column_limit_can_be_lowered(self):
        data = hostile.workbook([["name_en", "country", "city", "website"], ["University of Tartu", "EE", "Tartu", ""]])
        self.assertIn(
            "row 1 of its first sheet reaches column 4; the limit is 3 columns", self.refusal(data, parsed=True)
        )

    def test_a_billion_laughs_entity_is_refused_in_any_part(self):
        for part in (hostile.SHARED_STRINGS, "xl/workbook.xml", "xl/styles.xml", hostile.SHEET):
            with self.subTest(part=part):
                message = self.refusal(hostile.billion_laughs(part))
                self.assertIn(f"{part} declares a document type or entities, which spreadsheets never do", message)

    def test_openpyxl_itself_parses_with_defusedxml(self):
        # The second line of defence, should a declaration ever pass the check above.
        self.assertTrue(openpyxl.DEFUSEDXML)
        for part in (hostile.SHARED_STRINGS, hostile.SHEET):
            with self.subTest(part=part), self.assertRaises(ValueError) as refused:
                workbook = openpyxl.load_workbook(io.BytesIO(hostile.billion_laughs(part)), read_only=True)
                list(workbook.worksheets[0].iter_rows())
            # openpyxl words it as its own ValueError, caused by defusedxml's refusal.
            self.assertIsInstance(refused.exception.__cause__, DefusedXmlException)

    def test_a_workbook_of_too_many_parts_is_refused(self):
        message = self.refusal(hostile.too_many_parts(300))
        self.assertIn("the workbook has 309 parts; the limit is 200 parts", message)

    def test_a_big_part_other_than_a_sheet_is_refused(self):
        styles = b'<?xml version="1.0" encoding="UTF-8"?><styleSheet>' + b" " * (5 * 1024 * 1024) + b"</styleSheet>"
        message = self.refusal(hostile.with_parts(hostile.workbook(), {"xl/styles.xml": styles}))
        self.assertIn("xl/styles.xml unpacks to 5.0 MB; the limit is 4.0 MB", message)

    def test_a_part_that_unpacks_to_more_than_its_directory_says_is_refused_as_damaged(self):
        data = bytearray(hostile.workbook())
        # The central directory's uncompressed size of the first sheet, made smaller than it is.
        sheet = data.rfind(hostile.SHEET.encode())
        header = data.rfind(b"PK\x01\x02", 0, sheet)
        data[header + 24 : header + 28] = (10).to_bytes(4, "little")
        message = self.refusal(bytes(data))
        self.assertIn("a part of it is damaged", message)

    def test_a_workbook_in_utf16_xml_is_refused(self):
        sheet = hostile.sheet_xml(hostile.HEADER_ROW).decode().replace("UTF-8", "UTF-16").encode("utf-16")
        message = self.refusal(hostile.with_parts(hostile.workbook(), {hostile.SHEET: sheet}))
        self.assertIn(f"{hostile.SHEET} is not UTF-8 XML", message)

    def test_an_ordinary_workbook_is_still_imported(self):
        report = engine.run_import("institutions", hostile.workbook(), "partners.xlsx", dry_run=False)
        self.assertEqual(report.errors, [])
        self.assertEqual(Institution.objects.get().name_en, "University of Tartu")
        self.assertEqual(ImportLog.objects.get().status, ImportLog.Status.IMPORTED)


class CsvLimitTests(TestCase):
    def refusal(self, data: bytes) -> str:
        report = engine.run_import("institutions", data, "partners.csv", dry_run=True)
        self.assertEqual(len(report.errors), 1, report.errors)
        self.assertEqual(ImportLog.objects.get().status, ImportLog.Status.FAILED)
        return report.errors[0]

    def test_a_line_with_too_many_columns(self):
        data = b"name_en,country\nUniversity of Tartu,EE" + b"," * 200 + b"\n"
        self.assertIn("row 2 has 202 columns; the limit is 100 columns", self.refusal(data))

    @override_settings(IMPORT_MAX_CELLS=10)
    def test_too_many_cells(self):
        data = b"name_en,country\n" + b"".join(b"University %d,EE\n" % n for n in range(5))
        self.assertIn("it holds more than 10 cells; the limit is 10 cells", self.refusal(data))

    @override_settings(IMPORT_MAX_ROWS=3)
    def test_too_many_records_are_refused_as_soon_as_they_are_read(self):
        data = b"name_en,country\n" + b"".join(b"University %d,EE\n" % n for n in range(5))
        self.assertEqual(self.refusal(data), "The file has more than 3 records. Split it into smaller files.")
