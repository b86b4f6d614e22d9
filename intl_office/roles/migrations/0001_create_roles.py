from django.db import migrations


def create_roles(apps, schema_editor):
    # The declarations as they stand: running this again changes nothing, and post_migrate adds later permissions.
    from intl_office.roles.roles import create_all_permissions, sync_roles

    using = schema_editor.connection.alias
    create_all_permissions(apps, using)
    sync_roles(apps, using)


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("intl_office", "0005_unit_members"),
        ("partners", "0005_agreement_scan_validator"),
        ("programs", "0002_constraint_messages"),
        ("students", "0004_discipline_graduation_date"),
        ("experts", "0004_expert_given_name_help_text"),
    ]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
