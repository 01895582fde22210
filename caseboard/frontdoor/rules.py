"""The front door queue: front door practitioners and managers of a front door team, heads of service, performance
officers and administrators (``selectors.sees_all_contacts``). The queue page and every link to it ask this."""

import rules

from . import selectors


@rules.predicate
def sees_all_contacts(user) -> bool:
    return selectors.sees_all_contacts(user)


rules.add_perm("frontdoor.view_queue", sees_all_contacts)
