# The trigram indexes' pending lists bounded (intl_office.core.trigram.PENDING_LIST_LIMIT_KB); nothing on SQLite.

from django.db import migrations

from intl_office.core.trigram import trigram_pending_limit


class Migration(migrations.Migration):
    dependencies = [("partners", "0011_agreement_status_ends_on")]

    operations = [trigram_pending_limit("partners")]
