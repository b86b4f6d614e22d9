"""The public name search of partners (every word of the query in the folded names) is served by a trigram index on
PostgreSQL, so it reads the matching institutions, not all of them."""

from django.db import connection
from django.test import TestCase

from intl_office.core.trigram import PENDING_LIST_LIMIT_KB
from partners.models import Institution
from tests import factories as f


class PartnerNameSearchIndexTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        f.make_institution(name_en="RWTH Aachen University")
        f.make_institution(name_en="École Centrale de Lyon")

    def test_every_word_is_matched_accents_and_case_ignored(self):
        names = list(Institution.objects.matching("ECOLE lyon").values_list("name_en", flat=True))
        self.assertEqual(names, ["École Centrale de Lyon"])

    def test_on_postgresql_the_search_can_use_the_trigram_index(self):
        sql, params = Institution.objects.matching("aachen").values("pk").query.sql_with_params()
        if connection.vendor != "postgresql":
            self.assertIn("LIKE", sql)
            return
        with connection.cursor() as cursor:
            # A table this small is read whole anyway, or walked through any index: forbid both, so the plan shows
            # which index can serve the search itself (a bitmap scan needs an index matching the condition).
            for setting in ("enable_seqscan", "enable_indexscan", "enable_indexonlyscan"):
                cursor.execute(f"SET LOCAL {setting} = off")
            cursor.execute(f"EXPLAIN {sql}", params)
            plan = "\n".join(row[0] for row in cursor.fetchall())
        self.assertIn("partners_institution_search_text_trgm", plan)


class TrigramPendingListTests(TestCase):
    def test_on_postgresql_every_trigram_index_keeps_a_short_pending_list(self):
        if connection.vendor != "postgresql":
            # SQLite searches with a plain LIKE: the migrations make no trigram index there, and set nothing.
            with connection.cursor() as cursor:
                cursor.execute("SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE '%trgm'")
                self.assertEqual(cursor.fetchall(), [])
            return
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT c.relname, c.reloptions FROM pg_class c JOIN pg_am am ON am.oid = c.relam "
                "WHERE c.relkind = 'i' AND am.amname = 'gin' AND c.relname LIKE '%%trgm'"
            )
            options = dict(cursor.fetchall())
        # Every searched column of the four domain apps (and the partners' folded names), each bounded.
        self.assertGreaterEqual(len(options), 30)
        for name, settings in options.items():
            with self.subTest(index=name):
                self.assertIn(f"gin_pending_list_limit={PENDING_LIST_LIMIT_KB}", settings or [])
        self.assertLess(PENDING_LIST_LIMIT_KB, 4096)
