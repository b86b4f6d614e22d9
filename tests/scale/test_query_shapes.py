"""Shapes of SQL that keep lists fast at any size: a list of keys already read is one array value on PostgreSQL (not
thousands of constants to parse and type one by one); the expired agreements' renewal check runs per agreement."""

import datetime

from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext

from intl_office.core.querysets import with_pks
from partners.models import Agreement
from students.models import InternationalStudent
from tests import factories as f


class PksAsArrayTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.students = [f.make_student() for _ in range(4)]

    def test_it_selects_exactly_the_given_records(self):
        chosen = [self.students[0].pk, self.students[2].pk]
        found = with_pks(InternationalStudent.objects.all(), iter(chosen))
        self.assertEqual(sorted(found.values_list("pk", flat=True)), sorted(chosen))

    def test_it_combines_with_other_filters_and_counts(self):
        self.students[0].nationality = "DE"
        self.students[0].save()
        queryset = with_pks(InternationalStudent.objects.filter(nationality="KZ"), [s.pk for s in self.students])
        self.assertEqual(queryset.count(), 3)

    def test_an_empty_list_selects_nothing(self):
        self.assertFalse(with_pks(InternationalStudent.objects.all(), []).exists())

    def test_on_postgresql_the_keys_are_one_array_value(self):
        with CaptureQueriesContext(connection) as queries:
            list(with_pks(InternationalStudent.objects.all(), [s.pk for s in self.students]))
        sql = queries.captured_queries[0]["sql"]
        if connection.vendor == "postgresql":
            self.assertIn("= ANY(", sql)
            self.assertNotIn(" IN (", sql)
        else:
            self.assertIn(" IN (", sql)


class RenewalCheckTests(TestCase):
    def test_the_expired_agreements_rule_checks_renewals_per_agreement_not_as_a_join_of_every_link(self):
        sql = str(Agreement.objects.expired_not_renewed(datetime.date(2026, 12, 1)).query)
        self.assertIn("NOT EXISTS(", sql.replace("NOT (EXISTS(", "NOT EXISTS("))
        self.assertIn("OFFSET 0)", sql)
        # From the agreement's partner links to theirs, not through the partners' own rows (one index more each).
        self.assertNotIn('"partners_institution"', sql)
