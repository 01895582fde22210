"""Items due on a date another feature set: a key decision's review, a RAG rating's review, a rating campaign's
deadline. The clock explains them; the date is the feature's (set when the decision was approved or reviewed, when
the rating was given, when the campaign started), from the operating model in force then."""

from __future__ import annotations

from typing import NamedTuple

from .versions import Due
from .vocabulary import CampaignFact, DecisionFact, DueKind, RagReviewFact
from .words import date_words

__all__ = ["Reminder", "decision_review", "rag_review", "rating_campaign"]


class Reminder(NamedTuple):
    kind: DueKind
    due: Due
    fact: str


def decision_review(decision: DecisionFact) -> Reminder:
    """A key decision's next review, on the date set when it was approved or last reviewed (seed 002: reviewed after
    three weeks; the period comes from the operating model when the decision was proposed)."""
    return Reminder(
        DueKind.DECISION_REVIEW,
        Due(
            decision.next_review_on,
            f"Key decision \u201c{decision.label}\u201d approved or last reviewed on "
            f"{date_words(decision.last_decided_on)}: review within {decision.review_after_days} days",
            "Operating model: deviations from normal practice are reviewed (DfE guidance; seed 002)",
        ),
        f"Key decision {decision.id}: {decision.label}",
    )


def rag_review(rag: RagReviewFact) -> Reminder:
    """The current RAG rating's review, on the date set when it was given: the operating model's period for that
    rating (Caseboard's default: red weekly, amber fortnightly, green monthly; DOMAIN.md section 7)."""
    return Reminder(
        DueKind.RAG_REVIEW,
        Due(
            rag.next_review_on,
            f"{rag.rating} rating given on {date_words(rag.rated_on)}: review within {rag.review_after_days} days",
            "Operating model: RAG ratings are reviewed (DOMAIN.md section 7)",
        ),
        f"RAG rating {rag.id}: {rag.rating}",
    )


def rating_campaign(campaign: CampaignFact) -> Reminder:
    """A rating campaign's deadline, for a child who owes a rating (no rating since the campaign started)."""
    return Reminder(
        DueKind.RATING_CAMPAIGN,
        Due(
            campaign.deadline,
            f"Rating campaign \u201c{campaign.name}\u201d started on {date_words(campaign.started_on)}: "
            f"rate the child by {date_words(campaign.deadline)}",
            "Local practice: every open child is RAG rated (DOMAIN.md section 7)",
        ),
        f"Rating campaign {campaign.id}: {campaign.name}",
    )
