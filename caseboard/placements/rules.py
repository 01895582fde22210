"""Who may do what with placements. The settings register (carers and homes, vacancies, sufficiency, the finder):
staff who place children or supervise carers. Setting up and changing settings, carers' approvals, health and notices:
supervising social workers, team managers, heads of service and administrators. Placing a child and recording a
placement plan: whoever edits the child's record and may see it. A carer visit: the setting's supervising social
worker (or a manager or administrator of placements)."""

import rules

from caseboard.accounts.models import Role
from caseboard.people.rules import edits_records, is_visible

REGISTER_ROLES = {
    Role.SOCIAL_WORKER,
    Role.TEAM_MANAGER,
    Role.HEAD_OF_SERVICE,
    Role.IRO,
    Role.SUPERVISING_SOCIAL_WORKER,
    Role.PERFORMANCE_OFFICER,
    Role.ADMINISTRATOR,
    Role.ASSISTANT_DIRECTOR,
}
MANAGING_ROLES = {
    Role.SUPERVISING_SOCIAL_WORKER,
    Role.TEAM_MANAGER,
    Role.HEAD_OF_SERVICE,
    Role.ADMINISTRATOR,
}


@rules.predicate
def sees_placements(user) -> bool:
    return getattr(user, "is_authenticated", False) and getattr(user, "role", "") in REGISTER_ROLES


@rules.predicate
def manages_settings(user) -> bool:
    return getattr(user, "is_authenticated", False) and getattr(user, "role", "") in MANAGING_ROLES


@rules.predicate
def supervises(user, setting) -> bool:
    return setting is not None and setting.supervising_social_worker_id == user.pk


@rules.predicate
def manages_all(user) -> bool:
    return getattr(user, "role", "") in {Role.TEAM_MANAGER, Role.HEAD_OF_SERVICE, Role.ADMINISTRATOR}


rules.add_perm("placements.view_register", sees_placements)
rules.add_perm("placements.manage_settings", manages_settings)
rules.add_perm("placements.place_child", edits_records & is_visible)
rules.add_perm("placements.record_carer_visit", supervises | manages_all)
