"""Exporting admin lists: the import columns, personal data by permission, streaming, the log, and refusals."""

import csv
import datetime
import io
from zoneinfo import ZoneInfo

import openpyxl
from django.contrib.admin import site
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import StreamingHttpResponse
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from experts.models import TalentProject
from intl_office.core import spreadsheets as exports
from intl_office.core.models import ExportLog, Unit
from intl_office.imports import kinds
from intl_office.imports.list_export import ListExport
from partners.models import Contact
from programs.models import Program
from students.models import InternationalStudent
from tests.factories import (
    force_login,
    make_agreement,
    make_appointment,
    make_contact,
    make_delegation,
    make_expert,
    make_institution,
    make_outbound,
    make_program,
    make_student,
    make_talent_project,
    make_unit,
)
from tests.personas import make_staff

CHANGELIST = reverse("admin:students_internationalstudent_changelist")
PERSONAL = ("Passport number", "Date of birth", "Email")


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def read_csv(response) -> list[dict]:
    return list(csv.DictReader(io.StringIO(body(response).decode("utf-8-sig"))))


def make_exporter(username="exporter", *, personal_data=False):
    """A clerk who may also export (and, if asked, see students' personal data)."""
    user = make_staff(username, personal_data=personal_data)
    user.user_permissions.add(Permission.objects.get(content_type__app_label="intl_office", codename="export_records"))
    # A fresh instance: Django caches a user's permissions on first use.
    return get_user_model().objects.get(pk=user.pk)


class ListExportTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.unit = make_unit(code="civil", name_en="School of Civil Engineering", name_zh="土木建筑工程学院")
        cls.leuven = make_institution(name_en="KU Leuven")
        cls.student = make_student(
            family_name="Nurlanov",
            name_zh="努尔兰",
            unit=cls.unit,
            home_institution=cls.leuven,
            arrived_on=datetime.date(2013, 9, 1),
            residence_permit_reminder_days=45,
        )
        cls.exporter = make_exporter()
        cls.trusted = make_exporter("trusted", personal_data=True)

    def test_it_exports_the_columns_of_the_import_template_with_names_not_ids(self):
        response = ListExport(InternationalStudent, self.trusted).response(InternationalStudent.objects.all(), "csv")
        self.assertIsInstance(response, StreamingHttpResponse)
        rows = read_csv(response)
        self.assertEqual(list(rows[0]), kinds.resource_for("students").column_names())
        row = rows[0]
        self.assertEqual(row["Home institution"], "KU Leuven")
        self.assertEqual(row["BJTU unit"], "civil")
        self.assertEqual(row["Chinese name"], "努尔兰")
        self.assertEqual(row["Arrival date"], "2013-09-01")
        self.assertEqual(row["Passport number"], self.student.passport_number)

    def test_dates_are_written_year_first_whatever_the_database_date_style(self):
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                # A server configured day-first would print a cast date as 01/09/2013.
                cursor.execute("SET DateStyle = 'SQL, DMY'")
        rows = read_csv(
            ListExport(InternationalStudent, self.trusted).response(InternationalStudent.objects.all(), "csv")
        )
        self.assertEqual((rows[0]["Arrival date"], rows[0]["Date of birth"]), ("2013-09-01", "2000-01-01"))

    def test_it_leaves_out_personal_columns_for_users_who_may_not_see_them(self):
        rows = read_csv(
            ListExport(InternationalStudent, self.exporter).response(InternationalStudent.objects.all(), "csv")
        )
        for column in PERSONAL:
            self.assertNotIn(column, rows[0])
        self.assertNotIn(self.student.passport_number, str(rows))
        self.assertFalse(ExportLog.objects.get().includes_personal_data)

    def test_it_records_personal_data_in_the_log_when_it_was_included(self):
        ListExport(InternationalStudent, self.trusted).response(InternationalStudent.objects.all(), "csv")
        self.assertTrue(ExportLog.objects.get().includes_personal_data)

    def test_an_xlsx_export_keeps_numbers_as_numbers_and_dates_as_dates(self):
        response = ListExport(InternationalStudent, self.trusted).response(InternationalStudent.objects.all(), "xlsx")
        sheet = openpyxl.load_workbook(io.BytesIO(body(response))).active
        header = [cell.value for cell in sheet[1]]
        self.assertTrue(sheet["A1"].font.bold)
        self.assertEqual(sheet.freeze_panes, "A2")
        row = dict(zip(header, next(sheet.iter_rows(min_row=2, values_only=True)), strict=True))
        self.assertEqual(row["Arrival date"], datetime.datetime(2013, 9, 1))
        self.assertEqual(row["Date of birth"], datetime.datetime(2000, 1, 1))
        self.assertEqual(row["Permit reminder lead time (days)"], 45)
        self.assertEqual(row["Home institution"], "KU Leuven")
        self.assertEqual((row["Nationality"], row["Category"]), ("Kazakhstan", "Degree student"))

    def test_a_list_with_a_many_to_many_column_lists_the_related_names(self):
        make_program(make_institution(name_en="EPITECH"), self.leuven, title_en="Software Engineering")
        rows = read_csv(ListExport(Program, self.exporter).response(Program.objects.all(), "csv"))
        self.assertEqual(rows[0]["Partner institutions"], "EPITECH; KU Leuven")

    def test_a_list_without_an_import_resource_exports_its_fields_by_name(self):
        rows = read_csv(ListExport(Unit, self.exporter).response(Unit.objects.all(), "csv"))
        self.assertEqual(rows[0]["Chinese name"], "土木建筑工程学院")

    def test_choices_and_countries_are_exported_as_labels_not_codes(self):
        export = ListExport(InternationalStudent, self.exporter)
        row = read_csv(export.response(InternationalStudent.objects.all(), "csv"))[0]
        self.assertEqual(
            (row["Nationality"], row["Category"], row["Status"]), ("Kazakhstan", "Degree student", "Enrolled")
        )
        sheet = openpyxl.load_workbook(
            io.BytesIO(body(export.response(InternationalStudent.objects.all(), "xlsx")))
        ).active
        cells = dict(zip([c.value for c in sheet[1]], [c.value for c in sheet[2]], strict=True))
        self.assertEqual((cells["Nationality"], cells["Category"]), ("Kazakhstan", "Degree student"))
        for code in ("KZ", "degree", "enrolled"):
            self.assertNotIn(code, row.values())
            self.assertNotIn(code, cells.values())

    def test_an_export_in_chinese_has_chinese_headers_and_labels(self):
        with translation.override("zh-hans"):
            export = ListExport(InternationalStudent, self.exporter)
            row = read_csv(export.response(InternationalStudent.objects.all(), "csv"))[0]
        self.assertEqual((row["学号"], row["国籍"], row["类别"]), (self.student.student_number, "哈萨克斯坦", "学历生"))

    def test_a_list_without_an_import_resource_exports_plain_headers_labels_local_times_and_yes_no(self):
        make_talent_project(title="High-speed bogies")
        exports.log_export(self.exporter, what="students", file_format="csv", includes_personal_data=True)
        with self.settings(TIME_ZONE="Asia/Shanghai"), timezone.override("Asia/Shanghai"):
            rows = read_csv(ListExport(TalentProject, self.exporter).response(TalentProject.objects.all(), "csv"))
            logs = ExportLog.objects.filter(what="students")
            log_rows = read_csv(ListExport(ExportLog, self.exporter).response(logs, "csv"))
        project = TalentProject.objects.get()
        self.assertNotIn("ID", rows[0])
        self.assertNotIn("id", rows[0])
        self.assertEqual(rows[0]["Title"], "High-speed bogies")
        self.assertEqual(rows[0]["Scheme"], project.get_scheme_display())
        self.assertEqual(rows[0]["Status"], project.get_status_display())
        log = logs.get()
        local = timezone.localtime(log.created_at, ZoneInfo("Asia/Shanghai"))
        self.assertEqual(log_rows[0]["Exported at"], local.strftime("%Y-%m-%d %H:%M:%S"))
        self.assertEqual(log_rows[0]["Includes personal data"], "yes")

    def test_it_refuses_users_without_the_export_permission(self):
        with self.assertRaises(PermissionDenied):
            ListExport(InternationalStudent, make_staff("clerk")).response(InternationalStudent.objects.all(), "csv")
        self.assertFalse(ExportLog.objects.exists())


class StreamingQueryCountTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.exporter = make_exporter(personal_data=True)
        cls.unit = make_unit()
        cls.program = make_program(make_institution(), make_institution())

    def setUp(self):
        # Load the user's permissions now, so only the export's own queries are counted.
        self.exporter.has_perm("intl_office.export_records")

    def run_export(self, model, count: int) -> int:
        with CaptureQueriesContext(connection) as queries:
            response = ListExport(model, self.exporter).response(model.objects.all(), "csv")
            lines = body(response).decode("utf-8-sig").splitlines()
        self.assertEqual(len(lines), count + 1)
        return len(queries)

    def test_a_student_export_runs_the_same_few_queries_for_10_or_300_rows(self):
        InternationalStudent.objects.bulk_create(
            InternationalStudent(family_name=f"F{n}", nationality="KZ", category="degree", unit=self.unit)
            for n in range(10)
        )
        # 1. count the rows for the log, 2. insert the log entry, 3. and 4. (personal data) the access log entry
        # and its records, listed by the database (INSERT ... SELECT),
        # 5. read every column in one SELECT with the unit, program and institution names joined in;
        # on PostgreSQL that SELECT streams from a cursor inside a transaction (a savepoint here, and its release)
        # that also sets, in one statement, the date style to ISO and a plan for reading every row.
        expected = 8 if connection.vendor == "postgresql" else 5
        with self.assertNumQueries(expected):
            response = ListExport(InternationalStudent, self.exporter).response(
                InternationalStudent.objects.all(), "csv"
            )
            self.assertEqual(len(body(response).splitlines()), 11)
        InternationalStudent.objects.bulk_create(
            InternationalStudent(family_name=f"G{n}", nationality="KZ", category="degree", unit=self.unit)
            for n in range(290)
        )
        with self.assertNumQueries(expected):
            response = ListExport(InternationalStudent, self.exporter).response(
                InternationalStudent.objects.all(), "csv"
            )
            self.assertEqual(len(body(response).splitlines()), 301)

    def test_a_program_export_with_partners_runs_as_many_queries_for_10_as_for_300_rows(self):
        def add(n):
            programs = Program.objects.bulk_create(
                Program(
                    title_en=f"P{i}-{n}",
                    slug=f"p-{n}-{i}",
                    kind="student_exchange",
                    level="master",
                    discipline="engineering",
                )
                for i in range(n)
            )
            for program in programs:
                program.partners.set(self.program.partners.all())

        add(9)
        few = self.run_export(Program, 10)
        add(290)
        self.assertEqual(self.run_export(Program, 300), few)


class AdminListExportTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.kz = [make_student(nationality="KZ") for _ in range(3)]
        cls.ru = make_student(nationality="RU")
        cls.exporter = make_exporter()
        cls.clerk = make_staff("clerk")

    def post_action(self, action, *, query="", selected=(), select_across=False):
        data = {"action": action, ACTION_CHECKBOX_NAME: [str(s.pk) for s in selected], "index": 0}
        if select_across:
            data["select_across"] = "1"
        return self.client.post(CHANGELIST + query, data)

    def test_the_export_actions_are_offered_to_users_allowed_to_export(self):
        force_login(self.client, self.exporter)
        response = self.client.get(CHANGELIST)
        self.assertContains(response, 'value="export_as_csv"')
        self.assertContains(response, 'value="export_as_xlsx"')

    def test_the_export_actions_are_hidden_from_clerks_without_the_permission(self):
        self.client.force_login(self.clerk)
        response = self.client.get(CHANGELIST)
        self.assertEqual(response.status_code, 200)
        self.assertNotContains(response, "export_as_csv")
        # Posting the action anyway exports nothing.
        response = self.post_action("export_as_csv", selected=self.kz)
        self.assertNotEqual(response.get("Content-Type"), "text/csv; charset=utf-8")
        self.assertFalse(ExportLog.objects.exists())

    def test_it_exports_the_ticked_rows(self):
        force_login(self.client, self.exporter)
        response = self.post_action("export_as_csv", selected=self.kz[:2])
        self.assertEqual(response["Content-Type"], "text/csv; charset=utf-8")
        numbers = {row["Student number"] for row in read_csv(response)}
        self.assertEqual(numbers, {s.student_number for s in self.kz[:2]})

    def test_select_all_exports_the_whole_filtered_list_and_logs_the_filters(self):
        force_login(self.client, self.exporter)
        response = self.post_action("export_as_xlsx", query="?nationality=KZ", selected=self.kz[:1], select_across=True)
        sheet = openpyxl.load_workbook(io.BytesIO(body(response))).active
        self.assertEqual(sheet.max_row - 1, len(self.kz))
        log = ExportLog.objects.get()
        self.assertEqual(
            (log.user, log.what, log.file_format, log.row_count),
            (self.exporter, "students.internationalstudent", "xlsx", len(self.kz)),
        )
        self.assertEqual(log.filters["nationality"], "KZ")
        self.assertEqual(log.filters["selection"], "all")

    def test_the_log_never_keeps_a_search_text_which_may_be_personal_data(self):
        trusted = make_exporter("trusted", personal_data=True)
        force_login(self.client, trusted)
        student = self.kz[0]
        response = self.post_action(
            "export_as_csv", query=f"?q={student.passport_number}", selected=[student], select_across=True
        )
        self.assertEqual([row["Passport number"] for row in read_csv(response)], [student.passport_number])
        log = ExportLog.objects.get()
        self.assertEqual(log.filters["q"], "[not logged]")
        self.assertNotIn(student.passport_number, str(log.filters))

    def test_the_log_keeps_the_search_text_of_a_list_without_personal_data(self):
        leuven = make_institution(name_en="KU Leuven")
        force_login(self.client, self.exporter)
        url = reverse("admin:partners_institution_changelist") + "?q=Leuven"
        data = {"action": "export_as_csv", "select_across": "1", "index": 0, ACTION_CHECKBOX_NAME: [leuven.pk]}
        self.client.post(url, data)
        log = ExportLog.objects.get()
        self.assertEqual((log.what, log.filters["q"], log.row_count), ("partners.institution", "Leuven", 1))

    def test_the_log_never_keeps_a_search_on_a_list_of_experts(self):
        expert = make_expert(family_name="Keller")
        exporter = make_exporter("expert_exporter")
        exporter.user_permissions.add(Permission.objects.get(codename="view_expert"))
        force_login(self.client, exporter)
        url = reverse("admin:experts_expert_changelist") + "?q=Keller"
        data = {"action": "export_as_csv", "select_across": "1", "index": 0, ACTION_CHECKBOX_NAME: [expert.pk]}
        self.client.post(url, data)
        log = ExportLog.objects.get()
        self.assertEqual((log.what, log.filters["q"], log.row_count), ("experts.expert", "[not logged]", 1))
        self.assertNotIn(expert.family_name, str(log.filters))


class EveryListExportsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        institution = make_institution()
        make_contact(institution)
        agreement = make_agreement(institution, reference="BJTU-2013-001")
        make_delegation(institution=institution)
        program = make_program(institution, agreement=agreement)
        make_student(program=program, home_institution=institution)
        make_outbound(destination=institution, program=program, agreement=agreement)
        make_appointment(make_expert(home_institution=institution))
        make_talent_project()
        cls.exporter = make_exporter(personal_data=True)

    def test_every_admin_list_exports_as_csv_and_xlsx(self):
        for model in site._registry:
            if not model.objects.exists():
                continue
            export = ListExport(model, self.exporter)
            with self.subTest(model=model._meta.label):
                rows = read_csv(export.response(model.objects.all(), "csv"))
                self.assertEqual(len(rows), model.objects.count())
                self.assertEqual(list(rows[0]), export.header)
                sheet = openpyxl.load_workbook(io.BytesIO(body(export.response(model.objects.all(), "xlsx")))).active
                self.assertEqual([cell.value for cell in sheet[1]], export.header)
                self.assertEqual(sheet.max_row, model.objects.count() + 1)

    def test_a_list_with_an_import_resource_exports_the_resource_columns(self):
        for kind in kinds.KINDS:
            resource = kinds.resource_for(kind, self.exporter)
            with self.subTest(kind=kind):
                model = resource._meta.model
                self.assertEqual(ListExport(model, self.exporter).header, resource.column_names())
                row = read_csv(ListExport(model, self.exporter).response(model.objects.all(), "csv"))[0]
                expected = resource.export_resource(model.objects.all()[0])
                self.assertEqual(list(row.values()), [str(value) for value in expected])


class ContactExportTests(TestCase):
    """Partner contacts' work e-mail and phone are what staff see in the contact list; the export carries them too."""

    def test_a_contact_export_keeps_work_email_and_phone_without_the_students_personal_data_permission(self):
        make_contact(make_institution(), email="liaison@kuleuven.example", phone="+32 16 32 00 00")
        exporter = make_exporter(personal_data=False)
        rows = read_csv(ListExport(Contact, exporter).response(Contact.objects.all(), "csv"))
        self.assertEqual(rows[0]["Email"], "liaison@kuleuven.example")
        # A leading "+" is neutralised like any formula sign; the number itself is all there.
        self.assertEqual(rows[0]["Phone"], "'+32 16 32 00 00")
