"""Two web nodes (gunicorn), one worker, one PostgreSQL, one Redis, started by scripts/two_nodes.sh: a user signs in
on one node through the real login form (password and second factor), carries on on the other, starts an export on
one and downloads it from the other.

Needs PostgreSQL (DATABASE_URL) and Redis at 127.0.0.1:6379. Under CI (.ci/run starts both) a missing one fails the
test; elsewhere it is skipped with the reason.
"""

import csv
import io
import os
import re
import signal
import socket
import subprocess
import tempfile
import time
import uuid
from pathlib import Path

import redis
import requests
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.contrib.auth.models import Permission
from django.db import connection
from django.test import TransactionTestCase
from django.urls import reverse

from tests.factories import make_app_device, make_student, make_user, totp_code

BASE_DIR = Path(__file__).resolve().parents[2]
REDIS_TEST_URL = "redis://127.0.0.1:6379/11"
THRESHOLD = 3
PASSWORD = "a long enough password 42"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def missing_services() -> str:
    if connection.vendor != "postgresql":
        return "the two-node test needs PostgreSQL (set DATABASE_URL)"
    try:
        redis.Redis.from_url(REDIS_TEST_URL, socket_connect_timeout=1).ping()
    except redis.exceptions.ConnectionError:
        return f"Redis is not reachable at {REDIS_TEST_URL}"
    return ""


def csrf(session: requests.Session) -> str:
    return session.cookies["csrftoken"]


class TwoNodeTests(TransactionTestCase):
    def setUp(self):
        if reason := missing_services():
            if os.environ.get("CI"):
                raise AssertionError(reason)
            self.skipTest(reason)
        self.ports = [free_port(), free_port()]
        self.run_dir = tempfile.mkdtemp(prefix="intl-office-nodes-")
        database = connection.settings_dict
        environment = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL", "CELERY_", "PRIVATE_MEDIA_ROOT"))
        }
        environment.update(
            # The test database itself, which this test case commits to.
            DATABASE_URL=f"postgres://{database['USER']}@{database['HOST'] or '127.0.0.1'}:{database['PORT'] or 5432}"
            f"/{database['NAME']}",
            REDIS_URL=REDIS_TEST_URL,
            CELERY_QUEUE=f"intl-office-test-{uuid.uuid4().hex}",
            DJANGO_SETTINGS_MODULE="intl_office.settings",
            DJANGO_READ_DOT_ENV="false",
            DJANGO_SECRET_KEY="two-node-test-key-shared-by-both-nodes",
            # Plain HTTP between the test and the nodes, and no collectstatic.
            DJANGO_SECURE_COOKIES="false",
            DJANGO_STATICFILES_STORAGE="django.contrib.staticfiles.storage.StaticFilesStorage",
            DJANGO_EXPORT_BACKGROUND_ROWS=str(THRESHOLD),
            NODE_PORTS=" ".join(map(str, self.ports)),
            PYTHON=str(Path(os.sys.executable)),
            RUN_DIR=self.run_dir,
            PRIVATE_MEDIA_ROOT=os.path.join(self.run_dir, "private_media"),
            SKIP_MIGRATE="1",
        )
        self.nodes = subprocess.Popen(
            [str(BASE_DIR / "scripts" / "two_nodes.sh")],
            cwd=BASE_DIR,
            env=environment,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )
        self.addCleanup(self.stop_nodes)
        output = []
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            line = self.nodes.stdout.readline()
            if not line:
                break
            output.append(line)
            if line.startswith("ready:"):
                return
        self.fail("The nodes did not start:\n" + "".join(output) + self.logs())

    def stop_nodes(self):
        if self.nodes.poll() is None:
            os.killpg(self.nodes.pid, signal.SIGTERM)
            try:
                self.nodes.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(self.nodes.pid, signal.SIGKILL)
                self.nodes.wait()
        self.nodes.stdout.close()

    def logs(self) -> str:
        return "".join(f"\n--- {path.name}\n{path.read_text()[-3000:]}" for path in Path(self.run_dir).glob("*.log"))

    def url(self, node: int, path: str) -> str:
        return f"http://127.0.0.1:{self.ports[node]}{path}"

    def test_a_user_signs_in_on_one_node_continues_on_the_other_and_downloads_an_export_made_by_the_worker(self):
        user = make_user("exporter", perms=("intl_office.export_records",))
        # Hashed as the nodes' settings hash (the test settings' fast hasher is not among theirs).
        hasher = PBKDF2PasswordHasher()
        user.password = hasher.encode(PASSWORD, hasher.salt())
        user.save()
        user.user_permissions.add(*Permission.objects.filter(content_type__app_label="students"))
        device = make_app_device(user)
        students = [make_student(nationality="KZ") for _ in range(THRESHOLD + 2)]

        for node in (0, 1):
            ready = requests.get(self.url(node, "/readyz"), timeout=10)
            checks = {"database": "ok", "cache": "ok", "broker": "ok"}
            self.assertEqual(ready.json(), {"status": "ok", "checks": checks})

        browser = requests.Session()
        login = reverse("admin:login")
        browser.get(self.url(0, login), timeout=10)
        signed_in = browser.post(
            self.url(0, login),
            data={
                "csrfmiddlewaretoken": csrf(browser),
                "username": user.username,
                "password": PASSWORD,
                "otp_token": totp_code(device),
                "next": reverse("admin:index"),
            },
            timeout=10,
            allow_redirects=False,
        )
        errors = re.findall(r'class="errornote">(.*?)<|class="errorlist[^"]*">(.*?)</ul>', signed_in.text, re.S)
        self.assertEqual(signed_in.status_code, 302, errors)
        self.assertEqual(signed_in.headers["Location"], reverse("admin:index"))

        # The other node knows the session (and its second factor): the staff area opens there.
        changelist = reverse("admin:students_internationalstudent_changelist")
        page = browser.get(self.url(1, changelist), timeout=10, allow_redirects=False)
        self.assertEqual(page.status_code, 200, page.headers.get("Location"))
        self.assertIn(f"/admin/students/internationalstudent/{students[0].pk}/change/", page.text)

        # The export is started on the first node...
        started = browser.post(
            self.url(0, changelist),
            data={
                "csrfmiddlewaretoken": csrf(browser),
                "action": "export_as_csv",
                "select_across": "1",
                "index": "0",
                "_selected_action": str(students[0].pk),
            },
            timeout=10,
            allow_redirects=False,
        )
        self.assertEqual(started.status_code, 302, started.text[-2000:])
        job_id = int(re.search(r"/jobs/job/(\d+)/", started.headers["Location"]).group(1))

        # ...made by the worker, followed and downloaded on the second.
        status_url = self.url(1, reverse("admin:jobs_job_status", args=[job_id]))
        deadline = time.monotonic() + 60
        while (status := browser.get(status_url, timeout=10).json())["finished"] is False:
            self.assertLess(time.monotonic(), deadline, f"The job is still {status['state']}." + self.logs())
            time.sleep(0.2)
        self.assertEqual(status["state"], "done", self.logs())
        download = browser.get(self.url(1, reverse("admin:jobs_job_download", args=[job_id])), timeout=10)
        self.assertEqual(download.status_code, 200)
        rows = list(csv.DictReader(io.StringIO(download.content.decode("utf-8-sig"))))
        self.assertEqual({row["Student number"] for row in rows}, {s.student_number for s in students})
