"""Reads of key decisions, starting from the children the user may see; and the one hook other features use:
``decision_in_force(child=..., kind=..., on=...)``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from caseboard.accounts.models import Role, User
from caseboard.casework.models import Allocation
from caseboard.people.models import Child
from caseboard.people.selectors import children_visible_to, household_and_siblings_visible_to

from .models import DecisionStatus, KeyDecision

ROLE_RANK = {Role.TEAM_MANAGER: 1, Role.HEAD_OF_SERVICE: 2}


def _child_team_allocations(decision: KeyDecision) -> QuerySet[Allocation]:
    return Allocation.objects.filter(child__in=decision.children.all(), ended_on__isnull=True)


def may_approve(user: User, decision: KeyDecision) -> bool:
    """The user holds the approver role (or a more senior one) for the service of every child in the decision:
    a team manager for a team holding the child, a head of service for the service of such a team."""
    rank = ROLE_RANK.get(user.role, 0)
    if not user.is_active or rank < ROLE_RANK.get(decision.approver_role, 99):
        return False
    for child in decision.children.all():
        allocations = Allocation.objects.filter(child=child, ended_on__isnull=True)
        if user.role == Role.HEAD_OF_SERVICE:
            mine = allocations.filter(Q(team__service_id=user.service_id) | Q(team__in=user.teams.values("pk")))
        else:
            mine = allocations.filter(team__in=user.teams.values("pk"))
        if not mine.exists():
            return False
    return True


def _allocations_in_scope(user: User) -> QuerySet[Allocation]:
    """Open allocations in the teams whose children this user may approve for (as ``may_approve``)."""
    allocations = Allocation.objects.filter(ended_on__isnull=True)
    if user.role == Role.HEAD_OF_SERVICE:
        return allocations.filter(Q(team__service_id=user.service_id) | Q(team__in=user.teams.values("pk")))
    return allocations.filter(team__in=user.teams.values("pk"))


def approvable_by(user: User, decisions: QuerySet[KeyDecision]) -> QuerySet[KeyDecision]:
    """``may_approve`` for many decisions in one query: those whose approver role the user holds (or outranks) and
    none of whose children lacks an open allocation in the user's teams or service."""
    rank = ROLE_RANK.get(user.role, 0)
    if not user.is_active or not rank:
        return decisions.none()
    roles = [role for role, role_rank in ROLE_RANK.items() if role_rank <= rank]
    outside = KeyDecision.children.through.objects.filter(keydecision_id=OuterRef("pk")).exclude(
        child_id__in=_allocations_in_scope(user).values("child_id")
    )
    return decisions.filter(approver_role__in=roles).exclude(Exists(outside))


def approvers_for(decision: KeyDecision) -> list[User]:
    """Everyone who could approve this decision (to notify them), except its proposer."""
    allocations = _child_team_allocations(decision)
    heads = User.objects.filter(
        role=Role.HEAD_OF_SERVICE, is_active=True, service_id__in=allocations.values("team__service_id")
    )
    candidates = list(heads)
    if decision.approver_role == Role.TEAM_MANAGER:
        candidates += list(
            User.objects.filter(
                role=Role.TEAM_MANAGER, is_active=True, teams__in=allocations.values("team_id")
            ).distinct()
        )
    return [
        user for user in dict.fromkeys(candidates) if user.pk != decision.proposed_by_id and may_approve(user, decision)
    ]


def heads_for(decision: KeyDecision) -> list[User]:
    """The heads of service of the children's services (to escalate to)."""
    services = _child_team_allocations(decision).values("team__service_id")
    return list(User.objects.filter(role=Role.HEAD_OF_SERVICE, is_active=True, service_id__in=services))


def decisions_visible_to(user: User) -> QuerySet[KeyDecision]:
    """Decisions about children the user may see (all of a decision's children must be visible)."""
    visible = children_visible_to(user)
    hidden = Child.objects.exclude(pk__in=visible.values("pk"))
    return (
        KeyDecision.objects.filter(children__in=visible.values("pk"))
        .exclude(children__in=hidden.values("pk"))
        .distinct()
        .select_related("proposed_by", "decided_by")
        .prefetch_related("children")
    )


def decision_for(*, user: User, pk: object) -> KeyDecision | None:
    """One decision, if the user may see every child in it."""
    try:
        return decisions_visible_to(user).filter(pk=int(pk)).first()
    except (TypeError, ValueError):
        return None


def decisions_for_child(*, child: Child) -> list[KeyDecision]:
    """A child's decisions, newest first (the caller opened the child through ``child_for``)."""
    return list(
        child.key_decisions.select_related("proposed_by", "decided_by")
        .prefetch_related("children")
        .order_by("-proposed_at", "-pk")
    )


