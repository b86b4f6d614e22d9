"""Trigram indexes for the admin's searches, on PostgreSQL only.

The admin searches with ``icontains``: ``UPPER(column::text) LIKE UPPER('%words%')`` on PostgreSQL, which no B-tree
index serves. A GIN index of the column's trigrams (``pg_trgm``) on that same expression does, so a search of a
large table reads the matching rows instead of every row. SQLite keeps its plain ``LIKE``: the operation does
nothing there. Each domain app's migration lists its own searched columns.
"""

from django.db import migrations


def trigram_indexes(
    app_label: str, columns: dict[str, tuple[str, ...]], *, case_insensitive: bool = True
) -> migrations.RunPython:
    """A migration operation creating (and, reversed, dropping) a trigram index per model name and column.

    ``case_insensitive=False`` indexes the column itself, for ``contains`` on text already folded (a partner's
    ``search_text``), which PostgreSQL compares as ``column::text LIKE``."""

    def names(apps, schema_editor):
        for model_name, fields in columns.items():
            table = apps.get_model(app_label, model_name)._meta.db_table
            for column in fields:
                yield table, column, f"{table}_{column}_trgm"[:63]

    def create(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        quote = schema_editor.quote_name
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        for table, column, name in names(apps, schema_editor):
            indexed = f"(UPPER({quote(column)}::text))" if case_insensitive else quote(column)
            schema_editor.execute(
                f"CREATE INDEX IF NOT EXISTS {quote(name)} ON {quote(table)} USING gin ({indexed} gin_trgm_ops)"
            )

    def drop(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for _table, _column, name in names(apps, schema_editor):
            schema_editor.execute(f"DROP INDEX IF EXISTS {schema_editor.quote_name(name)}")

    return migrations.RunPython(create, drop, elidable=False)
