from __future__ import annotations

from typing import Any

from caseboard.core.hooks import Panel

from .selectors import due_items_for_child


def due_items_panel(request: Any, child: Any) -> Panel:
    """The child's statutory clock on their record, each item with why it is due."""
    return Panel(order=10, template="compliance/child_panel.html", context={"items": due_items_for_child(child=child)})
