"""What every kind's resource shares: ``OfficeResource``, built from the key lookup (``keys``), the row checks
(``checks``) and the bulk writes (``writes``); the column helpers live in ``columns``."""

import copy

from django.utils.functional import classproperty
from django.utils.text import capfirst
from import_export import resources

from intl_office.core.people import is_personal
from intl_office.core.text import is_multiline

from .checks import RowChecks
from .columns import _model_field, choice, column, country, date, decimal, integer, text, unit, yes_no
from .keys import KeyLookup
from .records import RecordWidget
from .widgets import TextWidget
from .writes import BULK_BATCH_SIZE, BulkWrites

__all__ = [
    "BULK_BATCH_SIZE",
    "OfficeResource",
    "choice",
    "column",
    "country",
    "date",
    "decimal",
    "integer",
    "text",
    "unit",
    "yes_no",
]


class OfficeResource(KeyLookup, RowChecks, BulkWrites, resources.ModelResource):
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

    def get_diff_class(self):
        # import-export's own comparison (every column of every row read twice, for an HTML diff) is shown nowhere:
        # the preview lists old -> new from the row's record and its snapshot (the engine's ``_changes``), and a
        # confirmed import shows no comparison. Building it anyway cost a fifth of a preview's time.
        return _NoDiff

    def get_import_fields(self):
        # import-export works the list out again several times per row; it cannot change during an import.
        cached = getattr(self, "_import_fields", None)
        return list(cached) if cached is not None else super().get_import_fields()

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        self._import_fields = None
        self._import_fields = super().get_import_fields()
        self._index_keys(dataset)
        for f in self._import_fields:
            # A column naming records of the kind being imported is looked up row by row: an earlier row may
            # create or rename the record a later row names.
            if isinstance(f.widget, RecordWidget) and f.widget.model is not self._meta.model:
                if f.column_name in dataset.headers:
                    f.widget.preload(dataset[f.column_name])

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

    def after_import(self, dataset, result, **kwargs):
        super().after_import(dataset, result, **kwargs)
        self._write_import_history(result)
        self._forget_index()
        self._import_fields = None

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
