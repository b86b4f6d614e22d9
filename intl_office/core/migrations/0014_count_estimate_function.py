"""``office_count_estimate(query)``: the planner's row estimate of a query, for admin lists of many rows (PostgreSQL
only; see ``intl_office.core.counting``)."""

from django.db import migrations

from intl_office.core.counting import COUNT_ESTIMATE_FUNCTION, DROP_COUNT_ESTIMATE_FUNCTION


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(COUNT_ESTIMATE_FUNCTION)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_COUNT_ESTIMATE_FUNCTION)


class Migration(migrations.Migration):
    dependencies = [("intl_office", "0013_unit_staff_history")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
