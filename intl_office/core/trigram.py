"""Trigram indexes for the admin's searches, on PostgreSQL only.

The admin searches with ``icontains``: ``UPPER(column::text) LIKE UPPER('%words%')`` on PostgreSQL, which no B-tree
index serves. A GIN index of the column's trigrams (``pg_trgm``) on that same expression does, so a search of a
large table reads the matching rows instead of every row. SQLite keeps its plain ``LIKE``: the operation does
nothing there. Each domain app's migration lists its own searched columns.
"""

from django.db import migrations

# GIN indexes take new entries into a pending list (``fastupdate``) that every search reads whole, until VACUUM or an
# insert past ``gin_pending_list_limit`` merges it into the index. At PostgreSQL's default (4 MB) an import, even a
# dry run that is rolled back, leaves up to 4 MB to read per index per search: after the bench's import runs the
# students' name indexes held 22,000 pending entries (1,300 pages), and autovacuum waits for 20% of the table to
# change. At 256 kB an insert merges the list sooner, in smaller batches (the import dry run's rate stayed within the
# measurements' spread), and a search reads at most 32 pages per index.
PENDING_LIST_LIMIT_KB = 256


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


def trigram_pending_limit(app_label: str) -> migrations.RunPython:
    """A migration operation setting ``gin_pending_list_limit`` (``PENDING_LIST_LIMIT_KB``) on every trigram index of
    the app's tables (``*_trgm``, as ``trigram_indexes`` names them), and resetting it when reversed."""

    def indexes(apps, schema_editor):
        tables = [model._meta.db_table for model in apps.get_app_config(app_label).get_models()]
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(
                "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() AND tablename = ANY(%s) "
                "AND indexname LIKE '%%\\_trgm' AND indexdef LIKE '%% USING gin %%'",
                [tables],
            )
            return [name for (name,) in cursor.fetchall()]

    def limit(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for name in indexes(apps, schema_editor):
            quoted = schema_editor.quote_name(name)
            schema_editor.execute(f"ALTER INDEX {quoted} SET (gin_pending_list_limit = {PENDING_LIST_LIMIT_KB})")

    def reset(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for name in indexes(apps, schema_editor):
            schema_editor.execute(f"ALTER INDEX {schema_editor.quote_name(name)} RESET (gin_pending_list_limit)")

    return migrations.RunPython(limit, reset, elidable=False)
