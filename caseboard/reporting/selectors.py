"""Who may see which report, and reads of stored returns."""

from __future__ import annotations

from django.db.models import Count, Prefetch, QuerySet

from caseboard.accounts.models import Role, User

from .models import ReturnDownload, StoredReturn

REPORT_ROLES = frozenset({Role.TEAM_MANAGER, Role.HEAD_OF_SERVICE, Role.PERFORMANCE_OFFICER, Role.ADMINISTRATOR})
# Stored returns are the council's figures as submitted (every child), so only those who answer for them see them.
STORED_RETURN_ROLES = frozenset({Role.HEAD_OF_SERVICE, Role.PERFORMANCE_OFFICER, Role.ADMINISTRATOR})
GENERATING_ROLES = frozenset({Role.HEAD_OF_SERVICE, Role.PERFORMANCE_OFFICER})


def _active(user: User) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def may_see_reports(user: User) -> bool:
    """Team managers, heads of service, performance officers and administrators see the report pages, each counted
    over the children they may see."""
    return _active(user) and user.role in REPORT_ROLES


def may_see_stored_returns(user: User) -> bool:
    return _active(user) and user.role in STORED_RETURN_ROLES


def may_generate_returns(user: User) -> bool:
    """Heads of service and performance officers may store a return now ("Generate now")."""
    return _active(user) and user.role in GENERATING_ROLES


def scope_description(user: User) -> str:
    """Whose records a user's report figures are counted over, in words for the page."""
    if user.role in {Role.PERFORMANCE_OFFICER, Role.ADMINISTRATOR}:
        return "every child's record except restricted records you are not named on"
    if user.role == Role.HEAD_OF_SERVICE:
        return "the children allocated in your service's teams or to you (restricted records only if you are named)"
    return "the children allocated in your teams or to you (restricted records only if you are named)"


def stored_returns_for(user: User) -> QuerySet[StoredReturn]:
    """Stored returns, newest period first, with who generated them and how often each was downloaded."""
    if not may_see_stored_returns(user):
        return StoredReturn.objects.none()
    return (
        StoredReturn.objects.select_related("generated_by")
        .annotate(download_count=Count("downloads"))
        .defer("figures")
        .order_by("-period_start", "-generated_at", "-pk")
    )


def stored_return_for(*, user: User, pk: object) -> StoredReturn | None:
    try:
        key = int(pk)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return None
    if not may_see_stored_returns(user):
        return None
    return (
        StoredReturn.objects.select_related("generated_by")
        .prefetch_related(
            Prefetch("downloads", queryset=ReturnDownload.objects.select_related("downloaded_by").order_by("-pk"))
        )
        .filter(pk=key)
        .first()
    )


def downloads_for(*, stored_returns: list[StoredReturn]) -> dict[int, list[ReturnDownload]]:
    """Who downloaded each of these stored returns, newest first (one query)."""
    found: dict[int, list[ReturnDownload]] = {item.pk: [] for item in stored_returns}
    for download in (
        ReturnDownload.objects.filter(stored_return_id__in=found)
        .select_related("downloaded_by")
        .order_by("-downloaded_at", "-pk")
    ):
        found[download.stored_return_id].append(download)
    return found
