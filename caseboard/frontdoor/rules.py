"""Who uses the front door (django-rules), for its pages and its link in the navigation. ``frontdoor.view_queue``
is the queue: front door practitioners and managers of a front door team, heads of service, performance officers and
administrators (``selectors.sees_all_contacts``); the queue page and every link to it ask it."""

import rules

from caseboard.accounts.rules import is_head_of_service

from . import selectors
from .selectors import works_at_front_door


@rules.predicate
def works_at_the_front_door(user) -> bool:
    """Front door practitioners, and team managers of a team with one in it."""
    return works_at_front_door(user)


uses_the_front_door = works_at_the_front_door | is_head_of_service


@rules.predicate
def sees_all_contacts(user) -> bool:
    return selectors.sees_all_contacts(user)


rules.add_perm("frontdoor.view_queue", sees_all_contacts)
