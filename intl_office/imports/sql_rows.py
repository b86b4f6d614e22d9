"""A list's XLSX and CSV exports on PostgreSQL: the database writes every row, Python only copies it into the file.

Why: openpyxl (write-only) spends about 13 to 25 µs of Python on every cell, 48 s or more for the 3.6 million cells of
100,000 students, about 100 times PostgreSQL's own ``COPY`` of the same rows; XlsxWriter measured 2.4 times faster,
still about 40 times ``COPY``. Any writer that makes a Python object per cell stays far from the goal (issue 11: XLSX
at most 30 times ``COPY``, CSV at most 3 times), so on PostgreSQL no Python runs per cell, nor per row beyond one
bytes append.

XLSX (``copy_rows``):

- the list's own query (its filters, search, selection, order and joins, as ``values_list`` would read it) selects
  one text per row, ``<row><c .../>...</row>``, built by SQL (``SheetRow``): text escaped (``&``, ``<``, ``>``; line
  breaks as character references), the characters XML cannot hold removed, formula-like text given the same
  leading apostrophe as everywhere else (``intl_office.core.spreadsheets.is_formula_like``, as a regular
  expression); choices and countries by their label in the active language, looked up in a JSON object of
  ready-made cells; dates as Excel's day numbers in the workbook's date style; numbers as numbers. ``"`` needs no
  escaping in an element's text (only in attributes, which hold none of the data);
- ``COPY (that query) TO STDOUT`` streams those texts (as CSV with a quote and a delimiter that cannot occur in them,
  so each line is the row exactly), gathered into 1 MB blocks and deflated as they come into the sheet part of the
  zip (``intl_office.core.spreadsheets.StreamedSheet``): memory stays flat;
- everything else in the file (styles, the bold and frozen header row, column widths guessed from the first 200 rows
  as for any sheet, the workbook parts) is written by openpyxl, so only the rows' XML is made here.

CSV (``copy_csv``): the same query selects each column as the Python path writes it (labels from a JSON object,
formula-like text with the apostrophe, "" as NULL, dates under ``DateStyle`` ISO) and ``COPY ... WITH (FORMAT csv)``
writes and quotes the lines; the file is spooled (to disk past 8 MB) and sent once complete, which is at most
``EXPORT_BACKGROUND_ROWS`` rows in a request (larger exports are background jobs writing a file anyway). Its lines
end in a line feed, where Python's csv module writes a carriage return too; spreadsheets and the importer read both.

Only columns whose every value SQL can write as the Python path would are taken this way: text, choices and
countries stored as text, dates (not date-times) and whole or decimal numbers; a list with any other column (a
many-to-many, a rendered value, a time) and every export on SQLite go through Python (``ListExport.csv_rows``,
``ListExport.xlsx_rows`` and openpyxl), as do the other spreadsheets of the app (reports, access requests).
"""

import contextlib
import json
from collections.abc import Callable
from xml.sax.saxutils import escape

from django.core.exceptions import EmptyResultSet
from django.db import connections, models, transaction
from django.db.models import F, Func, TextField

from intl_office.core import spreadsheets as exports
from intl_office.imports.column_kinds import AS_IS, MAPPED, TEXT

# What the sheet holds for an empty cell (None or ""): a cell with no value, so the next one is in the next column.
EMPTY = "<c/>"
TEXT_START = '<c t="inlineStr"><is><t xml:space="preserve">'
TEXT_END = "</t></is></c>"
# Excel counts days from 1899-12-30 (and has a 29 February 1900, so earlier days are one less: openpyxl's rule).
EXCEL_EPOCH = "DATE '1899-12-30'"
FIRST_TRUE_DAY = "DATE '1900-03-01'"
TEXT_FIELDS = (models.CharField, models.TextField)
NUMBER_FIELDS = (models.IntegerField, models.DecimalField)
# COPY's CSV quote and delimiter: control characters removed from every text, so never in a row.
COPY_OPTIONS = "FORMAT csv, QUOTE E'\\x01', DELIMITER E'\\x02'"
# Rows gathered before one write into the deflater.
BLOCK_BYTES = 1024 * 1024
# PostgreSQL's limit on a function's arguments, for concat().
MAX_ARGUMENTS = 100


