"""Who may do what with plans and delays: anyone who edits the child's record and may see it records plans, their
actions and delays; everyone but the front door reads the delays report, over the children they may see."""

import rules

from caseboard.accounts.rules import is_front_door_practitioner
from caseboard.people.rules import edits_records, is_visible


@rules.predicate
def plan_child_visible(user, plan) -> bool:
    return plan is not None and is_visible(user, plan.child)


rules.add_perm("plans.record_plan", edits_records & is_visible)
rules.add_perm("plans.change_plan", edits_records & plan_child_visible)
view_delay_report = ~is_front_door_practitioner

rules.add_perm("plans.view_delay_report", view_delay_report)
