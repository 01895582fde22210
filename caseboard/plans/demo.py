"""Fictional plans for the demo council, consistent with each child's episodes: a child in need plan (linked to the
episode's CIN census plan dates when there are some), a child protection plan or a care plan from the episode's
start, with objectives, actions, a service and reviews. Actions that fell due from 23 March 2020 to the end of
September 2021 are often delayed by the pandemic (seed 003: "any delays ... related to the impact of the pandemic
would be recorded as such on file"); others now and then wait for a partner agency or a service's waiting list.

Deterministic by seed; written in bulk inside an ``audit_bypass`` (loading demo data is not casework)."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from caseboard.casework.models import Allocation, AllocationRole, ChildInNeedPlan, Episode, EpisodeKind
from caseboard.core.audit import audit_bypass

from .models import PANDEMIC, Action, ActionStatus, Delay, Objective, Plan, PlanKind, Progress, Review, Service
from .operating import delay_reasons

COVID_FROM = date(2020, 3, 23)
COVID_UNTIL = date(2021, 9, 30)
MOST_PLANS = 600
KIND_OF_EPISODE = {
    EpisodeKind.CHILD_IN_NEED: PlanKind.CHILD_IN_NEED,
    EpisodeKind.CHILD_PROTECTION: PlanKind.CHILD_PROTECTION,
    EpisodeKind.LOOKED_AFTER: PlanKind.CARE,
}
OBJECTIVES = {
    PlanKind.CHILD_IN_NEED: ("Regular school attendance", "Parents manage the children's routines with support"),
    PlanKind.CHILD_PROTECTION: ("Safe from harm at home", "Parents engage with the substance misuse service"),
    PlanKind.CARE: ("A stable home with the carers", "Family time with parents and brothers and sisters"),
}
ACTIONS = (
    ("Refer to CAMHS for an assessment", "Social worker"),
    ("Attend the parenting programme", "Parents"),
    ("Share the attendance record before each review", "Designated safeguarding lead"),
    ("Arrange a health assessment", "Health visitor"),
    ("Complete the direct work sessions", "Social worker"),
)
SERVICES = (
    ("Family support", "Early Help team", "Weekly visits"),
    ("Daily phone call", "Allocated social worker", "Daily"),
    ("Substance misuse support", "Local recovery service", "Fortnightly"),
)
PANDEMIC_DETAILS = (
    "The service suspended face-to-face sessions during lockdown",
    "The family were self-isolating",
    "The school was closed to most pupils",
    "Appointments were cancelled by the provider",
)


def _at(day: date) -> datetime:
    return datetime.combine(day, time(10, 0), tzinfo=timezone.get_current_timezone())


@transaction.atomic
def add_demo_plans(seed: int, today: date) -> str:
    rng = random.Random(f"plans-{seed}")
    allocations = {
        a.child_id: a
        for a in Allocation.objects.filter(ended_on__isnull=True, role=AllocationRole.SOCIAL_WORKER)
        .select_related("worker", "team")
        .order_by("child_id", "-started_on", "pk")
    }
    episodes = list(
        Episode.objects.filter(kind__in=list(KIND_OF_EPISODE), start_on__lte=today)
        .filter(Q(end_on__isnull=True) | Q(end_on__gte=today))
        .filter(child_id__in=list(allocations))
        .order_by("child_id", "kind", "pk")
    )
    cin_plans = {p.episode_id: p for p in ChildInNeedPlan.objects.filter(episode__in=episodes, ended_on__isnull=True)}
    # The highest plan per child: care > CP > CIN.
    rank = {EpisodeKind.LOOKED_AFTER: 3, EpisodeKind.CHILD_PROTECTION: 2, EpisodeKind.CHILD_IN_NEED: 1}
    best: dict[int, Episode] = {}
    for episode in episodes:
        if episode.child_id not in best or rank[episode.kind] > rank[best[episode.child_id].kind]:
            best[episode.child_id] = episode
    chosen = [best[child_id] for child_id in sorted(best) if rng.random() < 0.5][:MOST_PLANS]
    reasons = dict(delay_reasons(today))
    plans, objectives, actions, services, reviews, delays = [], [], [], [], [], []
    with audit_bypass("loading demo data"):
        for episode in chosen:
            kind = KIND_OF_EPISODE[episode.kind]
            cin_plan = cin_plans.get(episode.pk)
            started = cin_plan.started_on if cin_plan else episode.start_on
            worker = allocations[episode.child_id].worker
            plans.append(
                Plan(
                    child_id=episode.child_id,
                    kind=kind,
                    started_on=started,
                    summary=f"{kind.label} agreed on {started:%-d %B %Y}.",
                    episode=episode,
                    cin_plan=cin_plan,
                    recorded_by=worker,
                    recorded_at=_at(started),
                )
            )
        Plan.objects.bulk_create(plans, batch_size=2000)
        for plan in plans:
            for text in OBJECTIVES[plan.kind]:
                objectives.append(
                    Objective(plan=plan, text=text, recorded_by=plan.recorded_by, recorded_at=plan.recorded_at)
                )
        Objective.objects.bulk_create(objectives, batch_size=2000)
        by_plan: dict[int, list[Objective]] = {}
        for objective in objectives:
            by_plan.setdefault(objective.plan_id, []).append(objective)
        planned: list[tuple[Plan, Action, str, str]] = []
        for plan in plans:
            span = max((today - plan.started_on).days, 1)
            for number, (text, owner) in enumerate(rng.sample(ACTIONS, 3)):
                due = plan.started_on + timedelta(days=min(span + 28, rng.randint(14, 120) * (number + 1)))
                status, reason, details = ActionStatus.IN_PROGRESS, "", ""
                if due < today:
                    if COVID_FROM <= due <= COVID_UNTIL and rng.random() < 0.5:
                        status, reason, details = ActionStatus.DELAYED, PANDEMIC, rng.choice(PANDEMIC_DETAILS)
                    elif rng.random() < 0.12:
                        status = ActionStatus.DELAYED
                        reason = rng.choice(["partner_agency", "service_waiting_list", "family"])
                    else:
                        status = ActionStatus.DONE
                action = Action(
                    plan=plan,
                    objective=rng.choice(by_plan[plan.pk]),
                    text=text,
                    owner_name=owner,
                    due_on=due,
                    status=status,
                    done_on=min(due, today) if status == ActionStatus.DONE else None,
                    recorded_by=plan.recorded_by,
                    recorded_at=plan.recorded_at,
                )
                actions.append(action)
                if reason:
                    planned.append((plan, action, reason, details))
            name, provider, how_often = rng.choice(SERVICES)
            services.append(
                Service(
                    plan=plan,
                    name=name,
                    provider=provider,
                    how_often=how_often,
                    starts_on=plan.started_on,
                    recorded_by=plan.recorded_by,
                    recorded_at=plan.recorded_at,
                )
            )
            review_on = plan.started_on + timedelta(days=rng.randint(60, 100))
            if review_on <= today:
                reviews.append(
                    Review(
                        plan=plan,
                        reviewed_on=review_on,
                        progress=rng.choice([Progress.SOME, Progress.NO_CHANGE, Progress.GOOD]),
                        notes="Progress against the objectives reviewed with the family and the professionals.",
                        recorded_by=plan.recorded_by,
                        recorded_at=_at(review_on),
                    )
                )
        Action.objects.bulk_create(actions, batch_size=2000)
        Service.objects.bulk_create(services, batch_size=2000)
        Review.objects.bulk_create(reviews, batch_size=2000)
        action_type = ContentType.objects.get_for_model(Action)
        for plan, action, reason, details in planned:
            recorded_on = min(action.due_on + timedelta(days=rng.randint(0, 5)), today)
            delays.append(
                Delay(
                    child_id=plan.child_id,
                    work_type=action_type,
                    work_id=action.pk,
                    work_label=f"{plan.get_kind_display()} action: {action.text}",
                    reason=reason,
                    reason_label=reasons.get(reason, reason),
                    details=details,
                    was_due_on=action.due_on,
                    recorded_on=recorded_on,
                    team=allocations[plan.child_id].team,
                    recorded_by=plan.recorded_by,
                    recorded_at=_at(recorded_on),
                )
            )
        Delay.objects.bulk_create(delays, batch_size=2000)
    pandemic = sum(1 for d in delays if d.reason == PANDEMIC)
    return f"{len(plans):,} plans with {len(actions):,} actions and {len(delays):,} delays ({pandemic:,} pandemic)"
