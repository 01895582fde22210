"""Home page card: the key decisions waiting for this manager's approval and the reviews due."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from caseboard.core.home import CARD_ROWS, Cell, Figure, Link, home_card
from caseboard.core.hooks import Panel

from .selectors import ROLE_RANK, awaiting_approval, reviews_due


def _names(decision: Any) -> str:
    return ", ".join(f"{child.first_name} {child.last_name}" for child in decision.children.all())


def approvals_card(request: Any) -> Panel | None:
    """For team managers and heads of service: what waits for them to decide or review, oldest first."""
    user = request.user
    if user.role not in ROLE_RANK:
        return None
    waiting = awaiting_approval(user=user)
    reviews = reviews_due(user=user, within_days=0)
    url = reverse("decisions:approvals")
    oldest = sorted(waiting, key=lambda decision: (decision.proposed_at, decision.pk))[:CARD_ROWS]
    rows = [
        (
            Cell(_names(decision), reverse("decisions:decision", args=[decision.pk])),
            Cell(decision.get_kind_display()),
            Cell(f"{decision.proposed_at:%-d %b %Y}"),
        )
        for decision in oldest
    ]
    return home_card(
        30,
        "approvals",
        "Key decisions waiting for you",
        figures=[
            Figure("to approve or refuse", len(waiting), url, warning=bool(waiting)),
            Figure("reviews due today or overdue", len(reviews), url, warning=bool(reviews)),
        ],
        headers=("Child", "Decision", "Proposed"),
        rows=rows,
        total_rows=len(waiting),
        empty="No key decision is waiting for you.",
        link=Link("Go to approvals", url),
    )