def _class(characters) -> str:
    """A regular expression's bracket class of these characters (each by its code, so nothing needs escaping)."""
    return "[" + "".join(f"\\u{ord(c):04x}" for c in characters) + "]"


# The core's formula rule (is_formula_like) on the text once XML's forbidden characters are gone: a tab or carriage
# return first, or a sign after blanks. The forbidden characters may stand anywhere before, as they will be dropped.
_SIGNS = _class(exports.FORMULA_SIGNS + exports.FULL_WIDTH_SIGNS)
# The same rule on a CSV field, where nothing is removed.
CSV_FORMULA_PATTERN = f"^{_class(exports.ALWAYS_NEUTRALISED)}|^{_class(exports.LEADING_BLANKS)}*{_SIGNS}"
FORMULA_PATTERN = (
    f"^{_class(exports.XML_ILLEGAL)}*{_class(exports.ALWAYS_NEUTRALISED)}"
    f"|^{_class(exports.LEADING_BLANKS + exports.XML_ILLEGAL)}*{_SIGNS}"
)
# Text holding a character to escape or remove (tab included, which needs neither: the class stays one range).
NEEDS_ESCAPING = "[&<>" + _class("".join(map(chr, range(1, 0x20))) + "\ufffe\uffff")[1:]
# A cheap first test before the regular expression: the first character's code is one a formula-like text can start
# with (every ASCII one up to "@" covers the ASCII signs, blanks and controls).
_WIDE_FIRST = sorted(ord(c) for c in exports.FORMULA_FIRST_CHARACTERS | set(exports.XML_ILLEGAL) if ord(c) > ord("@"))


def cell_text(text: str) -> str:
    """A text cell's XML, as the SQL writes it: cleaned, neutralised, escaped."""
    value = exports.xlsx_text(text)
    if not value:
        return EMPTY
    return TEXT_START + escape(value, {"\n": "&#10;", "\r": "&#13;"}) + TEXT_END


def field_of(model, path: str):
    """The model field a ``values_list`` path ends on."""
    field = None
    for part in path.split("__"):
        field = model._meta.get_field(part)
        model = field.related_model
    return field


class Cell:
    """How one column's value becomes a cell, in SQL."""

    def __init__(self, kind: str, path: str, labels: dict | None = None):
        self.kind, self.path, self.labels = kind, path, labels

    def sql(self, column: str, date_style: int) -> tuple[str, list]:
        """The cell's SQL and parameters, from its column's SQL (a column reference, which has no parameters)."""
        if self.kind == "number":
            return f"COALESCE('<c><v>' || {column} || '</v></c>', '{EMPTY}')", []
        if self.kind == "date":
            start = f'<c s="{date_style}"><v>'
            days = f"({column} - {EXCEL_EPOCH})"
            return (
                f"CASE WHEN {column} >= {FIRST_TRUE_DAY} THEN '{start}' || {days} || '</v></c>' "
                f"WHEN {column} IS NULL THEN '{EMPTY}' "
                f"ELSE '{start}' || ({days} - ({column} > {EXCEL_EPOCH})::int) || '</v></c>' END",
                [],
            )
        text, text_params = _text_sql(column)
        if self.kind == "mapped":
            # Each stored code's finished cell; a code without a label is written as text, as the Python path does.
            cells = {"": EMPTY} | {code: cell_text(label) for code, label in self.labels.items()}
            return f"COALESCE(%s::jsonb ->> {column}, {text})", [json.dumps(cells), *text_params]
        return text, text_params

    def csv_sql(self, column: str) -> tuple[str, list]:
        """The CSV field's SQL and parameters: COPY writes numbers as they are, dates year first (the transaction
        sets ``DateStyle`` to ISO), NULL as an empty field."""
        if self.kind in ("number", "date"):
            return column, []
        if self.kind == "mapped":
            # Labels as the Python path writes them (none starts with a formula sign); an unknown code as it is.
            return f"COALESCE(%s::jsonb ->> {column}, NULLIF({column}, ''))", [json.dumps(self.labels)]
        return _csv_text_sql(column)


