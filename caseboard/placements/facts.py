"""What the statutory clock reads from placements, for many children at once in a fixed number of queries: the
setting each looked-after episode names and its reg 24 and placed-with-parent flags (``episode_facts``), placement
plans and the temporary approvals of carers each child was placed with under reg 24 (``placement_facts``). Which of
them apply on a day is the clock's to decide (the scenario council computes as of a past date)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from caseboard.clock.vocabulary import TemporaryApprovalFact

from .models import Approval, ApprovalKind, Placement, PlacementPlan
from .operating import settings_on


def episode_facts(child_ids: list[int] | None) -> dict[int, dict[str, Any]]:
    """Per looked-after episode: its setting, the reg 24 and placed-with-parent flags, and, for a placement at risk
    of breakdown, the date from which only visits in person count (operating model setting
    ``in_person_when_at_risk`` in force on the date the risk was noted; one query per distinct date)."""
    placements = Placement.objects.all() if child_ids is None else Placement.objects.filter(child_id__in=child_ids)
    columns = ("episode_id", "setting_id", "is_reg24_placement", "parent_assessment_complete", "risk_of_breakdown")
    rows = placements.values_list(*columns, "breakdown_noted_on")
    asks: dict[date, bool] = {}
    found: dict[int, dict[str, Any]] = {}
    for episode_id, setting_id, reg24, assessed, at_risk, noted_on in rows:
        fields: dict[str, Any] = {
            "setting_id": setting_id,
            "is_reg24_placement": reg24,
            "parent_assessment_complete": assessed,
        }
        if at_risk and noted_on is not None:
            if noted_on not in asks:
                asks[noted_on] = settings_on(noted_on).in_person_when_at_risk
            if asks[noted_on]:
                fields["in_person_visits_from"] = noted_on
        found[episode_id] = fields
    return found


def placement_facts(child_ids: list[int]) -> dict[int, dict[str, tuple[Any, ...]]]:
    found: dict[int, dict[str, list[Any]]] = defaultdict(lambda: defaultdict(list))
    plans = PlacementPlan.objects.filter(child_id__in=child_ids).values_list("child_id", "completed_on")
    for child_id, completed_on in plans:
        found[child_id]["placement_plans"].append(completed_on)
    placed = (
        Placement.objects.filter(child_id__in=child_ids, is_reg24_placement=True)
        .values_list("child_id", "setting_id")
        .distinct()
    )
    children_of: dict[int, set[int]] = defaultdict(set)
    for child_id, setting_id in placed:
        children_of[setting_id].add(child_id)
    if children_of:
        columns = ("pk", "setting_id", "setting__name", "approved_on", "ends_on", "weeks", "extended_weeks", "ended_on")
        approvals = Approval.objects.filter(
            setting_id__in=children_of, kind=ApprovalKind.TEMPORARY, ends_on__isnull=False
        ).values_list(*columns)
        for pk, setting_id, name, approved_on, ends_on, weeks, extended, ended_on in approvals:
            fact = TemporaryApprovalFact(
                id=pk,
                setting_id=setting_id,
                carers=name,
                approved_on=approved_on,
                ends_on=ends_on,
                weeks=weeks or 0,
                extended_weeks=extended,
                replaced_on=ended_on,
            )
            for child_id in children_of[setting_id]:
                found[child_id]["temporary_approvals"].append(fact)
    return {child_id: {name: tuple(values) for name, values in fields.items()} for child_id, fields in found.items()}
