"""Fictional meetings for the demo council, consistent with each child's episodes:

- a child on a child protection plan had a strategy discussion (deciding on a section 47 enquiry, completed with
  "conference needed") and the initial conference that started the plan on the plan's start date; then the first
  core group (mostly within 10 working days), a core group every six weeks or so, and review conferences at
  3 months then every 6 months (the next one arranged when due within eight weeks);
- a looked-after child had reviews at 20 working days, 3 months, then every 6 months from the previous review as
  held, chaired by their independent reviewing officer: mostly on time, about one in ten a few working days late,
  with recommendations;
- about a third of other children in need had a child in need review in the last three months.

From 23 March 2020, when the demo's today is in 2020 (the COVID-19 scenario), meetings are mostly virtual or split
into separate calls (seeds 002, 004). Deterministic by seed; written in bulk inside an ``audit_bypass`` (loading demo
data is not casework).
"""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import date, datetime, time, timedelta
from typing import Any

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from caseboard.accounts.models import User
from caseboard.casework.models import Allocation, AllocationRole, Episode, EpisodeKind
from caseboard.clock.calendar import add_working_days, next_working_day_on_or_after
from caseboard.core.audit import audit_bypass
from caseboard.people.models import Child
from caseboard.policy.selectors import council_timeline
from caseboard.visits.demo import FULL_WINDOW_UP_TO

from . import timescales
from .models import Invitee, Meeting, MeetingAction, MeetingKind, MeetingStatus, Section47Enquiry

BATCH = 5000
COVID_FROM = date(2020, 3, 23)
ARRANGE_AHEAD = timedelta(weeks=8)
FORMATS_USUAL = (("in_person", 55), ("virtual", 25), ("hybrid", 15), ("split_calls", 5))
FORMATS_COVID = (("virtual", 60), ("split_calls", 25), ("hybrid", 5), ("in_person", 10))
HOW_FOR_FORMAT = {
    "in_person": ("in_person",),
    "virtual": ("video", "video", "telephone"),
    "hybrid": ("in_person", "video", "telephone"),
    "split_calls": ("telephone", "telephone", "video"),
}
AGENCIES = (
    ("Designated safeguarding lead", "School"),
    ("Health visitor", "Health"),
    ("School nurse", "Health"),
    ("Police officer", "Police"),
    ("Family support worker", "Early Help"),
)
MINUTES = {
    "strategy_discussion": "Police, health and children's social care shared information. Threshold for section 47 "
    "enquiries met; joint visit agreed.",
    "initial_conference": "Reports from the social worker, school and health considered. Parents contributed. "
    "Decision: child protection plan.",
    "review_conference": "Progress against the plan reviewed with the family and the core group.",
    "core_group": "Plan reviewed; actions updated. Parents engaging.",
    "lac_review": "The child's views were shared with the IRO beforehand. Placement stable; care plan reviewed.",
    "cin_review": "CIN plan reviewed with the family and professionals.",
}
RECOMMENDATIONS = (
    ("Arrange the review health assessment", "Social worker"),
    ("Update the personal education plan for the new term", "Designated teacher"),
    ("Set up monthly family time by video with the child's brother", "Social worker"),
    ("Life story work to start before the next review", "Family support worker"),
)