def _formula_like_sql(column: str) -> str:
    """Whether the text may be formula-like, then whether it is (one parameter: the pattern)."""
    wide = ", ".join(map(str, _WIDE_FIRST))
    return f"(ascii({column}) <= {ord('@')} OR ascii({column}) IN ({wide})) AND {column} ~ %s"


def _csv_text_sql(column: str) -> tuple[str, list]:
    """A text column's CSV field, as ``ListExport.csv_rows`` writes it: NULL for "" (COPY writes it unquoted, as
    csv.writer does), formula-like text with the leading apostrophe; COPY quotes the field where CSV needs it."""
    sql = f"CASE WHEN {_formula_like_sql(column)} THEN '''' || {column} ELSE NULLIF({column}, '') END"
    return sql, [CSV_FORMULA_PATTERN]


def _text_sql(column: str) -> tuple[str, list]:
    """A text column's cell: empty for NULL or ""; else cleaned, neutralised and escaped, as ``cell_text``.

    Most texts hold nothing to escape or remove: one regular expression finds the few that do, which alone go through
    ``regexp_replace`` and ``replace`` (``translate`` with the 29 forbidden characters cost 4 µs a cell, the whole
    export's time twice over).
    """
    escaped, escaped_params = f"regexp_replace({column}, %s, '', 'g')", [_class(exports.XML_ILLEGAL)]
    # "&" first, so that the other references are not escaped again.
    for character, reference in (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ("\n", "&#10;"), ("\r", "&#13;")):
        escaped = f"replace({escaped}, %s, %s)"
        escaped_params += [character, reference]
    formula_like = _formula_like_sql(column)
    text = f"CASE WHEN {column} ~ %s THEN {escaped} ELSE NULLIF({column}, '') END"
    sql = f"COALESCE(CASE WHEN {formula_like} THEN %s ELSE %s END || {text} || %s, '{EMPTY}')"
    return sql, [FORMULA_PATTERN, TEXT_START + "'", TEXT_START, NEEDS_ESCAPING, *escaped_params, TEXT_END]


class SheetRow(Func):
    """One row of sheet XML, ``<row>...</row>``, from the values of ``cells`` (read by their paths)."""

    output_field = TextField()

    def __init__(self, cells: list[Cell], date_style: int):
        super().__init__(*[F(cell.path) for cell in cells])
        self.cells, self.date_style = cells, date_style

    def as_sql(self, compiler, connection, **extra_context):
        parts, params = ["'<row>'"], []
        for cell, expression in zip(self.cells, self.get_source_expressions(), strict=True):
            column, column_params = compiler.compile(expression)
            if column_params:
                raise ValueError(f"{cell.path} is not a plain column")
            sql, sql_params = cell.sql(column, self.date_style)
            parts.append(sql)
            params += sql_params
        parts.append("'</row>'")
        # concat() takes at most 100 arguments: wider rows are concatenated in groups.
        while len(parts) > MAX_ARGUMENTS:
            parts = [f"concat({', '.join(parts[i : i + MAX_ARGUMENTS])})" for i in range(0, len(parts), MAX_ARGUMENTS)]
        return f"concat({', '.join(parts)})", params


class CsvField(Func):
    """One CSV field of a row, from a cell's column."""

    output_field = TextField()

    def __init__(self, cell: Cell):
        super().__init__(F(cell.path))
        self.cell = cell

    def as_sql(self, compiler, connection, **extra_context):
        column, column_params = compiler.compile(self.get_source_expressions()[0])
        if column_params:
            raise ValueError(f"{self.cell.path} is not a plain column")
        return self.cell.csv_sql(column)


