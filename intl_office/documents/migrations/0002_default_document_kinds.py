"""The documents a Chinese university's international office usually keeps, so a checklist works from the start;
staff can change them in the admin."""

from django.db import migrations

# (applies_to, student_category or appointment_term, English, Chinese, expires)
KINDS = [
    ("student", "", "Passport copy", "护照复印件", True),
    ("student", "", "Visa or residence permit copy", "签证或居留许可复印件", True),
    ("student", "", "Admission notice", "录取通知书", False),
    ("student", "", "JW201 or JW202 form", "JW201或JW202表", False),
    ("student", "", "Insurance certificate", "保险凭证", True),
    ("student", "degree", "Physical examination record", "外国人体格检查记录", False),
    ("student", "degree", "Highest diploma", "最高学历证明", False),
    ("expert", "", "Passport copy", "护照复印件", True),
    ("expert", "", "Visa or residence permit copy", "签证或居留许可复印件", True),
    ("expert", "long_term", "Work permit", "外国人工作许可证", True),
    ("expert", "long_term", "Employment contract", "聘用合同", True),
    ("expert", "long_term", "Criminal record certificate", "无犯罪记录证明", False),
    ("expert", "long_term", "Highest diploma", "最高学历证明", False),
]


def add_kinds(apps, schema_editor):
    DocumentKind = apps.get_model("documents", "DocumentKind")
    for position, (applies_to, scope, name_en, name_zh, expires) in enumerate(KINDS):
        DocumentKind.objects.get_or_create(
            applies_to=applies_to,
            student_category=scope if applies_to == "student" else "",
            appointment_term=scope if applies_to == "expert" else "",
            name_en=name_en,
            defaults={"name_zh": name_zh, "has_expiry": expires, "position": position},
        )


class Migration(migrations.Migration):
    dependencies = [("documents", "0001_document_checklists")]

    operations = [migrations.RunPython(add_kinds, migrations.RunPython.noop)]
