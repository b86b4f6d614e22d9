"""Records that exist before history is switched on get a baseline history row from the migration."""

from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import TransactionTestCase

from intl_office.core.history import BASELINE_REASON
from students.models import InternationalStudent

BEFORE_HISTORY = [("students", "0004_discipline_graduation_date")]


class BaselineMigrationTests(TransactionTestCase):
    def test_a_student_stored_before_the_history_migration_gets_a_baseline_row(self):
        executor = MigrationExecutor(connection)
        executor.migrate(BEFORE_HISTORY)
        old_apps = executor.loader.project_state(BEFORE_HISTORY).apps
        old_student = old_apps.get_model("students", "InternationalStudent").objects.create(
            family_name="Baseline", nationality="KZ", category="degree", passport_number="BASE-1"
        )

        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())

        student = InternationalStudent.objects.get(pk=old_student.pk)
        baseline = student.history.get()
        self.assertEqual(baseline.history_change_reason, BASELINE_REASON)
        self.assertEqual(baseline.passport_number, "BASE-1")
        student.passport_number = "BASE-2"
        student.save()
        change = student.history.latest()
        self.assertEqual(
            [(c.field, c.old, c.new) for c in change.diff_against(baseline).changes],
            [("passport_number", "BASE-1", "BASE-2")],
        )
