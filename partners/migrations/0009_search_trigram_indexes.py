# The admin's searched columns get trigram indexes on PostgreSQL (intl_office.core.trigram); nothing on SQLite.

from django.db import migrations

from intl_office.core.trigram import trigram_indexes


class Migration(migrations.Migration):
    dependencies = [("partners", "0008_scale_indexes")]

    operations = [
        trigram_indexes(
            "partners",
            {
                "institution": ("name_en", "name_zh", "former_name", "city", "city_zh"),
                "contact": ("name", "name_zh", "email", "position"),
                "agreement": ("title", "reference"),
                "delegation": ("title", "leader", "purpose"),
            },
        )
    ]
