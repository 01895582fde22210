"""Home page cards for family time: the coordinator's centre today, the supervisor's sessions, and a worker's
sessions needing attention."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone

from caseboard.accounts.models import Role
from caseboard.core.home import CARD_ROWS, Cell, Figure, Link, home_card
from caseboard.core.hooks import Panel

from . import selectors


def coordinator_card(request: Any) -> Panel | None:
    user = request.user
    if user.role != Role.FAMILY_TIME_COORDINATOR:  # an administrator, also a coordinator, has their own home
        return None
    today = timezone.localdate()
    venues = list(selectors.venues_for(user))
    rows = [
        (
            Cell(venue.name, reverse("familytime:venue-day", args=[venue.pk])),
            Cell(str(selectors.venue_sessions_on(venue, today))),
        )
        for venue in venues[:CARD_ROWS]
    ]
    waiting = selectors.waiting_list(user=user).count()
    return home_card(
        11,
        "family-centre",
        "Family time today",
        figures=[
            Figure("children on the waiting list", waiting, reverse("familytime:waiting-list"), warning=bool(waiting))
        ],
        headers=("Venue", "Sessions today"),
        rows=rows,
        total_rows=len(venues),
        links=[Link("Bookings", reverse("familytime:bookings"))],
        link=Link("Go to family time", reverse("familytime:index")),
    )


def supervisor_card(request: Any) -> Panel | None:
    user = request.user
    if not selectors.is_supervisor(user):
        return None
    today = timezone.localdate()
    sessions = list(selectors.supervisor_sessions(user=user, first=today, last=today))
    notes_due = selectors.supervisor_tasks(user=user).count()
    rows = [
        (
            Cell(f"{timezone.localtime(session.starts_at):%H:%M}", reverse("familytime:session", args=[session.pk])),
            Cell(session.child.full_name),
            Cell(session.room.name if session.room_id else session.get_mode_display()),
        )
        for session in sessions
    ]
    return home_card(
        11,
        "supervision",
        "Sessions you supervise today",
        figures=[
            Figure(
                "observation notes due from you", notes_due, reverse("compliance:my-worklist"), warning=bool(notes_due)
            )
        ],
        headers=("Time", "Child", "Where"),
        rows=rows,
        empty="You have no session to supervise today.",
        link=Link("See your sessions", reverse("familytime:supervision")),
    )


def attention_card(request: Any) -> Panel | None:
    count = selectors.attention_count(request.user)
    if not count:
        return None
    url = reverse("familytime:attention")
    return home_card(
        16,
        "family-time-attention",
        "Family time needing your attention",
        figures=[Figure("sessions with feedback or a concern to read", count, url, warning=True)],
        link=Link("Read them", url),
    )
