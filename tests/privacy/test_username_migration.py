"""Export and import log rows written before the username snapshot get their user's name when the database
migrates."""

from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import TransactionTestCase

BEFORE = [("intl_office", "0006_personal_data_access_log")]
AFTER = [("intl_office", "0007_log_usernames_as_they_were")]


class UsernameMigrationTests(TransactionTestCase):
    def migrate(self, targets):
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(targets)
        return executor.loader.project_state(targets).apps

    def tearDown(self):
        executor = MigrationExecutor(connection)
        self.migrate(executor.loader.graph.leaf_nodes())

    def test_existing_log_rows_get_the_username_of_their_user(self):
        old = self.migrate(BEFORE)
        user = old.get_model("auth", "User").objects.create(username="li.export")
        old.get_model("intl_office", "ExportLog").objects.create(user=user, what="x", file_format="csv")
        old.get_model("intl_office", "ImportLog").objects.create(user=user, kind="students", file_name="a.csv")
        old.get_model("intl_office", "ExportLog").objects.create(what="by a command", file_format="csv")
        new = self.migrate(AFTER)
        exported = new.get_model("intl_office", "ExportLog").objects.order_by("pk")
        self.assertEqual([row.username for row in exported], ["li.export", ""])
        self.assertEqual(new.get_model("intl_office", "ImportLog").objects.get().username, "li.export")
