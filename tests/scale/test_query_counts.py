"""Every admin page `make bench` times runs the same queries on the demo and on the demo three times over."""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from bench.pages import admin_pages
from intl_office.demo import loader
from intl_office.demo.common import SEED
from students.models import InternationalStudent
from tests.factories import force_login, make_agreement, make_appointment, make_student, make_user


class QueryCountsAtTwoSizesTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("generate_data", "--scale", "1", verbosity=0)
        # A record due for each reminder, so the front page lists some of every kind at both sizes (an empty kind
        # skips its second query, whatever the size).
        soon = timezone.localdate() + datetime.timedelta(days=5)
        make_agreement(ends_on=soon)
        make_agreement(ends_on=timezone.localdate() - datetime.timedelta(days=5), starts_on=datetime.date(2020, 1, 1))
        make_student(residence_permit_expires_on=soon)
        make_appointment(ends_on=soon, work_permit_expires_on=soon)
        cls.superuser = make_user("root", is_superuser=True)

    def setUp(self):
        force_login(self.client, self.superuser)

    def counts(self) -> dict[str, int]:
        counts = {}
        for page in admin_pages():
            # A first visit: nothing cached from the page before.
            cache.clear()
            ContentType.objects.clear_cache()
            with CaptureQueriesContext(connection) as queries:
                response = self.client.get(page.path)
            self.assertEqual(response.status_code, 200, page.path)
            counts[page.name] = len(queries)
        return counts

    def test_admin_pages_run_the_same_queries_at_1x_and_3x(self):
        small = self.counts()
        students = InternationalStudent.objects.count()
        call_command("generate_data", "--scale", "3", verbosity=0)
        added = sum(len(loader.build(SEED + copy).students) for copy in (1, 2))
        self.assertEqual(InternationalStudent.objects.count(), students + added)
        large = self.counts()
        for name, count in small.items():
            with self.subTest(page=name):
                self.assertEqual(large[name], count)
