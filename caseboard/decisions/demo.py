"""Fictional key decisions for the demo council: some in every status, with reviews, so every page has something
to show. Written through the services (so they are audited and notify people like real ones)."""

from __future__ import annotations

import random
from datetime import date, timedelta

from caseboard.accounts.models import Role, User
from caseboard.casework.models import Allocation, EpisodeKind

from . import services

RATIONALES = {
    "visit_virtual": "A household member has symptoms and the family is self-isolating. A video call with the "
    "child seen alone and their bedroom shown keeps contact while the risk of infection is high.",
    "visit_deferred": "The family is isolating for 10 days. The visit is moved to the first day after isolation; "
    "daily phone contact with the parent and weekly video contact with the child in the meantime.",
    "no_face_to_face_cp": "Clinically extremely vulnerable parent shielding. The strategy discussion advised remote "
    "contact; the school sees the child daily and the health visitor visits fortnightly.",
    "initial_visit_remote": "Agency checks done, referrer and parents spoken to; the older child spoke to us by "
    "video. An initial visit in person would not add to safety while the household isolates.",
}
RISKS = "Harm going unseen without a home visit; the child unable to speak freely on a call."
MITIGATIONS = "Child seen alone on video; school and health visitor asked to report any concern the same day."


def _manager_for(allocation: Allocation, role: str) -> User | None:
    if role == Role.HEAD_OF_SERVICE:
        return User.objects.filter(role=Role.HEAD_OF_SERVICE, service_id=allocation.team.service_id).first()
    return User.objects.filter(role=Role.TEAM_MANAGER, teams=allocation.team_id).first()


def add_demo_decisions(seed: int, today: date) -> str:
    rng = random.Random(seed * 7919)
    allocations = list(
        Allocation.objects.filter(
            ended_on__isnull=True,
            role="social_worker",
            child__episodes__kind__in=[EpisodeKind.CHILD_IN_NEED, EpisodeKind.CHILD_PROTECTION],
            child__episodes__end_on__isnull=True,
            child__is_restricted=False,
        )
        .select_related("child", "worker", "team")
        .distinct()
        .order_by("pk")
    )
    if not allocations:
        return "no key decisions"
    demo_worker = [a for a in allocations if a.worker.username == "worker"]
    chosen = demo_worker[:6] + rng.sample(allocations, min(len(allocations), max(12, len(allocations) // 50)))
    made = 0
    for number, allocation in enumerate(dict.fromkeys(chosen)):
        child, worker = allocation.child, allocation.worker
        is_cp = child.episodes.filter(kind=EpisodeKind.CHILD_PROTECTION, end_on__isnull=True).exists()
        kind = (
            "no_face_to_face_cp"
            if is_cp and number % 2
            else rng.choice(["visit_virtual", "visit_deferred", "initial_visit_remote"])
        )
        start = today - timedelta(days=rng.randint(5, 60))
        outcome = number % 6
        decision = services.decision_propose(
            children=[child],
            proposed_by=worker,
            kind=kind,
            rationale=RATIONALES[kind],
            risks_considered=RISKS,
            mitigations=MITIGATIONS,
            starts_on=start,
            today=start,
            ends_on=start + timedelta(days=2) if outcome == 5 else None,
        )  # outcome 5: expires
        made += 1
        approver = _manager_for(allocation, decision.approver_role)
        if approver is None or outcome == 0:
            continue  # stays awaiting approval
        if outcome == 1:
            services.decision_reject(
                decision=decision,
                rejected_by=approver,
                reason="Not enough about how the child will be seen alone: please add it.",
            )
            continue
        if outcome == 2 and number % 4 == 2:
            services.decision_withdraw(decision=decision, withdrawn_by=worker, reason="The family is well again.")
            continue
        services.decision_approve(decision=decision, approved_by=approver, today=start)
        if outcome in (3, 4):
            review_on = start + timedelta(days=decision.review_after_days)
            if review_on < today:
                services.decision_review(
                    decision=decision,
                    reviewed_by=approver,
                    outcome="end" if outcome == 4 else "continue",
                    rationale="Reviewed with the worker: isolation continues."
                    if outcome == 3
                    else "Isolation has ended: visits in person resume.",
                    today=review_on,
                )
    services.decisions_expire(today=today)
    return f"{made} key decisions"
