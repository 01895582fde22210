"""RAG ratings as facts for the statutory clock: the current rating's review is a due item."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from caseboard.casework.models import Allocation
from caseboard.clock.vocabulary import CampaignFact, RagReviewFact, RatingFact

from .models import RagRating, RatingCampaign


def rag_facts(child_ids: list[int]) -> dict[int, dict[str, tuple[Any, ...]]]:
    """Each child's latest rating, and every rating given as the history the visit rules read (one query; ratings
    per child are few)."""
    found: dict[int, RagReviewFact] = {}
    history: dict[int, list[RatingFact]] = defaultdict(list)
    rows = RagRating.objects.filter(child_id__in=child_ids).order_by("child_id", "-rated_at", "-pk")
    for rating in rows.only("id", "child_id", "rating", "rated_on", "next_review_on", "review_after_days"):
        history[rating.child_id].append(RatingFact(on=rating.rated_on, rating=rating.rating, id=rating.pk))
        if rating.child_id not in found:
            found[rating.child_id] = RagReviewFact(
                id=rating.pk,
                rating=rating.get_rating_display(),
                rated_on=rating.rated_on,
                next_review_on=rating.next_review_on,
                review_after_days=rating.review_after_days,
            )
    return {
        child_id: {"rag_reviews": (fact,), "ratings": tuple(reversed(history[child_id]))}
        for child_id, fact in found.items()
    }


def campaign_facts(child_ids: list[int]) -> dict[int, dict[str, tuple[Any, ...]]]:
    """The rating campaigns each child is in (an open allocation in the campaign's team or service) and still owes
    a rating for: no rating on or after the campaign's start. Three queries."""
    campaigns = list(RatingCampaign.objects.all())
    if not campaigns:
        return {}
    allocations = Allocation.objects.filter(child_id__in=child_ids, ended_on__isnull=True).values_list(
        "child_id", "team_id", "team__service_id"
    )
    latest_on: dict[int, Any] = {}
    for child_id, rated_on in RagRating.objects.filter(child_id__in=child_ids).values_list("child_id", "rated_on"):
        if child_id not in latest_on or rated_on > latest_on[child_id]:
            latest_on[child_id] = rated_on
    found: dict[int, dict[int, CampaignFact]] = {}
    for child_id, team_id, service_id in allocations:
        for campaign in campaigns:
            if not (campaign.team_id == team_id or (campaign.service_id and campaign.service_id == service_id)):
                continue
            rated_on = latest_on.get(child_id)
            if rated_on is not None and rated_on >= campaign.started_on:
                continue
            found.setdefault(child_id, {})[campaign.pk] = CampaignFact(
                id=campaign.pk, name=campaign.name, deadline=campaign.deadline, started_on=campaign.started_on
            )
    return {child_id: {"campaigns": tuple(facts.values())} for child_id, facts in found.items()}
