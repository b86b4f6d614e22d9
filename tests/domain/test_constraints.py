"""Every named database constraint rejects a bad row, and the admin form says what is wrong in words."""

from django.contrib import admin
from django.db import IntegrityError, transaction
from django.test import RequestFactory, TestCase
from django.urls import reverse
from django.utils import translation

from experts.models import Appointment
from partners.models import Agreement
from tests.domain.constraint_cases import CASES, Case, constraint_named, named_constraints
from tests.domain.form_data import agreement_data, expert_data
from tests.factories import (
    force_login,
    make_expert,
    make_unit,
    make_user,
)


class ConstraintTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.superuser = make_user("root", is_superuser=True)

    def admin_form(self, case):
        request = RequestFactory().get("/")
        request.user = self.superuser
        data, instance = case.bad_form()
        form_class = admin.site._registry[case.model].get_form(request, instance, change=instance is not None)
        return form_class(data, instance=instance)

    def test_every_named_constraint_has_a_case(self):
        self.assertEqual(set(named_constraints()), set(CASES))
        for name, model in named_constraints().items():
            self.assertIs(CASES[name].model, model, name)

    def test_the_database_rejects_each_bad_row(self):
        for name, case in CASES.items():
            with self.subTest(constraint=name):
                before = case.model.objects.count()
                with self.assertRaises(IntegrityError), transaction.atomic():
                    case.write_bad_row()
                self.assertEqual(case.model.objects.count(), before)

    def test_the_admin_form_names_the_field_and_the_rule(self):
        for name, case in CASES.items():
            if case.bad_form is None:
                continue
            with self.subTest(constraint=name):
                form = self.admin_form(case)
                self.assertFalse(form.is_valid())
                expected = case.message or str(constraint_named(name).get_violation_error_message())
                self.assertIn(expected, form.errors.get(case.field, []), form.errors)
                # Never the generic "Constraint “...” is violated."
                self.assertNotIn("is violated", str(form.errors))

    def test_every_named_constraint_words_its_refusal_and_names_a_field_of_its_model(self):
        for name, model in named_constraints().items():
            constraint = constraint_named(name)
            with self.subTest(constraint=name):
                self.assertNotEqual(constraint.violation_error_message, constraint.default_violation_error_message)
                if constraint.violation_error_code is not None:
                    model._meta.get_field(constraint.violation_error_code)

    def test_every_constraint_message_has_a_chinese_translation(self):
        for name in named_constraints():
            message = constraint_named(name).violation_error_message
            with self.subTest(constraint=name):
                with translation.override("en"):
                    english = str(message)
                with translation.override("zh-hans"):
                    self.assertNotEqual(str(message), english)

    def test_rows_nobody_may_add_in_the_admin_have_no_form_case(self):
        request = RequestFactory().get("/")
        request.user = self.superuser
        for name, case in CASES.items():
            if case.bad_form is None:
                with self.subTest(constraint=name):
                    model_admin = admin.site._registry.get(case.model)
                    # A model with no admin page at all (a user's choice of list columns) has no add form either.
                    self.assertFalse(model_admin and model_admin.has_add_permission(request))

    def test_the_agreement_page_shows_the_error_next_to_the_end_date(self):
        force_login(self.client, self.superuser)
        data = agreement_data(starts_on="2014-01-01", ends_on="2013-12-31")
        response = self.client.post(reverse("admin:partners_agreement_add"), data)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Please correct the error below.")
        self.assertContains(response, "The end date cannot be before the start date.")
        self.assertFalse(Agreement.objects.filter(title="Exchange").exists())

    def test_a_chinese_page_shows_the_message_in_chinese(self):
        data = agreement_data(starts_on="2014-01-01", ends_on="2013-12-31")
        with translation.override("zh-hans"):
            form = self.admin_form(Case(Agreement, None, lambda: (data, None)))
            self.assertEqual(form.errors["ends_on"], ["结束日期不能早于开始日期。"])

    def test_an_appointment_row_under_an_expert_gets_the_same_message(self):
        expert = make_expert()
        unit = make_unit()
        force_login(self.client, self.superuser)
        prefix = "appointments-"
        data = {
            **expert_data(family_name=expert.family_name, nationality="GB"),
            f"{prefix}TOTAL_FORMS": "1",
            f"{prefix}INITIAL_FORMS": "0",
            f"{prefix}0-unit": unit.pk,
            f"{prefix}0-position": "Foreign teacher",
            f"{prefix}0-term": "long_term",
            f"{prefix}0-starts_on": "2013-09-01",
            f"{prefix}0-ends_on": "2013-08-01",
        }
        response = self.client.post(reverse("admin:experts_expert_change", args=[expert.pk]), data)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "The end date cannot be before the start date.")
        self.assertFalse(Appointment.objects.filter(expert=expert).exists())
