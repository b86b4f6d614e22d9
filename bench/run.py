"""`make bench`: the demo at 1x and at SCALE x on PostgreSQL, measured in one run, printed as one Markdown table.

    .venv/bin/python bench/run.py [--scale 100] [--seed S] [--small-db NAME] [--large-db NAME] [--repeat 11]

1. Builds or reuses the two databases: each is migrated, and filled by ``generate_data`` unless its comment says it
   was generated with the same scale and seed already.
2. Runs bench/measure.py on both (in process: query counts, median latencies, the bare view), each page on one
   database then the other, taking turns, so the machine's load at that moment weighs on both sides of a ratio; then
   on the large one the CSV and XLSX exports of 100,000 students against COPY, and an import of 1,000 students.
3. Serves the large database with gunicorn (2 workers) and loads `/robots.txt`, `/`, `/programs/` and `/partners/`
   in turn with locust in headless mode, counting requests per second and errors.
Timings belong here, never in the test suite.
"""

import argparse
import csv
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
BIN = Path(PYTHON).parent
SEED = 20131231
TARGET_MS = 300
TARGET_GROWTH = 1.5
TARGET_RPS = 100
LOAD_PATHS = ("/robots.txt", "/", "/programs/", "/partners/")


def env_for(db: str, host: str) -> dict:
    return {
        **os.environ,
        "DATABASE_URL": f"postgres://postgres@{host}/{db}",
        "DJANGO_SECRET_KEY": "benchmark-only-secret-key",
        "DJANGO_DEBUG": "false",
        "DJANGO_SECURE_COOKIES": "false",
        "DJANGO_ALLOWED_HOSTS": "testserver,127.0.0.1,localhost",
    }


