"""RAG ratings as facts for the statutory clock: the current rating's review is a due item."""

from __future__ import annotations

from typing import Any

from caseboard.compliance.model import RagReviewFact

from .models import RagRating


def rag_facts(child_ids: list[int]) -> dict[int, dict[str, tuple[Any, ...]]]:
    """Each child's latest rating (one query; ratings per child are few)."""
    found: dict[int, RagReviewFact] = {}
    rows = RagRating.objects.filter(child_id__in=child_ids).order_by("child_id", "-rated_at", "-pk")
    for rating in rows.only("id", "child_id", "rating", "rated_on", "next_review_on", "review_after_days"):
        if rating.child_id not in found:
            found[rating.child_id] = RagReviewFact(
                id=rating.pk,
                rating=rating.get_rating_display(),
                rated_on=rating.rated_on,
                next_review_on=rating.next_review_on,
                review_after_days=rating.review_after_days,
            )
    return {child_id: {"rag_reviews": (fact,)} for child_id, fact in found.items()}
