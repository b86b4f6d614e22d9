"""Every admin page `make bench` times runs the same queries at two sizes of generated data (2x and 3x the demo).

At 2x rather than the demo alone: the demo happens to have nothing due for some reminder kinds (no lead time in use),
and a kind with nothing due skips its second query, a difference of data, not of size.
"""

from unittest import mock

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext

from bench.pages import admin_pages
from intl_office.accounts import middleware as session_limits
from intl_office.demo import loader
from intl_office.demo.common import SEED
from students.models import InternationalStudent
from tests.factories import force_login, make_user


class QueryCountsAtTwoSizesTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("generate_data", "--scale", "2", verbosity=0)
        cls.superuser = make_user("root", is_superuser=True)

    def setUp(self):
        force_login(self.client, self.superuser)

    # The session's last-seen time is saved at most once a minute: on a slow machine that write lands in a random
    # page's count (three queries). Within this test, it is never due.
    @mock.patch.object(session_limits, "SEEN_RESOLUTION", 3600)
    def counts(self) -> dict[str, int]:
        counts = {}
        for page in admin_pages():
            # Counted as a first visit: no cached figures, content types read afresh.
            cache.clear()
            ContentType.objects.clear_cache()
            with CaptureQueriesContext(connection) as queries:
                response = self.client.get(page.path)
            self.assertEqual(response.status_code, 200, page.path)
            counts[page.name] = len(queries)
        return counts

    def test_admin_pages_run_the_same_queries_at_2x_and_3x(self):
        small = self.counts()
        students = InternationalStudent.objects.count()
        call_command("generate_data", "--scale", "3", verbosity=0)
        self.assertEqual(InternationalStudent.objects.count(), students + len(loader.build(SEED + 2).students))
        large = self.counts()
        for name, count in small.items():
            with self.subTest(page=name):
                self.assertEqual(large[name], count)
