"""Object permissions for children's records (django-rules). Visibility itself is ``children_visible_to``."""

import rules

from caseboard.accounts.models import Role

from .selectors import child_is_visible, household_for

EDITING_ROLES = {
    Role.SOCIAL_WORKER,
    Role.PERSONAL_ADVISER,
    Role.TEAM_MANAGER,
    Role.HEAD_OF_SERVICE,
    Role.FRONT_DOOR,
    Role.ADMINISTRATOR,
}
HISTORY_ROLES = {Role.TEAM_MANAGER, Role.HEAD_OF_SERVICE, Role.ADMINISTRATOR}
ALLOCATING_ROLES = {Role.TEAM_MANAGER, Role.HEAD_OF_SERVICE, Role.ADMINISTRATOR}


@rules.predicate
def is_visible(user, child) -> bool:
    return child is not None and child_is_visible(user, child)


@rules.predicate
def edits_records(user) -> bool:
    return getattr(user, "role", "") in EDITING_ROLES


@rules.predicate
def keeps_sight_of_new_children(user) -> bool:
    """A new child is allocated to a case-holding registrar in their team; administrators see every record. Others
    (e.g. a head of service with no team) would lose sight of a child they add, so they cannot add one."""
    if getattr(user, "role", "") == Role.ADMINISTRATOR:
        return True
    registrars = {Role.SOCIAL_WORKER, Role.PERSONAL_ADVISER, Role.TEAM_MANAGER, Role.FRONT_DOOR}
    return getattr(user, "role", "") in registrars and user.teams.exists()


@rules.predicate
def reads_history(user) -> bool:
    return getattr(user, "role", "") in HISTORY_ROLES


@rules.predicate
def allocates_work(user) -> bool:
    return getattr(user, "role", "") in ALLOCATING_ROLES


@rules.predicate
def reviews_access(user) -> bool:
    return getattr(user, "role", "") in {Role.HEAD_OF_SERVICE, Role.ADMINISTRATOR}


@rules.predicate
def sees_household(user, household) -> bool:
    """The same rule as ``households_visible_to``: a child in the household whose record the user may see."""
    return household is not None and household_for(user=user, pk=household.pk) is not None


rules.add_perm("people.view_child", is_visible)
rules.add_perm("people.add_child", edits_records & keeps_sight_of_new_children)
# Cheap role checks first, so the visibility query runs only when the role allows the action.
rules.add_perm("people.change_child", edits_records & is_visible)
rules.add_perm("people.view_child_history", reads_history & is_visible)
rules.add_perm("people.allocate_child", allocates_work & is_visible)
rules.add_perm("people.view_access_report", reviews_access)
rules.add_perm("people.view_household", sees_household)
rules.add_perm("people.change_household", edits_records & sees_household)
