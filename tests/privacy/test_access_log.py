"""The personal data access log: who opened a person's record, exported or searched personal data, and when."""

from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import ProtectedError
from django.test import TestCase
from django.urls import reverse

from experts.models import Appointment, Expert
from intl_office.core.models import ExportLog, ImportLog, PersonalDataAccess
from intl_office.core.personal_admin import access_log_url
from students.models import InternationalStudent
from tests.factories import force_login, make_appointment, make_expert, make_student, make_user
from tests.personas import make_staff

STUDENTS = reverse("admin:students_internationalstudent_changelist")


def change_url(obj):
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


class AccessLogTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.officer = make_staff("officer", personal_data=True)
        cls.officer.user_permissions.add(Permission.objects.get(codename="export_records"))
        cls.clerk = make_staff("clerk")
        cls.student = make_student(passport_number="PX1000001", email="kept@example.org")
        cls.other = make_student()
        cls.expert = make_expert(passport_number="EX2000002")

    def test_opening_a_students_record_with_personal_data_is_logged(self):
        force_login(self.client, self.officer)
        self.assertEqual(self.client.get(change_url(self.student)).status_code, 200)
        access = PersonalDataAccess.objects.get()
        self.assertEqual(
            (access.user, access.username, access.kind, access.content_type.model_class(), access.record_count),
            (self.officer, "officer", PersonalDataAccess.Kind.OPENED, InternationalStudent, 1),
        )
        self.assertEqual(list(PersonalDataAccess.objects.about(self.student)), [access])
        self.assertFalse(PersonalDataAccess.objects.about(self.other).exists())

    def test_opening_an_experts_record_with_personal_data_is_logged(self):
        force_login(self.client, self.officer)
        self.client.get(change_url(self.expert))
        self.assertEqual(PersonalDataAccess.objects.about(self.expert).get().kind, PersonalDataAccess.Kind.OPENED)

    def test_opening_a_persons_history_page_or_a_past_version_is_logged(self):
        force_login(self.client, self.officer)
        history = reverse("admin:students_internationalstudent_history", args=[self.student.pk])
        self.assertEqual(self.client.get(history).status_code, 200)
        version = self.student.history.latest()
        past = reverse("admin:students_internationalstudent_simple_history", args=[self.student.pk, version.history_id])
        self.assertEqual(self.client.get(past).status_code, 200)
        kinds = list(PersonalDataAccess.objects.about(self.student).values_list("kind", flat=True))
        self.assertEqual(kinds, [PersonalDataAccess.Kind.OPENED] * 2)

    def test_a_clerk_who_sees_no_personal_data_leaves_no_entry(self):
        self.client.force_login(self.clerk)
        self.assertEqual(self.client.get(change_url(self.student)).status_code, 200)
        self.client.get(STUDENTS, {"q": "PX1000001"})
        self.assertFalse(PersonalDataAccess.objects.exists())

    def test_a_search_on_personal_fields_is_logged_with_its_text(self):
        force_login(self.client, self.officer)
        self.client.get(STUDENTS, {"q": "PX1000001"})
        access = PersonalDataAccess.objects.get()
        self.assertEqual((access.kind, access.query), (PersonalDataAccess.Kind.SEARCHED, "PX1000001"))
        # Browsing the list without a search is not a search.
        self.client.get(STUDENTS)
        self.assertEqual(PersonalDataAccess.objects.count(), 1)

    def test_an_export_with_personal_data_lists_every_record_it_held(self):
        force_login(self.client, self.officer)
        data = {
            "action": "export_as_csv",
            ACTION_CHECKBOX_NAME: [str(self.student.pk)],
            "select_across": "1",
            "index": 0,
        }
        response = self.client.post(STUDENTS, data)
        self.assertEqual(response.status_code, 200)
        access = PersonalDataAccess.objects.get(kind=PersonalDataAccess.Kind.EXPORTED)
        self.assertEqual(access.record_count, InternationalStudent.objects.count())
        self.assertEqual(access.export, ExportLog.objects.get())
        self.assertTrue(PersonalDataAccess.objects.about(self.student).exists())
        self.assertTrue(PersonalDataAccess.objects.about(self.other).exists())

    def test_an_appointment_export_reaches_the_experts_whose_passports_it_carries(self):
        appointment = make_appointment(self.expert)
        force_login(self.client, self.officer)
        url = reverse("admin:experts_appointment_changelist")
        data = {"action": "export_as_xlsx", ACTION_CHECKBOX_NAME: [str(appointment.pk)], "index": 0}
        self.assertEqual(self.client.post(url, data).status_code, 200)
        access = PersonalDataAccess.objects.get()
        self.assertEqual(access.content_type.model_class(), Appointment)
        self.assertEqual(list(PersonalDataAccess.objects.about(self.expert)), [access])
        self.assertEqual(list(PersonalDataAccess.objects.about(appointment)), [access])

    def test_the_filtered_log_answers_who_looked_at_this_student(self):
        force_login(self.client, self.officer)
        self.client.get(change_url(self.student))
        self.client.get(change_url(self.other))
        page = self.client.get(change_url(self.student))
        self.assertContains(page, access_log_url(self.student).replace("&", "&amp;"))
        response = self.client.get(access_log_url(self.student))
        self.assertEqual(response.status_code, 200)
        shown = list(response.context["cl"].result_list)
        self.assertEqual(shown, list(PersonalDataAccess.objects.about(self.student)))
        self.assertEqual(len(shown), 2)
        self.assertNotIn(PersonalDataAccess.objects.about(self.other).get(), shown)

    def test_a_searched_text_is_masked_for_users_who_may_not_see_personal_data(self):
        force_login(self.client, self.officer)
        self.client.get(STUDENTS, {"q": "PX1000001"})
        access = PersonalDataAccess.objects.get()
        url = reverse("admin:intl_office_personaldataaccess_change", args=[access.pk])
        self.assertContains(self.client.get(url), "PX1000001")
        self.client.force_login(self.clerk)
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        self.assertNotContains(response, "PX1000001")


class UsernameSnapshotTests(TestCase):
    def test_logs_keep_the_username_as_it_was_and_protect_the_user(self):
        user = make_user("wang.clerk")
        export = ExportLog.objects.create(user=user, what="x", file_format="csv")
        imported = ImportLog.objects.create(user=user, kind="students", file_name="a.csv")
        access = PersonalDataAccess.objects.record(user, PersonalDataAccess.Kind.OPENED, Expert, records=[1])
        user.username = "renamed"
        user.save()
        for log in (export, imported, access):
            log.refresh_from_db()
            self.assertEqual(log.username, "wang.clerk")
        with self.assertRaises(ProtectedError):
            get_user_model().objects.filter(pk=user.pk).delete()
        # The logs' lists show who did it under the name they had then.
        force_login(self.client, make_user("root", is_superuser=True))
        for view in ("exportlog", "importlog", "personaldataaccess"):
            with self.subTest(view=view):
                self.assertContains(self.client.get(reverse(f"admin:intl_office_{view}_changelist")), "wang.clerk")


class EmptySelectionTests(TestCase):
    def test_an_export_of_an_empty_selection_is_logged_as_reaching_no_record(self):
        from experts.models import Appointment

        user = make_user("empty.exporter")
        access = PersonalDataAccess.objects.record(
            user, PersonalDataAccess.Kind.EXPORTED, Appointment, records=Appointment.objects.filter(pk__in=[])
        )
        access.refresh_from_db()
        self.assertEqual(access.record_count, 0)
        self.assertFalse(access.records.exists())
