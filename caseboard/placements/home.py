"""Carers' reviews on the supervising social worker's (and their manager's) Due and overdue and home page: the
reviews overdue or due within the operating model's window, and the fostering panels to come."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.urls import reverse
from django.utils import timezone

from caseboard.clock.calendar import add_working_days
from caseboard.clock.vocabulary import DueStatus
from caseboard.compliance.selectors import SOON_WORKING_DAYS
from caseboard.core.home import CARD_ROWS, Cell, Figure, Link, home_card
from caseboard.core.hooks import Panel

from . import selectors
from .operating import settings_on

STATUS_TAGS = {
    DueStatus.OVERDUE.value: ("Overdue", "red"),
    DueStatus.DUE_SOON.value: ("Due soon", "orange"),
    DueStatus.UPCOMING.value: ("Upcoming", "blue"),
}


def _status(due_on: date, today: date) -> str:
    if due_on < today:
        return DueStatus.OVERDUE.value
    if due_on <= add_working_days(today, SOON_WORKING_DAYS):
        return DueStatus.DUE_SOON.value
    return DueStatus.UPCOMING.value


def _reviews(request: Any) -> tuple[list[tuple[selectors.ReviewDue, str]], list[selectors.PanelDue], Any]:
    if getattr(request.user, "role", "") not in selectors.REVIEWING_ROLES:
        return [], [], None  # no query for anyone else
    if not selectors.supervised_by_or_managed(request.user).exists():
        return [], [], None  # a manager with no supervising social worker in their teams
    today = timezone.localdate()
    rules = settings_on(today)
    reviews = selectors.carer_reviews_on_worklist(
        user=request.user, day=today, months=rules.annual_review_months, within_days=rules.lapse_warning_days
    )
    panels = selectors.panels_on_worklist(user=request.user, day=today, within_days=rules.lapse_warning_days)
    return [(review, _status(review.due_on, today)) for review in reviews], panels, rules


def carer_reviews_panel(request: Any) -> Panel | None:
    """On the user's own Due and overdue: the reviews of the carers they supervise (a manager: of those supervised in
    their teams) overdue or due within the window, with the same statuses as their other due items, and the fostering
    panels to come. Nothing for a user with none."""
    rows, panels, rules = _reviews(request)
    if not rows and not panels:
        return None
    return Panel(
        order=12,
        template="placements/worklist_panel.html",
        context={
            "rows": rows,
            "panels": panels,
            "months": rules.annual_review_months,
            "window": rules.lapse_warning_days,
            "shows_worker": request.user.role in selectors.REVIEW_MANAGER_ROLES,
        },
    )


def carer_reviews_card(request: Any) -> Panel | None:
    """The home page card: carers' reviews overdue and due, for supervising social workers and their managers."""
    rows, panels, rules = _reviews(request)
    if not rows and not panels:
        return None
    url = reverse("compliance:my-worklist")
    overdue = sum(1 for _, status in rows if status == DueStatus.OVERDUE.value)
    return home_card(
        17,
        "carer-reviews",
        "Carers' reviews",
        figures=[
            Figure("carers' reviews overdue", overdue, url, warning=bool(overdue)),
            Figure(f"due within {rules.lapse_warning_days} days", len(rows) - overdue, url),
            Figure("fostering panels to come", len(panels), url),
        ],
        headers=("Carers", "Review due", "Status"),
        rows=[
            (
                Cell(review.setting.name, reverse("placements:setting", args=[review.setting.pk])),
                Cell(f"{review.due_on:%-d %b %Y}"),
                Cell(tag=STATUS_TAGS[status][0], colour=STATUS_TAGS[status][1]),
            )
            for review, status in rows[:CARD_ROWS]
        ],
        total_rows=len(rows),
        empty="No carers' review is overdue or due soon.",
        link=Link("See them on Due and overdue", url),
    )
