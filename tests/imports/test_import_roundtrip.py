"""An export re-imported unchanged changes nothing, for every kind; a re-import with edits updates in place."""

import csv
import datetime
import io

import openpyxl
from django.contrib.auth.models import Permission
from django.test import TestCase
from django.utils import translation

from experts.models import Appointment, Expert
from intl_office.core.models import ImportLog
from intl_office.imports.engine import run_import, template_file
from intl_office.imports.kinds import KINDS, resource_class, resource_for
from intl_office.imports.list_export import ListExport
from partners.models import Agreement, Delegation, Institution
from programs.models import Program
from students.models import InternationalStudent, OutboundMobility
from tests import factories as f
from tests.personas import make_staff


def csv_of(dataset) -> tuple[bytes, str]:
    return dataset.export("csv").encode("utf-8"), "export.csv"


def xlsx_of(dataset) -> tuple[bytes, str]:
    return dataset.export("xlsx"), "export.xlsx"


def snapshot():
    """Every record's last-change time, by model: a save anywhere changes it."""
    models = (Institution, Agreement, Delegation, Program, InternationalStudent, OutboundMobility, Expert, Appointment)
    return {m.__name__: sorted(m.objects.values_list("pk", "updated_at")) for m in models}


class RoundTripTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        unit = f.make_unit(code="sem", name_en="School of Economics and Management")
        waterloo = f.make_institution(name_en="University of Waterloo", name_zh="滑铁卢大学", country="CA")
        leuven = f.make_institution(name_en="KU Leuven", former_name="Katholieke Universiteit Leuven")
        f.make_institution(name_en="Old Polytechnic", merged_into=waterloo, is_active=False)
        exchange = f.make_agreement(waterloo, leuven, reference="BJTU-2020-001", unit=unit, reminder_days=90)
        f.make_agreement(leuven, title="Framework with KU Leuven", kind=Agreement.Kind.FRAMEWORK, ends_on=None)
        program = f.make_program(waterloo, leuven, agreement=exchange, unit=unit, duration_months=12)
        f.make_program(
            kind=Program.Kind.COOPERATIVE,
            moe_approval_number="MOE11BE2A20090001N",
            moe_approval_year=2009,
            is_published=False,
        )
        f.make_student(program=program, home_institution=waterloo, unit=unit, name_zh="安娜", gender="female")
        f.make_student(student_number="", residence_permit_expires_on=datetime.date(2026, 3, 1))
        f.make_student(student_number="", passport_number="", nationality="RU")
        f.make_outbound(unit=unit, destination=waterloo, program=program, agreement=exchange, academic_year="2013-2014")
        f.make_outbound(route="after_graduation", kind="graduate_study", ends_on=datetime.date(2015, 6, 30))
        expert = f.make_expert(home_institution=leuven, title="Prof.", field="Railway signalling")
        f.make_appointment(expert=expert, unit=unit, courses="Signalling\nSafety")
        f.make_appointment(expert=f.make_expert(passport_number=""), work_permit_expires_on=datetime.date(2013, 12, 1))
        f.make_delegation(institution=waterloo, host_unit=unit, leader="Prof. Wang", purpose="Talks")
        f.make_delegation(direction="outbound", country="JP")
        cls.staff = make_staff("importer", personal_data=True)
        cls.staff.user_permissions.add(*Permission.objects.filter(codename="import_records"))

    def assert_round_trip_changes_nothing(self, kind, encode, user=None):
        resource = resource_for(kind, user)
        dataset = resource.export()
        self.assertGreater(len(dataset), 0)
        before = snapshot()
        report = run_import(kind, *encode(dataset), user=user, dry_run=False)
        self.assertEqual(report.errors, [], kind)
        self.assertEqual(report.warnings, [], kind)
        self.assertEqual((report.created, report.updated, report.skipped), (0, 0, len(dataset)), kind)
        self.assertEqual(snapshot(), before, kind)

    def test_an_unchanged_csv_export_reimports_as_all_skipped_for_every_kind(self):
        for kind in KINDS:
            with self.subTest(kind=kind):
                self.assert_round_trip_changes_nothing(kind, csv_of)

    def test_an_unchanged_xlsx_export_reimports_as_all_skipped_for_every_kind(self):
        for kind in KINDS:
            with self.subTest(kind=kind):
                self.assert_round_trip_changes_nothing(kind, xlsx_of)

    def test_an_export_without_personal_columns_reimports_without_touching_personal_data(self):
        staff = make_staff("clerk")
        staff.user_permissions.add(*Permission.objects.filter(codename="import_records"))
        for kind in ("students", "experts", "appointments"):
            with self.subTest(kind=kind):
                resource = resource_for(kind, staff)
                self.assertFalse(set(resource.column_keys()) & set(resource.personal_columns))
                self.assert_round_trip_changes_nothing(kind, csv_of, user=staff)
        self.assertEqual(InternationalStudent.objects.exclude(passport_number="").count(), 2)

    def test_the_admin_list_export_reimports_unchanged_for_every_kind(self):
        exporter = make_staff("exporter", personal_data=True)
        exporter.user_permissions.add(*Permission.objects.filter(codename__in=["export_records", "import_records"]))
        # Text a spreadsheet would run as a formula: the export neutralises it, the import restores it.
        f.make_delegation(direction="outbound", country="JP", leader="+86 Wang", purpose="=1+1 is not a formula")
        f.make_agreement(title="- dash first", notes="@mention\n-second line", reference="=REF")
        for kind in KINDS:
            model = resource_class(kind)._meta.model
            for file_format in ("csv", "xlsx"):
                with self.subTest(kind=kind, file_format=file_format):
                    response = ListExport(model, exporter).response(model.objects.all(), file_format)
                    content = b"".join(response.streaming_content)
                    before = snapshot()
                    report = run_import(kind, content, f"export.{file_format}", user=exporter, dry_run=False)
                    self.assertEqual((report.errors, report.warnings), ([], []))
                    self.assertEqual((report.created, report.updated, report.skipped), (0, 0, model.objects.count()))
                    self.assertEqual(snapshot(), before)

    def test_an_admin_list_export_made_in_chinese_reimports_unchanged_in_english(self):
        exporter = make_staff("exporter", personal_data=True)
        exporter.user_permissions.add(*Permission.objects.filter(codename__in=["export_records", "import_records"]))
        for kind in KINDS:
            model = resource_class(kind)._meta.model
            for file_format in ("csv", "xlsx"):
                with self.subTest(kind=kind, file_format=file_format):
                    with translation.override("zh-hans"):
                        export = ListExport(model, exporter)
                        response = export.response(model.objects.all(), file_format)
                        content = b"".join(response.streaming_content)
                    with translation.override("en"):
                        english = ListExport(model, exporter).header
                    # Every header is in Chinese: a column left in English would not prove the Chinese ones are read.
                    self.assertFalse(set(export.header) & set(english))
                    before = snapshot()
                    with translation.override("en"):
                        report = run_import(kind, content, f"export.{file_format}", user=exporter, dry_run=False)
                    self.assertEqual((report.errors, report.warnings), ([], []))
                    self.assertEqual((report.created, report.updated, report.skipped), (0, 0, model.objects.count()))
                    self.assertEqual(snapshot(), before)

    def test_an_export_holds_labels_and_country_names_that_reimport_to_the_same_codes(self):
        exporter = make_staff("exporter", personal_data=True)
        exporter.user_permissions.add(*Permission.objects.filter(codename__in=["export_records", "import_records"]))
        response = ListExport(Institution, exporter).response(Institution.objects.filter(name_en="KU Leuven"), "csv")
        row = next(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
        self.assertEqual((row["Country or region"], row["Kind"], row["Active"]), ("Belgium", "University", "yes"))
        with translation.override("zh-hans"):
            chinese_country = resource_for("institutions").header_for("country")
        # Headers and values in either language, mixed: English, Chinese, and the field names of older templates.
        data = f"name_en,{chinese_country},Kind,Active\nKU Leuven,Belgium,大学,是\n".encode()
        report = run_import("institutions", data, "p.csv", dry_run=False)
        self.assertEqual((report.errors, report.skipped), ([], 1))

    def test_the_template_has_exactly_the_export_columns(self):
        for kind in KINDS:
            with self.subTest(kind=kind):
                exported = resource_for(kind).export().headers
                workbook = openpyxl.load_workbook(io.BytesIO(template_file(kind, "xlsx")))
                headers = [c.value for c in next(workbook.active.iter_rows(max_row=1))]
                self.assertEqual(headers, exported)
                csv_headers = template_file(kind, "csv").decode("utf-8-sig").strip().split(",")
                self.assertEqual(csv_headers, exported)
                model = resource_class(kind)._meta.model
                self.assertEqual(ListExport(model, self.staff).header, exported)

    def test_a_reimport_with_an_edit_updates_the_record_in_place(self):
        dataset = resource_class("students")().export(InternationalStudent.objects.exclude(student_number=""))
        first = dict(zip(dataset.headers, dataset[0], strict=True))
        dataset[0] = tuple(
            "2026-08-31" if h == "Departure date" else v for h, v in zip(dataset.headers, dataset[0], strict=True)
        )
        count = InternationalStudent.objects.count()
        report = run_import("students", *csv_of(dataset), dry_run=False)
        self.assertEqual(report.errors, [])
        self.assertEqual((report.created, report.updated, report.skipped), (0, 1, len(dataset) - 1))
        self.assertEqual(InternationalStudent.objects.count(), count)
        student = InternationalStudent.objects.get(student_number=first["Student number"])
        self.assertEqual(student.departed_on, datetime.date(2026, 8, 31))

    def test_a_student_without_a_number_is_found_again_by_passport(self):
        student = InternationalStudent.objects.get(student_number="", nationality="KZ")
        data = (
            "student_number,passport_number,nationality,family_name,category\n"
            f"S2026-77,{student.passport_number},KZ,{student.family_name},degree\n"
        ).encode()
        report = run_import("students", data, "numbers.csv", dry_run=False)
        self.assertEqual(report.errors, [])
        self.assertEqual((report.created, report.updated), (0, 1))
        student.refresh_from_db()
        self.assertEqual(student.student_number, "S2026-77")

    def test_an_institution_is_found_by_its_former_name(self):
        data = b"name_en,country,city\nKatholieke Universiteit Leuven,BE,Leuven-Heverlee\n"
        report = run_import("institutions", data, "partners.csv", dry_run=False)
        self.assertEqual((report.errors, report.created, report.updated), ([], 0, 1))
        self.assertEqual(Institution.objects.get(name_en="KU Leuven").city, "Leuven-Heverlee")

    def test_a_dry_run_writes_nothing_but_is_logged(self):
        data = b"name_en,country\nUniversity of Tartu,EE\n"
        report = run_import("institutions", data, "partners.csv", user=self.staff, dry_run=True)
        self.assertEqual((report.errors, report.created, report.written), ([], 1, False))
        self.assertFalse(Institution.objects.filter(name_en="University of Tartu").exists())
        log = ImportLog.objects.get()
        self.assertEqual(
            (log.user, log.file_name, log.dry_run, log.created_count), (self.staff, "partners.csv", True, 1)
        )

    def test_an_import_creates_records_and_logs_who_did_it(self):
        data = "name_en,name_zh,country,kind\nUniversity of Tartu,塔尔图大学,爱沙尼亚,University\n".encode()
        report = run_import("institutions", data, "partners.csv", user=self.staff, dry_run=False)
        self.assertEqual(report.errors, [])
        tartu = Institution.objects.get(name_en="University of Tartu")
        self.assertEqual((tartu.country.code, tartu.kind, tartu.slug), ("EE", "university", "university-of-tartu"))
        log = ImportLog.objects.get()
        self.assertEqual((log.user, log.dry_run, log.created_count, log.error_count), (self.staff, False, 1, 0))
