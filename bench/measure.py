"""The in-process measurements of `make bench` (bench/run.py runs this and prints the table).

    DATABASE_URL=postgres://... python bench/measure.py --out result.json [--repeat 5] [--export-rows 100000]
        [--import-rows 1000] [--pair-url postgres://.../large] [--no-pages] [--only NAME ...]

Through Django's test client (middleware, view, queries, template; no network): each page of bench/pages.py once to
count its queries (a first visit: empty cache), then --repeat times for the median latency; /robots.txt the same way,
as the bare view. With --pair-url, each page on both databases, taking turns. With --export-rows: the student list's
CSV and XLSX exports (the admin's own code, every byte consumed) against PostgreSQL's COPY of the same SELECT; with
--import-rows: a dry-run import of that many students from the list's own CSV export (the admin's preview:
validation, similar names, the log entry), the median of up to 5 runs. --only measures the pages whose names contain
one of the words given (a quicker look at a few pages).
"""

import argparse
import json
import os
import statistics
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "intl_office.settings")
os.environ.setdefault("DJANGO_SECRET_KEY", "benchmark-only-secret-key")
os.environ.setdefault("DJANGO_DEBUG", "false")
os.environ.setdefault("DJANGO_SECURE_COOKIES", "false")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")


def timed(function, repeat: int) -> float:
    """Median milliseconds of ``repeat`` runs, after one untimed run."""
    return taking_turns({"run": function}, repeat)["run"]


def taking_turns(runs: dict, repeat: int) -> dict:
    """Median milliseconds of ``repeat`` runs of each function, one after the other in turn, after one untimed round:
    whatever else the machine is doing at a moment weighs on every function alike."""
    times = {name: [] for name in runs}
    for round_ in range(repeat + 1):
        for name, run in runs.items():
            started = time.perf_counter()
            run()
            if round_:
                times[name].append((time.perf_counter() - started) * 1000)
    return {name: statistics.median(values) for name, values in times.items()}


def measure_pages(repeat: int, pair_url: str = "", only: list[str] | None = None) -> dict:
    """Each page's query count, rows shown and first visit, then its median latency over ``repeat`` visits.

    With ``pair_url`` (the large database), each page is measured on both databases in the same minute: the two
    first visits, then visits taking turns, one on each database, so that whatever else the machine is doing at that
    moment weighs on both sides of the ratio alike. Measured one database after the other, minutes apart, a 2-core
    VM's changing load moved single pages' ratios by 0.3 from run to run. Returns ``{"small": ..., "large": ...}``
    then, else the one database's pages."""
    from django.contrib.contenttypes.models import ContentType
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from bench.pages import admin_pages, public_pages
    from intl_office.accounts import middleware as session_limits

    sides = {"small": _Side(_connection("default"))}
    if pair_url:
        sides["large"] = _Side(_connection("default", pair_url))
        _same_content_types(sides.values())
    for side in sides.values():
        with side.active():
            side.sign_in()
            side.pages = {page.name: page for page in public_pages() + admin_pages()}
    names = [name for name in sides["small"].pages if not only or any(part in name for part in only)]
    results = {key: {} for key in sides}
    bare = {}
    for key, side in sides.items():
        with side.active():
            bare[key] = timed(lambda side=side: side.public.get("/robots.txt"), repeat)
    for name in names:
        visits = {}
        for key, side in sides.items():
            page = side.pages[name]
            client = side.admin if page.area == "admin" else side.public
            with side.active():
                # A first visit: no cached figures, content types read afresh (they are cached per process, so the
                # other database's visit would otherwise have read them for this one).
                cache.clear()
                ContentType.objects.clear_cache()
                # The session's once-a-minute last-seen write would add three queries to whichever page it lands on.
                with (
                    mock.patch.object(session_limits, "SEEN_RESOLUTION", 3600),
                    CaptureQueriesContext(connection) as queries,
                ):
                    started = time.perf_counter()
                    response = client.get(page.path)
                    first_ms = (time.perf_counter() - started) * 1000
            visits[key] = lambda side=side, client=client, page=page: side.visit(client, page.path)
            results[key][name] = {
                "path": page.path,
                "status": response.status_code,
                "queries": len(queries),
                # The records an admin list shows (one checkbox each): a list of 12 at 1x shows 50 at 100x, and each
                # row costs its rendering, so its time grows until the page is full, then stays.
                "rows": response.content.count(b'name="_selected_action"'),
                # The first visit after the cache was emptied (as after a write): nothing kept, every figure counted.
                "first_ms": first_ms,
                "bare_ms": bare[key],
            }
        for key, ms in taking_turns(visits, repeat).items():
            results[key][name]["ms"] = ms
    return results if pair_url else results["small"]


