"""Reads of due items: worklists, a child's clock, dashboards. Every list starts from the children the user may
see. Status is worked out for today in the query (overdue, due within 5 working days, upcoming), so a page is
right even before the nightly recompute has run."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Case, CharField, Count, OuterRef, Q, QuerySet, Subquery, Value, When
from django.utils import timezone

from caseboard.accounts.models import Team, User
from caseboard.casework.models import Allocation
from caseboard.clock.calendar import add_working_days
from caseboard.clock.vocabulary import DUE_KIND_LABELS, DueStatus
from caseboard.core.hooks import worklist_annotators
from caseboard.people.models import Child
from caseboard.people.selectors import children_visible_to

from .models import DueItem

SOON_WORKING_DAYS = 5


def _live_status(today: date) -> Case:
    soon = add_working_days(today, SOON_WORKING_DAYS)
    return Case(
        When(status=DueStatus.MET, then=Value(DueStatus.MET.value)),
        When(due_on__lt=today, then=Value(DueStatus.OVERDUE.value)),
        When(due_on__lte=soon, then=Value(DueStatus.DUE_SOON.value)),
        default=Value(DueStatus.UPCOMING.value),
        output_field=CharField(),
    )


def _kind_label(field: str = "kind") -> Case:
    return Case(
        *[When(**{field: kind.value}, then=Value(label)) for kind, label in DUE_KIND_LABELS.items()],
        default=Value(""),
        output_field=CharField(),
    )


def outstanding(today: date | None = None) -> QuerySet[DueItem]:
    today = today or timezone.localdate()
    return DueItem.objects.exclude(status=DueStatus.MET).annotate(
        live_status=_live_status(today), kind_label=_kind_label()
    )


def annotate_next_due(children: QuerySet[Child]) -> QuerySet[Child]:
    """Adds ``next_due_on``, ``next_due_kind`` and ``next_due_status`` (the earliest outstanding item). Kept lean:
    building large expressions costs more than the query on a caseload page."""
    today = timezone.localdate()
    earliest = DueItem.objects.exclude(status=DueStatus.MET).filter(child_id=OuterRef("pk")).order_by("due_on", "kind")
    return children.annotate(
        next_due_on=Subquery(earliest.values("due_on")[:1]),
        next_due_kind=Subquery(earliest.values("kind")[:1]),
    ).annotate(
        next_due_status=Case(
            When(next_due_on__lt=today, then=Value(DueStatus.OVERDUE.value)),
            When(next_due_on__lte=add_working_days(today, SOON_WORKING_DAYS), then=Value(DueStatus.DUE_SOON.value)),
            default=Value(DueStatus.UPCOMING.value),
            output_field=CharField(),
        )
    )


def due_items_for_child(*, child: Child, today: date | None = None) -> list[DueItem]:
    """Every due item of a child the caller has opened through ``child_for``: outstanding first, by date."""
    today = today or timezone.localdate()
    items = (
        DueItem.objects.filter(child=child)
        .select_related("version")
        .annotate(live_status=_live_status(today), kind_label=_kind_label())
    )
    return sorted(items, key=lambda item: (item.status == DueStatus.MET, item.due_on, item.kind))


@dataclass(frozen=True)
class WorklistFilter:
    kind: str = ""
    status: str = ""
    team_id: int | None = None
    worker_id: int | None = None


def worklist(*, user: User, filters: WorklistFilter, today: date | None = None) -> QuerySet[DueItem]:
    """Outstanding due items of the children this user may see, with the child and their allocated worker."""
    current_worker = Allocation.objects.filter(child_id=OuterRef("child_id"), ended_on__isnull=True).order_by(
        "role", "pk"
    )
    items = (
        outstanding(today)
        .filter(child__in=children_visible_to(user).values("pk"))
        .select_related("child")
        .annotate(
            worker_first=Subquery(current_worker.values("worker__first_name")[:1]),
            worker_last=Subquery(current_worker.values("worker__last_name")[:1]),
        )
    )
    for annotate in worklist_annotators:
        items = annotate(items)
    if filters.kind:
        items = items.filter(kind=filters.kind)
    if filters.status == "overdue_no_decision":
        items = items.filter(live_status=DueStatus.OVERDUE.value, decision="")
    elif filters.status == "overdue_decision":
        items = items.filter(live_status=DueStatus.OVERDUE.value).exclude(decision="")
    elif filters.status:
        items = items.filter(live_status=filters.status)
    if filters.team_id:
        items = items.filter(child__allocations__team_id=filters.team_id, child__allocations__ended_on__isnull=True)
    if filters.worker_id:
        items = items.filter(child__allocations__worker_id=filters.worker_id, child__allocations__ended_on__isnull=True)
    return items.distinct().order_by("due_on", "kind", "pk")


@dataclass(frozen=True)
class DashboardRow:
    team: Team
    counts: dict[str, int]
    total: int
    covered: int = 0  # of the total, items an approved key decision covers


def overdue_dashboard(*, user: User, teams: QuerySet[Team], today: date | None = None) -> list[DashboardRow]:
    """Overdue items by kind for each team (by the child's open allocation in the team)."""
    today = today or timezone.localdate()
    visible = children_visible_to(user).values("pk")
    rows = (
        DueItem.objects.exclude(status=DueStatus.MET)
        .filter(
            due_on__lt=today,
            child__in=visible,
            child__allocations__ended_on__isnull=True,
            child__allocations__team__in=teams,
        )
        .values("child__allocations__team_id", "kind")
        .annotate(n=Count("pk", distinct=True), covered=Count("pk", distinct=True, filter=~Q(decision="")))
    )
    counts: dict[int, dict[str, int]] = {}
    covered: dict[int, int] = {}
    for row in rows:
        team_id = row["child__allocations__team_id"]
        counts.setdefault(team_id, {})[row["kind"]] = row["n"]
        covered[team_id] = covered.get(team_id, 0) + row["covered"]
    return [
        DashboardRow(team, counts.get(team.pk, {}), sum(counts.get(team.pk, {}).values()), covered.get(team.pk, 0))
        for team in teams
    ]


def overdue_count_for(*, user: User, worker: User) -> int:
    allocated = Allocation.objects.filter(worker=worker, ended_on__isnull=True).values("child_id")
    return (
        outstanding()
        .filter(
            child__in=children_visible_to(user).filter(pk__in=allocated).values("pk"), due_on__lt=timezone.localdate()
        )
        .count()
    )
