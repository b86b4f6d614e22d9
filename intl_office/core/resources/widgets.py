"""Cell formats: how a spreadsheet cell becomes a date, a number, yes or no, a choice or a country."""

import datetime
import re
from decimal import Decimal, InvalidOperation
from functools import cache, lru_cache

from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from import_export import widgets

from intl_office.core.spreadsheets import unneutralise
from intl_office.core.text import control_character_problem

EMPTY = (None, "")

# Formats seen in the office's spreadsheets. Slashed day-first or month-first
# dates (01/09/2024) are refused on purpose: they are ambiguous, and a wrong
# guess would be imported silently.
DATE_FORMATS = (
    "%Y-%m-%d",
    "%Y/%m/%d",
    "%Y.%m.%d",
    "%d.%m.%Y",
    "%d %b %Y",
    "%d %B %Y",
    "%b %d %Y",
    "%B %d %Y",
    "%Y年%m月%d日",
    "%Y-%m-%d %H:%M:%S",
    "%Y/%m/%d %H:%M:%S",
)
EXCEL_EPOCH = datetime.date(1899, 12, 30)
# 2024-09-01, ASCII digits only (``\d`` would take other scripts' digits, which ``fromisoformat`` refuses).
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")

YES = {"yes", "y", "true", "1", "是", "x"}
NO = {"no", "n", "false", "0", "否"}


def cell_text(value) -> str:
    """A cell as text: Excel hands whole numbers over as floats (20240001.0); an export's neutralising apostrophe
    is taken off again (``intl_office.core.spreadsheets.unneutralise``), so that an export re-imports unchanged."""
    if value is None:
        return ""
    if type(value) is str:  # a CSV's every cell: the quick way
        value = value.strip()
        return unneutralise(value) if value.startswith("'") else value
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return unneutralise(str(value).strip())


def parse_date(value) -> datetime.date | None:
    if value in EMPTY:
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool) and 1 <= value < 2958466:
        # An Excel serial number: the cell was not formatted as a date.
        return EXCEL_EPOCH + datetime.timedelta(days=int(value))
    text = cell_text(value)
    if _ISO_DATE.fullmatch(text):
        # How the export writes a date, and most cells of a re-imported file: the same date strptime("%Y-%m-%d")
        # reads, at a tenth of its cost (a date out of range is refused below, as before).
        try:
            return datetime.date.fromisoformat(text)
        except ValueError:
            pass
    text = re.sub(r"\s+", " ", text.replace(",", " ")).strip()
    if not text:
        return None
    for fmt in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    # 01/09/2024 is refused (the 1st of September in Beijing, the 9th of January in Boston): say how to write it.
    raise ValueError(gettext("'%(value)s' is not a date; write it as 2024-09-01") % {"value": cell_text(value)})


class TextWidget(widgets.Widget):
    """Plain text: control characters are refused (``intl_office.core.text``), line breaks too unless ``multiline``
    (set by ``OfficeResource`` for a column filling a ``TextField``)."""

    def __init__(self, *, blank_is_none=False, multiline=False, **kwargs):
        super().__init__(**kwargs)
        self.blank_is_none = blank_is_none
        self.multiline = multiline

    def clean(self, value, row=None, **kwargs):
        text = cell_text(value)
        problem = control_character_problem(text, multiline=self.multiline)
        if problem is not None:
            raise ValueError(problem)
        return None if self.blank_is_none and not text else text

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


class DateWidget(widgets.Widget):
    """Dates as offices write them; exported as 2024-09-01."""

    def clean(self, value, row=None, **kwargs):
        return parse_date(value)

    def render(self, value, obj=None, **kwargs):
        return value.isoformat() if value else ""


class DecimalWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        text = cell_text(value).replace(",", "")
        if not text:
            return None
        try:
            number = Decimal(text)
        except InvalidOperation:
            number = None
        if number is None or not number.is_finite() or not self.acceptable(number):
            raise ValueError(self.refusal % {"value": cell_text(value)})
        return self.convert(number)

    refusal = _("'%(value)s' is not a number")

    def acceptable(self, number: Decimal) -> bool:
        return True

    def convert(self, number: Decimal):
        return number

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


class IntegerWidget(DecimalWidget):
    refusal = _("'%(value)s' is not a whole number")

    def acceptable(self, number: Decimal) -> bool:
        return number == number.to_integral_value()

    def convert(self, number: Decimal):
        return int(number)


class YesNoWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        if isinstance(value, bool):
            return value
        text = cell_text(value).lower()
        if not text:
            return None
        if text in YES:
            return True
        if text in NO:
            return False
        raise ValueError(gettext("'%(value)s' is not yes or no") % {"value": cell_text(value)})

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        # In the active language; the import reads yes/no and 是/否 whatever the language.
        return gettext("yes") if value else gettext("no")


# A bracketed abbreviation at the end of a label or inside it, in ASCII or full-width brackets (U+FF08, U+FF09):
# "Chinese Government (CSC) scholarship". A clerk often types the label without it.
_BRACKETED = re.compile(r"\s*[\uff08(][^\uff09)]*[\uff09)]\s*")


