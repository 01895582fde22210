"""Home page card: the front door's queue of contacts waiting for a decision."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone

from caseboard.core.home import Cell, Figure, Link, home_card
from caseboard.core.hooks import Panel

from .rules import uses_the_front_door
from .selectors import queue_counts, screenings_to_confirm, works_at_front_door


def queue_card(request: Any) -> Panel | None:
    user = request.user
    if not uses_the_front_door(user):
        return None
    counts = queue_counts(user=user, today=timezone.localdate())
    url = reverse("frontdoor:queue")
    links = [Link("Record a contact", reverse("frontdoor:contact-new"))] if works_at_front_door(user) else []
    return home_card(
        12,
        "front-door",
        "The front door",
        figures=[
            Figure("contacts waiting for a decision", counts["awaiting"], url),
            Figure("due today", counts["today"], url, warning=bool(counts["today"])),
            Figure("overdue", counts["overdue"], url, warning=bool(counts["overdue"])),
        ],
        link=Link("Go to the front door queue", url),
        links=links,
    )


def screenings_to_confirm_card(request: Any) -> Panel | None:
    """A manager's queue of screening decisions recorded in their name, to confirm: nothing when there are none."""
    screenings = screenings_to_confirm(user=request.user)
    total = screenings.count()
    if not total:
        return None
    rows = [
        (
            Cell(s.referral.child.full_name, reverse("frontdoor:screening", args=[s.referral_id])),
            Cell(f"{s.referral.received_on:%-d %b %Y}"),
            Cell(str(s.updated_by or "")),
        )
        for s in screenings[:5]
    ]
    return home_card(
        11,
        "screenings-to-confirm",
        "Screening decisions to confirm",
        headers=("Child", "Referred", "Recorded by"),
        rows=rows,
        total_rows=total,
    )
