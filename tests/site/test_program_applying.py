"""Program pages a visitor can act on: who may apply, fees, deadlines, how to apply and whom to ask, in both
languages; absent facts left out; schema.org structured data; the same facts imported and exported."""

import datetime
import json
import re

from django.contrib.auth.models import Permission
from django.test import TestCase

from intl_office.imports.engine import run_import
from intl_office.imports.kinds import resource_for
from programs.models import DegreeLevel, Program
from tests.factories import make_institution, make_program, make_unit
from tests.personas import make_staff


def structured_data(response) -> dict:
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', response.content.decode(), re.S)
    return json.loads(block.group(1))


class ProgramPageActionTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.unit = make_unit(
            code="sme",
            name_en="School of Mechanical and Electronic Control Engineering",
            name_zh="机械与电子控制工程学院",
            contact_name="Secretary Private",
            contact_email="private.secretary@bjtu.example",
            public_email="intl-sme@bjtu.example",
            public_phone="+86 10 5168 0000",
        )
        cls.partner = make_institution(
            name_en="University of Wollongong", name_zh="卧龙岗大学", slug="wollongong", website="https://uow.example/"
        )
        cls.program = make_program(
            cls.partner,
            title_en="Mechatronics Double Degree",
            slug="mechatronics",
            kind=Program.Kind.DOUBLE_DEGREE,
            level=DegreeLevel.MASTER,
            unit=cls.unit,
            duration_months=24,
            application_deadline=datetime.date(2026, 3, 31),
            second_application_deadline=datetime.date(2026, 10, 15),
            eligibility_en="BJTU master's students in their first year.",
            eligibility_zh="北京交通大学一年级硕士研究生。",
            tuition_exchange=True,
            fees_en="Living costs about AUD 2,000 a month.",
            fees_zh="生活费每月约 2,000 澳元。",
            how_to_apply_en="Apply through your school's foreign-affairs secretary.",
            how_to_apply_zh="请通过所在学院外事秘书申请。",
        )
        cls.bare = make_program(title_en="Bare Summer School", slug="bare", kind=Program.Kind.SHORT_VISIT)

    def test_the_page_says_who_may_apply_fees_deadlines_and_how_to_apply(self):
        response = self.client.get("/programs/mechatronics/")
        for text in (
            "Who may apply",
            "BJTU master&#x27;s students in their first year.",
            "No tuition exchange: students pay tuition only at their home university.",
            "Living costs about AUD 2,000 a month.",
            "Application deadlines",
            "March 31, 2026",
            "Oct. 15, 2026",
            "How to apply",
            "Apply through your school&#x27;s foreign-affairs secretary.",
            "24 months",
        ):
            self.assertContains(response, text)

    def test_the_page_names_the_unit_with_its_public_contact_never_a_persons(self):
        response = self.client.get("/programs/mechatronics/")
        self.assertContains(response, "School of Mechanical and Electronic Control Engineering")
        self.assertContains(response, '<a href="mailto:intl-sme@bjtu.example">intl-sme@bjtu.example</a>', html=True)
        self.assertContains(response, 'href="tel:+861051680000"')
        self.assertNotContains(response, "private.secretary@bjtu.example")
        self.assertNotContains(response, "Secretary Private")

    def test_the_page_links_the_partners_website(self):
        response = self.client.get("/programs/mechatronics/")
        self.assertContains(response, 'href="https://uow.example/"')

    def test_the_chinese_page_shows_the_chinese_text(self):
        response = self.client.get("/zh-hans/programs/mechatronics/")
        for text in (
            "北京交通大学一年级硕士研究生。",
            "生活费每月约 2,000 澳元。",
            "请通过所在学院外事秘书申请。",
            "机械与电子控制工程学院",
        ):
            self.assertContains(response, text)
        self.assertNotContains(response, "Living costs about")

    def test_absent_facts_are_left_out_not_shown_empty(self):
        response = self.client.get("/programs/bare/")
        for heading in ("Who may apply", "How to apply", "Fees", "Application deadline", "Duration"):
            self.assertNotContains(response, heading)

    def test_the_page_carries_schema_org_structured_data(self):
        data = structured_data(self.client.get("/programs/mechatronics/"))
        self.assertEqual(data["@type"], "EducationalOccupationalProgram")
        self.assertEqual(data["name"], "Mechatronics Double Degree")
        self.assertEqual(data["timeToComplete"], "P24M")
        self.assertEqual(data["applicationDeadline"], "2026-03-31")
        self.assertEqual(data["programPrerequisites"], "BJTU master's students in their first year.")
        self.assertEqual(data["provider"][0]["department"]["email"], "intl-sme@bjtu.example")
        self.assertEqual(data["provider"][1]["name"], "University of Wollongong")
        chinese = structured_data(self.client.get("/zh-hans/programs/mechatronics/"))
        self.assertEqual(chinese["programPrerequisites"], "北京交通大学一年级硕士研究生。")
        self.assertEqual(structured_data(self.client.get("/programs/bare/"))["@type"], "Course")

    def test_the_structured_data_cannot_end_its_block_early(self):
        Program.objects.filter(pk=self.bare.pk).update(title_en="</script><script>alert(1)</script>")
        content = self.client.get("/programs/bare/").content.decode()
        self.assertNotIn("<script>alert(1)", content)
        self.assertEqual(
            structured_data(self.client.get("/programs/bare/"))["name"], "</script><script>alert(1)</script>"
        )


class ProgramApplyingColumnsTests(TestCase):
    def test_the_new_facts_are_exported_and_imported(self):
        staff = make_staff("importer")
        staff.user_permissions.add(*Permission.objects.filter(codename="import_records"))
        program = make_program(
            title_en="Exchange",
            slug="exchange",
            eligibility_en="Second-year students.",
            tuition_exchange=True,
            how_to_apply_zh="向学院申请。",
            second_application_deadline=None,
        )
        dataset = resource_for("programs", staff).export()
        for header in ("Who may apply (English)", "No tuition exchange", "Fees (English)", "How to apply (Chinese)"):
            self.assertIn(header, dataset.headers)
        self.assertIn("Second application deadline", dataset.headers)
        row = dict(zip(dataset.headers, dataset[0], strict=True))
        self.assertEqual(row["Who may apply (English)"], "Second-year students.")
        self.assertEqual(row["How to apply (Chinese)"], "向学院申请。")
        dataset[0] = tuple(
            "Fees in the spreadsheet." if header == "Fees (English)" else value
            for header, value in zip(dataset.headers, dataset[0], strict=True)
        )
        report = run_import("programs", dataset.export("csv").encode(), "programs.csv", user=staff, dry_run=False)
        self.assertEqual(report.errors, [])
        program.refresh_from_db()
        self.assertEqual(program.fees_en, "Fees in the spreadsheet.")
        self.assertTrue(program.tuition_exchange)


class FooterContactTests(TestCase):
    def test_the_footer_gives_the_offices_public_e_mail_and_phone_when_set(self):
        with self.settings(PUBLIC_OFFICE_EMAIL="io@bjtu.example", PUBLIC_OFFICE_PHONE="+86 10 5168 0001"):
            response = self.client.get("/programs/")
        self.assertContains(response, '<a href="mailto:io@bjtu.example">io@bjtu.example</a>', html=True)
        self.assertContains(response, 'href="tel:+861051680001"')

    def test_no_empty_contact_line_without_them(self):
        with self.settings(PUBLIC_OFFICE_EMAIL="", PUBLIC_OFFICE_PHONE=""):
            self.assertNotContains(self.client.get("/programs/"), "mailto:")
