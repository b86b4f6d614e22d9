"""Benchmark: the public pages with the worst query parameters, on the demo data, capped and (for ?q=) uncapped.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/io_bench .venv/bin/python bench/public_queries.py
    .venv/bin/python bench/public_queries.py            # SQLite in /tmp/intl-office-bench.sqlite3

Creates the database if needed, migrates it and loads the demo data (reused on later runs), then requests each case
through Django's test client (the whole stack: middleware, view, queries, template; no network) --repeat times
and prints the status and median seconds. The search cases run twice: with the settings' caps
(``PUBLIC_SEARCH_MAX_CHARACTERS``/``PUBLIC_SEARCH_MAX_WORDS``), and with ``search_words`` replaced by a plain
``split()``, which is how the search behaved before it had them. Not part of the test suite; results in
docs/benchmarks.md.
"""

import argparse
import logging
import os
import statistics
import sys
import time
from pathlib import Path
from unittest import mock
from urllib.parse import quote, urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "intl_office.settings")
os.environ.setdefault("DJANGO_SECRET_KEY", "benchmark-only-secret-key")
os.environ.setdefault("DJANGO_DEBUG", "false")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver")
os.environ.setdefault("DJANGO_STATICFILES_STORAGE", "django.contrib.staticfiles.storage.StaticFilesStorage")
os.environ.setdefault("DATABASE_URL", "sqlite:////tmp/intl-office-bench.sqlite3")

WORDS = "rail engineering exchange leuven summer materials logistics transport beijing double "
# Ten one-letter words, each found in nearly every program: the most work a search within the caps can ask for.
TEN_COMMON = "a e i o n r s t l u"

# Each search, and whether to time it without the caps too (20,000 words would take minutes to build).
SEARCHES = {
    "q: 10 common one-letter words": (TEN_COMMON, True),
    "q: 1,000 words (10 different)": (WORDS * 100, True),
    "q: 1,900 words (10 different)": (WORDS * 190, True),
    "q: 1,000 different words": (" ".join(f"word{n}" for n in range(1_000)), True),
    "q: 1,900 different words": (" ".join(f"w{n}" for n in range(1_900)), True),
    "q: 20,000 one-letter words": ("a " * 20_000, False),
    "q: 100,000 characters, one word": ("a" * 100_000, True),
    "q: 5,000 emoji": ("🚆" * 5_000, True),
}
OTHERS = {
    "/programs/?partner=<100,000 characters>": ("/programs/", "partner=" + "a" * 100_000),
    "/programs/?page=<5,000 digits>": ("/programs/", "page=" + "9" * 5_000),
    "/programs/?every filter=NUL": (
        "/programs/",
        "&".join(f"{p}=%00" for p in ("q", "kind", "level", "country", "partner", "discipline", "language")),
    ),
    "/partners/?country=<100,000 characters>": ("/partners/", "country=" + "a" * 100_000),
    "/?year=<5,000 digits>": ("/", "year=" + "9" * 5_000),
    "/zh-hans/?year=2013 repeated 900 times": ("/zh-hans/", "&".join(["year=2013"] * 900)),
    "/sitemap.xml?p=<5,000 digits>": ("/sitemap.xml", "p=" + "9" * 5_000),
    "/partners/<slug>/?x=<100,000 characters>": (None, "x=" + "a" * 100_000),
}


def ensure_database(url: str) -> None:
    if not url.startswith(("postgres://", "postgresql://")):
        return
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


def timed(client, path: str, query: str, repeat: int) -> tuple[int | str, float]:
    times, status = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        try:
            status = client.get(path, QUERY_STRING=query).status_code
        except Exception as error:
            status = type(error).__name__
        times.append(time.perf_counter() - started)
    return status, statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--uncapped-repeat", type=int, default=1, help="runs of each search without the caps")
    args = parser.parse_args()
    ensure_database(os.environ["DATABASE_URL"])

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from partners.models import Institution
    from programs.models import Program

    # The caps-lifted runs answer 500 on purpose: no traceback per run.
    logging.getLogger("django.request").setLevel(logging.CRITICAL + 1)
    call_command("migrate", verbosity=0)
    if not Program.objects.exists():
        call_command("load_demo", verbosity=0)
    client = Client(raise_request_exception=False)
    client.get("/programs/")  # warm-up: imports, templates, first queries
    print(
        f"{connection.vendor} {connection.settings_dict['NAME']}: {Program.objects.published().count()} published "
        f"programs, {Institution.objects.counted().count()} partners; median of {args.repeat} runs "
        f"({args.uncapped_repeat} without the caps)"
    )
    print(f"{'case':48} {'capped':>16} {'caps lifted':>20}")
    for label, (words, uncapped) in SEARCHES.items():
        query = "q=" + quote(words, safe="")
        status, seconds = timed(client, "/programs/", query, args.repeat)
        before = "(not run)"
        if uncapped:
            with mock.patch("intl_office.site.program_filters.search_words", lambda text: (text.split(), False)):
                old_status, old_seconds = timed(client, "/programs/", query, args.uncapped_repeat)
            before = f"{old_status!s:>5} {old_seconds:8.3f} s"
        print(f"{label:48} {status!s:>5} {seconds:8.3f} s {before:>20}", flush=True)
    partner = Institution.objects.counted().order_by("slug").first()
    for label, (path, query) in OTHERS.items():
        status, seconds = timed(client, path or partner.get_absolute_url(), query, args.repeat)
        print(f"{label:48} {status!s:>5} {seconds:8.3f} s")


if __name__ == "__main__":
    main()
