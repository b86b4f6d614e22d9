"""Hostile and malformed XLSX files for the import tests and bench/import_limits.py, built with openpyxl and zipfile.

Each starts from a real workbook (openpyxl's) and replaces or adds parts, so that everything but the one thing wrong
is what Excel would open.
"""

import io
import zipfile

import openpyxl

SHEET = "xl/worksheets/sheet1.xml"
SHARED_STRINGS = "xl/sharedStrings.xml"
MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
SHARED_STRINGS_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
HEADER = ["name_en", "country"]


def workbook(rows=(HEADER, ["University of Tartu", "EE"])) -> bytes:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def with_parts(data: bytes, replace: dict[str, bytes | None]) -> bytes:
    """The workbook with some parts replaced (or added), and those mapped to None left out."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename in replace:
                continue
            target.writestr(info.filename, source.read(info))
        for name, content in replace.items():
            if content is not None:
                target.writestr(name, content)
    return out.getvalue()


def sheet_xml(rows_xml: str, *, dimension: str = "") -> bytes:
    dimension = f'<dimension ref="{dimension}"/>' if dimension else ""
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN_NS}">{dimension}'
        f"<sheetData>{rows_xml}</sheetData></worksheet>"
    ).encode()


def inline(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


HEADER_ROW = '<row r="1">' + inline("A1", "name_en") + inline("B1", "country") + "</row>"


def with_sheet(rows_xml: str, **kwargs) -> bytes:
    """A workbook whose first sheet is a header row (name_en, country) and these rows."""
    return with_parts(workbook(), {SHEET: sheet_xml(HEADER_ROW + rows_xml, **kwargs)})


def with_shared_strings(strings_xml: bytes, *, cells: str = "") -> bytes:
    """A workbook with this shared-strings table (declared in the content types), and cells using it."""
    data = workbook()
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        types = source.read("[Content_Types].xml").decode()
    override = f'<Override PartName="/{SHARED_STRINGS}" ContentType="{SHARED_STRINGS_TYPE}"/>'
    types = types.replace("</Types>", override + "</Types>")
    rels = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
        'Target="worksheets/sheet1.xml"/>'
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" '
        'Target="styles.xml"/>'
        '<Relationship Id="rId3" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" '
        'Target="sharedStrings.xml"/>'
        "</Relationships>"
    )
    return with_parts(
        data,
        {
            "[Content_Types].xml": types.encode(),
            "xl/_rels/workbook.xml.rels": rels.encode(),
            SHARED_STRINGS: strings_xml,
            SHEET: sheet_xml(HEADER_ROW + cells),
        },
    )


def shared_strings_xml(count: int, text: str = "A" * 100) -> bytes:
    """A shared-strings table of ``count`` copies of one text: megabytes that zip to kilobytes."""
    head = f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{MAIN_NS}" count="{count}" uniqueCount="{count}">'
    return head.encode() + f"<si><t>{text}</t></si>".encode() * count + b"</sst>"


# The bombs ---------------------------------------------------------------------------------------------------------


def shared_strings_bomb(count: int = 2_000_000) -> bytes:
    """About 200 KB zipped; 250 MB of shared strings unpacked (what took 1.25 GB of memory)."""
    return with_shared_strings(shared_strings_xml(count), cells='<row r="2"><c r="A2" t="s"><v>0</v></c></row>')


def many_strings(count: int) -> bytes:
    """Short distinct texts, under the size limits but too many of them."""
    head = f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{MAIN_NS}">'
    body = "".join(f"<si><t>{n}</t></si>" for n in range(count))
    return with_shared_strings((head + body + "</sst>").encode())


def cells_bomb(rows: int = 20_000, columns: int = 260) -> bytes:
    """5.2 million empty cells, a few hundred kilobytes zipped (what took 80 s of CPU)."""
    row = "".join("<c/>" for _ in range(columns))
    return with_sheet("".join(f"<row>{row}</row>" for _ in range(rows)))


def far_cell(reference: str = "XFD2", dimension: str = "A1:XFD1048576") -> bytes:
    """A tiny sheet with one cell in the last column, declaring the whole grid as its size: read naively, every row
    is padded to 16,384 cells."""
    return with_sheet(
        f'<row r="2">{inline("A2", "University of Tartu")}{inline(reference, "x")}</row>', dimension=dimension
    )


def billion_laughs(part: str = SHARED_STRINGS) -> bytes:
    entities = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{n} "{("&lol" + (str(n - 1) if n > 1 else "") + ";") * 10}">' for n in range(1, 10)
    )
    doctype = f"<!DOCTYPE sst [{entities}]>"
    strings = (
        f'<?xml version="1.0" encoding="UTF-8"?>{doctype}<sst xmlns="{MAIN_NS}"><si><t>&lol9;</t></si></sst>'
    ).encode()
    if part == SHARED_STRINGS:
        return with_shared_strings(strings, cells='<row r="2"><c r="A2" t="s"><v>0</v></c></row>')
    return with_parts(workbook(), {part: strings})


def too_many_parts(count: int) -> bytes:
    return with_parts(workbook(), {f"customXml/item{n}.xml": b"<a/>" for n in range(count)})
