"""``manage.py restore FILE`` (``./dev restore FILE``): replace the database with a backup, all or nothing
(caseboard/core/backup.py). Stop the web servers, workers and scheduler first; run ``manage.py migrate`` after, in
case the backup was made by an older version."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from caseboard.core.backup import BackupError, database_restore


class Command(BaseCommand):
    help = "Replace the database with the backup in FILE (asks first unless --yes)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="A file made by manage.py backup")
        parser.add_argument("--yes", action="store_true", help="Do not ask before replacing the database")

    def handle(self, *args: Any, file: str, yes: bool, **options: Any) -> None:
        name = connection.settings_dict["NAME"]
        if not yes:
            answer = input(f"This replaces everything in the database {name} with {file}. Type 'restore' to go on: ")
            if answer.strip() != "restore":
                raise CommandError("Nothing restored")
        try:
            result = database_restore(source=Path(file))
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(self.style.SUCCESS(f"Restored the {result.vendor} database {name} from {result.path}"))
        self.stdout.write("  Run manage.py migrate before starting Caseboard again, in case the backup is older.")
