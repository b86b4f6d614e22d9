"""A document checklist per person: the kinds a category of student (or term of appointment) needs, each document
with its private file, received date and expiry; what is missing on the record and as a list filter."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from experts.models import Appointment
from intl_office.documents.models import AppliesTo, DocumentKind, PersonDocument, missing_documents_q
from students.models import InternationalStudent
from tests.admin.scan_files import pdf
from tests.factories import force_login, make_appointment, make_expert, make_student
from tests.personas import make_staff

TODAY = timezone.localdate()


def hold_every_document(student):
    for kind in DocumentKind.objects.for_student(student):
        PersonDocument.objects.create(kind=kind, student=student, received_on=TODAY)


class ChecklistRuleTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.degree = make_student(category=InternationalStudent.Category.DEGREE)
        cls.exchange = make_student(category=InternationalStudent.Category.EXCHANGE)

    def test_a_category_needs_the_kinds_for_every_student_and_its_own(self):
        every = set(DocumentKind.objects.filter(applies_to=AppliesTo.STUDENT, student_category="", is_required=True))
        own = set(DocumentKind.objects.filter(student_category=InternationalStudent.Category.DEGREE, is_required=True))
        self.assertTrue(own)
        self.assertEqual(set(DocumentKind.objects.for_student(self.degree)), every | own)
        self.assertEqual(set(DocumentKind.objects.for_student(self.exchange)), every)

    def test_a_received_document_is_held_until_it_expires(self):
        hold_every_document(self.exchange)
        self.assertFalse(DocumentKind.objects.missing_for(self.exchange).exists())
        passport = PersonDocument.objects.get(student=self.exchange, kind__name_en="Passport copy")
        passport.expires_on = TODAY - datetime.timedelta(days=1)
        passport.save()
        self.assertEqual(list(DocumentKind.objects.missing_for(self.exchange)), [passport.kind])

    def test_an_expert_needs_the_long_term_kinds_only_with_a_long_term_appointment(self):
        short = make_expert()
        make_appointment(short, term=Appointment.Term.SHORT_TERM)
        long = make_expert()
        make_appointment(long, term=Appointment.Term.LONG_TERM)
        work_permit = DocumentKind.objects.get(applies_to=AppliesTo.EXPERT, name_en="Work permit")
        self.assertNotIn(work_permit, DocumentKind.objects.for_expert(short))
        self.assertIn(work_permit, DocumentKind.objects.for_expert(long))

    def test_the_missing_documents_condition_selects_people_with_a_gap(self):
        hold_every_document(self.exchange)
        missing = InternationalStudent.objects.filter(missing_documents_q(InternationalStudent, TODAY))
        self.assertEqual(set(missing), {self.degree})

    def test_a_document_belongs_to_one_person(self):
        kind = DocumentKind.objects.filter(applies_to=AppliesTo.STUDENT).first()
        with self.assertRaises(IntegrityError):
            PersonDocument.objects.create(kind=kind)


class ChecklistAdminTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.clerk = make_staff("clerk")
        cls.officer = make_staff("officer", personal_data=True)
        cls.student = make_student(family_name="Checklist", category=InternationalStudent.Category.EXCHANGE)
        cls.complete = make_student(family_name="Complete", category=InternationalStudent.Category.EXCHANGE)
        hold_every_document(cls.complete)

    def test_the_record_lists_its_missing_documents(self):
        force_login(self.client, self.clerk)
        response = self.client.get(reverse("admin:students_internationalstudent_change", args=[self.student.pk]))
        self.assertContains(response, "Document checklist")
        for kind in DocumentKind.objects.for_student(self.student):
            self.assertContains(response, f'<span class="missing-document">{kind.name_en}</span>', html=True)

    def test_the_list_filters_people_missing_documents(self):
        force_login(self.client, self.clerk)
        url = reverse("admin:students_internationalstudent_changelist")
        missing = self.client.get(url, {"documents": "missing"})
        self.assertContains(missing, "CHECKLIST")
        self.assertNotContains(missing, "COMPLETE")
        complete = self.client.get(url, {"documents": "complete"})
        self.assertContains(complete, "COMPLETE")
        self.assertNotContains(complete, "CHECKLIST")

    def test_only_staff_who_may_see_personal_data_see_the_documents(self):
        force_login(self.client, self.clerk)
        url = reverse("admin:students_internationalstudent_change", args=[self.student.pk])
        self.assertNotContains(self.client.get(url), "documents-TOTAL_FORMS")
        force_login(self.client, self.officer)
        self.assertContains(self.client.get(url), "documents-TOTAL_FORMS")

    def test_an_officer_uploads_a_document_and_downloads_it_through_the_checked_view(self):
        kind = DocumentKind.objects.get(applies_to=AppliesTo.STUDENT, name_en="Passport copy")
        document = PersonDocument.objects.create(
            kind=kind,
            student=self.student,
            received_on=TODAY,
            file=SimpleUploadedFile("passport.pdf", pdf(), content_type="application/pdf"),
        )
        url = reverse("admin:documents_persondocument_file", args=[document.pk])
        force_login(self.client, self.clerk)
        self.assertEqual(self.client.get(url).status_code, 403)
        force_login(self.client, self.officer)
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "application/pdf")
        self.assertIn("no-store", response["Cache-Control"])
        page = self.client.get(reverse("admin:students_internationalstudent_change", args=[self.student.pk]))
        self.assertContains(page, url)
        self.assertNotContains(page, f'<span class="missing-document">{kind.name_en}</span>', html=True)