class _Writer:
    """Collects meetings and their rows, written in batches with their ids resolved."""

    def __init__(self, rng: random.Random, today: date, names: dict[int, str], *, lean: bool = False) -> None:
        self.rng = rng
        self.today = today
        self.names = names
        self.zone = timezone.get_current_timezone()
        self.pending: list[tuple[Meeting, list[int], list[Invitee], list[MeetingAction], list[Section47Enquiry]]] = []
        self.meetings = 0
        self.covid_year = today.year == 2020
        # Who arranged a meeting for a child with no allocated worker or chair on record: the first member of staff.
        self.fallback = min(names) if names else None
        # Above 10,000 children the family's invitation is left out (a third fewer rows at national scale).
        self.lean = lean

    def format_on(self, day: date) -> str:
        options = FORMATS_COVID if self.covid_year and day >= COVID_FROM else FORMATS_USUAL
        values, weights = zip(*options, strict=True)
        return self.rng.choices(values, weights)[0]

    def add(
        self,
        kind: str,
        child_id: int,
        on: date,
        *,
        chair: int | None,
        worker: int | None,
        due_on: date | None = None,
        outcome: str = "",
        category: str = "",
        held: bool | None = None,
        s47: bool = False,
        exact: bool = False,
    ) -> None:
        rng = self.rng
        on = on if exact else next_working_day_on_or_after(on)
        held = on <= self.today if held is None else held
        fmt = self.format_on(on)
        meeting = Meeting(
            kind=kind,
            scheduled_for=datetime.combine(on, time(rng.choice((9, 10, 11, 14))), tzinfo=self.zone),
            status=MeetingStatus.HELD if held else MeetingStatus.SCHEDULED,
            format=fmt,
            chair_id=chair,
            due_on=due_on,
            held_on=on if held else None,
            minutes=MINUTES.get(kind, "") if held and rng.random() < 0.93 else "",
            outcome=outcome if held else "",
            category_of_abuse=category if held else "",
            joining_details="Conference call: 01632 960 000, PIN 4417" if fmt != "in_person" else "",
            joining_details_shared_on=on - timedelta(days=rng.randint(2, 7)) if fmt != "in_person" else None,
            scheduled_by_id=worker or chair or self.fallback,
            scheduled_at=datetime.combine(on - timedelta(days=rng.randint(5, 15)), time(9), tzinfo=self.zone),
            held_recorded_by_id=(chair or worker) if held else None,
        )
        hows = HOW_FOR_FORMAT[fmt]
        invitees = []
        staff = [(chair, "Chair")] + ([(worker, "Allocated social worker")] if worker != chair else [])
        for user_id, role in staff:
            if user_id is not None:
                invitees.append(
                    Invitee(
                        name=self.names.get(user_id, "Staff member"),
                        role=role,
                        user_id=user_id,
                        attended=True if held else None,
                        took_part=rng.choice(hows) if held else "",
                    )
                )
        agency, where = rng.choice(AGENCIES)
        written = held and rng.random() < 0.12
        invitees.append(
            Invitee(
                name=f"{agency} ({where})",
                role=where,
                attended=True if held else None,
                took_part=("written" if written else rng.choice(hows)) if held else "",
            )
        )
        if kind != "strategy_discussion" and not self.lean:
            family = held and rng.random() < 0.85
            invitees.append(
                Invitee(
                    name="Parent or carer",
                    role="Family",
                    attended=family if held else None,
                    took_part=rng.choice(hows) if family else "",
                )
            )
        actions = []
        if held and kind == MeetingKind.LAC_REVIEW:
            for text, owner in rng.sample(RECOMMENDATIONS, rng.randint(1, 2)):
                actions.append(
                    MeetingAction(
                        text=text,
                        owner_name=owner,
                        due_on=on + timedelta(days=rng.choice((28, 42, 56))),
                        done_on=on + timedelta(days=rng.randint(10, 40)) if rng.random() < 0.6 else None,
                        recorded_by_id=chair or worker or self.fallback,
                        recorded_at=meeting.scheduled_for,
                    )
                )
        enquiries = []
        if s47 and held:
            completed = on + timedelta(days=rng.randint(5, 12))
            enquiries.append(
                Section47Enquiry(
                    child_id=child_id,
                    started_on=on,
                    outcome="icpc_needed" if completed <= self.today else "",
                    completed_on=completed if completed <= self.today else None,
                    completed_by_id=worker if completed <= self.today else None,
                )
            )
        self.pending.append((meeting, [child_id], invitees, actions, enquiries))
        if len(self.pending) >= BATCH:
            self.flush()

    def flush(self) -> None:
        if not self.pending:
            return
        Meeting.objects.bulk_create([entry[0] for entry in self.pending])
        through = Meeting.children.through
        links, invitees, actions, enquiries = [], [], [], []
        for meeting, child_ids, own_invitees, own_actions, own_enquiries in self.pending:
            links += [through(meeting_id=meeting.pk, child_id=child_id) for child_id in child_ids]
            for row in own_invitees:
                row.meeting_id = meeting.pk
            for row in own_actions:
                row.meeting_id = meeting.pk
            for row in own_enquiries:
                row.strategy_discussion_id = meeting.pk
            invitees += own_invitees
            actions += own_actions
            enquiries += own_enquiries
        through.objects.bulk_create(links, batch_size=BATCH)
        Invitee.objects.bulk_create(invitees, batch_size=BATCH)
        MeetingAction.objects.bulk_create(actions, batch_size=BATCH)
        Section47Enquiry.objects.bulk_create(enquiries, batch_size=BATCH)
        self.meetings += len(self.pending)
        self.pending = []


def _late_or_on_time(rng: random.Random, due: date, *, late_share: float = 0.1) -> date:
    """A date on or a little before the due date, or for about one in ten a few working days after it."""
    if rng.random() < late_share:
        return add_working_days(due, rng.randint(1, 6))
    return due - timedelta(days=rng.randint(0, 6))


def _open_episodes(today: date) -> dict[str, list[Any]]:
    found: dict[str, list[Any]] = defaultdict(list)
    for row in (
        Episode.objects.filter(
            kind__in=[EpisodeKind.CHILD_PROTECTION, EpisodeKind.LOOKED_AFTER, EpisodeKind.CHILD_IN_NEED]
        )
        .filter(start_on__lte=today)
        .filter(Q(end_on__isnull=True) | Q(end_on__gte=today))
        .order_by("child_id", "start_on")
        .values_list("kind", "child_id", "start_on", "initial_category_of_abuse")
        .iterator(chunk_size=20_000)
    ):
        found[row[0]].append(row[1:])
    return found


