"""Reads of education records, always from the children the user may see."""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models import QuerySet

from caseboard.accounts.models import User
from caseboard.people.selectors import children_visible_to

from .models import NOT_ATTENDING, Attendance


def week_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def not_attending(*, user: User, week_starting: date, worker: User | None = None) -> QuerySet[Attendance]:
    """Days this week on which a child the user may see was expected in education and was not there."""
    children = children_visible_to(user)
    if worker is not None:
        children = children.filter(allocations__worker=worker, allocations__ended_on__isnull=True)
    return (
        Attendance.objects.filter(
            child__in=children.values("pk"),
            day__gte=week_starting,
            day__lte=week_starting + timedelta(days=6),
            code__in=NOT_ATTENDING,
        )
        .select_related("child")
        .order_by("child__last_name", "child__first_name", "child_id", "day")
    )
