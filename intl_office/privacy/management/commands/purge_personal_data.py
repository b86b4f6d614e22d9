"""``manage.py purge_personal_data [--dry-run] [--before DATE]``: anonymises the people who left long ago.

Students whose stay ended, and experts whose last appointment ended, more than PERSONAL_DATA_RETENTION_YEARS
years ago (or before ``--before``) lose their personal data and files; their names become a pseudonym; the figures
of every year stay as they were (``intl_office.privacy.retention``). Run it yearly or monthly from cron.
"""

import datetime

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from intl_office.privacy.retention import cutoff, purge


class Command(BaseCommand):
    help = "Anonymise students and experts gone for longer than the retention period (PERSONAL_DATA_RETENTION_YEARS)."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Report what would be done; change nothing.")
        parser.add_argument(
            "--before",
            help="Anonymise people gone before this day (YYYY-MM-DD) instead of the retention period's cut-off. "
            "It cannot be later than the cut-off.",
        )

    def handle(self, *args, dry_run=False, before=None, **options):
        latest = cutoff()
        if before:
            try:
                day = datetime.date.fromisoformat(before)
            except ValueError:
                raise CommandError(f"--before must be a date written YYYY-MM-DD, not {before!r}.") from None
            if day > latest:
                # Personal data is kept for the retention period: an earlier purge needs a change of the setting.
                raise CommandError(
                    f"--before {day} is within the retention period of {settings.PERSONAL_DATA_RETENTION_YEARS} "
                    f"years: the latest day allowed is {latest}."
                )
        else:
            day = latest
        report = purge(day, dry_run=dry_run)
        verb = "Would anonymise" if dry_run else "Anonymised"
        self.stdout.write(f"People gone before {day}:")
        for label, count in report.people.items():
            self.stdout.write(f"  {verb} {count} {label}")
        self.stdout.write(f"  {'Would clear' if dry_run else 'Cleared'} {len(report.files)} files of theirs")
        self.stdout.write(f"  {'Would clear' if dry_run else 'Cleared'} {report.searches_cleared} logged searches")
        self.stdout.write(f"{'Would remove' if dry_run else 'Removed'} {len(report.orphans)} orphaned files:")
        for name in report.orphans:
            self.stdout.write(f"  {name}")
        if dry_run:
            self.stdout.write(self.style.WARNING("Dry run: nothing was changed."))
        else:
            self.stdout.write(self.style.SUCCESS(f"Done; logged as purge #{report.run.pk}."))
