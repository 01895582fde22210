from __future__ import annotations

from typing import Any

from caseboard.core.hooks import Panel

from .selectors import professionals_for_child, shares_for_child


def partners_panel(request: Any, child: Any) -> Panel:
    """The professionals around the child and the information shared about them, on their record."""
    return Panel(
        order=19,
        template="partners/child_panel.html",
        context={
            "child_id": child.pk,
            "professionals": professionals_for_child(child=child),
            "shares": shares_for_child(child=child),
            "can_record": request.user.has_perm("partners.record_for_child", child),
        },
    )
