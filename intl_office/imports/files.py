"""Reading the file: size, type, encoding and formulas checked; the header and rows returned."""

import csv
import io
import re
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from intl_office.core.resources import cell_text


def max_file_bytes() -> int:
    """The largest file accepted (settings.IMPORT_MAX_FILE_BYTES, read when a file is checked)."""
    return settings.IMPORT_MAX_FILE_BYTES


MAX_ROWS = getattr(settings, "IMPORT_MAX_ROWS", 20_000)
MAX_LISTED_PROBLEMS = 50

XLSX_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # Excel 97-2003 .xls, and other old Office files


class ImportFileError(Exception):
    """The file as a whole cannot be imported; ``messages`` say why."""

    def __init__(self, *messages):
        super().__init__(" ".join(str(m) for m in messages))
        self.messages = [str(m) for m in messages]


@dataclass
class Table:
    headers: list[str]
    rows: list[list]
    # The spreadsheet row of each of ``rows`` (the header is row 1; blank rows are dropped).
    line_numbers: list[int]


def _decode(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in data[:4096]:
        raise ImportFileError(
            _("The file is not UTF-8 text (it looks like UTF-16). Save it as 'CSV UTF-8' and try again.")
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        # GB18030 contains GBK and GB2312: what Excel writes for CSV on Chinese Windows.
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        raise ImportFileError(
            _("The file is not UTF-8 text (nor GBK/GB18030). Save it as 'CSV UTF-8' and try again.")
        ) from None
    if looks_western(data, text):
        raise ImportFileError(WESTERN_TEXT_MESSAGE)
    return text


WESTERN_TEXT_MESSAGE = _(
    "The file is not UTF-8 text (nor GBK/GB18030): it looks like a Western (Windows-1252) file, whose accented "
    "letters would be read as Chinese characters. Save it as 'CSV UTF-8' and try again."
)


def _outside_gb2312(char: str) -> bool:
    # GB2312, the 6,763 common characters, has both bytes in A1-FE; GBK's additions (rare characters) take an ASCII
    # byte as second byte, as does an accented Latin letter followed by a letter ("ä" "t" read as one character).
    encoded = char.encode("gb18030")
    return len(encoded) != 2 or encoded[1] < 0xA1


def looks_western(data: bytes, text: str) -> bool:
    """Whether bytes that decoded as GB18030 are really a Western file (Windows-1252 or Latin-1).

    "Universität" in Windows-1252 is also valid GB18030: "Universit鋞". The tell is a character outside GB2312
    touching an ASCII letter: an accented letter inside a Latin word swallowed the letter after it. Genuine GBK
    text keeps its Chinese next to Chinese, digits and punctuation, or uses GB2312 characters when it touches
    Latin letters ("北京交通大学BJTU").
    """
    try:
        data.decode("cp1252")
    except UnicodeDecodeError:
        return False
    for i, char in enumerate(text):
        if ord(char) < 0x80 or not _outside_gb2312(char):
            continue
        before = text[i - 1] if i else ""
        after = text[i + 1] if i + 1 < len(text) else ""
        if (before.isascii() and before.isalpha()) or (after.isascii() and after.isalpha()):
            return True
    return False


# What a spreadsheet runs as a formula once opened: a cell starting with one of these (after spaces, which
# spreadsheets skip), unless it is a plain number, phone number or date such as -5, +86 10 5168 8888 or 2024-09-01.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
INERT_NUMBER = re.compile(r"[+-]?[\d\s().-]+")


def is_formula(value: str) -> bool:
    stripped = value.lstrip(" \u3000")
    return stripped.startswith(FORMULA_START) and not INERT_NUMBER.fullmatch(stripped.strip())


def _read_csv(data: bytes) -> list[tuple[int, list]]:
    text = _decode(data)
    # The delimiter is whichever of comma, semicolon (European Excel) or tab the header row uses most: the
    # rows themselves are no guide, since lists of partners inside a cell are separated by semicolons.
    header_line = text.lstrip("\ufeff").split("\n", 1)[0]
    delimiter = max([",", ";", "\t"], key=lambda d: (header_line.count(d), d == ","))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        return [(reader.line_num, row) for row in reader]
    except csv.Error as e:
        raise ImportFileError(_("The file is not a readable CSV file (%(error)s).") % {"error": e}) from None


def _read_xlsx(data: bytes) -> tuple[list[tuple[int, list]], list[tuple[int, int, str]]]:
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        raise ImportFileError(_("The file is not a readable XLSX workbook.")) from None
    try:
        sheet = workbook.worksheets[0]
        rows, formulas = [], []
        for line, cells in enumerate(sheet.iter_rows(), 1):
            values = []
            for position, cell in enumerate(cells):
                if getattr(cell, "data_type", None) == "f":
                    formulas.append((line, position, str(cell.value)))
                values.append(cell.value)
            rows.append((line, values))
            if len(rows) > MAX_ROWS + 1:
                break
        return rows, formulas
    finally:
        workbook.close()


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
    limit = max_file_bytes()
    if size > limit:
        raise ImportFileError(
            _("The file is %(size).1f MB; the limit is %(limit).1f MB. Split it into smaller files.")
            % {"size": size / 1024 / 1024, "limit": limit / 1024 / 1024}
        )
    formulas = []
    if data.startswith(XLSX_MAGIC):
        rows, formulas = _read_xlsx(data)
    elif data.startswith(OLE_MAGIC) or name.endswith(".xls"):
        raise ImportFileError(_("This is an old Excel (.xls) file. Save it as .xlsx or CSV and try again."))
    elif name.endswith((".csv", ".txt")):
        rows = _read_csv(data)
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
    if len(records) > MAX_ROWS:
        raise ImportFileError(
            _("The file has more than %(limit)d records. Split it into smaller files.") % {"limit": MAX_ROWS}
        )

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
