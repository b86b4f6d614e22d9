# The admin's searched columns get trigram indexes on PostgreSQL (intl_office.core.trigram); nothing on SQLite.

from django.db import migrations

from intl_office.core.trigram import trigram_indexes


class Migration(migrations.Migration):
    dependencies = [("experts", "0006_scale_indexes")]

    operations = [
        trigram_indexes(
            "experts",
            {
                "expert": ("family_name", "given_name", "name_zh", "field", "email"),
                "appointment": ("position", "courses"),
                "talentproject": ("title", "reference"),
            },
        )
    ]
