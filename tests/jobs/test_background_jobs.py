"""Background jobs in process (no broker): a large export becomes a job with a progress page, its file is read back,
only its owner downloads it (logged), and old jobs' files are removed."""

import csv
import datetime
import io
import re

import openpyxl
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.test import TestCase, override_settings
from django.urls import reverse
from django.utils import timezone

from intl_office.core.models import ExportLog
from intl_office.jobs.models import Job
from intl_office.jobs.runner import JobError, Output, register, submit
from tests.factories import force_login, make_student, make_user
from tests.personas import make_staff

CHANGELIST = reverse("admin:students_internationalstudent_changelist")
THRESHOLD = 3


def make_exporter(username: str):
    user = make_staff(username)
    user.user_permissions.add(Permission.objects.get(content_type__app_label="intl_office", codename="export_records"))
    return get_user_model().objects.get(pk=user.pk)


@register("tests.failing")
def failing(job, progress, out):
    raise JobError("Row 3, family name: missing.")


@register("tests.crashing")
def crashing(job, progress, out):
    raise RuntimeError("passport P1234 broke it")


@register("tests.counting")
def counting(job, progress, out):
    progress.start(job.parameters["total"])
    for _ in progress.counted(range(job.parameters["total"])):
        pass
    out.write(b"done")
    return Output(name="count.txt", content_type="text/plain")


