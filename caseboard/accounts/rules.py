"""Who may manage staff, teams and services (django-rules): administrators only."""

import rules

from .models import Role


@rules.predicate
def manages_staff(user) -> bool:
    return bool(getattr(user, "is_active", False)) and getattr(user, "role", "") == Role.ADMINISTRATOR


rules.add_perm("accounts.manage_staff", manages_staff)
