from __future__ import annotations

from typing import Any

from caseboard.core.hooks import Panel

from .models import PlanKind
from .selectors import plans_for_child


def plans_panel(request: Any, child: Any) -> Panel:
    """The child's plans on their record, with their open actions, and links to start one or record a delay."""
    return Panel(
        order=18,
        template="plans/child_panel.html",
        context={
            "child_id": child.pk,
            "plans": plans_for_child(child=child),
            "can_record": request.user.has_perm("plans.record_plan", child),
            "kinds": PlanKind.choices,
        },
    )
