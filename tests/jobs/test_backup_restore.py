"""make backup / make restore (scripts/backup.py): a backup restored into a fresh PostgreSQL database holds every
record of every table, and the private files come back byte for byte.

Needs PostgreSQL (DATABASE_URL); under CI a missing one fails the test, elsewhere it is skipped with the reason.
"""

import os
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path

import psycopg2
from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.test import TransactionTestCase, override_settings

from intl_office.jobs.models import Job
from intl_office.jobs.runner import Output, register, submit
from tests import factories as f

BASE_DIR = Path(__file__).resolve().parents[2]


@register("tests.backup_file")
def backup_file(job, progress, out):
    out.write("学生名单\n".encode())
    return Output(name="list.txt", content_type="text/plain")


def run_backup(*args, database_url: str, media: str, backups: str):
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_URL", "PRIVATE_MEDIA_ROOT", "BACKUP_DIR", "REDIS_URL"))
    }
    environment.update(
        DATABASE_URL=database_url,
        PRIVATE_MEDIA_ROOT=media,
        BACKUP_DIR=backups,
        DJANGO_SECRET_KEY="backup-test-key",
        DJANGO_READ_DOT_ENV="false",
    )
    result = subprocess.run(
        [sys.executable, str(BASE_DIR / "scripts" / "backup.py"), *args],
        cwd=BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result


def url_for(settings_dict, name: str) -> str:
    host, port = settings_dict["HOST"] or "127.0.0.1", settings_dict["PORT"] or 5432
    return f"postgres://{settings_dict['USER']}@{host}:{port}/{name}"


@override_settings(CELERY_BROKER_URL="")
class BackupRestoreTests(TransactionTestCase):
    def setUp(self):
        if connection.vendor != "postgresql":
            message = "make backup / make restore need PostgreSQL (set DATABASE_URL)"
            if os.environ.get("CI"):
                raise AssertionError(message)
            self.skipTest(message)

    def test_a_backup_restored_into_a_fresh_database_finds_every_record_and_file(self):
        unit = f.make_unit()
        partner = f.make_institution()
        f.make_agreement(partner, unit=unit)
        program = f.make_program(partner)
        f.make_student(unit=unit, program=program, name_zh="王小明")
        f.make_appointment(unit=unit)
        f.make_outbound(unit=unit)
        owner = f.make_user("owner")
        job = submit(owner, kind=Job.Kind.EXPORT, task="tests.backup_file", title="List")
        scan = default_storage.save("agreements/scan.pdf", ContentFile(b"%PDF-1.4 scan"))
        media = default_storage.location
        settings_dict = connection.settings_dict
        backups = tempfile.mkdtemp(prefix="intl-office-backups-")

        run_backup("backup", database_url=url_for(settings_dict, settings_dict["NAME"]), media=media, backups=backups)
        self.assertEqual(len(list(Path(backups).glob("intl-office-*.dump"))), 1)

        fresh = f"intl_office_restore_{uuid.uuid4().hex[:12]}"
        with connection.cursor() as cursor:
            cursor.execute(f'CREATE DATABASE "{fresh}"')
        self.addCleanup(self.drop, fresh)
        restored_media = tempfile.mkdtemp(prefix="intl-office-restored-media-")
        run_backup("restore", database_url=url_for(settings_dict, fresh), media=restored_media, backups=backups)

        restored = psycopg2.connect(
            dbname=fresh,
            user=settings_dict["USER"],
            host=settings_dict["HOST"] or "127.0.0.1",
            port=settings_dict["PORT"] or 5432,
            password=settings_dict.get("PASSWORD") or None,
        )
        self.addCleanup(restored.close)
        checked = 0
        for model in apps.get_models(include_auto_created=True):
            if not model._meta.managed or model._meta.proxy:
                continue
            table, pk = model._meta.db_table, model._meta.pk.column
            expected = set(model._base_manager.values_list("pk", flat=True))
            with restored.cursor() as cursor:
                cursor.execute(f'SELECT "{pk}" FROM "{table}"')
                found = {row[0] for row in cursor.fetchall()}
            self.assertEqual(found, expected, table)
            checked += bool(expected)
        # The records made above (and the users, permissions, content types) were all there to find.
        self.assertGreaterEqual(checked, 10)
        with restored.cursor() as cursor:
            cursor.execute("SELECT name_zh FROM students_internationalstudent")
            self.assertEqual(cursor.fetchall(), [("王小明",)])
        for name in (job.file.name, scan):
            self.assertEqual((Path(restored_media) / name).read_bytes(), default_storage.open(name).read(), name)

    def drop(self, name: str):
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
