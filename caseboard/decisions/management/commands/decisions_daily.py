"""The key decisions' daily round (cron, early morning): expire, remind, escalate."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from caseboard.decisions.services import decisions_escalate, decisions_expire, review_reminders


class Command(BaseCommand):
    help = "Expire decisions whose period has ended, remind approvers of reviews due, escalate overdue reviews."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--today", type=date.fromisoformat, default=None)

    def handle(self, *args: Any, today: date | None, **options: Any) -> None:
        expired = decisions_expire(today=today)
        reminded = review_reminders(today=today)
        escalated = decisions_escalate(today=today)
        self.stdout.write(
            self.style.SUCCESS(
                f"Expired {expired}, sent {reminded} review reminders, escalated {escalated} overdue reviews."
            )
        )
