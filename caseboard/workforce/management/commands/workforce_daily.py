"""Nightly: hand back children whose cover has ended, and recompute the staff due items for the new day."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from caseboard.workforce.due import staff_due_recompute
from caseboard.workforce.models import CoverArrangement
from caseboard.workforce.services import cover_end


class Command(BaseCommand):
    help = "End cover arrangements past their end date and recompute welfare and supervision due items."

    def handle(self, *args: Any, **options: Any) -> None:
        today = timezone.localdate()
        ended = 0
        for arrangement in CoverArrangement.objects.filter(ended_at__isnull=True, ends_on__lt=today).select_related(
            "arranged_by"
        ):
            cover_end(arrangement=arrangement, ended_by=arrangement.arranged_by, today=today)
            ended += 1
        items = staff_due_recompute(today=today)
        self.stdout.write(f"{ended} cover arrangements ended; {items:,} staff due items for {today:%-d %B %Y}.")