class _Side:
    """One database, its connection, its own cache keys (with Redis configured, both databases would share one
    cache), and a signed-in and an anonymous client of its own (sessions are stored in the database)."""

    def __init__(self, wrapper):
        self.wrapper = wrapper
        self.cache_prefix = f"bench-{wrapper.settings_dict['NAME']}"

    @contextmanager
    def active(self):
        from django.core.cache import cache
        from django.db import connections

        previous, previous_prefix = connections["default"], cache.key_prefix
        connections["default"], cache.key_prefix = self.wrapper, self.cache_prefix
        try:
            yield
        finally:
            connections["default"], cache.key_prefix = previous, previous_prefix

    def visit(self, client, path: str):
        with self.active():
            return client.get(path)

    def sign_in(self):
        from django.contrib.auth import get_user_model
        from django.test import Client

        from tests.factories import force_login

        user, _ = get_user_model().objects.get_or_create(
            username="bench-superuser", defaults={"is_staff": True, "is_superuser": True}
        )
        self.admin, self.public = Client(), Client()
        force_login(self.admin, user)


def _connection(alias: str, url: str = ""):
    """The alias's connection, or with ``url`` a second one like it (the same options) to another database."""
    from django.db import connections

    default = connections[alias]
    if not url:
        return default
    import environ

    target = environ.Env.db_url_config(url)
    settings_dict = {
        **default.settings_dict,
        **{key: target[key] for key in ("NAME", "USER", "PASSWORD", "HOST", "PORT")},
    }
    return type(default)(settings_dict, alias)


def _same_content_types(sides) -> None:
    """Content types are cached per process, by key: the two databases must number them alike."""
    from django.contrib.contenttypes.models import ContentType

    seen = []
    for side in sides:
        with side.active():
            seen.append(list(ContentType.objects.order_by("pk").values_list("pk", "app_label", "model")))
    if any(types != seen[0] for types in seen):
        raise SystemExit("The two databases number their content types differently: migrate both afresh.")


def measure_exports(rows: int, repeat: int) -> dict:
    import tracemalloc

    from django.contrib.auth import get_user_model
    from django.db import connection, transaction

    from bench.export_students import Sink
    from intl_office.imports.list_export import ListExport
    from students.models import InternationalStudent

    user = get_user_model().objects.get(username="bench-superuser")
    pks = InternationalStudent.objects.order_by("pk").values_list("pk", flat=True)
    last = pks[min(rows, pks.count()) - 1]
    queryset = InternationalStudent.objects.filter(pk__lte=last)
    count = queryset.count()

    def app(file_format):
        def run():
            with transaction.atomic():
                response = ListExport(InternationalStudent, user).response(queryset, file_format)
                sink = Sink()
                for chunk in response.streaming_content:
                    sink.write(chunk)
                response.close()
                transaction.set_rollback(True)  # no export log entry left behind

        return run

    def copy():
        export = ListExport(InternationalStudent, user)
        select = export.prepare(queryset).values_list(*[c.path for c in export.columns])
        sql, params = select.query.sql_with_params()
        with connection.cursor() as cursor:
            raw = cursor.cursor
            raw.copy_expert(f"COPY ({raw.mogrify(sql, params).decode()}) TO STDOUT WITH CSV HEADER", Sink())

    # Taking turns, as the pages do: the machine's load at that moment weighs on COPY and the exports alike.
    medians = taking_turns({"copy": copy, "csv": app("csv"), "xlsx": app("xlsx")}, repeat)
    result = {"rows": count, **{f"{name}_ms": ms for name, ms in medians.items()}}
    for file_format in ("csv", "xlsx"):
        tracemalloc.start()
        app(file_format)()
        result[f"{file_format}_peak_mb"] = tracemalloc.get_traced_memory()[1] / 1e6
        tracemalloc.stop()
    return result


