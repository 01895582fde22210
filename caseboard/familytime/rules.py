"""Who may do what with family time. Arrangements and their changes: anyone who edits the child's record and may
see it. Booking and the family centre: family time coordinators (for their venues) and administrators. Recording a
session: its supervisor, its coordinator, or the child's workers."""

import rules

from caseboard.accounts.models import Role
from caseboard.people.rules import edits_records, is_visible

from .reports import may_see_reports
from .selectors import is_coordinator, venues_for


@rules.predicate
def coordinates(user) -> bool:
    return is_coordinator(user)


@rules.predicate
def sees_family_time_reports(user) -> bool:
    return may_see_reports(user)


@rules.predicate
def coordinates_venue(user, venue) -> bool:
    return venue is not None and is_coordinator(user) and venues_for(user).filter(pk=venue.pk).exists()


@rules.predicate
def books_arrangement(user, arrangement) -> bool:
    if arrangement is None or not is_coordinator(user):
        return False
    if getattr(user, "role", "") == Role.ADMINISTRATOR:
        return True
    return arrangement.venue_id is None or venues_for(user).filter(pk=arrangement.venue_id).exists()


@rules.predicate
def supervises_session(user, session) -> bool:
    return session is not None and session.supervisor_id == user.pk


@rules.predicate
def coordinates_session(user, session) -> bool:
    if session is None or not is_coordinator(user):
        return False
    venue_id = session.venue_id or session.arrangement.venue_id
    return getattr(user, "role", "") == Role.ADMINISTRATOR or venues_for(user).filter(pk=venue_id).exists()


@rules.predicate
def works_with_child(user, session) -> bool:
    return session is not None and edits_records(user) and is_visible(user, session.child)


@rules.predicate
def arrangement_child_visible(user, arrangement) -> bool:
    return arrangement is not None and is_visible(user, arrangement.child)


rules.add_perm("familytime.record_arrangement", edits_records & is_visible)
rules.add_perm("familytime.change_arrangement", edits_records & arrangement_child_visible)
rules.add_perm("familytime.book_arrangement", books_arrangement | (edits_records & arrangement_child_visible))
rules.add_perm("familytime.add_venue", coordinates)
rules.add_perm("familytime.manage_venue", coordinates_venue)
rules.add_perm("familytime.coordinate", coordinates)
rules.add_perm("familytime.manage_school_holidays", coordinates)
rules.add_perm("familytime.record_session", supervises_session | coordinates_session | works_with_child)
rules.add_perm("familytime.record_observation", supervises_session)
rules.add_perm("familytime.read_session_feedback", works_with_child)
rules.add_perm("familytime.view_reports", sees_family_time_reports)
