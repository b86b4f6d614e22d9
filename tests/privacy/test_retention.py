"""Retention: `purge_personal_data` anonymises people gone for longer than the retention period, and keeps every
figure of past years exactly as it was."""

import datetime
import io
import os
import time

from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.test import TestCase, override_settings
from django.urls import reverse
from django.utils import timezone

from experts.models import Appointment, Expert
from intl_office.core.models import PersonalDataAccess
from intl_office.core.people import PERSONAL_FIELDS, Person, personal_fields
from intl_office.privacy import retention
from intl_office.privacy.models import PurgeRun
from intl_office.reports import annual
from intl_office.reports.params import ReportParams
from intl_office.site import figures
from students.models import InternationalStudent, OutboundMobility
from tests.factories import (
    force_login,
    make_agreement,
    make_appointment,
    make_delegation,
    make_expert,
    make_institution,
    make_outbound,
    make_student,
    make_talent_project,
    make_trip,
    make_unit,
    make_user,
    make_visit,
)

YEARS = range(2010, 2017)
TODAY = timezone.localdate()
BEFORE = retention.cutoff()


def statistics() -> dict:
    """Every figure of the overview and every table of the annual report, for several past years."""
    result = {}
    for year in YEARS:
        last_day = datetime.date(year, 12, 31)
        result[f"overview {year}"] = (
            figures.year_figures(year),
            figures.student_figures(last_day),
            figures.partner_figures(last_day),
            figures.current_students_by_country(last_day),
        )
        tables = [table for section in annual.annual_report(ReportParams.for_year(year)) for table in section.tables]
        result[f"report {year}"] = [
            (table.key, [[str(cell) for cell in row] for row in table.rows]) for table in tables
        ]
    result["teachers"] = figures.foreign_teachers_by_year(list(YEARS))
    result["talent"] = figures.talent_figures(2010)
    return result


def build_years_of_records():
    units = [make_unit(), make_unit()]
    partner = make_institution(country="DE")
    make_agreement(partner, starts_on=datetime.date(2011, 1, 1), ends_on=datetime.date(2016, 12, 31))
    nationalities = ["KZ", "RU", "DE", "FR", "KR", "US"]
    for i in range(36):
        arrived = datetime.date(2010 + i % 6, 9, 1)
        make_student(
            nationality=nationalities[i % len(nationalities)],
            gender=["female", "male"][i % 2],
            category=list(InternationalStudent.Category)[i % 5],
            funding=list(InternationalStudent.Funding)[i % 7],
            discipline="engineering" if i % 3 else "economics",
            unit=units[i % 2],
            arrived_on=arrived,
            departed_on=arrived + datetime.timedelta(days=300 + 200 * (i % 4)),
            graduated_on=arrived + datetime.timedelta(days=290 + 200 * (i % 4)) if i % 2 else None,
            status=InternationalStudent.Status.COMPLETED,
        )
    still_here = make_student(arrived_on=TODAY - datetime.timedelta(days=30), departed_on=None)
    for i in range(12):
        expert = make_expert(nationality=nationalities[i % len(nationalities)])
        start = datetime.date(2010 + i % 6, 3, 1)
        make_appointment(
            expert,
            units[i % 2],
            term=list(Appointment.Term)[i % 2],
            starts_on=start,
            ends_on=start + datetime.timedelta(days=60 + 200 * (i % 3)),
        )
        if i % 4 == 0:
            make_talent_project(units[0], lead_expert=expert, year=2011 + i % 5)
    current_expert = make_expert()
    make_appointment(current_expert, units[0], starts_on=datetime.date(2012, 1, 1), ends_on=TODAY)
    for i in range(10):
        make_outbound(starts_on=datetime.date(2010 + i % 6, 9, 1), destination_country=nationalities[i % 6])
        make_delegation(starts_on=datetime.date(2010 + i % 6, 5, 1), ends_on=datetime.date(2010 + i % 6, 5, 3))
    return still_here, current_expert


