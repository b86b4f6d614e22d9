"""Each row's checks before it is written: model validation without the queries the database or the cell's widget
already answer, unit scope, no lost update since the preview, and whether the row changes anything at all."""

from django.core.exceptions import NON_FIELD_ERRORS, FieldDoesNotExist, ValidationError
from django.db.models import NOT_PROVIDED
from django.utils.translation import gettext
from import_export import widgets
from import_export.fields import Field

from intl_office.core.history import changed_fields, version_before
from intl_office.core.scope import belongs_to_units, scoped_model, unit_field, unit_names

from .widgets import ChoiceWidget, CountryWidget


class RowChecks:
    """``OfficeResource``'s row validation (see its ``units``)."""

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

    def import_instance(self, instance, row, **kwargs):
        instance.__dict__.pop("__deepcopy__", None)
        self._refuse_changed_since_preview(instance)
        # import-export fills many-to-many columns only after saving and reports a bad
        # name there as a crash; checking them here reports it like any other cell.
        errors = {}
        # Read before the row's values replace the stored unit.
        stored_elsewhere = self.units is not None and instance.pk is not None and not self.in_scope(instance)
        try:
            self._fill(instance, row, **kwargs)
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

    def _fill(self, instance, row, **kwargs) -> None:
        """import-export's ``import_instance``: each column's cell cleaned by its widget and set on the record, a
        refused cell reported under its field. A column filling the record's own field is done here directly: the
        three calls per cell import-export makes for it (``import_field``, ``Field.save``, ``Field.clean``) were a
        tenth of a preview's time."""
        errors = {}
        for field in self.get_import_fields():
            if isinstance(field.widget, widgets.ManyToManyWidget):
                continue
            attribute = field.attribute
            direct = type(field) is Field and attribute and "__" not in attribute and not field.readonly
            try:
                if not direct:
                    self.import_field(field, instance, row, **kwargs)
                    continue
                if field.column_name not in row:
                    continue
                value = field.widget.clean(row[field.column_name], row=row, **kwargs)
            except ValueError as e:
                errors[attribute] = ValidationError(str(e), code="invalid")
                continue
            if value in field.empty_values and field.default != NOT_PROVIDED:
                value = field.default() if callable(field.default) else field.default
            if value is not None or field.saves_null_values:
                setattr(instance, attribute, value)
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

    def _checked_choice_fields(self) -> set[str]:
        if getattr(self, "_choice_fields", None) is None:
            self._choice_fields = {
                f.attribute
                for f in self.get_import_fields()
                if isinstance(f.widget, ChoiceWidget | CountryWidget) and "__" not in (f.attribute or "")
            }
        return self._choice_fields
