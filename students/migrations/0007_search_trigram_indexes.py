# The admin's searched columns get trigram indexes on PostgreSQL (intl_office.core.trigram); nothing on SQLite.

from django.db import migrations

from intl_office.core.trigram import trigram_indexes


class Migration(migrations.Migration):
    dependencies = [("students", "0006_scale_indexes")]

    operations = [
        trigram_indexes(
            "students",
            {
                "internationalstudent": ("family_name", "given_name", "name_zh", "email"),
                "outboundmobility": ("student_name",),
            },
        )
    ]
