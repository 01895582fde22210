from __future__ import annotations

from typing import Any

from django.utils import timezone

from caseboard.core.hooks import Panel

from .selectors import front_door_for_child, may_work_on_child
from .services import screening_outstanding


def front_door_panel(request: Any, child: Any) -> Panel | None:
    """ "Referrals and assessments" on the child's record: referrals with their screening, assessments with their
    clocks, and recent contacts."""
    found = front_door_for_child(child=child, today=timezone.localdate())
    if not found.referrals and not found.contacts:
        return None
    rows = [
        {
            "referral": referral,
            "outstanding": screening_outstanding(referral.screening) if hasattr(referral, "screening") else [],
            "assessments": [(assessment, found.clocks[assessment.pk]) for assessment in referral.assessments.all()],
        }
        for referral in found.referrals
    ]
    return Panel(
        order=8,
        template="frontdoor/child_panel.html",
        context={
            "rows": rows,
            "contacts": found.contacts,
            "child_id": child.pk,
            "can_work": may_work_on_child(request.user, child),
        },
    )
