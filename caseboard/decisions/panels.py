from __future__ import annotations

from typing import Any

from caseboard.core.hooks import Panel

from .selectors import decisions_for_child


def decisions_panel(request: Any, child: Any) -> Panel:
    return Panel(
        order=20,
        template="decisions/child_panel.html",
        context={
            "decisions": decisions_for_child(child=child),
            "child_id": child.pk,
            "can_propose": request.user.has_perm("decisions.propose_decision", child),
        },
    )
