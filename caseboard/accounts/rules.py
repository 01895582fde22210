"""Role predicates (django-rules) that pages, links and the navigation share: a page offers a link only when the same
predicate as its view holds. Who may manage staff, teams and services: administrators only."""

import rules

from .models import Role

MANAGING_ROLES = {Role.TEAM_MANAGER, Role.HEAD_OF_SERVICE, Role.ADMINISTRATOR, Role.PERFORMANCE_OFFICER}
MANAGER_ROLES = {Role.TEAM_MANAGER, Role.HEAD_OF_SERVICE}


def _role(user) -> str:
    return getattr(user, "role", "")


@rules.predicate
def oversees_teams(user) -> bool:
    """Team managers, heads of service, administrators and performance officers: team and service views, reports."""
    return _role(user) in MANAGING_ROLES


@rules.predicate
def is_manager(user) -> bool:
    """Team managers and heads of service: they approve key decisions, confirm RAG ratings, start rating campaigns
    and see their teams' meetings."""
    return _role(user) in MANAGER_ROLES


@rules.predicate
def is_head_of_service(user) -> bool:
    return _role(user) == Role.HEAD_OF_SERVICE


@rules.predicate
def is_team_manager(user) -> bool:
    return _role(user) == Role.TEAM_MANAGER


@rules.predicate
def is_front_door_practitioner(user) -> bool:
    return _role(user) == Role.FRONT_DOOR


@rules.predicate
def is_administrator(user) -> bool:
    return _role(user) == Role.ADMINISTRATOR


@rules.predicate
def administers_the_site(user) -> bool:
    """Administrators with access to Django admin."""
    return _role(user) == Role.ADMINISTRATOR and bool(getattr(user, "is_staff", False))


def unread_notifications(user) -> int:
    """The count beside "Notifications" in the navigation."""
    from .models import Notification

    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


@rules.predicate
def is_independent_reviewing_officer(user) -> bool:
    return _role(user) == Role.IRO


@rules.predicate
def manages_staff(user) -> bool:
    return bool(getattr(user, "is_active", False)) and getattr(user, "role", "") == Role.ADMINISTRATOR


rules.add_perm("accounts.manage_staff", manages_staff)
