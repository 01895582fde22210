from __future__ import annotations

from typing import Any

from caseboard.core.hooks import Panel

from .selectors import case_notes_for_child, visits_for_child


def visits_panel(request: Any, child: Any) -> Panel:
    return Panel(
        order=5,
        template="visits/child_panel.html",
        context={
            "visits": visits_for_child(child=child),
            "notes": case_notes_for_child(child=child),
            "child_id": child.pk,
            "can_record": request.user.has_perm("people.change_child", child),
        },
    )
