"""Reads of plans and delays, always from the children the user may see (``children_visible_to``)."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.db.models import Prefetch, QuerySet

from caseboard.accounts.models import User
from caseboard.casework.models import Allocation
from caseboard.frontdoor.models import Assessment
from caseboard.meetings.models import Meeting
from caseboard.people.models import Child
from caseboard.people.selectors import children_visible_to

from .models import PANDEMIC, Action, Delay, Plan
from .operating import delay_reasons


def plans_visible_to(user: User) -> QuerySet[Plan]:
    return Plan.objects.filter(child__in=children_visible_to(user).values("pk"))


def plan_for(*, user: User, pk: object) -> Plan | None:
    """One plan, if the user may see its child."""
    return plans_visible_to(user).select_related("child", "episode", "cin_plan").filter(pk=pk).first()


def action_for(*, user: User, pk: object) -> Action | None:
    return (
        Action.objects.filter(plan__child__in=children_visible_to(user).values("pk"))
        .select_related("plan", "plan__child", "objective")
        .filter(pk=pk)
        .first()
    )


def delays_visible_to(user: User) -> QuerySet[Delay]:
    return Delay.objects.filter(child__in=children_visible_to(user).values("pk"))


def latest_delays(actions: list[Action]) -> dict[int, Delay]:
    """The latest delay recorded against each action, in one query."""
    if not actions:
        return {}
    kind = ContentType.objects.get_for_model(Action)
    found: dict[int, Delay] = {}
    for delay in Delay.objects.filter(work_type=kind, work_id__in=[a.pk for a in actions]).order_by(
        "recorded_at", "pk"
    ):
        found[delay.work_id] = delay
    return found


def plans_for_child(*, child: Child) -> list[Plan]:
    """The child's plans, newest first, with their open actions (a fixed number of queries)."""
    return list(
        Plan.objects.filter(child=child).prefetch_related(
            Prefetch("actions", queryset=Action.objects.exclude(status__in=["done", "cancelled"]).order_by("due_on"))
        )
    )


def plan_meetings(plan: Plan) -> QuerySet[Meeting]:
    """The child's meetings a review of the plan may be recorded at: those since the plan started."""
    return plan.child.meetings.filter(scheduled_for__date__gte=plan.started_on).order_by("-scheduled_for")


def work_for_child(child: Child) -> list[tuple[str, str, object]]:
    """Dated work on a child's record that a delay may be recorded against: (key, label, record)."""
    work: list[tuple[str, str, object]] = []
    for action in (
        Action.objects.filter(plan__child=child, plan__ended_on__isnull=True)
        .exclude(status__in=["done", "cancelled"])
        .select_related("plan")
    ):
        label = f"{action.plan.get_kind_display()} action: {action.text[:80]} (due {action.due_on:%-d %b %Y})"
        work.append((f"action-{action.pk}", label, action))
    for assessment in Assessment.objects.filter(child=child):
        state = f"completed {assessment.completed_on:%-d %b %Y}" if assessment.completed_on else "open"
        work.append((f"assessment-{assessment.pk}", f"{assessment} ({state})", assessment))
    return work


# --- the delays report ---------------------------------------------------------------------------------------
ASSESSMENT_FLAG = "Child and family assessment (marked delayed by the pandemic)"


@dataclass(frozen=True)
class DelayRow:
    child_id: int
    child_name: str
    local_id: str
    team: str
    month: date
    reason: str
    reason_label: str
    work: str
    details: str
    recorded_on: date


@dataclass
class DelayReport:
    first: date
    last: date
    rows: list[DelayRow]
    counts: list[tuple[str, str, date, int]]  # (cause, team, month, delays)
    by_cause: list[tuple[str, int]]
    pandemic: list[tuple[Child, list[DelayRow]]]
    named: list[Child]  # every child the report names (each named child's record counts as viewed)


def _teams_of(child_ids: set[int]) -> dict[int, str]:
    """Each child's team for the report: their open allocation's (the social worker's first), else the latest."""
    teams: dict[int, tuple[tuple, str]] = {}
    for child_id, role, ended_on, started_on, team in Allocation.objects.filter(child_id__in=child_ids).values_list(
        "child_id", "role", "ended_on", "started_on", "team__name"
    ):
        rank = (ended_on is None, role == "social_worker", started_on)
        if child_id not in teams or rank > teams[child_id][0]:
            teams[child_id] = (rank, team)
    return {child_id: team for child_id, (_rank, team) in teams.items()}


def delay_report(*, user: User, first: date, last: date) -> DelayReport:
    """Delays recorded in a period over the children the user may see, counted by cause, team and month; and
    every delay put down to the pandemic, by child. Assessments marked "delayed by the pandemic" at the front door
    count as pandemic delays in the month they were completed (once, even if a delay is also recorded on them)."""
    visible = children_visible_to(user).values("pk")
    delays = list(
        Delay.objects.filter(child__in=visible, recorded_on__gte=first, recorded_on__lte=last).select_related(
            "child", "team"
        )
    )
    assessment_type = ContentType.objects.get_for_model(Assessment)
    recorded_on_assessments = {
        d.work_id for d in delays if d.work_type_id == assessment_type.pk and d.reason == PANDEMIC
    }
    flagged = [
        a
        for a in Assessment.objects.filter(
            child__in=visible, delayed_by_pandemic=True, completed_on__gte=first, completed_on__lte=last
        ).select_related("child")
        if a.pk not in recorded_on_assessments
    ]
    teams = _teams_of({a.child_id for a in flagged})
    pandemic_label = dict(delay_reasons(last)).get(PANDEMIC, "Impact of the pandemic")
    rows = [
        DelayRow(
            child_id=d.child_id,
            child_name=f"{d.child.first_name} {d.child.last_name}",
            local_id=d.child.local_id,
            team=d.team.name if d.team else "No team",
            month=d.recorded_on.replace(day=1),
            reason=d.reason,
            reason_label=d.reason_label,
            work=d.work_label,
            details=d.details,
            recorded_on=d.recorded_on,
        )
        for d in delays
    ] + [
        DelayRow(
            child_id=a.child_id,
            child_name=f"{a.child.first_name} {a.child.last_name}",
            local_id=a.child.local_id,
            team=teams.get(a.child_id, "No team"),
            month=a.completed_on.replace(day=1),
            reason=PANDEMIC,
            reason_label=pandemic_label,
            work=f"{ASSESSMENT_FLAG}, started {a.started_on:%-d %b %Y}",
            details=a.reason_late,
            recorded_on=a.completed_on,
        )
        for a in flagged
    ]
    rows.sort(key=lambda r: (r.recorded_on, r.child_id, r.work))
    counted = Counter((r.reason_label, r.team, r.month) for r in rows)
    counts = sorted(((c, t, m, n) for (c, t, m), n in counted.items()), key=lambda x: (x[2], x[0], x[1]))
    by_cause = sorted(Counter(r.reason_label for r in rows).items(), key=lambda x: (-x[1], x[0]))
    per_child: dict[int, list[DelayRow]] = defaultdict(list)
    for row in rows:
        if row.reason == PANDEMIC:
            per_child[row.child_id].append(row)
    children = {c.pk: c for c in Child.objects.filter(pk__in={r.child_id for r in rows})}
    pandemic = sorted(
        ((children[pk], found) for pk, found in per_child.items() if pk in children),
        key=lambda item: (item[0].last_name, item[0].first_name, item[0].pk),
    )
    return DelayReport(
        first=first,
        last=last,
        rows=rows,
        counts=counts,
        by_cause=by_cause,
        pandemic=pandemic,
        named=list(children.values()),
    )
