"""Home page card: the reports a performance officer or head of service opens every week."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone

from caseboard.accounts.models import Role
from caseboard.core.home import Link, home_card
from caseboard.core.hooks import Panel

from .returns.selectors import last_complete_week
from .rules import may_see_reports

# Whose home page has the reports card: those who answer for the figures (a team manager opens them from Reports).
REPORTS_HOME_ROLES = frozenset({Role.PERFORMANCE_OFFICER, Role.HEAD_OF_SERVICE, Role.ASSISTANT_DIRECTOR})


def reports_card(request: Any) -> Panel | None:
    user = request.user
    if user.role not in REPORTS_HOME_ROLES or not may_see_reports(user):
        return None
    week = last_complete_week(timezone.localdate())
    return home_card(
        40,
        "reports",
        "Reports",
        links=[
            Link(
                f"Weekly visits return for the week of {week:%-d %B %Y}",
                reverse("reporting:weekly-visits"),
                "who was visited and how",
            ),
            Link("Timeliness", reverse("reporting:timeliness"), "the statutory timescales met, by week"),
            Link("Demand: contacts and referrals", reverse("reporting:demand")),
            Link("Vulnerable children survey", reverse("reporting:survey")),
            Link("Service briefing (PDF)", reverse("reporting:briefing")),
        ],
        link=Link("All reports", reverse("reporting:index")),
    )
