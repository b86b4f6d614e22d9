"""Writing rows out as CSV and XLSX, safely, and recording who downloaded what.

Every CSV and XLSX the app writes goes through here, so every cell is
neutralised the same way and every download lands in the export log.
"""

import csv
import datetime
import decimal
import io
import itertools
import re
import tempfile
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.encoding import force_str
from django.utils.functional import Promise
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from intl_office.core.models import ExportLog, PersonalDataAccess

CSV = "csv"
XLSX = "xlsx"
FORMATS = (CSV, XLSX)

# The one rule for formula-like text, shared by every export (CSV, XLSX, the report tables on the page and in the
# PDF) and by the importer's formula check (intl_office.imports.files).
#
# A spreadsheet runs a cell starting with one of these signs as a formula; some spreadsheets and input methods take
# the full-width signs (U+FF1D, U+FF0B, U+FF0D, U+FF20) for their ASCII twins.
FORMULA_SIGNS = ("=", "+", "-", "@")
FULL_WIDTH_SIGNS = ("\uff1d", "\uff0b", "\uff0d", "\uff20")
# Spreadsheets skip these before a formula: space, ideographic space, no-break space, line breaks and tab. A cell
# starting with a tab or a carriage return is neutralised whatever follows (some spreadsheets strip them and then
# see the rest as typed).
LEADING_BLANKS = " \u3000\u00a0\n\r\t"
ALWAYS_NEUTRALISED = ("\t", "\r")
_SIGNS = frozenset(FORMULA_SIGNS + FULL_WIDTH_SIGNS)
# Every character a formula-like text can start with: a cheap first test for loops over many cells.
FORMULA_FIRST_CHARACTERS = frozenset(_SIGNS | set(LEADING_BLANKS))
# Text that is a number, a phone number or a date such as -5, +86 10 5168 8888 or 2024-09-01 is data to the
# importer, even though exports still neutralise it; so is its full-width form, as a Chinese input method types it.
_PLAIN_NUMBER = re.compile(r"[+\-\uff0b\uff0d]?[\d\s().\-\uff0d]+")

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# The byte order mark makes Excel read the file as UTF-8, so Chinese names survive a double-click.
CSV_BOM = "\ufeff"
# openpyxl's write-only mode spills to a temporary file; past this size the
# finished workbook is also kept on disk rather than in memory.
SPOOL_MAX_BYTES = 8 * 1024 * 1024

MIN_WIDTH, MAX_WIDTH = 8, 60
# Rows read ahead to guess the column widths.
WIDTH_SAMPLE_ROWS = 200
# Excel's limits on a sheet's name.
SHEET_TITLE_MAX = 31
SHEET_TITLE_FORBIDDEN = "[]:*?/\\"


def is_formula_like(text: str) -> bool:
    """Whether a spreadsheet might run this text as a formula: it starts with = + - @ (or their full-width forms),
    maybe after spaces, ideographic or no-break spaces and line breaks; or it starts with a tab or a carriage
    return."""
    if not text or text[0] not in FORMULA_FIRST_CHARACTERS:
        return False
    if text.startswith(ALWAYS_NEUTRALISED):
        return True
    return text.lstrip(LEADING_BLANKS)[:1] in _SIGNS


def is_plain_number(text: str) -> bool:
    """Whether formula-like text is only a signed number, phone number or date (-5, +86 10 5168 8888)."""
    return bool(_PLAIN_NUMBER.fullmatch(text.strip(LEADING_BLANKS)))


def neutralise(value):
    """A text cell that a spreadsheet would evaluate, made inert by a leading apostrophe.

    Numbers, dates and empty values pass through unchanged.
    """
    if isinstance(value, Promise):
        value = force_str(value)
    if isinstance(value, str) and is_formula_like(value):
        return "'" + value
    return value


