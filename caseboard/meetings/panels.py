from __future__ import annotations

from typing import Any

from caseboard.core.hooks import Panel

from .models import MeetingKind
from .selectors import meetings_for_child


def meetings_panel(request: Any, child: Any) -> Panel:
    """The child's meetings on their record: upcoming and past, section 47 enquiries, the looked-after review dates,
    and links to arrange one."""
    return Panel(
        order=15,
        template="meetings/child_panel.html",
        context={
            "child_id": child.pk,
            "meetings": meetings_for_child(child=child),
            "can_record": request.user.has_perm("meetings.record_meeting", child),
            "kinds": MeetingKind.choices,
        },
    )
