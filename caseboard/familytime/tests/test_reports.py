"""Each report figure on a small data set built by hand: which sessions count, in which week and group, and the
percentages rounded half up."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from caseboard.familytime import reports
from caseboard.familytime.models import FamilyTimeSettings, Session, WaitingListEntry
from caseboard.policy.models import OperatingModelVersion, VersionStatus
from caseboard.policy.selectors import council_model

from .conftest import looked_after, record

WEEK = date(2026, 3, 9)  # a Monday


def session(
    arrangement, day: date, status: str = "held", mode: str = "in_person", held_as: str | None = None, hour: int = 16
) -> Session:
    """A past session written as it was recorded (the services refuse to book in the past)."""
    zone = timezone.get_current_timezone()
    return Session.objects.create(
        arrangement=arrangement,
        child=arrangement.child,
        mode=mode,
        starts_at=datetime.combine(day, time(hour), zone),
        ends_at=datetime.combine(day, time(hour + 1), zone),
        booked_at=datetime.combine(day, time(8), zone),
        status=status,
        mode_held=(held_as or mode) if status == "held" else "",
    )


@pytest.fixture
def two(council, centre):
    looked_after(council.team_child)
    first = record(council, centre)
    second = record(
        council,
        centre,
        child=council.team_child,
        family_members=[],
        with_whom="Father",
        supervisor=None,
        source="care_plan",
        court_order_provision="",
    )
    return first, second


def test_sessions_per_week_direct_and_virtual(council, two):
    first, second = two
    session(first, WEEK)  # direct
    session(first, WEEK + timedelta(days=3), mode="in_person", held_as="video")  # booked direct, held by video
    session(second, WEEK + timedelta(days=6), mode="phone")  # Sunday: still this week
    session(second, WEEK + timedelta(days=7))  # next Monday: next week
    session(second, WEEK + timedelta(days=1), status="not_held")  # not held: not counted
    session(second, WEEK + timedelta(days=2), mode="letter")  # letters are not sessions held
    rows = reports.sessions_by_week(user=council.head, last_week=WEEK + timedelta(days=7), weeks=2)
    assert [(r.week_start, r.total, r.direct, r.direct_percent, r.virtual, r.virtual_percent) for r in rows] == [
        (WEEK, 3, 1, Decimal("33.33"), 2, Decimal("66.67")),
        (WEEK + timedelta(days=7), 1, 1, Decimal("100.00"), 0, Decimal("0.00")),
    ]
    # Need to know: a worker in another team counts none of them.
    assert sum(r.total for r in reports.sessions_by_week(user=council.other_worker, last_week=WEEK, weeks=1)) == 0


def test_no_direct_family_time_since_a_date_by_team(council, two):
    first, second = two
    session(first, WEEK - timedelta(days=20))  # before the date: does not count
    session(second, WEEK + timedelta(days=1), held_as="video")  # virtual: does not count
    session(first, WEEK + timedelta(days=2), status="cancelled")
    result = reports.no_direct_since(user=council.head, since=WEEK, today=WEEK + timedelta(days=7))
    rows = {r.team: (r.looked_after, r.without_direct, r.percent) for r in result.rows}
    assert rows == {"CIN team 1": (2, 2, Decimal("100.00")), "All": (2, 2, Decimal("100.00"))}
    session(first, WEEK + timedelta(days=3))
    result = reports.no_direct_since(user=council.head, since=WEEK, today=WEEK + timedelta(days=7))
    assert [(r.team, r.without_direct, r.percent) for r in result.rows] == [
        ("CIN team 1", 1, Decimal("50.00")),
        ("All", 1, Decimal("50.00")),
    ]
    assert [child.pk for child, _team, _last in result.children] == [council.team_child.pk]


def test_venue_use_against_the_capacity_in_force_and_before_the_change(council, centre, two):
    first, second = two
    covid_from = WEEK + timedelta(days=2)
    council_version = OperatingModelVersion.objects.create(
        operating_model=council_model(),
        number=99,
        status=VersionStatus.APPROVED,
        effective_from=covid_from,
    )
    FamilyTimeSettings.objects.create(version=council_version, sessions_per_day=6)
    for hour in (9, 11, 13):
        booked = session(first if hour != 11 else second, WEEK + timedelta(days=1), hour=hour)
        booked.venue, booked.room = centre.venue, centre.rooms[0]
        booked.save()
    later = session(first, covid_from, hour=16)
    later.venue = centre.venue
    later.save()
    rows = {r.day: r for r in reports.venue_use(venue=centre.venue, first=WEEK, last=WEEK + timedelta(days=6))}
    assert len(rows) == 5  # weekdays only: the venue is closed at weekends
    tuesday = rows[WEEK + timedelta(days=1)]
    assert (tuesday.sessions, tuesday.capacity, tuesday.use_percent) == (3, 21, Decimal("14.29"))
    wednesday = rows[covid_from]
    assert (wednesday.sessions, wednesday.capacity, wednesday.use_percent) == (1, 6, Decimal("16.67"))
    assert (wednesday.capacity_before, wednesday.use_before_percent) == (21, Decimal("4.76"))


def test_the_waiting_list_over_time(council, centre, two):
    first, second = two
    WaitingListEntry.objects.create(
        arrangement=first,
        venue=centre.venue,
        added_on=WEEK - timedelta(days=3),
        reason="Full",
        resolved_on=WEEK + timedelta(days=9),
    )
    WaitingListEntry.objects.create(
        arrangement=second, venue=centre.venue, added_on=WEEK + timedelta(days=2), reason="Full"
    )
    rows = reports.waiting_over_time(user=centre.coordinator, last_week=WEEK + timedelta(days=14), weeks=3)
    assert [(r.week_start, r.waiting, r.added, r.resolved) for r in rows] == [
        (WEEK, 1, 1, 0),
        (WEEK + timedelta(days=7), 2, 0, 1),
        (WEEK + timedelta(days=14), 1, 0, 0),
    ]


def test_court_ordered_contact_not_met(council, two):
    first, _care_plan = two  # first is court-ordered, twice a week from 1 March 2026
    first.spirit_of_the_order = "Video calls at the same times; photos weekly."
    first.save()
    today = WEEK + timedelta(days=14)  # the last 2 weeks: 9 to 22 March
    session(first, WEEK)
    session(first, WEEK + timedelta(days=3), held_as="video")
    session(first, WEEK + timedelta(days=7), status="not_held")
    session(first, WEEK + timedelta(days=10))
    session(first, WEEK - timedelta(days=1))  # before the period
    rows = reports.court_orders_not_met(user=council.head, weeks=2, today=today)
    assert [(r.arrangement.pk, r.expected, r.held_direct, r.held_virtual, r.not_held) for r in rows] == [
        (first.pk, 4, 2, 1, 1)
    ]
    assert rows[0].spirit_of_the_order.startswith("Video calls")
    for day in (WEEK + timedelta(days=4), WEEK + timedelta(days=11)):
        session(first, day)
    assert reports.court_orders_not_met(user=council.head, weeks=2, today=today) == []
    assert reports.court_orders_not_met(user=council.other_worker, weeks=2, today=today) == []


def test_percent_rounds_half_up():
    assert reports.percent(1, 8) == Decimal("12.50")
    assert reports.percent(1, 3) == Decimal("33.33")
    assert reports.percent(2, 3) == Decimal("66.67")
    assert reports.percent(1, 0) == Decimal("0.00")
