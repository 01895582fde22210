"""Home page card: the front door's queue of contacts waiting for a decision."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone

from caseboard.core.home import Figure, Link, home_card
from caseboard.core.hooks import Panel

from .rules import uses_the_front_door
from .selectors import queue_counts, works_at_front_door


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
