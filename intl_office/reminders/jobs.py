"""The reminder run as a background job: `send_reminders --queue` hands it to the job worker (or runs it in process
when none is configured), so the daily cron line returns at once and the run's outcome is kept on its job page."""

import datetime

from django.core.mail import get_connection
from django.utils.translation import gettext

from intl_office.jobs.models import Job
from intl_office.jobs.runner import JobError, Output, register, submit
from intl_office.reminders.due import send_reminders

TASK = "reminders.send"


def queue_reminder_run(today: datetime.date | None, base_url: str, user=None) -> Job:
    title = gettext("Reminder run for %(day)s") % {"day": today.isoformat() if today else gettext("today")}
    parameters = {"date": today.isoformat() if today else None, "base_url": base_url}
    return submit(user, kind=Job.Kind.REMINDERS, task=TASK, title=title, parameters=parameters)


@register(TASK)
def run_reminders(job, progress, out) -> Output | None:
    day = job.parameters.get("date")
    progress.start(1)
    result = send_reminders(
        datetime.date.fromisoformat(day) if day else None,
        base_url=job.parameters.get("base_url", ""),
        connection=get_connection(),
    )
    progress.advance()
    summary = gettext("%(sent)s item(s) sent to %(recipients)s recipient(s), %(already)s already sent before.") % {
        "sent": sum(result.sent.values()),
        "recipients": len(result.sent),
        "already": result.already_sent,
    }
    if result.failed:
        # Recipients are units' contact addresses, not personal data of students or experts.
        raise JobError(
            summary + " " + gettext("Sending failed for: %(failed)s.") % {"failed": ", ".join(sorted(result.failed))}
        )
    job.message = summary
    return None
