"""Assessments as facts for the statutory clock: each child and family assessment's referral date (day 0 of the
45-working-day clock), its completion and the periods it was paused by an approved key decision."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from caseboard.clock.vocabulary import AssessmentFact

from .models import Assessment, AssessmentPause, Referral


def assessment_facts(child_ids: list[int]) -> dict[int, dict[str, tuple[Any, ...]]]:
    """Three queries for any number of children; a referral with no assessment yet counts as one not started.
    A pause with no end date runs until the decision behind it ended, if it has (an ended or expired decision stops
    having effect the next day)."""
    pauses: dict[int, list[tuple[Any, Any]]] = defaultdict(list)
    for assessment_id, starts_on, ends_on, decision_ends_on, status in AssessmentPause.objects.filter(
        assessment__child_id__in=child_ids
    ).values_list("assessment_id", "starts_on", "ends_on", "decision__ends_on", "decision__status"):
        if ends_on is None and status in ("ended", "expired") and decision_ends_on is not None:
            ends_on = max(starts_on, decision_ends_on)
        pauses[assessment_id].append((starts_on, ends_on))
    found: dict[int, list[AssessmentFact]] = defaultdict(list)
    for pk, child_id, referral_on, completed_on in (
        Assessment.objects.filter(child_id__in=child_ids)
        .order_by("referral__received_on", "pk")
        .values_list("pk", "child_id", "referral__received_on", "completed_on")
    ):
        found[child_id].append(
            AssessmentFact(
                id=pk, referral_on=referral_on, completed_on=completed_on, pauses=tuple(sorted(pauses.get(pk, ())))
            )
        )
    # The clock runs from the referral (DOMAIN.md section 4), so a referral nobody has started assessing is due too.
    for referral_id, child_id, referral_on in (
        Referral.objects.filter(child_id__in=child_ids, assessments__isnull=True)
        .order_by("received_on", "pk")
        .values_list("pk", "child_id", "received_on")
    ):
        found[child_id].append(AssessmentFact(id=-referral_id, referral_on=referral_on))
    return {
        child_id: {"assessments": tuple(sorted(facts, key=lambda fact: (fact.referral_on, fact.id)))}
        for child_id, facts in found.items()
    }