def _without_brackets(label: str) -> str:
    return " ".join(_BRACKETED.sub(" ", label).split())


class ChoiceWidget(widgets.Widget):
    """A choice by its stored value (as exported), or by its English or Chinese label, with or without a bracketed
    abbreviation (the Chinese label of the CSC scholarship without its full-width "(CSC)")."""

    def __init__(self, choices, **kwargs):
        super().__init__(**kwargs)
        self.choices = choices
        self._lookup = None
        self._labels = {}

    def lookup(self) -> dict[str, str]:
        if self._lookup is None:
            self._lookup = {}
            for language in ("en", "zh-hans"):
                with translation.override(language):
                    for value, label in self.choices.choices:
                        text = str(label).strip().lower()
                        self._lookup[text] = value
                        # Without the abbreviation, unless that would name two choices.
                        short = _without_brackets(text)
                        if short and short != text:
                            self._lookup.setdefault(short, value)
            for value in self.choices.values:
                self._lookup[value.lower()] = value
        return self._lookup

    def clean(self, value, row=None, **kwargs):
        text = cell_text(value)
        if not text:
            return ""
        lookup = self.lookup()
        found = lookup.get(text.lower())
        if found is None:
            found = lookup.get(_without_brackets(text.lower()))
        if found is None:
            # The labels in the user's language, as the clerk reads them in the admin and the export.
            allowed = "; ".join(str(label) for _value, label in self.choices.choices)
            raise ValueError(gettext("'%(value)s' is not one of: %(allowed)s") % {"value": text, "allowed": allowed})
        return found

    def labels(self) -> dict[str, str]:
        """Stored value -> label in the active language, for exporting many cells (made once per language: an
        import compares every cell of every row with the stored record through it)."""
        language = translation.get_language()
        if language not in self._labels:
            self._labels[language] = {value: str(label) for value, label in self.choices.choices}
        return self._labels[language]

    def render(self, value, obj=None, **kwargs):
        # A clerk reads labels, not codes; the import takes them back in either language.
        if not value:
            return ""
        return self.labels().get(value, value)


# Names offices use that django-countries does not list under that spelling.
COUNTRY_ALIASES = {
    "usa": "US",
    "u.s.a.": "US",
    "u.s.": "US",
    "america": "US",
    "united states of america": "US",
    "美国": "US",
    "uk": "GB",
    "u.k.": "GB",
    "great britain": "GB",
    "britain": "GB",
    "england": "GB",
    "英国": "GB",
    "korea": "KR",
    "south korea": "KR",
    "republic of korea": "KR",
    "韩国": "KR",
    "russia": "RU",
    "俄罗斯": "RU",
    "hong kong": "HK",
    "hong kong sar": "HK",
    "香港": "HK",
    "中国香港": "HK",
    "macao": "MO",
    "macau": "MO",
    "澳门": "MO",
    "中国澳门": "MO",
    "taiwan": "TW",
    "台湾": "TW",
    "中国台湾": "TW",
    "vietnam": "VN",
    "越南": "VN",
    "iran": "IR",
    "laos": "LA",
    "syria": "SY",
    "tanzania": "TZ",
    "czech republic": "CZ",
    "the netherlands": "NL",
    "holland": "NL",
}


def _country_key(text: str) -> str:
    return re.sub(r"\s+", " ", text.strip().lower())


@cache
def _country_lookup() -> dict[str, str]:
    lookup = {}
    for language in ("zh-hans", "en"):
        with translation.override(language):
            for country in countries:
                lookup[_country_key(str(country.name))] = country.code
    for code, _name in countries:
        lookup[code.lower()] = code
        alpha3 = countries.alpha3(code)
        if alpha3:
            lookup[alpha3.lower()] = code
    lookup.update(COUNTRY_ALIASES)
    return lookup


def names_a_country(text: str) -> bool:
    """Whether the text is a country or region as the importer reads one (name in either language, code, alias)."""
    return _country_key(text) in _country_lookup()


def parse_country(value) -> str:
    text = cell_text(value)
    if not text:
        return ""
    code = _country_lookup().get(_country_key(text))
    if code is None:
        raise ValueError(
            gettext("'%(value)s' is not a country or region (use an ISO code such as DE)") % {"value": text}
        )
    return code


class CountryWidget(widgets.Widget):
    """Countries as ISO codes (exported), English or Chinese names."""

    def clean(self, value, row=None, **kwargs):
        return parse_country(value)

    def render(self, value, obj=None, **kwargs):
        # The country's name in the active language (parse_country reads names in English and Chinese).
        code = getattr(value, "code", value) or ""
        return country_names().get(code, code) if code else ""


def country_names() -> dict[str, str]:
    """ISO code -> country name in the active language."""
    return _country_names(translation.get_language())


@lru_cache(maxsize=8)
def _country_names(language) -> dict[str, str]:
    return {code: str(name) for code, name in countries}
