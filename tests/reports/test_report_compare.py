"""Comparing two years: every table gains the second year's figures and the change, in the page and in every file."""

import csv
import io

import openpyxl
import pypdf
from django.test import TestCase
from django.urls import reverse
from django.utils import translation

from intl_office.reports import annual
from intl_office.reports.base import NoRecords
from intl_office.reports.params import ReportParams
from tests.factories import force_login
from tests.personas import make_reporter
from tests.reports.known_records import YEAR, build_known_records

OTHER = YEAR - 1
QUERY = {"year": YEAR, "compare_year": OTHER}


def is_figure(value) -> bool:
    return isinstance(value, NoRecords) or (isinstance(value, int | float) and not isinstance(value, bool))


class CompareTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        build_known_records()
        cls.reporter = make_reporter()

    def setUp(self):
        translation.activate("en")
        self.addCleanup(translation.deactivate)

    def tables(self, key):
        return (
            annual.table(key, ReportParams.for_year(YEAR, compare_year=OTHER)),
            annual.table(key, ReportParams.for_year(YEAR)),
            annual.table(key, ReportParams.for_year(OTHER)),
        )

    def test_every_table_of_figures_gives_both_years_figures_and_the_change_row_by_row(self):
        lists = {"new-relations", "ministry-approved-programs"}
        for key in annual.TABLE_KEYS.keys() - lists - {"key-figures", "trends"}:
            with self.subTest(table=key):
                both, this, that = self.tables(key)
                n = this.label_columns
                figures = [i for i in range(n, len(this.columns)) if any(is_figure(row[i]) for row in this.rows)]
                self.assertEqual(len(both.columns), n + 3 * len(figures))
                self.assertEqual(str(both.columns[n + 1]), f"{this.columns[figures[0]]}, {OTHER}")
                earlier = {tuple(map(str, row[:n])): row for row in that.rows}
                compared = {tuple(map(str, row[:n])): row for row in both.rows}
                for row in this.rows:
                    label = tuple(map(str, row[:n]))
                    before = earlier.get(label)
                    for k, i in enumerate(figures):
                        cells = compared[label][n + 3 * k : n + 3 * k + 3]
                        previous = before[i] if before else 0
                        self.assertEqual(cells[:2], [row[i], previous], (label, this.columns[i]))
                        if not isinstance(row[i], NoRecords) and not isinstance(previous, NoRecords):
                            self.assertEqual(cells[2], row[i] - previous)
                # A row of the other year only is there too, with zero for this year.
                for label in earlier:
                    self.assertIn(label, compared)

    def test_a_row_found_in_one_year_only_counts_zero_in_the_other(self):
        both, _this, _that = self.tables("delegations-by-country")
        # Hong Kong's visit was in 2013; Germany's 2012 visit had 9 people, its 2013 ones 7.
        rows = {row[0]: row for row in both.rows}
        self.assertEqual(rows["Hong Kong, China"][4:7], [5, 0, 5])
        self.assertEqual(rows["Germany"][4:7], [7, 9, -2])
        self.assertEqual(str(rows["Germany"][6]), "-2")

    def test_a_list_gives_both_years_rows_and_says_how_many_in_each(self):
        both, this, that = self.tables("new-relations")
        self.assertEqual(str(both.columns[0]), "Year")
        self.assertEqual([row[0] for row in both.rows], [YEAR] * len(this.rows) + [OTHER] * len(that.rows))
        self.assertIn(f"{len(this.rows)} in {YEAR}, {len(that.rows)} in {OTHER}", both.note)

    def test_the_trends_end_with_the_change_between_the_two_years(self):
        both, this, _that = self.tables("trends")
        change = both.rows[-1]
        self.assertEqual(change[0], f"Change from {OTHER} to {YEAR}")
        by_year = {row[0]: row for row in this.rows}
        self.assertEqual(change[1], by_year[YEAR][1] - by_year[OTHER][1])
        # A year further back than the ten years is added.
        far = annual.table("trends", ReportParams.for_year(YEAR, compare_year=2001))
        self.assertIn(2001, [row[0] for row in far.rows])

    def test_the_key_figures_compare_with_the_chosen_year(self):
        table = annual.table("key-figures", ReportParams.for_year(YEAR, compare_year=2011))
        self.assertEqual([str(c) for c in table.columns[1:3]], [str(YEAR), "2011"])

    def test_the_page_and_every_file_carry_the_comparison(self):
        force_login(self.client, self.reporter)
        page = self.client.get(reverse("reports:index"), QUERY)
        self.assertContains(page, 'name="compare_year"')
        self.assertContains(page, f"<h1>Annual report {YEAR} compared with {OTHER}</h1>", html=True)
        self.assertContains(page, f"compare_year={OTHER}")
        self.assertContains(page, f"In force on the day, {OTHER}")
        url = reverse("reports:table-download", kwargs={"key": "agreements-by-kind", "file_format": "csv"})
        response = self.client.get(url, QUERY)
        self.assertIn(f"bjtu-agreements-by-kind-{YEAR}-vs-{OTHER}.csv", response["Content-Disposition"])
        header = next(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
        self.assertEqual(
            header[1:4],
            [f"In force on the day, {YEAR}", f"In force on the day, {OTHER}", "In force on the day, change"],
        )
        workbook = openpyxl.load_workbook(
            io.BytesIO(b"".join(self.client.get(reverse("reports:workbook"), QUERY).streaming_content))
        )
        self.assertIn(f"compared with {OTHER}", workbook.properties.title)
        sheet = workbook["Agreements by kind"]
        self.assertEqual(sheet["C1"].value, f"In force on the day, {OTHER}")
        # The change is a number, written with its sign.
        change = sheet["D2"]
        self.assertIsInstance(change.value, int)
        self.assertEqual(change.number_format, "+#,##0;-#,##0;0")
        pdf = pypdf.PdfReader(io.BytesIO(self.client.get(reverse("reports:pdf"), QUERY).content))
        text = "".join(p.extract_text() for p in pdf.pages).replace("\n", " ")
        self.assertIn(f"compared with {OTHER}", text)
        self.assertIn(f"Change from {OTHER} to {YEAR}", text)

    def test_the_same_year_twice_is_refused_with_a_message(self):
        force_login(self.client, self.reporter)
        response = self.client.get(reverse("reports:index"), {"year": YEAR, "compare_year": YEAR})
        self.assertContains(response, "Choose another year than the report&#x27;s own.")
