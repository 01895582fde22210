"""The demo council's workforce: an HR adviser, a staff record and two years of availability for every member of
staff (the spring 2020 self-isolation and shielding included when the window covers it), welfare buddy pairs,
check-ins on the cadences in force (seed 002's from 23 March 2020 under the COVID-19 model, with realistic gaps),
monthly supervision, two offices with COVID-secure capacity and a rota from 3 August 2020 (seed 003's pilot), a duty
rota around today, and PPE deliveries, issues and use that follow the visits with PPE. Deterministic for a seed;
written in bulk inside an ``audit_bypass`` (loading demo data is not a change anyone made)."""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import date, datetime, time, timedelta

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from caseboard.accounts.models import Role, Team, User
from caseboard.compliance.calendar import is_working_day
from caseboard.core.audit import audit_bypass

from .cadence import Cadence
from .models import (
    Availability,
    AvailabilityStatus,
    BuddyPair,
    CheckIn,
    CheckInKind,
    DeskCapacity,
    DutyKind,
    DutyShift,
    IndividualNeed,
    LedgerKind,
    Office,
    OfficeBooking,
    PpeItem,
    PpeLedgerEntry,
    PpeStock,
    RotaDay,
    Skill,
    StaffRecord,
    SupervisionSession,
)
from .rules_in_force import cadence_for, settings_on

DEMO_PASSWORD = "caseboard-demo"
LOCKDOWN = date(2020, 3, 23)
SHIELDING_ENDS = date(2020, 7, 31)  # "12 weeks in 2020", extended to the end of July
ROTA_FROM = date(2020, 8, 3)  # seed 003: the office-time pilot
BATCH = 2000
INDIVIDUAL_NEEDS = (
    "No quiet space to work at home: shares a flat with key workers on shifts",
    "Reasonable adjustment: a desk with a specialist chair and screen",
    "Caring responsibilities at home make confidential calls impossible there",
    "Wellbeing: a day a week in the office agreed with occupational health",
    "Hearing loss: needs a desk in the quiet zone with a hearing loop",
)
# Above this many staff, check-ins are built for the last 4 weeks only (the national-scale benchmark).
FULL_HISTORY_STAFF = 1500


def _at(day: date, hour: int = 12) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def _working_days(start: date, end: date) -> list[date]:
    days, day = [], start
    while day <= end:
        if is_working_day(day):
            days.append(day)
        day += timedelta(days=1)
    return days


