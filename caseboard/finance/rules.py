"""Who may do what with payments: whoever edits a child's record (and sees it) requests a payment; team
coordinators, team managers and heads of service approve within their limits (``services.payment_approve`` checks
the amount and the team); they, administrators, performance officers and assistant directors read the spend report;
administrators keep the cost codes and budgets."""

import rules

from caseboard.accounts.models import Role
from caseboard.people.rules import edits_records, is_visible

APPROVING_ROLES = {Role.TEAM_COORDINATOR, Role.TEAM_MANAGER, Role.HEAD_OF_SERVICE}
SPEND_ROLES = APPROVING_ROLES | {Role.ADMINISTRATOR, Role.PERFORMANCE_OFFICER, Role.ASSISTANT_DIRECTOR}


@rules.predicate
def approves_payments(user) -> bool:
    return getattr(user, "role", "") in APPROVING_ROLES


@rules.predicate
def reads_spend(user) -> bool:
    return getattr(user, "role", "") in SPEND_ROLES


@rules.predicate
def keeps_cost_codes(user) -> bool:
    return getattr(user, "role", "") == Role.ADMINISTRATOR


rules.add_perm("finance.request_payment", edits_records & is_visible)
rules.add_perm("finance.see_payments", is_visible)
rules.add_perm("finance.approve_payments", approves_payments)
rules.add_perm("finance.view_spend", reads_spend)
rules.add_perm("finance.keep_cost_codes", keeps_cost_codes)
