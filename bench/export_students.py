"""Benchmark: the admin's streaming student CSV export against PostgreSQL's own COPY, in the same run.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/h4bench .venv/bin/python bench/export_students.py

Creates the database if needed, migrates it, fills it up to --rows international students (100,000 by default;
reused on later runs), then times, --repeat times each:

- the app: ``ListExport(InternationalStudent, user).response(queryset, "csv")``, the very code behind the admin's
  "Export selected as CSV" action, with every byte of its StreamingHttpResponse consumed;
- PostgreSQL: ``COPY (<the export's own SELECT>) TO STDOUT WITH CSV HEADER``: the same columns, joins and order.

It prints both medians, their ratio (the goal is at most 4x) and the export's peak memory: Python allocations
(tracemalloc, a separate untimed run) and the process's maximum resident set size. Not part of the test suite.
"""

import argparse
import os
import resource
import statistics
import sys
import time
import tracemalloc
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "intl_office.settings")
os.environ.setdefault("DJANGO_SECRET_KEY", "benchmark-only-secret-key")
os.environ.setdefault("DJANGO_DEBUG", "false")


class Sink:
    """Counts bytes instead of keeping them: what a client socket would do."""

    def __init__(self):
        self.bytes = 0

    def write(self, data):
        self.bytes += len(data)


def ensure_database(url: str) -> None:
    import psycopg2
    from psycopg2 import sql

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    conn = psycopg2.connect(
        host=parts.hostname, port=parts.port or 5432, user=parts.username, password=parts.password, dbname="postgres"
    )
    conn.autocommit = True
    with conn.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            print(f"created database {name}")
    conn.close()


def fill(rows: int) -> None:
    import datetime

    from experts.models import Expert  # noqa: F401  (all apps loaded)
    from intl_office.core.models import Unit
    from partners.models import Institution
    from programs.models import Program
    from students.models import InternationalStudent

    have = InternationalStudent.objects.count()
    if have >= rows:
        print(f"{have:,} students already there")
        return
    units = [
        Unit.objects.get_or_create(code=f"bench-unit-{n}", defaults={"name_en": f"Bench School {n}"})[0]
        for n in range(20)
    ]
    homes = [
        Institution.objects.get_or_create(
            slug=f"bench-university-{n}", defaults={"name_en": f"Bench University {n}", "country": "KZ"}
        )[0]
        for n in range(50)
    ]
    programs = [
        Program.objects.get_or_create(
            slug=f"bench-program-{n}",
            defaults={
                "title_en": f"Bench Program {n}",
                "kind": "student_exchange",
                "level": "master",
                "discipline": "engineering",
            },
        )[0]
        for n in range(10)
    ]
    nationalities = ["KZ", "RU", "KR", "PK", "TH", "VN", "MN", "FR", "DE", "US", "ET", "NG"]
    categories = [c.value for c in InternationalStudent.Category]
    started = time.perf_counter()
    batch = []
    for n in range(have, rows):
        batch.append(
            InternationalStudent(
                family_name=f"Family{n}",
                given_name=f"Given{n}",
                name_zh="学生" if n % 3 == 0 else "",
                nationality=nationalities[n % len(nationalities)],
                passport_number=f"BP{n:09d}",
                student_number=f"BS{n:09d}",
                date_of_birth=datetime.date(1990 + n % 15, 1 + n % 12, 1 + n % 28),
                email=f"student{n}@example.org",
                category=categories[n % len(categories)],
                program=programs[n % len(programs)] if n % 4 else None,
                home_institution=homes[n % len(homes)] if n % 2 else None,
                unit=units[n % len(units)],
                arrived_on=datetime.date(2005 + n % 20, 9, 1),
                departed_on=datetime.date(2009 + n % 20, 7, 1),
                status="enrolled",
            )
        )
        if len(batch) == 5000:
            InternationalStudent.objects.bulk_create(batch)
            batch = []
    InternationalStudent.objects.bulk_create(batch)
    print(f"created {rows - have:,} students in {time.perf_counter() - started:.1f} s")


def app_export(user) -> int:
    from intl_office.imports.list_export import ListExport
    from students.models import InternationalStudent

    response = ListExport(InternationalStudent, user).response(InternationalStudent.objects.all(), "csv")
    sink = Sink()
    for chunk in response.streaming_content:
        sink.write(chunk)
    response.close()
    return sink.bytes


def copy_export(user) -> int:
    from django.db import connection

    from intl_office.imports.list_export import ListExport
    from students.models import InternationalStudent

    export = ListExport(InternationalStudent, user)
    queryset = export.prepare(InternationalStudent.objects.all()).values_list(*[c.path for c in export.columns])
    select, params = queryset.query.sql_with_params()
    sink = Sink()
    with connection.cursor() as cursor:
        raw = cursor.cursor
        query = raw.mogrify(select, params).decode()
        raw.copy_expert(f"COPY ({query}) TO STDOUT WITH CSV HEADER", sink)
    return sink.bytes


def timed(funcs, user, repeat: int) -> list[tuple[float, int]]:
    """Median seconds and bytes of each function, runs interleaved so that load on the machine hits both alike."""
    times = [[] for _ in funcs]
    sizes = [0 for _ in funcs]
    for _ in range(repeat):
        for i, func in enumerate(funcs):
            started = time.perf_counter()
            sizes[i] = func(user)
            times[i].append(time.perf_counter() - started)
    return [(statistics.median(t), size) for t, size in zip(times, sizes, strict=True)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit("Set DATABASE_URL to a PostgreSQL database, e.g. postgres://postgres@127.0.0.1:5432/h4bench")
    ensure_database(url)

    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from students.models import InternationalStudent

    call_command("migrate", verbosity=0)
    fill(args.rows)
    # A superuser: every column, personal data included, like COPY.
    user, _ = get_user_model().objects.get_or_create(
        username="bench-exporter", defaults={"is_staff": True, "is_superuser": True}
    )
    rows = InternationalStudent.objects.count()

    app_export(user)  # warm-up: imports, first-query costs
    (copy_seconds, copy_bytes), (app_seconds, app_bytes) = timed([copy_export, app_export], user, args.repeat)

    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    tracemalloc.start()
    app_export(user)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

    print(f"rows:                      {rows:,}")
    print(f"PostgreSQL COPY:           {copy_seconds:.3f} s  ({copy_bytes / 1e6:.1f} MB)")
    print(f"app streaming CSV export:  {app_seconds:.3f} s  ({app_bytes / 1e6:.1f} MB, median of {args.repeat})")
    print(f"ratio (app / COPY):        {app_seconds / copy_seconds:.2f}x  (goal: at most 4x)")
    print(f"peak Python memory:        {peak / 1e6:.1f} MB  (tracemalloc, during one export)")
    print(
        f"max resident set size:     {rss_after / 1024:.0f} MB  (whole process; {rss_before / 1024:.0f} MB before "
        "the traced export)"
    )


if __name__ == "__main__":
    main()
