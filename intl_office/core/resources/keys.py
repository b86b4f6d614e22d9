"""Finding the stored record each row of a file describes: by its natural keys, from an index of the records the
file's keys name, loaded up front with a few queries for the whole file rather than one per row."""

from functools import cache

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower, Upper
from django.utils.translation import gettext

from .records import upper_in
from .widgets import EMPTY, CountryWidget, DateWidget, TextWidget


class KeyLookup:
    """``OfficeResource``'s natural-key lookup (see its ``natural_keys``)."""

    def key_value(self, row, name):
        """A natural-key cell, cleaned; None when empty or unreadable (the row's own errors say why).

        Remembered by cell for the resource's life: a file's key cells are read by the duplicate check, the index
        and each row's lookup, and a key column's cell means the same each time."""
        if name not in row:
            return None
        cells = self.__dict__.setdefault("_key_cells", {})
        try:
            return cells[name, row[name]]
        except KeyError:
            pass
        except TypeError:  # a cell that cannot be a dictionary key: read it each time
            return self._clean_key(row, name)
        value = cells[name, row[name]] = self._clean_key(row, name)
        return value

    def _clean_key(self, row, name):
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

    def _index_keys(self, dataset) -> None:
        """Load the stored records the file's natural keys name, by key, before the rows are read."""
        self._index = {}
        self._indexed = {}
        self._loaded = {}
        rows = [dict(zip(dataset.headers, values, strict=False)) for values in dataset]
        found = [False] * len(rows)
        for key in self.natural_keys:
            if not all(name in self.fields and name in dataset.headers for name in key):
                continue
            fields = self._key_fields(key)
            if fields is None:
                continue
            by_row = [tuple(_normalized(self.key_value(row, name)) for name in key) for row in rows]
            # A row whose record an earlier key finds stops there (``find_existing``): this key is loaded for the
            # other rows only. Loading it for every row read each stored record once per key, and the name key
            # many more (every stored student sharing a family name, a given name, a nationality and a date
            # with some row of the file); a row that needs it after all is looked up at its turn.
            wanted = {values for values, done in zip(by_row, found, strict=True) if not done and None not in values}
            self._index[key] = {}
            self._loaded[key] = wanted
            self._load_index(key, fields, sorted(wanted, key=str))
            index = self._index[key]
            found = [done or bool(index.get(values)) for values, done in zip(by_row, found, strict=True)]

    def _load_index(self, key, fields, wanted) -> None:
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
                if field.attname in _upper_indexed(self._meta.model):
                    # UPPER(column) = UPPER(value), as ``iexact`` compares, for a column an ``Upper(...)`` index
                    # serves: LOWER(column) read the whole table (at a hundred times the demo, a second per query).
                    queryset = queryset.filter(upper_in(field.attname, sorted(values)))
                else:
                    # Any other column is compared row by row among those an indexed one found: UPPER() here could
                    # lead the planner to a trigram index, which answers "=" for 500 values in seconds.
                    alias = f"_import_key_{position}"
                    queryset = queryset.alias(**{alias: Lower(field.attname)}).filter(**{f"{alias}__in": values})
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
        loaded = self._loaded[key]
        if wanted not in loaded:
            # Not loaded up front (an earlier key found the row's record then): the stored records are read now,
            # the same way; one already read is the same object, with whatever earlier rows changed in it.
            loaded.add(wanted)
            self._load_index(key, fields, [wanted])
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
            attname = self._attname(f) if isinstance(f.widget, TextWidget | DateWidget | CountryWidget) else None
            if attname is not None:
                # The stored value itself, as the index compares it: what rendering both as the export writes them
                # (a country's name, a date as 2024-09-01) would say, without building a Country per row and key.
                stored = _normalized(_stored(record, attname))
                if stored is not None and stored != _normalized(value):
                    return True
                continue
            stored = f.export(record)
            if stored and stored.lower() != f.widget.render(value).lower():
                return True
        return False

    def get_instance(self, instance_loader, row):
        return self.find_existing(row)

    def _forget_index(self) -> None:
        self._index, self._indexed, self._related, self._loaded, self._key_cells = {}, {}, {}, {}, {}


@cache
def _upper_indexed(model) -> frozenset[str]:
    """The model's columns a B-tree index on ``Upper(column)`` serves."""
    columns = set()
    for index in model._meta.indexes:
        if type(index) is models.Index and len(index.expressions) == 1 and isinstance(index.expressions[0], Upper):
            (source,) = index.expressions[0].get_source_expressions()
            if isinstance(source, F):
                columns.add(model._meta.get_field(source.name).attname)
    return frozenset(columns)


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
