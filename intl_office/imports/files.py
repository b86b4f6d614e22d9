"""Reading the file: size, type, encoding, limits and formulas checked; the header and rows returned.

- CSV: the text's encoding is checked first (``encodings``), then rows are read one by one against the limits;
- XLSX: the zip and its parts are checked before anything is parsed, then the first sheet is read (``xlsx``).
"""

import csv
import io
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from intl_office.core.resources import cell_text
from intl_office.core.spreadsheets import is_formula_like, is_plain_number

from . import xlsx
from .encodings import WESTERN_TEXT_MESSAGE, decode
from .limits import ImportFileError, Limits, too_big

__all__ = ["WESTERN_TEXT_MESSAGE", "ImportFileError", "Table", "max_file_bytes", "read_table"]


def max_file_bytes() -> int:
    """The largest file accepted (settings.IMPORT_MAX_FILE_BYTES, read when a file is checked)."""
    return settings.IMPORT_MAX_FILE_BYTES


MAX_LISTED_PROBLEMS = 50

XLSX_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # Excel 97-2003 .xls, and other old Office files


@dataclass
class Table:
    headers: list[str]
    rows: list[list]
    # The spreadsheet row of each of ``rows`` (the header is row 1; blank rows are dropped).
    line_numbers: list[int]


def is_formula(value: str) -> bool:
    """A cell the importer refuses as a formula: the core's one rule (``is_formula_like``), except plain signed
    numbers, phone numbers and dates (-5, +86 10 5168 8888), which are data."""
    return is_formula_like(value) and not is_plain_number(value)


def _read_csv(data: bytes, limits: Limits) -> list[tuple[int, list]]:
    """The file's non-blank rows, with their line numbers; refused as soon as a limit is passed."""
    text = decode(data)
    # The delimiter is whichever of comma, semicolon (European Excel) or tab the header row uses most: the
    # rows themselves are no guide, since lists of partners inside a cell are separated by semicolons.
    header_line = text.split("\n", 1)[0]
    delimiter = max([",", ";", "\t"], key=lambda d: (header_line.count(d), d == ","))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows, cells = [], 0
    try:
        # Numbered as a spreadsheet shows them: a record with line breaks in a cell is one row.
        for line, row in enumerate(reader, 1):
            if _is_blank(row):
                continue
            if len(row) > limits.columns:
                raise too_big(
                    _("row %(row)d has %(count)d columns") % {"row": line, "count": len(row)},
                    _("%(limit)d columns") % {"limit": limits.columns},
                )
            cells += len(row)
            if cells > limits.cells:
                raise too_big(
                    _("it holds more than %(limit)d cells") % {"limit": limits.cells},
                    _("%(limit)d cells") % {"limit": limits.cells},
                )
            rows.append((line, row))
            if len(rows) > limits.rows + 1:
                raise _too_many_records(limits)
    except csv.Error as e:
        raise ImportFileError(_("The file is not a readable CSV file (%(error)s).") % {"error": e}) from None
    return rows


def _too_many_records(limits: Limits) -> ImportFileError:
    return ImportFileError(
        _("The file has more than %(limit)d records. Split it into smaller files.") % {"limit": limits.rows}
    )


def _is_blank(values) -> bool:
    return all(cell_text(v) == "" for v in values)


def read_table(data: bytes, file_name: str, size: int | None = None) -> Table:
    """The file's header and rows, or an ``ImportFileError`` saying what is wrong with it.

    ``size``: the uploaded file's real size, when only its first bytes were read.
    """
    name = (file_name or "").lower()
    size = len(data) if size is None else size
    if not data:
        raise ImportFileError(_("The file is empty."))
    limits = Limits.from_settings()
    if size > limits.file_bytes:
        raise ImportFileError(
            _("The file is %(size).1f MB; the limit is %(limit).1f MB. Split it into smaller files.")
            % {"size": size / 1024 / 1024, "limit": limits.file_bytes / 1024 / 1024}
        )
    formulas = []
    if data.startswith(XLSX_MAGIC):
        rows, formulas = xlsx.read_rows(data, limits)
    elif data.startswith(OLE_MAGIC) or name.endswith(".xls"):
        raise ImportFileError(_("This is an old Excel (.xls) file. Save it as .xlsx or CSV and try again."))
    elif name.endswith((".csv", ".txt")):
        rows = _read_csv(data, limits)
        formulas = [
            (line, position, value)
            for line, values in rows
            for position, value in enumerate(values)
            if isinstance(value, str) and is_formula(value)
        ]
    else:
        raise ImportFileError(_("The file is not a CSV or XLSX file. Save it from Excel as .xlsx or CSV."))

    rows = [(line, values) for line, values in rows if not _is_blank(values)]
    if not rows:
        raise ImportFileError(_("The file is empty."))
    _header_line, raw_headers = rows[0]
    records = rows[1:]
    if not records:
        raise ImportFileError(_("The file has a header row but no records."))
    if len(records) > limits.rows:
        raise _too_many_records(limits)

    headers = [cell_text(h) for h in raw_headers]
    # Excel often carries empty columns at the right; drop those, refuse data without a header.
    width = max(len(values) for _line, values in rows)
    headers += [""] * (width - len(headers))
    keep = []
    problems = []
    for position, header in enumerate(headers):
        if header:
            keep.append(position)
        elif any(position < len(v) and cell_text(v[position]) for _line, v in records):
            problems.append(_("Column %(number)d has values but no header.") % {"number": position + 1})
    if formulas:
        for line, position, value in formulas[:MAX_LISTED_PROBLEMS]:
            column_name = headers[position] if position < len(headers) and headers[position] else position + 1
            problems.append(
                _("Row %(row)d, %(column)s: the cell holds a formula (%(formula)s); paste values only.")
                % {"row": line, "column": column_name, "formula": value}
            )
    if problems:
        raise ImportFileError(*problems)
    return Table(
        headers=[headers[p] for p in keep],
        rows=[[values[p] if p < len(values) else None for p in keep] for _line, values in records],
        line_numbers=[line for line, _values in records],
    )