class PurgeTests(TestCase):
    def setUp(self):
        self.still_here, self.current_expert = build_years_of_records()

    def purge(self, *args) -> str:
        out = io.StringIO()
        with self.captureOnCommitCallbacks(execute=True):
            call_command("purge_personal_data", *args, stdout=out)
        return out.getvalue()

    def test_every_statistic_of_past_years_stays_the_same(self):
        before = statistics()
        self.purge()
        self.assertTrue(InternationalStudent.objects.filter(family_name__startswith="ANON-").exists())
        self.assertEqual(statistics(), before)

    def test_people_gone_before_the_cut_off_lose_every_personal_field_and_their_names(self):
        gone = list(InternationalStudent.objects.gone_before(BEFORE)) + list(Expert.objects.gone_before(BEFORE))
        self.assertTrue(gone)
        self.purge()
        for person in gone:
            person.refresh_from_db()
            with self.subTest(person=person.pk):
                for name in personal_fields(type(person)):
                    self.assertIn(getattr(person, name), ("", None))
                self.assertEqual(person.family_name, f"ANON-{person.pk}")
                self.assertEqual((person.given_name, person.name_zh), ("", ""))
        # Every personal field the core declares is one the purge clears, on every kind of person.
        for model in retention.person_models():
            declared = {f.name for f in model._meta.concrete_fields if f.name in PERSONAL_FIELDS}
            self.assertEqual(set(personal_fields(model)), declared)
            self.assertTrue(set(declared) <= set(retention.anonymised_values(model)))

    def test_a_bjtu_students_stay_abroad_long_ago_keeps_only_a_pseudonym_for_name_and_number(self):
        recent = make_outbound(starts_on=TODAY - datetime.timedelta(days=100), student_name="Wang Fang")
        old = OutboundMobility.objects.gone_before(BEFORE)
        self.assertEqual(old.count(), 10)
        self.purge()
        for stay in old:
            with self.subTest(stay=stay.pk):
                self.assertEqual((stay.student_name, stay.student_number), (f"ANON-{stay.pk}",) * 2)
                self.assertEqual(stay.history.latest().student_name, f"ANON-{stay.pk}")
        recent.refresh_from_db()
        self.assertEqual(recent.student_name, "Wang Fang")
        self.assertEqual(PurgeRun.objects.get().people["students.outboundmobility"], 10)

    def test_passport_numbers_of_trip_members_and_guests_long_ago_are_cleared_and_their_names_kept(self):
        old_trip = make_trip(departs_on=BEFORE - datetime.timedelta(days=400))
        recent_trip = make_trip()
        old_visit = make_visit(
            starts_on=BEFORE - datetime.timedelta(days=30), ends_on=BEFORE - datetime.timedelta(days=28)
        )
        recent_visit = make_visit()
        names = sorted(old_trip.members.values_list("name", flat=True))
        self.purge()
        self.assertEqual(set(old_trip.members.values_list("passport_number", flat=True)), {""})
        self.assertEqual(set(old_visit.guests.values_list("passport_number", flat=True)), {""})
        self.assertEqual(sorted(old_trip.members.values_list("name", flat=True)), names)
        self.assertNotIn("", recent_trip.members.values_list("passport_number", flat=True))
        self.assertNotIn("", recent_visit.guests.values_list("passport_number", flat=True))
        self.assertEqual(PurgeRun.objects.get().people["travel.tripmember"], 2)

    def test_people_still_here_or_gone_recently_keep_their_data(self):
        passports = (self.still_here.passport_number, self.current_expert.passport_number)
        self.purge()
        self.still_here.refresh_from_db()
        self.current_expert.refresh_from_db()
        self.assertEqual((self.still_here.passport_number, self.current_expert.passport_number), passports)
        self.assertFalse(self.still_here.family_name.startswith("ANON-"))

    def test_the_pseudonym_is_stable_and_a_second_run_has_nothing_to_do(self):
        self.purge()
        names = dict(InternationalStudent.objects.values_list("pk", "family_name"))
        self.purge()
        self.assertEqual(dict(InternationalStudent.objects.values_list("pk", "family_name")), names)
        first, second = PurgeRun.objects.order_by("ran_at", "pk")
        self.assertGreater(first.people_count, 0)
        self.assertEqual(second.people_count, 0)

    def test_it_logs_its_run_and_reports_what_it_did(self):
        expected = InternationalStudent.objects.gone_before(BEFORE).count()
        output = self.purge()
        run = PurgeRun.objects.get()
        self.assertEqual(run.people["students.internationalstudent"], expected)
        self.assertEqual(run.before, BEFORE)
        self.assertIn(f"Anonymised {expected} students.internationalstudent", output)

    def test_a_dry_run_changes_nothing(self):
        rows = list(InternationalStudent.objects.order_by("pk").values())
        output = self.purge("--dry-run")
        self.assertEqual(list(InternationalStudent.objects.order_by("pk").values()), rows)
        self.assertFalse(PurgeRun.objects.exists())
        self.assertIn("Dry run", output)
        expected = InternationalStudent.objects.gone_before(BEFORE).count()
        self.assertIn(f"Would anonymise {expected} students.internationalstudent", output)

    def test_before_chooses_an_earlier_day_and_refuses_one_within_the_retention_period(self):
        day = datetime.date(2013, 1, 1)
        expected = set(InternationalStudent.objects.gone_before(day).values_list("pk", flat=True))
        self.purge("--before", day.isoformat())
        anonymised = set(
            InternationalStudent.objects.filter(family_name__startswith="ANON-").values_list("pk", flat=True)
        )
        self.assertEqual(anonymised, expected)
        with self.assertRaisesMessage(CommandError, "retention period"):
            self.purge("--before", TODAY.isoformat())
        with self.assertRaisesMessage(CommandError, "YYYY-MM-DD"):
            self.purge("--before", "yesterday")

    def test_admin_log_entries_and_old_searches_lose_the_names_and_texts(self):
        student = InternationalStudent.objects.gone_before(BEFORE).first()
        user = make_user()
        LogEntry.objects.log_actions(user.pk, [student], CHANGE, change_message="[]", single_object=True)
        search = PersonalDataAccess.objects.record(
            user, PersonalDataAccess.Kind.SEARCHED, InternationalStudent, query=student.passport_number
        )
        PersonalDataAccess.objects.filter(pk=search.pk).update(
            created_at=timezone.now() - datetime.timedelta(days=3650)
        )
        self.purge()
        entry = LogEntry.objects.get(content_type=ContentType.objects.get_for_model(student))
        self.assertEqual(entry.object_repr, f"ANON-{student.pk}")
        search.refresh_from_db()
        self.assertEqual(search.query, "")

    def test_the_retention_period_follows_the_setting(self):
        with override_settings(PERSONAL_DATA_RETENTION_YEARS=1):
            self.assertEqual(retention.cutoff(today=datetime.date(2024, 2, 29)), datetime.date(2023, 2, 28))
        self.assertEqual(retention.cutoff(5, datetime.date(2020, 6, 1)), datetime.date(2015, 6, 1))

    def test_only_person_models_are_purged(self):
        self.assertEqual(set(retention.person_models()), {InternationalStudent, Expert})
        self.assertTrue(all(issubclass(model, Person) for model in retention.person_models()))


