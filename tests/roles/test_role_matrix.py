"""Roles by records by actions, own unit and another unit.

Each role's holder is linked to one BJTU unit (as a unit secretary is) and works in the admin with the records that
belong to units: international students, outbound stays, foreign experts (through their appointments),
appointments, delegations and agreements. Whatever the role allows (its declared permissions decide what is
expected), it reaches only its own unit's records: view, add, change, delete, export and import. The same role
without a unit link works office-wide.
"""

import csv
import datetime
import io

import tablib
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.test import TestCase
from django.urls import reverse

from experts.models import Appointment, Expert
from intl_office.imports import engine, kinds
from intl_office.roles import roles
from partners.models import Agreement, Delegation
from students.models import InternationalStudent, OutboundMobility
from tests.admin.builders import admin_url
from tests.domain import form_data as valid
from tests.factories import (
    force_login,
    make_agreement,
    make_appointment,
    make_delegation,
    make_expert,
    make_outbound,
    make_student,
    make_unit,
    make_user,
)


class Case:
    """One model: how to make its record in a unit, a text field to change, its valid add-form data, its import kind."""

    def __init__(self, model, kind, text_field, unit_field, make, add_data, inline=None):
        self.model, self.kind, self.text_field, self.unit_field = model, kind, text_field, unit_field
        self.make, self.add_data, self.inline = make, add_data, inline

    @property
    def name(self):
        return self.model.__name__

    def perm(self, action):
        opts = self.model._meta
        return f"{opts.app_label}.{action}_{opts.model_name}"


def _expert_in(unit, **kwargs):
    expert = make_expert(**kwargs)
    make_appointment(expert, unit)
    return expert


def _appointment_inline(unit):
    return {
        "appointments-TOTAL_FORMS": "1",
        "appointments-INITIAL_FORMS": "0",
        "appointments-MIN_NUM_FORMS": "0",
        "appointments-MAX_NUM_FORMS": "1000",
        "appointments-0-unit": str(unit.pk),
        "appointments-0-position": "Visiting professor",
        "appointments-0-term": "short_term",
        "appointments-0-starts_on": "2014-03-01",
        "appointments-0-ends_on": "2014-04-01",
    }


# A person's document checklist (intl_office.documents) is an inline of their page for staff who see personal data.
NO_DOCUMENTS = {
    "documents-TOTAL_FORMS": "0",
    "documents-INITIAL_FORMS": "0",
    "documents-MIN_NUM_FORMS": "0",
    "documents-MAX_NUM_FORMS": "1000",
}


CASES = (
    Case(
        InternationalStudent,
        "students",
        # Not a name the import tells people apart by (a changed given name is another person).
        "name_zh",
        "unit",
        lambda unit, text: make_student(unit=unit, name_zh=text),
        lambda self, unit: {**valid.student_data(unit=unit.pk, given_name="Added"), **NO_DOCUMENTS},
    ),
    Case(
        OutboundMobility,
        "outbound",
        "student_name",
        "unit",
        lambda unit, text: make_outbound(unit=unit, student_name=text),
        lambda self, unit: valid.outbound_data(unit=unit.pk, student_number="13219999"),
    ),
    Case(
        Expert,
        "experts",
        "field",
        None,
        lambda unit, text: _expert_in(unit, field=text),
        lambda self, unit: {**valid.expert_data(family_name="Added"), **_appointment_inline(unit), **NO_DOCUMENTS},
        inline="appointments",
    ),
    Case(
        Appointment,
        "appointments",
        "position",
        "unit",
        lambda unit, text: make_appointment(_expert_in(unit), unit, position=text, starts_on=datetime.date(2012, 2, 1)),
        lambda self, unit: valid.appointment_data(
            expert=self.own_records[Expert].pk, unit=unit.pk, starts_on="2015-02-01", ends_on="2015-12-31"
        ),
    ),
    Case(
        Delegation,
        "delegations",
        "leader",
        "host_unit",
        lambda unit, text: make_delegation(host_unit=unit, leader=text),
        lambda self, unit: valid.delegation_data(host_unit=unit.pk, title="Added"),
    ),
    Case(
        Agreement,
        "agreements",
        "notes",
        "unit",
        lambda unit, text: make_agreement(unit=unit, notes=text),
        lambda self, unit: valid.agreement_data(unit=unit.pk, title="Added"),
    ),
)


