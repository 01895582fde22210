"""Who uses the front door (django-rules), for its pages and its link in the navigation."""

import rules

from caseboard.accounts.rules import is_head_of_service

from .selectors import works_at_front_door


@rules.predicate
def works_at_the_front_door(user) -> bool:
    """Front door practitioners, and team managers of a team with one in it."""
    return works_at_front_door(user)


uses_the_front_door = works_at_the_front_door | is_head_of_service
