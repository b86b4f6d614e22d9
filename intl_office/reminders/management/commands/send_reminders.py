"""E-mail each responsible unit's contact a digest of what is newly due. Safe to run daily from cron:

    python manage.py send_reminders                    # today
    python manage.py send_reminders --date 2026-03-01  # as if on that day
    python manage.py send_reminders --dry-run          # who would get how many items; nothing sent or recorded
    python manage.py send_reminders --queue            # as a background job (the worker's, when one is configured)

A reminder is sent once per record and end date; a renewed record (new end date) is reminded again.
With debug off, the command refuses to run (except --dry-run) through a backend that delivers nothing
(console, file, dummy): it would record as sent reminders nobody received.
"""

import datetime

from django.conf import settings
from django.core.mail import get_connection
from django.core.mail.backends.console import EmailBackend as ConsoleBackend
from django.core.mail.backends.dummy import EmailBackend as DummyBackend
from django.core.management.base import BaseCommand, CommandError

from intl_office.reminders.due import send_reminders
from intl_office.reminders.jobs import queue_reminder_run


class Command(BaseCommand):
    help = "E-mail each unit's contact a digest of agreements, permits and appointments newly due."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="The day to run for, YYYY-MM-DD (default: today).")
        parser.add_argument(
            "--base-url",
            default=getattr(settings, "REMINDERS_BASE_URL", "http://127.0.0.1:8000"),
            help="Where the admin is served, for the links in the e-mails.",
        )
        parser.add_argument("--dry-run", action="store_true", help="Only say what would be sent.")
        parser.add_argument(
            "--queue",
            action="store_true",
            help="Run as a background job (intl_office.jobs); its page keeps the outcome.",
        )

    def handle(self, *args, date, base_url, dry_run, queue=False, **options):
        today = None
        if date:
            try:
                today = datetime.date.fromisoformat(date)
            except ValueError:
                raise CommandError(f"--date: '{date}' is not a date like 2026-03-01.") from None
        connection = None if dry_run else get_connection()
        # The console (and file) and dummy backends "succeed" without delivering anything: recording reminders
        # as sent through them outside development would mean nobody is ever told.
        if not settings.DEBUG and isinstance(connection, (ConsoleBackend, DummyBackend)):
            raise CommandError(
                f"E-mail is not set up: the backend {settings.EMAIL_BACKEND} delivers nothing, so no reminder "
                "was sent or recorded. Leave DJANGO_EMAIL_BACKEND unset (SMTP) and set DJANGO_EMAIL_HOST, "
                "DJANGO_EMAIL_PORT and the login (see .env.example), or use --dry-run to see what is due."
            )
        if queue and not dry_run:
            job = queue_reminder_run(today, base_url)
            self.stdout.write(f"Job {job.pk}: {job.get_state_display()}. {job.message}".strip())
            if job.state == job.State.FAILED:
                raise CommandError(job.message)
            return
        result = send_reminders(today, base_url=base_url, connection=connection, dry_run=dry_run)
        verb = "Would send" if dry_run else "Sent"
        for recipient, count in sorted(result.sent.items()):
            self.stdout.write(f"{verb} {count} item(s) to {recipient}.")
        for recipient, error in sorted(result.failed.items()):
            self.stderr.write(self.style.ERROR(f"Could not send to {recipient}: {error} (will retry next run)."))
        if result.unaddressed:
            self.stderr.write(
                self.style.WARNING(
                    f"{len(result.unaddressed)} due item(s) have no unit contact e-mail; "
                    "they are listed on the admin's front page."
                )
            )
        self.stdout.write(
            f"{sum(result.sent.values())} item(s) {'to send' if dry_run else 'sent'}, "
            f"{result.already_sent} already sent before."
        )
        if result.failed:
            raise CommandError(f"Sending failed for {len(result.failed)} recipient(s).")