def awaiting_approval(*, user: User) -> list[KeyDecision]:
    """Proposed decisions this user may approve, newest first."""
    if user.role not in ROLE_RANK:
        return []
    candidates = decisions_visible_to(user).filter(status=DecisionStatus.PROPOSED).exclude(proposed_by=user)
    return list(approvable_by(user, candidates).order_by("-proposed_at", "-pk"))


def reviews_due(*, user: User, today: date | None = None, within_days: int = 7) -> list[KeyDecision]:
    """Approved decisions this user may review whose review is due within a week or overdue, soonest first."""
    from datetime import timedelta

    if user.role not in ROLE_RANK:
        return []
    today = today or timezone.localdate()
    candidates = (
        decisions_visible_to(user)
        .filter(status=DecisionStatus.APPROVED, next_review_on__lte=today + timedelta(days=within_days))
        .exclude(proposed_by=user)
    )
    return list(approvable_by(user, candidates).order_by("next_review_on", "pk"))


def decision_in_force(*, child: Child | int, kind: str, on: date) -> KeyDecision | None:
    """The effects hook: the approved decision of this kind for this child in force on this date, if any. Visits,
    family time and assessments ask this; an expired or ended decision stops having effect the next day."""
    child_id = child if isinstance(child, int) else child.pk
    return (
        KeyDecision.objects.filter(children=child_id, kind=kind, starts_on__lte=on)
        .filter(
            Q(status=DecisionStatus.APPROVED, ends_on__isnull=True)
            | Q(status__in=[DecisionStatus.APPROVED, DecisionStatus.EXPIRED, DecisionStatus.ENDED], ends_on__gte=on)
        )
        .order_by("-starts_on", "-pk")
        .first()
    )


def siblings_of(*, user: User, child: Child) -> QuerySet[Child]:
    """The child's brothers and sisters and the other children of their household (people's
    ``household_and_siblings_visible_to``) whom the user may also see: a decision, a pre-visit check, a visit or a
    meeting can cover them together."""
    return household_and_siblings_visible_to(user=user, child=child)


def decision_events(decision: KeyDecision) -> QuerySet:
    return decision.events.select_related("by").order_by("at", "pk")


def approvals_count(user: User) -> int:
    """Pending approvals and reviews due for the navigation count."""
    if user.role not in ROLE_RANK:
        return 0
    visible = decisions_visible_to(user).exclude(proposed_by=user)
    today = timezone.localdate()
    waiting = visible.filter(status=DecisionStatus.PROPOSED)
    reviews = visible.filter(status=DecisionStatus.APPROVED, next_review_on__lte=today)
    return approvable_by(user, waiting).count() + approvable_by(user, reviews).count()


@dataclass(frozen=True)
class Effect:
    """What approving a decision will do under the operating model in force on the day it applies from, in words,
    and whether that is nothing a manager might expect (``warning``)."""

    text: str
    warning: bool = False


def effects_of(decisions: list[KeyDecision]) -> dict[int, Effect]:
    """For each decision, what it does under the council's version in force on its first day: the clock effect of
    its kind, and for a kind that makes virtual visits count, whether that version counts them at all. The versions
    are read once (with their kinds of decision), whatever the number of decisions."""
    from caseboard.policy.models import ClockEffect, VisitCounting
    from caseboard.policy.selectors import approved_council_versions, in_force_among

    versions = approved_council_versions() if decisions else []
    effects: dict[int, Effect] = {}
    for decision in decisions:
        version = in_force_among(versions, decision.starts_on)
        if version is None:
            effects[decision.pk] = Effect("No operating model is in force on the day it applies from", warning=True)
            continue
        rule = next((r for r in version.deviation_rules.all() if r.kind == decision.kind), None)
        if rule is None:
            effects[decision.pk] = Effect(
                f"{version} has no such kind of decision: approving it changes nothing on the statutory clock",
                warning=True,
            )
            continue
        parts = [] if rule.clock_effect == ClockEffect.NONE else [f"{ClockEffect(rule.clock_effect).label}"]
        if rule.counts_virtual_visit:
            if version.visit_counting == VisitCounting.IN_PERSON_ONLY:
                effects[decision.pk] = Effect(
                    f"Under {version} only in-person visits count: a virtual visit it covers will still not count as "
                    "a statutory visit, so approving it will not change any child's visits due",
                    warning=True,
                )
                continue
            if version.visit_counting == VisitCounting.VIRTUAL:
                parts.append(f"virtual visits count under {version} without it, so it changes no visit due")
            else:
                parts.append("a virtual visit it covers counts as a statutory visit")
        text = "; ".join(parts) if parts else "Nothing on the statutory clock: it is recorded as the key decision"
        effects[decision.pk] = Effect(f"{text[0].upper()}{text[1:]} (under {version})")
    return effects
