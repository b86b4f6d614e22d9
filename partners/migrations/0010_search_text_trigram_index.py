# The public directory's and catalogue's name search (Institution.objects.matching: search_text LIKE '%word%' for
# each word) gets a trigram index on PostgreSQL (intl_office.core.trigram); nothing on SQLite.

from django.db import migrations

from intl_office.core.trigram import trigram_indexes


class Migration(migrations.Migration):
    dependencies = [("partners", "0009_search_trigram_indexes")]

    operations = [trigram_indexes("partners", {"institution": ("search_text",)}, case_insensitive=False)]
