"""Unit scope beyond the matrix: searches, autocompletes and form choices, an expert's appointments elsewhere, the
reminders' due list and digests, the annual report, imports naming an expert, the page's query count."""

import datetime

import tablib
from django.contrib.auth.models import Group
from django.core import mail
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from experts.models import Appointment, Expert
from intl_office.imports import engine
from intl_office.reminders import due as reminders
from intl_office.roles import roles
from partners.models import Institution
from students.models import InternationalStudent
from tests.admin.builders import admin_url
from tests.domain import form_data as valid
from tests.factories import (
    force_login,
    make_agreement,
    make_appointment,
    make_expert,
    make_institution,
    make_student,
    make_unit,
    make_user,
)


def _member(unit, role: roles.Role, username: str):
    user = make_user(username)
    user.groups.add(Group.objects.get(name=role.name))
    if unit is not None:
        unit.members.add(user)
    return user


def _appointment_rows(*rows) -> bytes:
    keys = ["expert_family_name", "expert_given_name", "expert_nationality", "unit", "position", "term"]
    dataset = tablib.Dataset(headers=[*keys, "starts_on", "ends_on"])
    for row in rows:
        dataset.append(row)
    return dataset.export("csv").encode()


class AdminScopeTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.own, cls.other = make_unit(name_en="Own School"), make_unit(name_en="Other School")
        cls.secretary = _member(cls.own, roles.UNIT_SECRETARY, "secretary")
        cls.own_student = make_student(unit=cls.own, family_name="Sharedname")
        cls.other_student = make_student(unit=cls.other, family_name="Sharedname")
        # Appointed by both units: the secretary sees the expert, and only the own unit's appointment.
        cls.shared_expert = make_expert(family_name="Sharedexpert")
        cls.own_appointment = make_appointment(cls.shared_expert, cls.own)
        cls.other_appointment = make_appointment(cls.shared_expert, cls.other, position="Elsewhere")
        cls.other_expert = make_expert(family_name="Otherexpert")
        make_appointment(cls.other_expert, cls.other)

    def setUp(self):
        force_login(self.client, self.secretary)

    def test_a_search_finds_only_the_own_units_records(self):
        response = self.client.get(admin_url(InternationalStudent, "changelist"), {"q": "Sharedname"})
        self.assertEqual(list(response.context["cl"].result_list), [self.own_student])

    def test_autocompletes_offer_only_the_own_units_and_records(self):
        for model, field, expected in (
            (InternationalStudent, "unit", {str(self.own.pk)}),
            (Appointment, "unit", {str(self.own.pk)}),
            (Appointment, "expert", {str(self.shared_expert.pk)}),
        ):
            with self.subTest(model=model.__name__, field=field):
                response = self.client.get(
                    reverse("admin:autocomplete"),
                    {"app_label": model._meta.app_label, "model_name": model._meta.model_name, "field_name": field},
                )
                self.assertEqual({result["id"] for result in response.json()["results"]}, expected)

    def test_the_unit_choice_of_a_form_offers_only_their_units_and_must_be_given(self):
        response = self.client.get(admin_url(InternationalStudent, "add"))
        unit = response.context["adminform"].form.fields["unit"]
        self.assertEqual(list(unit.queryset), [self.own])
        self.assertTrue(unit.required)
        response = self.client.post(admin_url(InternationalStudent, "add"), valid.student_data())
        self.assertIn("unit", response.context["adminform"].form.errors)

    def test_the_unit_filter_of_a_list_offers_only_their_units(self):
        response = self.client.get(admin_url(InternationalStudent, "changelist"))
        (unit_filter,) = [spec for spec in response.context["cl"].filter_specs if spec.title == "BJTU unit"]
        self.assertEqual([pk for pk, _name in unit_filter.lookup_choices], [self.own.pk])

    def test_an_institutions_agreements_of_other_units_stay_hidden(self):
        partner = make_institution()
        make_agreement(partner, unit=self.own, title="Own agreement")
        make_agreement(partner, unit=self.other, title="Other agreement")
        response = self.client.get(admin_url(Institution, "change", partner.pk))
        self.assertContains(response, "Own agreement")
        self.assertNotContains(response, "Other agreement")

    def test_an_experts_appointments_elsewhere_stay_hidden_and_untouched(self):
        url = admin_url(Expert, "change", self.shared_expert.pk)
        response = self.client.get(url)
        self.assertNotContains(response, "Elsewhere")
        (formset,) = [f for f in response.context["inline_admin_formsets"] if f.formset.prefix == "appointments"]
        self.assertEqual([form.instance for form in formset.formset.forms if form.instance.pk], [self.own_appointment])
        self.assertNotContains(response, self.other.name_en)

    def test_an_expert_appointed_by_other_units_too_cannot_be_deleted_by_unit_scoped_staff(self):
        officer = _member(self.own, roles.EXPERT_AFFAIRS_OFFICER, "scoped-officer")
        force_login(self.client, officer)
        response = self.client.post(admin_url(Expert, "delete", self.shared_expert.pk), {"post": "yes"})
        self.assertEqual(response.status_code, 403)
        self.assertTrue(Appointment.objects.filter(pk=self.other_appointment.pk).exists())
        only_own = make_expert()
        make_appointment(only_own, self.own)
        self.client.post(admin_url(Expert, "delete", only_own.pk), {"post": "yes"})
        self.assertFalse(Expert.objects.filter(pk=only_own.pk).exists())

    def test_a_new_expert_comes_with_an_appointment_in_their_unit(self):
        data = {
            **valid.expert_data(family_name="Newcomer"),
            "appointments-TOTAL_FORMS": "1",
            "appointments-INITIAL_FORMS": "0",
            "appointments-MIN_NUM_FORMS": "1",
            "appointments-MAX_NUM_FORMS": "1000",
        }
        response = self.client.post(admin_url(Expert, "add"), data)
        self.assertEqual(response.status_code, 200)
        self.assertFalse(Expert.objects.filter(family_name="Newcomer").exists())

    def test_a_unit_scoped_list_runs_the_same_queries_whatever_the_number_of_records(self):
        url = admin_url(InternationalStudent, "changelist")
        counts = []
        for _ in range(2):
            with CaptureQueriesContext(connection) as captured:
                response = self.client.get(url)
            counts.append((len(captured), response.context["cl"].result_count))
            for _ in range(5):
                make_student(unit=self.own)
        (first, first_rows), (second, second_rows) = counts
        self.assertEqual((first, second_rows - first_rows), (second, 5))

    def test_an_appointment_import_may_not_name_an_expert_of_other_units(self):
        rows = _appointment_rows(
            (
                "Otherexpert",
                self.other_expert.given_name,
                "GB",
                self.own.code,
                "Teacher",
                "long_term",
                "2015-01-01",
                "2015-06-30",
            )
        )
        report = engine.run_import("appointments", rows, "a.csv", user=self.secretary, dry_run=False)
        self.assertEqual(len(report.errors), 1)
        self.assertIn("row 2, expert: the foreign expert OTHEREXPERT", report.errors[0])
        self.assertIn("no appointment in your units", report.errors[0])
        self.assertFalse(self.other_expert.appointments.filter(unit=self.own).exists())

    def test_a_new_expert_cannot_be_imported_by_a_unit_scoped_user(self):
        dataset = tablib.Dataset(headers=["family_name", "nationality"])
        dataset.append(("Stranger", "GB"))
        report = engine.run_import("experts", dataset.export("csv").encode(), "e.csv", user=self.secretary)
        self.assertEqual(len(report.errors), 1)
        self.assertIn("row 2: a new record of this kind belongs to no unit of yours", report.errors[0])

    def test_a_superuser_linked_to_a_unit_still_works_office_wide(self):
        root = make_user("root", is_superuser=True)
        self.own.members.add(root)
        force_login(self.client, root)
        response = self.client.get(admin_url(InternationalStudent, "changelist"), {"q": "Sharedname"})
        self.assertEqual(set(response.context["cl"].result_list), {self.own_student, self.other_student})


