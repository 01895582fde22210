"""Fictional visits for the demo council: every child with an open child in need, child protection, looked-after,
care leaver or private fostering episode is visited at about the frequency their rules ask, by their allocated
worker, over a window ending ``today``. About 15% of children are left overdue, so the statutory clock has
something to show.

Deterministic by seed, dates relative to ``today``; written in bulk inside an ``audit_bypass`` (loading demo data is
not casework). The planner (``plan_visits``) is shared with the COVID-19 scenario (``caseboard.devtools.scenarios``).
"""

from __future__ import annotations

import random
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.utils import timezone

from caseboard.casework.models import Allocation, AllocationRole, Episode, EpisodeKind
from caseboard.core.audit import audit_bypass
from caseboard.people.models import Child, HouseholdMember

from .models import IN_PERSON_MODES, ChildSeen, PreVisitCheck, Visit, VisitMode, VisitPurpose

BATCH = 5000
# Children at or below this number get 18 months of visits; above it, 3 months (keeps 100,000 children fast).
FULL_WINDOW_UP_TO = 10_000
FULL_WINDOW_MONTHS = 18
SHORT_WINDOW_MONTHS = 3
OVERDUE_SHARE = 0.10
VIRTUAL_SHARE = 0.05

# Highest priority first: the episode whose rules govern a child's visits on a date when several are open.
PRIORITY = (
    EpisodeKind.LOOKED_AFTER,
    EpisodeKind.CHILD_PROTECTION,
    EpisodeKind.PRIVATE_FOSTERING,
    EpisodeKind.CHILD_IN_NEED,
    EpisodeKind.CARE_LEAVER,
)
RANK = {kind.value: rank for rank, kind in enumerate(PRIORITY)}
PURPOSE = {
    EpisodeKind.LOOKED_AFTER.value: VisitPurpose.STATUTORY_LAC,
    EpisodeKind.CHILD_PROTECTION.value: VisitPurpose.STATUTORY_CP,
    EpisodeKind.PRIVATE_FOSTERING.value: VisitPurpose.STATUTORY_PF,
    EpisodeKind.CHILD_IN_NEED.value: VisitPurpose.STATUTORY_CIN,
    EpisodeKind.CARE_LEAVER.value: VisitPurpose.PA_CONTACT,
}
# Calendar days, approximating the baseline rules: CIN 20 working days, CP 10 working days, looked after and
# private fostering 6 weeks (first within a week), care leavers 2 months (first within 7 days).
INTERVAL_DAYS = {"lac": 42, "cp": 14, "private_fostering": 42, "cin": 28, "care_leaver": 61}
FIRST_WITHIN_DAYS = {"lac": 7, "cp": 14, "private_fostering": 9, "cin": 28, "care_leaver": 7}
VIRTUAL_MODES = ((VisitMode.VIDEO, 6), (VisitMode.PHONE, 3), (VisitMode.OTHER_ELECTRONIC, 1))
NOTES = {
    "home": (
        "Child seen at home with their parent. Plan discussed; no new concerns.",
        "Child showed me their bedroom and talked about school. Parent engaging with the plan.",
        "Home conditions adequate. Child spoke about friends and family time.",
        "",
    ),
    "elsewhere": ("Child seen at school, in a quiet room.", "Met the child at the family centre.", ""),
    "virtual": ("Video call: the child spoke to me and showed me around the home.", "Call with the child.", ""),
    "care_leaver": ("Met the young person in town: pathway plan, money and college discussed.", ""),
    "not_seen": ("Nobody answered. Card left; a further visit is arranged.", "The child was out: parent seen."),
}


@dataclass(frozen=True)
class Span:
    kind: str
    start: date
    end: date | None  # None: still open

    def covers(self, day: date) -> bool:
        return self.start <= day and (self.end is None or self.end >= day)


