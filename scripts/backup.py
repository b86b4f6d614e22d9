"""Backup and restore: the PostgreSQL database (pg_dump's custom format) and the private files (a tar archive).

    python scripts/backup.py backup                 # writes BACKUP_DIR/intl-office-<time>.dump and -files.tar.gz
    python scripts/backup.py restore [<time>]       # restores that backup (default: the newest) into DATABASE_URL

`make backup` and `make restore` run these. The database, the private files' folder (PRIVATE_MEDIA_ROOT) and
BACKUP_DIR come from the project's settings (the environment or .env). Restoring replaces what the target database
holds (pg_restore --clean) and adds the archive's files to the private folder; restore into a fresh, empty database
(`createdb`) to check a backup.
"""

import argparse
import datetime
import os
import subprocess
import sys
import tarfile
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
PREFIX = "intl-office-"


def setup():
    sys.path.insert(0, str(BASE_DIR))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "intl_office.settings")
    import django

    django.setup()


def database() -> tuple[list[str], dict]:
    """pg_dump/pg_restore's connection options and environment (the password) for the default database."""
    from django.db import connections

    settings_dict = connections["default"].settings_dict
    if connections["default"].vendor != "postgresql":
        sys.exit("Backups need PostgreSQL: set DATABASE_URL to the PostgreSQL database.")
    options = ["--dbname", settings_dict["NAME"]]
    for flag, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if settings_dict.get(key):
            options += [flag, str(settings_dict[key])]
    environment = dict(os.environ)
    if settings_dict.get("PASSWORD"):
        environment["PGPASSWORD"] = settings_dict["PASSWORD"]
    return options, environment


def private_root() -> Path:
    from django.core.files.storage import default_storage

    return Path(default_storage.location)


def backup_dir() -> Path:
    from django.conf import settings

    return Path(settings.BACKUP_DIR)


def backup() -> str:
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    folder = backup_dir()
    folder.mkdir(parents=True, exist_ok=True)
    options, environment = database()
    dump = folder / f"{PREFIX}{stamp}.dump"
    command = ["pg_dump", "--format=custom", "--no-owner", "--file", str(dump), *options]
    subprocess.run(command, env=environment, check=True)
    files = folder / f"{PREFIX}{stamp}-files.tar.gz"
    root = private_root()
    with tarfile.open(files, "w:gz") as archive:
        if root.exists():
            archive.add(root, arcname=".")
    print(f"Backed up the database to {dump} and the private files to {files}.")
    return stamp


def restore(stamp: str | None) -> None:
    folder = backup_dir()
    if stamp is None:
        dumps = sorted(folder.glob(f"{PREFIX}*.dump"))
        if not dumps:
            sys.exit(f"No backup in {folder}.")
        stamp = dumps[-1].name.removeprefix(PREFIX).removesuffix(".dump")
    dump, files = folder / f"{PREFIX}{stamp}.dump", folder / f"{PREFIX}{stamp}-files.tar.gz"
    for path in (dump, files):
        if not path.exists():
            sys.exit(f"{path} is missing.")
    options, environment = database()
    subprocess.run(
        ["pg_restore", "--clean", "--if-exists", "--no-owner", "--exit-on-error", *options, str(dump)],
        env=environment,
        check=True,
    )
    root = private_root()
    root.mkdir(parents=True, exist_ok=True)
    with tarfile.open(files, "r:gz") as archive:
        # The "data" filter refuses absolute paths, links out of the folder and device files.
        archive.extractall(root, filter="data")
    print(f"Restored the database from {dump} and the private files from {files} into {root}.")


def main(argv=None):
    parser = argparse.ArgumentParser(description="Back up or restore the database and the private files.")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("backup")
    restore_parser = commands.add_parser("restore")
    restore_parser.add_argument("stamp", nargs="?", help="The backup's time stamp (default: the newest).")
    arguments = parser.parse_args(argv)
    setup()
    if arguments.command == "backup":
        backup()
    else:
        restore(arguments.stamp)


if __name__ == "__main__":
    main()
