from intl_office.jobs.models import Job


def purge(now=None) -> int:
    """Deletes finished jobs past the keeping time (settings.JOBS_KEEP_HOURS) and their files; returns how many."""
    count = 0
    for job in Job.objects.expired(now).iterator():
        if job.file:
            job.file.delete(save=False)
        job.delete()
        count += 1
    return count
