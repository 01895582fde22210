"""``manage.py purge_submissions``: remove the retry keys (``core.Submission``) older than ``IDEMPOTENCY_KEY_HOURS``,
nightly (caseboard/core/schedule.py). A key is also cleared when its user next sends one; this keeps the table small
for users who never do."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from caseboard.core.idempotency import purge_expired


class Command(BaseCommand):
    help = "Remove retry keys older than IDEMPOTENCY_KEY_HOURS."

    def handle(self, *args: object, **options: object) -> None:
        removed = purge_expired()
        self.stdout.write(f"Removed {removed:,} expired retry key{'s' if removed != 1 else ''}.")
