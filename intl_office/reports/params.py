"""A report's parameters: the year, the day headcounts ("on campus", "in force") are taken on, and a second year to
compare with.

The year rule: a report for a year counts that year. Its day is the year's last day (today for the current year)
unless the user chose another day on purpose; a chosen day must fall in the year, and every page and file then says
so in its title.
"""

import calendar
import datetime
from dataclasses import dataclass

from django.utils import formats, timezone
from django.utils.translation import gettext

from intl_office.site import figures


@dataclass(frozen=True)
class ReportParams:
    year: int
    # Headcounts ("on campus", "in force") are taken on this day; flows ("in the year") are counted up to it.
    as_of: datetime.date
    talent_since: int = figures.TALENT_PROGRAMS_SINCE
    # A second year whose figures every table shows beside this one's, with the change.
    compare_year: int | None = None

    @classmethod
    def for_year(
        cls,
        year: int,
        as_of: datetime.date | None = None,
        talent_since: int | None = None,
        compare_year: int | None = None,
    ):
        return cls(
            year=year,
            as_of=as_of or default_as_of(year),
            talent_since=talent_since or figures.TALENT_PROGRAMS_SINCE,
            compare_year=compare_year if compare_year != year else None,
        )

    @property
    def as_of_chosen(self) -> bool:
        """The user chose the day on purpose: it is not the year's own (31 December, or today for this year)."""
        return self.as_of != default_as_of(self.year)

    @property
    def first_day(self) -> datetime.date:
        return datetime.date(self.year, 1, 1)

    def previous(self) -> "ReportParams":
        """The year before, on the same day of its year if the day was chosen."""
        return self.for_other_year(self.year - 1)

    def compared(self) -> "ReportParams | None":
        """The parameters of the year to compare with, if any."""
        return None if self.compare_year is None else self.for_other_year(self.compare_year)

    def for_other_year(self, year: int) -> "ReportParams":
        as_of = same_day_in(self.as_of, year) if self.as_of_chosen else None
        return ReportParams.for_year(year, as_of, self.talent_since)

    def as_filters(self) -> dict:
        """Everything the figures depend on, as recorded in the export log."""
        filters = {"year": self.year, "as_of": self.as_of.isoformat(), "talent_since": self.talent_since}
        if self.compare_year is not None:
            filters["compare_year"] = self.compare_year
        return filters

    def as_query(self) -> dict:
        """The parameters for a link: the day only when chosen, so a link follows the year rule when it is opened."""
        query = {"year": self.year}
        if self.as_of_chosen:
            query["as_of"] = self.as_of.isoformat()
        query["talent_since"] = self.talent_since
        if self.compare_year is not None:
            query["compare_year"] = self.compare_year
        return query

    # Titles ---------------------------------------------------------------------------------------------------------

    @property
    def title(self) -> str:
        """The report's title in the active language; it names a chosen day and the year compared with."""
        title = gettext("Annual report %(year)s") % {"year": self.year}
        if self.compare_year is not None:
            title = gettext("%(title)s compared with %(other)s") % {"title": title, "other": self.compare_year}
        if self.as_of_chosen:
            title = gettext("%(title)s, counted on %(day)s (a day chosen by the user)") % {
                "title": title,
                "day": long_date(self.as_of),
            }
        return title

    @property
    def day_phrase(self) -> str:
        """When headcounts are taken, as the front page says it: "the end of 2013", "1 May 2013"."""
        if self.as_of == datetime.date(self.year, 12, 31):
            return gettext("the end of %(year)s") % {"year": self.year}
        return long_date(self.as_of)

    @property
    def file_stem(self) -> str:
        """The file name's words after the table or report name: the year, the compared year, the chosen day."""
        stem = str(self.year)
        if self.compare_year is not None:
            stem += f"-vs-{self.compare_year}"
        if self.as_of_chosen:
            stem += f"-on-{self.as_of.isoformat()}"
        return stem


def default_as_of(year: int, today: datetime.date | None = None) -> datetime.date:
    """The last day of a past year; today for the current (or a future) year."""
    today = today or timezone.localdate()
    return min(datetime.date(year, 12, 31), today) if year >= today.year else datetime.date(year, 12, 31)


def same_day_in(day: datetime.date, year: int) -> datetime.date:
    """The same day of another year (29 February becomes the 28th)."""
    return datetime.date(year, day.month, min(day.day, calendar.monthrange(year, day.month)[1]))


def long_date(day: datetime.date) -> str:
    """A date as the page's language writes it in a sentence (1 May 2013, 2013年5月1日)."""
    return formats.date_format(day, "DATE_FORMAT")


def add_months(day: datetime.date, months: int) -> datetime.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