@dataclass
class ChildPlan:
    child_id: int
    worker_id: int
    born: date | None
    spans: list[Span]

    def governing(self, day: date) -> str | None:
        """The kind whose visits are due on a date: the highest-priority episode open then."""
        open_ = [span.kind for span in self.spans if span.covers(day)]
        return min(open_, key=RANK.__getitem__) if open_ else None


@dataclass
class PlannedVisit:
    child_id: int
    worker_id: int
    on: date
    kind: str
    mode: str = VisitMode.IN_PERSON_HOME


def window_months(children: int) -> int:
    return FULL_WINDOW_MONTHS if children <= FULL_WINDOW_UP_TO else SHORT_WINDOW_MONTHS


def load_children(today: date) -> list[ChildPlan]:
    """Every child with an open visited episode on ``today`` and an allocated worker, in primary-key order, with all
    their visited episodes (closed ones too: a care leaver was looked after until 18)."""
    spans: dict[int, list[Span]] = {}
    open_children: set[int] = set()
    for child_id, kind, start, end in (
        Episode.objects.filter(kind__in=[kind.value for kind in PRIORITY], start_on__lte=today)
        .order_by("child_id", "start_on", "pk")
        .values_list("child_id", "kind", "start_on", "end_on")
        .iterator(chunk_size=20_000)
    ):
        spans.setdefault(child_id, []).append(Span(kind, start, end))
        if end is None or end >= today:
            open_children.add(child_id)
    workers: dict[int, int] = {}
    for child_id, worker_id in (
        Allocation.objects.filter(
            ended_on__isnull=True, role__in=[AllocationRole.SOCIAL_WORKER, AllocationRole.PERSONAL_ADVISER]
        )
        .order_by("started_on", "pk")
        .values_list("child_id", "worker_id")
        .iterator(chunk_size=20_000)
    ):
        workers[child_id] = worker_id  # the latest allocation wins
    born = dict(Child.objects.filter(pk__in=open_children).values_list("pk", "date_of_birth").iterator(20_000))
    return [
        ChildPlan(child_id, workers[child_id], born.get(child_id), spans[child_id])
        for child_id in sorted(open_children)
        if child_id in workers
    ]


def _weekday(rng: random.Random, day: date, earliest: date, latest: date) -> date:
    """Move a weekend visit to a weekday nearby: back to Thursday or Friday, or on from a Sunday to the Monday
    (a day later at most, so the interval still holds), staying within ``earliest`` and ``latest``."""
    if day.weekday() < 5:
        return day
    back = day - timedelta(days=day.weekday() - rng.choice((3, 4)))
    moved = day + timedelta(days=1) if day.weekday() == 6 and rng.random() < 0.4 else back
    return moved if earliest <= moved <= latest else day


def schedule(rng: random.Random, child: ChildPlan, start: date, end: date) -> list[tuple[date, str]]:
    """Visit dates (and the governing kind on each) from ``start`` to ``end``, about as often as the rules ask."""
    visits: list[tuple[date, str]] = []
    starts = sorted({span.start for span in child.spans if start < span.start <= end})

    def first_visit(anchor: date, kind: str, fresh: bool) -> date:
        if fresh:  # the episode began here: first visit within its first-visit time
            return anchor + timedelta(days=rng.randint(1, max(1, FIRST_WITHIN_DAYS[kind] - 2)))
        return anchor + timedelta(days=rng.randint(0, INTERVAL_DAYS[kind] - 1))  # already running: any phase

    kind = child.governing(start)
    fresh = any(span.start == start for span in child.spans)
    if kind is None:
        later = [day for day in starts if child.governing(day)]
        if not later:
            return visits
        start, fresh = later[0], True
        kind = child.governing(start)
    due = first_visit(start, kind or "cin", fresh)
    earliest = start
    while due <= end:
        kind = child.governing(due)
        if kind is None:  # a gap between episodes: pick up at the next one
            later = [day for day in starts if day > due and child.governing(day)]
            if not later:
                break
            earliest = later[0]
            due = first_visit(earliest, child.governing(earliest) or "cin", True)
            continue
        day = _weekday(rng, due, earliest, end)
        if child.governing(day) != kind:
            day = due
        visits.append((day, kind))
        earliest = day + timedelta(days=1)
        due = day + timedelta(days=max(2, round(INTERVAL_DAYS[kind] * rng.uniform(0.55, 0.95))))
        for change in starts:  # a higher-priority episode starting before then: its first visit comes sooner
            if day < change < due:
                new = child.governing(change)
                if new is not None and RANK[new] < RANK[kind]:
                    due = min(due, first_visit(change, new, True))
                    break
    return visits


