# The trigram indexes' pending lists bounded (intl_office.core.trigram.PENDING_LIST_LIMIT_KB); nothing on SQLite.

from django.db import migrations

from intl_office.core.trigram import trigram_pending_limit


class Migration(migrations.Migration):
    dependencies = [("programs", "0006_search_trigram_indexes")]

    operations = [trigram_pending_limit("programs")]
