"""Benchmark: importing students from the app's own CSV export, validation and history included, in rows per second.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/h10bench .venv/bin/python bench/import_history.py [--rows 10000]

Creates the database if needed and migrates it; fills it with --rows international students (bulk, with their
baseline history), exports them with the admin's "Export selected as CSV" (``ListExport``, a superuser: every
column), then times, --repeat times each:

- **update**: the export with every e-mail changed, imported for real (``run_import(dry_run=False)``, as the admin's
  confirm step): every row validated, every record updated, one historical row each (via import, linked to the log);
- **create**: the students deleted, the same file imported again: every record created, with its history row.

It prints rows per second for each (the goal is at least 1,000) and checks that each import wrote one historical
row per record. Not part of the test suite; the figures are quoted in docs/benchmarks.md ("Imports and history").
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "intl_office.settings")
os.environ.setdefault("DJANGO_SECRET_KEY", "benchmark-only-secret-key")
os.environ.setdefault("DJANGO_DEBUG", "false")


def exported_csv(user) -> bytes:
    from intl_office.imports.list_export import ListExport
    from students.models import InternationalStudent

    response = ListExport(InternationalStudent, user).response(InternationalStudent.objects.all(), "csv")
    return b"".join(response.streaming_content)


def with_new_emails(data: bytes, round_: int) -> bytes:
    """The file with every e-mail changed (a new address per run, so every row is an update)."""
    import csv
    import io

    text = data.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    column = next(i for i, header in enumerate(rows[0]) if header.strip().lower() in ("email", "e-mail"))
    for row in rows[1:]:
        row[column] = row[column].replace("@", f"+r{round_}@", 1)
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode("utf-8")


CPU_SECONDS = []


def timed_import(data: bytes, user) -> tuple[float, object]:
    from intl_office.imports.engine import run_import

    started, cpu = time.perf_counter(), time.process_time()
    report = run_import("students", data, "students.csv", user=user, dry_run=False)
    seconds = time.perf_counter() - started
    CPU_SECONDS.append(time.process_time() - cpu)
    if report.errors:
        sys.exit("import refused: " + "; ".join(report.errors[:5]))
    return seconds, report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit("Set DATABASE_URL to a PostgreSQL database, e.g. postgres://postgres@127.0.0.1:5432/h10bench")
    from export_students import ensure_database, fill

    ensure_database(url)

    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from intl_office.core.history import Via, write_baseline
    from students.models import InternationalStudent

    settings.IMPORT_MAX_ROWS = max(settings.IMPORT_MAX_ROWS, args.rows)
    call_command("migrate", verbosity=0)
    InternationalStudent.objects.all().delete()
    InternationalStudent.history.all().delete()
    fill(args.rows)
    write_baseline(InternationalStudent, via=Via.COMMAND)
    user, _ = get_user_model().objects.get_or_create(
        username="bench-importer", defaults={"is_staff": True, "is_superuser": True}
    )
    export = exported_csv(user)
    history = InternationalStudent.history

    updates, creates = [], []
    for round_ in range(args.repeat):
        before = history.count()
        seconds, report = timed_import(with_new_emails(export, round_), user)
        assert report.updated == args.rows, report.updated
        assert history.filter(via=Via.IMPORT, import_log=report.log).count() == args.rows
        assert history.count() - before == args.rows
        updates.append(seconds)

        InternationalStudent.objects.all().delete()
        seconds, report = timed_import(export, user)
        assert report.created == args.rows, report.created
        assert history.filter(via=Via.IMPORT, import_log=report.log, history_type="+").count() == args.rows
        creates.append(seconds)

    update, create = statistics.median(updates), statistics.median(creates)
    size = len(export) / 1e6
    print(f"rows:                         {args.rows:,} students, from the app's CSV export ({size:.1f} MB)")
    print(f"import, every row an update:  {update:.2f} s = {args.rows / update:,.0f} rows/s (median of {args.repeat})")
    print(f"import, every row new:        {create:.2f} s = {args.rows / create:,.0f} rows/s (median of {args.repeat})")
    print("goal: at least 1,000 rows/s, validation and history included")
    # On a shared machine the wall clock includes waiting for a core: the Python process's own CPU time and the
    # load average say how much.
    print(
        f"Python CPU time per import:   {statistics.median(CPU_SECONDS):.2f} s (median); load average "
        f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
    )


if __name__ == "__main__":
    main()
