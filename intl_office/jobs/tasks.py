from intl_office.jobs import runner
from intl_office.jobs.celery import app


@app.task(name=runner.RUN_TASK)
def run_job(job_id: int) -> None:
    runner.run(job_id)


@app.task(name="intl_office.jobs.purge_jobs")
def purge_jobs() -> int:
    from intl_office.jobs.purge import purge

    return purge()
