"""A report's parameters: the year, and the day headcounts ("on campus", "in force") are taken on."""

import calendar
import datetime
from dataclasses import dataclass

from django.utils import timezone

from intl_office.site import figures


@dataclass(frozen=True)
class ReportParams:
    year: int
    # Headcounts ("on campus", "in force") are taken on this day.
    as_of: datetime.date
    talent_since: int = figures.TALENT_PROGRAMS_SINCE

    @classmethod
    def for_year(cls, year: int, as_of: datetime.date | None = None, talent_since: int | None = None):
        return cls(
            year=year,
            as_of=as_of or default_as_of(year),
            talent_since=talent_since or figures.TALENT_PROGRAMS_SINCE,
        )

    def as_filters(self) -> dict:
        return {"year": self.year, "as_of": self.as_of.isoformat(), "talent_since": self.talent_since}


def default_as_of(year: int, today: datetime.date | None = None) -> datetime.date:
    """The last day of a past year; today for the current (or a future) year."""
    today = today or timezone.localdate()
    return min(datetime.date(year, 12, 31), today) if year >= today.year else datetime.date(year, 12, 31)


def add_months(day: datetime.date, months: int) -> datetime.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
