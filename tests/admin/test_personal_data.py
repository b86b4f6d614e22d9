"""Passport numbers, birth dates and emails of students and experts: only for staff with view_personal_data."""

import datetime

from django.contrib import admin
from django.contrib.auth.models import Permission
from django.test import RequestFactory, TestCase
from django.urls import reverse

from experts.models import Expert
from experts.resources import AppointmentResource
from intl_office.core.models import ExportLog
from intl_office.core.people import PERSONAL_FIELDS, personal_fields
from intl_office.imports import kinds
from intl_office.imports.list_export import ListExport
from students.models import InternationalStudent
from tests.admin.builders import form_data
from tests.factories import force_login, make_appointment, make_contact, make_expert, make_student, make_user
from tests.personas import make_staff

PASSPORT = "PX7731905"
EMAIL = "secret.person@example.org"
BIRTH = datetime.date(1987, 3, 14)
# How the admin would print the birth date (English DATE_FORMAT), and its ISO form in an input.
BIRTH_SHOWN = ("March 14, 1987", "1987-03-14")


def _url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


class PersonalDataCases:
    """The same rule for students and experts; subclasses say which model and how to make a record."""

    model = None

    def make_record(self, **kwargs):
        raise NotImplementedError

    @classmethod
    def setUpTestData(cls):
        cls.clerk = make_staff("clerk")
        cls.officer = make_staff("officer", personal_data=True)

    def setUp(self):
        self.record = self.make_record(passport_number=PASSPORT, email=EMAIL, date_of_birth=BIRTH)

    def assertHidesPersonalData(self, response):
        self.assertEqual(response.status_code, 200)
        for text in (PASSPORT, EMAIL, *BIRTH_SHOWN):
            self.assertNotContains(response, text)
        for name in ("passport_number", "email", "date_of_birth"):
            self.assertNotContains(response, f'name="{name}"')

    def test_staff_without_the_permission_see_no_personal_data_in_the_list(self):
        self.client.force_login(self.clerk)
        response = self.client.get(_url(self.model, "changelist"))
        self.assertContains(response, self.record.family_name.upper())
        self.assertHidesPersonalData(response)
        self.assertNotContains(response, "column-passport_number")

    def test_staff_without_the_permission_see_no_personal_data_in_forms(self):
        self.client.force_login(self.clerk)
        self.assertHidesPersonalData(self.client.get(_url(self.model, "change", self.record.pk)))
        self.assertHidesPersonalData(self.client.get(_url(self.model, "add")))

    def test_a_view_only_user_sees_no_personal_data_either(self):
        app, name = self.model._meta.app_label, self.model._meta.model_name
        viewer = make_user("viewer", perms=(f"{app}.view_{name}",))
        self.client.force_login(viewer)
        response = self.client.get(_url(self.model, "change", self.record.pk))
        self.assertContains(response, self.record.family_name)
        self.assertHidesPersonalData(response)

    def test_staff_without_the_permission_cannot_search_by_passport_or_email(self):
        self.client.force_login(self.clerk)
        for term in (PASSPORT, EMAIL):
            with self.subTest(term=term):
                response = self.client.get(_url(self.model, "changelist"), {"q": term})
                self.assertEqual(list(response.context["cl"].result_list), [])

    def test_staff_without_the_permission_cannot_probe_personal_fields_through_url_filters(self):
        self.client.force_login(self.clerk)
        for lookup in ("passport_number__startswith", "email__contains", "date_of_birth__year"):
            with self.subTest(lookup=lookup):
                response = self.client.get(_url(self.model, "changelist"), {lookup: "1"})
                self.assertEqual(response.status_code, 400)

    def test_saving_the_form_without_the_permission_keeps_the_personal_data(self):
        self.client.force_login(self.clerk)
        url = _url(self.model, "change", self.record.pk)
        data = form_data(self.client.get(url))
        data.update(family_name="Renamed", passport_number="HACKED", email="other@example.org")
        response = self.client.post(url, data)
        self.assertRedirects(response, _url(self.model, "changelist"))
        self.record.refresh_from_db()
        self.assertEqual(self.record.family_name, "Renamed")
        self.assertEqual((self.record.passport_number, self.record.email), (PASSPORT, EMAIL))
        self.assertEqual(self.record.date_of_birth, BIRTH)

    def test_the_history_shows_no_personal_data(self):
        force_login(self.client, self.officer)
        url = _url(self.model, "change", self.record.pk)
        data = form_data(self.client.get(url))
        data.update(passport_number="PX0000001")
        self.assertEqual(self.client.post(url, data).status_code, 302)
        self.client.force_login(self.clerk)
        response = self.client.get(_url(self.model, "history", self.record.pk))
        self.assertContains(response, "Changed")
        for text in (PASSPORT, "PX0000001", EMAIL):
            self.assertNotContains(response, text)

    def test_staff_with_the_permission_see_search_and_edit_personal_data(self):
        force_login(self.client, self.officer)
        # The list offers the personal columns under "Columns" (its defaults fit 1366 px); the officer picks them.
        response = self.client.get(_url(self.model, "changelist"))
        self.assertContains(response, 'name="columns" value="passport_number"')
        self.client.post(_url(self.model, "columns"), {"columns": ["passport_number", "email"]})
        response = self.client.get(_url(self.model, "changelist"))
        self.assertContains(response, PASSPORT)
        self.assertContains(response, EMAIL)
        response = self.client.get(_url(self.model, "changelist"), {"q": PASSPORT})
        self.assertEqual(list(response.context["cl"].result_list), [self.record])
        url = _url(self.model, "change", self.record.pk)
        response = self.client.get(url)
        self.assertContains(response, f'value="{PASSPORT}"')
        self.assertContains(response, BIRTH_SHOWN[1])
        data = form_data(response)
        data.update(passport_number="PX0000002", date_of_birth="1988-04-15")
        self.assertEqual(self.client.post(url, data).status_code, 302)
        self.record.refresh_from_db()
        self.assertEqual(
            (self.record.passport_number, self.record.date_of_birth), ("PX0000002", datetime.date(1988, 4, 15))
        )


