"""Recompute every child's due items: `manage.py recompute_due` (nightly from cron, for the date roll-over)."""

from __future__ import annotations

import sys
import time
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from caseboard.compliance.services import due_items_recompute_all


class Command(BaseCommand):
    help = "Recompute the due items of every child from their facts and the council's operating model."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--today",
            type=date.fromisoformat,
            default=None,
            help="Compute as if today were this date (YYYY-MM-DD); for checking a scenario",
        )

    def handle(self, *args: Any, today: date | None, **options: Any) -> None:
        started = time.monotonic()
        show = sys.stderr.isatty() or options.get("verbosity", 1) > 1

        def progress(done: int, total: int) -> None:
            if show or done == total:
                filled = int(30 * done / max(total, 1))
                self.stderr.write(f"\r  children [{'#' * filled}{'.' * (30 - filled)}] {done:,}/{total:,}", ending="")
            if done == total:
                self.stderr.write("")

        written = due_items_recompute_all(today=today, progress=progress)
        elapsed = time.monotonic() - started
        self.stdout.write(self.style.SUCCESS(f"Recomputed due items in {elapsed:.1f}s ({written:,} rows changed)."))