def plan_visits(
    rng: random.Random,
    children: Iterable[ChildPlan],
    *,
    window_start: date,
    today: date,
    overdue_share: float = OVERDUE_SHARE,
) -> Iterator[PlannedVisit]:
    """Visits for each child from the later of ``window_start`` and their first episode's start, to ``today``; about
    ``overdue_share`` of children stop being visited some time before today, so they are overdue."""
    for child in children:
        first = min(span.start for span in child.spans)
        start = max(first, window_start)
        end = today
        if rng.random() < overdue_share:
            kind = child.governing(today) or "cin"
            end = today - timedelta(days=rng.randint(INTERVAL_DAYS[kind] + 3, INTERVAL_DAYS[kind] * 2))
        for on, kind in schedule(rng, child, start, end):
            yield PlannedVisit(child.child_id, child.worker_id, on, kind)


def pick_mode(rng: random.Random, kind: str, virtual: bool) -> str:
    if virtual:
        modes, weights = zip(*VIRTUAL_MODES, strict=True)
        return rng.choices(modes, weights)[0]
    elsewhere = 0.3 if kind == EpisodeKind.CARE_LEAVER else 0.08
    return VisitMode.IN_PERSON_ELSEWHERE if rng.random() < elsewhere else VisitMode.IN_PERSON_HOME


def _notes_kind(entry: PlannedVisit, was_seen: bool) -> str:
    if not was_seen:
        return "not_seen"
    if entry.mode not in IN_PERSON_MODES:
        return "virtual"
    if entry.kind == EpisodeKind.CARE_LEAVER:
        return "care_leaver"
    return "home" if entry.mode == VisitMode.IN_PERSON_HOME else "elsewhere"


def load_households(child_ids: Iterable[int]) -> dict[int, int]:
    """Each child's current household (child id to household id), for those who have one."""
    ids = set(child_ids)
    return {
        child_id: household_id
        for child_id, household_id in HouseholdMember.objects.filter(child__isnull=False, ended_on__isnull=True)
        .order_by("pk")
        .values_list("child_id", "household_id")
        .iterator(chunk_size=20_000)
        if child_id in ids
    }


def align_household_visits(
    planned: list[PlannedVisit], children: Iterable[ChildPlan], households: dict[int, int], *, days: int = 4
) -> int:
    """Brothers and sisters in one household with one worker are mostly visited together: each sibling's visit
    moves to the day of the household's most-visited child's visit up to ``days`` earlier, when the child's
    involvement that day is the same and the gap to their next visit stays within its interval (so no child
    becomes overdue by it). Returns how many visits moved."""
    plans = {child.child_id: child for child in children}
    by_child: dict[int, list[PlannedVisit]] = defaultdict(list)
    for entry in planned:
        by_child[entry.child_id].append(entry)
    groups: dict[tuple[int, int], list[int]] = defaultdict(list)
    for child_id in sorted(by_child):
        household = households.get(child_id)
        if household is not None:
            groups[(household, by_child[child_id][0].worker_id)].append(child_id)
    moved = 0
    for members in groups.values():
        if len(members) < 2:
            continue
        lead = max(members, key=lambda child_id: (len(by_child[child_id]), -child_id))
        lead_days = sorted({entry.on for entry in by_child[lead]})
        for child_id in members:
            if child_id == lead:
                continue
            entries = sorted(by_child[child_id], key=lambda entry: entry.on)
            for index, entry in enumerate(entries):
                at = bisect_right(lead_days, entry.on) - 1
                if at < 0 or lead_days[at] == entry.on or (entry.on - lead_days[at]).days > days:
                    continue
                day = lead_days[at]
                previous = entries[index - 1].on if index else None
                following = entries[index + 1].on if index + 1 < len(entries) else None
                if previous is not None and day <= previous:
                    continue
                if following is not None and (following - day).days > INTERVAL_DAYS[entry.kind] * 0.97:
                    continue
                if plans[child_id].governing(day) != entry.kind:
                    continue
                entry.on = day
                moved += 1
    return moved


