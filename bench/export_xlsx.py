"""Benchmark: the student list's XLSX export against PostgreSQL's COPY of the same rows, and against openpyxl.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/intl_office_bench_100x .venv/bin/python bench/export_xlsx.py

On an existing database (the 100x benchmark database: nothing is migrated or filled, and every write, the export
log and the user the script exports as, is rolled back), for the first --rows students by id, in the same run:

- ``COPY (<the export's own SELECT>) TO STDOUT WITH CSV HEADER``, as bench/measure.py times it;
- the admin's "Export selected as Excel (XLSX)" (``ListExport(...).response(queryset, "xlsx")``, every byte read):
  on PostgreSQL the database writes the rows' XML (intl_office.imports.sql_rows);
- the same sheet written by openpyxl, the path every export took before (``exports.xlsx_response`` over
  ``ListExport.xlsx_rows``), --openpyxl-repeat times (about a minute each at 100,000 rows; 0 leaves it out);
- the CSV export, for reference.

Each figure is the median of --repeat runs after one untimed run; then the XLSX export's peak Python memory
(tracemalloc) at --rows and at twice as many (as far as the database has them), to show it does not grow with
the rows. Not part of the test suite.
"""

import argparse
import os
import resource
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "intl_office.settings")
os.environ.setdefault("DJANGO_SECRET_KEY", "benchmark-only-secret-key")
os.environ.setdefault("DJANGO_DEBUG", "false")


def median_seconds(function, repeat: int) -> tuple[float, int]:
    size = function()
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        size = function()
        times.append(time.perf_counter() - started)
    return statistics.median(times), size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--openpyxl-repeat", type=int, default=1)
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        sys.exit("Set DATABASE_URL to a PostgreSQL database holding students, e.g. the 100x benchmark database")

    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connection, transaction

    from bench.export_students import Sink
    from intl_office.core import spreadsheets as exports
    from intl_office.imports.list_export import ListExport
    from students.models import InternationalStudent

    def consume(response) -> int:
        sink = Sink()
        for chunk in response.streaming_content:
            sink.write(chunk)
        return sink.bytes

    with transaction.atomic():
        user = get_user_model().objects.create(username="bench-xlsx-exporter", is_staff=True, is_superuser=True)
        ids = InternationalStudent.objects.order_by("pk").values_list("pk", flat=True)

        def first(rows):
            return InternationalStudent.objects.filter(pk__lte=ids[min(rows, ids.count()) - 1])

        queryset = first(args.rows)
        count = queryset.count()

        def copy() -> int:
            export = ListExport(InternationalStudent, user)
            select = export.prepare(queryset).values_list(*[c.path for c in export.columns])
            sql, params = select.query.sql_with_params()
            sink = Sink()
            with connection.cursor() as cursor:
                raw = cursor.cursor
                raw.copy_expert(f"COPY ({raw.mogrify(sql, params).decode()}) TO STDOUT WITH CSV HEADER", sink)
            return sink.bytes

        def app(file_format, rows=queryset):
            def run() -> int:
                return consume(ListExport(InternationalStudent, user).response(rows, file_format))

            return run

        def by_openpyxl() -> int:
            export = ListExport(InternationalStudent, user)
            sheet = exports.Sheet(title="students", header=export.header, rows=export.xlsx_rows(queryset))
            return consume(exports.xlsx_response("students.xlsx", [sheet]))

        copy_s, copy_bytes = median_seconds(copy, args.repeat)
        xlsx_s, xlsx_bytes = median_seconds(app("xlsx"), args.repeat)
        csv_s, csv_bytes = median_seconds(app("csv"), args.repeat)
        old_s = None
        if args.openpyxl_repeat:
            old_s, old_bytes = median_seconds(by_openpyxl, args.openpyxl_repeat)

        peaks = {}
        # Past SPOOL_MAX_BYTES (8 MB) the file goes to disk: the spool is the most a file holds in memory.
        for rows in (count, 2 * count):
            tracemalloc.start()
            app("xlsx", first(rows))()
            peaks[rows] = tracemalloc.get_traced_memory()[1] / 1e6
            tracemalloc.stop()
        transaction.set_rollback(True)

    columns = len(ListExport(InternationalStudent, user).columns)
    print(f"rows: {count:,} x {columns} columns; medians of {args.repeat} (openpyxl: {args.openpyxl_repeat})")
    print(f"PostgreSQL COPY        {copy_s * 1000:9.0f} ms   1.0x  ({copy_bytes / 1e6:.1f} MB of CSV)")
    print(f"XLSX (database rows)   {xlsx_s * 1000:9.0f} ms  {xlsx_s / copy_s:4.1f}x  ({xlsx_bytes / 1e6:.1f} MB file)")
    if old_s is not None:
        print(f"XLSX (openpyxl)        {old_s * 1000:9.0f} ms  {old_s / copy_s:4.1f}x  ({old_bytes / 1e6:.1f} MB file)")
    print(f"CSV                    {csv_s * 1000:9.0f} ms  {csv_s / copy_s:4.1f}x  ({csv_bytes / 1e6:.1f} MB)")
    for rows, peak in peaks.items():
        print(f"XLSX peak Python memory, {rows:,} rows asked: {peak:.1f} MB (tracemalloc)")
    print(f"max resident set size: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
