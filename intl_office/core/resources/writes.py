"""Writing an import's records: a few statements per batch of rows rather than three per row, and their history
rows together after the import."""

from django.db import DatabaseError, transaction
from django.utils import timezone
from import_export import widgets

from intl_office.core.bulk import create_records, update_records
from intl_office.core.history import write_history

# Rows written per statement by a bulk import.
BULK_BATCH_SIZE = 500


class BulkWrites:
    """``OfficeResource``'s writes (see ``write_in_bulk``)."""

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

    def _write_import_history(self, result) -> None:
        """The history rows of what the import wrote, one INSERT per batch, when it wrote everything."""
        if self.records_history and not result.has_errors() and not result.has_validation_errors():
            model = self._meta.model
            write_history(model, self._written[True], update=False)
            write_history(model, self._written[False], update=True)
        self._written = {True: [], False: []}