def measure_import(rows: int, repeat: int) -> dict:
    """A dry run of the student list's own CSV export, read back as an import: the existing rows it finds are
    updates; with their student numbers changed, new rows. Medians of ``repeat`` runs of each, taking turns: measured
    once, a bench run gave 719 and 144 rows/s and the same measurement minutes later 3,133 and 1,284."""
    import csv
    import io

    from django.contrib.auth import get_user_model

    from bench.export_students import Sink  # noqa: F401  (same helpers as the export benchmark)
    from intl_office.imports import engine
    from intl_office.imports.list_export import ListExport
    from students.models import InternationalStudent

    user = get_user_model().objects.get(username="bench-superuser")
    queryset = InternationalStudent.objects.order_by("-pk")[:rows]
    queryset = InternationalStudent.objects.filter(pk__in=list(queryset.values_list("pk", flat=True)))
    response = ListExport(InternationalStudent, user).response(queryset, "csv")
    data = b"".join(response.streaming_content)
    response.close()
    table = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    header, body = table[0], table[1:]
    files, errors = {}, {}
    for label, rows_ in (("existing", body), ("new", _as_new(header, body))):
        out = io.StringIO()
        csv.writer(out).writerows([header, *rows_])
        files[label] = (len(rows_), out.getvalue().encode())

    def run(label):
        report = engine.run_import("students", files[label][1], "bench.csv", dry_run=True)
        errors[label] = len(report.errors)

    medians = taking_turns({label: lambda label=label: run(label) for label in files}, repeat)
    return {
        label: {"rows": count, "seconds": medians[label] / 1000, "errors": errors[label]}
        for label, (count, _data) in files.items()
    }


def _as_new(header: list[str], body: list[list[str]]) -> list[list[str]]:
    """The rows as students not stored yet: no student number, another passport number."""
    lowered = [name.lower() for name in header]
    changed = []
    for row in body:
        row = list(row)
        for i, name in enumerate(lowered):
            if "student number" in name:
                row[i] = ""
            elif name == "passport number" and row[i]:
                row[i] = "NEW" + row[i]
            elif "family name" in name:
                row[i] = row[i] + "x"
        changed.append(row)
    return changed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", required=True)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--export-rows", type=int, default=0)
    parser.add_argument("--import-rows", type=int, default=0)
    parser.add_argument(
        "--pair-url", default="", help="A second database: each page is measured on both, taking turns."
    )
    parser.add_argument("--no-pages", action="store_true", help="Only the exports and the import.")
    parser.add_argument("--only", nargs="*", default=[], help="Only the pages whose names contain one of these.")
    args = parser.parse_args()
    import django

    django.setup()
    result = {}
    if args.pair_url:
        result["paired_pages"] = measure_pages(args.repeat, args.pair_url, args.only)
    elif not args.no_pages:
        result["pages"] = measure_pages(args.repeat, only=args.only)
    if args.export_rows:
        result["exports"] = measure_exports(args.export_rows, min(args.repeat, 5))
    if args.import_rows:
        result["import"] = measure_import(args.import_rows, min(args.repeat, 5))
    Path(args.out).write_text(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
