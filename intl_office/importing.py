"""Spreadsheet import: the cell formats clerks use, the resources' shared base, and the import engine.

The same engine serves the admin's import pages and ``manage.py import_records``:

1. ``read_table`` checks the file (size, type, encoding, formulas) and returns its header and rows;
2. ``run_import`` checks the columns and duplicate rows, runs the kind's resource inside one transaction and turns
   django-import-export's results into plain messages ("row 14, arrival date: '31/02/2024' is not a date").
   Anything wrong, and the transaction is rolled back: a file is imported whole or not at all.

Row numbers are the spreadsheet's own: the header is row 1, so the first record is row 2.
"""

import csv
import datetime
import difflib
import io
import re
import zipfile
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import cache, lru_cache

import tablib
from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import translation
from django.utils.module_loading import import_string
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from import_export import fields as ie_fields
from import_export import resources, widgets
from import_export.results import RowResult

from intl_office.people import can_see_personal_data

# ---------------------------------------------------------------------------
# Cell formats
# ---------------------------------------------------------------------------

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

YES = {"yes", "y", "true", "1", "是", "x"}
NO = {"no", "n", "false", "0", "否"}


# Exports put an apostrophe before text a spreadsheet would run as a formula (intl_office.exports.neutralise).
NEUTRALISED = re.compile(r"^'(?=[=+\-@\t\r])")


