"""Family time fixtures: the shared council, its first child looked after, a family centre with rooms, a
coordinator and two supervisors; dates fixed in the future of a fixed "now" so the rules, not the clock, decide."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

import pytest
from django.utils import timezone

from caseboard.accounts.models import Role, User
from caseboard.casework.models import Episode
from caseboard.conftest import make_user
from caseboard.familytime import services
from caseboard.familytime.models import Arrangement, Room, Venue
from caseboard.people.models import FamilyMember
from caseboard.testing.factories import EpisodeFactory, FamilyMemberFactory

# A Monday. Sessions are booked in the weeks after it.
NOW = datetime(2026, 3, 2, 8, 0, tzinfo=timezone.get_current_timezone())
MONDAY = date(2026, 3, 9)


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=timezone.get_current_timezone())


def looked_after(child, start_on: date = date(2025, 6, 2)) -> Episode:
    return EpisodeFactory(child=child, looked_after=True, start_on=start_on)


@dataclass
class Centre:
    venue: Venue
    rooms: list[Room]
    coordinator: User
    supervisor: User
    other_supervisor: User
    mother: FamilyMember


@pytest.fixture
def centre(council) -> Centre:
    coordinator = make_user("coordinator", Role.FAMILY_TIME_COORDINATOR)
    supervisor = make_user("supervisor", Role.FAMILY_TIME_SUPERVISOR)
    other = make_user("supervisor2", Role.FAMILY_TIME_SUPERVISOR)
    venue = services.venue_create(name="Riverside Family Centre", coordinators=[coordinator])
    rooms = [
        services.room_add(venue=venue, name="Room 1", capacity=4),
        services.room_add(venue=venue, name="Room 2", capacity=6),
    ]
    looked_after(council.own_child)
    mother = FamilyMemberFactory(child=council.own_child, name="Jade Brown", relationship="mother")
    return Centre(venue, rooms, coordinator, supervisor, other, mother)


def record(council, centre, **overrides) -> Arrangement:
    values = {
        "child": council.own_child,
        "recorded_by": council.worker,
        "source": "court_order",
        "court_order_provision": "Supervised contact with the mother twice a week for 90 minutes.",
        "times": 2,
        "period": "week",
        "duration_minutes": 90,
        "supervision": "supervised",
        "mode": "in_person",
        "venue_kind": "family_centre",
        "venue": centre.venue,
        "supervisor": centre.supervisor,
        "starts_on": date(2026, 3, 1),
        "family_members": [centre.mother],
    }
    values.update(overrides)
    return services.arrangement_record(**values)


@pytest.fixture
def arrangement(council, centre) -> Arrangement:
    return record(council, centre)
