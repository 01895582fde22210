from __future__ import annotations

from typing import Any

from caseboard.core.hooks import Panel

from .selectors import current_rating, may_confirm, teams_for_review


def rag_panel(request: Any, child: Any) -> Panel:
    rating = current_rating(child=child)
    # The banner (a lower app's template) shows the rating when the child carries it; it cannot ask this app.
    child.current_rag = rating.rating if rating else None
    user = request.user
    return Panel(
        order=5,
        template="prioritisation/child_panel.html",
        context={
            "rating": rating,
            "child_id": child.pk,
            "can_rate": user.has_perm("people.change_child", child),
            "can_confirm": rating is not None
            and not rating.is_confirmed
            and rating.rated_by_id != user.pk
            and may_confirm(user, child),
            "teams": list(teams_for_review(user=user, child=child)),
        },
    )