@override_settings(EXPORT_BACKGROUND_ROWS=THRESHOLD, CELERY_BROKER_URL="")
class InProcessExportJobTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.students = [make_student(nationality="KZ") for _ in range(THRESHOLD + 2)]
        cls.other = make_student(nationality="RU")
        cls.exporter = make_exporter("exporter")
        cls.colleague = make_exporter("colleague")
        cls.superuser = make_user("root", is_superuser=True)

    def export(self, action="export_as_csv", query="?nationality=KZ"):
        force_login(self.client, self.exporter)
        data = {"action": action, ACTION_CHECKBOX_NAME: [self.students[0].pk], "index": 0, "select_across": "1"}
        return self.client.post(CHANGELIST + query, data)

    def download(self, job):
        return self.client.get(reverse("admin:jobs_job_download", args=[job.pk]))

    def test_an_export_above_the_threshold_becomes_a_job_whose_csv_file_holds_every_row(self):
        response = self.export()
        job = Job.objects.get()
        self.assertRedirects(response, job.get_absolute_url())
        self.assertEqual((job.user, job.kind, job.state), (self.exporter, Job.Kind.EXPORT, Job.State.DONE))
        self.assertEqual((job.done, job.total), (len(self.students), len(self.students)))
        # The list's query (which may hold a search for a person) is not kept once the job has read it.
        self.assertEqual(job.parameters["query"], "")
        # Producing the file is not a download: the log gains its entry when the file is fetched.
        self.assertFalse(ExportLog.objects.exists())
        page = self.client.get(job.get_absolute_url())
        self.assertContains(page, reverse("admin:jobs_job_download", args=[job.pk]))
        response = self.download(job)
        self.assertEqual(response.status_code, 200)
        self.assertIn("no-store", response["Cache-Control"])
        rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
        self.assertEqual({row["Student number"] for row in rows}, {s.student_number for s in self.students})
        log = ExportLog.objects.get()
        self.assertEqual(
            (log.user, log.what, log.file_format, log.row_count, log.filters["nationality"]),
            (self.exporter, "students.internationalstudent", "csv", len(self.students), "KZ"),
        )

    def test_an_xlsx_export_job_reads_back_with_openpyxl(self):
        self.export("export_as_xlsx")
        job = Job.objects.get()
        self.assertTrue(job.file_name.endswith(".xlsx"))
        # On PostgreSQL the database writes the rows and tells them in blocks; the progress counts them all the same.
        self.assertEqual((job.done, job.total), (len(self.students), len(self.students)))
        sheet = openpyxl.load_workbook(io.BytesIO(b"".join(self.download(job).streaming_content))).active
        header = next(sheet.iter_rows(max_row=1, values_only=True))
        column = header.index("Student number")
        found = {row[column] for row in sheet.iter_rows(min_row=2, values_only=True)}
        self.assertEqual(found, {s.student_number for s in self.students})

    def test_an_export_at_the_threshold_still_streams_in_the_request(self):
        response = self.export(query=f"?nationality=KZ&id__in={','.join(str(s.pk) for s in self.students[:THRESHOLD])}")
        self.assertEqual(response["Content-Type"], "text/csv; charset=utf-8")
        self.assertFalse(Job.objects.exists())

    def test_only_the_owner_and_superusers_may_download_the_file(self):
        self.export()
        job = Job.objects.get()
        force_login(self.client, self.colleague)
        self.assertEqual(self.download(job).status_code, 403)
        self.assertEqual(self.client.get(job.get_absolute_url()).status_code, 403)
        self.assertEqual(self.client.get(reverse("admin:jobs_job_status", args=[job.pk])).status_code, 403)
        # The colleague's own list does not show it.
        self.assertNotContains(self.client.get(reverse("admin:jobs_job_changelist")), job.title)
        force_login(self.client, self.superuser)
        self.assertEqual(self.download(job).status_code, 200)
        self.assertEqual(ExportLog.objects.get().user, self.superuser)

    def test_an_owner_who_lost_the_export_permission_may_not_download(self):
        self.export()
        job = Job.objects.get()
        self.exporter.user_permissions.remove(Permission.objects.get(codename="export_records"))
        self.exporter = get_user_model().objects.get(pk=self.exporter.pk)
        force_login(self.client, self.exporter)
        self.assertEqual(self.download(job).status_code, 403)

    def test_my_jobs_lists_the_users_jobs_and_the_status_endpoint_reports_progress(self):
        self.export()
        job = Job.objects.get()
        self.assertContains(self.client.get(reverse("admin:jobs_job_changelist")), job.title)
        status = self.client.get(reverse("admin:jobs_job_status", args=[job.pk])).json()
        self.assertEqual(
            status,
            {
                "state": "done",
                "state_label": "Done",
                "done": job.total,
                "total": job.total,
                "percent": 100,
                "finished": True,
            },
        )

    def test_a_running_jobs_page_polls_from_a_script_file_not_an_inline_script(self):
        job = Job.objects.create(user=self.exporter, kind=Job.Kind.EXPORT, task="tests.counting", title="Waiting")
        force_login(self.client, self.exporter)
        page = self.client.get(job.get_absolute_url())
        html = page.content.decode()
        self.assertIn('data-status-url="{}"'.format(reverse("admin:jobs_job_status", args=[job.pk])), html)
        self.assertIn("js/jobs.js", html)
        self.assertEqual(re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", html), [])
        self.assertIn("script-src 'self'", page["Content-Security-Policy"])
        self.assertNotIn("unsafe-inline", page["Content-Security-Policy"])

    def test_progress_is_counted_and_kept_in_the_jobs_row(self):
        job = submit(self.exporter, kind=Job.Kind.EXPORT, task="tests.counting", title="Count", parameters={"total": 7})
        self.assertEqual((job.state, job.done, job.total, job.percent), (Job.State.DONE, 7, 7, 100))
        self.assertEqual(job.file.read(), b"done")

    def test_a_failed_job_says_why_when_the_reason_is_meant_for_the_user_and_hides_other_errors(self):
        job = submit(self.exporter, kind=Job.Kind.IMPORT, task="tests.failing", title="Import")
        self.assertEqual((job.state, job.message), (Job.State.FAILED, "Row 3, family name: missing."))
        with self.assertLogs("intl_office.jobs", "ERROR"):
            job = submit(self.exporter, kind=Job.Kind.IMPORT, task="tests.crashing", title="Import")
        self.assertEqual(job.state, Job.State.FAILED)
        self.assertNotIn("P1234", job.message)
        self.assertIsNotNone(job.finished_at)

    def test_a_job_already_taken_is_not_run_twice(self):
        from intl_office.jobs.runner import run

        job = submit(self.exporter, kind=Job.Kind.EXPORT, task="tests.counting", title="Once", parameters={"total": 2})
        finished = job.finished_at
        run(job.pk)
        job.refresh_from_db()
        self.assertEqual(job.finished_at, finished)


@override_settings(EXPORT_BACKGROUND_ROWS=THRESHOLD, CELERY_BROKER_URL="", JOBS_KEEP_HOURS=24)
class JobExpiryTests(TestCase):
    def test_purge_jobs_removes_jobs_and_files_older_than_a_day_and_keeps_the_rest(self):
        user = make_exporter("owner")
        old = submit(user, kind=Job.Kind.EXPORT, task="tests.counting", title="Old", parameters={"total": 1})
        recent = submit(user, kind=Job.Kind.EXPORT, task="tests.counting", title="New", parameters={"total": 1})
        running = Job.objects.create(user=user, kind=Job.Kind.EXPORT, task="tests.counting", title="Running")
        Job.objects.filter(pk=old.pk).update(finished_at=timezone.now() - datetime.timedelta(hours=25))
        Job.objects.filter(pk=recent.pk).update(finished_at=timezone.now() - datetime.timedelta(hours=23))
        storage = old.file.storage
        self.assertTrue(storage.exists(old.file.name))
        out = io.StringIO()
        call_command("purge_jobs", stdout=out)
        self.assertIn("1 job(s) removed", out.getvalue())
        self.assertFalse(storage.exists(old.file.name))
        self.assertEqual(set(Job.objects.values_list("pk", flat=True)), {recent.pk, running.pk})
        self.assertTrue(storage.exists(recent.file.name))
