"""The reports' plain tables and what every table builder shares.

Each table function takes the report's parameters and returns a ``Table`` (column labels and rows of plain values:
text, numbers, dates), which the reports page, the CSV/XLSX downloads, the workbook and the PDF all render.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count
from django.utils import translation
from django.utils.translation import gettext
from django_countries import countries

from intl_office.core.i18n import chinese_page
from intl_office.core.models import Unit
from intl_office.core.spreadsheets import SHEET_TITLE_FORBIDDEN, SHEET_TITLE_MAX, neutralise


class NoRecords:
    """A figure for a year before the first record of its kind: not a zero, and never drawn as one."""

    def __str__(self) -> str:
        return gettext("no records")

    def __eq__(self, other) -> bool:
        return isinstance(other, NoRecords)

    def __hash__(self) -> int:
        return 0


NO_RECORDS = NoRecords()


class Change(int):
    """The difference between two years' figures, written with its sign (+12, -3, 0), in spreadsheets too."""

    xlsx_number_format = "+#,##0;-#,##0;0"

    def __str__(self) -> str:
        return f"{int(self):+d}" if self else "0"

    __repr__ = __str__


def change(value, before):
    """value - before, or no records when either is missing."""
    if isinstance(value, NoRecords) or isinstance(before, NoRecords) or value is None or before is None:
        return NO_RECORDS
    return Change(value - before)


def percent_change(value, before):
    """The change in per cent, to one decimal; none from zero, no records when a year has none."""
    difference = change(value, before)
    if not isinstance(difference, Change):
        return difference
    return round(100 * difference / before, 1) if before else None


@dataclass(frozen=True)
class Cell:
    text: str
    numeric: bool

    @classmethod
    def of(cls, value) -> "Cell":
        if isinstance(value, bool):
            return cls(str(value), False)
        if isinstance(value, NoRecords):
            return cls(str(value), True)
        if isinstance(value, int | float):
            return cls(str(value), True)
        if isinstance(value, datetime.date):
            return cls(value.isoformat(), False)
        # Neutralised like every export: a table copied from the page or the PDF into a spreadsheet stays inert.
        return cls("" if value is None else neutralise(str(value)), False)


@dataclass
class Table:
    key: str
    title: str
    columns: list
    rows: list[list]
    note: str = ""
    # The last row sums the ones above it (shown in bold).
    has_total: bool = False
    # The sheet's name in a workbook when the title is too long for one (Excel allows 31 characters).
    short_title: str = ""
    # How many columns on the left name the row (the others are figures): rows of two years are matched on them.
    label_columns: int = 1
    # Body rows (by index) that sum a group of the rows below them (shown in bold).
    subtotal_rows: tuple[int, ...] = ()

    @property
    def sheet_title(self) -> str:
        title = str(self.title)
        fits = len(title) <= SHEET_TITLE_MAX and not any(ch in SHEET_TITLE_FORBIDDEN for ch in title)
        return title if fits or not self.short_title else str(self.short_title)

    @property
    def body_rows(self) -> list[list]:
        return self.rows[:-1] if self.has_total else self.rows

    @property
    def total_row(self) -> list | None:
        return self.rows[-1] if self.has_total and self.rows else None

    # For templates: the same rows as display text, numbers marked for right alignment.
    @property
    def body_cells(self) -> list[list[Cell]]:
        return [[Cell.of(value) for value in row] for row in self.body_rows]

    @property
    def total_cells(self) -> list[Cell] | None:
        return [Cell.of(value) for value in self.total_row] if self.total_row else None


@dataclass
class Section:
    title: str
    tables: list[Table] = field(default_factory=list)


def country_name(code) -> str:
    return str(countries.name(code)) or str(code)


def counts_by(queryset, group: str) -> dict:
    rows = queryset.values(group).annotate(n=Count("pk")).order_by()
    return {row[group]: row["n"] for row in rows}


def pair_counts(queryset, first: str, second: str) -> dict:
    """{(first value, second value): records}, in one query: the cells of a two-way table."""
    rows = queryset.values(first, second).annotate(n=Count("pk")).order_by()
    return {(row[first], row[second]): row["n"] for row in rows}


def pivot(cells: dict, row_keys: Iterable, col_keys: Iterable) -> list[list[int]]:
    return [[cells.get((r, c), 0) for c in col_keys] for r in row_keys]


def with_total(rows: list[list], label, first_numeric: int = 1) -> list[list]:
    """Append a total row summing every numeric column from ``first_numeric`` on."""
    width = max((len(r) for r in rows), default=first_numeric)
    total = [label] + [""] * (first_numeric - 1)
    total += [sum(r[i] for r in rows) for i in range(first_numeric, width)]
    return [*rows, total]


def by_count(rows: list[list], total_col: int = -1) -> list[list]:
    """Largest first, then by name, so the tables read like the ministry's."""
    return sorted(rows, key=lambda r: (-r[total_col], str(r[0])))


def bilingual(en: str, zh: str) -> str:
    """Both names, the page's language first: the ministry's forms want the Chinese name, partners the English one."""
    if not zh or zh == en:
        return en
    return f"{zh} ({en})" if chinese_page() else f"{en} ({zh})"


def both(label) -> str:
    """A label in Chinese and English, the page's language first, whatever the page's language: the ministry's
    tables are filled in by people reading one language and checked by people reading the other."""
    with translation.override("en"):
        en = str(label)
    with translation.override("zh-hans"):
        zh = str(label)
    return bilingual(en, zh)


def both_country(code) -> str:
    with translation.override("en"):
        en = country_name(code)
    with translation.override("zh-hans"):
        zh = country_name(code)
    return bilingual(en, zh)


def unit_names() -> dict:
    return {unit.pk: bilingual(unit.name_en, unit.name_zh) for unit in Unit.objects.only("pk", "name_en", "name_zh")}
