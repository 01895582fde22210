"""Items due on a date another feature set: a key decision's review, a RAG rating's review, a rating campaign's
deadline. The clock explains them; the date is the feature's (set when the decision was approved or reviewed, when
the rating was given, when the campaign started), from the operating model in force then.

And decisions visible on the clock: an item overdue while an approved key decision covers it (a deferred or virtual
visit, a paused assessment, a meeting postponed or cancelled by decision) says so in its basis and names the decision
(``covering_decision``); its due date never moves (DOMAIN.md section 6.3)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import NamedTuple

from .versions import Due
from .vocabulary import (
    EFFECT_COVERS,
    CampaignFact,
    ClockEffect,
    DecisionFact,
    DeviationFact,
    DueItem,
    DueKind,
    DueStatus,
    RagReviewFact,
    TemporaryApprovalFact,
)
from .words import date_words

__all__ = [
    "Reminder",
    "covering_decision",
    "decision_review",
    "decision_words",
    "next_scheduled_visit",
    "overdue_basis",
    "rag_review",
    "rating_campaign",
    "temporary_approval",
    "temporary_approval_in_force",
]

_ONE_DAY = timedelta(days=1)


class Reminder(NamedTuple):
    kind: DueKind
    due: Due
    fact: str


def decision_review(decision: DecisionFact) -> Reminder:
    """A key decision's next review, on the date set when it was approved or last reviewed (seed 002: reviewed after
    three weeks; the period comes from the operating model when the decision was proposed)."""
    cadence = (
        "review at each scheduled visit, the next due on this date (it lapses if not reviewed)"
        if decision.at_each_visit
        else f"review within {decision.review_after_days} days"
    )
    return Reminder(
        DueKind.DECISION_REVIEW,
        Due(
            decision.next_review_on,
            f"Key decision \u201c{decision.label}\u201d approved or last reviewed on "
            f"{date_words(decision.last_decided_on)}: {cadence}",
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


def temporary_approval_in_force(
    approvals: Sequence[TemporaryApprovalFact], *, setting_id: int | None, today: date
) -> TemporaryApprovalFact | None:
    """The latest temporary approval of the child's current carers given by ``today`` and not yet replaced."""
    found = None
    for approval in approvals:
        if approval.setting_id != setting_id or approval.approved_on > today:
            continue
        if approval.replaced_on is not None and approval.replaced_on <= today:
            continue
        if found is None or (approval.approved_on, approval.id) > (found.approved_on, found.id):
            found = approval
    return found


def temporary_approval(approval: TemporaryApprovalFact) -> Reminder:
    """The end of the temporary approval of the carers a looked-after child is placed with: by then the carers are
    approved as foster carers or the child moves (CPPCR regs 24 and 25: 16 weeks, one extension of up to 8 weeks;
    24 weeks while SI 2020/445 was in force). The length is the operating model's, in force on the approval date."""
    length = f"{approval.weeks} weeks"
    if approval.extended_weeks:
        length += f", extended by {approval.extended_weeks} weeks"
    return Reminder(
        DueKind.TEMPORARY_APPROVAL,
        Due(
            approval.ends_on,
            f"Temporary approval of {approval.carers} on {date_words(approval.approved_on)} ({length}) ends on "
            f"{date_words(approval.ends_on)}: approve them as foster carers or find another placement by then",
            "CPPCR regs 24 and 25",
        ),
        f"Temporary approval {approval.id}: {approval.carers}",
    )


def covering_decision(kind: DueKind, deviations: Sequence[DeviationFact], today: date) -> DeviationFact | None:
    """The approved key decision in force today that covers an item of this kind (the latest to start), or None."""
    found = None
    for deviation in deviations:
        if kind not in EFFECT_COVERS[deviation.effect]:
            continue
        if deviation.starts_on > today or (deviation.ends_on is not None and deviation.ends_on < today):
            continue
        if found is None or (deviation.starts_on, deviation.id) > (found.starts_on, found.id):
            found = deviation
    return found


def next_scheduled_visit(items: Sequence[DueItem], effect: ClockEffect, after: date) -> date | None:
    """For a decision reviewed at each scheduled visit (seed 002): the next due date, after ``after``, of the
    outstanding items it covers (a child protection visit, say), or None when no visit is scheduled after it."""
    covered = EFFECT_COVERS[effect]
    dates = [
        item.due_on
        for item in items
        if item.kind in covered and item.status is not DueStatus.MET and item.due_on > after
    ]
    return min(dates, default=None)


def decision_words(deviation: DeviationFact) -> str:
    """ "Visit deferred by key decision approved by Sam Jones on 5 May 2020, review due 26 May 2020"."""
    text = (
        f"{deviation.label} by key decision approved by {deviation.approved_by} on {date_words(deviation.approved_on)}"
    )
    if deviation.next_review_on is not None:
        text += f", review due {date_words(deviation.next_review_on)}"
    return text


def overdue_basis(basis: str, due_on: date, deviation: DeviationFact) -> str:
    """An overdue item's basis when a decision covers it: the date stays; the basis says since when and why."""
    words = decision_words(deviation)
    return f"{basis}. Overdue since {date_words(due_on + _ONE_DAY)}; {words[:1].lower()}{words[1:]}"
