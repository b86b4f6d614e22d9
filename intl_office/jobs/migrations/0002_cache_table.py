"""The database cache's table (settings.CACHE_TABLE), made here so that `migrate` is the only set-up step: the cache
is in the database when REDIS_URL is not set, shared by every web node and worker. Made whatever the current
settings say, so switching Redis off later finds it."""

from django.core.management.commands.createcachetable import Command as CreateCacheTable
from django.db import migrations

TABLE = "intl_office_cache"


def create(apps, schema_editor):
    if TABLE not in schema_editor.connection.introspection.table_names():
        command = CreateCacheTable()
        command.verbosity = 0
        command.create_table(schema_editor.connection.alias, TABLE, dry_run=False)


def drop(apps, schema_editor):
    schema_editor.execute(f"DROP TABLE IF EXISTS {schema_editor.quote_name(TABLE)}")


class Migration(migrations.Migration):
    dependencies = [("jobs", "0001_jobs")]

    operations = [migrations.RunPython(create, drop)]
