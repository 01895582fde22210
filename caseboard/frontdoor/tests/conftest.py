"""A front door team (MASH) beside the shared council: a practitioner, its manager and a head of service."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

import pytest
from django.utils import timezone

from caseboard.accounts.models import Role, Service, Team, User
from caseboard.conftest import make_user
from caseboard.frontdoor import services
from caseboard.frontdoor.models import Contact


@dataclass
class FrontDoor:
    team: Team
    practitioner: User
    colleague: User
    manager: User
    head: User


@pytest.fixture
def front_door(council) -> FrontDoor:
    service = Service.objects.create(name="Front door", slug="front-door")
    team = Team.objects.create(name="MASH team 1", service=service)
    return FrontDoor(
        team,
        make_user("fd", Role.FRONT_DOOR, team),
        make_user("fd2", Role.FRONT_DOOR, team),
        make_user("fdmanager", Role.TEAM_MANAGER, team),
        make_user("fdhead", Role.HEAD_OF_SERVICE, service=service),
    )


def at(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def record_contact(
    front_door: FrontDoor, *, children=(), new_children=(), received: date = date(2026, 11, 24), **extra
) -> Contact:
    fields = {
        "referrer_name": "Jo Smith, designated safeguarding lead",
        "referrer_agency": "2A",
        "method": "phone",
        "concerns": "The child came to school with a bruise and says they do not want to go home.",
    } | extra
    return services.contact_record(
        recorded_by=extra.pop("by", None) or front_door.practitioner,
        received_at=at(received),
        children=list(children),
        new_children=list(new_children),
        now=at(date(2026, 11, 24), 17),
        **{k: v for k, v in fields.items() if k != "by"},
    )
