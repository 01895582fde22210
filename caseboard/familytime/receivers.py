"""Listens for key decisions: a change to family time takes effect only when the decision linked to it is approved
(and is refused when it is rejected or withdrawn). The decisions app knows nothing of family time; this is its
``post_save`` of the decision's events, in the same transaction as the approval."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_save
from django.dispatch import receiver

from caseboard.decisions.models import DecisionAction, DecisionEvent

APPROVING = {DecisionAction.APPROVED, DecisionAction.RECORDED_AND_APPROVED}
REFUSING = {DecisionAction.REJECTED, DecisionAction.WITHDRAWN}


@receiver(post_save, sender=DecisionEvent, dispatch_uid="familytime-decision-event")
def decision_event_saved(sender: Any, instance: DecisionEvent, created: bool, **kwargs: Any) -> None:
    if not created or instance.action not in APPROVING | REFUSING:
        return
    from .models import ArrangementChange, ChangeStatus
    from .services import arrangement_change_apply, arrangement_change_refuse

    change = ArrangementChange.objects.filter(
        decision_id=instance.decision_id, status=ChangeStatus.AWAITING_DECISION
    ).first()
    if change is None:
        return
    if instance.action in APPROVING:
        arrangement_change_apply(change=change)
    else:
        arrangement_change_refuse(change=change)
