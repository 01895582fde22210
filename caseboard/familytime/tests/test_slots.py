"""The slot finder's rules one by one, on the pure module (no database): each test changes one thing and shows the
slot it rules out."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from hypothesis import given
from hypothesis import strategies as st

from caseboard.familytime.slots import DayRules, Interval, Request, RoomDay, cells, free_slots, spread_days

DAY = date(2026, 3, 10)  # a Tuesday
RULES = DayRules(opens_at=time(9), closes_at=time(19), slot_minutes=30, cleaning_gap_minutes=15, sessions_per_day=21)
HOUR = timedelta(minutes=60)


def t(hour: int, minute: int = 0) -> datetime:
    return datetime.combine(DAY, time(hour, minute))


def room(booked=(), capacity=4, in_use=True, room_id=1) -> RoomDay:
    return RoomDay(room_id=room_id, name=f"Room {room_id}", capacity=capacity, in_use=in_use, booked=tuple(booked))


def starts(rooms, request=None, rules=RULES, sessions_that_day=0) -> list[datetime]:
    request = request or Request(duration=HOUR, people=3)
    return [
        s.start
        for s in free_slots(day=DAY, rules=rules, rooms=rooms, request=request, sessions_that_day=sessions_that_day)
    ]


def test_an_empty_room_offers_every_start_on_the_grid_that_ends_by_closing():
    found = starts([room()])
    assert found[0] == t(9) and found[1] == t(9, 30)
    assert found[-1] == t(18)  # 18:00 to 19:00 ends at closing
    assert len(found) == 19


def test_room_status_a_room_out_of_use_offers_nothing():
    assert starts([room(in_use=False)]) == []


def test_capacity_a_room_too_small_for_everyone_coming_offers_nothing():
    assert starts([room(capacity=2)], Request(duration=HOUR, people=3)) == []
    assert starts([room(capacity=3)], Request(duration=HOUR, people=3))


def test_cleaning_gap_keeps_the_room_free_before_and_after_a_booking():
    booked = Interval(t(12), t(13))
    found = starts([room(booked=[booked])])
    # 11:00-12:00 ends less than 15 minutes before 12:00; 13:00 starts less than 15 minutes after 13:00.
    assert t(11) not in found and t(13) not in found
    assert t(10, 30) in found and t(13, 30) in found
    no_gap = DayRules(**{**RULES.__dict__, "cleaning_gap_minutes": 0})
    assert t(11) in starts([room(booked=[booked])], rules=no_gap)


def test_daily_limit_a_venue_at_its_sessions_a_day_offers_nothing():
    covid = DayRules(**{**RULES.__dict__, "sessions_per_day": 6})
    assert starts([room()], rules=covid, sessions_that_day=6) == []
    assert starts([room()], rules=covid, sessions_that_day=5)
    assert starts([room()], sessions_that_day=6)  # the baseline's 21 still has room


def test_supervisor_clash_rules_out_times_the_supervisor_is_elsewhere():
    request = Request(duration=HOUR, people=3, supervisor_busy=(Interval(t(14), t(15, 30)),))
    found = starts([room(), room(room_id=2)], request)
    assert t(13, 30) not in found and t(14) not in found and t(15) not in found
    assert t(13) in found and t(15, 30) in found


def test_school_hours_a_school_age_child_is_not_booked_in_the_school_day():
    request = Request(duration=HOUR, people=3, school_hours=(time(8, 30), time(15, 30)))
    found = starts([room()], request)
    assert found[0] == t(15, 30)
    saturday = date(2026, 3, 14)
    open_saturdays = DayRules(**{**RULES.__dict__, "open_on_saturdays": True})
    weekend = free_slots(day=saturday, rules=open_saturdays, rooms=[room()], request=request, sessions_that_day=0)
    assert weekend[0].start == datetime.combine(saturday, time(9))


def test_the_same_child_or_family_is_not_booked_twice_at_once():
    request = Request(duration=HOUR, people=3, family_busy=(Interval(t(16), t(17)),))
    found = starts([room(), room(room_id=2)], request)
    assert t(16) not in found and t(15, 30) not in found
    assert t(17) in found


def test_closed_days_and_past_times():
    sunday = date(2026, 3, 15)
    assert free_slots(day=sunday, rules=RULES, rooms=[room()], request=Request(HOUR, 2), sessions_that_day=0) == []
    request = Request(duration=HOUR, people=2, not_before=t(17, 10))
    assert starts([room()], request) == [t(17, 30), t(18)]


def test_a_second_room_takes_the_time_the_first_cannot():
    booked = Interval(t(9), t(19))
    slots = free_slots(
        day=DAY,
        rules=RULES,
        rooms=[room(booked=[booked]), room(room_id=2)],
        request=Request(HOUR, 2),
        sessions_that_day=1,
        limit=1,
    )
    assert slots[0].room_id == 2 and slots[0].start == t(9)


def test_spread_days_twice_a_week_is_monday_and_thursday():
    monday = date(2026, 3, 9)
    assert spread_days(monday, 2, 7) == [monday, monday + timedelta(days=3)]


@given(st.integers(0, 22 * 12), st.integers(1, 48))
def test_cells_cover_the_interval_without_gaps(start_cell, length):
    start = datetime(2026, 3, 10) + timedelta(minutes=5 * start_cell)
    end = start + timedelta(minutes=5 * length)
    if end.date() != start.date():
        return
    covered = list(cells(start, end))
    assert covered == list(range(start_cell, start_cell + length))


@given(st.lists(st.integers(18, 36), max_size=6), st.integers(0, 30))
def test_no_slot_offered_overlaps_a_booking_or_its_gap(booked_starts, gap):
    rules = DayRules(**{**RULES.__dict__, "cleaning_gap_minutes": gap})
    booked = [Interval(t(0) + timedelta(minutes=30 * s), t(0) + timedelta(minutes=30 * s + 60)) for s in booked_starts]
    for slot in free_slots(
        day=DAY, rules=rules, rooms=[room(booked=booked)], request=Request(HOUR, 2), sessions_that_day=0
    ):
        offered = Interval(slot.start, slot.end)
        assert not any(offered.overlaps(b, timedelta(minutes=gap)) for b in booked)


def test_open_days_sundays_and_bank_holidays_follow_the_settings():
    from caseboard.familytime.slots import is_open

    saturday, sunday = date(2026, 3, 14), date(2026, 3, 15)
    assert is_open(DAY, RULES)
    assert not is_open(saturday, RULES) and not is_open(sunday, RULES)
    assert is_open(sunday, DayRules(**{**RULES.__dict__, "open_on_sundays": True}))
    assert not is_open(saturday, DayRules(**{**RULES.__dict__, "open_on_sundays": True}))
    assert not is_open(DAY, DayRules(**{**RULES.__dict__, "closed_for_bank_holiday": True}))
    assert (
        free_slots(
            day=DAY,
            rules=DayRules(**{**RULES.__dict__, "closed_for_bank_holiday": True}),
            rooms=[room()],
            request=Request(duration=HOUR, people=3),
            sessions_that_day=0,
        )
        == []
    )