def share_household_modes(planned: list[PlannedVisit], households: dict[int, int]) -> None:
    """Brothers and sisters visited together on a day are visited the same way (the first one's mode)."""
    first: dict[tuple[int, int, date], str] = {}
    for entry in planned:
        household = households.get(entry.child_id)
        if household is None:
            continue
        key = (household, entry.worker_id, entry.on)
        entry.mode = first.setdefault(key, entry.mode)


class VisitWriter:
    """Writes planned visits (with each child's record of being seen) in batches. Brothers and sisters in one
    household visited by one worker on one day in one way are one household visit, each child with the purpose
    of their own involvement. Call inside an audit bypass."""

    def __init__(
        self,
        rng: random.Random,
        born: dict[int, date | None],
        today: date,
        households: dict[int, int] | None = None,
    ) -> None:
        self.rng = rng
        self.born = born
        self.today = today
        self.households = households or {}
        self.zone = timezone.get_current_timezone()
        self.visits = 0
        self.household_visits = 0
        self.checks = 0

    def _at(self, day: date, hour: int, minute: int = 0) -> datetime:
        return datetime.combine(day, time(hour, minute), tzinfo=self.zone)

    def _groups(self, chunk: list[PlannedVisit], apart: tuple[date, date] | None) -> list[list[PlannedVisit]]:
        groups: dict[tuple, list[PlannedVisit]] = {}
        for index, entry in enumerate(chunk):
            household = self.households.get(entry.child_id)
            together = household is not None and not (apart and apart[0] <= entry.on <= apart[1])
            key = (household, entry.worker_id, entry.on, entry.mode) if together else (index,)
            group = groups.setdefault(key, [])
            if all(other.child_id != entry.child_id for other in group):
                group.append(entry)
            else:
                groups[(index,)] = [entry]
        return list(groups.values())

    def write(
        self, planned: list[PlannedVisit], *, checks_from: date | None = None, apart: tuple[date, date] | None = None
    ) -> None:
        """``checks_from``: in-person visits on or after this date get a pre-visit check (an operating model that
        requires one, like the COVID-19 preset), one for the household on a household visit. ``apart``: visits
        between these dates stay one child each (a week arranged visit by visit)."""
        rng = self.rng
        for start in range(0, len(planned), BATCH):
            groups = self._groups(planned[start : start + BATCH], apart)
            checks: dict[int, PreVisitCheck] = {}
            if checks_from is not None:
                for index, group in enumerate(groups):
                    entry = group[0]
                    if entry.mode in IN_PERSON_MODES and entry.on >= checks_from:
                        ppe = rng.random() < 0.15
                        checks[index] = PreVisitCheck(
                            checked_at=self._at(entry.on, 8, rng.choice((30, 45))),
                            asked_who=rng.choice(("Parent", "Carer", "Foster carer", "The young person")),
                            asked_how=rng.choice(("phone", "phone", "message")),
                            anyone_symptomatic=False,
                            anyone_isolating=False,
                            anyone_tested_positive=False,
                            anyone_clinically_vulnerable=ppe,
                            can_meet_outdoors=rng.random() < 0.4,
                            outcome="go_ahead_with_ppe" if ppe else "go_ahead",
                            ppe_needed=["mask", "gloves", "sanitiser"] if ppe else [],
                            recorded_by_id=entry.worker_id,
                            household_id=self.households.get(entry.child_id) if len(group) > 1 else None,
                        )
                PreVisitCheck.objects.bulk_create(list(checks.values()))
                through = PreVisitCheck.children.through
                through.objects.bulk_create(
                    [
                        through(previsitcheck_id=check.pk, child_id=entry.child_id)
                        for index, check in checks.items()
                        for entry in groups[index]
                    ]
                )
            visits = []
            seen_flags = [[rng.random() < 0.97 for _ in group] for group in groups]
            for index, group in enumerate(groups):
                entry = group[0]
                check = checks.get(index)
                purposes = {PURPOSE[member.kind] for member in group}
                recorded_on = min(entry.on + timedelta(days=rng.choice((0, 0, 0, 1, 1, 2))), self.today)
                visits.append(
                    Visit(
                        visited_on=entry.on,
                        visited_at_time=time(rng.randint(9, 17), rng.choice((0, 15, 30, 45))),
                        worker_id=entry.worker_id,
                        mode=entry.mode,
                        purpose=purposes.pop() if len(purposes) == 1 else "",
                        pre_visit_check=check,
                        ppe_used=list(check.ppe_needed) if check is not None else [],
                        notes=rng.choice(NOTES[_notes_kind(entry, seen_flags[index][0])]),
                        recorded_by_id=entry.worker_id,
                        recorded_at=self._at(recorded_on, 18, rng.choice((0, 15, 30))),
                    )
                )
            Visit.objects.bulk_create(visits)
            seen = []
            for visit, group, flags in zip(visits, groups, seen_flags, strict=True):
                for entry, was_seen in zip(group, flags, strict=True):
                    born = self.born.get(entry.child_id)
                    over_five = born is not None and (entry.on - born).days > 5 * 365
                    seen.append(
                        ChildSeen(
                            visit_id=visit.pk,
                            child_id=entry.child_id,
                            purpose=PURPOSE[entry.kind],
                            was_seen=was_seen,
                            seen_alone=was_seen and over_five and rng.random() < 0.7,
                            bedroom_seen=(rng.random() < 0.85)
                            if was_seen and entry.mode == VisitMode.IN_PERSON_HOME and entry.kind != "care_leaver"
                            else None,
                        )
                    )
            ChildSeen.objects.bulk_create(seen)
            self.visits += len(visits)
            self.household_visits += sum(1 for group in groups if len(group) > 1)
            self.checks += len(checks)


def add_demo_visits(seed: int, today: date, *, months: int | None = None) -> str:
    """The demo step: visits over the last 18 months (3 months above 10,000 children), ending ``today``."""
    rng = random.Random(seed * 7727)
    children = load_children(today)
    if not children:
        return "no visits"
    months = months or window_months(Child.objects.count())
    window_start = today - relativedelta(months=months)
    planned = list(plan_visits(rng, children, window_start=window_start, today=today))
    households = load_households(child.child_id for child in children)
    align_household_visits(planned, children, households)
    for entry in planned:
        entry.mode = pick_mode(rng, entry.kind, rng.random() < VIRTUAL_SHARE)
    planned.sort(key=lambda entry: (entry.on, entry.worker_id, entry.child_id))
    share_household_modes(planned, households)
    writer = VisitWriter(rng, {child.child_id: child.born for child in children}, today, households)
    with audit_bypass("loading fictional demo data"), transaction.atomic():
        writer.write(planned)
    together = f"{writer.household_visits:,} to brothers and sisters together"
    return f"{writer.visits:,} visits ({together}) over {months} months"
