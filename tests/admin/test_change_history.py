"""Every record's History page: who, when, through what, and each field's old → new value; personal values masked."""

from io import StringIO

from django.conf import settings
from django.core.management import call_command
from django.test import TestCase
from django.urls import reverse

from experts.models import Appointment, Expert, TalentProject
from intl_office.core.history import BASELINE_REASON, Via, m2m_baseline_migration, write_baseline
from intl_office.core.models import Unit
from partners.models import Agreement, Contact, Delegation, Institution
from programs.models import Program
from students.models import InternationalStudent, OutboundMobility
from tests.admin.builders import form_data
from tests.factories import force_login, make_institution, make_student, make_user
from tests.personas import make_staff

TRACKED = (
    Unit,
    Institution,
    Contact,
    Agreement,
    Delegation,
    Program,
    InternationalStudent,
    OutboundMobility,
    Expert,
    Appointment,
    TalentProject,
)


def _url(obj, view):
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_{view}", args=[obj.pk])


class AdminSaveHistoryTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.officer = make_staff("officer", personal_data=True)
        cls.clerk = make_staff("clerk")
        cls.student = make_student(passport_number="OLD-PASS-1", given_name="Anna")
        cls.old_passport = cls.student.passport_number

    def save_passport(self, passport):
        force_login(self.client, self.officer)
        data = form_data(self.client.get(_url(self.student, "change")))
        data["passport_number"] = passport
        data["given_name"] = "Annabel"
        response = self.client.post(_url(self.student, "change"), data)
        self.assertEqual(response.status_code, 302)

    def test_every_domain_model_and_the_unit_keep_history(self):
        for model in TRACKED:
            with self.subTest(model=model.__name__):
                self.assertTrue(hasattr(model, "history"))
                self.assertTrue(hasattr(model.history.model, "via"))

    def test_an_admin_save_records_who_when_and_through_the_admin_form(self):
        self.save_passport("A-CHANGED-1")
        row = self.student.history.latest()
        self.assertEqual(row.history_type, "~")
        self.assertEqual(row.via, Via.ADMIN_FORM)
        self.assertEqual(row.history_user, self.officer)
        self.assertEqual(row.history_username, self.officer.username)
        self.assertEqual(row.passport_number, "A-CHANGED-1")

    def test_the_history_page_shows_old_and_new_values_in_english(self):
        self.save_passport("A-CHANGED-1")
        response = self.client.get(_url(self.student, "history"), headers={"accept-language": "en"})
        self.assertContains(response, self.old_passport)
        self.assertContains(response, "A-CHANGED-1")
        self.assertContains(response, "Passport number")
        self.assertContains(response, '<span class="old">Anna</span>', html=True)
        self.assertContains(response, '<span class="new">Annabel</span>', html=True)
        self.assertContains(response, "admin form")
        self.assertContains(response, self.officer.username)

    def test_the_history_page_speaks_chinese(self):
        self.save_passport("A-CHANGED-1")
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
        response = self.client.get(_url(self.student, "history"))
        self.assertEqual(response.headers["Content-Language"], "zh-hans")
        self.assertContains(response, "A-CHANGED-1")
        self.assertContains(response, "护照号码")
        self.assertContains(response, "管理表单")
        self.assertContains(response, "经由")

    def test_personal_values_are_masked_for_staff_without_the_permission(self):
        self.save_passport("A-CHANGED-1")
        force_login(self.client, self.clerk)
        response = self.client.get(_url(self.student, "history"))
        self.assertEqual(response.status_code, 200)
        self.assertNotContains(response, "A-CHANGED-1")
        self.assertNotContains(response, self.old_passport)
        self.assertContains(response, "hidden: personal data")
        # What is not personal still shows in full.
        self.assertContains(response, "Annabel")

    def test_a_past_version_can_be_looked_at_but_not_saved_back(self):
        self.save_passport("A-CHANGED-1")
        first = self.student.history.earliest()
        url = reverse("admin:students_internationalstudent_simple_history", args=[self.student.pk, first.pk])
        response = self.client.get(url)
        self.assertContains(response, self.old_passport)
        self.assertEqual(self.client.post(url, {"passport_number": self.old_passport}).status_code, 403)
        self.student.refresh_from_db()
        self.assertEqual(self.student.passport_number, "A-CHANGED-1")

    def test_the_history_keeps_the_username_as_it_was(self):
        self.save_passport("A-CHANGED-1")
        self.officer.username = "renamed-officer"
        self.officer.save()
        self.assertEqual(self.student.history.latest().history_username, "officer")


class BulkActionHistoryTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.officer = make_staff("officer")
        cls.institutions = [make_institution() for _ in range(3)]

    def test_deleting_from_the_list_records_each_deletion_as_a_bulk_action(self):
        force_login(self.client, self.officer)
        ids = [str(i.pk) for i in self.institutions]
        response = self.client.post(
            reverse("admin:partners_institution_changelist"),
            {"action": "delete_selected", "_selected_action": ids, "post": "yes"},
        )
        self.assertEqual(response.status_code, 302)
        self.assertFalse(Institution.objects.filter(pk__in=ids).exists())
        deleted = Institution.history.filter(history_type="-", id__in=ids)
        self.assertEqual(deleted.count(), len(ids))
        self.assertEqual(set(deleted.values_list("via", flat=True)), {Via.BULK_ACTION})
        self.assertEqual(set(deleted.values_list("history_username", flat=True)), {self.officer.username})


class BaselineTests(TestCase):
    def test_a_record_without_history_gets_one_baseline_row_and_only_once(self):
        student = make_student()
        student.history.all().delete()
        self.assertEqual(write_baseline(InternationalStudent), 1)
        self.assertEqual(write_baseline(InternationalStudent), 0)
        baseline = student.history.get()
        self.assertEqual(baseline.history_change_reason, BASELINE_REASON)
        self.assertEqual(baseline.passport_number, student.passport_number)

    def test_the_first_change_after_the_baseline_shows_old_and_new(self):
        student = make_student(given_name="Before")
        student.history.all().delete()
        write_baseline(InternationalStudent)
        student.given_name = "After"
        student.save()
        new, old = student.history.all()[:2]
        delta = new.diff_against(old)
        self.assertEqual([(c.field, c.old, c.new) for c in delta.changes], [("given_name", "Before", "After")])


class DemoBaselineTests(TestCase):
    def test_load_demo_leaves_every_record_with_a_baseline_made_by_a_command(self):
        call_command("load_demo", verbosity=0, stdout=StringIO())
        for model in TRACKED:
            with self.subTest(model=model.__name__):
                records = model.objects.count()
                self.assertGreater(records, 0)
                baselines = model.history.filter(history_change_reason=BASELINE_REASON)
                self.assertEqual(baselines.values("id").distinct().count(), records)
                self.assertEqual(set(baselines.values_list("via", flat=True)), {Via.COMMAND})


class HistoryOfUnitTests(TestCase):
    def test_a_unit_saved_in_the_admin_has_its_history_page(self):
        user = make_user(is_superuser=True)
        unit = Unit.objects.create(code="sem", name_en="School of Economics")
        force_login(self.client, user)
        data = form_data(self.client.get(_url(unit, "change")))
        data["name_en"] = "School of Economics and Management"
        self.client.post(_url(unit, "change"), data)
        response = self.client.get(_url(unit, "history"))
        self.assertContains(response, "School of Economics and Management")


class UnitStaffHistoryTests(TestCase):
    """Who was given a unit's records: the unit's staff (``Unit.members``) are part of its history."""

    @classmethod
    def setUpTestData(cls):
        cls.root = make_user("root", is_superuser=True)
        cls.alice = make_user("alice-secretary")
        cls.unit = Unit.objects.create(code="sem", name_en="School of Economics and Management")

    def save_staff(self, *users):
        force_login(self.client, self.root)
        data = form_data(self.client.get(_url(self.unit, "change")))
        data["members"] = [str(user.pk) for user in users]
        response = self.client.post(_url(self.unit, "change"), data)
        self.assertEqual(response.status_code, 302)

    def test_giving_a_unit_a_member_of_staff_shows_on_its_history_page(self):
        self.save_staff(self.alice)
        response = self.client.get(_url(self.unit, "history"), headers={"accept-language": "en"})
        self.assertContains(response, "Staff of this unit")
        self.assertContains(response, '<span class="new">alice-secretary</span>', html=True)
        self.assertEqual(
            list(self.unit.history.latest().members.values_list("user__username", flat=True)), ["alice-secretary"]
        )

    def test_taking_the_member_away_shows_the_old_value(self):
        self.save_staff(self.alice)
        self.save_staff()
        response = self.client.get(_url(self.unit, "history"), headers={"accept-language": "en"})
        self.assertContains(response, '<span class="old">alice-secretary</span>', html=True)
        self.assertFalse(self.unit.history.latest().members.exists())

    def test_the_baseline_migration_records_the_staff_a_unit_already_has(self):
        from django.apps import apps
        from django.db import connection

        Unit.members.through.objects.create(unit=self.unit, user=self.alice)  # linked without any history
        operation = m2m_baseline_migration("intl_office.Unit", "members")

        class SchemaEditor:
            pass

        editor = SchemaEditor()
        editor.connection = connection
        operation.code(apps, editor)
        self.assertEqual(list(self.unit.history.latest().members.values_list("user", flat=True)), [self.alice.pk])
