"""Key decisions as facts for the statutory clock: an approved decision's next review is a due item, and an approved
decision in force covers the overdue items its kind covers (what the operating model says the kind does to the
clock), which then say so; it never moves their dates."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.utils import timezone

from caseboard.clock.vocabulary import ClockEffect, DecisionFact, DeviationFact
from caseboard.policy.models import CLOCK_EFFECT_OF_KIND, DeviationRule

from .models import DecisionStatus, KeyDecision


def decision_facts(child_ids: list[int]) -> dict[int, dict[str, tuple[Any, ...]]]:
    rows = list(
        KeyDecision.children.through.objects.filter(
            child_id__in=child_ids, keydecision__status=DecisionStatus.APPROVED
        ).select_related("keydecision", "keydecision__decided_by")
    )
    effects = {
        (version_id, kind): effect
        for version_id, kind, effect in DeviationRule.objects.filter(
            version_id__in={row.keydecision.operating_model_version_id for row in rows}
        ).values_list("version_id", "kind", "clock_effect")
    }
    found: dict[int, list[DecisionFact]] = defaultdict(list)
    deviations: dict[int, list[DeviationFact]] = defaultdict(list)
    for row in rows:
        decision = row.keydecision
        if decision.next_review_on is not None:
            last = decision.events.order_by("-at", "-pk").values_list("at", flat=True).first() or decision.decided_at
            found[row.child_id].append(
                DecisionFact(
                    id=decision.pk,
                    label=decision.get_kind_display(),
                    next_review_on=decision.next_review_on,
                    last_decided_on=timezone.localdate(last),
                    review_after_days=decision.review_after_days,
                    at_each_visit=decision.review_at_each_visit,
                )
            )
        effect = effects.get(
            (decision.operating_model_version_id, decision.kind), CLOCK_EFFECT_OF_KIND.get(decision.kind, "none")
        )
        if effect != ClockEffect.NONE and decision.decided_at is not None:
            approver = decision.decided_by
            ends_on = decision.ends_on
            if decision.review_at_each_visit and decision.next_review_on is not None:
                # Not reviewed at the scheduled visit: it lapses the day after (seed 002).
                ends_on = min(ends_on or decision.next_review_on, decision.next_review_on)
            deviations[row.child_id].append(
                DeviationFact(
                    id=decision.pk,
                    label=decision.get_kind_display(),
                    effect=ClockEffect(effect),
                    starts_on=decision.starts_on,
                    ends_on=ends_on,
                    approved_by=approver.get_full_name() or approver.username if approver else "",
                    approved_on=timezone.localdate(decision.decided_at),
                    next_review_on=decision.next_review_on,
                )
            )
    return {
        child_id: {"decisions": tuple(found.get(child_id, ())), "deviations": tuple(deviations.get(child_id, ()))}
        for child_id in set(found) | set(deviations)
    }
