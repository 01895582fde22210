"""Fictional family time for the demo council: Riverside Family Centre with seven rooms, a coordinator and family
time supervisors (the demo accounts ``coordinator`` and ``supervisor``), arrangements for most looked-after children
(a share from court orders), and two years of sessions with their records, placed by the slot finder's own rules so
nothing breaks the constraints.

When the demo's today is in 2020 (the ``covid-2020`` scenario): 21 sessions a day before 23 March 2020 (the
baseline); from 23 March the centre is closed and family time is by video and phone; the restart on 1 July 2020 is
booked at 6 a day (the COVID-19 preset) with two rooms out of use; and the waiting list grows from 23 March and
shrinks from late May as the restart is booked, in order of need. Above 10,000 children only the last 13 weeks of
sessions are built. Deterministic by seed; written in bulk inside an ``audit_bypass`` (loading demo data is not
casework).
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from dateutil.easter import easter
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from caseboard.accounts.models import Role, User
from caseboard.casework.models import Episode, EpisodeKind
from caseboard.compliance.calendar import add_working_days
from caseboard.core.audit import audit_bypass
from caseboard.people.models import Child, FamilyMember

from .models import (
    PERIOD_DAYS,
    Arrangement,
    Room,
    RoomClosure,
    SchoolHoliday,
    Session,
    SessionStatus,
    SlotClaim,
    SupervisorTask,
    Venue,
    WaitingListEntry,
)
from .operating import SettingsByDay
from .slots import Interval, Request, RoomDay, cells, free_slots, spread_days

COVID_FROM = date(2020, 3, 23)
RESTART_ON = date(2020, 7, 1)
CENTRE = "Riverside Family Centre"
ROOMS = (
    ("Oak room", 6),
    ("Willow room", 5),
    ("Ash room", 4),
    ("Birch room", 4),
    ("Rowan room", 3),
    ("Hazel room", 3),
    ("Garden room", 8),
)
SMALL_ROOMS = ("Rowan room", "Hazel room")  # out of use from the restart: too small to keep apart
SUPERVISORS = (
    ("supervisor", "Maria", "Santos"),
    ("fts.1", "Owen", "Price"),
    ("fts.2", "Ruth", "Ellis"),
    ("fts.3", "Kofi", "Mensah"),
    ("fts.4", "Nina", "Brook"),
    ("fts.5", "Liam", "Doyle"),
)
AHEAD = timedelta(weeks=4)
BATCH = 5000
FEEDBACK = (
    "Settled well afterwards and talked about the visit at tea.",
    "A bit unsettled at bedtime; asked when the next one is.",
    "Happy and chatty on the way home.",
    "Quiet afterwards; we read together and she was fine by morning.",
)
VIEWS = ("I liked playing the game with mum.", "I want longer next time.", "It was OK.", "I miss my brother.")
OBSERVATIONS = (
    "Warm greeting; parent followed the plan for the session and managed the ending well.",
    "Parent arrived 10 minutes late; play was positive; the child left happily.",
    "Good interaction; parent needed prompting twice about phone use.",
)


def _aware(day: date, at: time) -> datetime:
    return datetime.combine(day, at, tzinfo=timezone.get_current_timezone())


class _Centre:
    """The family centre's bookings as they are placed, with the slot finder's rules."""

    def __init__(self, venue: Venue, rooms: list[Room], by_day: SettingsByDay) -> None:
        self.venue, self.rooms, self.by_day = venue, rooms, by_day
        self.closed: dict[int, list[tuple[date, date | None]]] = {}
        self.booked: dict[tuple[int, date], list[Interval]] = {}
        self.count: dict[date, int] = {}
        self.supervisor_busy: dict[tuple[int, date], list[Interval]] = {}

    def close(self, room: Room, start: date, end: date | None) -> None:
        self.closed.setdefault(room.pk, []).append((start, end))

    def in_use(self, room: Room, day: date) -> bool:
        return not any(s <= day and (e is None or e >= day) for s, e in self.closed.get(room.pk, []))

    def place(self, day: date, minutes: int, people: int, supervisor_id: int | None, age: int | None) -> tuple | None:
        rules = self.by_day.rules(day)
        rooms = [
            RoomDay(r.pk, r.name, r.capacity, self.in_use(r, day), tuple(self.booked.get((r.pk, day), ())))
            for r in self.rooms
        ]
        request = Request(
            duration=timedelta(minutes=minutes),
            people=people,
            supervisor_busy=tuple(self.supervisor_busy.get((supervisor_id, day), ())) if supervisor_id else (),
            school_hours=self.by_day.on(day).school_hours_on(day, age),
        )
        found = free_slots(
            day=day, rules=rules, rooms=rooms, request=request, sessions_that_day=self.count.get(day, 0), limit=1
        )
        if not found:
            return None
        slot = found[0]
        interval = Interval(slot.start, slot.end)
        self.booked.setdefault((slot.room_id, day), []).append(interval)
        self.count[day] = self.count.get(day, 0) + 1
        if supervisor_id:
            self.supervisor_busy.setdefault((supervisor_id, day), []).append(interval)
        return slot, rules.cleaning_gap_minutes


def _staff(password: str) -> tuple[User, list[User]]:
    coordinator = User.objects.filter(username="coordinator").first()
    if coordinator is None:
        coordinator = User.objects.create(
            username="coordinator",
            first_name="Beth",
            last_name="Harper",
            role=Role.FAMILY_TIME_COORDINATOR,
            job_title=f"Family time coordinator, {CENTRE}",
            email="coordinator@caseboard.invalid",
            password=password,
        )
    supervisors = []
    for username, first, last in SUPERVISORS:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User.objects.create(
                username=username,
                first_name=first,
                last_name=last,
                role=Role.FAMILY_TIME_SUPERVISOR,
                job_title=f"Family time supervisor (family support worker), {CENTRE}",
                email=f"{username}@caseboard.invalid",
                password=password,
            )
        supervisors.append(user)
    return coordinator, supervisors


def add_demo_family_time(seed: int, today: date) -> str:
    """The family centre, its staff, arrangements and sessions (see the module's docstring)."""
    if Venue.objects.filter(name=CENTRE).exists():
        return "family time already present"
    rng = random.Random(seed * 7919 + 18)
    scenario = today < date(2021, 1, 1)
    with transaction.atomic(), audit_bypass("loading demo data"):
        worker = User.objects.filter(username="worker").first()
        password = worker.password if worker else "!"
        coordinator, supervisors = _staff(password)
        venue = Venue.objects.create(name=CENTRE, address="14 Riverside Walk, Northmoor NM1 4RW")
        venue.coordinators.set([coordinator])
        rooms = [Room.objects.create(venue=venue, name=name, capacity=capacity) for name, capacity in ROOMS]
        by_day = SettingsByDay()
        centre = _Centre(venue, rooms, by_day)
        if scenario:
            for room in rooms:
                RoomClosure.objects.create(
                    room=room,
                    starts_on=COVID_FROM,
                    ends_on=RESTART_ON - timedelta(days=1),
                    reason="Centre closed: COVID-19 national lockdown",
                    recorded_by=coordinator,
                )
                centre.close(room, COVID_FROM, RESTART_ON - timedelta(days=1))
                if room.name in SMALL_ROOMS:
                    RoomClosure.objects.create(
                        room=room,
                        starts_on=RESTART_ON,
                        reason="Too small to keep two metres apart",
                        recorded_by=coordinator,
                    )
                    centre.close(room, RESTART_ON, None)
        window_start = today - timedelta(weeks=13 if Child.objects.count() > 10_000 else 104)
        arrangements = _arrangements(rng, today, window_start, coordinator, supervisors, venue, scenario)
        sessions, claims, tasks, waiting = _sessions(
            rng, today, window_start, arrangements, centre, coordinator, scenario
        )
        holidays = SchoolHoliday.objects.bulk_create(
            SchoolHoliday(name=name, starts_on=start, ends_on=end, recorded_by=coordinator)
            for name, start, end in school_holidays(2018, today.year + 1)
        )
    return (
        f"{len(arrangements):,} family time arrangements, {sessions:,} sessions ({claims:,} slot claims, "
        f"{tasks:,} observation notes due), {waiting:,} on the waiting list at some point, "
        f"{len(holidays)} school holidays"
    )


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def school_holidays(first: int, last: int) -> list[tuple[str, date, date]]:
    """The demo council's term dates, for the school years starting in ``first`` to ``last``: an English pattern
    (half terms in late October, mid February and the week of the late May bank holiday; two weeks at Christmas and
    at Easter; summer from late July to the start of September)."""
    found: list[tuple[str, date, date]] = []
    for year in range(first, last + 1):
        october = _monday(date(year, 10, 31))
        if october + timedelta(days=4) > date(year, 10, 31):
            october -= timedelta(days=7)
        christmas = _monday(date(year, 12, 22))
        february = _monday(date(year + 1, 2, 14))
        spring = easter(year + 1)
        may = _monday(date(year + 1, 5, 31))
        summer = date(year + 1, 7, 23)
        summer += timedelta(days=(7 - summer.weekday()) % 7 if summer.weekday() >= 5 else 0)
        found += [
            (f"Autumn half term {year}", october, october + timedelta(days=4)),
            (f"Christmas holiday {year}", christmas, christmas + timedelta(days=13)),
            (f"February half term {year + 1}", february, february + timedelta(days=4)),
            (f"Easter holiday {year + 1}", spring - timedelta(days=6), spring + timedelta(days=5)),
            (f"May half term {year + 1}", may, may + timedelta(days=4)),
            (f"Summer holiday {year + 1}", summer, date(year + 1, 9, 1)),
        ]
    return found


def _arrangements(
    rng: random.Random,
    today: date,
    window_start: date,
    coordinator: User,
    supervisors: list[User],
    venue: Venue,
    scenario: bool,
) -> list[Arrangement]:
    lac = (
        Episode.objects.filter(kind=EpisodeKind.LOOKED_AFTER, start_on__lte=today)
        .filter(Q(end_on__isnull=True) | Q(end_on__gte=window_start))
        .select_related("child")
        .order_by("child_id", "start_on")
    )
    first_episode: dict[int, Episode] = {}
    for episode in lac:
        first_episode.setdefault(episode.child_id, episode)
    parents: dict[int, FamilyMember] = {}
    for member in FamilyMember.objects.filter(
        child_id__in=list(first_episode), relationship__in=["mother", "father", "grandparent"]
    ).order_by("child_id", "relationship", "pk"):
        parents.setdefault(member.child_id, member)
    # Supervised family centre time up to what 21 sessions a day over 5 days can hold.
    centre_budget = 90.0
    rows: list[Arrangement] = []
    members: list[tuple[int, int]] = []
    now = timezone.now()
    for child_id, episode in first_episode.items():
        if rng.random() > 0.85:
            continue
        roll = rng.random()
        source = "court_order" if roll < 0.35 else "care_plan" if roll < 0.85 else "childs_wishes"
        parent = parents.get(child_id)
        with_whom = "" if parent else rng.choice(("Mother", "Father", "Grandmother", "Older brother"))
        times, period = (
            (2, "week")
            if source == "court_order" and rng.random() < 0.5
            else ((1, "week") if rng.random() < 0.6 else (1, "fortnight"))
        )
        weekly = times * 7 / PERIOD_DAYS[period]
        at_centre = source != "childs_wishes" and rng.random() < 0.7 and centre_budget >= weekly
        if at_centre:
            centre_budget -= weekly
            supervision, mode, kind = "supervised", "in_person", "family_centre"
        elif source == "childs_wishes":
            supervision, mode, kind = "indirect", rng.choice(("video", "phone", "letter")), "carers_home"
        else:
            supervision, mode, kind = rng.choice(
                (("supported", "in_person", "community"), ("unsupervised", "in_person", "family_home"))
            )
        start = max(episode.start_on + timedelta(days=14), window_start)
        if start > today:
            continue
        arrangement = Arrangement(
            child_id=child_id,
            source=source,
            times=times,
            period=period,
            court_order_provision="Contact with the parents as set out in the care order's contact schedule."
            if source == "court_order"
            else "",
            duration_minutes=90 if at_centre else rng.choice((60, 120)),
            supervision=supervision,
            mode=mode,
            venue_kind=kind,
            venue=venue if at_centre else None,
            supervisor=supervisors[len(rows) % len(supervisors)] if at_centre else None,
            starts_on=start,
            ends_on=episode.end_on,
            status="active" if episode.end_on is None else "ended",
            with_whom=with_whom,
            transport_needs="Taxi with escort from the carer's home" if at_centre else "",
            spirit_of_the_order="Video calls at the same times twice a week, and photos and letters sent weekly."
            if scenario and source == "court_order"
            else "",
            recorded_by=coordinator,
            recorded_at=now,
        )
        rows.append(arrangement)
        if parent:
            members.append((len(rows) - 1, parent.pk))
    created = Arrangement.objects.bulk_create(rows, batch_size=BATCH)
    through = Arrangement.family_members.through
    through.objects.bulk_create(
        [through(arrangement_id=created[i].pk, familymember_id=pk) for i, pk in members], batch_size=BATCH
    )
    births = dict(Child.objects.filter(pk__in=[a.child_id for a in created]).values_list("pk", "date_of_birth"))
    for arrangement in created:
        arrangement.birth = births.get(arrangement.child_id)
        arrangement.people = 2 + (1 if arrangement.supervisor_id else 0)
    return created


def _age(born: date | None, day: date) -> int | None:
    if born is None:
        return None
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def _sessions(
    rng: random.Random,
    today: date,
    window_start: date,
    arrangements: list[Arrangement],
    centre: _Centre,
    coordinator: User,
    scenario: bool,
) -> tuple[int, int, int, int]:
    horizon = today + AHEAD if not scenario else RESTART_ON + AHEAD
    sessions: list[Session] = []
    claim_rows: list[tuple[int, str, date, range]] = []
    waiting: list[WaitingListEntry] = []
    monday = window_start - timedelta(days=window_start.weekday())
    if scenario:
        waiting = _scenario_waiting(rng, arrangements, coordinator, today)
    restarting = {entry.arrangement_id for entry in waiting if entry.resolved_on}
    # Walk week by week so the centre fills in date order (court-ordered first within a week: order of need).
    ordered = sorted(arrangements, key=lambda a: (a.source != "court_order", a.pk))
    day_cursor = monday
    while day_cursor <= horizon:
        for arrangement in ordered:
            if arrangement.mode == "letter":
                continue
            period = PERIOD_DAYS[arrangement.period]
            if ((day_cursor - monday).days // 7) % (period // 7):
                continue
            for target in spread_days(day_cursor, arrangement.times, period if period == 7 else 7):
                if target < arrangement.starts_on or (arrangement.ends_on and target > arrangement.ends_on):
                    continue
                if target > horizon or (target > today + AHEAD and not (scenario and target >= RESTART_ON)):
                    continue
                if scenario and today < target < RESTART_ON:
                    continue  # nothing booked yet for the weeks of lockdown still to come
                if scenario and target >= RESTART_ON and arrangement.venue_id and arrangement.pk not in restarting:
                    continue  # still on the waiting list
                session = _one(rng, arrangement, target, today, centre, scenario, claim_rows, sessions, coordinator)
                if session is not None:
                    sessions.append(session)
        day_cursor += timedelta(days=7)
    with audit_bypass("loading demo data"):
        created = Session.objects.bulk_create(sessions, batch_size=BATCH)
        claims = []
        for index, resource, day, covered in claim_rows:
            session = created[index]
            claims += [SlotClaim(session_id=session.pk, resource=resource, day=day, cell=c) for c in covered]
        SlotClaim.objects.bulk_create(claims, batch_size=BATCH)
        tasks = []
        for session in created:
            if session.status == SessionStatus.HELD and session.supervisor_id:
                day = timezone.localtime(session.starts_at).date()
                tasks.append(
                    SupervisorTask(
                        session_id=session.pk,
                        supervisor_id=session.supervisor_id,
                        due_on=add_working_days(day, 2),
                        done_on=None if not session.observation_notes else add_working_days(day, 1),
                        basis="Observation notes within 2 working days of the session (operating model)",
                    )
                )
        SupervisorTask.objects.bulk_create(tasks, batch_size=BATCH)
        WaitingListEntry.objects.bulk_create(waiting, batch_size=BATCH)
    return len(created), len(claims), sum(1 for t in tasks if t.done_on is None), len(waiting)


def _one(
    rng: random.Random,
    arrangement: Arrangement,
    target: date,
    today: date,
    centre: _Centre,
    scenario: bool,
    claim_rows: list,
    sessions: list,
    coordinator: User,
) -> Session | None:
    lockdown = scenario and COVID_FROM <= target < RESTART_ON
    direct = arrangement.mode == "in_person" and not lockdown
    school = centre.by_day.on(target).school_hours_on(target, _age(arrangement.birth, target)) is not None
    minutes = arrangement.duration_minutes
    room = None
    if direct and arrangement.venue_id:
        placed = None
        for offset in range(0, 3):
            day = target + timedelta(days=offset)
            placed = centre.place(
                day, minutes, arrangement.people, arrangement.supervisor_id, _age(arrangement.birth, day)
            )
            if placed:
                break
        if placed is None:
            return None
        slot, gap = placed
        starts_at = timezone.make_aware(slot.start)
        ends_at = timezone.make_aware(slot.end)
        room = slot.room_id
    else:
        hour = time(16, 30) if school else time(rng.choice((10, 11, 14, 16)), 0)
        if target.weekday() >= 5:
            target -= timedelta(days=target.weekday() - 4)
        starts_at = _aware(target, hour)
        ends_at = starts_at + timedelta(minutes=minutes)
        gap = 0
    mode = arrangement.mode if not lockdown else rng.choice(("video", "video", "phone"))
    day = timezone.localtime(starts_at).date()
    session = Session(
        arrangement_id=arrangement.pk,
        child_id=arrangement.child_id,
        mode=mode,
        venue_id=arrangement.venue_id if room else None,
        room_id=room,
        supervisor_id=arrangement.supervisor_id if room else None,
        starts_at=starts_at,
        ends_at=ends_at,
        booked_by=coordinator,
        booked_at=starts_at - timedelta(days=14),
        virtual_reason="Direct family time stopped from 23 March 2020 (COVID-19): the centre is closed"
        if lockdown and arrangement.mode == "in_person"
        else "",
    )
    if day < today:
        _record(rng, session, day, today)
    index = len(sessions)
    if session.status == SessionStatus.BOOKED:
        start, end = timezone.localtime(starts_at), timezone.localtime(ends_at)
        claim_rows.append((index, f"child:{arrangement.child_id}", day, cells(start, end)))
        if session.supervisor_id:
            claim_rows.append((index, f"supervisor:{session.supervisor_id}", day, cells(start, end)))
        if room:
            claim_rows.append((index, f"room:{room}", day, cells(start, end + timedelta(minutes=gap))))
            place = centre.count.get(day, 1)
            claim_rows.append((index, f"venue-place:{arrangement.venue_id}", day, range(place, place + 1)))
    return session


def _record(rng: random.Random, session: Session, day: date, today: date) -> None:
    roll = rng.random()
    recorded_at = session.ends_at + timedelta(hours=1)
    session.recorded_at = recorded_at
    if roll < 0.84:
        session.status = SessionStatus.HELD
        session.mode_held = session.mode
        session.attended = (
            "The child and their family member, with the supervisor"
            if session.supervisor_id
            else ("The child and their family member")
        )
        if rng.random() < 0.4:
            session.childs_views = rng.choice(VIEWS)
        if session.supervisor_id and ((today - day).days > 3 or rng.random() < 0.5):
            session.observation_notes = rng.choice(OBSERVATIONS)
            session.observation_recorded_at = recorded_at
        if rng.random() < 0.3:
            session.carer_feedback = rng.choice(FEEDBACK)
            session.carer_feedback_at = recorded_at + timedelta(hours=3)
        if rng.random() < 0.02:
            session.concern_raised = True
            session.concern_details = "Parent spoke about the court case in front of the child despite reminders."
        if (today - day).days > 7:
            session.read_by_worker_at = recorded_at + timedelta(days=1)
    elif roll < 0.93:
        session.status = SessionStatus.NOT_HELD
        session.cancelled_by, session.cancel_reason = rng.choice(
            (("parent", "parent_did_not_attend"), ("child", "child_unwell"), ("parent", "self_isolating"))
        )
    else:
        session.status = SessionStatus.CANCELLED
        session.cancelled_by, session.cancel_reason = rng.choice(
            (("parent", "parent_did_not_attend"), ("carer", "child_unwell"), ("centre", "centre_closed"))
        )
        session.cancelled_at = session.starts_at - timedelta(hours=rng.choice((2, 30, 72)))
        session.is_late_cancellation = session.starts_at - session.cancelled_at < timedelta(hours=24)


def _scenario_waiting(
    rng: random.Random, arrangements: list[Arrangement], coordinator: User, today: date
) -> list[WaitingListEntry]:
    """From 23 March every direct family centre arrangement waits for the centre to reopen; from 25 May the restart
    on 1 July is booked in order of need (court-ordered first) and the list shrinks; most still wait on 4 June."""
    direct = [a for a in arrangements if a.venue_id and a.mode == "in_person" and a.starts_on < COVID_FROM]
    direct.sort(key=lambda a: (a.source != "court_order", a.pk))
    entries = []
    span = (date(2020, 5, 15) - COVID_FROM).days
    for index, arrangement in enumerate(direct):
        added = COVID_FROM + timedelta(days=rng.randint(0, span))
        resolved = None
        if index < len(direct) // 3 and today >= date(2020, 5, 25):
            resolved = min(today, date(2020, 5, 25) + timedelta(days=index % 10))
        entries.append(
            WaitingListEntry(
                arrangement_id=arrangement.pk,
                venue_id=arrangement.venue_id,
                added_on=added,
                reason="Family centre closed for COVID-19: waiting for direct family time to restart",
                resolved_on=resolved,
                resolution="Booked for the restart on 1 July 2020" if resolved else "",
                added_by=coordinator,
            )
        )
    return entries
