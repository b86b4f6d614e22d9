"""The report's front page: BJTU's overview regenerated from the records of the year, paragraph by paragraph, then the
key figures against the previous year and the charts; the tables after, listed in a contents list. The PDF opens on it
under a cover.

The overview's text is the project's copy (docs/bjtu-international-overview.txt); the demo data reproduces the
figures it gives for 2013.
"""

import datetime
import io
import re
from io import StringIO
from pathlib import Path

import pypdf
from django.conf import settings
from django.core.management import call_command
from django.test import TestCase
from django.urls import reverse
from django.utils import translation

from intl_office.reports import annual, front
from intl_office.reports.params import ReportParams
from partners.models import Agreement, Institution
from students.models import InternationalStudent
from tests.factories import force_login, make_delegation
from tests.personas import make_reporter
from tests.reports.known_records import YEAR, build_known_records, in_force_by_dates, partners_counted_on

OVERVIEW = Path(settings.BASE_DIR) / "docs" / "bjtu-international-overview.txt"
DEC_31 = datetime.date(YEAR, 12, 31)

# Words of each overview paragraph that the regenerated paragraph keeps, in the overview's order.
KEPT_WORDS = [
    ["Beijing Jiaotong University has attached great importance to enhancing international cooperation in education"],
    [
        "established cooperative relations with",
        "renowned universities, institutions and high-tech companies from",
        "countries and regions all over the world",
        "The opportunities for teachers and students to study abroad have been largely increased by maintaining "
        "partnership with",
        "international universities in the forms of double degree programs, student exchange programs and short "
        "visit programs",
    ],
    [
        "BJTU is one of the first universities authorized by the Chinese government to enroll international students",
        "international students from",
        "countries and regions studying on campus",
        "Ever since, BJTU has received",
        "overseas students and visiting scholars from",
        "countries and regions in Asia, Europe",
    ],
    [
        "BJTU has also established GROUP T International Education Academy",
        "Confucius Institute in Belgium",
        "Texas Southern University Confucius Institute",
    ],
    [
        "BJTU has carried out",
        "Chinese-Foreign Collaboration in Running School Programs approved by the Ministry of Education. They are",
        "BJTU-University of Waterloo Nanomaterials Undergraduate Program",
        "BJTU-University of Wollongong Mechatronics Engineering Undergraduate Program",
        "respectively",
    ],
    [
        "During 2013, BJTU received 1,844 person-time",
        "(including Hong Kong, Macao and Taiwan) for short visit",
        "The number of BJTU students who",
        "986, among which 567 students",
        "agreements and programs",
        "abroad after graduation",
        "The number of overseas students",
    ],
    ["Beijing Jiaotong University has been inviting foreign experts and teachers to instruct and give lectures"],
    [
        "The number of foreign teachers at Beijing Jiaotong University, including both long-term and short-term",
        "In recent years",
        "the number of long-term foreign teachers invited to",
        "annually",
    ],
    [
        "Beijing Jiaotong University actively applies national key projects of intelligence introduction, appointing "
        "foreign experts and scholars from diverse channels to teach and research in the university",
        "From 2011",
        "national key project",
        "intelligence introduction application",
    ],
]


def overview_paragraphs() -> list[str]:
    """The overview's paragraphs, its heading left out."""
    blocks = [block.strip() for block in OVERVIEW.read_text(encoding="utf-8").split("\n\n")]
    return [block for block in blocks if block and block != "Overview"]


def numbers(text: str) -> list[int]:
    return [int(n.replace(",", "")) for n in re.findall(r"\d[\d,]*\d|\d", text)]


def front_page(year: int, language: str = "en") -> list[str]:
    with translation.override(language):
        return front.FrontPage(ReportParams.for_year(year)).paragraphs


def pdf_first_page(client, language: str) -> str:
    response = client.get(reverse("reports:pdf"), {"year": 2013}, headers={"accept-language": language})
    reader = pypdf.PdfReader(io.BytesIO(response.content))
    return reader.pages[0].extract_text().replace("\n", "").replace(" ", "")


class FrontPageOnDemoDataTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("load_demo", stdout=StringIO())
        cls.english = front_page(2013)
        cls.chinese = front_page(2013, "zh-hans")
        cls.reporter = make_reporter()

    def test_a_2013_report_reads_paragraph_by_paragraph_like_the_overview(self):
        overview = overview_paragraphs()
        self.assertEqual(len(self.english), len(overview))
        for n, (theirs, ours, kept) in enumerate(zip(overview, self.english, KEPT_WORDS, strict=True), start=1):
            for words in kept:
                self.assertIn(words, theirs, f"paragraph {n} of the overview")
                self.assertIn(words, ours, f"paragraph {n} of the front page")
        # The unchanging paragraphs are the overview's own; the year's paragraph gives the overview's figures.
        self.assertEqual(self.english[0], overview[0])
        self.assertEqual(self.english[6], overview[6])
        theirs, ours = numbers(overview[5]), numbers(self.english[5])
        self.assertEqual(ours[:5], theirs[:5])
        self.assertEqual(ours[:5], [2013, 1844, 986, 567, 419])
        # "The number of overseas students exceeds 1,300."
        self.assertGreater(ours[5], theirs[5])

    def test_its_standing_figures_are_those_of_the_records_at_the_end_of_2013(self):
        partners = Institution.objects.counted_on(DEC_31)
        countries = partners.values("country").distinct().count()
        self.assertIn(f"with {partners.count():,} renowned universities", self.english[1])
        self.assertIn(f"from {countries} countries and regions all over the world", self.english[1])
        on_campus = InternationalStudent.objects.present_on(DEC_31).count()
        self.assertIn(f"there were {on_campus:,} international students", self.english[2])
        # The demo's Ministry-approved EPITECH program dates from 2015: not yet in 2013.
        self.assertNotIn("EPITECH", self.english[4])
        self.assertIn("EPITECH", front_page(2016)[4])

    def test_the_national_tables_count_the_overviews_overseas_students_of_2013(self):
        # "The number of overseas students exceeds 1,300": 1,318 in the demo, whichever way the ministry splits them.
        with translation.override("en"):
            for key in ("students-by-continent", "students-by-funding", "students-by-discipline"):
                self.assertEqual(annual.table(key, ReportParams.for_year(2013)).total_row[-1], 1318, key)
            self.assertEqual(annual.table("students-by-category", ReportParams.for_year(2013)).total_row[1], 1318)

    def test_the_chinese_front_page_has_the_same_paragraphs_in_chinese_with_the_same_figures(self):
        self.assertEqual(len(self.chinese), len(self.english))
        for ours, theirs in zip(self.chinese, self.english, strict=True):
            self.assertRegex(ours, r"[\u4e00-\u9fff]{8}")
            self.assertNotRegex(ours, r"\b(the|and|of)\b")
            self.assertEqual(sorted(numbers(ours)), sorted(numbers(theirs)))
        self.assertIn("2013年，学校共接待境外来访团组和个人（含港澳台）1,844人次", self.chinese[5])  # noqa: RUF001

    def test_the_pdf_opens_on_a_cover_and_the_years_paragraphs_in_the_chosen_language(self):
        force_login(self.client, self.reporter)
        english = pdf_first_page(self.client, "en")
        for words in ("Beijing Jiaotong University", "International Office", "Annual report 2013", "Produced on"):
            self.assertIn(words.replace(" ", ""), english)
        for paragraph in self.english:
            self.assertIn(paragraph.replace(" ", ""), english)
        chinese = pdf_first_page(self.client, "zh-hans")
        for words in ("北京交通大学", "国际合作与交流处", "2013年度报告"):
            self.assertIn(words, chinese)
        for paragraph in self.chinese:
            self.assertIn(paragraph.replace(" ", ""), chinese)


class FrontPageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        build_known_records()
        cls.reporter = make_reporter()

    def setUp(self):
        force_login(self.client, self.reporter)
        # A request in Chinese leaves its language active in the test thread.
        translation.activate("en")
        self.addCleanup(translation.deactivate)

    def test_key_figures_give_the_change_against_the_previous_year_from_the_records(self):
        table = annual.table("key-figures", ReportParams.for_year(YEAR))
        self.assertEqual([str(c) for c in table.columns[1:3]], ["2013", "2012"])
        rows = {str(row[0]): row[1:] for row in table.rows}
        now, before = len(partners_counted_on(DEC_31)), len(partners_counted_on(datetime.date(2012, 12, 31)))
        self.assertEqual(rows["Partner institutions"][:3], [now, before, now - before])
        self.assertEqual(str(rows["Partner institutions"][2]), f"+{now - before}")
        in_force = [len([a for a in Agreement.objects.all() if in_force_by_dates(a, day)]) for day in (DEC_31,)]
        self.assertEqual(rows["Agreements in force"][0], in_force[0])
        # 12 visitors in 2013 against 9 in 2012: +3, a third more.
        self.assertEqual(rows["Inbound delegation person-times"], [12, 9, 3, 33.3])

    def test_a_figure_for_a_year_before_the_first_record_says_no_records_rather_than_zero(self):
        make_delegation(starts_on=datetime.date(2011, 5, 1), ends_on=datetime.date(2011, 5, 2), people_count=4)
        table = annual.table("key-figures", ReportParams.for_year(2011))
        rows = {str(row[0]): row[1:] for row in table.rows}
        self.assertEqual(rows["Inbound delegation person-times"][0], 4)
        self.assertEqual([str(v) for v in rows["Inbound delegation person-times"][1:]], ["no records"] * 3)

    def test_the_page_opens_on_the_paragraphs_then_key_figures_and_charts_then_a_contents_list_then_the_tables(self):
        response = self.client.get(reverse("reports:index"), {"year": YEAR})
        page = response.content.decode()
        paragraphs = response.context["front"].paragraphs
        order = [
            page.index(paragraphs[0]),
            page.index(paragraphs[-1]),
            page.index('id="table-key-figures"'),
            page.index('class="report-chart"'),
            page.index('id="contents"'),
            page.index('id="table-partners-by-country"'),
        ]
        self.assertEqual(order, sorted(order))
        self.assertEqual(page.count('class="report-chart"'), 5)
        contents = page[page.index('id="contents"') : page.index("</nav>", page.index('id="contents"'))]
        for key in annual.TABLE_KEYS:
            self.assertIn(f'href="#table-{key}"', contents)
            self.assertIn(f'id="table-{key}"', page)

    def test_the_front_page_is_in_chinese_for_a_chinese_browser(self):
        response = self.client.get(reverse("reports:index"), {"year": YEAR}, headers={"accept-language": "zh-hans"})
        self.assertContains(response, "北京交通大学高度重视国际教育合作与交流")
        self.assertContains(response, "2013年，学校共接待境外来访团组和个人（含港澳台）12人次")  # noqa: RUF001
        self.assertContains(response, "主要数据")
