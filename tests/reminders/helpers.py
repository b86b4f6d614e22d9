"""The day the reminder tests run on, and small helpers."""

import datetime
from pathlib import Path

TODAY = datetime.date(2026, 3, 2)


BASE_DIR = Path(__file__).resolve().parents[2]


def days(n: int) -> datetime.date:
    return TODAY + datetime.timedelta(days=n)


def names(queryset) -> set[str]:
    return {str(record) for record in queryset}
