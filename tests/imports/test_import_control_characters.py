"""Imported text: a NUL, a bell, an escape or any other control character is refused, naming the row and column;
tab and line breaks are kept in a multi-line column, line breaks refused in a single-line one."""

import csv
import io

from django.test import TestCase

from intl_office.core.models import ImportLog
from intl_office.imports import engine
from partners.models import Delegation, Institution
from tests.imports.spreadsheets import xlsx


def csv_file(rows) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode()


class ImportedControlCharacterTests(TestCase):
    def test_a_nul_a_bell_and_an_escape_are_refused_with_row_and_column(self):
        data = csv_file(
            [
                ["name_en", "country", "city"],
                ["University\x00 of Tartu", "EE", "Tartu"],
                ["KU Leuven", "BE", "Leu\x07ven"],
                ["Aalto University", "FI", "\x1b[31mEspoo"],
                ["Ghent University\x7f", "BE", "Ghent"],
            ]
        )
        report = engine.run_import("institutions", data, "partners.csv", dry_run=False)
        problems = [m for m in report.errors if "control character" in m]
        self.assertEqual(
            problems,
            [
                "row 2, English name: contains the control character U+0000 (NUL), which text may not hold; remove it",
                "row 3, city: contains the control character U+0007 (BEL), which text may not hold; remove it",
                "row 4, city: contains the control character U+001B (ESC), which text may not hold; remove it",
                "row 5, English name: contains the control character U+007F (DEL), which text may not hold; remove it",
            ],
        )
        self.assertFalse(Institution.objects.exists())
        self.assertEqual(ImportLog.objects.get().status, ImportLog.Status.FAILED)

    def test_a_line_break_in_a_single_line_column_is_refused(self):
        data = csv_file([["name_en", "country", "city"], ["University of Tartu", "EE", "Tartu\nEstonia"]])
        report = engine.run_import("institutions", data, "partners.csv", dry_run=False)
        self.assertEqual(report.errors, ["row 2, city: contains a line break, but this field takes a single line"])

    def test_a_multi_line_column_keeps_tab_and_line_breaks_and_refuses_other_control_characters(self):
        description = "Founded in 1632.\nFaculties:\tarts, science\r\nCampus in Tartu"
        data = csv_file([["name_en", "country", "description_en"], ["University of Tartu", "EE", description]])
        report = engine.run_import("institutions", data, "partners.csv", dry_run=False)
        self.assertEqual(report.errors, [])
        self.assertEqual(Institution.objects.get().description_en, description)

        data = csv_file([["name_en", "country", "description_en"], ["University of Tartu", "EE", "Founded\x0c 1632"]])
        report = engine.run_import("institutions", data, "partners.csv", dry_run=False)
        self.assertEqual(
            report.errors,
            [
                "row 2, English description: contains the control character U+000C (FF), which text may not hold; "
                "remove it"
            ],
        )
        self.assertEqual(Institution.objects.get().description_en, description)

    def test_an_xlsx_cell_is_checked_too(self):
        # XML cannot hold C0 controls at all (such a sheet is unreadable); DEL it can.
        rows = [
            ["direction", "title", "starts_on", "ends_on", "country", "leader", "purpose"],
            ["inbound", "Visit", "2024-09-01", "2024-09-03", "DE", "Anna\x7fSchmidt", "Talks\nand\tvisits"],
        ]
        report = engine.run_import("delegations", xlsx(rows), "d.xlsx", dry_run=False)
        self.assertEqual(
            report.errors,
            ["row 2, leader: contains the control character U+007F (DEL), which text may not hold; remove it"],
        )
        self.assertFalse(Delegation.objects.exists())
