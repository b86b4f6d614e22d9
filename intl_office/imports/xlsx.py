"""Reading an XLSX file safely: its zip checked before anything is parsed, then its first sheet read as a stream.

An XLSX file is a zip of XML parts. A few hundred kilobytes can unpack to gigabytes (a shared-strings table of one
text repeated, a sheet of millions of empty cells), and XML can declare entities that expand a thousandfold. So,
before openpyxl parses anything (``inspect``):

1. the zip's directory: the number of parts, each part's unpacked size and their total. A part that unpacks to more
   than the directory says fails its checksum at that size, so these sizes bound all the work that follows;
2. every XML part, streamed: UTF-8, and no document type declaration (hence no entities);
3. the first worksheet, streamed: its cells and rows counted; the shared-strings table: its texts counted.

Counting is a regular expression over each megabyte as it is unpacked, with no XML parsing: a refusal comes in a
fraction of a second and holds one megabyte of the file unpacked at a time. Then openpyxl reads the first sheet
(``read_rows``): read-only, which parses every streamed part with defusedxml, ignoring the sheet's declared size, and
each row is checked against the column and cell limits as it comes. Whatever the parser raises about a malformed file
becomes a message naming the problem and the row it was reading.
"""

import io
import logging
import posixpath
import re
import zipfile
import zlib
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring
from django.utils.translation import gettext

from .limits import ImportFileError, Limits, megabytes, too_big

logger = logging.getLogger(__name__)

CONTENT_TYPES = "[Content_Types].xml"
ML = "application/vnd.openxmlformats-officedocument.spreadsheetml."
WORKSHEET = ML + "worksheet+xml"
SHARED_STRINGS = ML + "sharedStrings+xml"
WORKBOOKS = {ML + "sheet.main+xml", ML + "template.main+xml", "application/vnd.ms-excel.sheet.macroEnabled.main+xml"}
XML_EXTENSIONS = (".xml", ".rels", ".vml")
NS = {
    "ct": "http://schemas.openxmlformats.org/package/2006/content-types",
    "main": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "rel": "http://schemas.openxmlformats.org/package/2006/relationships",
}
R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"

CHUNK_BYTES = 1024 * 1024
# A tag's start ("<x:row ") is shorter than this: the end of one chunk is searched again with the next.
OVERLAP = 64
_PREFIX = rb"<(?:[A-Za-z_][\w.\-]{0,31}:)?"
CELL_TAG = re.compile(_PREFIX + rb"c[\s/>]")
ROW_TAG = re.compile(_PREFIX + rb"row[\s/>]")
STRING_TAG = re.compile(_PREFIX + rb"si[\s/>]")
DECLARATION = re.compile(rb"<!(?:DOCTYPE|ENTITY)")
EXCEL_MAX_ROW = 1_048_576
XML_ENCODING = re.compile(rb"""^<\?xml[^>]*?\bencoding\s*=\s*["']([^"']*)["']""")


def _unreadable(problem: str) -> ImportFileError:
    return ImportFileError(
        gettext(
            "The file is not a readable XLSX workbook: %(problem)s. Open it in Excel, save it again as .xlsx and "
            "try again."
        )
        % {"problem": problem}
    )


# 1 to 3 The package ------------------------------------------------------------------------------------------------


def inspect(archive: zipfile.ZipFile, limits: Limits) -> None:
    """Refuse a workbook whose parts are too many or too big, declare entities, or hold too many cells, rows or
    shared texts; before any XML is parsed for its content."""
    infos = archive.infolist()
    if len(infos) > limits.parts:
        raise too_big(
            gettext("the workbook has %(count)d parts") % {"count": len(infos)},
            gettext("%(limit)d parts") % {"limit": limits.parts},
        )
    total = sum(info.file_size for info in infos)
    if total > limits.uncompressed_bytes:
        raise too_big(
            gettext("it unpacks to %(size)s MB") % {"size": megabytes(total)},
            gettext("%(limit)s MB") % {"limit": megabytes(limits.uncompressed_bytes)},
        )
    names = {info.filename: info for info in infos}
    if CONTENT_TYPES not in names:
        raise _unreadable(gettext("the part %(part)s is missing") % {"part": CONTENT_TYPES})
    types = _content_types(archive, names, limits)
    first_sheet = _first_worksheet(archive, names, types, limits)
    for info in infos:
        kind = types.get(info.filename)
        if kind == SHARED_STRINGS:
            _check_size(info, limits.shared_strings_bytes, gettext("the shared-strings table"))
            counts = _scan(archive, info, {"strings": (STRING_TAG, limits.shared_strings)})
            if counts["strings"] > limits.shared_strings:
                raise too_big(
                    gettext("its shared-strings table holds more than %(limit)d texts")
                    % {"limit": limits.shared_strings},
                    gettext("%(limit)d texts") % {"limit": limits.shared_strings},
                )
        elif info.filename == first_sheet:
            counts = _scan(archive, info, {"cells": (CELL_TAG, limits.cells), "rows": (ROW_TAG, limits.rows + 1)})
            if counts["cells"] > limits.cells:
                raise too_big(
                    gettext("its first sheet holds more than %(limit)d cells (empty formatted cells count too)")
                    % {"limit": limits.cells},
                    gettext("%(limit)d cells") % {"limit": limits.cells},
                )
            if counts["rows"] > limits.rows + 1:
                raise too_big(
                    gettext("its first sheet has more than %(limit)d rows (empty formatted rows count too)")
                    % {"limit": limits.rows + 1},
                    gettext("%(limit)d records below the header") % {"limit": limits.rows},
                )
        elif kind == WORKSHEET:
            # Other sheets are not read; openpyxl only looks for their size at the top.
            _scan(archive, info, {})
        elif info.filename.endswith(XML_EXTENSIONS) or (kind or "").endswith("xml"):
            _check_size(info, limits.part_bytes, info.filename)
            _scan(archive, info, {})
        # Pictures and the like are never read (openpyxl's read-only mode leaves them); the total bounds them.


