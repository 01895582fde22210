from __future__ import annotations

from typing import Any

from django.utils import timezone

from caseboard.clock.calendar import add_working_days
from caseboard.clock.vocabulary import DueStatus
from caseboard.compliance.selectors import SOON_WORKING_DAYS
from caseboard.core.hooks import Panel

from .selectors import family_time_for_child, supervisor_tasks


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


def observation_notes_due_panel(request: Any) -> Panel | None:
    """On the user's own worklist ("Due and overdue"): the observation notes due from them for the sessions they
    supervised, with the same overdue and due-soon status as their other due items. Nothing for a user with none."""
    tasks = list(supervisor_tasks(user=request.user))
    if not tasks:
        return None
    today = timezone.localdate()
    soon = add_working_days(today, SOON_WORKING_DAYS)
    rows = [
        (
            task,
            DueStatus.OVERDUE.value
            if task.due_on < today
            else DueStatus.DUE_SOON.value
            if task.due_on <= soon
            else DueStatus.UPCOMING.value,
        )
        for task in tasks
    ]
    return Panel(order=10, template="familytime/worklist_panel.html", context={"rows": rows})
