"""Compliance records: passports, insurance and permits expiring are due (lead times in settings), and the new
personal fields stay hidden like the old ones."""

import datetime

from django.core.exceptions import ValidationError
from django.test import TestCase, override_settings
from django.urls import reverse
from django.utils import timezone

from intl_office.core.people import PERSONAL_FIELDS, is_personal
from intl_office.reminders import due as reminders
from students.models import InternationalStudent
from students.resources import InternationalStudentResource
from tests.factories import force_login, make_appointment, make_expert, make_student
from tests.personas import make_staff

TODAY = timezone.localdate()


def days(n):
    return TODAY + datetime.timedelta(days=n)


def due_keys(record) -> set[str]:
    return {section.key for section, items in reminders.due(TODAY) for item in items if item.record.pk == record.pk}


@override_settings(PASSPORT_REMINDER_DAYS=100, INSURANCE_REMINDER_DAYS=20)
class ComplianceDueTests(TestCase):
    def test_a_students_passport_is_due_within_the_settings_lead_time(self):
        soon = make_student(status=InternationalStudent.Status.ENROLLED, passport_expires_on=days(99))
        later = make_student(status=InternationalStudent.Status.ENROLLED, passport_expires_on=days(101))
        self.assertIn("student_passports", due_keys(soon))
        self.assertNotIn("student_passports", due_keys(later))

    def test_a_student_who_has_left_is_not_reminded(self):
        left = make_student(
            status=InternationalStudent.Status.COMPLETED,
            arrived_on=days(-400),
            departed_on=days(-10),
            passport_expires_on=days(5),
            insurance_expires_on=days(5),
        )
        self.assertEqual(due_keys(left), set())

    def test_a_students_insurance_is_due_within_its_lead_time(self):
        soon = make_student(status=InternationalStudent.Status.ADMITTED, insurance_expires_on=days(19))
        later = make_student(status=InternationalStudent.Status.ADMITTED, insurance_expires_on=days(21))
        self.assertIn("student_insurance", due_keys(soon))
        self.assertNotIn("student_insurance", due_keys(later))

    def test_an_experts_passport_is_due_while_appointed(self):
        expert = make_expert(passport_expires_on=days(30))
        current = make_appointment(expert, starts_on=days(-100), ends_on=days(200))
        self.assertIn("expert_passports", due_keys(current))
        ended = make_appointment(make_expert(passport_expires_on=days(30)), starts_on=days(-300), ends_on=days(-1))
        self.assertNotIn("expert_passports", due_keys(ended))

    def test_the_student_list_filters_each_reminder(self):
        staff = make_staff()
        soon = make_student(family_name="Soonpass", passport_expires_on=days(1))
        make_student(family_name="Farpass", passport_expires_on=days(1000))
        force_login(self.client, staff)
        response = self.client.get(
            reverse("admin:students_internationalstudent_changelist"), {"due": "student_passports"}
        )
        self.assertContains(response, soon.family_name.upper())
        self.assertNotContains(response, "FARPASS")


class CompliancePersonalDataTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.clerk = make_staff("clerk")
        cls.officer = make_staff("officer", personal_data=True)
        cls.student = make_student(
            visa_number="VISA-7781",
            phone="+7 700 555 0101",
            emergency_contact_name="Aigerim Mother",
            emergency_contact_phone="+7 700 555 0199",
            insurance_policy_number="PING-AN-5551",
            admission_notice_number="ADM-2026-0042",
            jw_form=InternationalStudent.JWForm.JW202,
            jw_form_number="JW-88410",
            accommodation=InternationalStudent.Accommodation.OFF_CAMPUS,
            address_registered_on=days(-3),
            passport_expires_on=days(400),
        )

    SECRETS = ("VISA-7781", "+7 700 555 0101", "Aigerim Mother", "PING-AN-5551", "ADM-2026-0042", "JW-88410")

    def test_the_new_numbers_and_contacts_are_declared_personal(self):
        for name in (
            "visa_number",
            "phone",
            "emergency_contact_name",
            "emergency_contact_phone",
            "insurance_policy_number",
            "admission_notice_number",
            "jw_form_number",
            "work_permit_number",
        ):
            self.assertIn(name, PERSONAL_FIELDS)
        self.assertFalse(is_personal("passport_expires_on"))

    def test_a_clerk_sees_expiries_but_no_numbers_or_contacts(self):
        force_login(self.client, self.clerk)
        response = self.client.get(reverse("admin:students_internationalstudent_change", args=[self.student.pk]))
        self.assertContains(response, 'name="passport_expires_on"')
        self.assertContains(response, 'name="accommodation"')
        for secret in self.SECRETS:
            self.assertNotContains(response, secret)
        force_login(self.client, self.officer)
        response = self.client.get(reverse("admin:students_internationalstudent_change", args=[self.student.pk]))
        for secret in self.SECRETS:
            self.assertContains(response, secret)

    def test_exports_without_the_permission_leave_the_personal_columns_out(self):
        resource = InternationalStudentResource(include_personal=False)
        headers = resource.get_export_headers()
        exported = resource.export(InternationalStudent.objects.all())
        for secret in self.SECRETS:
            self.assertNotIn(secret, exported.csv)
        self.assertTrue(any("insurance" in str(header).lower() for header in headers))
        full = InternationalStudentResource(include_personal=True).export(InternationalStudent.objects.all())
        self.assertIn("JW-88410", full.csv)

    def test_an_address_registration_needs_a_stay_off_campus(self):
        on_campus = make_student(accommodation=InternationalStudent.Accommodation.ON_CAMPUS)
        on_campus.address_registered_on = TODAY
        with self.assertRaises(ValidationError) as caught:
            on_campus.full_clean()
        self.assertIn("An address is registered with the police only for a stay off campus.", caught.exception.messages)
