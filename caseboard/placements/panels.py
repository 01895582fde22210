from __future__ import annotations

from typing import Any

from django.utils import timezone

from caseboard.core.hooks import Panel

from .selectors import current_placement


def placement_panel(request: Any, child: Any) -> Panel | None:
    """The child's current placement on their record, with a link to their placements."""
    placement = current_placement(child=child, day=timezone.localdate())
    has_any = placement is not None or child.episodes.filter(kind="lac").exists()
    if not has_any:
        return None
    return Panel(
        order=22,
        template="placements/child_panel.html",
        context={
            "child_id": child.pk,
            "placement": placement,
            "may_place": request.user.has_perm("placements.place_child", child),
        },
    )