class WorkforceDemo:
    def __init__(self, seed: int, today: date) -> None:
        self.seed = seed
        self.rng = random.Random(seed * 9157)
        self.today = today
        self.start = today - timedelta(days=730)
        self.admin = User.objects.filter(role=Role.ADMINISTRATOR).order_by("pk").first()
        self.counts: dict[str, int] = defaultdict(int)

    # --- people ------------------------------------------------------------------------------------------------
    def hr_adviser(self) -> None:
        if not User.objects.filter(username="hr").exists():
            User.objects.create(
                username="hr",
                first_name="Nadia",
                last_name="Hughes",
                role=Role.HR_ADVISER,
                job_title="HR adviser",
                email="hr@caseboard.invalid",
                password=make_password(DEMO_PASSWORD),
            )

    def staff(self) -> list[User]:
        return list(User.objects.filter(is_active=True).exclude(role="").prefetch_related("teams").order_by("pk"))

    def records(self, staff: list[User]) -> None:
        rng = self.rng
        rows = []
        for person in staff:
            social = person.role in {Role.SOCIAL_WORKER, Role.TEAM_MANAGER, Role.FRONT_DOOR, Role.IRO}
            skills = [s for s in Skill.values if s != Skill.RESIDENTIAL and rng.random() < 0.15]
            # A few social workers are trained for residential work (and counted as residential staff).
            if person.role == Role.SOCIAL_WORKER and rng.random() < 0.06:
                skills.append(Skill.RESIDENTIAL)
            qualified = self.today - timedelta(days=rng.randint(120, 7000)) if social else None
            rows.append(
                StaffRecord(
                    user=person,
                    working_pattern=rng.choices(["full_time", "part_time", "compressed"], [0.75, 0.2, 0.05])[0],
                    swe_registration=f"SW{rng.randint(10000, 999999)}" if social else "",
                    qualified_on=qualified,
                    dbs_checked_on=self.today - timedelta(days=rng.randint(30, 1000)),
                    dbs_check_type="enhanced_barred",
                    skills=sorted(set(skills)),
                    languages=rng.choice(["", "", "", "", "Polish", "Urdu", "Punjabi", "Romanian", "Arabic"]),
                )
            )
        StaffRecord.objects.bulk_create(rows, batch_size=BATCH, ignore_conflicts=True)
        self.counts["staff records"] = len(rows)

    # --- availability ------------------------------------------------------------------------------------------
    def availability(self, staff: list[User]) -> None:
        """Two years per person: a base pattern (in the office before 23 March 2020, then mostly at home) with
        leave, sickness and, in spring 2020, self-isolation, shielding and caring for children out of school."""
        rows: list[Availability] = []
        for person in staff:
            # One generator per person, so each person's timeline stays the same whoever else is on the staff.
            rng = random.Random(f"{self.seed}-availability-{person.username}")
            absences: list[tuple[date, date, str, bool, str]] = []
            day = self.start
            while day < self.today:
                day += timedelta(days=rng.randint(40, 120))
                kind = rng.choices(["annual_leave", "sick"], [0.7, 0.3])[0]
                length = rng.randint(3, 10) if kind == "annual_leave" else rng.randint(1, 4)
                absences.append((day, day + timedelta(days=length - 1), kind, False, ""))
            if self.start <= date(2020, 6, 4) <= self.today:
                roll = rng.random()
                if roll < 0.04:
                    absences.append((LOCKDOWN, SHIELDING_ENDS, "shielding", True, "Clinically extremely vulnerable"))
                elif roll < 0.10:
                    begin = date(2020, 3, 16) + timedelta(days=rng.randint(0, 90))
                    absences.append(
                        (begin, begin + timedelta(days=13), "self_isolating", True, "A household member has symptoms")
                    )
                elif roll < 0.13:
                    begin = date(2020, 3, 23) + timedelta(days=rng.randint(0, 60))
                    absences.append(
                        (begin, begin + timedelta(days=rng.randint(4, 12)), "sick", True, "COVID-19 symptoms")
                    )
                elif roll < 0.16:
                    absences.append((LOCKDOWN, date(2020, 6, 12), "caring", True, ""))
            absences = self._without_overlaps(absences)
            cursor = self.start
            for begin, end, status, covid, note in absences:
                if begin > cursor:
                    rows += self._base(person, cursor, begin - timedelta(days=1))
                rows.append(
                    Availability(
                        person=person,
                        status=status,
                        starts_on=begin,
                        ends_on=end,
                        is_covid_related=covid,
                        health_note=note if status in {"self_isolating", "shielding", "sick"} else "",
                        recorded_by=person,
                        recorded_at=_at(begin, 9),
                    )
                )
                cursor = end + timedelta(days=1)
            rows += self._base(person, cursor, None)
        Availability.objects.bulk_create(rows, batch_size=BATCH)
        self.counts["availability periods"] = len(rows)

    def _without_overlaps(self, absences: list) -> list:
        kept: list = []
        for absence in sorted(absences, key=lambda a: (a[0], -(a[1] - a[0]).days)):
            if absence[0] > self.today:
                continue
            if kept and absence[0] <= kept[-1][1]:
                if absence[3] and not kept[-1][3]:  # a COVID absence wins over routine leave
                    kept[-1] = absence
                continue
            kept.append(absence)
        return kept

    def _base(self, person: User, start: date, end: date | None) -> list[Availability]:
        """The person's usual pattern from ``start`` to ``end``: in the office until lockdown, then at home (front
        door practitioners in the office on the duty rota)."""
        at_home = AvailabilityStatus.OFFICE if person.role == Role.FRONT_DOOR else AvailabilityStatus.HOME
        pieces = []
        if start < LOCKDOWN and (end is None or end >= LOCKDOWN):
            pieces = [(start, LOCKDOWN - timedelta(days=1), AvailabilityStatus.OFFICE), (LOCKDOWN, end, at_home)]
        elif start < LOCKDOWN:
            pieces = [(start, end, AvailabilityStatus.OFFICE)]
        else:
            pieces = [(start, end, at_home)]
        return [
            Availability(
                person=person,
                status=status,
                starts_on=begin,
                ends_on=finish,
                recorded_by=person,
                recorded_at=_at(begin, 8),
            )
            for begin, finish, status in pieces
            if finish is None or finish >= begin
        ]

    # --- welfare -----------------------------------------------------------------------------------------------
    def pairs(self, staff: list[User]) -> list[BuddyPair]:
        starts = max(LOCKDOWN, self.start) if self.start <= LOCKDOWN <= self.today else self.today - timedelta(days=60)
        by_team: dict[int, list[User]] = defaultdict(list)
        placed: set[int] = set()
        for person in staff:
            teams = sorted(person.teams.all(), key=lambda t: t.pk)
            if teams and person.role in {Role.SOCIAL_WORKER, Role.PERSONAL_ADVISER, Role.FRONT_DOOR, Role.IRO}:
                by_team[teams[0].pk].append(person)
        pairs = []
        for team_id, members in by_team.items():
            # An odd one out is left for the manager to pair (the buddies page lists them).
            for first, second in zip(members[0::2], members[1::2], strict=False):
                if first.pk in placed or second.pk in placed:
                    continue
                placed |= {first.pk, second.pk}
                pairs.append(
                    BuddyPair(
                        team_id=team_id, first=first, second=second, starts_on=starts, assigned_by=self.admin or first
                    )
                )
        BuddyPair.objects.bulk_create(pairs, batch_size=BATCH)
        self.counts["buddy pairs"] = len(pairs)
        return list(BuddyPair.objects.all())

    def checkins(self, staff: list[User], pairs: list[BuddyPair]) -> None:
        """Check-ins on the cadences of the operating model in force on each day, most on time, some missed."""
        rng = self.rng
        start = max(self.start, LOCKDOWN)
        if len(staff) > FULL_HISTORY_STAFF:
            start = max(start, self.today - timedelta(days=28))
        days = _working_days(start, self.today - timedelta(days=1))
        if not days:
            return
        away = self._away_days(staff, days[0], days[-1])
        members: dict[int, list[User]] = defaultdict(list)
        managers: dict[int, User] = {}
        for person in staff:
            for team in person.teams.all():
                members[team.pk].append(person)
                if person.role == Role.TEAM_MANAGER and team.pk not in managers:
                    managers[team.pk] = person
        heads = [p for p in staff if p.role == Role.HEAD_OF_SERVICE and p.service_id]
        team_service = dict(Team.objects.values_list("pk", "service_id"))
        rows: list[CheckIn] = []
        settings_by_month: dict[tuple[int, int], object] = {}

        def cadence(day: date, kind: str) -> Cadence | None:
            key = (day.year, day.month)
            if key not in settings_by_month:
                settings_by_month[key] = settings_on(day)
            return cadence_for(settings_by_month[key], kind)

        last: dict[tuple, date] = {}

        def due(key: tuple, day: date, every: Cadence) -> bool:
            previous = last.get(key)
            return previous is None or every.after(previous) <= day or (every.every == 1)

        for day in days:
            buddy = cadence(day, "buddy")
            if buddy:
                for pair in pairs:
                    if pair.first_id in away[day] or pair.second_id in away[day] or rng.random() < 0.12:
                        continue
                    rows.append(self._checkin(CheckInKind.BUDDY, pair.first_id, pair.second_id, None, day))
            leader = cadence(day, "team_leader")
            weekly = cadence(day, "unavailable")
            for team_id, manager in managers.items():
                if manager.pk in away[day]:
                    continue
                for person in members[team_id]:
                    if person.pk == manager.pk or person.role == Role.TEAM_MANAGER:
                        continue
                    every = weekly if person.pk in away[day] else leader
                    key = ("tl", manager.pk, person.pk)
                    if every and due(key, day, every) and rng.random() > 0.1:
                        rows.append(self._checkin(CheckInKind.TEAM_LEADER, manager.pk, person.pk, None, day))
                        last[key] = day
                meeting = cadence(day, "team_meeting")
                if meeting and day.weekday() == 1 + team_id % 3 and rng.random() > 0.08:
                    rows.append(self._checkin(CheckInKind.TEAM_MEETING, manager.pk, None, team_id, day))
            head_every = cadence(day, "head_of_service")
            if head_every:
                for head in heads:
                    if head.pk in away[day]:
                        continue
                    for team_id, manager in managers.items():
                        if (
                            team_service.get(team_id) == head.service_id
                            and manager.pk not in away[day]
                            and rng.random() > 0.1
                        ):
                            rows.append(self._checkin(CheckInKind.HEAD_OF_SERVICE, head.pk, manager.pk, None, day))
        CheckIn.objects.bulk_create(rows, batch_size=BATCH)
        self.counts["check-ins"] = len(rows)

    def _checkin(self, kind: str, by: int, with_person: int | None, team: int | None, day: date) -> CheckIn:
        mode = self.rng.choices(["phone", "video", "message"], [0.5, 0.4, 0.1])[0]
        return CheckIn(
            kind=kind,
            by_id=by,
            with_person_id=with_person,
            team_id=team,
            held_on=day,
            mode=mode,
            recorded_at=_at(day, 16),
        )

    def _away_days(self, staff: list[User], start: date, end: date) -> dict[date, set[int]]:
        away: dict[date, set[int]] = defaultdict(set)
        periods = Availability.objects.filter(starts_on__lte=end).exclude(status__in=["office", "home", "remote_only"])
        for person_id, begin, finish in periods.values_list("person_id", "starts_on", "ends_on"):
            day = max(begin, start)
            stop = min(finish or end, end)
            while day <= stop:
                away[day].add(person_id)
                day += timedelta(days=1)
        return away

    def supervision(self, staff: list[User]) -> None:
        """Supervision about every four weeks over the two years (a few late), with the line manager."""
        rng = self.rng
        rows = []
        start = self.start if len(staff) <= FULL_HISTORY_STAFF else self.today - timedelta(days=90)
        for person in staff:
            if not person.line_manager_id or person.role in {
                Role.HEAD_OF_SERVICE,
                Role.ADMINISTRATOR,
                Role.PERFORMANCE_OFFICER,
            }:
                continue
            day = start + timedelta(days=rng.randint(0, 27))
            while day < self.today:
                rows.append(
                    SupervisionSession(
                        supervisor_id=person.line_manager_id,
                        supervisee=person,
                        held_on=day,
                        mode="video" if day >= LOCKDOWN and day < ROTA_FROM else rng.choice(["in_person", "video"]),
                        reflective_notes="",
                        recorded_at=_at(day, 15),
                    )
                )
                day += timedelta(days=28 + (rng.randint(3, 14) if rng.random() < 0.15 else 0))
        SupervisionSession.objects.bulk_create(rows, batch_size=BATCH)
        self.counts["supervisions"] = len(rows)

    # --- offices, rotas, duty ----------------------------------------------------------------------------------
    def offices(self, staff: list[User]) -> list[Office]:
        lead = next((p for p in staff if p.username == "manager"), None) or (staff[0] if staff else None)
        riverside = Office.objects.create(name="Riverside House", address="1 Riverside, Northmoor", ppe_lead=lead)
        civic = Office.objects.create(name="Civic Centre", address="Town Hall Square, Northmoor", ppe_lead=lead)
        recorder = self.admin or lead
        DeskCapacity.objects.bulk_create(
            [
                DeskCapacity(
                    office=riverside,
                    effective_from=date(2019, 1, 1),
                    desks=80,
                    risk_assessment="Normal office layout",
                    recorded_by=recorder,
                ),
                DeskCapacity(
                    office=riverside,
                    effective_from=LOCKDOWN,
                    desks=12,
                    risk_assessment="First lockdown: the duty team only (seed 004)",
                    recorded_by=recorder,
                ),
                DeskCapacity(
                    office=riverside,
                    effective_from=ROTA_FROM,
                    desks=30,
                    risk_assessment="COVID-secure layout: 2 metres between desks, one-way system, screens "
                    "(office-time pilot, seed 003)",
                    recorded_by=recorder,
                ),
                DeskCapacity(
                    office=civic,
                    effective_from=date(2019, 1, 1),
                    desks=60,
                    risk_assessment="Normal office layout",
                    recorded_by=recorder,
                ),
                DeskCapacity(
                    office=civic,
                    effective_from=LOCKDOWN,
                    desks=0,
                    risk_assessment="Closed in the first lockdown",
                    recorded_by=recorder,
                ),
                DeskCapacity(
                    office=civic,
                    effective_from=ROTA_FROM,
                    desks=20,
                    risk_assessment="COVID-secure layout for the rota",
                    recorded_by=recorder,
                ),
            ]
        )
        teams = list(Team.objects.order_by("pk"))
        RotaDay.objects.bulk_create(
            [
                RotaDay(office=riverside if n % 2 == 0 else civic, team=team, weekday=n % 5, starts_on=ROTA_FROM)
                for n, team in enumerate(teams)
            ]
        )
        # A few people with an individual need recorded privately (seed 003: "individual needs of staff would
        # always be considered"), from a generator of their own so the other steps' data stay as they were.
        needs_rng = random.Random(self.seed * 4703)
        with_need = {person.pk for person in staff if needs_rng.random() < 0.04}
        IndividualNeed.objects.bulk_create(
            [
                IndividualNeed(
                    person_id=pk,
                    description=needs_rng.choice(INDIVIDUAL_NEEDS),
                    recorded_by_id=pk,
                    recorded_at=_at(min(self.today, ROTA_FROM) - timedelta(days=7)),
                )
                for pk in sorted(with_need)
            ]
        )
        self.counts["individual needs"] = len(with_need)
        bookings = []
        if self.today >= ROTA_FROM:
            desks: dict[tuple[int, date], int] = defaultdict(int)
            for person in staff:
                for offset in range(-10, 8):
                    day = self.today + timedelta(days=offset)
                    if day.weekday() < 5 and self.rng.random() < 0.12:
                        office = riverside if person.pk % 2 == 0 else civic
                        capacity = 30 if office is riverside else 20
                        if desks[(office.pk, day)] < capacity:
                            desks[(office.pk, day)] += 1
                            bookings.append(
                                OfficeBooking(
                                    office=office,
                                    person=person,
                                    booked_on=day,
                                    desk=desks[(office.pk, day)],
                                    has_priority=person.pk in with_need,
                                    created_at=_at(day - timedelta(days=3)),
                                )
                            )
        OfficeBooking.objects.bulk_create(bookings, batch_size=BATCH)
        self.counts["desk bookings"] = len(bookings)
        return [riverside, civic]

    def duty(self, staff: list[User], riverside: Office) -> None:
        shifts = []
        front_door = [p for p in staff if p.role == Role.FRONT_DOOR]
        workers = [p for p in staff if p.role == Role.SOCIAL_WORKER]
        managers = [p for p in staff if p.role == Role.TEAM_MANAGER]
        if not workers:
            return
        for offset in range(-7, 15):
            day = self.today + timedelta(days=offset)
            n = day.toordinal()
            if day.weekday() < 5:
                shifts.append(
                    DutyShift(kind=DutyKind.DUTY_TEAM, on=day, person=workers[n % len(workers)], office=riverside)
                )
                if front_door:
                    shifts.append(
                        DutyShift(
                            kind=DutyKind.FRONT_DOOR, on=day, person=front_door[n % len(front_door)], office=riverside
                        )
                    )
                if managers:
                    shifts.append(DutyShift(kind=DutyKind.LADO, on=day, person=managers[(n // 7) % len(managers)]))
            shifts.append(
                DutyShift(
                    kind=DutyKind.OUT_OF_HOURS, on=day, person=workers[(n * 7) % len(workers)], starts_at=time(17, 0)
                )
            )
        DutyShift.objects.bulk_create(shifts, ignore_conflicts=True)
        self.counts["duty shifts"] = len(shifts)

    # --- PPE ---------------------------------------------------------------------------------------------------
    def ppe(self, offices: list[Office]) -> None:
        """Deliveries every four weeks from April 2020, issues to each worker covering the visits with PPE they
        go on to make (from the last 12 weeks of visits), and the use on each visit."""
        from caseboard.visits.models import Visit

        from .models import VISIT_PPE_ITEMS

        riverside = offices[0]
        recorder = self.admin or riverside.ppe_lead
        stocks = {}
        for office in offices:
            for item in PpeItem.values:
                stocks[(office.pk, item)] = PpeStock.objects.create(
                    office=office, item=item, reorder_level=200 if office is riverside else 100
                )
        entries: list[PpeLedgerEntry] = []
        first = max(date(2020, 4, 6), self.start)
        window_start = max(first, self.today - timedelta(weeks=12))
        visits = list(
            Visit.objects.filter(visited_on__range=(window_start, self.today))
            .exclude(ppe_used=[])
            .values_list("pk", "worker_id", "visited_on", "ppe_used")
        )
        use: dict[tuple[int, str], list[tuple[int, date]]] = defaultdict(list)
        for visit_id, worker_id, visited_on, items in visits:
            for code in items:
                if code in VISIT_PPE_ITEMS:
                    use[(worker_id, VISIT_PPE_ITEMS[code])].append((visit_id, visited_on))
        issued_by_item: dict[str, int] = defaultdict(int)
        for (worker_id, item), uses in use.items():
            stock = stocks[(riverside.pk, item)]
            quantity = len(uses) + self.rng.randint(2, 10)
            issued_by_item[item] += quantity
            entries.append(
                PpeLedgerEntry(
                    stock=stock,
                    kind=LedgerKind.ISSUE,
                    quantity=quantity,
                    worker_id=worker_id,
                    on=min(d for _, d in uses),
                    recorded_by=recorder,
                    recorded_at=_at(window_start, 10),
                )
            )
            for visit_id, visited_on in uses:
                entries.append(
                    PpeLedgerEntry(
                        stock=stock,
                        kind=LedgerKind.USE,
                        quantity=1,
                        worker_id=worker_id,
                        visit_id=visit_id,
                        on=visited_on,
                        recorded_by=recorder,
                        recorded_at=_at(visited_on, 17),
                    )
                )
        if first <= self.today:
            day = first
            while day <= self.today:
                for (office_id, _item), stock in stocks.items():
                    size = 500 if office_id == riverside.pk else 100
                    entries.append(
                        PpeLedgerEntry(
                            stock=stock,
                            kind=LedgerKind.DELIVERY,
                            quantity=size,
                            on=day,
                            recorded_by=recorder,
                            recorded_at=_at(day, 9),
                            note="Regional PPE hub",
                        )
                    )
                day += timedelta(weeks=4)
            for item, issued in issued_by_item.items():
                # Deliveries always cover what was issued from the store, so the ledger never goes below zero.
                entries.append(
                    PpeLedgerEntry(
                        stock=stocks[(riverside.pk, item)],
                        kind=LedgerKind.DELIVERY,
                        quantity=issued,
                        on=window_start,
                        recorded_by=recorder,
                        recorded_at=_at(window_start, 8),
                        note="Top-up for visits",
                    )
                )
        PpeLedgerEntry.objects.bulk_create(entries, batch_size=BATCH)
        self.counts["PPE ledger rows"] = len(entries)

    def build(self) -> str:
        with audit_bypass("loading fictional demo data"), transaction.atomic():
            self.hr_adviser()
            staff = self.staff()
            if not staff:
                return "no workforce"
            self.records(staff)
            self.availability(staff)
            pairs = self.pairs(staff)
            self.checkins(staff, pairs)
            self.supervision(staff)
            offices = self.offices(staff)
            self.duty(staff, offices[0])
            self.ppe(offices)
        from .due import staff_due_recompute

        staff_due_recompute(today=self.today)
        return ", ".join(f"{n:,} {what}" for what, n in self.counts.items())


def add_demo_workforce(seed: int, today: date) -> str:
    """The demo step (see the module's docstring)."""
    return WorkforceDemo(seed, today).build()


# --- the covid-2020 scenario's PPE -------------------------------------------------------------------------------
# Seed 000: "lack of clarity about availability and usage of PPE"; seed 004: "Obtained a stock of personal protective
# equipment". The first deliveries after the lockdown fall short of what the visits need; the regional hub's
# deliveries from May build the stock up.
SCENARIO_FIRST_DELIVERY = date(2020, 3, 27)
SCENARIO_HUB_FROM = date(2020, 5, 4)


def add_scenario_ppe(seed: int, *, today: date, start: date = LOCKDOWN) -> dict[str, int]:
    """PPE for the ``covid-2020`` scenario (see ``_scenario_ppe``), written inside an ``audit_bypass``."""
    with audit_bypass("loading fictional demo data"), transaction.atomic():
        return _scenario_ppe(seed, today=today, start=start)


def _scenario_ppe(seed: int, *, today: date, start: date) -> dict[str, int]:
    """PPE for the ``covid-2020`` scenario, following its visits (run after them): the demo step's ledger is
    replaced by one built day by day from ``start`` to ``today``. Each worker draws from their office's store
    (Riverside House or the Civic Centre, by team): on the Monday, what the week's in-person visits with PPE need and
    a few spare, topped up on the day when they run out, never more than the store holds; each visit's "PPE used"
    is drawn from what the worker holds. Deliveries: a small emergency one on 27 March, then weekly ones in April
    that cover only about four-fifths of the previous week's use (the shortage: stock at or below the reorder level,
    an alert to the office's PPE lead, a few visits whose PPE the store could not supply), then the regional hub's
    from 4 May at three weeks' use a fortnight. Reorder levels are a week's average use. Returns the counts."""
    from caseboard.accounts.models import Notification
    from caseboard.visits.models import Visit

    from .models import VISIT_PPE_ITEMS

    rng = random.Random(seed * 7919)
    offices = list(Office.objects.order_by("name"))
    if not offices:
        return {}
    by_name = {office.name: office for office in offices}
    riverside = by_name.get("Riverside House", offices[0])
    civic = by_name.get("Civic Centre", offices[-1])
    recorder = User.objects.filter(is_superuser=True).order_by("pk").first() or riverside.ppe_lead
    if recorder is None:
        return {}
    first_team = dict(
        User.teams.through.objects.order_by("user_id", "team_id").values_list("user_id", "team_id").distinct()
    )
    teams = sorted(set(first_team.values()))
    civic_teams = set(teams[1::3])  # one team in three works from the Civic Centre

    def office_of(worker_id: int) -> Office:
        return civic if first_team.get(worker_id) in civic_teams else riverside

    stocks: dict[tuple[int, str], PpeStock] = {}
    for office in offices:
        for item in PpeItem.values:
            stocks[(office.pk, item)], _ = PpeStock.objects.get_or_create(office=office, item=item)
    PpeLedgerEntry.objects.filter(stock__in=list(stocks.values())).delete()

    # The visits with PPE, by day, as (visit, worker, office, item).
    uses: dict[date, list[tuple[int, int, int, str]]] = defaultdict(list)
    for visit_id, worker_id, visited_on, items in (
        Visit.objects.filter(visited_on__range=(start, today))
        .exclude(ppe_used=[])
        .order_by("visited_on", "pk")
        .values_list("pk", "worker_id", "visited_on", "ppe_used")
    ):
        office = office_of(worker_id)
        for code in items:
            if code in VISIT_PPE_ITEMS:
                uses[visited_on].append((visit_id, worker_id, office.pk, VISIT_PPE_ITEMS[code]))
    weeks = max((today - start).days / 7, 1)
    weekly_use: dict[tuple[int, str], float] = defaultdict(float)
    for rows in uses.values():
        for _, _, office_id, item in rows:
            weekly_use[(office_id, item)] += 1 / weeks
    for key, stock in stocks.items():
        stock.reorder_level = max(int(weekly_use[key]), 10) if weekly_use[key] else 10
        stock.alerted_at = None
    PpeStock.objects.bulk_update(list(stocks.values()), ["reorder_level", "alerted_at"])

    store: dict[tuple[int, str], int] = defaultdict(int)
    held: dict[tuple[int, str], int] = defaultdict(int)  # (worker, item)
    entries: list[PpeLedgerEntry] = []
    alerts: list[tuple[PpeStock, date, int]] = []
    short = 0

    def move(stock: PpeStock, kind: str, quantity: int, day: date, worker_id: int | None = None, **extra) -> None:
        entries.append(
            PpeLedgerEntry(
                stock=stock,
                kind=kind,
                quantity=quantity,
                worker_id=worker_id,
                on=day,
                recorded_by=recorder,
                recorded_at=_at(day, 9 if kind == LedgerKind.DELIVERY else 17 if kind == LedgerKind.USE else 10),
                **extra,
            )
        )

    def deliver(key: tuple[int, str], quantity: int, day: date, note: str) -> None:
        if quantity > 0:
            store[key] += quantity
            move(stocks[key], LedgerKind.DELIVERY, quantity, day, note=note)
            if store[key] > stocks[key].reorder_level:
                stocks[key].alerted_at = None  # alert again when it next falls

    def issue(worker_id: int, key: tuple[int, str], wanted: int, day: date) -> int:
        quantity = min(wanted, store[key])
        if quantity > 0:
            store[key] -= quantity
            held[(worker_id, key[1])] += quantity
            move(stocks[key], LedgerKind.ISSUE, quantity, day, worker_id)
            stock = stocks[key]
            if store[key] <= stock.reorder_level and stock.alerted_at is None:
                stock.alerted_at = _at(day, 11)
                alerts.append((stock, day, store[key]))
        return quantity

    day = start
    while day <= today:
        for key in stocks:
            expected = weekly_use[key]
            if day == SCENARIO_FIRST_DELIVERY:
                deliver(key, int(expected * 0.6), day, "Emergency delivery from the council's stores")
            elif SCENARIO_FIRST_DELIVERY < day < SCENARIO_HUB_FROM and day.weekday() == 0:
                deliver(key, int(expected * rng.uniform(0.7, 0.9)), day, "Weekly delivery, rationed")
            elif day >= SCENARIO_HUB_FROM and day.weekday() == 0 and (day - SCENARIO_HUB_FROM).days % 14 == 0:
                deliver(key, int(expected * 3) + 50, day, "Regional PPE hub")
        todays = uses.get(day, [])
        if day.weekday() == 0:
            # Monday: each worker is issued what the week's visits need, and a few spare.
            week_need: dict[tuple[int, int, str], int] = defaultdict(int)
            for offset in range(7):
                for _, worker_id, office_id, item in uses.get(day + timedelta(days=offset), []):
                    week_need[(worker_id, office_id, item)] += 1
            for (worker_id, office_id, item), need in sorted(week_need.items()):
                wanted = need + rng.randint(1, 3) - held[(worker_id, item)]
                if wanted > 0:
                    issue(worker_id, (office_id, item), wanted, day)
        for visit_id, worker_id, office_id, item in todays:
            key = (office_id, item)
            if held[(worker_id, item)] <= 0:
                issue(worker_id, key, rng.randint(2, 5), day)  # topped up on the day
            if held[(worker_id, item)] <= 0:
                short += 1  # the store had none: the worker went with what they could find
                continue
            held[(worker_id, item)] -= 1
            move(stocks[key], LedgerKind.USE, 1, day, worker_id, visit_id=visit_id)
        day += timedelta(days=1)

    PpeLedgerEntry.objects.bulk_create(entries, batch_size=BATCH)
    PpeStock.objects.bulk_update(list(stocks.values()), ["alerted_at"])
    notes = []
    for stock, on, level in alerts:
        if stock.office.ppe_lead_id:
            notes.append(
                Notification(
                    recipient_id=stock.office.ppe_lead_id,
                    message=f"Reorder {stock.get_item_display().lower()} for {stock.office}: {level} left "
                    f"(reorder level {stock.reorder_level}).",
                    link=f"/workforce/ppe/{stock.pk}/",
                    emailed_at=_at(on, 11),  # demo data: never sent
                )
            )
    Notification.objects.bulk_create(notes)
    from .selectors import stock_rows

    masks = [
        row.days_left
        for row in stock_rows(today=today, window_days=settings_on(today).stock_rate_days)
        if row.stock.item == PpeItem.MASK_IIR and row.days_left is not None
    ]
    return {
        "PPE ledger rows": len(entries),
        "reorder alerts": len(alerts),
        "visit items the store could not supply": short,
        "fewest days of masks left": min(masks) if masks else 0,
    }
