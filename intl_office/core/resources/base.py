"""What every kind's resource shares, and the kinds."""

import copy

from django.core.exceptions import NON_FIELD_ERRORS, FieldDoesNotExist, ValidationError
from django.db import DatabaseError, models, transaction
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.functional import classproperty
from django.utils.text import capfirst
from django.utils.translation import gettext
from import_export import fields as ie_fields
from import_export import resources, widgets

from intl_office.core.bulk import create_records, update_records
from intl_office.core.history import changed_fields, version_before, write_history
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
        # This resource's own options: ``write_in_bulk`` switches bulk writing on for one import.
        self._meta = copy.copy(self._meta)
        self._pending: list[tuple] = []
        self._bulk_failures: list[tuple] = []
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
        # Set by the import engine for a real import (not a preview): history is written, and a record saved by
        # someone else after ``unchanged_since`` (the preview) refuses its row.
        self.records_history = False
        self.unchanged_since = None
        self._written: dict[bool, list] = {True: [], False: []}

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
        contradicts it (a different student number is a different student, whatever the name). During an import the
        candidates come from ``before_import``'s index (a few queries for the whole file), not a query per row.
        """
        key_columns = {name for key in self.natural_keys for name in key}
        filled = {name: self.key_value(row, name) for name in key_columns}
        for key in self.natural_keys:
            if any(filled[name] is None for name in key):
                continue
            candidates = self._indexed_candidates(key, filled)
            if candidates is None:
                lookup = Q()
                for name in key:
                    attribute, value = self.fields[name].attribute, filled[name]
                    lookup &= (
                        Q(**{f"{attribute}__iexact": value}) if isinstance(value, str) else Q(**{attribute: value})
                    )
                candidates = self._meta.model.objects.filter(lookup)[:5]
            matches = [m for m in candidates if not self._contradicts(m, filled)]
            if len(matches) == 1:
                return matches[0]
            if len(matches) > 1:
                labels = ", ".join(self.label_for(name) for name in key)
                raise ValidationError(gettext("more than one stored record has this %(labels)s") % {"labels": labels})
        return None

    # The stored records a file's keys name, loaded up front ---------------------------------------------------------

    def _key_fields(self, key):
        """The model fields a natural key's columns fill, or None when one reaches through a relation."""
        fields = []
        for name in key:
            attribute = self.fields[name].attribute or ""
            if "__" in attribute:
                return None
            try:
                fields.append(self._meta.model._meta.get_field(attribute))
            except FieldDoesNotExist:
                return None
        return fields

    def get_diff_class(self):
        # A confirmed import shows no row-by-row comparison (the preview did): reading every column of every row
        # twice for it would cost a third of the import's time.
        return _NoDiff if self.records_history else super().get_diff_class()

    def get_import_fields(self):
        # import-export works the list out again several times per row; it cannot change during an import.
        cached = getattr(self, "_import_fields", None)
        return list(cached) if cached is not None else super().get_import_fields()

    def skip_row(self, instance, original, row, import_validation_errors=None):
        # import-export compares every column through its accessor, which builds a Country object per country
        # column and row; the stored values themselves (a code, an id) say the same. A new record is never
        # "unchanged".
        if not self._meta.skip_unchanged or import_validation_errors or original is None or original.pk is None:
            return False
        compared = []
        for field in self.get_import_fields():
            if isinstance(field.widget, widgets.ManyToManyWidget):
                return super().skip_row(instance, original, row, import_validation_errors)
            compared.append(field)
        for field in compared:
            attname = self._attname(field)
            if attname is not None:
                if instance.__dict__.get(attname) != original.__dict__.get(attname):
                    return False
            elif field.get_value(instance) != field.get_value(original):
                return False
        return True

    def _attname(self, field) -> str | None:
        """The column a resource field fills directly, or None when it reaches through a relation."""
        cache = self.__dict__.setdefault("_attnames", {})
        if field.attribute not in cache:
            try:
                model_field = self._meta.model._meta.get_field(field.attribute or "")
            except FieldDoesNotExist:
                model_field = None
            concrete = model_field is not None and getattr(model_field, "concrete", False)
            cache[field.attribute] = model_field.attname if concrete and not model_field.many_to_many else None
        return cache[field.attribute]

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        self._import_fields = None
        self._import_fields = super().get_import_fields()
        self._index = {}
        self._indexed = {}
        rows = [dict(zip(dataset.headers, values, strict=False)) for values in dataset]
        for key in self.natural_keys:
            if not all(name in self.fields and name in dataset.headers for name in key):
                continue
            fields = self._key_fields(key)
            if fields is None:
                continue
            wanted = {tuple(_normalized(self.key_value(row, name)) for name in key) for row in rows}
            wanted = sorted((values for values in wanted if None not in values), key=str)
            self._index[key] = {}
            for chunk in _chunks(wanted, 500):
                for record in self._candidates(fields, chunk):
                    record = self._indexed.setdefault(record.pk, record)
                    self._add_to_index(key, fields, record)

    def _candidates(self, fields, keys):
        """The stored records that may carry one of these key values: each column narrowed to the values the
        file gives it. Narrowing by the first column alone read every student of a nationality (the whole table
        at a hundred times the demo) to find a passport number."""
        queryset = self._meta.model.objects.all()
        shared = self.prefetch_related == () and all("__" not in name for name in self.select_related)
        if not shared:
            queryset = self.optimize(queryset)
        for position, field in enumerate(fields):
            values = {values[position] for values in keys}
            if not field.is_relation and all(isinstance(value, str) for value in values):
                alias = f"_import_key_{position}"
                queryset = queryset.annotate(**{alias: Lower(field.attname)}).filter(**{f"{alias}__in": values})
            else:
                queryset = queryset.filter(**{f"{field.attname}__in": values})
        records = list(queryset)
        if shared:
            self._attach_related(records)
        return records

    def _attach_related(self, records) -> None:
        """The related records the columns read (a unit, a program), loaded once each and shared by the records
        naming them, rather than joined into every row (``select_related``)."""
        cache = self.__dict__.setdefault("_related", {})
        for name in self.select_related:
            field = self._meta.model._meta.get_field(name)
            known = cache.setdefault(name, {})
            missing = {getattr(r, field.attname) for r in records} - set(known) - {None}
            if missing:
                known.update(field.related_model._default_manager.in_bulk(missing))
            for record in records:
                related_id = getattr(record, field.attname)
                if related_id is not None and related_id in known:
                    field.set_cached_value(record, known[related_id])

    def _add_to_index(self, key, fields, record):
        values = tuple(_normalized(_stored(record, f.attname)) for f in fields)
        if None not in values:
            self._index[key].setdefault(values, []).append(record)

    def _indexed_candidates(self, key, filled):
        index = getattr(self, "_index", {}).get(key)
        if index is None:
            return None
        fields = self._key_fields(key)
        wanted = tuple(_normalized(filled[name]) for name in key)
        if any(record.pk is None for record in index.get(wanted, [])):
            self._flush()  # A record an earlier row of the file creates: written first, so that this row updates it.
        # A record updated earlier in the file may no longer have the values it was indexed under.
        return [
            record
            for record in index.get(wanted, [])
            if tuple(_normalized(_stored(record, f.attname)) for f in fields) == wanted
        ]

    def _index_saved(self, record):
        for key in getattr(self, "_index", {}):
            fields = self._key_fields(key)
            values = tuple(_normalized(_stored(record, f.attname)) for f in fields)
            if record not in self._index[key].get(values, []):
                self._add_to_index(key, fields, record)

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

    def after_init_instance(self, instance, new, row, **kwargs):
        super().after_init_instance(instance, new, row, **kwargs)
        # import-export keeps the record as it was (to skip unchanged rows and show old -> new) with deepcopy(),
        # which also copies every related record it holds: a quarter of an import's time. A record's own copy
        # (Django's pickling state: its field values and a copy of its related-object cache) is all it compares,
        # since a row replaces related records and never edits them.
        instance.__deepcopy__ = _snapshot_of(instance)

    def import_instance(self, instance, row, **kwargs):
        instance.__dict__.pop("__deepcopy__", None)
        self._refuse_changed_since_preview(instance)
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
        # A related record the row names was just found in the database (the cell's widget): Django would check
        # that it exists with one more query per relation and row.
        found = {
            f.name
            for f in instance._meta.concrete_fields
            if f.is_relation and getattr(instance, f.attname) is not None and f.is_cached(instance)
        }
        # A choice or a country read from a cell is one of the field's choices already (the cell's widget refuses
        # anything else); Django would compare it with every choice again (250 countries, each label translated).
        found |= self._checked_choice_fields()
        try:
            instance.full_clean(
                exclude={*errors.keys(), *found}, validate_unique=validate_unique, validate_constraints=False
            )
        except ValidationError as e:
            errors = e.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def _refuse_changed_since_preview(self, instance) -> None:
        """No lost updates: a record someone else saved after the preview is not overwritten from the file."""
        since = self.unchanged_since
        if since is None or instance.pk is None or getattr(instance, "updated_at", None) is None:
            return
        if instance.updated_at <= since:
            return
        then = version_before(instance, since)
        if then is None:
            message = gettext("%(record)s was added by someone else after the preview; preview the file again.") % {
                "record": instance
            }
        else:
            labels = ", ".join(self.label_for(name) for name in changed_fields(type(instance), then, instance))
            message = gettext(
                "%(record)s was changed by someone else after the preview (%(fields)s); preview the file again."
            ) % {"record": instance, "fields": labels or gettext("no field you may see")}
        raise ValidationError({NON_FIELD_ERRORS: [message]})

    # Bulk writes: a few statements per batch of rows, not three per row --------------------------------------------

    def write_in_bulk(self) -> bool:
        """Write the import's records in batches (``bulk_create``/``bulk_update``), where no column fills a
        many-to-many relation (those are saved row by row, after their record). Every row is still cleaned and
        validated on its own; a batch the database refuses is saved again row by row, so that each refusal names
        its row. Returns whether bulk writing is on."""
        if any(isinstance(f.widget, widgets.ManyToManyWidget) for f in self.get_import_fields()):
            return False
        self._meta.use_bulk = True
        return True

    def save_instance(self, instance, is_create, row, **kwargs):
        if not self._meta.use_bulk:
            return super().save_instance(instance, is_create, row, **kwargs)
        self.before_save_instance(instance, row, **kwargs)
        if not is_create and hasattr(instance, "updated_at"):
            instance.updated_at = timezone.now()  # what auto_now does in save(); bulk_update does not
        self._pending.append((instance, is_create, row, kwargs.get("row_number")))
        self._index_saved(instance)
        self.after_save_instance(instance, row, **kwargs)
        if len(self._pending) >= BULK_BATCH_SIZE:
            self._flush()

    def _flush(self) -> None:
        pending, self._pending = self._pending, []
        if not pending:
            return
        model = self._meta.model
        creates = [instance for instance, is_create, _row, _n in pending if is_create]
        updates = [instance for instance, is_create, _row, _n in pending if not is_create]
        try:
            with transaction.atomic():
                create_records(model, creates)
                update_records(model, updates)
        except DatabaseError:
            for instance in creates:
                instance.pk = None
                instance._state.adding = True
            self._save_one_by_one(pending)
            return
        if self.records_history:
            self._written[True] += creates
            self._written[False] += updates

    def _save_one_by_one(self, pending) -> None:
        for instance, is_create, row, number in pending:
            try:
                with transaction.atomic():
                    instance.skip_history_when_saving = True
                    instance.save(force_insert=is_create)
            except DatabaseError as e:
                self._bulk_failures.append((number, row, e))
                continue
            finally:
                instance.__dict__.pop("skip_history_when_saving", None)
            if self.records_history:
                self._written[is_create].append(instance)

    def bulk_create(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        # import-export calls this once the rows are read: the last batch, and the refusals by row.
        self._flush()
        failures, self._bulk_failures = self._bulk_failures, []
        for number, row, error in failures:
            result.append_error_row(number, row, [self.get_error_result_class()(error, row=row, number=number)])

    def bulk_update(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        return  # done with the creations (bulk_create, above)

    # History: one INSERT per batch, not one per row ---------------------------------------------------------------

    def do_instance_save(self, instance, is_create):
        # save() would write one historical row per record; they are written together after the import.
        instance.skip_history_when_saving = True
        try:
            super().do_instance_save(instance, is_create)
        finally:
            del instance.skip_history_when_saving
        if self.records_history:
            self._written[is_create].append(instance)
        self._index_saved(instance)

    def after_import(self, dataset, result, **kwargs):
        super().after_import(dataset, result, **kwargs)
        if self.records_history and not result.has_errors() and not result.has_validation_errors():
            model = self._meta.model
            write_history(model, self._written[True], update=False)
            write_history(model, self._written[False], update=True)
        self._written = {True: [], False: []}
        self._index, self._indexed, self._related = {}, {}, {}
        self._import_fields = None

    def _checked_choice_fields(self) -> set[str]:
        if getattr(self, "_choice_fields", None) is None:
            self._choice_fields = {
                f.attribute
                for f in self.get_import_fields()
                if isinstance(f.widget, ChoiceWidget | CountryWidget) and "__" not in (f.attribute or "")
            }
        return self._choice_fields

    def warn(self, row_number: int, message: str):
        self.import_warnings.append((row_number, message))


def _snapshot_of(instance):
    def snapshot(memo=None):
        original = copy.copy(instance)
        original.__dict__.pop("__deepcopy__", None)
        return original

    return snapshot


class _NoDiff:
    def __init__(self, resource, instance, new):
        pass

    def compare_with(self, resource, instance):
        pass

    def as_html(self):
        return []


# Rows written per statement by a bulk import.
BULK_BATCH_SIZE = 500


def _stored(record, attname):
    """A field's stored value (a country's code, not the Country object its accessor builds for every read)."""
    try:
        return record.__dict__[attname]
    except KeyError:
        return getattr(record, attname)


def _normalized(value):
    """A key value as compared while importing: text without case, a country by code, a record by id."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        return value.lower()
    if isinstance(value, models.Model):
        return value.pk
    code = getattr(value, "code", None)
    if code is not None:
        return str(code).lower() or None
    return value


def _chunks(values: list, size: int):
    for start in range(0, len(values), size):
        yield values[start : start + size]
