"""Who sees the report pages (``selectors.may_see_reports``: team managers, heads of service, performance officers
and administrators) and the demand report (those, and front door practitioners). The views, the navigation and the
breadcrumbs ask these permissions."""

import rules

from caseboard.accounts.models import Role

from . import selectors


@rules.predicate
def sees_reports(user) -> bool:
    return selectors.may_see_reports(user)


@rules.predicate
def works_at_front_door(user) -> bool:
    return getattr(user, "role", "") == Role.FRONT_DOOR


rules.add_perm("reporting.view_reports", sees_reports)
rules.add_perm("reporting.view_demand", sees_reports | works_at_front_door)
