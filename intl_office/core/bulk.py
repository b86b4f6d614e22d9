"""Writing many records with few statements, for imports and history.

Django's ``bulk_create`` and ``bulk_update`` spend more Python time compiling a statement per batch (a CASE
expression per field and row for an update) than the database spends on the rows; an import of 10,000 students
stayed far below 1,000 rows/s with them. These helpers send plain multi-row INSERTs and one prepared UPDATE instead,
with every value prepared by its model field as Django would.
"""

from django.db import connections, router
from django.db.models.fields import AutoFieldMixin

# Rows per INSERT statement (SQLite's limit on parameters may lower it).
INSERT_BATCH = 500


def insert_fields(model) -> list:
    """The columns an INSERT fills: every concrete field but an auto-incremented primary key."""
    return [f for f in model._meta.concrete_fields if not (f.primary_key and isinstance(f, AutoFieldMixin))]


def insert_values(model, fields, rows, *, returning_pk: bool = False) -> list:
    """INSERT ``rows`` (one list of Python values per row, in the order of ``fields``); the new primary keys when
    ``returning_pk`` (in the order of the rows, as Django's ``bulk_create`` relies on too)."""
    if not rows:
        return []
    connection = connections[router.db_for_write(model)]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in fields)
    placeholder = "(" + ", ".join(["%s"] * len(fields)) + ")"
    batch = max(1, min(INSERT_BATCH, connection.ops.bulk_batch_size(fields, rows)))
    returning = f" RETURNING {quote(model._meta.pk.column)}" if returning_pk else ""
    pks = []
    with connection.cursor() as cursor:
        for start in range(0, len(rows), batch):
            chunk = rows[start : start + batch]
            params = [
                f.get_db_prep_save(value, connection) for row in chunk for f, value in zip(fields, row, strict=True)
            ]
            values = ", ".join([placeholder] * len(chunk))
            cursor.execute(f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES {values}{returning}", params)
            if returning_pk:
                pks += [row[0] for row in cursor.fetchall()]
    return pks


def can_insert_returning(model) -> bool:
    return connections[router.db_for_write(model)].features.can_return_rows_from_bulk_insert


def create_records(model, objs) -> None:
    """INSERT new records (auto_now and auto_now_add filled as ``save()`` does), setting their primary keys."""
    if not objs:
        return
    if not can_insert_returning(model):
        model._default_manager.bulk_create(objs)
        return
    fields = insert_fields(model)
    rows = [[f.pre_save(obj, True) for f in fields] for obj in objs]
    for obj, pk in zip(objs, insert_values(model, fields, rows, returning_pk=True), strict=True):
        obj.pk = pk
        obj._state.adding = False
        obj._state.db = router.db_for_write(model)


def update_records(model, objs) -> None:
    """Write every column of these records back (auto_now filled as ``save()`` does).

    PostgreSQL: one ``UPDATE ... FROM (VALUES ...)`` per batch of rows (a statement per row would wait for a round
    trip each). SQLite, in the same process: one prepared UPDATE run for each row (``executemany``)."""
    if not objs:
        return
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    pk = model._meta.pk
    connection = connections[router.db_for_write(model)]
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    rows = [[obj.pk] + [f.get_db_prep_save(f.pre_save(obj, False), connection) for f in fields] for obj in objs]
    with connection.cursor() as cursor:
        if connection.vendor != "postgresql":
            sql = "UPDATE {} SET {} WHERE {} = %s".format(
                table, ", ".join(f"{quote(f.column)} = %s" for f in fields), quote(pk.column)
            )
            cursor.executemany(sql, [row[1:] + row[:1] for row in rows])
            return
        # Values typed by their column: a column of NULLs alone would otherwise be text.
        assignments = ", ".join(
            f"{quote(f.column)} = v.{quote(f.column)}::{f.cast_db_type(connection)}" for f in fields
        )
        names = ", ".join(quote(f.column) for f in [pk, *fields])
        placeholder = "(" + ", ".join(["%s"] * (len(fields) + 1)) + ")"
        for start in range(0, len(rows), INSERT_BATCH):
            chunk = rows[start : start + INSERT_BATCH]
            values = ", ".join([placeholder] * len(chunk))
            cursor.execute(
                f"UPDATE {table} SET {assignments} FROM (VALUES {values}) AS v ({names}) "
                f"WHERE {table}.{quote(pk.column)} = v.{quote(pk.column)}::{pk.cast_db_type(connection)}",
                [value for row in chunk for value in row],
            )
