"""Exporting any admin list, its selection or its whole filtered list, as CSV or XLSX.

The columns are the kind's import resource (``<app>/resources.py``), so an
export opens as a valid import template: names, not ids. Rows are read with
``values_list(...).iterator()`` wherever every column is a plain value or a
related record's name, so the export runs a fixed number of queries and holds
one chunk of rows at a time, whatever the list's size; lists with a
many-to-many column (partners of a program) read model instances with the
resource's prefetches instead, still a fixed number of queries per chunk.

On PostgreSQL the database writes the rows itself, through ``COPY``, for the lists whose columns are all plain text,
choices, dates or numbers (students, delegations, experts, appointments: ``intl_office.imports.sql_rows`` says why);
Python writes the others, and every list on SQLite. The admin's actions that call it are in ``export_actions``.

Personal columns (``intl_office.core.people.PERSONAL_FIELDS``, a related
record's included) are only exported for users with the app's
``view_personal_data`` permission.
"""

import datetime
import decimal
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial

from django.core.exceptions import PermissionDenied
from django.db import connections, models, transaction
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext
from django_countries.fields import CountryField
from import_export.widgets import ForeignKeyWidget, ManyToManyWidget

from intl_office.core import resources as cells
from intl_office.core import spreadsheets as exports
from intl_office.core.people import can_see_personal_data, is_personal, personal_fields
from intl_office.imports import kinds, sql_rows
from intl_office.imports.column_kinds import AS_IS, MAPPED, RENDERED, TEXT

EXPORT_PERMISSION = "intl_office.export_records"
# The background job of a long export (intl_office.imports.export_jobs).
TASK = "imports.list_export"
CHUNK_SIZE = 2000
# Widgets whose value goes to a spreadsheet as is: numbers stay numbers, dates stay dates.
NATIVE_WIDGETS = (cells.DateWidget, cells.IntegerWidget, cells.DecimalWidget)
# Widgets that export a text column's stored value unchanged ("" for None).
TEXT_WIDGETS = (cells.TextWidget,)


def _plain_render(value) -> str:
    return "" if value is None else str(value)


@dataclass
class Column:
    header: str
    # Path for values_list(), or None when the column needs the model instance.
    path: str | None
    # The value as CSV text (before neutralising), from the raw value (path) or from the instance.
    render: Callable
    native: bool = False
    # How a raw value becomes CSV text: TEXT is a string or None, AS_IS a date or number, RENDERED needs render(),
    # MAPPED is a stored code looked up in ``labels`` (choices and countries: labels come from the code, none
    # starting with a formula trigger).
    kind: str = RENDERED
    is_date: bool = False
    labels: dict | None = None