def _body(response) -> str:
    return (b"".join(response.streaming_content) if response.streaming else response.content).decode("utf-8-sig")


def _change_form_data(response) -> dict:
    """What a browser posts back from a change form, unchanged, inline rows included."""
    data = {}
    forms = [response.context["adminform"].form]
    for formset in response.context["inline_admin_formsets"]:
        management = formset.formset.management_form
        data.update({management.add_prefix(name): management[name].value() for name in management.fields})
        forms += formset.formset.forms
    for form in forms:
        for name in form.fields:
            value = form[name].value()
            key = form.add_prefix(name)
            if value is None or value is False:
                continue
            if value is True:
                data[key] = "on"
            elif isinstance(value, list | tuple):
                data[key] = [str(v) for v in value]
            else:
                data[key] = str(value)
    return data


class RoleMatrix:
    """The matrix for one role; a subclass per role names it."""

    role: roles.Role

    @classmethod
    def setUpTestData(cls):
        cls.own_unit, cls.other_unit = make_unit(name_en="Own School"), make_unit(name_en="Other School")
        group = Group.objects.get(name=cls.role.name)
        cls.scoped = make_user("scoped")
        cls.scoped.groups.add(group)
        cls.own_unit.members.add(cls.scoped)
        cls.office_wide = make_user("office-wide")
        cls.office_wide.groups.add(group)
        cls.own_records, cls.other_records = {}, {}
        for case in CASES:
            cls.own_records[case.model] = case.make(cls.own_unit, f"Own {case.name}")
            cls.other_records[case.model] = case.make(cls.other_unit, f"Other {case.name}")

    def allows(self, permission: str) -> bool:
        return permission in self.role.permissions

    def may_view(self, case) -> bool:
        return self.allows(case.perm("view")) or self.allows(case.perm("change"))

    # View ------------------------------------------------------------------------------------------------------

    def test_lists_show_only_the_own_units_records(self):
        force_login(self.client, self.scoped)
        for case in CASES:
            with self.subTest(model=case.name):
                response = self.client.get(admin_url(case.model, "changelist"))
                if not self.may_view(case):
                    self.assertEqual(response.status_code, 403)
                    continue
                listed = set(response.context["cl"].queryset.values_list("pk", flat=True))
                self.assertIn(self.own_records[case.model].pk, listed)
                self.assertNotIn(self.other_records[case.model].pk, listed)

    def test_without_a_unit_link_the_role_works_office_wide(self):
        force_login(self.client, self.office_wide)
        for case in CASES:
            with self.subTest(model=case.name):
                response = self.client.get(admin_url(case.model, "changelist"))
                if not self.may_view(case):
                    self.assertEqual(response.status_code, 403)
                    continue
                listed = set(response.context["cl"].queryset.values_list("pk", flat=True))
                self.assertLessEqual({self.own_records[case.model].pk, self.other_records[case.model].pk}, listed)

    def test_another_units_record_is_not_found(self):
        force_login(self.client, self.scoped)
        for case in CASES:
            with self.subTest(model=case.name):
                own, other = self.own_records[case.model], self.other_records[case.model]
                own_page = self.client.get(admin_url(case.model, "change", own.pk))
                other_page = self.client.get(admin_url(case.model, "change", other.pk))
                if not self.may_view(case):
                    self.assertEqual((own_page.status_code, other_page.status_code), (403, 403))
                    continue
                self.assertEqual(own_page.status_code, 200)
                # The admin's "does not exist" answer: back to its front page, nothing of the record shown.
                self.assertRedirects(other_page, reverse("admin:index"))
                history = self.client.get(admin_url(case.model, "history", other.pk))
                self.assertRedirects(history, reverse("admin:index"))

    # Change, add, delete ---------------------------------------------------------------------------------------

    def test_changes_reach_only_the_own_units_records(self):
        force_login(self.client, self.scoped)
        for case in CASES:
            with self.subTest(model=case.name):
                own, other = self.own_records[case.model], self.other_records[case.model]
                if not self.allows(case.perm("change")):
                    response = self.client.post(admin_url(case.model, "change", own.pk), {case.text_field: "Changed"})
                    self.assertIn(response.status_code, (200, 403))
                    own.refresh_from_db()
                    self.assertEqual(getattr(own, case.text_field), f"Own {case.name}")
                    continue
                data = _change_form_data(self.client.get(admin_url(case.model, "change", own.pk)))
                data[case.text_field] = "Changed"
                response = self.client.post(admin_url(case.model, "change", own.pk), data)
                self.assertEqual(response.status_code, 302, getattr(response, "context", None) and _errors(response))
                own.refresh_from_db()
                self.assertEqual(getattr(own, case.text_field), "Changed")

                response = self.client.post(admin_url(case.model, "change", other.pk), data)
                self.assertRedirects(response, reverse("admin:index"))
                other.refresh_from_db()
                self.assertEqual(getattr(other, case.text_field), f"Other {case.name}")

    def test_a_record_cannot_be_moved_to_another_unit(self):
        force_login(self.client, self.scoped)
        for case in CASES:
            with self.subTest(model=case.name):
                if case.unit_field is None or not self.allows(case.perm("change")):
                    continue
                own = self.own_records[case.model]
                data = _change_form_data(self.client.get(admin_url(case.model, "change", own.pk)))
                data[case.unit_field] = str(self.other_unit.pk)
                response = self.client.post(admin_url(case.model, "change", own.pk), data)
                self.assertEqual(response.status_code, 200)
                self.assertIn(case.unit_field, response.context["adminform"].form.errors)
                own.refresh_from_db()
                self.assertEqual(getattr(own, f"{case.unit_field}_id"), self.own_unit.pk)

    def test_records_are_added_only_to_the_own_unit(self):
        force_login(self.client, self.scoped)
        for case in CASES:
            with self.subTest(model=case.name):
                before = case.model.objects.count()
                if not self.allows(case.perm("add")):
                    response = self.client.post(admin_url(case.model, "add"), case.add_data(self, self.own_unit))
                    self.assertEqual(response.status_code, 403)
                    continue
                response = self.client.post(admin_url(case.model, "add"), case.add_data(self, self.other_unit))
                self.assertEqual(response.status_code, 200)
                self.assertEqual(case.model.objects.count(), before)
                response = self.client.post(admin_url(case.model, "add"), case.add_data(self, self.own_unit))
                self.assertEqual(response.status_code, 302, _errors(response) if response.status_code == 200 else "")
                self.assertEqual(case.model.objects.count(), before + 1)

    def test_only_the_own_units_records_can_be_deleted(self):
        force_login(self.client, self.scoped)
        for case in CASES:
            with self.subTest(model=case.name):
                own, other = self.own_records[case.model], self.other_records[case.model]
                response = self.client.post(admin_url(case.model, "delete", other.pk), {"post": "yes"})
                if self.allows(case.perm("delete")):
                    self.assertRedirects(response, reverse("admin:index"))
                else:
                    self.assertIn(response.status_code, (302, 403))
                self.assertTrue(case.model.objects.filter(pk=other.pk).exists())
                response = self.client.post(admin_url(case.model, "delete", own.pk), {"post": "yes"})
                self.assertEqual(case.model.objects.filter(pk=own.pk).exists(), not self.allows(case.perm("delete")))

    # Export and import -----------------------------------------------------------------------------------------

    def test_exports_hold_only_the_own_units_records(self):
        force_login(self.client, self.scoped)
        for case in CASES:
            with self.subTest(model=case.name):
                own, other = self.own_records[case.model], self.other_records[case.model]
                data = {"action": "export_as_csv", "select_across": "1", "index": "0", ACTION_CHECKBOX_NAME: [own.pk]}
                response = self.client.post(admin_url(case.model, "changelist"), data)
                if not self.may_view(case):
                    self.assertEqual(response.status_code, 403)
                    continue
                if not self.allows("intl_office.export_records"):
                    self.assertNotEqual(response.get("Content-Type"), "text/csv; charset=utf-8")
                    continue
                exported = _body(response)
                own_unit_records = case.model.objects.for_units([self.own_unit])
                self.assertEqual(len(list(csv.DictReader(io.StringIO(exported)))), own_unit_records.count())
                self.assertIn(getattr(own, case.text_field), exported)
                self.assertNotIn(getattr(other, case.text_field), exported)

    def import_file(self, case, record, **changes) -> bytes:
        """The record as the user's own export would give it, with some cells changed."""
        resource = kinds.resource_for(case.kind, self.scoped)
        exported = resource.export(queryset=case.model.objects.filter(pk=record.pk))
        keys = resource.column_keys()
        row = {**dict(zip(keys, exported[0], strict=True)), **changes}
        dataset = tablib.Dataset(headers=keys)
        dataset.append([row[key] for key in keys])
        return dataset.export("csv").encode()

    def test_imports_reach_only_the_own_units_records(self):
        for case in CASES:
            with self.subTest(model=case.name):
                own, other = self.own_records[case.model], self.other_records[case.model]
                may_import = self.allows("intl_office.import_records") and all(
                    self.allows(case.perm(action)) for action in ("add", "change")
                )
                if not may_import:
                    with self.assertRaises(PermissionDenied):
                        engine.run_import(case.kind, b"", "x.csv", user=self.scoped)
                    continue
                changed = {case.text_field: "Imported"}
                report = engine.run_import(
                    case.kind, self.import_file(case, own, **changed), "own.csv", user=self.scoped, dry_run=False
                )
                self.assertEqual((report.errors, report.updated), ([], 1))
                own.refresh_from_db()
                self.assertEqual(getattr(own, case.text_field), "Imported")

                report = engine.run_import(
                    case.kind, self.import_file(case, other, **changed), "other.csv", user=self.scoped, dry_run=False
                )
                # Refused, naming the row (an appointment's expert outside their units is named too).
                self.assertTrue(report.errors)
                self.assertTrue(all(error.startswith("row 2") for error in report.errors), report.errors)
                self.assertFalse(report.written)
                other.refresh_from_db()
                self.assertEqual(getattr(other, case.text_field), f"Other {case.name}")

                if case.unit_field is not None:
                    # One of their records given to another unit: refused, naming the row and the unit's column.
                    moved = {case.unit_field: self.other_unit.code}
                    report = engine.run_import(
                        case.kind, self.import_file(case, own, **moved), "moved.csv", user=self.scoped, dry_run=False
                    )
                    label = str(case.model._meta.get_field(case.unit_field).verbose_name)
                    self.assertEqual(len(report.errors), 1, report.errors)
                    self.assertIn(f"row 2, {label}", report.errors[0])
                    self.assertIn(self.own_unit.name_en, report.errors[0])
                    own.refresh_from_db()
                    self.assertEqual(getattr(own, f"{case.unit_field}_id"), self.own_unit.pk)


def _errors(response):
    context = response.context
    errors = [context["adminform"].form.errors] if "adminform" in context else []
    errors += [formset.formset.errors for formset in context.get("inline_admin_formsets", [])]
    return errors


class OfficeAdministratorMatrixTests(RoleMatrix, TestCase):
    role = roles.OFFICE_ADMINISTRATOR


class PartnershipsOfficerMatrixTests(RoleMatrix, TestCase):
    role = roles.PARTNERSHIPS_OFFICER


class StudentAffairsOfficerMatrixTests(RoleMatrix, TestCase):
    role = roles.STUDENT_AFFAIRS_OFFICER


class ExpertAffairsOfficerMatrixTests(RoleMatrix, TestCase):
    role = roles.EXPERT_AFFAIRS_OFFICER


class ReportViewerMatrixTests(RoleMatrix, TestCase):
    role = roles.REPORT_VIEWER


class UnitSecretaryMatrixTests(RoleMatrix, TestCase):
    role = roles.UNIT_SECRETARY
