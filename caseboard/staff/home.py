"""Home page card: the administrator's staff and the settings they keep."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q
from django.urls import reverse

from caseboard.accounts.rules import manages_staff
from caseboard.core.home import Figure, Link, home_card
from caseboard.core.hooks import Panel

from .selectors import staff_visible_to


def staff_card(request: Any) -> Panel | None:
    user = request.user
    if not manages_staff(user):
        return None
    counts = staff_visible_to(user).aggregate(
        active=Count("pk", filter=Q(is_active=True), distinct=True),
        inactive=Count("pk", filter=Q(is_active=False), distinct=True),
        no_team=Count("pk", filter=Q(is_active=True, teams__isnull=True), distinct=True),
    )
    url = reverse("staff:index")
    return home_card(
        8,
        "staff",
        "Staff and teams",
        figures=[
            Figure("active staff", counts["active"], url),
            Figure("active, in no team", counts["no_team"], url, warning=bool(counts["no_team"])),
            Figure("deactivated", counts["inactive"], f"{url}?status=inactive"),
        ],
        links=[
            Link("Add a member of staff", reverse("staff:add")),
            Link("Import staff from a spreadsheet", reverse("staff:import")),
            Link("Teams and services", reverse("staff:teams")),
            Link("API tokens", reverse("security:tokens")),
            Link("Records due for review (retention)", reverse("reporting:retention")),
        ],
        link=Link("See all staff", url),
    )
