"""Compare last week's referrals with earlier years and alert heads of service to a surge or a fall (run daily or
weekly from cron; an alert is never sent twice for one week)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Send demand alerts (referrals well above or below the usual level) to heads of service."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--today", type=date.fromisoformat, help="Run as if today were this date (YYYY-MM-DD)")

    def handle(self, *args: Any, **options: Any) -> None:
        from caseboard.reporting.demand.services import demand_alerts_send

        sent = demand_alerts_send(today=options.get("today"))
        if sent:
            self.stdout.write(f"Sent {len(sent)} alert notification(s): {sent[0].message}")
        else:
            self.stdout.write("No demand alert to send")
