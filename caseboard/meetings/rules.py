"""Who may arrange and record meetings: anyone who edits children's records, and independent reviewing officers
(who chair looked-after reviews and child protection conferences), for children they may see."""

import rules

from caseboard.accounts.models import Role
from caseboard.people.rules import edits_records, is_visible


@rules.predicate
def reviews_independently(user) -> bool:
    return getattr(user, "role", "") == Role.IRO


rules.add_perm("meetings.record_meeting", (edits_records | reviews_independently) & is_visible)