def unneutralise(text: str) -> str:
    """Text as it was before ``neutralise``: the importer takes an export's apostrophe off again."""
    return text[1:] if text.startswith("'") and is_formula_like(text[1:]) else text


def local_naive(value: datetime.datetime) -> datetime.datetime:
    """A stored time as the office reads it: local, with no time zone (spreadsheets have none)."""
    return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value


def csv_text(value) -> str:
    """One value as CSV text: dates in ISO form, empty for None, neutralised."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime.datetime):
        # As a spreadsheet shows it: local time, to the second.
        return local_naive(value).isoformat(sep=" ", timespec="seconds")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, int | float | decimal.Decimal):
        return str(value)
    return neutralise(force_str(value))


# Rows per chunk sent to the client: big enough that per-chunk overhead vanishes, small enough to stay constant.
CSV_BATCH_ROWS = 500


def csv_lines(header: Sequence, rows: Iterable[Sequence], *, prepared: bool = False) -> Iterator[str]:
    """CSV text in chunks of rows. ``prepared``: the rows are already neutralised text, numbers and dates."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write(CSV_BOM)
    writer.writerow([csv_text(h) for h in header])
    rows = iter(rows)
    while True:
        batch = list(itertools.islice(rows, CSV_BATCH_ROWS))
        if not batch:
            break
        writer.writerows(batch if prepared else ([csv_text(value) for value in row] for row in batch))
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    if buffer.tell():
        yield buffer.getvalue()


def csv_response(
    filename: str, header: Sequence, rows: Iterable[Sequence], *, prepared: bool = False
) -> StreamingHttpResponse:
    """Stream rows as CSV: nothing is held in memory beyond the current chunk of rows."""
    response = StreamingHttpResponse(csv_lines(header, rows, prepared=prepared), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def spooled_csv_response(filename: str, header: Sequence, write_rows: Callable[[Callable[[bytes], object]], int]):
    """A CSV download whose rows another writer makes (PostgreSQL's COPY, for a list export): the byte order mark and
    the header, then what ``write_rows`` writes (UTF-8, lines ending in a line feed like the header's), spooled to
    disk past ``SPOOL_MAX_BYTES`` and then sent."""
    out = tempfile.SpooledTemporaryFile(max_size=SPOOL_MAX_BYTES)
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow([csv_text(h) for h in header])
    out.write((CSV_BOM + buffer.getvalue()).encode())
    write_rows(out.write)
    out.seek(0)
    return FileResponse(out, as_attachment=True, filename=filename, content_type="text/csv; charset=utf-8")


@dataclass
class Sheet:
    title: str
    header: Sequence
    rows: Iterable[Sequence]
    # Widths in characters; guessed from the header and the first rows when not given.
    widths: Sequence[int] | None = None


# Characters XML 1.0 cannot hold (C0 controls but tab and line breaks; U+FFFE, U+FFFF): an XLSX cell drops them, as
# openpyxl would otherwise refuse the whole workbook. intl_office.imports.sql_rows removes the same ones in SQL.
XML_ILLEGAL = "".join(map(chr, (*range(1, 9), 0x0B, 0x0C, *range(0x0E, 0x20)))) + "\ufffe\uffff"
_XML_ILLEGAL = re.compile(f"[\x00{XML_ILLEGAL}]")


def xlsx_text(text: str) -> str:
    """Text for an XLSX cell: characters XML cannot hold removed, then neutralised."""
    return neutralise(_XML_ILLEGAL.sub("", text))


def xlsx_value(value):
    """A native spreadsheet value: numbers stay numbers, dates stay dates, text is cleaned and neutralised."""
    if isinstance(value, int) and not isinstance(value, bool):
        # A plain int, even from an int subclass that prints itself otherwise (a change written "+12").
        return int(value)
    if value is None or isinstance(value, bool | float | decimal.Decimal | datetime.date):
        return local_naive(value) if isinstance(value, datetime.datetime) else value
    return xlsx_text(force_str(value))


def xlsx_cell(ws, value):
    """The value for a write-only sheet; a value that names its own number format (a change written +12, say) gets
    a cell in that format."""
    number_format = getattr(value, "xlsx_number_format", None)
    if number_format is None:
        return xlsx_value(value)
    cell = WriteOnlyCell(ws, value=xlsx_value(value))
    cell.number_format = number_format
    return cell


def guess_widths(header: Sequence, sample: Sequence[Sequence]) -> list[int]:
    widths = [len(force_str(h)) + 2 for h in header]
    for row in sample:
        for i, value in enumerate(row[: len(widths)]):
            text = (
                value.isoformat() if isinstance(value, datetime.date) else force_str(value if value is not None else "")
            )
            # CJK characters are about twice as wide as Latin ones.
            length = (len(text) if text.isascii() else sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)) + 2
            widths[i] = max(widths[i], length)
    return [min(max(w, MIN_WIDTH), MAX_WIDTH) for w in widths]


