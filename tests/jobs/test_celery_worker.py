"""Background jobs through Celery: a real worker (a thread of this process) takes the job from Redis.

Needs Redis at 127.0.0.1:6379 (its database 12, keys and queue names of this run's own). CI starts Redis (.ci/run):
there a missing server is a failure, not a skip.
"""

import csv
import io
import os
import time
import uuid

import redis
from celery.contrib.testing.worker import start_worker
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.test import TransactionTestCase, override_settings
from django.urls import reverse

from intl_office.core.models import ExportLog
from intl_office.jobs.celery import app
from intl_office.jobs.models import Job
from tests.factories import force_login, make_student
from tests.personas import make_staff

REDIS_TEST_URL = "redis://127.0.0.1:6379/12"
CHANGELIST = reverse("admin:students_internationalstudent_changelist")
THRESHOLD = 2


def redis_reachable() -> bool:
    try:
        return redis.Redis.from_url(REDIS_TEST_URL, socket_connect_timeout=1).ping()
    except redis.exceptions.ConnectionError:
        return False


def require_redis(test_case):
    if not redis_reachable():
        message = f"Redis is not reachable at {REDIS_TEST_URL} (start redis-server to run these tests)"
        if os.environ.get("CI"):
            raise AssertionError(message)
        test_case.skipTest(message)


def wait_until_finished(job: Job, seconds: float = 60) -> Job:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if job.finished:
            return job
        # Not more often: on SQLite's shared in-memory test database a read here locks the table the worker writes.
        time.sleep(0.5)
    raise AssertionError(f"The job is still {job.state} after {seconds} seconds.")


@override_settings(EXPORT_BACKGROUND_ROWS=THRESHOLD, CELERY_BROKER_URL=REDIS_TEST_URL)
class CeleryWorkerTests(TransactionTestCase):
    def setUp(self):
        require_redis(self)
        # This run's own queue, so no other worker on the same Redis takes these jobs.
        queue = f"intl-office-test-{uuid.uuid4().hex}"
        saved = {
            key: app.conf[key] for key in ("broker_url", "result_backend", "task_always_eager", "task_default_queue")
        }
        app.conf.update(
            broker_url=REDIS_TEST_URL, result_backend=REDIS_TEST_URL, task_always_eager=False, task_default_queue=queue
        )
        self.addCleanup(app.conf.update, saved)
        worker = start_worker(app, pool="solo", perform_ping_check=False, queues=[queue], shutdown_timeout=30)
        worker.__enter__()
        self.addCleanup(worker.__exit__, None, None, None)

    def test_a_large_export_is_run_by_the_worker_and_downloaded_by_its_owner(self):
        students = [make_student(nationality="KZ") for _ in range(THRESHOLD + 3)]
        user = make_staff("exporter")
        user.user_permissions.add(Permission.objects.get(codename="export_records"))
        user = get_user_model().objects.get(pk=user.pk)
        force_login(self.client, user)
        data = {"action": "export_as_csv", ACTION_CHECKBOX_NAME: [students[0].pk], "index": 0, "select_across": "1"}
        response = self.client.post(CHANGELIST, data)
        job = Job.objects.get()
        self.assertRedirects(response, job.get_absolute_url())
        job = wait_until_finished(job)
        self.assertEqual(job.state, Job.State.DONE, job.message)
        self.assertEqual((job.done, job.total), (len(students), len(students)))
        status = self.client.get(reverse("admin:jobs_job_status", args=[job.pk])).json()
        self.assertEqual((status["state"], status["percent"]), ("done", 100))
        response = self.client.get(reverse("admin:jobs_job_download", args=[job.pk]))
        rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
        self.assertEqual({row["Student number"] for row in rows}, {s.student_number for s in students})
        self.assertEqual(ExportLog.objects.get().row_count, len(students))