def days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


class ReminderScopeTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.own = make_unit(name_en="Own School", contact_email="own@example.org")
        cls.other = make_unit(name_en="Other School", contact_email="other@example.org")
        cls.secretary = _member(cls.own, roles.UNIT_SECRETARY, "secretary")
        cls.officer = _member(None, roles.OFFICE_ADMINISTRATOR, "officer")
        for unit in (cls.own, cls.other):
            make_agreement(unit=unit, title=f"Ending {unit.name_en}", ends_on=days(30))
            make_student(unit=unit, family_name=f"Permit{unit.pk}", residence_permit_expires_on=days(10))
            make_appointment(unit=unit, starts_on=days(-100), ends_on=days(20))

    def units_listed(self, user) -> set:
        return {item.unit for _section, items in reminders.due(timezone.localdate(), user=user) for item in items}

    def test_the_due_list_of_a_unit_scoped_user_holds_their_units_records(self):
        self.assertEqual(self.units_listed(self.secretary), {self.own})
        for section, items in reminders.due(timezone.localdate(), user=self.secretary):
            with self.subTest(section=section.key):
                expected = section.records(timezone.localdate()).filter(**{f"{_unit(section.model)}__in": [self.own]})
                self.assertEqual([item.record for item in items], list(expected))

    def test_the_due_list_of_office_wide_staff_holds_every_unit(self):
        self.assertEqual(self.units_listed(self.officer), {self.own, self.other})

    def test_the_front_page_lists_only_their_units_records(self):
        force_login(self.client, self.secretary)
        response = self.client.get(reverse("admin:index"))
        self.assertContains(response, "Ending Own School")
        self.assertNotContains(response, "Ending Other School")

    def test_each_unit_still_gets_its_own_digest(self):
        result = reminders.send_reminders(timezone.localdate(), base_url="https://office.example.org")
        everything = sum(len(items) for _section, items in reminders.due(timezone.localdate()))
        self.assertEqual(sum(result.sent.values()), everything)
        self.assertEqual({message.to[0] for message in mail.outbox}, {"own@example.org", "other@example.org"})
        own_digest = next(message for message in mail.outbox if message.to == ["own@example.org"])
        self.assertIn("Ending Own School", own_digest.body)
        self.assertNotIn("Ending Other School", own_digest.body)