def cell_text(value) -> str:
    """A cell as text: Excel hands whole numbers over as floats (20240001.0); an export's neutralising apostrophe
    is taken off again, so that an export re-imports unchanged."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return NEUTRALISED.sub("", str(value).strip())


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
    text = re.sub(r"\s+", " ", cell_text(value).replace(",", " ")).strip()
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
    def __init__(self, *, blank_is_none=False, **kwargs):
        super().__init__(**kwargs)
        self.blank_is_none = blank_is_none

    def clean(self, value, row=None, **kwargs):
        text = cell_text(value)
        return None if self.blank_is_none and not text else text

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


class DateWidget(widgets.Widget):
    """Dates as offices write them; exported as 2024-09-01."""

    def clean(self, value, row=None, **kwargs):
        return parse_date(value)

    def render(self, value, obj=None, **kwargs):
        return value.isoformat() if value else ""


class IntegerWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        text = cell_text(value).replace(",", "")
        if not text:
            return None
        try:
            number = Decimal(text)
        except InvalidOperation:
            number = None
        if number is None or not number.is_finite() or number != number.to_integral_value():
            raise ValueError(gettext("'%(value)s' is not a whole number") % {"value": cell_text(value)})
        return int(number)

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


class DecimalWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        text = cell_text(value).replace(",", "")
        if not text:
            return None
        try:
            number = Decimal(text)
        except InvalidOperation:
            number = None
        if number is None or not number.is_finite():
            raise ValueError(gettext("'%(value)s' is not a number") % {"value": cell_text(value)})
        return number

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


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


class ChoiceWidget(widgets.Widget):
    """A choice by its stored value (as exported), or by its English or Chinese label."""

    def __init__(self, choices, **kwargs):
        super().__init__(**kwargs)
        self.choices = choices
        self._lookup = None

    def lookup(self) -> dict[str, str]:
        if self._lookup is None:
            self._lookup = {}
            for language in ("en", "zh-hans"):
                with translation.override(language):
                    for value, label in self.choices.choices:
                        self._lookup[str(label).strip().lower()] = value
            for value in self.choices.values:
                self._lookup[value.lower()] = value
        return self._lookup

    def clean(self, value, row=None, **kwargs):
        text = cell_text(value)
        if not text:
            return ""
        found = self.lookup().get(text.lower())
        if found is None:
            allowed = ", ".join(self.choices.values)
            raise ValueError(gettext("'%(value)s' is not one of: %(allowed)s") % {"value": text, "allowed": allowed})
        return found

    def labels(self) -> dict[str, str]:
        """Stored value -> label in the active language, for exporting many cells."""
        return {value: str(label) for value, label in self.choices.choices}

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


# ---------------------------------------------------------------------------
# Related records, by the names clerks know them by
# ---------------------------------------------------------------------------


@lru_cache(maxsize=20_000)
def normalize_institution_name(name: str) -> str:
    """The comparable core of a name: 'Univ. of Waterloo' and 'University of Waterloo' agree."""
    text = name.lower().replace("&", " and ")
    text = re.sub(r"\buniv\b\.?|\buni\b\.?|\bu\b\.?", "university", text)
    text = re.sub(r"\binst\b\.?", "institute", text)
    text = re.sub(r"\btech\b\.?", "technology", text)
    text = re.sub(r"\bnatl\b\.?|\bnat\b\.?", "national", text)
    text = re.sub(r"[^\w\s]", " ", text)
    words = [w for w in text.split() if w not in {"the"}]
    return " ".join(words)


SIMILARITY_THRESHOLD = 0.88
# Words that say nothing about which institution a name means, whatever their place in it.
NAME_STOP_WORDS = frozenset("the of and at in for de du des la le di del der und".split())


@lru_cache(maxsize=20_000)
def core_name(name: str) -> str:
    """The name without what offices add around it: bracketed text and a trailing ", Country"."""
    # Round, full-width round (\uff08 \uff09) and square brackets.
    text = re.sub(r"\([^)]*\)|\uff08[^\uff09]*\uff09|\[[^\]]*\]", " ", name)
    head, comma, tail = text.rpartition(",")
    if comma and _country_key(tail) in _country_lookup():
        text = head
    return normalize_institution_name(text)


@lru_cache(maxsize=20_000)
def name_signature(name: str) -> frozenset[str]:
    """The words of a name in any order: 'Waterloo University' and 'U of Waterloo, Canada' agree."""
    return frozenset(w for w in core_name(name).split() if w not in NAME_STOP_WORDS)


def similar_names(name: str, candidates, *, limit: int = 3) -> list[str]:
    """Names among ``candidates`` that look like ``name`` without being exactly it (case aside)."""
    key = core_name(name)
    signature = name_signature(name)
    # Names made only of generic words ("University") say nothing by their words alone.
    distinctive = bool(signature - GENERIC_NAME_WORDS)
    matcher = difflib.SequenceMatcher()
    # SequenceMatcher caches what it learns about its second sequence: the name we compare everything to.
    matcher.set_seq2(key)
    scored = []
    for candidate in candidates:
        if not candidate or candidate.strip().lower() == name.strip().lower():
            continue
        other = core_name(candidate)
        if other == key or (distinctive and name_signature(candidate) == signature):
            scored.append((1.0, candidate))
            continue
        matcher.set_seq1(other)
        # The cheap upper bounds first, as difflib.get_close_matches does.
        if (
            matcher.real_quick_ratio() >= SIMILARITY_THRESHOLD
            and matcher.quick_ratio() >= SIMILARITY_THRESHOLD
            and matcher.ratio() >= SIMILARITY_THRESHOLD
        ):
            scored.append((matcher.ratio(), candidate))
    scored.sort(key=lambda pair: (-pair[0], pair[1]))
    return [candidate for _ratio, candidate in scored[:limit]]


# Words shared by many institution names: two names agreeing only on these are not alike.
GENERIC_NAME_WORDS = frozenset(
    "university institute technology national college school state science sciences polytechnic technical academy "
    "research center centre for and the of in at de du des la le di del der und fur für".split()
)


def _name_tokens(name: str) -> set[str]:
    # Word beginnings, so that a typo near the end of a word still meets the right candidates.
    return {w[:4] for w in core_name(name).split() if len(w) > 2 and w not in GENERIC_NAME_WORDS}


class NameIndex:
    """Institution names, looked up by their distinctive words: only names sharing one are compared in full.

    A name may come with its country: names in two different countries are never alike (the University of
    Birmingham is not Birmingham-Southern College's neighbour), but a name without one is compared with all.
    """

    def __init__(self, names=()):
        self.by_token = defaultdict(set)
        self.plain = set()  # names made only of generic words: compared with everything
        self.all = set()
        self.countries = defaultdict(set)
        for name in names:
            if isinstance(name, tuple):
                self.add(*name)
            else:
                self.add(name)

    def add(self, name: str, country: str = ""):
        tokens = _name_tokens(name)
        for token in tokens:
            self.by_token[token].add(name)
        if not tokens:
            self.plain.add(name)
        self.all.add(name)
        self.countries[name].add(country or "")

    def _same_country(self, candidate: str, country: str) -> bool:
        known = self.countries.get(candidate, {""})
        return not country or "" in known or country in known

    def similar(self, name: str, limit: int = 3, country: str = "") -> list[str]:
        tokens = _name_tokens(name)
        if not tokens:
            candidates = self.all
        else:
            candidates = set(self.plain)
            for token in tokens:
                candidates |= self.by_token.get(token, set())
        if country:
            candidates = [c for c in candidates if self._same_country(c, country)]
        return similar_names(name, candidates, limit=limit)


class RecordWidget(widgets.ForeignKeyWidget):
    """A related record found by one of the names clerks use for it; exported by ``render_attr``."""

    render_attr = "pk"
    what = ""

    def __init__(self, model, **kwargs):
        super().__init__(model, field=self.render_attr, **kwargs)
        self._found = {}

    def lookup(self, text: str) -> Q:
        raise NotImplementedError

    def not_found(self, text: str) -> str:
        return gettext("no %(what)s '%(value)s'") % {"what": self.what, "value": text}

    def find(self, text: str):
        if text.lower() in self._found:
            return self._found[text.lower()]
        matches = list(self.model.objects.filter(self.lookup(text))[:2])
        if not matches:
            raise ValueError(self.not_found(text))
        if len(matches) > 1:
            raise ValueError(gettext("'%(value)s' matches more than one %(what)s") % {"value": text, "what": self.what})
        self._found[text.lower()] = matches[0]
        return matches[0]

    def clean(self, value, row=None, **kwargs):
        text = cell_text(value)
        return self.find(text) if text else None

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(getattr(value, self.render_attr))


class UnitWidget(RecordWidget):
    """A BJTU unit by code (exported), English or Chinese name."""

    render_attr = "code"
    what = _("BJTU unit")

    def __init__(self, **kwargs):
        from intl_office.models import Unit

        super().__init__(Unit, **kwargs)

    def lookup(self, text):
        return Q(code__iexact=text) | Q(name_en__iexact=text) | Q(name_zh=text)


class InstitutionWidget(RecordWidget):
    """A partner institution by English name (exported), former name or Chinese name."""

    render_attr = "name_en"
    what = _("partner institution")

    def __init__(self, **kwargs):
        from partners.models import Institution

        super().__init__(Institution, **kwargs)

    def lookup(self, text):
        return Q(name_en__iexact=text) | Q(former_name__iexact=text) | Q(name_zh=text)

    def not_found(self, text):
        message = gettext("no partner institution named '%(value)s'") % {"value": text}
        names = self.model.objects.values_list("name_en", flat=True)
        similar = similar_names(text, names, limit=1)
        if similar:
            message += " " + gettext("(did you mean '%(name)s'?)") % {"name": similar[0]}
        return message


class ProgramWidget(RecordWidget):
    """A program by slug (exported) or English title."""

    render_attr = "slug"
    what = _("program")

    def __init__(self, **kwargs):
        from programs.models import Program

        super().__init__(Program, **kwargs)

    def lookup(self, text):
        return Q(slug__iexact=text) | Q(title_en__iexact=text)


class AgreementWidget(RecordWidget):
    """An agreement by reference (exported), or by title when it has no reference."""

    what = _("agreement")

    def __init__(self, **kwargs):
        from partners.models import Agreement

        super().__init__(Agreement, **kwargs)

    def lookup(self, text):
        return Q(reference__iexact=text) | Q(reference="", title__iexact=text)

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        return value.reference or value.title


LIST_SEPARATOR = "; "


class InstitutionListWidget(widgets.ManyToManyWidget):
    """Several partner institutions, '; '-separated (a full-width semicolon or a line break also separates)."""

    def __init__(self, **kwargs):
        from partners.models import Institution

        super().__init__(Institution, separator=LIST_SEPARATOR, field="name_en", **kwargs)
        self.single = InstitutionWidget()

    def clean(self, value, row=None, **kwargs):
        text = cell_text(value)
        if not text:
            return []
        names = [part.strip() for part in re.split("[;\uff1b\n]", text) if part.strip()]
        return [self.single.find(name) for name in names]

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        return LIST_SEPARATOR.join(sorted(institution.name_en for institution in value.all()))


# ---------------------------------------------------------------------------
# Field helpers, so each resource reads as its list of columns
# ---------------------------------------------------------------------------


def column(name: str, widget=None, *, keep_when_blank: bool = False, attribute: str | None = None, readonly=False):
    """One spreadsheet column named like the model field it fills.

    ``keep_when_blank``: an empty cell leaves the value alone (the model default for a new record), for fields that
    cannot be empty.
    """
    return ie_fields.Field(
        attribute=attribute or name,
        column_name=name,
        widget=widget or TextWidget(),
        saves_null_values=not keep_when_blank,
        readonly=readonly,
    )


def text(name, *, keep_when_blank=False, **kwargs):
    return column(name, TextWidget(blank_is_none=keep_when_blank), keep_when_blank=keep_when_blank, **kwargs)


def date(name, **kwargs):
    return column(name, DateWidget(), **kwargs)


def integer(name, **kwargs):
    return column(name, IntegerWidget(), **kwargs)


def decimal(name, **kwargs):
    return column(name, DecimalWidget(), **kwargs)


def yes_no(name, **kwargs):
    return column(name, YesNoWidget(), keep_when_blank=True, **kwargs)


def choice(name, choices, **kwargs):
    return column(name, ChoiceWidget(choices), **kwargs)


def country(name, **kwargs):
    return column(name, CountryWidget(), **kwargs)


def unit(name="unit", **kwargs):
    return column(name, UnitWidget(), **kwargs)


def institution(name, **kwargs):
    return column(name, InstitutionWidget(), **kwargs)


def institutions(name="partners", **kwargs):
    return column(name, InstitutionListWidget(), **kwargs)


def program(name="program", **kwargs):
    return column(name, ProgramWidget(), **kwargs)


def agreement(name="agreement", **kwargs):
    return column(name, AgreementWidget(), **kwargs)


class OfficeResource(resources.ModelResource):
    """What every kind's resource shares.

    - ``personal_columns``: columns holding personal data (passport number, date of birth, email, phone). Build the
      resource with ``include_personal=False`` for a user without the ``view_personal_data`` permission: those
      columns are then neither exported nor imported (an import without them leaves the stored values alone).
    - ``natural_keys``: alternative sets of columns that identify a record; a re-import finds the record by the
      first set whose cells are all filled (``find_existing``), and two rows of one file may not share one.
    - ``required_columns``: a file without one of these is refused.
    - ``column_labels``: plain names for columns that are not a model field of the same name.
    """

    personal_columns: tuple[str, ...] = ()
    natural_keys: tuple[tuple[str, ...], ...] = ()
    required_columns: tuple[str, ...] = ()
    column_labels: dict = {}
    select_related: tuple[str, ...] = ()
    prefetch_related: tuple[str, ...] = ()

    class Meta:
        # All or nothing: no bulk writes, every row in the import's transaction, a row
        # failing model validation rolls the whole file back.
        use_bulk = False
        use_transactions = True
        clean_model_instances = True
        # An export re-imported unchanged is reported as skipped, and nothing is saved.
        skip_unchanged = True
        report_skipped = True
        skip_html_diff = True

    def __init__(self, *, include_personal: bool = True, **kwargs):
        super().__init__(**kwargs)
        self.include_personal = include_personal
        if not include_personal:
            for name in self.personal_columns:
                self.fields.pop(name, None)
        self.import_warnings: list[tuple[int, str]] = []

    # Export ---------------------------------------------------------------

    @classmethod
    def optimize(cls, queryset):
        """The queryset with what the columns read loaded up front: a fixed number of queries per export."""
        if cls.select_related:
            queryset = queryset.select_related(*cls.select_related)
        if cls.prefetch_related:
            queryset = queryset.prefetch_related(*cls.prefetch_related)
        return queryset

    def get_queryset(self):
        return self.optimize(self._meta.model.objects.all())

    def filter_export(self, queryset, **kwargs):
        return self.optimize(queryset)

    def column_names(self) -> list[str]:
        """The spreadsheet's headers: each column's plain name in the active language (the import reads them in
        English or Chinese, and the field names too)."""
        return [self.header_for(f.column_name) for f in self.get_export_fields()]

    def column_keys(self) -> list[str]:
        """The columns' field names, as the code knows them."""
        return [f.column_name for f in self.get_export_fields()]

    def header_for(self, name: str) -> str:
        return capfirst(self.label_for(name))

    def get_export_headers(self, selected_fields=None):
        return [self.header_for(f.column_name) for f in self.get_export_fields(selected_fields) if f]

    # Import ---------------------------------------------------------------

    def label_for(self, name: str) -> str:
        """The plain name of a column or model field, for messages."""
        if name in self.column_labels:
            return str(self.column_labels[name])
        try:
            return str(self._meta.model._meta.get_field(name).verbose_name)
        except Exception:
            return name

    def key_value(self, row, name):
        """A natural-key cell, cleaned; None when empty or unreadable (the row's own errors say why)."""
        if name not in row:
            return None
        try:
            value = self.fields[name].clean(row)
        except (ValueError, ValidationError):
            return None
        return None if value in EMPTY else value

    def find_existing(self, row):
        """The stored record this row describes, or None for a new one.

        Keys are tried in order; a record found by a later key is not taken when another key cell of the row
        contradicts it (a different student number is a different student, whatever the name).
        """
        key_columns = {name for key in self.natural_keys for name in key}
        filled = {name: self.key_value(row, name) for name in key_columns}
        for key in self.natural_keys:
            if any(filled[name] is None for name in key):
                continue
            lookup = Q()
            for name in key:
                attribute, value = self.fields[name].attribute, filled[name]
                lookup &= Q(**{f"{attribute}__iexact": value}) if isinstance(value, str) else Q(**{attribute: value})
            matches = [m for m in self._meta.model.objects.filter(lookup)[:5] if not self._contradicts(m, filled)]
            if len(matches) == 1:
                return matches[0]
            if len(matches) > 1:
                labels = ", ".join(self.label_for(name) for name in key)
                raise ValidationError(gettext("more than one stored record has this %(labels)s") % {"labels": labels})
        return None

    def _contradicts(self, record, filled) -> bool:
        for name, value in filled.items():
            if value is None:
                continue
            f = self.fields[name]
            stored = f.export(record)
            if stored and stored.lower() != f.widget.render(value).lower():
                return True
        return False

    def get_instance(self, instance_loader, row):
        return self.find_existing(row)

    def _check_import_id_fields(self, headers):
        # The engine checks ``required_columns`` itself, with a plainer message; a file may identify its
        # records by any of the ``natural_keys``.
        return

    def import_instance(self, instance, row, **kwargs):
        # import-export fills many-to-many columns only after saving and reports a bad
        # name there as a crash; checking them here reports it like any other cell.
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as e:
            errors = e.update_error_dict(errors)
        for f in self.get_import_fields():
            if isinstance(f.widget, widgets.ManyToManyWidget) and f.column_name in row:
                try:
                    f.clean(row)
                except ValueError as e:
                    errors[f.attribute] = [str(e)]
        if errors:
            raise ValidationError(errors)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        # Django checks each model constraint with a query of its own (six for a student); the database checks
        # them anyway on save, and the engine words its refusal the same way (``plain_message``). This halves
        # the time a large file takes.
        errors = dict(import_validation_errors or {})
        try:
            instance.full_clean(exclude=errors.keys(), validate_unique=validate_unique, validate_constraints=False)
        except ValidationError as e:
            errors = e.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def warn(self, row_number: int, message: str):
        self.import_warnings.append((row_number, message))


# ---------------------------------------------------------------------------
# Kinds
# ---------------------------------------------------------------------------

# In the order a first migration imports them: later kinds refer to earlier ones by name.
KINDS = {
    "institutions": "partners.resources.InstitutionResource",
    "agreements": "partners.resources.AgreementResource",
    "programs": "programs.resources.ProgramResource",
    "students": "students.resources.InternationalStudentResource",
    "outbound": "students.resources.OutboundMobilityResource",
    "experts": "experts.resources.ExpertResource",
    "appointments": "experts.resources.AppointmentResource",
    "delegations": "partners.resources.DelegationResource",
}


def resource_class(kind: str) -> type[OfficeResource]:
    try:
        return import_string(KINDS[kind])
    except KeyError:
        message = gettext("unknown kind '%(kind)s'; choose one of: %(kinds)s") % {
            "kind": kind,
            "kinds": ", ".join(KINDS),
        }
        raise ValueError(message) from None


def kind_for_model(model) -> str | None:
    for kind in KINDS:
        if resource_class(kind)._meta.model is model:
            return kind
    return None


def may_see_personal_data(user, resource_cls) -> bool:
    """Whether ``user`` may get this resource's personal columns."""
    if not resource_cls.personal_columns:
        return True
    return can_see_personal_data(user, resource_cls._meta.model)


def resource_for(kind: str, user=None) -> OfficeResource:
    """The kind's resource, without personal columns when ``user`` may not see them (``user=None``: everything)."""
    cls = resource_class(kind)
    return cls(include_personal=user is None or may_see_personal_data(user, cls))


# ---------------------------------------------------------------------------
# Reading the file
# ---------------------------------------------------------------------------

MAX_FILE_BYTES = getattr(settings, "IMPORT_MAX_FILE_BYTES", 5 * 1024 * 1024)
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
    if size > MAX_FILE_BYTES:
        raise ImportFileError(
            _("The file is %(size).1f MB; the limit is %(limit).1f MB. Split it into smaller files.")
            % {"size": size / 1024 / 1024, "limit": MAX_FILE_BYTES / 1024 / 1024}
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


# ---------------------------------------------------------------------------
# Running an import
# ---------------------------------------------------------------------------


def _header_key(text) -> str:
    return re.sub(r"[\s_\-]+", "_", str(text).strip().lower()).strip("_")


def column_aliases(resource: OfficeResource) -> dict[str, str]:
    """Header spellings accepted for each column: its name, and its plain name in English or Chinese."""
    aliases = {}
    for f in resource.get_import_fields():
        name = f.column_name
        aliases[_header_key(name)] = name
        for language in ("en", "zh-hans"):
            with translation.override(language):
                aliases.setdefault(_header_key(resource.label_for(name)), name)
    return aliases


@dataclass
class RowPreview:
    line: int
    action: str  # new, update, skip, invalid, error
    record: str


@dataclass
class ImportReport:
    kind: str
    file_name: str
    dry_run: bool
    created: int = 0
    updated: int = 0
    skipped: int = 0
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    rows: list[RowPreview] = field(default_factory=list)
    written: bool = False
    log: object = None

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def total(self) -> int:
        return self.created + self.updated + self.skipped


# Plain words for the database rules models state as constraints.
CONSTRAINT_MESSAGES = {
    "agreement_dates_ordered": _("the end date is before the start date"),
    "agreement_signed_before_end": _("the signing date is after the end date"),
    "agreement_expired_needs_end_date": _("an expired agreement needs an end date"),
    "delegation_dates_ordered": _("the end date is before the start date"),
    "delegation_has_people": _("the number of people must be at least 1"),
    "student_dates_ordered": _("the departure date is before the arrival date"),
    "student_birth_date_plausible": _("the date of birth is before 1900"),
    "outbound_dates_ordered": _("the end date is before the start date"),
    "outbound_academic_year_format": _("the academic year must look like 2013-2014"),
    "appointment_dates_ordered": _("the end date is before the start date"),
    "expert_birth_date_plausible": _("the date of birth is before 1900"),
    "program_cooperative_needs_moe_approval": _(
        "a cooperatively run program needs a Ministry of Education approval number and year"
    ),
    "program_moe_approval_year_plausible": _("the approval year must be between 1990 and 2100"),
    "program_duration_positive": _("the duration must be at least one month"),
    "institution_not_merged_into_itself": _("an institution cannot be merged into itself"),
}


def _has_field(model, name: str) -> bool:
    try:
        model._meta.get_field(name)
    except Exception:
        return False
    return True


def plain_message(message: str, model=None) -> str:
    """A model or database refusal in plain words: a named constraint becomes what it means."""
    found = re.search(r"Constraint “([^”]+)” is violated", message)
    names = [found.group(1)] if found else []
    if model is not None and not found:
        # Database wording differs (SQLite: "CHECK constraint failed: name"; PostgreSQL: 'violates check
        # constraint "name"'); the constraint's name is in both.
        names = [c.name for c in model._meta.constraints if re.search(rf"\b{re.escape(c.name)}\b", message)]
    sqlite_unique = re.search(r"UNIQUE constraint failed: (.+)$", message)
    if model is not None and sqlite_unique:
        columns = [part.strip().split(".")[-1] for part in sqlite_unique.group(1).split(",")]
        if all(_has_field(model, c) for c in columns):
            labels = ", ".join(str(model._meta.get_field(c).verbose_name) for c in columns)
            return gettext("another record already has this %(fields)s") % {"fields": labels}
    # The staff admin keeps a clear message for every named constraint; a rule this module has no own wording
    # for gets the admin's, so no refusal is ever left as a bare constraint name. Imported late: the admin
    # modules import this one.
    from intl_office.admin import CONSTRAINT_MESSAGES as ADMIN_CONSTRAINT_MESSAGES

    for name in names:
        if name in CONSTRAINT_MESSAGES:
            return str(CONSTRAINT_MESSAGES[name])
        constraint = next((c for c in (model._meta.constraints if model else ()) if c.name == name), None)
        if constraint is not None and getattr(constraint, "fields", None):
            labels = ", ".join(str(model._meta.get_field(f).verbose_name) for f in constraint.fields)
            return gettext("another record already has this %(fields)s") % {"fields": labels}
        if name in ADMIN_CONSTRAINT_MESSAGES:
            return str(ADMIN_CONSTRAINT_MESSAGES[name][1])
    return message


def _row_messages(resource: OfficeResource, line: int, error: ValidationError) -> list[str]:
    messages = []
    if hasattr(error, "error_dict"):
        for name, errors in error.message_dict.items():
            for message in errors:
                if name == NON_FIELD_ERRORS:
                    messages.append(
                        gettext("row %(row)d: %(message)s")
                        % {"row": line, "message": plain_message(message, resource._meta.model)}
                    )
                else:
                    messages.append(
                        gettext("row %(row)d, %(column)s: %(message)s")
                        % {
                            "row": line,
                            "column": resource.label_for(name),
                            "message": plain_message(message, resource._meta.model),
                        }
                    )
    else:
        for message in error.messages:
            messages.append(
                gettext("row %(row)d: %(message)s")
                % {"row": line, "message": plain_message(message, resource._meta.model)}
            )
    return messages


def _normalized_key_part(resource, row, name):
    value = resource.key_value(row, name)
    if value is None:
        return None
    return resource.fields[name].widget.render(value).strip().lower()


def duplicate_rows(resource: OfficeResource, dataset: tablib.Dataset, line_numbers: list[int]) -> list[str]:
    """Rows that repeat an earlier row of the same file, wholly or by a natural key."""
    messages = []
    seen_rows = {}
    seen_keys = {key: {} for key in resource.natural_keys}
    for index, values in enumerate(dataset):
        line = line_numbers[index]
        whole = tuple(cell_text(v).lower() for v in values)
        if whole in seen_rows:
            messages.append(gettext("row %(row)d repeats row %(first)d") % {"row": line, "first": seen_rows[whole]})
            continue
        seen_rows[whole] = line
        row = dict(zip(dataset.headers, values, strict=False))
        # A row is identified by its first filled key, as ``find_existing`` does; two students with different
        # numbers but the same name are two students.
        for key in resource.natural_keys:
            if not all(name in row for name in key):
                continue
            parts = tuple(_normalized_key_part(resource, row, name) for name in key)
            if any(part is None for part in parts):
                continue
            if parts in seen_keys[key]:
                labels = ", ".join(resource.label_for(name) for name in key)
                messages.append(
                    gettext("row %(row)d has the same %(labels)s as row %(first)d")
                    % {"row": line, "labels": labels, "first": seen_keys[key][parts]}
                )
            seen_keys[key][parts] = seen_keys[key].get(parts, line)
            break
    return messages


def can_import(user, kind: str) -> bool:
    """Import needs its own permission, and the right to add and change records of the kind."""
    if user is None or not user.is_active:
        return False
    opts = resource_class(kind)._meta.model._meta
    return (
        user.has_perm("intl_office.import_records")
        and user.has_perm(f"{opts.app_label}.add_{opts.model_name}")
        and user.has_perm(f"{opts.app_label}.change_{opts.model_name}")
    )


def _prepare(resource: OfficeResource, table: Table) -> tuple[tablib.Dataset, list[str]]:
    aliases = column_aliases(resource)
    withheld = {} if resource.include_personal else column_aliases(type(resource)())
    problems, headers, seen = [], [], set()
    for header in table.headers:
        name = aliases.get(_header_key(header))
        if name is None and _header_key(header) in withheld:
            problems.append(
                gettext(
                    "Column '%(column)s' holds personal data, which you may not see or import; "
                    "remove the column, or ask for the personal data permission."
                )
                % {"column": header}
            )
        elif name is None:
            problems.append(gettext("Unknown column '%(column)s'.") % {"column": header})
        elif name in seen:
            problems.append(gettext("Column '%(column)s' appears twice.") % {"column": header})
        headers.append(name or header)
        seen.add(name)
    missing = [name for name in resource.required_columns if name not in seen]
    if missing:
        names = ", ".join(resource.header_for(name) for name in missing)
        problems.append(gettext("Missing columns: %(columns)s.") % {"columns": names})
    if problems:
        expected = ", ".join(resource.column_names())
        problems.append(gettext("The columns of this kind are: %(columns)s.") % {"columns": expected})
    dataset = tablib.Dataset(*[tuple(row) for row in table.rows], headers=headers)
    return dataset, problems


def _log(report: ImportReport, user):
    from intl_office.models import ImportLog

    return ImportLog.objects.create(
        user=user if user is not None and user.is_authenticated else None,
        kind=report.kind,
        file_name=report.file_name[:255],
        dry_run=not report.written,
        created_count=report.created if report.written or report.dry_run else 0,
        updated_count=report.updated if report.written or report.dry_run else 0,
        skipped_count=report.skipped if report.written or report.dry_run else 0,
        error_count=len(report.errors),
    )


ACTIONS = {
    RowResult.IMPORT_TYPE_NEW: "new",
    RowResult.IMPORT_TYPE_UPDATE: "update",
    RowResult.IMPORT_TYPE_SKIP: "skip",
    RowResult.IMPORT_TYPE_INVALID: "invalid",
    RowResult.IMPORT_TYPE_ERROR: "error",
}


def run_import(
    kind: str,
    data: bytes,
    file_name: str,
    *,
    user=None,
    dry_run: bool = True,
    accept_similar: bool = False,
    size: int | None = None,
) -> ImportReport:
    """Preview (``dry_run``) or import a file of one kind; writes everything or nothing, and logs the attempt.

    ``user=None`` is the command line without ``--user``; otherwise the user must pass ``can_import``.
    Similar-name warnings stop the import unless ``accept_similar`` (the user looked and confirmed).
    """
    if user is not None and not can_import(user, kind):
        raise PermissionDenied(gettext("You do not have permission to import records of this kind."))
    resource = resource_for(kind, user)
    report = ImportReport(kind=kind, file_name=file_name, dry_run=dry_run)
    try:
        table = read_table(data, file_name, size)
    except ImportFileError as e:
        report.errors = e.messages
        report.log = _log(report, user)
        return report

    dataset, problems = _prepare(resource, table)
    problems += duplicate_rows(resource, dataset, table.line_numbers) if not problems else []
    if problems:
        report.errors = problems
        report.log = _log(report, user)
        return report

    with transaction.atomic():
        result = resource.import_data(dataset, dry_run=False, use_transactions=True, rollback_on_validation_errors=True)
        for number, row_result in enumerate(result.rows, 1):
            line = table.line_numbers[number - 1]
            report.rows.append(RowPreview(line, ACTIONS.get(row_result.import_type, "?"), row_result.object_repr or ""))
        for error in result.base_errors:
            report.errors.append(str(error.error))
        row_problems = []
        for invalid in result.invalid_rows:
            line = table.line_numbers[invalid.number - 1]
            row_problems += [(line, m) for m in _row_messages(resource, line, invalid.error)]
        for failed in result.error_rows:
            line = table.line_numbers[failed.number - 1]
            for error in failed.errors:
                message = plain_message(str(error.error), resource._meta.model)
                row_problems.append((line, gettext("row %(row)d: %(message)s") % {"row": line, "message": message}))
        report.errors += [message for _line, message in sorted(row_problems, key=lambda pair: pair[0])]
        for number, message in resource.import_warnings:
            report.warnings.append(
                gettext("row %(row)d: %(message)s") % {"row": table.line_numbers[number - 1], "message": message}
            )
        totals = result.totals
        report.created = totals[RowResult.IMPORT_TYPE_NEW]
        report.updated = totals[RowResult.IMPORT_TYPE_UPDATE]
        report.skipped = totals[RowResult.IMPORT_TYPE_SKIP]
        blocked = bool(report.errors) or (report.warnings and not accept_similar)
        if dry_run or blocked:
            transaction.set_rollback(True)
        else:
            report.written = True
    report.log = _log(report, user)
    return report


def template_file(kind: str, file_format: str, user=None) -> bytes:
    """An empty spreadsheet whose columns are exactly the kind's export columns (for this user)."""
    resource = resource_for(kind, user)
    dataset = tablib.Dataset(headers=resource.column_names())
    if file_format == "xlsx":
        return dataset.export("xlsx")
    return dataset.export("csv").encode("utf-8-sig")