def _check_size(info: zipfile.ZipInfo, limit: int, what: str) -> None:
    if info.file_size > limit:
        raise too_big(
            gettext("%(part)s unpacks to %(size)s MB") % {"part": what, "size": megabytes(info.file_size)},
            gettext("%(limit)s MB") % {"limit": megabytes(limit)},
        )


def _scan(archive: zipfile.ZipFile, info: zipfile.ZipInfo, counters: dict) -> dict:
    """Stream one XML part: check its encoding and that it declares no entities; count the tags of ``counters``
    (name -> (pattern, limit)), stopping once one is over its limit."""
    counts = dict.fromkeys(counters, 0)
    tail = b""
    with archive.open(info) as part:
        while chunk := part.read(CHUNK_BYTES):
            if not tail:
                _check_encoding(info.filename, chunk)
            buffer = tail + chunk
            if DECLARATION.search(buffer):
                raise _unreadable(
                    gettext("%(part)s declares a document type or entities, which spreadsheets never do")
                    % {"part": info.filename}
                )
            for name, (pattern, limit) in counters.items():
                # Tags wholly inside the tail were counted with the previous chunk.
                counts[name] += len(pattern.findall(buffer)) - len(pattern.findall(tail))
                if counts[name] > limit:
                    return counts
            tail = buffer[-OVERLAP:]
    return counts


def _check_encoding(part: str, start: bytes) -> None:
    text = start.removeprefix(b"\xef\xbb\xbf").lstrip(b" \t\r\n")
    declared = XML_ENCODING.match(text)
    if (text and not text.startswith(b"<")) or (declared and declared.group(1).lower() not in (b"utf-8", b"utf8")):
        raise _unreadable(gettext("%(part)s is not UTF-8 XML") % {"part": part})


def _small_xml(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limits: Limits):
    """A small part's XML tree (content types, workbook, relationships), checked first like every part."""
    _check_size(info, limits.part_bytes, info.filename)
    _scan(archive, info, {})
    try:
        return fromstring(archive.read(info))
    except (ParseError, DefusedXmlException) as e:
        problem = gettext("the XML of %(part)s is malformed (%(error)s)") % {"part": info.filename, "error": e}
        raise _unreadable(problem) from None


def _content_types(archive, names, limits) -> dict[str, str]:
    """Part name -> content type, from the package's overrides and its defaults by extension."""
    tree = _small_xml(archive, names[CONTENT_TYPES], limits)
    defaults = {
        node.get("Extension", "").lower(): node.get("ContentType", "") for node in tree.iterfind("ct:Default", NS)
    }
    overrides = {
        node.get("PartName", "").lstrip("/"): node.get("ContentType", "") for node in tree.iterfind("ct:Override", NS)
    }
    return {name: overrides.get(name) or defaults.get(name.rsplit(".", 1)[-1].lower(), "") for name in names}


def _first_worksheet(archive, names, types, limits) -> str | None:
    """The part of the workbook's first worksheet (the one imported), as openpyxl finds it."""
    workbook = next((name for name, kind in types.items() if kind in WORKBOOKS), None)
    if workbook is None:
        raise _unreadable(gettext("it has no workbook part"))
    rels_name = posixpath.join(posixpath.dirname(workbook), "_rels", posixpath.basename(workbook) + ".rels")
    if rels_name not in names:
        raise _unreadable(gettext("the part %(part)s is missing") % {"part": rels_name})
    targets = {}
    for rel in _small_xml(archive, names[rels_name], limits).iterfind("rel:Relationship", NS):
        target = rel.get("Target", "")
        path = target.lstrip("/") if target.startswith("/") else posixpath.join(posixpath.dirname(workbook), target)
        targets[rel.get("Id")] = posixpath.normpath(path)
    for sheet in _small_xml(archive, names[workbook], limits).iterfind("main:sheets/main:sheet", NS):
        path = targets.get(sheet.get(R_ID))
        if path in names and types.get(path) == WORKSHEET:
            return path
    return None