class StudentPersonalDataTests(PersonalDataCases, TestCase):
    model = InternationalStudent

    def make_record(self, **kwargs):
        return make_student(family_name="Nurlanova", **kwargs)


class ExpertPersonalDataTests(PersonalDataCases, TestCase):
    model = Expert

    def make_record(self, **kwargs):
        return make_expert(family_name="Vandermeulen", **kwargs)

    def test_the_expert_autocomplete_does_not_match_passport_numbers_without_the_permission(self):
        make_appointment(expert=self.record)
        params = {"app_label": "experts", "model_name": "appointment", "field_name": "expert"}
        autocomplete = reverse("admin:autocomplete")
        self.client.force_login(self.clerk)
        self.assertEqual(self.client.get(autocomplete, {**params, "term": PASSPORT}).json()["results"], [])
        self.assertEqual(len(self.client.get(autocomplete, {**params, "term": "Vandermeulen"}).json()["results"]), 1)
        force_login(self.client, self.officer)
        self.assertEqual(len(self.client.get(autocomplete, {**params, "term": PASSPORT}).json()["results"]), 1)


class PermissionsAreSeparateTests(TestCase):
    def test_the_student_permission_does_not_open_experts_personal_data(self):
        expert = make_expert(passport_number=PASSPORT)
        user = make_staff("student-officer")
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label="students", codename="view_personal_data")
        )
        force_login(self.client, user)
        self.assertNotContains(self.client.get(_url(Expert, "change", expert.pk)), PASSPORT)

    def test_partner_contacts_email_and_phone_are_visible_to_staff_with_contact_permissions(self):
        contact = make_contact(email="registrar@kuleuven.example.org", phone="+32 16 32 40 10")
        self.client.force_login(make_staff())
        response = self.client.get(reverse("admin:partners_contact_changelist"))
        self.assertContains(response, "registrar@kuleuven.example.org")
        self.assertContains(response, "+32 16 32 40 10")
        response = self.client.get(reverse("admin:partners_contact_change", args=[contact.pk]))
        self.assertContains(response, 'value="registrar@kuleuven.example.org"')


