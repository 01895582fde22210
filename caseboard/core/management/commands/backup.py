"""``manage.py backup [FILE]`` (``./dev backup``): back the database up while Caseboard runs (caseboard/core/backup.py).
Without FILE it goes to ``BACKUP_DIR`` (``var/backups`` by default) named by the time it was made."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from caseboard.core.backup import BackupError, database_backup, default_path


class Command(BaseCommand):
    help = "Back the database up (SQLite's online backup, or pg_dump for PostgreSQL) to FILE or BACKUP_DIR."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", nargs="?", help="The backup file to make (must not exist)")

    def handle(self, *args: Any, file: str | None = None, **options: Any) -> None:
        stamp = timezone.now().strftime("%Y%m%dT%H%M%SZ")
        path = Path(file) if file else default_path(Path(settings.BACKUP_DIR), stamp=stamp)
        try:
            result = database_backup(to=path)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(self.style.SUCCESS(f"Backed up the {result.vendor} database to {result.path}"))
        self.stdout.write(f"  {result.size:,} bytes; restore it with ./dev restore {result.path}")
