"""Spreadsheet import: the cell formats clerks use, the resources' shared base, and the import engine.

The same engine serves the admin's import pages and ``manage.py import_records``:

1. ``read_table`` checks the file (size, type, encoding, formulas) and returns its header and rows;
2. ``run_import`` checks the columns and duplicate rows, runs the kind's resource inside one transaction and turns
   django-import-export's results into plain messages ("row 14, arrival date: '31/02/2024' is not a date").
   Anything wrong, and the transaction is rolled back: a file is imported whole or not at all.

Row numbers are the spreadsheet's own: the header is row 1, so the first record is row 2.
"""

import datetime
import difflib
import re
from decimal import Decimal, InvalidOperation
from functools import cache

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import translation
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from import_export import fields as ie_fields
from import_export import resources, widgets

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


def cell_text(value) -> str:
    """A cell as text: Excel hands whole numbers over as floats (20240001.0)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value).strip()


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
    raise ValueError(_g("'%(value)s' is not a date") % {"value": cell_text(value)})


class TextWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        return cell_text(value)

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
            raise ValueError(_g("'%(value)s' is not a whole number") % {"value": cell_text(value)})
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
            raise ValueError(_g("'%(value)s' is not a number") % {"value": cell_text(value)})
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
        raise ValueError(_g("'%(value)s' is not yes or no") % {"value": cell_text(value)})

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        return "yes" if value else "no"


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
            raise ValueError(_g("'%(value)s' is not one of: %(allowed)s") % {"value": text, "allowed": allowed})
        return found

    def render(self, value, obj=None, **kwargs):
        return value or ""


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
        raise ValueError(_g("'%(value)s' is not a country or region (use an ISO code such as DE)") % {"value": text})
    return code


class CountryWidget(widgets.Widget):
    """Countries as ISO codes (exported), English or Chinese names."""

    def clean(self, value, row=None, **kwargs):
        return parse_country(value)

    def render(self, value, obj=None, **kwargs):
        return getattr(value, "code", value) or ""


# ---------------------------------------------------------------------------
# Related records, by the names clerks know them by
# ---------------------------------------------------------------------------


def normalize_institution_name(name: str) -> str:
    """The comparable core of a name: 'Univ. of Waterloo' and 'University of Waterloo' agree."""
    text = name.lower().replace("&", " and ")
    text = re.sub(r"\buniv\b\.?|\buni\b\.?", "university", text)
    text = re.sub(r"\binst\b\.?", "institute", text)
    text = re.sub(r"\btech\b\.?", "technology", text)
    text = re.sub(r"\bnatl\b\.?|\bnat\b\.?", "national", text)
    text = re.sub(r"[^\w\s]", " ", text)
    words = [w for w in text.split() if w not in {"the"}]
    return " ".join(words)


SIMILARITY_THRESHOLD = 0.88


def similar_names(name: str, candidates, *, limit: int = 3) -> list[str]:
    """Names among ``candidates`` that look like ``name`` without being exactly it (case aside)."""
    key = normalize_institution_name(name)
    scored = []
    for candidate in candidates:
        if not candidate or candidate.strip().lower() == name.strip().lower():
            continue
        other = normalize_institution_name(candidate)
        ratio = 1.0 if other == key else difflib.SequenceMatcher(None, key, other).ratio()
        if ratio >= SIMILARITY_THRESHOLD:
            scored.append((ratio, candidate))
    scored.sort(key=lambda pair: (-pair[0], pair[1]))
    return [candidate for _ratio, candidate in scored[:limit]]


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
        return _g("no %(what)s '%(value)s'") % {"what": self.what, "value": text}

    def find(self, text: str):
        if text.lower() in self._found:
            return self._found[text.lower()]
        matches = list(self.model.objects.filter(self.lookup(text))[:2])
        if not matches:
            raise ValueError(self.not_found(text))
        if len(matches) > 1:
            raise ValueError(_g("'%(value)s' matches more than one %(what)s") % {"value": text, "what": self.what})
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
        message = _g("no partner institution named '%(value)s'") % {"value": text}
        names = self.model.objects.values_list("name_en", flat=True)
        similar = similar_names(text, names, limit=1)
        if similar:
            message += " " + _g("(did you mean '%(name)s'?)") % {"name": similar[0]}
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


def text(name, **kwargs):
    return column(name, TextWidget(), **kwargs)


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
        return [f.column_name for f in self.get_export_fields()]

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
                raise ValidationError(_g("more than one stored record has this %(labels)s") % {"labels": labels})
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
        message = _g("unknown kind '%(kind)s'; choose one of: %(kinds)s") % {"kind": kind, "kinds": ", ".join(KINDS)}
        raise ValueError(message) from None


def kind_for_model(model) -> str | None:
    for kind in KINDS:
        if resource_class(kind)._meta.model is model:
            return kind
    return None


def personal_data_permission(model) -> str:
    return f"{model._meta.app_label}.view_personal_data"


def may_see_personal_data(user, resource_cls) -> bool:
    """Whether ``user`` may get this resource's personal columns."""
    if not resource_cls.personal_columns:
        return True
    return user is not None and user.has_perm(personal_data_permission(resource_cls._meta.model))


def resource_for(kind: str, user=None) -> OfficeResource:
    """The kind's resource, without personal columns when ``user`` may not see them (``user=None``: everything)."""
    cls = resource_class(kind)
    return cls(include_personal=user is None or may_see_personal_data(user, cls))
