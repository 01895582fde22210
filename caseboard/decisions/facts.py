"""Key decisions as facts for the statutory clock: an approved decision's next review is a due item."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.utils import timezone

from caseboard.clock.vocabulary import DecisionFact

from .models import DecisionStatus, KeyDecision


def decision_facts(child_ids: list[int]) -> dict[int, dict[str, tuple[Any, ...]]]:
    rows = KeyDecision.children.through.objects.filter(
        child_id__in=child_ids, keydecision__status=DecisionStatus.APPROVED, keydecision__next_review_on__isnull=False
    ).select_related("keydecision")
    found: dict[int, list[DecisionFact]] = defaultdict(list)
    for row in rows:
        decision = row.keydecision
        last = decision.events.order_by("-at", "-pk").values_list("at", flat=True).first() or decision.decided_at
        found[row.child_id].append(
            DecisionFact(
                id=decision.pk,
                label=decision.get_kind_display(),
                next_review_on=decision.next_review_on,
                last_decided_on=timezone.localdate(last),
                review_after_days=decision.review_after_days,
            )
        )
    return {child_id: {"decisions": tuple(facts)} for child_id, facts in found.items()}
