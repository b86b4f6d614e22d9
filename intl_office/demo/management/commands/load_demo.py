"""Load the demo data set whose figures match BJTU's international overview.

Safe to run again: only missing rows are created, existing ones are never changed.
"""

import time

from django.core.management.base import BaseCommand
from django.db import transaction

from intl_office.demo import loader
from intl_office.demo.common import FIGURES_YEAR
from intl_office.site import figures


class Command(BaseCommand):
    help = (
        "Create the synthetic demo records (partners, agreements, programs, students, delegations, experts) "
        "whose figures match BJTU's international overview. Creates only what is missing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Report what would be created, then roll everything back."
        )

    def handle(self, *args, dry_run=False, **options):
        started = time.monotonic()
        with transaction.atomic():
            created = loader.load()
            summary = self._figures()
            if dry_run:
                transaction.set_rollback(True)
        total = sum(created.values())
        if total:
            details = ", ".join(f"{n} {name.replace('_', ' ')}" for name, n in created.items() if n)
            verb = "Would create" if dry_run else "Created"
            self.stdout.write(self.style.SUCCESS(f"{verb} {total} demo rows: {details}."))
        else:
            self.stdout.write(self.style.SUCCESS("Demo data already complete: nothing to create."))
        self.stdout.write(summary)
        self.stdout.write(f"Done in {time.monotonic() - started:.1f} s.")

    def _figures(self) -> str:
        partners = figures.partner_figures()
        students = figures.student_figures()
        year = figures.year_figures(FIGURES_YEAR)
        talent = figures.talent_figures()
        return "\n".join(
            [
                f"  Partners: {partners.institutions} institutions from {partners.countries} countries and regions; "
                f"{partners.universities_any_mobility} universities with mobility agreements in force.",
                f"  International students: {students.current} now from {students.current_countries} countries; "
                f"{students.received} received from {students.received_countries}.",
                f"  {year.year}: {year.inbound_delegation_person_times} visiting person-times, "
                f"{year.outbound_students} students abroad ({year.outbound_through_agreements} through agreements, "
                f"{year.outbound_after_graduation} after graduation), {year.overseas_students} overseas students, "
                f"{year.long_term_foreign_teachers} long-term foreign teachers.",
                f"  Talent programs approved since {talent.since}: {talent.approved}.",
            ]
        )
