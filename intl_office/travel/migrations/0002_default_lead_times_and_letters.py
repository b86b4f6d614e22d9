from django.db import migrations

from intl_office.travel.letters import DEFAULT_LETTERS as LETTERS

LEAD_TIMES = {"one_country": 45, "schengen": 60, "several_countries": 90, "americas": 90}

def add_defaults(apps, schema_editor):
    LeadTime = apps.get_model("travel", "LeadTime")
    InvitationTemplate = apps.get_model("travel", "InvitationTemplate")
    for case, days in LEAD_TIMES.items():
        LeadTime.objects.get_or_create(case=case, defaults={"days": days})
    for language, (title, body, signature) in LETTERS.items():
        InvitationTemplate.objects.get_or_create(
            language=language, defaults={"title": title, "body": body, "signature": signature}
        )


class Migration(migrations.Migration):
    dependencies = [("travel", "0001_trips_visits_plans")]

    operations = [migrations.RunPython(add_defaults, migrations.RunPython.noop)]
