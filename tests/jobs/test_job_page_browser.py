"""The job's page in a real headless Chromium: its progress bar follows the job (polled by static/js/jobs.js, under
the Content-Security-Policy, which conftest.py checks), and the file's link appears when the job is done."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from intl_office.jobs.models import Job
from tests.factories import make_app_device, make_user, totp_code

SCREENSHOTS = Path(settings.BASE_DIR) / "artifacts" / "screenshots"
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_progress_bar_follows_the_job_and_the_link_appears_when_it_is_done(live_server, page):
    user = make_user("exporter", perms=("intl_office.export_records",))
    app = make_app_device(user)
    job = Job.objects.create(
        user=user, kind=Job.Kind.EXPORT, task="imports.list_export", title="Students", state="running", total=10, done=3
    )
    page.set_default_timeout(20_000)
    page.goto(f"{live_server.url}{reverse('admin:login')}?next={job.get_absolute_url()}")
    page.fill("#id_username", "exporter")
    page.fill("#id_password", "password")
    page.fill("#id_otp_token", totp_code(app))
    page.click("input[type=submit]")
    expect(page.locator("#job-progress")).to_have_attribute("value", "30")
    expect(page.locator("#job-count")).to_have_text("3 / 10")

    Job.objects.filter(pk=job.pk).update(done=7)
    expect(page.locator("#job-count")).to_have_text("7 / 10")
    expect(page.locator("#job-progress")).to_have_js_property("value", 70)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "job-running.png")

    job.file.save("students.csv", ContentFile(b"Student number\n"), save=False)
    Job.objects.filter(pk=job.pk).update(
        file=job.file.name, file_name="students.csv", state="done", done=10, finished_at=timezone.now()
    )
    expect(page.get_by_role("link", name="Download students.csv")).to_be_visible()
    expect(page.locator("#job-state")).to_have_text("Done")
    page.screenshot(path=SCREENSHOTS / "job-done.png")
