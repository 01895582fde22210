"""Helpers for meeting tests: arrange and hold meetings through the services, on dates in the past."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest
from django.utils import timezone

from caseboard.casework.models import Episode
from caseboard.meetings import services
from caseboard.meetings.models import Meeting
from caseboard.testing.factories import EpisodeFactory


def at(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=timezone.get_current_timezone())


def arrange(user, kind: str, *children, on: date, fmt: str = "virtual", **extra) -> Meeting:
    return services.meeting_schedule(
        kind=kind,
        children=list(children),
        scheduled_for=at(on),
        format=fmt,
        scheduled_by=user,
        chair=extra.pop("chair", None),
        invitees=extra.pop("invitees", [services.InviteeInput("Jo Patel", "School safeguarding lead")]),
        **extra,
    )


def hold(meeting: Meeting, user, *, on: date, outcome: str = "", category: str = "", how: str = "video", **extra):
    return services.meeting_hold(
        meeting=meeting,
        recorded_by=user,
        held_on=on,
        format=extra.pop("fmt", "virtual"),
        attendance=extra.pop("attendance", None) or {invitee.pk: how for invitee in meeting.invitees.all()},
        outcome=outcome,
        category_of_abuse=category,
        minutes=extra.pop("minutes", "Minutes of the meeting."),
        **extra,
    )


def looked_after(child, start_on: date) -> Episode:
    return EpisodeFactory(child=child, looked_after=True, start_on=start_on)


@pytest.fixture
def strategy_then_plan(council):
    """The CP worker's child: a strategy discussion held on Monday 20 April 2026 deciding on a section 47 enquiry,
    then an initial conference on Tuesday 12 May 2026 (day 15 after the 4 May bank holiday) making a plan."""
    user = council.cp_worker
    discussion = arrange(user, "strategy_discussion", council.cp_child, on=date(2026, 4, 20))
    hold(discussion, user, on=date(2026, 4, 20), outcome="s47_enquiry")
    conference = arrange(user, "initial_conference", council.cp_child, on=date(2026, 5, 12))
    hold(conference, user, on=date(2026, 5, 12), outcome="cp_plan", category="NEG")
    return discussion, conference
