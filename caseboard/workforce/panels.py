"""What this app adds to other apps' pages: management oversight and cover on a child's record, and who is on duty
today on the front door queue."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from caseboard.core.hooks import Panel

from .models import CaseDiscussion
from .selectors import covers_for_child, duty_on, is_available_on, periods_between


def oversight_panel(request: Any, child: Any) -> Panel | None:
    """Management oversight from supervision case discussions, and any cover arrangement, for the child's
    workers (anyone who may see the record)."""
    discussions = list(
        CaseDiscussion.objects.filter(child=child)
        .select_related("session__supervisor", "session__supervisee")
        .order_by("-session__held_on", "-pk")[:10]
    )
    covers = list(covers_for_child(child.pk).order_by("-arranged_at")[:3])
    if not discussions and not covers:
        return None
    return Panel(
        order=40, template="workforce/child_panel.html", context={"discussions": discussions, "covers": covers}
    )


def duty_today_panel(request: Any) -> Panel:
    """Who is on duty today, and whether they are available, for the front door queue."""
    today = timezone.localdate()
    shifts = duty_on(today)
    periods = periods_between({s.person_id for s in shifts}, today, today)
    rows = [(shift, is_available_on(periods.get(shift.person_id, []), today)) for shift in shifts]
    return Panel(order=10, template="workforce/duty_panel.html", context={"rows": rows, "today": today})
