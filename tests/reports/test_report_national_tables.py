"""The national table set for international students: by continent and country, category, funding and discipline,
and the year's new students and graduates, counted as the Ministry of Education counts them, labelled in Chinese and
English, in the page and every file."""

import datetime
import io
import re

import openpyxl
import pypdf
from django.test import TestCase
from django.urls import reverse
from django.utils import translation

from intl_office.reports import annual
from intl_office.reports.params import ReportParams
from programs.models import DegreeLevel
from students.models import InternationalStudent
from tests.factories import force_login, make_student
from tests.personas import make_reporter
from tests.reports.known_records import row_for

YEAR = 2013
CJK = re.compile(r"[\u4e00-\u9fff]")
LATIN = re.compile(r"[A-Za-z]")
S = InternationalStudent
DURING = {"arrived_on": datetime.date(2012, 9, 1), "departed_on": datetime.date(2016, 7, 1)}


def table(key: str, year: int = YEAR):
    with translation.override("en"):
        return annual.table(key, ReportParams.for_year(year))


def value(t, row_label, column_label):
    return row_for(t, row_label)[[str(c) for c in t.columns].index(column_label)]


class NationalTablesTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        # Seventeen students on campus during 2013, one of each kind the ministry tells apart, and a few who are not.
        make_student(
            nationality="KZ", level=DegreeLevel.BACHELOR, funding=S.Funding.CSC, discipline="engineering", **DURING
        )
        make_student(
            nationality="KZ", level=DegreeLevel.BACHELOR, funding=S.Funding.BEIJING, discipline="engineering", **DURING
        )
        make_student(
            nationality="RU", level=DegreeLevel.MASTER, funding=S.Funding.UNIVERSITY, discipline="management", **DURING
        )
        make_student(
            nationality="EG", level=DegreeLevel.DOCTORAL, funding=S.Funding.SELF_FUNDED, discipline="science", **DURING
        )
        make_student(
            nationality="US",
            category=S.Category.EXCHANGE,
            funding=S.Funding.AGREEMENT,
            discipline="economics",
            **DURING,
        )
        make_student(
            nationality="FR",
            category=S.Category.LANGUAGE,
            funding=S.Funding.CONFUCIUS,
            discipline="literature",
            **DURING,
        )
        make_student(nationality="AU", category=S.Category.VISITING_SCHOLAR, funding=S.Funding.HOME, **DURING)
        make_student(
            nationality="HK",
            category=S.Category.SHORT_TERM,
            discipline="literature",
            arrived_on=datetime.date(YEAR, 7, 1),
            departed_on=datetime.date(YEAR, 8, 10),
            graduated_on=datetime.date(YEAR, 8, 9),
            status=S.Status.COMPLETED,
        )
        make_student(
            nationality="KR",
            level=DegreeLevel.MASTER,
            discipline="engineering",
            arrived_on=datetime.date(2011, 9, 1),
            graduated_on=datetime.date(YEAR, 6, 30),
            departed_on=datetime.date(YEAR, 7, 15),
            status=S.Status.COMPLETED,
        )
        # Gone before 2013, arriving after it, admitted and not arrived: none of them counted.
        make_student(nationality="JP", arrived_on=datetime.date(2010, 9, 1), departed_on=datetime.date(2012, 7, 1))
        make_student(nationality="JP", arrived_on=datetime.date(2014, 9, 1), departed_on=None)
        make_student(nationality="JP", arrived_on=None, departed_on=None, status=S.Status.ADMITTED)
        cls.reporter = make_reporter()

    def test_categories_are_the_ministrys_degree_levels_and_kinds_of_non_degree_students(self):
        t = table("students-by-category")
        during = {str(row[0]): row[1] for row in t.rows}
        self.assertEqual(during["Bachelor's degree students (本科生)"], 2)
        self.assertEqual(during["Master's degree students (硕士研究生)"], 2)
        self.assertEqual(during["Doctoral students (博士研究生)"], 1)
        self.assertEqual(during["Degree students (学历生)"], 5)
        # Exchange and Chinese-language students are general scholars; visiting scholars are senior scholars.
        self.assertEqual(during["General scholars (普通进修生)"], 2)
        self.assertEqual(during["Senior scholars (高级进修生)"], 1)
        self.assertEqual(during["Short-term students (短期生)"], 1)
        self.assertEqual(during["Non-degree students (非学历生)"], 4)
        self.assertEqual(t.total_row[1], 9)
        # No degree student without a level: no row for one.
        self.assertNotIn("Degree students, level not recorded (学历生（层次未记录）)", during)  # noqa: RUF001
        # On the last day of the year the short-term student and the master's graduate have left.
        self.assertEqual(t.total_row[2], 7)

    def test_a_degree_student_without_a_recorded_level_is_counted_as_such_not_guessed(self):
        make_student(nationality="KZ", level=DegreeLevel.NON_DEGREE, **DURING)
        t = table("students-by-continent")
        self.assertEqual(value(t, "Asia (亚洲)", "Degree students, level not recorded (学历生（层次未记录）)"), 1)  # noqa: RUF001
        self.assertEqual(value(t, "Asia (亚洲)", "Degree students (学历生)"), 4)

    def test_continents_and_countries_add_up_with_hong_kong_in_asia(self):
        by_continent = table("students-by-continent")
        self.assertEqual(
            [str(row[0]) for row in by_continent.body_rows],
            ["Asia (亚洲)", "Africa (非洲)", "Europe (欧洲)", "Americas (美洲)", "Oceania (大洋洲)"],
        )
        self.assertEqual([row[-1] for row in by_continent.body_rows], [4, 1, 2, 1, 1])
        self.assertEqual(by_continent.total_row[-1], 9)
        by_country = table("students-by-country")
        hong_kong = next(row for row in by_country.body_rows if row[1] == "Hong Kong, China (中国香港)")
        self.assertEqual(hong_kong[0], "Asia (亚洲)")
        # Largest first within a continent: Kazakhstan's two bachelors before Korea's and Hong Kong's one student.
        self.assertEqual(by_country.body_rows[0][:2], ["Asia (亚洲)", "Kazakhstan (哈萨克斯坦)"])
        self.assertEqual(by_country.body_rows[0][-1], 2)
        self.assertEqual(by_country.total_row[-1], 9)
        self.assertEqual(by_country.label_columns, 2)

    def test_funding_follows_the_ministrys_sources(self):
        t = table("students-by-funding")
        totals = {str(row[0]): row[-1] for row in t.rows}
        self.assertEqual(totals["Chinese Government Scholarship (中国政府奖学金)"], 1)
        # The Beijing Government scholarship is the local government's.
        self.assertEqual(totals["Local government scholarship (地方政府奖学金)"], 1)
        self.assertEqual(totals["University scholarship (学校奖学金)"], 1)
        # Self-funded by default: the doctoral, short-term and master's graduate students.
        self.assertEqual(totals["Self-funded (自费)"], 3)
        # Exchange agreement, Confucius Institute and home-country funding.
        self.assertEqual(totals["Other (其他)"], 3)

    def test_disciplines_are_the_ministrys_with_students_without_one_apart(self):
        t = table("students-by-discipline")
        totals = {str(row[0]): row[-1] for row in t.rows}
        self.assertEqual(totals["Engineering (工学)"], 3)
        self.assertEqual(totals["Literature and languages (文学)"], 2)
        self.assertEqual(totals["Medicine (医学)"], 0)
        self.assertEqual(totals["Not recorded (未记录)"], 1)
        self.assertEqual(len(t.body_rows), len(S.Discipline) + 1)

    def test_new_students_and_graduates_of_the_year(self):
        t = table("students-arrivals-graduates")
        rows = {str(row[0]): row[1:] for row in t.rows}
        self.assertEqual(rows["Short-term students (短期生)"], [1, 1])
        self.assertEqual(rows["Master's degree students (硕士研究生)"], [0, 1])
        self.assertEqual(t.total_row[1:], [1, 2])
        # The seven students on campus through 2013 arrived in September 2012.
        self.assertEqual(table("students-arrivals-graduates", 2012).total_row[1:], [7, 0])

    def test_row_and_column_labels_are_in_both_languages_the_pages_first(self):
        keys = [
            key
            for key in annual.TABLE_KEYS
            if key.startswith("students-") and key not in ("students-summary", "students-by-unit")
        ]
        self.assertEqual(len(keys), 6)
        for language, first in (("en", LATIN), ("zh-hans", CJK)):
            with translation.override(language):
                for key in keys:
                    t = annual.table(key, ReportParams.for_year(YEAR))
                    labels = [str(c) for c in t.columns]
                    # The total row's second label cell is empty.
                    labels += [str(cell) for row in t.rows for cell in row[: t.label_columns] if str(cell)]
                    for label in labels:
                        with self.subTest(language=language, table=key, label=label):
                            self.assertRegex(label, CJK)
                            self.assertRegex(label, LATIN)
                            self.assertRegex(label[0], first)

    def test_every_file_carries_the_national_tables(self):
        force_login(self.client, self.reporter)
        workbook = openpyxl.load_workbook(
            io.BytesIO(b"".join(self.client.get(reverse("reports:workbook"), {"year": YEAR}).streaming_content))
        )
        for name in ("Students by continent", "Students by country", "Students by funding", "Students by discipline"):
            self.assertIn(name, workbook.sheetnames)
        sheet = workbook["Students by continent"]
        self.assertEqual(sheet["A1"].value, "Continent (洲别)")
        self.assertEqual([row[-1] for row in sheet.iter_rows(min_row=2, values_only=True)], [4, 1, 2, 1, 1, 9])
        csv = b"".join(
            self.client.get(
                reverse("reports:table-download", kwargs={"key": "students-by-funding", "file_format": "csv"}),
                {"year": YEAR},
            ).streaming_content
        ).decode("utf-8-sig")
        self.assertIn("Chinese Government Scholarship (中国政府奖学金)", csv)
        pdf = pypdf.PdfReader(io.BytesIO(self.client.get(reverse("reports:pdf"), {"year": YEAR}).content))
        text = "".join(page.extract_text() for page in pdf.pages).replace("\n", "").replace(" ", "")
        for words in ("普通进修生", "高级进修生", "短期生", "中国政府奖学金", "工学"):
            self.assertIn(words, text)
        page = self.client.get(reverse("reports:index"), {"year": YEAR})
        self.assertContains(page, 'id="table-students-by-continent"')
        self.assertContains(page, '<tr class="subtotal">', count=4)