def write_sheet(workbook: Workbook, sheet: Sheet) -> int:
    """Append one write-only sheet with a bold, frozen header; returns the number of data rows."""
    title = "".join(ch for ch in force_str(sheet.title) if ch not in SHEET_TITLE_FORBIDDEN)[:SHEET_TITLE_MAX] or "Sheet"
    ws = workbook.create_sheet(title=title)
    rows = iter(sheet.rows)
    # Column widths must be set before the first row in write-only mode, so the
    # widths are guessed from a small sample read ahead of writing.
    sample = []
    if sheet.widths is None:
        for row in rows:
            sample.append(row)
            if len(sample) >= WIDTH_SAMPLE_ROWS:
                break
    widths = sheet.widths or guess_widths(sheet.header, sample)
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = "A2"
    bold = Font(bold=True)
    header_cells = []
    for h in sheet.header:
        cell = WriteOnlyCell(ws, value=neutralise(force_str(h)))
        cell.font = bold
        header_cells.append(cell)
    ws.append(header_cells)
    count = 0
    for row in itertools.chain(sample, rows):
        ws.append([xlsx_cell(ws, value) for value in row])
        count += 1
    return count


# Writes one sheet of its own making into the workbook (charts, several blocks) and returns its data rows.
SheetWriter = Callable[[Workbook], int]


def build_workbook(
    sheets: Iterable[Sheet | SheetWriter], *, title: str = ""
) -> tuple[tempfile.SpooledTemporaryFile, int]:
    """A write-only workbook, saved to a spooled temporary file; returns it (rewound) and the data rows written.

    ``title`` becomes the file's title in its properties (what Excel and LibreOffice show as the document's title).
    """
    workbook = Workbook(write_only=True)
    if title:
        workbook.properties.title = force_str(title)
    total = 0
    for sheet in sheets:
        total += sheet(workbook) if callable(sheet) else write_sheet(workbook, sheet)
    if not workbook.worksheets:
        workbook.create_sheet("Sheet")
    out = tempfile.SpooledTemporaryFile(max_size=SPOOL_MAX_BYTES)
    workbook.save(out)
    out.seek(0)
    return out, total