class OrphanedFileTests(TestCase):
    def store(self, name: str, *, age_days: int) -> str:
        stored = default_storage.save(name, ContentFile(b"%PDF-1.4 old scan"))
        moment = time.time() - age_days * 86400
        os.utime(default_storage.path(stored), (moment, moment))
        self.addCleanup(default_storage.delete, stored)
        return stored

    def test_files_no_record_names_are_removed_and_those_in_use_or_new_stay(self):
        orphan = self.store("agreements/2009/replaced-scan.pdf", age_days=30)
        fresh = self.store("agreements/2009/uploading-now.pdf", age_days=0)
        in_use = self.store("agreements/2009/in-use.pdf", age_days=30)
        agreement = make_agreement()
        agreement.document.name = in_use
        agreement.save()
        self.assertEqual(retention.orphaned_files(), [orphan])
        out = io.StringIO()
        with self.captureOnCommitCallbacks(execute=True):
            call_command("purge_personal_data", "--dry-run", stdout=out)
        self.assertTrue(default_storage.exists(orphan))
        self.assertIn(orphan, out.getvalue())
        with self.captureOnCommitCallbacks(execute=True):
            call_command("purge_personal_data", stdout=out)
        self.assertFalse(default_storage.exists(orphan))
        self.assertTrue(default_storage.exists(fresh))
        self.assertTrue(default_storage.exists(in_use))
        self.assertEqual(PurgeRun.objects.get().files_removed, 1)


class PurgeLogAdminTests(TestCase):
    def test_staff_read_the_purge_log_and_cannot_change_it(self):
        build_years_of_records()
        with self.captureOnCommitCallbacks(execute=True):
            call_command("purge_personal_data", stdout=io.StringIO())
        run = PurgeRun.objects.get()
        root = make_user("root", is_superuser=True)
        force_login(self.client, root)
        response = self.client.get(reverse("admin:privacy_purgerun_changelist"))
        self.assertContains(response, str(run.before.year))
        response = self.client.get(reverse("admin:privacy_purgerun_change", args=[run.pk]))
        self.assertContains(response, "students.internationalstudent")
        self.assertNotContains(response, 'name="_save"')
        self.assertEqual(
            self.client.post(reverse("admin:privacy_purgerun_delete", args=[run.pk]), {"post": "yes"}).status_code, 403
        )
