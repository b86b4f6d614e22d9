"""The jobs feature's interface: register a job function, submit a job, run it.

Features (imports, reports, reminders) register the functions that do their long work and submit jobs; this
module never imports them. With a broker (settings.CELERY_BROKER_URL, set from REDIS_URL) a Celery worker runs the
job; without one it runs here and now, in the request, so a single process needs nothing else.

A job function is called as ``function(job, progress, out)``: it reads its parameters from ``job.parameters``
(and its user from ``job.user``), reports how far it got through ``progress``, writes its file (if it makes one)
to the binary file ``out`` and returns an ``Output`` naming it, or None (it may set ``job.message`` to say what it did).
"""

import logging
import re
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from intl_office.jobs.models import Job

logger = logging.getLogger("intl_office.jobs")

_FUNCTIONS: dict[str, Callable] = {}
# Progress is written at most this often (seconds): a row per update would cost more than the export itself.
PROGRESS_EVERY = 0.5
# The Celery task that runs a job (intl_office.jobs.tasks), sent by name.
RUN_TASK = "intl_office.jobs.run_job"


class JobError(Exception):
    """A failure whose message the user may read (a bad row, a missing permission); others are logged only."""


@dataclass
class Output:
    name: str
    content_type: str = "application/octet-stream"
    # What a download records in the export log: what, file_format, filters, row_count, includes_personal_data.
    log: dict = field(default_factory=dict)
    message: str = ""


def register(name: str):
    """Registers a job function under a stable name (stored in each job, read by the worker)."""

    def decorate(function):
        _FUNCTIONS[name] = function
        return function

    return decorate


def broker_configured() -> bool:
    return bool(getattr(settings, "CELERY_BROKER_URL", ""))


def submit(user, *, kind: str, task: str, title: str, parameters: dict | None = None) -> Job:
    """Creates the job and hands it to the worker, or runs it now when there is no broker."""
    if task not in _FUNCTIONS:
        raise KeyError(f"No job function registered as {task!r}.")
    job = Job.objects.create(
        user=user if getattr(user, "is_authenticated", False) else None,
        kind=kind,
        task=task,
        title=str(title)[:200],
        parameters=parameters or {},
    )
    if broker_configured():
        from intl_office.jobs.celery import app

        # After the commit: a worker quicker than this transaction would not find the job yet.
        transaction.on_commit(lambda: app.send_task(RUN_TASK, args=[job.pk]))
    else:
        run(job.pk)
        job.refresh_from_db()
    return job


class Progress:
    def __init__(self, job: Job):
        self.job = job
        self._saved_at = 0.0

    def start(self, total: int):
        self.job.total = max(int(total), 0)
        self.job.done = 0
        Job.objects.filter(pk=self.job.pk).update(total=self.job.total, done=0)

    def advance(self, count: int = 1):
        self.job.done = min(self.job.done + count, self.job.total) if self.job.total else 0
        now = time.monotonic()
        if now - self._saved_at >= PROGRESS_EVERY:
            self._saved_at = now
            Job.objects.filter(pk=self.job.pk).update(done=self.job.done)

    def counted(self, items: Iterable) -> Iterator:
        """The items, advancing the progress by one for each."""
        for item in items:
            yield item
            self.advance()


def run(job_id: int) -> None:
    """Runs a queued job once: a job already taken (a broker delivers at least once) is left alone."""
    taken = Job.objects.filter(pk=job_id, state=Job.State.QUEUED).update(state=Job.State.RUNNING)
    if not taken:
        return
    job = Job.objects.select_related("user").get(pk=job_id)
    function = _FUNCTIONS.get(job.task)
    with tempfile.TemporaryFile() as out:
        try:
            if function is None:
                raise JobError(gettext("This kind of job is not known to this server."))
            output = function(job, Progress(job), out)
        except Exception as error:
            if isinstance(error, JobError):
                message = str(error)
            else:
                # The details may hold records' data: they go to the server's log, not to the page.
                logger.exception("Job %s (%s) failed", job.pk, job.task)
                message = gettext("The job failed; the error is in the server's log.")
            Job.objects.filter(pk=job.pk).update(state=Job.State.FAILED, message=message, finished_at=timezone.now())
            return
        if output is not None:
            out.seek(0)
            job.file.save(output.name, File(out), save=False)
            job.file_name = output.name
            job.content_type = output.content_type
            job.log = output.log
            job.message = output.message
    job.state = Job.State.DONE
    job.done = job.total
    job.finished_at = timezone.now()
    job.save(update_fields=["file", "file_name", "content_type", "log", "message", "state", "done", "finished_at"])


_FILENAME = re.compile(r'filename="?([^";]+)"?')


def write_response(response, out) -> tuple[str, str]:
    """Writes a download view's response (streaming or not) to ``out``; returns its file name and content type."""
    if response.streaming:
        for chunk in response.streaming_content:
            out.write(chunk)
    else:
        out.write(response.content)
    # Not response.close(): it sends request_finished, which closes the database connection under the job's feet.
    for close in getattr(response, "_resource_closers", []):
        close()
    match = _FILENAME.search(response.get("Content-Disposition", ""))
    name = match.group(1) if match else "download"
    return name, response["Content-Type"]