# The first sheet's rows ---------------------------------------------------------------------------------------------


def read_rows(data: bytes, limits: Limits) -> tuple[list[tuple[int, list]], list[tuple[int, int, str]]]:
    """The first sheet's rows (with their row numbers) and its formulas, or an ``ImportFileError``."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError):
        raise ImportFileError(gettext("The file is not a readable XLSX workbook.")) from None
    with archive:
        try:
            inspect(archive, limits)
        except ImportFileError:
            raise
        except Exception as e:  # The zip itself: a damaged part, an unknown compression.
            raise _unreadable(_problem(e)) from None
    return _parse(data, limits)


def _parse(data: bytes, limits: Limits):
    import openpyxl

    line = 0
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False, keep_links=False)
    except Exception as e:  # Anything openpyxl raises about this file means it cannot be read.
        logger.info("Unreadable XLSX workbook", exc_info=True)
        raise _unreadable(_problem(e)) from None
    try:
        if not workbook.worksheets:
            raise _unreadable(gettext("it has no worksheet"))
        sheet = workbook.worksheets[0]
        # The declared size ("A1:XFD1048576") would pad every row to it: only the cells present count.
        sheet.reset_dimensions()
        rows, formulas, cells = [], [], 0
        for line, row in enumerate(sheet.iter_rows(), 1):
            cells += len(row)
            _check_row(line, len(row), cells, limits)
            values = []
            for position, cell in enumerate(row):
                if cell.value is not None and not 1 <= getattr(cell, "row", 1) <= EXCEL_MAX_ROW:
                    # openpyxl reads "A0" as row 0 of column A, and places the cell by its row all the same.
                    raise _unreadable(
                        gettext("row %(row)d of the first sheet has a cell at '%(reference)s', which is not a cell")
                        % {"row": line, "reference": cell.coordinate}
                    )
                if cell.data_type == "f":
                    formulas.append((line, position, str(cell.value)))
                values.append(cell.value)
            rows.append((line, values))
        return rows, formulas
    except ImportFileError:
        raise
    except Exception as e:  # As above, for the sheet's own XML and cells.
        logger.info("Unreadable XLSX sheet after row %d", line, exc_info=True)
        raise _unreadable(
            gettext("the first sheet cannot be read after row %(row)d: %(problem)s")
            % {"row": line, "problem": _problem(e)}
        ) from None
    finally:
        workbook.close()


def _check_row(line: int, width: int, cells: int, limits: Limits) -> None:
    if line > limits.rows + 1:
        raise too_big(
            gettext("its first sheet has more than %(limit)d rows") % {"limit": limits.rows + 1},
            gettext("%(limit)d records below the header") % {"limit": limits.rows},
        )
    if width > limits.columns:
        raise too_big(
            gettext("row %(row)d of its first sheet reaches column %(count)d") % {"row": line, "count": width},
            gettext("%(limit)d columns") % {"limit": limits.columns},
        )
    if cells > limits.cells:
        raise too_big(
            gettext("its first sheet holds more than %(limit)d cells") % {"limit": limits.cells},
            gettext("%(limit)d cells") % {"limit": limits.cells},
        )


_QUOTED = re.compile(r"""['"(]([^'"()]*)['")]\s*$""")
_MISSING_PART = re.compile(r"named '([^']*)'")
_BAD_COLUMN = re.compile(r"^'?([^'\s]*)'? is not a valid column name")


def _problem(error: Exception) -> str:
    """What the parser's exception says about the file, in words."""
    from openpyxl.utils.exceptions import CellCoordinatesException

    while error.__cause__ is not None:  # openpyxl words a ValueError as its own, "Unable to read workbook".
        error = error.__cause__
    detail = str(error)
    quoted = _QUOTED.search(detail)
    if isinstance(error, CellCoordinatesException) and quoted:
        return gettext("'%(reference)s' is not a cell reference") % {"reference": quoted.group(1)}
    if bad_column := _BAD_COLUMN.match(detail):
        return gettext("a cell reference names the column '%(column)s', which does not exist") % {
            "column": bad_column.group(1)
        }
    if isinstance(error, DefusedXmlException):
        return gettext("its XML declares a document type or entities, which spreadsheets never do")
    if isinstance(error, SyntaxError):  # ParseError, lxml's XMLSyntaxError
        return gettext("its XML is malformed (%(error)s)") % {"error": detail}
    if isinstance(error, KeyError):
        missing = _MISSING_PART.search(detail)
        return gettext("the part %(part)s is missing") % {"part": missing.group(1) if missing else detail}
    if isinstance(error, zipfile.BadZipFile | zlib.error | EOFError):
        return gettext("a part of it is damaged (%(error)s)") % {"error": detail}
    if isinstance(error, ValueError) and quoted and ("convert" in detail or "literal" in detail):
        return gettext("'%(value)s' is not a number") % {"value": quoted.group(1)}
    if isinstance(error, IndexError):
        return gettext("a cell refers to a shared text that does not exist")
    return detail[:200] or type(error).__name__