class StreamedSheet:
    """A one-sheet workbook whose rows are sheet XML made elsewhere (the database, for a long list export).

    openpyxl writes the workbook with the header row and one marker row holding a date: every part (styles, widths,
    the bold and frozen header, the workbook, relationships, content types) is its own, as ``write_sheet`` makes it
    for any sheet, and the marker gives the style number of a date cell (``date_style``). ``write`` copies those
    parts into a new file and streams the rows in place of the marker, ``<row>`` elements without ``r`` attributes
    (optional in the format: each row follows the one before it, each cell the one before it; an empty cell is
    ``<c/>``). The sheet part is deflated at a low level as it comes, so memory stays flat whatever the size.
    """

    MARKER = datetime.date(2000, 1, 1)
    # Deflate level 1: the sheet XML is very repetitive, and level 1 compresses it about 10 to 1 at several times
    # the speed of the default level.
    COMPRESS_LEVEL = 1
    _MARKER_ROW = re.compile(rb'<row r="2"[^>]*>.*?</row>', re.DOTALL)
    _STYLE = re.compile(rb' s="(\d+)"')

    def __init__(self, title: str, header: Sequence, widths: Sequence[int]):
        workbook = Workbook(write_only=True)
        write_sheet(workbook, Sheet(title=title, header=header, rows=[[self.MARKER]], widths=widths))
        buffer = io.BytesIO()
        workbook.save(buffer)
        self._template = buffer.getvalue()
        with zipfile.ZipFile(io.BytesIO(self._template)) as template:
            self._part = next(name for name in template.namelist() if name.startswith("xl/worksheets/sheet"))
            xml = template.read(self._part)
        marker = self._MARKER_ROW.search(xml)
        self.date_style = int(self._STYLE.search(marker.group()).group(1))
        self._head, self._tail = xml[: marker.start()], xml[marker.end() :]

    def write(self, out, write_rows: Callable[[Callable[[bytes], object]], int]) -> int:
        """Writes the workbook to ``out``; ``write_rows`` is given the sheet part's ``write`` for the rows' XML (UTF-8)
        and returns how many rows it wrote, which is returned."""
        with (
            zipfile.ZipFile(io.BytesIO(self._template)) as template,
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=self.COMPRESS_LEVEL) as archive,
        ):
            for info in template.infolist():
                if info.filename != self._part:
                    archive.writestr(info, template.read(info))
                    continue
                # Without ZIP64 (which some spreadsheet programs refuse) a part holds up to 2 GB of XML, about a
                # million rows of the widest list: Excel's own limit is 1,048,576 rows.
                with archive.open(info.filename, "w") as part:
                    part.write(self._head)
                    rows = write_rows(part.write)
                    part.write(self._tail)
        return rows


def streamed_xlsx_response(filename: str, sheet: StreamedSheet, write_rows) -> FileResponse:
    """A download of ``sheet`` filled by ``write_rows`` (``StreamedSheet.write``), spooled like ``xlsx_response``."""
    out = tempfile.SpooledTemporaryFile(max_size=SPOOL_MAX_BYTES)
    sheet.write(out, write_rows)
    out.seek(0)
    return FileResponse(out, as_attachment=True, filename=filename, content_type=XLSX_CONTENT_TYPE)


def xlsx_response(filename: str, sheets: Iterable[Sheet | SheetWriter], *, title: str = "") -> FileResponse:
    out, _rows = build_workbook(sheets, title=title)
    return FileResponse(out, as_attachment=True, filename=filename, content_type=XLSX_CONTENT_TYPE)


def log_export(
    user,
    *,
    what: str,
    file_format: str,
    filters: dict | None = None,
    row_count: int = 0,
    includes_personal_data: bool = False,
    records=None,
) -> ExportLog:
    """Record one download. Filters are stored as plain strings so the log never fails on a value.

    A download with personal data is also an entry of the personal data access log, listing the records it held
    (``records``, a queryset: the records exported).
    """
    log = ExportLog.objects.create(
        user=user if getattr(user, "is_authenticated", False) else None,
        what=force_str(what)[:100],
        file_format=file_format,
        filters={force_str(k): _plain(v) for k, v in (filters or {}).items()},
        row_count=row_count,
        includes_personal_data=includes_personal_data,
    )
    if includes_personal_data and records is not None:
        PersonalDataAccess.objects.record(
            user, PersonalDataAccess.Kind.EXPORTED, records.model, records=records, export=log, count=row_count
        )
    return log


def _plain(value):
    if isinstance(value, list | tuple):
        return [force_str(v) for v in value]
    if value is None or isinstance(value, bool | int):
        return value
    return force_str(value)
