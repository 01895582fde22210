from typing import Any

from django.conf import settings
from django.http import HttpRequest


def caseboard(request: HttpRequest) -> dict[str, Any]:
    """What every page's layout needs: council name, demo mode, the session's idle timeout."""
    return {
        "council_name": settings.COUNCIL_NAME,
        "service_name": settings.SERVICE_NAME,
        "demo_mode": settings.DEMO_MODE,
        "session_idle_seconds": settings.SESSION_COOKIE_AGE,
        "session_idle_minutes": settings.SESSION_IDLE_MINUTES,
        "navigation_items": _navigation(request),
    }


def _navigation(request: HttpRequest) -> list[dict[str, Any]]:
    from django.urls import reverse

    from caseboard.accounts.models import Role
    from caseboard.frontdoor.selectors import works_at_front_door

    user = request.user
    if not user.is_authenticated:
        return []
    items = [("My caseload", reverse("casework:my-caseload")), ("Due and overdue", reverse("compliance:my-worklist"))]
    if user.role in {Role.TEAM_MANAGER, Role.HEAD_OF_SERVICE, Role.ADMINISTRATOR, Role.PERFORMANCE_OFFICER}:
        items.append(("Teams", reverse("casework:teams")))
        items.append(("Overdue by team", reverse("compliance:dashboard")))
        items.append(("RAG assurance", reverse("prioritisation:assurance")))
        items.append(("Reports", reverse("reporting:index")))
    items.append(("Meetings", reverse("meetings:index")))
    items.append(("Find a child", reverse("casework:search")))
    if user.role in {Role.FRONT_DOOR, Role.HEAD_OF_SERVICE} or (
        user.role == Role.TEAM_MANAGER and works_at_front_door(user)
    ):
        items.append(("Front door", reverse("frontdoor:queue")))
    if user.role in {Role.HEAD_OF_SERVICE, Role.ADMINISTRATOR}:
        items.append(("Access report", reverse("people:access-report")))
    if user.role in {Role.TEAM_MANAGER, Role.HEAD_OF_SERVICE}:
        items.append(("Approvals", reverse("decisions:approvals")))
    items.append(("Notifications", reverse("accounts:notifications")))
    items.append(("Operating model", reverse("policy:index")))
    if user.has_perm("accounts.manage_staff"):
        items.append(("Staff", reverse("staff:index")))
    if user.role == Role.ADMINISTRATOR:
        items.append(("API tokens", reverse("security:tokens")))
    if user.role == Role.ADMINISTRATOR and user.is_staff:
        items.append(("Administration", reverse("admin:index")))
    # The section is the longest matching prefix; aria-current is "page" only on the section's own page.
    path = request.path
    matches = [url for _, url in items if path.startswith(url)]
    section = max(matches, key=len) if matches else None
    counts = _counts(user)
    return [
        {
            "label": label,
            "url": url,
            "active": url == section,
            "current": "page" if url == path else "true",
            "count": counts.get(url),
        }
        for label, url in items
    ]


def _counts(user: Any) -> dict[str, int]:
    from django.urls import reverse

    from caseboard.accounts.models import Notification
    from caseboard.core.hooks import nav_counters

    counts = {reverse(name): count(user) for name, count in nav_counters.items()}
    counts[reverse("accounts:notifications")] = Notification.objects.filter(
        recipient=user, read_at__isnull=True
    ).count()
    return counts
