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
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from intl_office.imports.engine import run_import
from intl_office.imports.files import max_file_bytes
from intl_office.imports.kinds import KINDS

# What each row of the preview will do, in words.
ROW_ACTIONS = {
    "new": _("create"),
    "update": _("update"),
    "skip": _("unchanged"),
    "invalid": _("invalid"),
    "error": _("error"),
}


class Command(BaseCommand):
    # argparse formats help text itself and needs plain strings (a lazy translation crashes `--help`); Django
    # runs commands in English anyway.
    help = (
        "Import a CSV or XLSX file of one kind of record, whole or not at all. Kinds, in the order a first "
        "migration imports them: " + ", ".join(KINDS) + "."
    )

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=list(KINDS))
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--dry-run", action="store_true", help="Check and preview (every row is listed); write nothing."
        )
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
                raise CommandError(gettext("No user '%(user)s'.") % {"user": user}) from None
        try:
            # Never more than the size limit in memory: a bigger file is refused on its size.
            size = file.stat().st_size
            with file.open("rb") as handle:
                data = handle.read(max_file_bytes() + 1)
        except OSError as e:
            raise CommandError(
                gettext("Cannot read %(file)s: %(error)s.") % {"file": file, "error": e.strerror}
            ) from None
        try:
            report = run_import(
                kind, data, file.name, user=importer, dry_run=dry_run, accept_similar=accept_similar, size=size
            )
        except PermissionDenied as e:
            raise CommandError(str(e)) from None

        if dry_run or options["verbosity"] >= 2:
            # The preview: what each row would do, by its spreadsheet row number and the record it names.
            for row in report.rows:
                self.stdout.write(
                    gettext("row %(row)d: %(action)s %(record)s")
                    % {"row": row.line, "action": ROW_ACTIONS.get(row.action, row.action), "record": row.record}
                )
        for warning in report.warnings:
            self.stderr.write(self.style.WARNING(gettext("Similar name: %(warning)s") % {"warning": warning}))
        if report.errors:
            for error in report.errors:
                self.stderr.write(self.style.ERROR(error))
            raise CommandError(
                gettext("%(count)d problem(s) in %(file)s; nothing was imported.")
                % {"count": len(report.errors), "file": file.name}
            )
        if report.warnings and not accept_similar:
            raise CommandError(
                gettext(
                    "Some new institutions look like existing ones; nothing was imported. Fix the names, "
                    "or run again with --accept-similar if they really are different institutions."
                )
            )
        counts = gettext("%(created)d new, %(updated)d updated, %(skipped)d unchanged") % {
            "created": report.created,
            "updated": report.updated,
            "skipped": report.skipped,
        }
        if dry_run:
            self.stdout.write(gettext("Dry run, nothing written: %(counts)s.") % {"counts": counts})
        else:
            self.stdout.write(
                self.style.SUCCESS(gettext("Imported %(file)s: %(counts)s.") % {"file": file.name, "counts": counts})
            )
