"""Home page cards: the worker's week (what is overdue and due soon on their caseload) and, for managers and heads
of service, what is overdue in their teams (by worker for one team, by team for a service)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from caseboard.accounts.models import Role
from caseboard.casework.models import Allocation
from caseboard.casework.selectors import teams_managed_by
from caseboard.clock.vocabulary import DueStatus
from caseboard.core.home import CARD_ROWS, Cell, Figure, Link, home_card
from caseboard.core.hooks import Panel
from caseboard.people.selectors import children_visible_to

from .models import DueItem
from .selectors import WorklistFilter, overdue_dashboard, worklist

STATUS_TAGS = {
    DueStatus.OVERDUE.value: ("Overdue", "red"),
    DueStatus.DUE_SOON.value: ("Due soon", "orange"),
}
# Roles that see their service's teams rather than one team's workers.
SERVICE_ROLES = {Role.HEAD_OF_SERVICE, Role.ASSISTANT_DIRECTOR, Role.PERFORMANCE_OFFICER, Role.ADMINISTRATOR}


def week_card(request: Any) -> Panel | None:
    """Overdue and due-soon items for the children allocated to the user, the most urgent first."""
    user = request.user
    if not Allocation.objects.filter(worker=user, ended_on__isnull=True).exists():
        return None
    items = worklist(user=user, filters=WorklistFilter(worker_id=user.pk)).filter(live_status__in=list(STATUS_TAGS))
    counts = items.aggregate(
        overdue=Count("pk", filter=Q(live_status=DueStatus.OVERDUE.value), distinct=True),
        soon=Count("pk", filter=Q(live_status=DueStatus.DUE_SOON.value), distinct=True),
        covered=Count("pk", filter=Q(live_status=DueStatus.OVERDUE.value) & ~Q(decision=""), distinct=True),
    )
    url = reverse("compliance:my-worklist")
    rows = [
        (
            Cell(item.child.full_name, reverse("casework:child", args=[item.child_id])),
            Cell(item.kind_label),
            Cell(f"{item.due_on:%-d %b %Y}"),
            Cell(tag=STATUS_TAGS[item.live_status][0], colour=STATUS_TAGS[item.live_status][1]),
        )
        for item in items[:CARD_ROWS]
    ]
    return home_card(
        15,
        "week",
        "Due this week and overdue",
        figures=[
            Figure("overdue", counts["overdue"], f"{url}?status=overdue", warning=bool(counts["overdue"])),
            Figure("due in the next 5 working days", counts["soon"], f"{url}?status=due_soon"),
            Figure("overdue, covered by a key decision", counts["covered"], f"{url}?status=overdue_decision"),
        ],
        headers=("Child", "What", "Due", "Status"),
        rows=rows,
        total_rows=counts["overdue"] + counts["soon"],
        empty="Nothing is overdue or due in the next 5 working days.",
        link=Link("See everything due", url),
    )


def teams_overdue_card(request: Any) -> Panel | None:
    """Overdue items in the user's teams: by team for a service, by worker for one team manager's teams."""
    user = request.user
    teams = teams_managed_by(user)
    if not teams.exists():
        return None
    if user.role in SERVICE_ROLES:
        return _by_team(user, teams)
    return _by_worker(user, teams)


def _by_team(user: Any, teams: Any) -> Panel:
    table = sorted(overdue_dashboard(user=user, teams=teams), key=lambda row: (-row.total, row.team.name))
    rows = [
        (
            Cell(row.team.name, reverse("compliance:team-worklist", args=[row.team.pk]) + "?status=overdue"),
            Cell(str(row.total)),
            Cell(str(row.total - row.covered)),
        )
        for row in table
        if row.total
    ]
    total = sum(row.total for row in table)
    uncovered = total - sum(row.covered for row in table)
    url = reverse("compliance:dashboard")
    return home_card(
        25,
        "overdue",
        "Overdue in your service",
        figures=[
            Figure("overdue items", total, url, warning=bool(total)),
            Figure("overdue with no key decision", uncovered, url, warning=bool(uncovered)),
        ],
        headers=("Team", "Overdue", "No decision"),
        rows=rows,
        empty="Nothing is overdue in your teams.",
        link=Link("See overdue by team", url),
    )


def _by_worker(user: Any, teams: Any) -> Panel:
    today = timezone.localdate()
    allocations = Allocation.objects.filter(ended_on__isnull=True, team__in=teams)
    counts = (
        DueItem.objects.exclude(status=DueStatus.MET)
        .filter(
            due_on__lt=today,
            child__in=children_visible_to(user).values("pk"),
            child__allocations__in=allocations,
        )
        .values(
            "child__allocations__worker_id",
            "child__allocations__worker__first_name",
            "child__allocations__worker__last_name",
            "child__allocations__team_id",
        )
        .annotate(n=Count("pk", distinct=True), covered=Count("pk", distinct=True, filter=~Q(decision="")))
        .order_by("-n", "child__allocations__worker__last_name")
    )
    counts = list(counts)
    rows = [
        (
            Cell(
                f"{row['child__allocations__worker__first_name']} {row['child__allocations__worker__last_name']}",
                reverse("compliance:team-worklist", args=[row["child__allocations__team_id"]])
                + f"?status=overdue&worker={row['child__allocations__worker_id']}",
            ),
            Cell(str(row["n"])),
            Cell(str(row["n"] - row["covered"])),
        )
        for row in counts
    ]
    total = (
        DueItem.objects.exclude(status=DueStatus.MET)
        .filter(due_on__lt=today, child__in=children_visible_to(user).values("pk"), child__allocations__in=allocations)
        .aggregate(n=Count("pk", distinct=True), covered=Count("pk", distinct=True, filter=~Q(decision="")))
    )
    url = reverse("compliance:dashboard")
    return home_card(
        25,
        "overdue",
        "Overdue in your teams, by worker",
        figures=[
            Figure("overdue items", total["n"], url, warning=bool(total["n"])),
            Figure("overdue with no key decision", total["n"] - total["covered"], url),
        ],
        headers=("Worker", "Overdue", "No decision"),
        rows=rows,
        empty="Nothing is overdue in your teams.",
        link=Link("See overdue by team", url),
    )
