"""Fictional RAG ratings for the demo council: most open children rated (with the factors that applied and the
suggestion the rules made), about half confirmed by a manager, some overdue for review. Written in bulk (derived
demo data) inside an audit bypass."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from caseboard.accounts.models import Role, User
from caseboard.casework.models import Allocation
from caseboard.core.audit import audit_bypass
from caseboard.policy.selectors import version_in_force

from .models import FactorList, RagFactor, RagRating
from .scoring import suggest

REVIEW_DAYS = {"red": 7, "amber": 14, "green": 28}


def add_demo_ratings(seed: int, today: date) -> str:
    rng = random.Random(seed * 104729)
    factors = {kind: list(RagFactor.objects.filter(applies_to=kind, is_active=True)) for kind in FactorList.values}
    if not factors.get(FactorList.CHILD):
        return "no RAG ratings (no factors)"
    version = version_in_force(today)
    review = (
        {
            "red": getattr(version, "rag_review_red_days", 7),
            "amber": getattr(version, "rag_review_amber_days", 14),
            "green": getattr(version, "rag_review_green_days", 28),
        }
        if version
        else REVIEW_DAYS
    )
    managers = {
        team_id: user
        for user in User.objects.filter(role=Role.TEAM_MANAGER).prefetch_related("teams")
        for team_id in user.teams.values_list("pk", flat=True)
    }
    allocations = (
        Allocation.objects.filter(
            ended_on__isnull=True, role__in=["social_worker", "personal_adviser"], child__is_restricted=False
        )
        .select_related("child", "worker")
        .order_by("pk")
    )
    ratings: list[RagRating] = []
    chosen: list[list[RagFactor]] = []
    for allocation in allocations:
        if rng.random() > 0.8:
            continue  # about a fifth not yet rated
        is_leaver = allocation.role == "personal_adviser"
        pool = factors[FactorList.CARE_LEAVER if is_leaver else FactorList.CHILD]
        applied = rng.sample(pool, k=min(len(pool), rng.choice([0, 0, 1, 1, 1, 2, 2, 3])))
        suggested = str(suggest(factor.as_factor() for factor in applied).rating)
        rating = suggested if rng.random() > 0.1 else rng.choice(["red", "amber", "green"])
        rated_on = today - timedelta(days=rng.randint(0, 35))
        at = timezone.make_aware(datetime.combine(rated_on, time(10, 0)))
        manager = managers.get(allocation.team_id)
        confirmed = manager is not None and rng.random() < 0.5
        ratings.append(
            RagRating(
                child=allocation.child,
                rating=rating,
                suggested_rating=suggested,
                rationale="" if rating == suggested else "Known to the worker: the factors understate the concern.",
                is_care_leaver_rating=is_leaver,
                rated_by=allocation.worker,
                rated_at=at,
                rated_on=rated_on,
                confirmed_by=manager if confirmed else None,
                confirmed_at=at + timedelta(days=1) if confirmed else None,
                review_after_days=review[rating],
                next_review_on=rated_on + timedelta(days=review[rating]),
                operating_model_version=version,
            )
        )
        chosen.append(applied)
    with audit_bypass("loading fictional demo data"):
        RagRating.objects.bulk_create(ratings, batch_size=2000)
        through = RagRating.factors.through
        through.objects.bulk_create(
            [
                through(ragrating_id=r.pk, ragfactor_id=f.pk)
                for r, applied in zip(ratings, chosen, strict=True)
                for f in applied
            ],
            batch_size=5000,
        )
    return f"{len(ratings):,} RAG ratings"
