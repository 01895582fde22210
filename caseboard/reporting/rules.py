"""Who sees the report pages (``may_see_reports``: team managers, heads of service, performance officers and
administrators), the stored returns and the demand report (those, and front door practitioners). The views, the API,
the navigation and the breadcrumbs ask these permissions."""

from __future__ import annotations

import rules

from caseboard.accounts.models import Role, User

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


@rules.predicate
def sees_reports(user) -> bool:
    return may_see_reports(user)


@rules.predicate
def works_at_front_door(user) -> bool:
    return getattr(user, "role", "") == Role.FRONT_DOOR


rules.add_perm("reporting.view_reports", sees_reports)
rules.add_perm("reporting.view_demand", sees_reports | works_at_front_door)
