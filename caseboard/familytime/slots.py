"""The slot finder's rules, as plain Python (no Django): which start times at a venue on one day can take one more
session. Times are local wall-clock times of that day (Europe/London); the caller turns them into aware datetimes.

A start time fits when every rule holds:

- **room status**: the room is in use that day (not out of use);
- **capacity**: the room holds everyone coming (the child, brothers and sisters, family members and the supervisor);
- **cleaning gap**: the room is free for the session and for the cleaning gap before and after it;
- **daily limit**: the venue has fewer sessions that day than the operating model's sessions a day;
- **supervisor**: the supervisor has no other session overlapping it;
- **school hours**: a child of school age is not taken out of school on a weekday;
- **the same child or family**: no other session of the child or their brothers and sisters overlaps it;
- **opening hours**: it starts on the grid from opening (every ``slot_minutes``) and ends by closing time.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta


@dataclass(frozen=True)
class DayRules:
    """The operating model's settings in force on the day."""

    opens_at: time
    closes_at: time
    slot_minutes: int
    cleaning_gap_minutes: int
    sessions_per_day: int
    open_on_saturdays: bool = False
    open_on_sundays: bool = False
    # The day is a bank holiday and the venues do not open on bank holidays.
    closed_for_bank_holiday: bool = False


@dataclass(frozen=True)
class Interval:
    start: datetime
    end: datetime

    def overlaps(self, other: Interval, gap: timedelta = timedelta(0)) -> bool:
        return self.start < other.end + gap and other.start < self.end + gap


@dataclass(frozen=True)
class RoomDay:
    """One room on the day: whether it is in use, how many it holds, and what is already booked in it."""

    room_id: int
    name: str
    capacity: int
    in_use: bool
    booked: tuple[Interval, ...] = ()


@dataclass(frozen=True)
class Request:
    """What is being booked: how long, for how many people, and what the supervisor and family are already doing."""

    duration: timedelta
    people: int
    supervisor_busy: tuple[Interval, ...] = ()
    family_busy: tuple[Interval, ...] = ()
    school_hours: tuple[time, time] | None = None  # set when the child is of school age
    not_before: datetime | None = None


@dataclass(frozen=True)
class Slot:
    room_id: int
    room_name: str
    start: datetime
    end: datetime


@dataclass(frozen=True)
class Refusal:
    """Why nothing fits on a day (for the coordinator and the tests): the first rule that ruled each room out."""

    reasons: dict[str, str] = field(default_factory=dict)


def is_open(day: date, rules: DayRules) -> bool:
    """Whether the venues open on ``day``: weekdays, and Saturdays, Sundays and bank holidays as the settings say."""
    if rules.closed_for_bank_holiday:
        return False
    weekday = day.weekday()
    return weekday < 5 or (weekday == 5 and rules.open_on_saturdays) or (weekday == 6 and rules.open_on_sundays)


def start_times(day: date, rules: DayRules, duration: timedelta) -> list[datetime]:
    """Every start on the grid from opening whose session ends by closing time."""
    start = datetime.combine(day, rules.opens_at)
    close = datetime.combine(day, rules.closes_at)
    step = timedelta(minutes=rules.slot_minutes)
    times = []
    while start + duration <= close:
        times.append(start)
        start += step
    return times


def room_refusal(room: RoomDay, request: Request) -> str | None:
    if not room.in_use:
        return "out of use"
    if room.capacity < request.people:
        return f"holds {room.capacity}, {request.people} coming"
    return None


def fits_in_room(candidate: Interval, room: RoomDay, gap: timedelta) -> bool:
    return not any(candidate.overlaps(booked, gap) for booked in room.booked)


def in_school_hours(candidate: Interval, day: date, school_hours: tuple[time, time] | None) -> bool:
    if school_hours is None or day.weekday() >= 5:
        return False
    school = Interval(datetime.combine(day, school_hours[0]), datetime.combine(day, school_hours[1]))
    return candidate.overlaps(school)


def free_slots(
    *, day: date, rules: DayRules, rooms: Sequence[RoomDay], request: Request, sessions_that_day: int, limit: int = 0
) -> list[Slot]:
    """The free slots at a venue on one day, earliest first (then by room), honouring every rule above.
    ``limit`` stops after that many (0: all)."""
    if not is_open(day, rules) or sessions_that_day >= rules.sessions_per_day:
        return []
    gap = timedelta(minutes=rules.cleaning_gap_minutes)
    usable = [room for room in rooms if room_refusal(room, request) is None]
    found: list[Slot] = []
    for start in start_times(day, rules, request.duration):
        candidate = Interval(start, start + request.duration)
        if request.not_before is not None and start < request.not_before:
            continue
        if in_school_hours(candidate, day, request.school_hours):
            continue
        if any(candidate.overlaps(busy) for busy in request.supervisor_busy):
            continue
        if any(candidate.overlaps(busy) for busy in request.family_busy):
            continue
        for room in usable:
            if fits_in_room(candidate, room, gap):
                found.append(Slot(room.room_id, room.name, candidate.start, candidate.end))
                if limit and len(found) >= limit:
                    return found
    return found


def virtual_slots(*, day: date, rules: DayRules, request: Request, limit: int = 0) -> list[datetime]:
    """Start times for a video or phone call (no room): the grid of the day, outside school hours, clear of the
    supervisor's and the family's other sessions."""
    found = []
    for start in start_times(day, rules, request.duration):
        candidate = Interval(start, start + request.duration)
        if request.not_before is not None and start < request.not_before:
            continue
        if in_school_hours(candidate, day, request.school_hours):
            continue
        if any(candidate.overlaps(busy) for busy in (*request.supervisor_busy, *request.family_busy)):
            continue
        found.append(start)
        if limit and len(found) >= limit:
            break
    return found


def cells(start: datetime, end: datetime) -> Iterable[int]:
    """The five-minute cells of its day an interval covers (9:00-9:30 is cells 108 to 113)."""
    first = (start.hour * 60 + start.minute) // 5
    last = (end.hour * 60 + end.minute + 4) // 5 if end.date() == start.date() else 24 * 12
    return range(first, max(last, first + 1))


def spread_days(week_start: date, times: int, period_days: int) -> list[date]:
    """Target days for ``times`` sessions in a period starting on ``week_start``, spread evenly (twice a week:
    Monday and Thursday)."""
    step = period_days / times
    return [week_start + timedelta(days=int(index * step)) for index in range(times)]
