from __future__ import annotations

from typing import Any

from caseboard.core.hooks import Panel

from .selectors import family_time_for_child


def family_time_panel(request: Any, child: Any) -> Panel:
    """The child's family time on their record: arrangements, upcoming and recent sessions, changes awaiting a
    decision, and arrangements with sessions missed in a row."""
    return Panel(
        order=25,
        template="familytime/child_panel.html",
        context={
            "child_id": child.pk,
            "summaries": family_time_for_child(child=child),
            "can_record": request.user.has_perm("familytime.record_arrangement", child),
        },
    )
