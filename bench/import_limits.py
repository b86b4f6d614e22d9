"""Benchmark: how fast hostile spreadsheets are refused, and what an ordinary 1,000-row import costs.

    .venv/bin/python bench/import_limits.py [--repeat 5]

Builds each hostile file of tests/imports/hostile.py (a shared-strings bomb, 5.2 million empty cells, a cell in the
last column of a sheet declaring the whole grid, too many shared texts, a billion-laughs entity, a malformed sheet)
and times reading it (``read_table``) and the whole admin preview (``run_import``, import log entry included), then
the same for 1,000 students from a CSV and from an XLSX file; and reads the largest files accepted (200,000 shared
texts; 20,000 students). Prints the median times of --repeat runs, and the peak of Python allocations (tracemalloc,
one separate untimed run), to compare with the size limit.
Uses a throw-away SQLite database. Not part of the test suite; the numbers are quoted in docs/security-imports.md.
"""

import argparse
import os
import resource
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DATABASE = Path(tempfile.mkdtemp(prefix="io-bench-imports-")) / "bench.sqlite3"
os.environ["DATABASE_URL"] = f"sqlite:///{DATABASE}"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "intl_office.settings")
os.environ.setdefault("DJANGO_SECRET_KEY", "benchmark-only-secret-key")
os.environ.setdefault("DJANGO_DEBUG", "false")


def hostile_files() -> dict[str, bytes]:
    from tests.imports import hostile

    return {
        "shared-strings bomb (250 MB unpacked)": hostile.shared_strings_bomb(),
        "5.2 M empty cells": hostile.cells_bomb(),
        "a cell in column XFD, sheet sized A1:XFD1048576": hostile.far_cell(),
        "250,000 shared texts": hostile.many_strings(250_000),
        "billion laughs in sharedStrings.xml": hostile.billion_laughs(),
        "malformed sheet XML": hostile.with_sheet('<row r="2"><c r="A2"><v>1</v></row>'),
        "a number 1.2.3": hostile.with_sheet(
            f'<row r="2">{hostile.inline("A2", "University of Tartu")}<c r="B2"><v>1.2.3</v></c></row>'
        ),
    }


def student_files(count: int) -> dict[str, tuple[str, bytes]]:
    from tests.imports.spreadsheets import student_rows, xlsx

    data = student_rows(count)
    rows = [line.split(",") for line in data.decode().splitlines()]
    return {
        f"{count:,} students, CSV (preview)": ("s.csv", data),
        f"{count:,} students, XLSX (preview)": ("s.xlsx", xlsx(rows)),
    }


def measure(kind: str | None, name: str, data: bytes, repeat: int) -> tuple[float, float | None, float, list[str]]:
    """Median seconds reading the file (``read_table``: checks and parsing) and running the whole preview
    (``run_import``: the same, the columns and rows checked, the import rolled back, the log written; not when
    ``kind`` is None), and the peak of Python allocations of the preview (or of the reading alone)."""
    from intl_office.imports.engine import run_import
    from intl_office.imports.files import ImportFileError, read_table

    def read():
        try:
            read_table(data, name)
        except ImportFileError as e:
            return e.messages
        return []

    reading, previewing = [], []
    for _ in range(repeat):
        start = time.perf_counter()
        errors = read()
        reading.append(time.perf_counter() - start)
        if kind is not None:
            start = time.perf_counter()
            errors = run_import(kind, data, name, dry_run=True).errors
            previewing.append(time.perf_counter() - start)
    tracemalloc.start()
    run_import(kind, data, name, dry_run=True) if kind is not None else read()
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return statistics.median(reading), statistics.median(previewing) if previewing else None, peak, errors


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    print(f"size limit {settings.IMPORT_MAX_FILE_BYTES / 1024 / 1024:.1f} MB; median of {args.repeat} runs\n")
    print(f"{'file':<50} {'size':>9} {'read':>8} {'preview':>8} {'peak':>9}  result")
    cases = [("institutions", "partners.xlsx", label, data) for label, data in hostile_files().items()]
    cases += [("students", name, label, data) for label, (name, data) in student_files(1000).items()]
    from tests.imports import hostile

    cases.append((None, "partners.xlsx", "200,000 shared texts (read only)", hostile.many_strings(200_000)))
    largest = student_files(settings.IMPORT_MAX_ROWS)
    cases += [(None, name, label.replace("preview", "read only"), data) for label, (name, data) in largest.items()]
    for kind, name, label, data in cases:
        read, preview, peak, errors = measure(kind, name, data, args.repeat)
        result = (errors[0][:80] + "...") if errors else "accepted"
        size = f"{len(data) / 1024:>6.0f} KB"
        preview = f"{preview:>7.3f}s" if preview is not None else f"{'-':>8}"
        print(f"{label:<50} {size} {read:>7.3f}s {preview} {peak / 1024 / 1024:>6.1f} MB  {result}")
    # ru_maxrss is in kilobytes on Linux.
    print(f"\nprocess maximum resident set size: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