def psql(host: str, db: str, sql: str) -> str:
    hostname, port = host.split(":")
    return subprocess.run(
        ["psql", "-h", hostname, "-p", port, "-U", "postgres", "-d", db, "-tAc", sql],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()


def prepare(db: str, scale: int, seed: int, host: str) -> None:
    if not psql(host, "postgres", f"SELECT 1 FROM pg_database WHERE datname = '{db}'"):
        psql(host, "postgres", f'CREATE DATABASE "{db}"')
    env = env_for(db, host)
    subprocess.run([PYTHON, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    marker = f"generate_data scale={scale} seed={seed}"
    comment = psql(
        host, db, "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = current_database()"
    )
    if comment == marker:
        print(f"{db}: reused ({marker})", file=sys.stderr)
        return
    started = time.monotonic()
    subprocess.run(
        [PYTHON, "manage.py", "generate_data", "--scale", str(scale), "--seed", str(seed)],
        cwd=ROOT,
        env=env,
        check=True,
    )
    print(f"{db}: generated at {scale}x in {time.monotonic() - started:.0f} s", file=sys.stderr)


def measure(db: str, host: str, repeat: int, extra: list[str]) -> dict:
    with tempfile.NamedTemporaryFile(suffix=".json") as out:
        subprocess.run(
            [PYTHON, "bench/measure.py", "--out", out.name, "--repeat", str(repeat), *extra],
            cwd=ROOT,
            env=env_for(db, host),
            check=True,
        )
        return json.loads(Path(out.name).read_text())


def load(db: str, host: str, seconds: int, users: int, port: int) -> dict:
    env = env_for(db, host)
    server = subprocess.Popen(
        [str(BIN / "gunicorn"), "intl_office.wsgi", "-w", "2", "-b", f"127.0.0.1:{port}", "--log-level", "warning"],
        cwd=ROOT,
        env=env,
    )
    results = {}
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/robots.txt", timeout=2)
                break
            except OSError:
                time.sleep(0.2)
        for path in LOAD_PATHS:
            with tempfile.TemporaryDirectory() as folder:
                prefix = f"{folder}/stats"
                subprocess.run(
                    [
                        str(BIN / "locust"), "-f", "bench/locustfile.py", "--headless", "--only-summary",
                        "-u", str(users), "-r", str(users), "-t", f"{seconds}s",
                        "--host", f"http://127.0.0.1:{port}", "--csv", prefix,
                    ],
                    cwd=ROOT,
                    env={**env, "BENCH_PATH": path},
                    check=False,
                    capture_output=True,
                )  # fmt: skip
                with open(f"{prefix}_stats.csv") as stats:
                    row = next(r for r in csv.DictReader(stats) if r["Name"] == "Aggregated")
                results[path] = {
                    "rps": float(row["Requests/s"]),
                    "requests": int(row["Request Count"]),
                    "errors": int(row["Failure Count"]),
                    "median_ms": float(row["Median Response Time"]),
                }
    finally:
        server.terminate()
        server.wait(timeout=30)
    return results


def verdict(ok: bool) -> str:
    return "met" if ok else "**NOT met**"


def shown(one: dict, big: dict) -> str:
    """The records an admin list shows at each size (blank for other pages)."""
    rows = (one.get("rows", 0), big.get("rows", 0))
    return f"{rows[0]} / {rows[1]}" if any(rows) else ""


def table(small: dict, large: dict, scale: int, loaded: dict) -> str:
    lines = [
        f"| page | queries 1x | queries {scale}x | median 1x | median {scale}x | {scale}x / 1x "
        f"| {scale}x / bare view | first visit 1x | first visit {scale}x | rows shown 1x / {scale}x | targets |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    missed = []
    for name, big in large["pages"].items():
        one = small["pages"][name]
        growth = big["ms"] / one["ms"] if one["ms"] else 0
        same = big["queries"] == one["queries"]
        fast = big["ms"] <= TARGET_MS and growth <= TARGET_GROWTH and big["status"] == 200
        if not (same and fast):
            missed.append(name)
        lines.append(
            f"| {name} | {one['queries']} | {big['queries']} | {one['ms']:.1f} ms | {big['ms']:.1f} ms "
            f"| {growth:.2f} | {big['ms'] / big['bare_ms']:.0f}x | {one.get('first_ms', 0):.0f} ms "
            f"| {big.get('first_ms', 0):.0f} ms | {shown(one, big)} | {verdict(same and fast)} |"
        )
    lines.append("")
    exports = large.get("exports")
    if exports:
        csv_ratio = exports["csv_ms"] / exports["copy_ms"]
        xlsx_ratio = exports["xlsx_ms"] / exports["copy_ms"]
        lines += [
            f"| export of {exports['rows']:,} students | time | / COPY | peak Python memory | target |",
            "|---|---|---|---|---|",
            f"| PostgreSQL COPY | {exports['copy_ms']:.0f} ms | 1.0 | | |",
            f"| CSV | {exports['csv_ms']:.0f} ms | {csv_ratio:.1f} | {exports['csv_peak_mb']:.1f} MB "
            f"| ≤ 3x: {verdict(csv_ratio <= 3)} |",
            f"| XLSX | {exports['xlsx_ms']:.0f} ms | {xlsx_ratio:.1f} | {exports['xlsx_peak_mb']:.1f} MB "
            f"| ≤ 30x: {verdict(xlsx_ratio <= 30)} |",
            "",
        ]
    imported = large.get("import")
    if imported:
        lines += [
            "| import (dry run, students CSV) | rows | rows/s | errors | target ≥ 1,000 rows/s |",
            "|---|---|---|---|---|",
        ]
        for label, run in imported.items():
            rate = run["rows"] / run["seconds"]
            lines.append(
                f"| {label} rows | {run['rows']:,} | {rate:,.0f} | {run['errors']} | {verdict(rate >= 1000)} |"
            )
        lines.append("")
    if loaded:
        lines += [
            f"| gunicorn, 2 workers, {scale}x | requests/s | requests | errors | median "
            f"| target ≥ {TARGET_RPS}/s, 0 errors |",
            "|---|---|---|---|---|---|",
        ]
        for path, run in loaded.items():
            ok = path == "/robots.txt" or (run["rps"] >= TARGET_RPS and run["errors"] == 0)
            lines.append(
                f"| `{path}` | {run['rps']:,.1f} | {run['requests']:,} | {run['errors']} | {run['median_ms']:.0f} ms "
                f"| {'(reference)' if path == '/robots.txt' else verdict(ok)} |"
            )
        lines.append("")
    lines.append(
        f"Pages missing a target: {len(missed)} of {len(large['pages'])}"
        + (f": {', '.join(missed)}" if missed else ".")
    )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=100)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--small-db", default="intl_office_bench_1x")
    parser.add_argument("--large-db", default="")
    parser.add_argument("--host", default="127.0.0.1:5432")
    # Medians of 11 visits: of 5, a single page's ratio still moved by 0.5 between runs on a busy 2-core VM.
    parser.add_argument("--repeat", type=int, default=11)
    parser.add_argument("--export-rows", type=int, default=100_000)
    parser.add_argument("--import-rows", type=int, default=1_000)
    parser.add_argument("--load-seconds", type=int, default=15)
    parser.add_argument("--load-users", type=int, default=20)
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args()
    large_db = args.large_db or f"intl_office_bench_{args.scale}x"
    prepare(args.small_db, 1, args.seed, args.host)
    prepare(large_db, args.scale, args.seed, args.host)
    # Pages render with the hashed names of the collected static files, as in production.
    collect = [PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"]
    subprocess.run(collect, cwd=ROOT, env=env_for(large_db, args.host), check=True)
    # Both databases' pages in one process, taking turns page by page (bench/measure.py, measure_pages).
    hostname, port = args.host.split(":")
    paired = measure(
        args.small_db, args.host, args.repeat, ["--pair-url", f"postgres://postgres@{hostname}:{port}/{large_db}"]
    )["paired_pages"]
    small = {"pages": paired["small"]}
    large = {
        "pages": paired["large"],
        **measure(
            large_db,
            args.host,
            args.repeat,
            ["--no-pages", "--export-rows", str(args.export_rows), "--import-rows", str(args.import_rows)],
        ),
    }
    loaded = load(large_db, args.host, args.load_seconds, args.load_users, args.port) if args.load_seconds else {}
    load_avg = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(
        f"make bench, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}: {platform.node()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, PostgreSQL {psql(args.host, 'postgres', 'SHOW server_version')}; "
        f"scale {args.scale}, "
        f"seed {args.seed}; load average {load_avg}\n"
    )
    print(table(small, large, args.scale, loaded))


if __name__ == "__main__":
    main()
