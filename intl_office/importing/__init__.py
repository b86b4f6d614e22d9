"""Spreadsheet import: the cell formats clerks use, the resources' shared base, and the import engine.

The same engine serves the admin's import pages and ``manage.py import_records``:

1. ``read_table`` checks the file (size, type, encoding, formulas) and returns its header and rows;
2. ``run_import`` checks the columns and duplicate rows, runs the kind's resource inside one transaction and turns
   django-import-export's results into plain messages ("row 14, arrival date: '31/02/2024' is not a date").
   Anything wrong, and the transaction is rolled back: a file is imported whole or not at all.

Row numbers are the spreadsheet's own: the header is row 1, so the first record is row 2.

The package's modules, in the order they build on one another:

- ``widgets``: cell formats (dates, numbers, yes/no, choices, countries and their aliases);
- ``names``: institution name similarity (``similar_names``, ``NameIndex``);
- ``records``: related records found by the names clerks use (units, institutions, programs, agreements);
- ``resources``: the column helpers, ``OfficeResource`` and the kinds (``KINDS``, ``resource_for``);
- ``files``: reading the file (``read_table``);
- ``engine``: running an import and its report (``run_import``, ``ImportReport``, ``plain_message``).

Everything public is importable from ``intl_office.importing`` itself, as before the split.
"""

from .engine import (
    ACTIONS,
    CONSTRAINT_MESSAGES,
    ImportReport,
    RowPreview,
    can_import,
    column_aliases,
    duplicate_rows,
    plain_message,
    run_import,
    template_file,
)
from .files import (
    FORMULA_START,
    INERT_NUMBER,
    MAX_LISTED_PROBLEMS,
    MAX_ROWS,
    OLE_MAGIC,
    WESTERN_TEXT_MESSAGE,
    XLSX_MAGIC,
    ImportFileError,
    Table,
    is_formula,
    looks_western,
    max_file_bytes,
    read_table,
)
from .names import (
    GENERIC_NAME_WORDS,
    NAME_STOP_WORDS,
    SIMILARITY_THRESHOLD,
    NameIndex,
    core_name,
    name_signature,
    normalize_institution_name,
    similar_names,
)
from .records import (
    LIST_SEPARATOR,
    AgreementWidget,
    InstitutionListWidget,
    InstitutionWidget,
    ProgramWidget,
    RecordWidget,
    UnitWidget,
)
from .resources import (
    KINDS,
    OfficeResource,
    agreement,
    choice,
    column,
    country,
    date,
    decimal,
    institution,
    institutions,
    integer,
    kind_for_model,
    may_see_personal_data,
    program,
    resource_class,
    resource_for,
    text,
    unit,
    yes_no,
)
from .widgets import (
    COUNTRY_ALIASES,
    DATE_FORMATS,
    EMPTY,
    EXCEL_EPOCH,
    NEUTRALISED,
    NO,
    YES,
    ChoiceWidget,
    CountryWidget,
    DateWidget,
    DecimalWidget,
    IntegerWidget,
    TextWidget,
    YesNoWidget,
    cell_text,
    country_names,
    parse_country,
    parse_date,
)

__all__ = [
    "ACTIONS",
    "CONSTRAINT_MESSAGES",
    "COUNTRY_ALIASES",
    "DATE_FORMATS",
    "EMPTY",
    "EXCEL_EPOCH",
    "FORMULA_START",
    "GENERIC_NAME_WORDS",
    "INERT_NUMBER",
    "KINDS",
    "LIST_SEPARATOR",
    "MAX_LISTED_PROBLEMS",
    "MAX_ROWS",
    "NAME_STOP_WORDS",
    "NEUTRALISED",
    "NO",
    "OLE_MAGIC",
    "SIMILARITY_THRESHOLD",
    "WESTERN_TEXT_MESSAGE",
    "XLSX_MAGIC",
    "YES",
    "AgreementWidget",
    "ChoiceWidget",
    "CountryWidget",
    "DateWidget",
    "DecimalWidget",
    "ImportFileError",
    "ImportReport",
    "InstitutionListWidget",
    "InstitutionWidget",
    "IntegerWidget",
    "NameIndex",
    "OfficeResource",
    "ProgramWidget",
    "RecordWidget",
    "RowPreview",
    "Table",
    "TextWidget",
    "UnitWidget",
    "YesNoWidget",
    "agreement",
    "can_import",
    "cell_text",
    "choice",
    "column",
    "column_aliases",
    "core_name",
    "country",
    "country_names",
    "date",
    "decimal",
    "duplicate_rows",
    "institution",
    "institutions",
    "integer",
    "is_formula",
    "kind_for_model",
    "looks_western",
    "max_file_bytes",
    "may_see_personal_data",
    "name_signature",
    "normalize_institution_name",
    "parse_country",
    "parse_date",
    "plain_message",
    "program",
    "read_table",
    "resource_class",
    "resource_for",
    "run_import",
    "similar_names",
    "template_file",
    "text",
    "unit",
    "yes_no",
]
