"""The roles: groups made by the data migration, each exactly its declared permissions, kept complete by migrate."""

from pathlib import Path

from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.test import TestCase

from intl_office.roles import roles
from tests.factories import make_user

README = Path(__file__).resolve().parents[2] / "README.md"


def _names(permissions) -> set[str]:
    return {f"{p.content_type.app_label}.{p.codename}" for p in permissions.select_related("content_type")}


class RoleTests(TestCase):
    def test_each_role_is_a_group_with_its_declared_permissions(self):
        for role in roles.ROLES:
            with self.subTest(role=role.name):
                group = Group.objects.get(name=role.name)
                self.assertEqual(_names(group.permissions.all()), set(role.permissions))

    def test_every_declared_permission_exists(self):
        existing = _names(Permission.objects.all())
        for role in roles.ROLES:
            with self.subTest(role=role.name):
                self.assertEqual(set(role.permissions) - existing, set())

    def test_running_the_migration_again_changes_nothing(self):
        self.maxDiff = None
        before = {group.name: _names(group.permissions.all()) for group in Group.objects.all()}
        roles.sync_roles()
        roles.sync_roles()
        after = {group.name: _names(group.permissions.all()) for group in Group.objects.all()}
        self.assertEqual(after, before)

    def test_a_permission_made_by_a_later_migration_joins_its_role_at_the_end_of_migrate(self):
        # As if the permission's model came after the roles' migration: it does not exist yet when the groups are made.
        Permission.objects.get(content_type__app_label="students", codename="view_personal_data").delete()
        roles.sync_roles()
        group = Group.objects.get(name=roles.UNIT_SECRETARY.name)
        self.assertNotIn("students.view_personal_data", _names(group.permissions.all()))
        roles.sync_after_migrate(sender=apps.get_app_config("roles"))
        self.assertIn("students.view_personal_data", _names(group.permissions.all()))

    def test_permissions_an_administrator_adds_to_a_role_stay(self):
        group = Group.objects.get(name=roles.REPORT_VIEWER.name)
        extra = Permission.objects.get(content_type__app_label="partners", codename="view_institution")
        group.permissions.add(extra)
        roles.sync_after_migrate(sender=apps.get_app_config("roles"))
        self.assertIn(extra, group.permissions.all())

    def test_a_role_gives_its_holder_its_permissions(self):
        user = make_user("secretary")
        user.groups.add(Group.objects.get(name=roles.UNIT_SECRETARY.name))
        self.assertTrue(user.has_perm("students.change_internationalstudent"))
        self.assertFalse(user.has_perm("students.delete_internationalstudent"))
        self.assertFalse(user.has_perm("intl_office.view_reports"))

    def test_the_readme_names_every_role_in_both_languages(self):
        text = README.read_text(encoding="utf-8")
        for role in roles.ROLES:
            with self.subTest(role=role.name):
                self.assertIn(f"| {role.name} (", text)
