"""The column helpers, so each kind's resource reads as its list of columns."""

from django.core.exceptions import FieldDoesNotExist
from import_export import fields as ie_fields

from .records import UnitWidget
from .widgets import ChoiceWidget, CountryWidget, DateWidget, DecimalWidget, IntegerWidget, TextWidget, YesNoWidget


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
