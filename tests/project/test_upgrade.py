"""A database made before the layers were split keeps every row when it migrates to today's code.

The core kept its app label (``intl_office``), so its tables and migration history are found where they were; the
migrations added since (constraint messages, a help text) change no data.
"""

from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import TransactionTestCase

# The last migration of each app on main before the split.
BEFORE_THE_SPLIT = [
    ("intl_office", "0002_sentreminder_agreement_expired"),
    ("partners", "0003_institution_city_zh"),
    ("programs", "0001_initial"),
    ("students", "0002_filter_indexes"),
    ("experts", "0002_filter_indexes"),
]


class UpgradeTests(TransactionTestCase):
    def migrate(self, targets):
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(targets)
        return executor.loader.project_state(targets).apps

    def test_a_database_from_before_the_split_keeps_its_rows(self):
        old = self.migrate(BEFORE_THE_SPLIT)
        unit = old.get_model("intl_office", "Unit").objects.create(code="sem", name_en="School of Economics")
        institution = old.get_model("partners", "Institution").objects.create(
            name_en="KU Leuven", slug="ku-leuven", country="BE"
        )
        old.get_model("students", "InternationalStudent").objects.create(
            family_name="Petrov", nationality="RU", passport_number="P1", unit=unit, home_institution=institution
        )
        old.get_model("experts", "Expert").objects.create(family_name="Smith", nationality="GB", passport_number="E1")
        export_log = old.get_model("intl_office", "ExportLog")
        export_log.objects.create(what="students.internationalstudent", file_format="csv")

        executor = MigrationExecutor(connection)
        latest = executor.loader.graph.leaf_nodes()
        new = self.migrate(latest)

        self.assertEqual(new.get_model("intl_office", "Unit").objects.get().code, "sem")
        self.assertEqual(new.get_model("partners", "Institution").objects.get().name_en, "KU Leuven")
        student = new.get_model("students", "InternationalStudent").objects.get()
        self.assertEqual((student.family_name, student.passport_number, student.unit_id), ("Petrov", "P1", unit.pk))
        self.assertEqual(new.get_model("experts", "Expert").objects.get().passport_number, "E1")
        self.assertEqual(new.get_model("intl_office", "ExportLog").objects.count(), 1)
