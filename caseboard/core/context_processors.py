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

    from caseboard.core.hooks import navigation_for

    user = request.user
    if not user.is_authenticated:
        return []
    items = [(label, reverse(url_name)) for label, url_name in navigation_for(user)]
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

    from caseboard.core.hooks import nav_counters

    return {reverse(name): count(user) for name, count in nav_counters.items()}
