"""Fills the new username of existing export and import log rows from their user (rows whose user was deleted
before this change have lost it: they stay blank)."""

from django.conf import settings
from django.db import migrations
from django.db.models import OuterRef, Subquery


def fill_usernames(apps, schema_editor):
    User = apps.get_model(settings.AUTH_USER_MODEL)
    username_field = getattr(User, "USERNAME_FIELD", "username")
    for name in ("ExportLog", "ImportLog"):
        model = apps.get_model("intl_office", name)
        usernames = User.objects.filter(pk=OuterRef("user_id")).values(username_field)[:1]
        model.objects.filter(user__isnull=False, username="").update(username=Subquery(usernames))


class Migration(migrations.Migration):
    dependencies = [
        ("intl_office", "0006_personal_data_access_log"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [migrations.RunPython(fill_usernames, migrations.RunPython.noop)]
