"""Home page card: the independent reviewing officer's looked-after reviews, the overdue ones first."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone

from caseboard.accounts.rules import is_independent_reviewing_officer
from caseboard.core.home import CARD_ROWS, Cell, Figure, Link, home_card
from caseboard.core.hooks import Panel

from .selectors import iro_children, iro_reviews_overdue, iro_reviews_upcoming


def _names(meeting: Any) -> str:
    return ", ".join(child.full_name for child in meeting.children.all())


def iro_reviews_card(request: Any) -> Panel | None:
    user = request.user
    if not is_independent_reviewing_officer(user):
        return None
    overdue = iro_reviews_overdue(user=user).count()
    upcoming = list(iro_reviews_upcoming(user=user)[:CARD_ROWS])
    url = reverse("meetings:iro-reviews")
    rows = [
        (
            Cell(_names(meeting), reverse("meetings:meeting", args=[meeting.pk])),
            Cell(f"{timezone.localtime(meeting.scheduled_for):%-d %b %Y %H:%M}"),
            Cell(meeting.get_format_display()),
        )
        for meeting in upcoming
    ]
    return home_card(
        14,
        "reviews",
        "Your looked-after reviews",
        figures=[
            Figure("children you review", iro_children(user).count(), url),
            Figure("reviews overdue", overdue, url, warning=bool(overdue)),
        ],
        headers=("Child", "When", "How"),
        rows=rows,
        total_rows=iro_reviews_upcoming(user=user).count() if len(upcoming) == CARD_ROWS else len(upcoming),
        empty="No review is scheduled.",
        link=Link("See all your reviews", url),
    )