def add_demo_meetings(seed: int, today: date) -> str:
    rng = random.Random(seed * 6151)
    timeline = council_timeline()
    names = {
        pk: f"{first} {last}".strip() for pk, first, last in User.objects.values_list("pk", "first_name", "last_name")
    }
    workers: dict[tuple[int, str], int] = {}
    for child_id, role, worker_id in (
        Allocation.objects.filter(ended_on__isnull=True, role__in=[AllocationRole.SOCIAL_WORKER, AllocationRole.IRO])
        .order_by("started_on", "pk")
        .values_list("child_id", "role", "worker_id")
        .iterator(chunk_size=20_000)
    ):
        workers[(child_id, role)] = worker_id
    episodes = _open_episodes(today)
    # Core groups after the first (local practice, no statutory timescale) over a window like the visits': 18 months,
    # or 3 months above 10,000 children, which keeps a national-scale build fast.
    children = Child.objects.count()
    core_groups_from = today - relativedelta(months=18 if children <= FULL_WINDOW_UP_TO else 3)
    writer = _Writer(rng, today, names, lean=children > FULL_WINDOW_UP_TO)
    horizon = today + ARRANGE_AHEAD
    with audit_bypass("loading fictional demo data"), transaction.atomic():
        cp_children = set()
        for child_id, plan_start, category in episodes[EpisodeKind.CHILD_PROTECTION]:
            cp_children.add(child_id)
            worker = workers.get((child_id, AllocationRole.SOCIAL_WORKER))
            iro = workers.get((child_id, AllocationRole.IRO))
            discussion = plan_start - timedelta(days=rng.randint(12, 20))
            while discussion.weekday() >= 5:
                discussion -= timedelta(days=1)
            # As the discussion is written (a bank holiday moves it to the next working day), so its conference's due
            # date is counted from the day it was held.
            discussion = next_working_day_on_or_after(discussion)
            writer.add(
                "strategy_discussion",
                child_id,
                discussion,
                chair=worker,
                worker=worker,
                outcome="s47_enquiry",
                held=True,
                s47=True,
            )
            writer.add(
                "initial_conference",
                child_id,
                plan_start,
                chair=iro,
                worker=worker,
                due_on=timescales.initial_conference_due(timeline, discussion_on=discussion),
                outcome="cp_plan",
                category=category or "NEG",
                held=True,
                exact=True,  # the conference made the plan: same date, whatever the day
            )
            first_due = timescales.first_core_group_due(timeline, conference_on=plan_start)
            first = _late_or_on_time(rng, first_due)
            if first <= horizon:
                writer.add("core_group", child_id, first, chair=worker, worker=worker, due_on=first_due)
            core_group = max(first + timedelta(weeks=6), core_groups_from)
            while core_group <= horizon:
                writer.add("core_group", child_id, core_group, chair=worker, worker=worker)
                core_group += timedelta(days=rng.randint(35, 49))
            reviews: list[date] = []
            while True:
                review_due = timescales.review_conference_due(timeline, conference_on=plan_start, reviews=reviews)
                on = next_working_day_on_or_after(_late_or_on_time(rng, review_due, late_share=0.08))
                if on > horizon:
                    break
                writer.add(
                    "review_conference",
                    child_id,
                    on,
                    chair=iro,
                    worker=worker,
                    due_on=review_due,
                    outcome="plan_continues",
                )
                if on > today:
                    break
                reviews.append(on)
        lac_children = set()
        for child_id, care_start, _category in episodes[EpisodeKind.LOOKED_AFTER]:
            lac_children.add(child_id)
            worker = workers.get((child_id, AllocationRole.SOCIAL_WORKER))
            iro = workers.get((child_id, AllocationRole.IRO))
            held: list[date] = []
            while True:
                review_due = timescales.next_lac_review_due(timeline, looked_after_from=care_start, reviews=held)
                if review_due is None:
                    break
                on = next_working_day_on_or_after(_late_or_on_time(rng, review_due))
                if on > horizon:
                    break
                writer.add("lac_review", child_id, on, chair=iro, worker=worker, due_on=review_due)
                if on > today:
                    break
                held.append(on)
        for child_id, start, _category in episodes[EpisodeKind.CHILD_IN_NEED]:
            if child_id in cp_children or child_id in lac_children or rng.random() > 0.33:
                continue
            worker = workers.get((child_id, AllocationRole.SOCIAL_WORKER))
            if worker is None:
                continue
            on = max(start + timedelta(days=30), today - timedelta(days=rng.randint(1, 90)))
            if on <= today:
                writer.add("cin_review", child_id, on, chair=worker, worker=worker)
            if rng.random() < 0.4:
                writer.add(
                    "cin_review", child_id, today + timedelta(days=rng.randint(3, 50)), chair=worker, worker=worker
                )
        writer.flush()
    return f"{writer.meetings:,} meetings"
