"""A confirmed import of a large file (more than settings.IMPORT_BACKGROUND_ROWS rows) as a background job: the
admin's import page (admin_import.py) claims the previewed file and hands it to this job, which imports it as the
page would and keeps the outcome (or every problem) on the job's page."""

import os

from django.core.files.storage import default_storage
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext

from intl_office.imports import engine
from intl_office.imports.admin_import import IMPORT_TASK
from intl_office.jobs.runner import JobError, register

# At most this many problems are listed on the job's page; the import log keeps the outcome.
MESSAGE_PROBLEMS = 20


@register(IMPORT_TASK)
def run_confirmed_import(job, progress, out):
    parameters = job.parameters
    kind, upload_name = parameters["kind"], parameters["upload_name"]
    claimed_name = f"{upload_name}.importing"
    progress.start(parameters["rows"])
    report = None
    try:
        if not engine.can_import(job.user, kind):
            raise JobError(gettext("You may no longer import these records."))
        with default_storage.open(claimed_name, "rb") as handle:
            data = handle.read()
        report = engine.run_import(
            kind,
            data,
            parameters["file_name"],
            user=job.user,
            dry_run=False,
            accept_similar=parameters["accept_similar"],
            # Records someone else saved after the preview are refused, as on the import page.
            unchanged_since=parse_datetime(parameters.get("previewed_at") or ""),
        )
    finally:
        # As on the import page: kept for another try unless it was imported.
        if report is not None and report.written:
            default_storage.delete(claimed_name)
        elif default_storage.exists(claimed_name):
            os.rename(default_storage.path(claimed_name), default_storage.path(upload_name))
    if not report.written:
        problems = report.errors or [
            gettext("Some new institutions look like existing ones: preview the file again and confirm the names.")
        ]
        raise JobError(" ".join(problems[:MESSAGE_PROBLEMS]))
    job.message = gettext("Imported %(file)s: %(created)d new, %(updated)d updated, %(skipped)d unchanged.") % {
        "file": parameters["file_name"],
        "created": report.created,
        "updated": report.updated,
        "skipped": report.skipped,
    }
    return None
