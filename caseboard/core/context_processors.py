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
    """The top level of the navigation: one entry per group the user sees. A group with one item is that item; a
    group with more links to its first and, when the page is in it, carries its items for the sub navigation."""
    from django.urls import reverse

    from caseboard.core.hooks import navigation_groups_for

    user = request.user
    if not user.is_authenticated:
        return []
    groups = [
        (group, [(label, reverse(url_name)) for label, url_name in items])
        for group, items in navigation_groups_for(user)
    ]
    # The page's item is the longest matching prefix; aria-current is "page" only on the item's own page.
    path = request.path
    matches = [url for _, items in groups for _, url in items if path.startswith(url)]
    section = max(matches, key=len) if matches else None
    counts = _counts(user)
    entries = []
    for group, items in groups:
        active = any(url == section for _, url in items)
        sub = [
            {
                "label": label,
                "url": url,
                "active": url == section,
                "current": "page" if url == path else "true",
                "count": counts.get(url),
            }
            for label, url in items
        ]
        single = len(items) == 1
        entries.append(
            {
                "label": items[0][0] if single else group.label,
                "url": items[0][1],
                "active": active,
                # The top-level link is the page itself only for a group of one; otherwise the sub item is.
                "current": sub[0]["current"] if single else "true",
                "count": sum(item["count"] or 0 for item in sub) or None,
                "items": [] if single else sub,
            }
        )
    return entries


def _counts(user: Any) -> dict[str, int]:
    from django.urls import reverse

    from caseboard.core.hooks import nav_counters

    return {reverse(name): count(user) for name, count in nav_counters.items()}
