from django.db import OperationalError

from intl_office.jobs import runner
from intl_office.jobs.celery import app


# A database that is briefly unavailable or locked (a restart, SQLite's table lock under a concurrent read) would
# otherwise leave the job waiting for ever; taking a job is idempotent (runner.run leaves a taken job alone), so the
# delivery is retried with growing pauses (1, 2, 4, 8, 16 seconds).
@app.task(name=runner.RUN_TASK, autoretry_for=(OperationalError,), retry_backoff=1, retry_jitter=False, max_retries=5)
def run_job(job_id: int) -> None:
    runner.run(job_id)


@app.task(name="intl_office.jobs.purge_jobs")
def purge_jobs() -> int:
    from intl_office.jobs.purge import purge

    return purge()
