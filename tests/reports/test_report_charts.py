"""Charts where people would rather look than read: SVG on the page and in the PDF, native charts in the workbook.

Years before the first record of a kind are left out or marked "no records", never drawn as zero.
"""

import io
import re
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path

import openpyxl
import pypdf
from django.test import TestCase
from django.urls import reverse

from intl_office.reports import charts, trends
from intl_office.reports.base import NO_RECORDS
from intl_office.reports.params import ReportParams
from tests.factories import force_login
from tests.personas import make_reporter
from tests.reports.known_records import YEAR, build_known_records

CHART_TITLES = ["Partners", "Delegations (person-times)", "BJTU students abroad", "International students"]


def x_labels(svg: str) -> list[str]:
    return re.findall(r'text-anchor="middle" fill="#555">(\d{4})<', svg)


def workbook_bytes(client, **query) -> bytes:
    response = client.get(reverse("reports:workbook"), {"year": YEAR, **query})
    return b"".join(response.streaming_content)


class TrendChartTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        # Delegations and BJTU students abroad are recorded from 2012, international students from 2012, foreign
        # teachers from 2011; some partners have no recorded start and count in every year.
        build_known_records()
        cls.table = trends.trends(ReportParams.for_year(YEAR))
        cls.charts = dict(
            zip([str(t) for t, _attrs in charts.CHART_GROUPS], charts.trend_charts(cls.table), strict=True)
        )

    def test_the_trends_table_says_no_records_for_years_before_the_first_record_never_zero(self):
        by_year = {row[0]: row for row in self.table.rows}
        inbound = 1 + [attr for attr, _label in trends.TREND_COLUMNS].index("inbound_delegation_person_times")
        self.assertEqual(by_year[2011][inbound], NO_RECORDS)
        self.assertEqual(str(by_year[2011][inbound]), "no records")
        self.assertEqual(by_year[2012][inbound], 9)
        self.assertNotIn(0, [row[inbound] for row in self.table.rows])

    def test_a_chart_starts_with_the_first_year_that_has_records(self):
        self.assertEqual(x_labels(self.charts["Delegations (person-times)"]), ["2012", "2013"])
        self.assertEqual(x_labels(self.charts["International students"]), ["2012", "2013"])
        # Partners without a recorded start count in every year: the whole ten years are drawn.
        self.assertEqual(x_labels(self.charts["Partners"]), [str(y) for y in range(YEAR - 9, YEAR + 1)])

    def test_a_year_without_records_gets_no_point_and_a_real_zero_is_drawn_as_zero(self):
        svg = self.charts["Foreign teachers and experts"]
        # Appointments are recorded from 2011: no point for 2010, and nobody taught long-term in 2012.
        self.assertEqual(x_labels(svg), ["2011", "2012", "2013"])
        self.assertNotIn("Long-term foreign teachers, 2010", svg)
        self.assertIn("Long-term foreign teachers, 2011: 1", svg)
        self.assertIn("Long-term foreign teachers, 2012: 0", svg)

    def test_a_series_starting_later_than_its_chart_says_so_in_the_legend(self):
        svg = charts.line_chart(
            "Visits", ["2011", "2012", "2013"], [charts.Series("A", [1, 2, 3]), charts.Series("B", [NO_RECORDS, 4, 5])]
        )
        self.assertIn(">B (records from 2012)<", svg)
        self.assertEqual(svg.count("<polyline"), 2)
        self.assertEqual(svg.count("<circle"), 5)

    def test_a_long_legend_wraps_onto_another_line_instead_of_overlapping(self):
        names = ["BJTU students abroad", "Abroad through agreements or programs", "Abroad after graduation"]
        svg = charts.line_chart("Abroad", ["2013"], [charts.Series(name, [1]) for name in names])
        rows = [float(y) for y in re.findall(r'<text class="legend" x="[\d.]+" y="([\d.]+)"', svg)]
        self.assertEqual(len(set(rows)), 2)
        self.assertIn('height="274"', svg)
        # Entries sharing a line are apart by at least the estimated width of the one on the left.
        places = charts.legend_layout(names, charts.WIDTH - charts.LEFT - charts.RIGHT)
        for (x1, line1), (x2, line2), name in zip(places, places[1:], names, strict=False):
            if line1 == line2:
                self.assertGreaterEqual(x2 - x1, charts.LEGEND_SWATCH + charts.text_width(name))


class WorkbookChartTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        build_known_records()
        cls.reporter = make_reporter()

    def setUp(self):
        force_login(self.client, self.reporter)

    def test_the_workbook_opens_on_a_summary_sheet_with_the_key_figures_and_native_charts_beside_them(self):
        content = workbook_bytes(self.client)
        parts = zipfile.ZipFile(io.BytesIO(content)).namelist()
        for n in range(1, 6):
            self.assertIn(f"xl/charts/chart{n}.xml", parts)
        archive = zipfile.ZipFile(io.BytesIO(content))
        # The charts are drawn on the first sheet, from its own cells.
        sheet_rels = archive.read("xl/worksheets/_rels/sheet1.xml.rels").decode()
        self.assertIn("drawing", sheet_rels)
        chart = archive.read("xl/charts/chart2.xml").decode()
        self.assertIn("'Summary'!$D$", chart)
        self.assertIn("Delegations (person-times)", chart)
        workbook = openpyxl.load_workbook(io.BytesIO(content))
        self.assertEqual(workbook.sheetnames[0], "Summary")
        summary = workbook["Summary"]
        rows = {row[0]: row[1:] for row in summary.iter_rows(values_only=True) if row[0]}
        self.assertEqual(rows["Figure"][:4], ("2013", "2012", "Change", "Change (%)"))
        self.assertEqual(rows["Inbound delegation person-times"][:3], (12, 9, 3))
        # The trend figures the charts draw: empty before the first record, so the chart leaves a gap.
        self.assertIsNone(rows[2011][2])
        self.assertEqual(rows[2012][2], 9)

    def test_the_workbook_opens_in_libreoffice(self):
        soffice = shutil.which("soffice") or shutil.which("libreoffice")
        if soffice is None:
            self.skipTest("LibreOffice is not installed (make system-deps installs it)")
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "report.xlsx"
            path.write_bytes(workbook_bytes(self.client))
            subprocess.run(
                [
                    soffice,
                    f"-env:UserInstallation=file://{folder}/profile",
                    "--headless",
                    "--convert-to",
                    "pdf",
                    "--outdir",
                    folder,
                    str(path),
                ],
                check=True,
                capture_output=True,
                timeout=180,
            )
            reader = pypdf.PdfReader(Path(folder) / "report.pdf")
            first = reader.pages[0].extract_text()
        self.assertIn("Key figures", first)
        self.assertIn("Inbound delegation person-times", first)
