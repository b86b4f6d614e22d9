"""Two years side by side: every table gains the second year's figures and the change.

A table of figures gets, for each figure column, three columns: the report's year, the year compared with, and the
change; rows are matched on their label columns (a row found in one year only counts zero in the other). A list (new
partners, approved programs) lists both years' rows under a year column, and its note gives the two counts and the
change. The trends gain the compared year's row if it is not among them, and a row of changes.
"""

from django.utils.translation import gettext

from intl_office.reports.base import NoRecords, Table, change


def _is_figure(value) -> bool:
    return isinstance(value, NoRecords) or (isinstance(value, int | float) and not isinstance(value, bool))


def _figure_columns(table: Table, other: Table) -> list[int]:
    """The columns holding figures in both years' tables (blank total-row cells aside)."""
    rows = [*table.rows, *other.rows]
    return [
        i
        for i in range(table.label_columns, len(table.columns))
        if rows and all(_is_figure(row[i]) or row[i] == "" for row in rows) and any(_is_figure(row[i]) for row in rows)
    ]


def compared(table: Table, other: Table, year: int, other_year: int) -> Table:
    if table.key == "trends":
        return _compared_trends(table, other, year, other_year)
    figures = _figure_columns(table, other)
    if not figures:
        return _compared_lists(table, other, year, other_year)
    return _compared_figures(table, other, figures, year, other_year)


def _compared_figures(table: Table, other: Table, figures: list[int], year: int, other_year: int) -> Table:
    labels = table.label_columns

    def key(row):
        return tuple(str(cell) for cell in row[:labels])

    theirs = {key(row): row for row in other.body_rows}
    ours = {key(row) for row in table.body_rows}
    body = [*table.body_rows, *[row for row in other.body_rows if key(row) not in ours]]
    pairs = [(row, theirs.get(key(row))) for row in body]
    if table.total_row is not None:
        pairs.append((table.total_row, other.total_row))
    columns = list(table.columns[:labels])
    for i in figures:
        name = table.columns[i]
        columns += [
            gettext("%(column)s, %(year)s") % {"column": name, "year": year},
            gettext("%(column)s, %(year)s") % {"column": name, "year": other_year},
            gettext("%(column)s, change") % {"column": name},
        ]
    rows = []
    for row, before in pairs:
        mine = row if key(row) in ours or row is table.total_row else None
        cells = list((mine or row)[:labels])
        for i in figures:
            value = mine[i] if mine is not None else 0
            earlier = before[i] if before is not None else 0
            cells += [value, earlier, change(value, earlier)]
        rows.append(cells)
    return Table(
        key=table.key,
        title=table.title,
        short_title=table.short_title,
        columns=columns,
        rows=rows,
        note=_with_comparison_note(table.note, year, other_year),
        has_total=table.has_total,
        label_columns=labels,
        subtotal_rows=table.subtotal_rows,
    )


def _compared_lists(table: Table, other: Table, year: int, other_year: int) -> Table:
    counts = gettext("%(count)s in %(year)s, %(other_count)s in %(other_year)s (change %(change)s).") % {
        "count": len(table.rows),
        "year": year,
        "other_count": len(other.rows),
        "other_year": other_year,
        "change": change(len(table.rows), len(other.rows)),
    }
    return Table(
        key=table.key,
        title=table.title,
        short_title=table.short_title,
        columns=[gettext("Year"), *table.columns],
        rows=[*[[year, *row] for row in table.rows], *[[other_year, *row] for row in other.rows]],
        note=" ".join(part for part in (str(table.note), counts) if part),
        label_columns=2,
    )


def _compared_trends(table: Table, other: Table, year: int, other_year: int) -> Table:
    by_year = {row[0]: row for row in table.rows}
    theirs = {row[0]: row for row in other.rows}
    if other_year not in by_year and other_year in theirs:
        by_year[other_year] = theirs[other_year]
    rows = [by_year[y] for y in sorted(by_year)]
    if year in by_year and other_year in by_year:
        label = gettext("Change from %(other_year)s to %(year)s") % {"other_year": other_year, "year": year}
        rows.append([label, *[change(a, b) for a, b in zip(by_year[year][1:], by_year[other_year][1:], strict=True)]])
    return Table(
        key=table.key,
        title=table.title,
        short_title=table.short_title,
        columns=table.columns,
        rows=rows,
        note=table.note,
    )


def _with_comparison_note(note, year: int, other_year: int) -> str:
    comparison = gettext(
        "Each figure for %(year)s and for %(other_year)s, counted on each year's day, and the change."
    ) % {"year": year, "other_year": other_year}
    return " ".join(part for part in (str(note), comparison) if part)
