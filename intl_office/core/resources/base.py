"""What every kind's resource shares, and the kinds."""

from django.core.exceptions import NON_FIELD_ERRORS, FieldDoesNotExist, ValidationError
from django.db.models import Q
from django.utils.functional import classproperty
from django.utils.text import capfirst
from django.utils.translation import gettext
from import_export import fields as ie_fields
from import_export import resources, widgets

from intl_office.core.people import is_personal
from intl_office.core.scope import belongs_to_units, scoped_model, unit_field, unit_names
from intl_office.core.text import is_multiline

from .records import UnitWidget
from .widgets import (
    EMPTY,
    ChoiceWidget,
    CountryWidget,
    DateWidget,
    DecimalWidget,
    IntegerWidget,
    TextWidget,
    YesNoWidget,
)

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


def _model_field(model, path: str):
    """The model field a column's attribute (``name`` or ``expert__name``) ends on, or None."""
    field = None
    for part in path.split("__"):
        if model is None:
            return None
        try:
            field = model._meta.get_field(part)
        except FieldDoesNotExist:
            return None
        model = field.related_model
    return field


class OfficeResource(resources.ModelResource):
    """What every kind's resource shares.

    - ``personal_columns``: the columns holding personal data, found from the columns themselves: those filled from
      a personal field (``intl_office.core.people.PERSONAL_FIELDS``) of the record or of a related record (an
      appointment's ``expert__passport_number``). Build the resource with ``include_personal=False`` for a user
      without the ``view_personal_data`` permission: those columns are then neither exported nor imported (an
      import without them leaves the stored values alone).
    - ``natural_keys``: alternative sets of columns that identify a record; a re-import finds the record by the
      first set whose cells are all filled (``find_existing``), and two rows of one file may not share one.
    - ``required_columns``: a file without one of these is refused.
    - ``column_labels``: plain names for columns that are not a model field of the same name.
    - ``units``: for a unit-scoped user (``intl_office.core.scope``), the ids of their units: a row about another
      unit's record, or giving a record another unit (or none), is refused, naming the row and the unit column.
    """

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

    @classproperty
    def personal_columns(cls) -> tuple[str, ...]:
        return tuple(name for name, f in cls.fields.items() if is_personal(f.attribute))

    def __init__(self, *, include_personal: bool = True, units: frozenset[int] | None = None, **kwargs):
        super().__init__(**kwargs)
        self.include_personal = include_personal
        self.units = units
        if not include_personal:
            for name in self.personal_columns:
                self.fields.pop(name, None)
        for f in self.fields.values():
            # Line breaks only in a column filling multi-line text.
            if isinstance(f.widget, TextWidget):
                f.widget.multiline = is_multiline(_model_field(self._meta.model, f.attribute or ""))
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
        # Read before the row's values replace the stored unit.
        stored_elsewhere = self.units is not None and instance.pk is not None and not self.in_scope(instance)
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as e:
            errors = e.update_error_dict(errors)
        if self.units is not None:
            for name, message in self.scope_errors(instance, stored_elsewhere).items():
                errors.setdefault(name, []).append(message)
        for f in self.get_import_fields():
            if isinstance(f.widget, widgets.ManyToManyWidget) and f.column_name in row:
                try:
                    f.clean(row)
                except ValueError as e:
                    errors[f.attribute] = [str(e)]
        if errors:
            raise ValidationError(errors)

    # Unit scope ---------------------------------------------------------------

    def in_scope(self, instance) -> bool:
        """Whether a record belongs to the importing user's units (always, for an office-wide import)."""
        return self.units is None or belongs_to_units(instance, self.units)

    def scope_errors(self, instance, stored_elsewhere: bool) -> dict[str, str]:
        """Why a unit-scoped user may not import this row, by the column it is about (none when they may)."""
        model = type(instance)
        if not scoped_model(model):
            return {}
        field = unit_field(model) or NON_FIELD_ERRORS
        if stored_elsewhere:
            message = gettext("this record belongs to another unit; you may import only records of %(units)s")
            return {field: message % {"units": unit_names(self.units)}}
        if self.in_scope(instance):
            return {}
        if field == NON_FIELD_ERRORS:
            return {field: gettext("a new record of this kind belongs to no unit of yours; add it in the admin")}
        return {field: gettext("choose one of your units: %(units)s") % {"units": unit_names(self.units)}}

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