class ExportLogSearchTermTests(TestCase):
    """An officer may search students by passport number and export: the export log must not pass it on."""

    @classmethod
    def setUpTestData(cls):
        officer = make_staff("officer", personal_data=True)
        cls.log = ExportLog.objects.create(
            user=officer,
            what="students.internationalstudent",
            file_format="csv",
            filters={"q": PASSPORT, "passport_number__startswith": "PX77", "year": "2013"},
            includes_personal_data=True,
        )
        cls.partner_log = ExportLog.objects.create(
            user=officer, what="partners.institution", file_format="csv", filters={"q": "Leuven"}
        )

    def view(self, user, log):
        force_login(self.client, user)
        return self.client.get(reverse("admin:intl_office_exportlog_change", args=[log.pk]))

    def test_staff_without_the_permission_see_the_filters_with_search_terms_masked(self):
        response = self.view(make_staff("clerk"), self.log)
        self.assertContains(response, "year=2013")
        self.assertContains(response, "q=***")
        self.assertNotContains(response, PASSPORT)
        self.assertNotContains(response, "PX77")

    def test_staff_with_the_permission_see_the_search_terms(self):
        response = self.view(make_staff("officer2", personal_data=True), self.log)
        self.assertContains(response, f"q={PASSPORT}")

    def test_search_terms_of_partner_exports_are_not_masked(self):
        self.assertContains(self.view(make_staff("clerk"), self.partner_log), "q=Leuven")


class OnePersonalDataRuleTests(TestCase):
    """One declaration (``PERSONAL_FIELDS``) says which fields are personal: the admin, the spreadsheets and the export
    log all follow it."""

    def test_the_admin_hides_what_exports_and_imports_leave_out(self):
        request = RequestFactory().get("/")
        request.user = make_staff("clerk")
        for model, kind in ((InternationalStudent, "students"), (Expert, "experts")):
            with self.subTest(model=model._meta.label):
                shared = {"passport_number", "date_of_birth", "email", "phone", "visa_number"}
                own = {
                    InternationalStudent: {"insurance_policy_number", "admission_notice_number", "jw_form_number"},
                    Expert: {"work_permit_number"},
                }[model]
                contacts = {"emergency_contact_name", "emergency_contact_phone"}
                self.assertEqual(set(personal_fields(model)), shared | own | contacts)
                self.assertEqual(set(admin.site._registry[model].get_exclude(request)), set(personal_fields(model)))
                self.assertEqual(set(kinds.resource_class(kind).personal_columns), set(personal_fields(model)))
                export_columns = ListExport(model, request.user).resource.column_keys()
                self.assertFalse(set(export_columns) & set(PERSONAL_FIELDS))

    def test_an_appointments_personal_column_is_its_experts_passport_number(self):
        self.assertEqual(AppointmentResource.personal_columns, ("expert_passport_number",))

    def test_the_export_log_masks_filters_on_any_personal_field_even_through_a_related_record(self):
        log = ExportLog.objects.create(
            user=make_staff("officer", personal_data=True),
            what="experts.appointment",
            file_format="csv",
            filters={"expert__passport_number": PASSPORT, "phone": "+32 16", "term": "long_term"},
        )
        self.client.force_login(make_staff("clerk"))
        response = self.client.get(reverse("admin:intl_office_exportlog_change", args=[log.pk]))
        self.assertContains(response, "expert__passport_number=***")
        self.assertContains(response, "phone=***")
        self.assertContains(response, "term=long_term")
        self.assertNotContains(response, PASSPORT)
