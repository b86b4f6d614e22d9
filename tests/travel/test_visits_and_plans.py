"""Incoming visits (request, office approval, bilingual invitation letters from the office's template) and the
annual plans as XLSX, per unit and consolidated."""

import io

from django.core.exceptions import PermissionDenied, ValidationError
from django.test import TestCase
from django.urls import reverse
from django_fsm import TransitionNotAllowed
from openpyxl import load_workbook
from pypdf import PdfReader

from intl_office.travel.models import AnnualPlan, InvitationTemplate, Visit
from partners.models import Delegation
from tests.factories import force_login, make_unit, make_user, make_visit
from tests.personas import make_travel_roles


def pdf_text(response) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)


class VisitTests(TestCase):
    def setUp(self):
        self.unit = make_unit(name_en="School of Computing", name_zh="计算机学院")
        self.secretary, _leader, self.office, _university = make_travel_roles(self.unit)
        self.visit = make_visit(self.unit)

    def test_the_office_approves_a_submitted_visit_and_its_guests_count_as_person_times(self):
        with self.assertRaises(PermissionDenied):
            self.visit.decide("approve", self.office)
        self.visit.decide("submit", self.secretary)
        with self.assertRaises(PermissionDenied):
            self.visit.decide("approve", self.secretary)
        self.visit.decide("approve", self.office, "Welcome")
        self.assertEqual(self.visit.state, Visit.State.APPROVED)
        delegation = Delegation.objects.get(visit=self.visit)
        self.assertEqual(delegation.people_count, self.visit.guests.count())
        self.assertEqual(delegation.direction, Delegation.Direction.INBOUND)

    def test_the_office_returns_or_refuses_with_a_comment(self):
        self.visit.decide("submit", self.secretary)
        with self.assertRaises(ValidationError):
            self.visit.decide("return_for_changes", self.office, "")
        self.visit.decide("return_for_changes", self.office, "Add the programme")
        self.assertEqual(self.visit.state, Visit.State.RETURNED)
        self.visit.decide("submit", self.secretary)
        self.visit.decide("refuse", self.office, "Dates clash with the exams")
        self.assertEqual(self.visit.state, Visit.State.REFUSED)

    def test_a_visit_without_guests_is_not_submitted(self):
        empty = make_visit(self.unit, guests=0)
        with self.assertRaises(ValidationError):
            empty.decide("submit", self.secretary)

    def test_the_invitation_letters_come_in_both_languages_from_the_offices_template(self):
        InvitationTemplate.objects.filter(language="en").update(
            body=InvitationTemplate.objects.get(language="en").body + "\n\nEdited by the office."
        )
        self.visit.decide("submit", self.secretary)
        self.visit.decide("approve", self.office)
        guest = self.visit.guests.first()
        reader = make_user(perms=("travel.view_visit", "travel.view_personal_data", "travel.approve_as_office"))
        force_login(self.client, reader)
        english = pdf_text(self.client.get(reverse("admin:travel_visit_letter", args=[self.visit.pk, "en"])))
        self.assertIn(guest.name, english)
        self.assertIn(guest.passport_number, english)
        self.assertIn("Edited by the office.", english)
        self.assertIn("School of Computing", english)
        chinese = pdf_text(self.client.get(reverse("admin:travel_visit_letter", args=[self.visit.pk, "zh-hans"])))
        self.assertIn("邀请函", chinese)
        self.assertIn("计算机学院", chinese)
        self.assertIn(guest.passport_number, chinese)

    def test_without_the_personal_data_permission_the_passport_number_is_masked(self):
        self.visit.decide("submit", self.secretary)
        self.visit.decide("approve", self.office)
        guest = self.visit.guests.first()
        force_login(self.client, self.secretary)
        letter = pdf_text(self.client.get(reverse("admin:travel_visit_letter", args=[self.visit.pk, "en"])))
        self.assertIn(guest.name, letter)
        self.assertNotIn(guest.passport_number, letter)

    def test_a_template_with_an_unknown_placeholder_is_refused(self):
        template = InvitationTemplate(language="en", title="x", body="{guest_name.__class__} {secret}")
        with self.assertRaises(ValidationError):
            template.clean()

    def test_another_units_secretary_sees_no_letter(self):
        self.visit.decide("submit", self.secretary)
        self.visit.decide("approve", self.office)
        other = make_travel_roles(make_unit())[0]
        force_login(self.client, other)
        response = self.client.get(reverse("admin:travel_visit_letter", args=[self.visit.pk, "en"]))
        self.assertEqual(response.status_code, 404)


class PlanTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.unit, cls.other = make_unit(name_en="School A"), make_unit(name_en="School B")
        cls.secretary, _leader, cls.office, _university = make_travel_roles(cls.unit)
        for unit, people in ((cls.unit, 3), (cls.other, 2)):
            plan = AnnualPlan.objects.create(unit=unit, year=2027)
            plan.trips.create(
                countries=["DE", "FR"],
                starts_in="2027-04-01",
                days=10,
                people=people,
                kind="conference",
                purpose=f"Purpose of {unit.name_en}",
                funding="unit",
            )

    def workbook(self, user):
        force_login(self.client, user)
        response = self.client.get(reverse("admin:travel_annualplan_xlsx", args=[2027]))
        return load_workbook(io.BytesIO(response.content))

    def test_the_office_gets_the_consolidated_plan_and_a_sheet_per_unit(self):
        book = self.workbook(self.office)
        self.assertEqual(book.sheetnames, ["Consolidated", "School A", "School B"])
        consolidated = [row for row in book["Consolidated"].iter_rows(values_only=True)]
        self.assertEqual(consolidated[-1][5], 5)
        self.assertEqual(len(consolidated), 2 + 2 + 1)

    def test_the_plan_list_offers_the_download_of_the_year_filtered_on(self):
        force_login(self.client, self.secretary)
        listing = self.client.get(reverse("admin:travel_annualplan_changelist"), {"year__exact": 2027})
        self.assertContains(listing, reverse("admin:travel_annualplan_xlsx", args=[2027]))
        self.assertContains(listing, "School A")
        self.assertNotContains(listing, "School B")

    def test_a_unit_gets_its_own_plan_only(self):
        book = self.workbook(self.secretary)
        self.assertEqual(book.sheetnames, ["Consolidated", "School A"])
        text = str([row for row in book["Consolidated"].iter_rows(values_only=True)])
        self.assertNotIn("School B", text)

    def test_a_plan_is_submitted_then_approved_by_the_office(self):
        plan = AnnualPlan.objects.get(unit=self.unit)
        plan.submit()
        plan.save()
        self.assertEqual(plan.state, AnnualPlan.State.SUBMITTED)
        plan.send_back()
        plan.save()
        self.assertEqual(AnnualPlan.objects.get(pk=plan.pk).state, AnnualPlan.State.DRAFT)
        plan.submit()
        plan.approve()
        plan.save()
        self.assertEqual(AnnualPlan.objects.get(pk=plan.pk).state, AnnualPlan.State.APPROVED)
        with self.assertRaises(TransitionNotAllowed):
            plan.submit()


class VisitRequestTests(TestCase):
    def test_only_the_units_own_staff_or_the_office_submit_its_visit_request(self):
        unit = make_unit()
        visit = make_visit(unit)
        other_secretary = make_travel_roles(make_unit())[0]
        with self.assertRaises(PermissionDenied):
            visit.decide("submit", other_secretary)
        secretary = make_travel_roles(unit)[0]
        visit.decide("submit", secretary)
        self.assertEqual(visit.state, Visit.State.SUBMITTED)
