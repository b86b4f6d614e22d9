# The admin's searched columns get trigram indexes on PostgreSQL (intl_office.core.trigram); nothing on SQLite.

from django.db import migrations

from intl_office.core.trigram import trigram_indexes


class Migration(migrations.Migration):
    dependencies = [("programs", "0005_scale_indexes")]

    operations = [
        trigram_indexes(
            "programs",
            {"program": ("title_en", "title_zh", "moe_approval_number")},
        )
    ]