class ListExport:
    """The columns and rows of one admin list's export, for one user."""

    def __init__(self, model, user):
        self.model = model
        self.user = user
        self.resource = None
        kind = kinds.kind_for_model(model)
        if kind is not None:
            self.resource = kinds.resource_for(kind, user)
            self.includes_personal = self.resource.include_personal and bool(self.resource.personal_columns)
            self.columns = [self._resource_column(field) for field in self.resource.get_export_fields()]
            for column in self.columns:
                column.header = self.resource.header_for(column.header)
        else:
            may_see_personal = can_see_personal_data(user, model)
            self.includes_personal = may_see_personal and bool(personal_fields(model))
            self.columns = self._model_columns(may_see_personal)
        self.fast = all(column.path is not None for column in self.columns)
        # Told how many rows were written, as an export made by the database goes (a background job's progress).
        self.on_rows: Callable[[int], object] | None = None

    # Columns ------------------------------------------------------------------

    def _resource_column(self, field) -> Column:
        widget = field.widget
        native = isinstance(widget, NATIVE_WIDGETS)
        through_relation = "__" in (field.attribute or "")
        if (
            isinstance(widget, ForeignKeyWidget)
            and not through_relation
            and type(widget).render is cells.RecordWidget.render
        ):
            # A related record by the name the widget exports, read in the same query.
            return Column(field.column_name, f"{field.attribute}__{widget.render_attr}", _plain_render, kind=TEXT)
        if isinstance(widget, ManyToManyWidget | ForeignKeyWidget):
            # Other related records: from the instance, as the resource exports them.
            return Column(field.column_name, None, lambda obj: self.resource.export_field(field, obj))
        if isinstance(widget, cells.ChoiceWidget | cells.CountryWidget):
            # Labels and country names in the active language, looked up once per export rather than per cell.
            labels = widget.labels() if isinstance(widget, cells.ChoiceWidget) else cells.country_names()
            return Column(field.column_name, field.attribute, _mapped(labels), kind=MAPPED, labels=labels)
        if native:
            kind = AS_IS
        else:
            kind = TEXT if isinstance(widget, TEXT_WIDGETS) else RENDERED
        is_date = isinstance(widget, cells.DateWidget)
        return Column(field.column_name, field.attribute, widget.render, native=native, kind=kind, is_date=is_date)

    def _model_columns(self, may_see_personal: bool) -> list[Column]:
        """For a list without an import resource: its fields by their plain names, related records by name,
        choices by label, yes/no, times in local time to the second; no ids, no last-change time."""
        columns = []
        for field in self.model._meta.concrete_fields:
            if is_personal(field.name) and not may_see_personal:
                continue
            if field.primary_key or field.name == "updated_at":
                continue
            header = capfirst(str(field.verbose_name))
            if field.is_relation:
                render = partial(_related_render, name=field.name)
                columns.append(Column(header, None, render))
            elif field.choices:
                labels = {value: str(label) for value, label in field.flatchoices}
                columns.append(Column(header, field.name, _mapped(labels), kind=MAPPED, labels=labels))
            elif isinstance(field, CountryField):
                labels = cells.country_names()
                columns.append(Column(header, field.name, _mapped(labels), kind=MAPPED, labels=labels))
            elif isinstance(field, models.BooleanField):
                columns.append(Column(header, field.name, _yes_no))
            elif isinstance(field, models.DateTimeField):
                columns.append(Column(header, field.name, _local_time))
            else:
                native = isinstance(field, models.DateField | models.IntegerField | models.DecimalField)
                columns.append(Column(header, field.name, _plain_render, native=native))
        return columns

    @property
    def header(self) -> list[str]:
        return [column.header for column in self.columns]

    # Rows ---------------------------------------------------------------------

    def prepare(self, queryset):
        if self.fast:
            return queryset
        if self.resource is not None:
            return self.resource.optimize(queryset)
        related = [f.name for f in self.model._meta.concrete_fields if f.is_relation]
        return queryset.select_related(*related) if related else queryset

    def _raw_rows(self, queryset, *, dates_as_text: bool = False) -> Iterator[tuple]:
        queryset = self.prepare(queryset)
        if self.fast:
            # For CSV the database writes dates as 2024-09-01 itself, cheaper than making and printing date objects.
            fields = [
                Cast(c.path, output_field=models.CharField()) if dates_as_text and c.is_date else c.path
                for c in self.columns
            ]
            rows = queryset.values_list(*fields).iterator(chunk_size=CHUNK_SIZE)
        else:
            rows = queryset.iterator(chunk_size=CHUNK_SIZE)
        if connections[queryset.db].vendor == "postgresql":
            # Outside a transaction, PostgreSQL's server-side cursor is declared WITH HOLD and copies the whole
            # result when the DECLARE commits; inside one it streams straight from the query.
            with transaction.atomic(using=queryset.db):
                # For this transaction only (set_config(..., true) is SET LOCAL), in one statement: a cursor's plan
                # is by default chosen to give its first tenth of the rows fast (nested loops, index walks), and an
                # export reads every row, so plan for all of them as COPY would; and a cast date follows the
                # server's DateStyle, which may be day-first, so ISO.
                options = ["set_config('cursor_tuple_fraction', '1.0', true)"]
                if dates_as_text:
                    options.append("set_config('DateStyle', 'ISO', true)")
                with connections[queryset.db].cursor() as cursor:
                    cursor.execute(f"SELECT {', '.join(options)}")
                yield from rows
        else:
            yield from rows

    def csv_rows(self, queryset) -> Iterator[list]:
        """Rows ready for csv.writer: text neutralised, numbers and dates as values (written as 12 and 2024-09-01)."""
        if not self.fast:
            for obj in self._raw_rows(queryset):
                yield [exports.csv_text(self._instance_value(c, obj, native=False)) for c in self.columns]
            return
        # This loop runs for every cell of 100,000 rows, so each column's work is decided once, up front:
        # values csv.writer already writes as the widget would (text, None, dates, whole numbers) go as they are,
        # and only text is checked for a formula trigger.
        text_columns = [i for i, c in enumerate(self.columns) if c.kind == TEXT]
        rendered_columns = [(i, c.render) for i, c in enumerate(self.columns) if c.kind == RENDERED]
        mapped_columns = [(i, c.labels) for i, c in enumerate(self.columns) if c.kind == MAPPED]
        # The core's one formula rule, with its cheap first-character test inlined.
        first_characters, formula_like = exports.FORMULA_FIRST_CHARACTERS, exports.is_formula_like
        for raw in self._raw_rows(queryset, dates_as_text=True):
            row = list(raw)
            for i in text_columns:
                value = row[i]
                if value and value[0] in first_characters and formula_like(value):
                    row[i] = "'" + value
            for i, labels in mapped_columns:
                value = row[i]
                row[i] = labels.get(value, value) if value else ""
            for i, render in rendered_columns:
                row[i] = exports.neutralise(render(row[i]))
            yield row

    def xlsx_rows(self, queryset) -> Iterator[list]:
        return self._xlsx_values(queryset)

    def _xlsx_values(self, queryset) -> Iterator[list]:
        for raw in self._raw_rows(queryset):
            if self.fast:
                yield [
                    value if c.native and _is_native(value) else c.render(value)
                    for c, value in zip(self.columns, raw, strict=True)
                ]
            else:
                yield [self._instance_value(c, raw, native=True) for c in self.columns]

    def _instance_value(self, column: Column, obj, *, native: bool):
        if column.path is None:
            return column.render(obj)
        value = obj
        for part in column.path.split("__"):
            value = getattr(value, part, None) if value is not None else None
        return value if native and column.native and _is_native(value) else column.render(value)

    # Responses ----------------------------------------------------------------

    def response(self, queryset, file_format: str, *, filters: dict | None = None, row_count: int | None = None):
        if not self.user.has_perm(EXPORT_PERMISSION):
            raise PermissionDenied
        exports.log_export(self.user, **self.log_entry(queryset, file_format, filters, row_count), records=queryset)
        return self.file_response(queryset, file_format)

    def log_entry(self, queryset, file_format: str, filters: dict | None, row_count: int | None = None) -> dict:
        """What the export log records of this export (a background job records it at each download)."""
        return {
            "what": self.model._meta.label_lower,
            "file_format": file_format,
            "filters": filters,
            "row_count": queryset.count() if row_count is None else row_count,
            "includes_personal_data": self.includes_personal,
        }

    def file_response(self, queryset, file_format: str):
        name = f"{self.model._meta.model_name}-{timezone.localdate():%Y%m%d}.{file_format}"
        cells = sql_rows.cells_for(self, queryset) if connections[queryset.db].vendor == "postgresql" else None
        if file_format == exports.CSV:
            if cells is None:
                return exports.csv_response(name, self.header, self.csv_rows(queryset), prepared=True)
            # PostgreSQL writes the CSV lines (intl_office.imports.sql_rows), into a file sent once complete: a
            # download this size is made in the request only up to EXPORT_BACKGROUND_ROWS rows.
            return exports.spooled_csv_response(
                name, self.header, lambda write: sql_rows.copy_csv(queryset, cells, write, self.on_rows)
            )
        title = str(self.model._meta.verbose_name_plural)
        if cells is None:
            return exports.xlsx_response(
                name, [exports.Sheet(title=title, header=self.header, rows=self.xlsx_rows(queryset))]
            )
        # PostgreSQL writes the rows' XML (intl_office.imports.sql_rows); the widths are guessed from the first rows
        # as for any sheet.
        widths = exports.guess_widths(self.header, list(self._xlsx_values(queryset[: exports.WIDTH_SAMPLE_ROWS])))
        sheet = exports.StreamedSheet(title, self.header, widths)

        def write_rows(write):
            return sql_rows.copy_rows(queryset, cells, sheet.date_style, write, self.on_rows)

        return exports.streamed_xlsx_response(name, sheet, write_rows)


def _mapped(labels: dict) -> Callable:
    def render(value):
        code = getattr(value, "code", value)
        return labels.get(code, code) if code else ""

    return render


def _related_render(obj, name):
    return _plain_render(getattr(obj, name))


def _yes_no(value) -> str:
    if value is None:
        return ""
    return gettext("yes") if value else gettext("no")


def _local_time(value):
    """A stored time as the office reads it: local, to the second (a spreadsheet has no time zones)."""
    return None if value is None else exports.local_naive(value).replace(microsecond=0)


def _is_native(value) -> bool:
    return value is None or isinstance(value, int | float | decimal.Decimal | datetime.date)
