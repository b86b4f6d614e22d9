"""Import a CSV or XLSX file of one kind of record: the office's first migration, or a large update.

    python manage.py import_records institutions partners.xlsx --dry-run
    python manage.py import_records students students.csv --user li.wei

Kinds, in the order a first migration needs them: institutions, agreements, programs, students, outbound, experts,
appointments, delegations. The file is imported whole or not at all; every run is recorded in the import log.
"""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from intl_office.importing import KINDS, run_import


class Command(BaseCommand):
    help = "Import a CSV or XLSX file of institutions, agreements, programs, students, outbound, experts, ..."

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=list(KINDS))
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="Check and preview; write nothing.")
        parser.add_argument("--user", help="Import as this user (needs the import permission); logged as the importer.")
        parser.add_argument(
            "--accept-similar",
            action="store_true",
            help="Create institutions even when their names look like existing ones (after checking the warnings).",
        )

    def handle(self, *args, kind, file, dry_run, user, accept_similar, **options):
        importer = None
        if user:
            try:
                importer = get_user_model().objects.get_by_natural_key(user)
            except get_user_model().DoesNotExist:
                raise CommandError(f"No user '{user}'.") from None
        try:
            data = file.read_bytes()
        except OSError as e:
            raise CommandError(f"Cannot read {file}: {e.strerror}.") from None
        try:
            report = run_import(kind, data, file.name, user=importer, dry_run=dry_run, accept_similar=accept_similar)
        except PermissionDenied as e:
            raise CommandError(str(e)) from None

        for warning in report.warnings:
            self.stderr.write(self.style.WARNING(f"Similar name: {warning}"))
        if report.errors:
            for error in report.errors:
                self.stderr.write(self.style.ERROR(error))
            raise CommandError(f"{len(report.errors)} problem(s) in {file.name}; nothing was imported.")
        if report.warnings and not accept_similar:
            raise CommandError(
                "Some new institutions look like existing ones; nothing was imported. Fix the names, "
                "or run again with --accept-similar if they really are different institutions."
            )
        counts = f"{report.created} new, {report.updated} updated, {report.skipped} unchanged"
        if dry_run:
            self.stdout.write(f"Dry run, nothing written: {counts}.")
        else:
            self.stdout.write(self.style.SUCCESS(f"Imported {file.name}: {counts}."))
