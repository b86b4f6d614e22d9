"""Deletes finished jobs older than JOBS_KEEP_HOURS (a day by default) and their files. Run it hourly from cron, or
let the worker's beat (`celery -A intl_office.jobs.celery worker -B`) do it."""

from django.core.management.base import BaseCommand

from intl_office.jobs.purge import purge


class Command(BaseCommand):
    help = "Delete finished background jobs past the keeping time, and their files."

    def handle(self, *args, **options):
        self.stdout.write(f"{purge()} job(s) removed.")
