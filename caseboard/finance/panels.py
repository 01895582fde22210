from __future__ import annotations

from typing import Any

from caseboard.core.hooks import Panel

from .selectors import payments_for_child


def payments_panel(request: Any, child: Any) -> Panel:
    """The child's payments (section 17 and care leavers' discretionary payments), on their record."""
    return Panel(
        order=21,
        template="finance/child_panel.html",
        context={
            "child_id": child.pk,
            "payments": payments_for_child(child=child),
            "can_request": request.user.has_perm("finance.request_payment", child),
        },
    )
