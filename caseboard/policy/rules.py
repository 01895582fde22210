import rules

from caseboard.accounts.models import Role


@rules.predicate
def manages_operating_models(user) -> bool:
    return getattr(user, "role", "") in {Role.HEAD_OF_SERVICE, Role.ADMINISTRATOR}


@rules.predicate
def is_administrator(user) -> bool:
    return getattr(user, "role", "") == Role.ADMINISTRATOR


# Everyone signed in may read the rules of practice; heads of service and administrators draft and approve.
rules.add_perm("policy.change_operatingmodelversion", manages_operating_models)
rules.add_perm("policy.recompute_due_items", is_administrator)