def _unit(model) -> str:
    return model._default_manager.get_queryset().unit_field


class ReportScopeTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.own = make_unit(name_en="Own School")
        cls.scoped_viewer = _member(cls.own, roles.REPORT_VIEWER, "scoped-viewer")
        cls.viewer = _member(None, roles.REPORT_VIEWER, "viewer")
        cls.secretary = _member(cls.own, roles.UNIT_SECRETARY, "secretary")

    def test_a_unit_scoped_report_viewer_is_told_the_report_is_the_whole_universitys(self):
        force_login(self.client, self.scoped_viewer)
        for url in (reverse("reports:index"), reverse("reports:workbook") + "?year=2024"):
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertContains(response, "covers the whole university", status_code=403)
                self.assertContains(response, "Own School", status_code=403)

    def test_the_unit_secretary_role_has_no_report_permission(self):
        self.assertNotIn("intl_office.view_reports", roles.UNIT_SECRETARY.permissions)
        force_login(self.client, self.secretary)
        response = self.client.get(reverse("reports:index"))
        self.assertEqual(response.status_code, 403)
        self.assertNotContains(response, "covers the whole university", status_code=403)

    def test_an_office_wide_report_viewer_gets_the_report(self):
        force_login(self.client, self.viewer)
        self.assertEqual(self.client.get(reverse("reports:index")).status_code, 200)
