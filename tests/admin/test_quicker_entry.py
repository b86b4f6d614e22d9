"""Quicker entry and lists that fit: an agreement from its institution's page with a proposed title, a delegation's
country following its institution, save-and-add-another keeping what repeats, short titles with the full text on
hover, and people's names labelled and grouped as a person's."""

import datetime

from django.core.exceptions import ValidationError
from django.test import TestCase
from django.urls import reverse
from django.utils import translation
from lxml import html

from partners.models import Agreement, Delegation
from tests import factories as f
from tests.domain.form_data import student_data
from tests.factories import force_login
from tests.personas import make_staff


class QuickerEntryTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.staff = make_staff("clerk")
        cls.tartu = f.make_institution(name_en="University of Tartu", country="EE")

    def setUp(self):
        force_login(self.client, self.staff)

    def test_an_agreement_starts_from_its_institutions_page_with_a_proposed_title(self):
        page = self.client.get(reverse("admin:partners_institution_change", args=[self.tartu.pk]))
        link = reverse("admin:partners_agreement_add") + f"?partners={self.tartu.pk}"
        self.assertContains(page, link)
        form = self.client.get(link).context["adminform"].form
        kind = dict(Agreement.Kind.choices).get(Agreement._meta.get_field("kind").get_default()) or "Agreement"
        self.assertEqual(form.initial["title"], f"{kind}: University of Tartu")

    def test_a_delegation_in_another_country_than_its_institution_is_refused(self):
        delegation = Delegation(
            direction=Delegation.Direction.INBOUND,
            title="Visit",
            starts_on=datetime.date(2024, 5, 1),
            ends_on=datetime.date(2024, 5, 2),
            country="US",
            institution=self.tartu,
        )
        with self.assertRaises(ValidationError) as caught:
            delegation.full_clean()
        self.assertIn("country", caught.exception.message_dict)
        delegation.country = ""
        delegation.save()
        self.assertEqual(delegation.country.code, "EE")

    def test_save_and_add_another_keeps_unit_dates_and_program(self):
        unit, program = f.make_unit(), f.make_program()
        data = student_data(
            unit=unit.pk, program=program.pk, arrived_on="2024-09-01", departed_on="2025-07-01", _addanother="1"
        )
        response = self.client.post(reverse("admin:students_internationalstudent_add"), data)
        self.assertEqual(response.status_code, 302, response.context and response.context["adminform"].form.errors)
        follow = self.client.get(response["Location"])
        initial = follow.context["adminform"].form.initial
        self.assertEqual(str(initial["unit"]), str(unit.pk))
        self.assertEqual(str(initial["program"]), str(program.pk))
        self.assertEqual(initial["arrived_on"], "2024-09-01")
        self.assertEqual(initial["departed_on"], "2025-07-01")

    def test_long_titles_are_short_in_the_list_with_the_full_text_on_hover(self):
        title = "Delegation of the Rector and Vice-Rectors for International Cooperation and Research " * 2
        f.make_delegation(title=title.strip())
        page = html.fromstring(self.client.get(reverse("admin:partners_delegation_changelist")).content.decode())
        (cell,) = page.xpath("//td[contains(@class, 'field-short_title')]|//th[contains(@class, 'field-short_title')]")
        self.assertEqual(cell.xpath("string(.//span/@title)"), title.strip())
        self.assertLess(len(cell.text_content().strip()), 60)

    def test_the_agreement_list_shows_status_and_end_date_first(self):
        f.make_agreement(self.tartu)
        page = html.fromstring(self.client.get(reverse("admin:partners_agreement_changelist")).content.decode())
        headers = [th.get("class", "") for th in page.xpath("//table[@id='result_list']//thead/tr/th")]
        columns = [c for c in headers if "column-" in c]
        self.assertIn("column-effective_status", columns[1])
        self.assertIn("column-ends_on", columns[2])


class PersonNameTests(TestCase):
    def test_a_persons_chinese_name_reads_as_a_persons_and_names_share_a_row(self):
        superuser = f.make_user("root", is_superuser=True)
        force_login(self.client, superuser)
        with translation.override("zh-hans"):
            response = self.client.get(reverse("admin:experts_expert_add"), headers={"accept-language": "zh-CN"})
        self.assertContains(response, "中文姓名")
        page = html.fromstring(response.content.decode())
        (row,) = page.xpath("//div[contains(@class, 'form-row') and contains(@class, 'field-family_name')]")
        self.assertIn("field-given_name", row.get("class"))
