"""What every kind's spreadsheet columns share: cell formats, the resource base, and the column helpers.

Each domain app declares its own columns in ``<app>/resources.py`` on ``OfficeResource``; the imports feature
(``intl_office.imports``) reads files and runs them.

- ``widgets``: cell formats (dates, numbers, yes/no, choices, countries and their aliases);
- ``records``: a related record found by the names clerks use (``RecordWidget``), and BJTU's units;
- ``columns``: the column helpers (``column``, ``text``, ``date``...);
- ``keys``: finding the stored record a row describes by its natural keys, from an index loaded up front;
- ``checks``: each row's validation (model, unit scope, no lost update since the preview) and unchanged rows;
- ``writes``: bulk writes and the import's history rows;
- ``base``: ``OfficeResource``, built from those, exporting the column helpers too.
"""

from .base import OfficeResource, choice, column, country, date, decimal, integer, text, unit, yes_no
from .records import RecordWidget, UnitWidget
from .widgets import (
    COUNTRY_ALIASES,
    DATE_FORMATS,
    EMPTY,
    EXCEL_EPOCH,
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
    "COUNTRY_ALIASES",
    "DATE_FORMATS",
    "EMPTY",
    "EXCEL_EPOCH",
    "NO",
    "YES",
    "ChoiceWidget",
    "CountryWidget",
    "DateWidget",
    "DecimalWidget",
    "IntegerWidget",
    "OfficeResource",
    "RecordWidget",
    "TextWidget",
    "UnitWidget",
    "YesNoWidget",
    "cell_text",
    "choice",
    "column",
    "country",
    "country_names",
    "date",
    "decimal",
    "integer",
    "parse_country",
    "parse_date",
    "text",
    "unit",
    "yes_no",
]
