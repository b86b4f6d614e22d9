"""Users named by any log are deactivated, never deleted, so that the logs keep saying who did what."""

from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.models import ADDITION, LogEntry
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import ProtectedError
from django.test import TestCase
from django.urls import reverse

from intl_office.core.models import ExportLog, ImportLog, PersonalDataAccess
from intl_office.privacy.users import log_references
from students.models import InternationalStudent
from tests.factories import force_login, make_app_device, make_student, make_user

User = get_user_model()


class UserDeactivationTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.root = make_user("root", is_superuser=True)

    def delete_url(self, user):
        return reverse("admin:auth_user_delete", args=[user.pk])

    def test_every_kind_of_log_keeps_its_user(self):
        logs = {
            "export": lambda user: ExportLog.objects.create(user=user, what="x", file_format="csv"),
            "import": lambda user: ImportLog.objects.create(user=user, kind="students", file_name="a.csv"),
            "access": lambda user: PersonalDataAccess.objects.record(
                user, PersonalDataAccess.Kind.OPENED, InternationalStudent, records=[1]
            ),
            "admin": lambda user: LogEntry.objects.log_actions(user.pk, [make_student()], ADDITION, single_object=True),
        }
        for kind, write in logs.items():
            with self.subTest(kind=kind):
                user = make_user()
                write(user)
                self.assertTrue(log_references(user))
                with self.assertRaises(ProtectedError), transaction.atomic():
                    user.delete()
                self.assertTrue(User.objects.filter(pk=user.pk).exists())

    def test_a_user_without_logs_can_be_deleted_with_their_devices(self):
        user = make_user()
        make_app_device(user)
        self.assertEqual(log_references(user), [])
        user.delete()
        self.assertFalse(User.objects.filter(pk=user.pk).exists())

    def test_the_admin_refuses_to_delete_a_logged_user_and_says_why(self):
        user = make_user("wang.clerk")
        LogEntry.objects.log_actions(user.pk, [make_student()], ADDITION, single_object=True)
        force_login(self.client, self.root)
        response = self.client.post(self.delete_url(user), {"post": "yes"})
        self.assertContains(response, "deactivate the user instead")
        self.assertTrue(User.objects.filter(pk=user.pk).exists())
        self.assertTrue(LogEntry.objects.filter(user=user).exists())

    def test_the_deactivate_action_ends_their_access_and_keeps_them(self):
        user = make_user("wang.clerk")
        ExportLog.objects.create(user=user, what="x", file_format="csv")
        force_login(self.client, self.root)
        data = {"action": "deactivate_users", ACTION_CHECKBOX_NAME: [str(user.pk), str(self.root.pk)], "index": 0}
        self.client.post(reverse("admin:auth_user_changelist"), data)
        user.refresh_from_db()
        self.root.refresh_from_db()
        self.assertFalse(user.is_active)
        # Nobody locks themselves out by mistake.
        self.assertTrue(self.root.is_active)
