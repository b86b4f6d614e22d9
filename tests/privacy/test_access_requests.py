"""Access requests (PIPL art. 45, GDPR art. 15): an authorised user downloads everything held about a person, as one
JSON file and one XLSX workbook, and the download is logged."""

import io
import json

import openpyxl
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import Permission
from django.test import TestCase
from django.urls import reverse

from intl_office.core.models import PersonalDataAccess
from intl_office.privacy.admin import access_request_url
from tests.factories import force_login, make_appointment, make_expert, make_student, make_talent_project, make_unit
from tests.personas import make_staff


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def change_url(obj):
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


class AccessRequestTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.officer = make_staff("officer", personal_data=True)
        cls.officer.user_permissions.add(Permission.objects.get(codename="answer_access_request"))
        cls.clerk = make_staff("clerk", personal_data=True)
        cls.expert = make_expert(family_name="Durand", passport_number="EX7000001", email="durand@example.org")
        cls.unit = make_unit()
        cls.appointments = [
            make_appointment(cls.expert, cls.unit, position="Foreign teacher"),
            make_appointment(cls.expert, make_unit(), position="Visiting professor"),
        ]
        cls.project = make_talent_project(cls.unit, lead_expert=cls.expert, title="Rail dynamics")
        cls.other = make_expert(family_name="Other", passport_number="EX7000002")
        make_appointment(cls.other, cls.unit, position="Someone else's post")
        LogEntry.objects.log_actions(
            cls.clerk.pk, [cls.expert], CHANGE, change_message="Changed email.", single_object=True
        )
        PersonalDataAccess.objects.record(
            cls.clerk, PersonalDataAccess.Kind.OPENED, type(cls.expert), records=[cls.expert.pk]
        )

    def download(self, obj, file_format):
        force_login(self.client, self.officer)
        response = self.client.get(access_request_url(obj, file_format))
        self.assertEqual(response.status_code, 200)
        return response

    def test_the_json_file_holds_the_record_its_related_records_and_the_logs_about_it(self):
        response = self.download(self.expert, "json")
        self.assertIn("attachment", response["Content-Disposition"])
        data = json.loads(body(response))
        self.assertEqual(data["person"], {"kind": "experts.expert", "id": self.expert.pk})
        (record,) = data["record"]
        self.assertEqual((record["family_name"], record["passport_number"]), ("Durand", "EX7000001"))
        self.assertEqual(
            sorted(row["position"] for row in data["experts.appointment"]),
            sorted(a.position for a in self.appointments),
        )
        self.assertEqual([row["title"] for row in data["experts.talentproject"]], ["Rail dynamics"])
        self.assertEqual([row["change"] for row in data["admin_log"]], ["Changed email."])
        self.assertEqual(data["admin_log"][0]["username"], "clerk")
        # The clerk's look at the record, and this download itself.
        kinds = [row["kind"] for row in data["access_log"]]
        self.assertEqual(len(kinds), 2)
        self.assertNotIn("EX7000002", json.dumps(data))
        self.assertNotIn("Someone else's post", json.dumps(data))

    def test_the_workbook_has_one_sheet_per_kind_with_the_same_rows(self):
        data = json.loads(body(self.download(self.expert, "json")))
        workbook = openpyxl.load_workbook(io.BytesIO(body(self.download(self.expert, "xlsx"))))
        self.assertEqual(len(workbook.sheetnames), len([key for key in data if key not in ("person", "produced_at")]))
        first = workbook.worksheets[0]
        values = [cell.value for cell in first[2]]
        self.assertIn("Durand", values)
        self.assertIn("EX7000001", values)
        appointments = workbook["Appointments"]
        column = [cell.value for cell in appointments[1]].index("Position")
        positions = sorted(row[column] for row in appointments.iter_rows(min_row=2, values_only=True))
        self.assertEqual(positions, sorted(a.position for a in self.appointments))

    def test_a_students_record_can_be_answered_too(self):
        student = make_student(passport_number="ST4000001")
        data = json.loads(body(self.download(student, "json")))
        self.assertEqual(data["record"][0]["passport_number"], "ST4000001")

    def test_the_download_is_logged(self):
        before = PersonalDataAccess.objects.filter(kind=PersonalDataAccess.Kind.ACCESS_REQUEST).count()
        self.download(self.expert, "xlsx")
        access = PersonalDataAccess.objects.filter(kind=PersonalDataAccess.Kind.ACCESS_REQUEST).get()
        self.assertEqual(before, 0)
        self.assertEqual(access.username, "officer")
        self.assertIn(access, PersonalDataAccess.objects.about(self.expert))

    def test_the_record_offers_the_download_only_to_users_with_the_permission(self):
        force_login(self.client, self.officer)
        self.assertContains(self.client.get(change_url(self.expert)), access_request_url(self.expert, "json"))
        force_login(self.client, self.clerk)
        self.assertNotContains(self.client.get(change_url(self.expert)), access_request_url(self.expert, "json"))
        self.assertEqual(self.client.get(access_request_url(self.expert, "json")).status_code, 403)
        self.assertFalse(PersonalDataAccess.objects.filter(kind=PersonalDataAccess.Kind.ACCESS_REQUEST).exists())

    def test_an_unknown_format_or_record_is_not_found(self):
        force_login(self.client, self.officer)
        self.assertEqual(self.client.get(access_request_url(self.expert, "csv")).status_code, 404)
        url = reverse("admin:experts_expert_access_request", args=[999999, "json"])
        self.assertEqual(self.client.get(url).status_code, 404)
