"""Import staff from a CSV file on the command line (a council's first day): all or nothing, like the web page."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from caseboard.accounts.models import User
from caseboard.accounts.staff_import import StaffImportError, staff_import


class Command(BaseCommand):
    help = "Add every member of staff in a CSV file (the template's columns), or none: problems listed by line."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="the CSV file (download the template from /staff/import/)")
        parser.add_argument("--by", required=True, help="username of the administrator the history names")
        parser.add_argument(
            "--send-links", action="store_true", help="email everyone a one-time link to set their password"
        )

    def handle(self, *args: Any, file: Path, by: str, send_links: bool, **options: Any) -> None:
        administrator = User.objects.filter(username=by, is_active=True).first()
        if administrator is None or not administrator.has_perm("accounts.manage_staff"):
            raise CommandError(f"{by} is not an active administrator")
        try:
            data = file.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}") from None
        try:
            created = staff_import(data=data, imported_by=administrator, send_password_links=send_links)
        except StaffImportError as error:
            for problem in error.problems:
                self.stderr.write(f"line {problem.line}, {problem.field}: {problem.message}")
            raise CommandError(f"Nobody imported: {len(error.problems)} problem(s) in {file.name}") from None
        sent = ", each emailed a link to set their password (sent by the worker)" if send_links else ""
        self.stdout.write(self.style.SUCCESS(f"Added {len(created)} members of staff{sent}."))
