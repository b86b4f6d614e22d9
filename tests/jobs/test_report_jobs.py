"""The whole annual report as a background job: with a job worker configured the download buttons start a job;
the job (run here in process) makes the same workbook and PDF, in the user's language, logged at download."""

import io

import openpyxl
import pypdf
from django.test import TestCase, override_settings
from django.urls import reverse

from intl_office.core.models import ExportLog
from intl_office.jobs.models import Job
from intl_office.jobs.runner import submit
from intl_office.reports import annual
from intl_office.reports.views import REPORT_TASK
from tests.factories import force_login
from tests.personas import make_reporter
from tests.reports.known_records import YEAR, build_known_records


class ReportJobTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        build_known_records()
        cls.reporter = make_reporter()

    def setUp(self):
        force_login(self.client, self.reporter)

    def run_report(self, file_format: str, language: str = "en") -> Job:
        parameters = {"query": {"year": YEAR}, "file_format": file_format, "language": language}
        return submit(self.reporter, kind=Job.Kind.REPORT, task=REPORT_TASK, title="Report", parameters=parameters)

    def download(self, job: Job) -> bytes:
        response = self.client.get(reverse("admin:jobs_job_download", args=[job.pk]))
        self.assertEqual(response.status_code, 200)
        return b"".join(response.streaming_content)

    @override_settings(CELERY_BROKER_URL="redis://127.0.0.1:6379/12")
    def test_with_a_worker_configured_the_download_buttons_start_a_job(self):
        for name in ("reports:workbook", "reports:pdf"):
            response = self.client.get(reverse(name), {"year": YEAR})
            job = Job.objects.latest("pk")
            self.assertRedirects(response, job.get_absolute_url(), fetch_redirect_response=False)
            # Waiting for the worker (this test case never commits, so nothing is sent).
            self.assertEqual((job.kind, job.state, job.user), (Job.Kind.REPORT, Job.State.QUEUED, self.reporter))
        self.assertFalse(ExportLog.objects.exists())

    def test_the_workbook_job_makes_a_sheet_per_table_and_logs_the_download(self):
        job = self.run_report("xlsx")
        self.assertEqual(job.state, Job.State.DONE, job.message)
        self.assertEqual(job.file_name, f"bjtu-annual-report-{YEAR}.xlsx")
        workbook = openpyxl.load_workbook(io.BytesIO(self.download(job)))
        self.assertEqual(len(workbook.sheetnames), len(annual.TABLE_KEYS))
        log = ExportLog.objects.get()
        self.assertEqual((log.what, log.file_format, log.user), ("report:annual", "xlsx", self.reporter))

    def test_the_pdf_job_is_made_in_the_language_the_user_asked_in(self):
        job = self.run_report("pdf", language="zh-hans")
        self.assertEqual(job.state, Job.State.DONE, job.message)
        text = pypdf.PdfReader(io.BytesIO(self.download(job))).pages[0].extract_text()
        self.assertIn(str(YEAR), text)
        self.assertRegex(text, r"[\u4e00-\u9fff]")