def cells_for(export, queryset=None) -> list[Cell] | None:
    """The SQL cells of a list export's columns, or None when one of them (or the query) needs Python."""
    if not export.fast:
        return None
    if queryset is not None and (queryset.query.distinct or queryset.query.extra_select):
        # SELECT DISTINCT adds the ordering's columns to the select list, and extra() its own: COPY would write them.
        return None
    cells = []
    for column in export.columns:
        field = field_of(export.model, column.path)
        if column.kind == TEXT and isinstance(field, TEXT_FIELDS):
            cells.append(Cell("text", column.path))
        elif column.kind == MAPPED and isinstance(field, TEXT_FIELDS) and not getattr(field, "multiple", False):
            cells.append(Cell("mapped", column.path, column.labels))
        elif column.kind == AS_IS and column.is_date and type(field) is models.DateField:
            cells.append(Cell("date", column.path))
        elif column.kind == AS_IS and not column.is_date and isinstance(field, NUMBER_FIELDS):
            cells.append(Cell("number", column.path))
        else:
            return None
    return cells


class _Blocks:
    """What psycopg2's COPY writes (one row per call) gathered into blocks for the deflater."""

    def __init__(self, write: Callable[[bytes], object], on_rows: Callable[[int], object] | None):
        self._write, self._on_rows = write, on_rows
        self._parts, self._size, self.rows = [], 0, 0

    def write(self, data: bytes):
        self._parts.append(data)
        self._size += len(data)
        if self._size >= BLOCK_BYTES:
            self.flush()

    def flush(self):
        if self._parts:
            self._write(b"".join(self._parts))
            self.rows += len(self._parts)
            if self._on_rows is not None:
                self._on_rows(len(self._parts))
            self._parts, self._size = [], 0


def _copy(queryset, select, options: str, blocks: _Blocks, settings: tuple[str, ...] = ()) -> int:
    """Runs ``COPY (select) TO STDOUT`` into ``blocks``; returns the number of rows."""
    try:
        sql, params = select.query.sql_with_params()
    except EmptyResultSet:  # A filter no row can match (an empty selection): nothing to copy.
        return 0
    copy = f"COPY ({sql}) TO STDOUT WITH ({options})"
    with transaction.atomic(using=queryset.db), connections[queryset.db].cursor() as cursor:
        if settings:
            # For this transaction only (set_config(..., true) is SET LOCAL).
            cursor.execute(f"SELECT {', '.join(settings)}")
        raw = cursor.cursor
        query = raw.mogrify(copy, params).decode()
        # Django's query log (and assertNumQueries) counts the COPY as any query, its parameters apart.
        with cursor.debug_sql(copy, params) if hasattr(cursor, "debug_sql") else contextlib.nullcontext():
            raw.copy_expert(query, blocks)
    blocks.flush()
    return blocks.rows


def copy_rows(queryset, cells: list[Cell], date_style: int, write, on_rows=None) -> int:
    """Streams the queryset's rows as sheet XML into ``write``; returns the number of rows."""
    select = queryset.annotate(_sheet_row=SheetRow(cells, date_style)).values_list("_sheet_row", flat=True)
    return _copy(queryset, select, COPY_OPTIONS, _Blocks(write, on_rows))


def copy_csv(queryset, cells: list[Cell], write, on_rows=None) -> int:
    """Writes the queryset's rows as CSV lines (UTF-8, ending in a line feed) into ``write``; returns their number."""
    fields = {f"_csv_{i}": CsvField(cell) for i, cell in enumerate(cells)}
    select = queryset.annotate(**fields).values_list(*fields)
    return _copy(queryset, select, "FORMAT csv", _Blocks(write, on_rows), ("set_config('DateStyle', 'ISO', true)",))
