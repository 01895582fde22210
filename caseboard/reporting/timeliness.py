"""Timeliness: how much of the statutory work done in a period was done on time (DOMAIN.md sections 4 and 8.3).

What is counted, measure by measure. Each figure is "on time n of m" over the work *done* in the period (the
unit in brackets); the exceptions are the late ones plus the work still outstanding whose due date fell in the
period and has passed (still overdue), which is not in the figure until it is done.

Assessments (child and family assessments completed in the period)
    Day 0 is the referral's date; due ``add_working_days(referral, N)`` with N the ``assessment_working_days`` of
    the operating-model version in force on the referral date (45, Working Together), moved on by the working days
    of every pause agreed by key decision (``AssessmentPause``), counted as the statutory clock counts them
    (``compliance.rules.assessment_pause_days``: inclusive, after the referral, up to the completion, or today while
    it runs; overlapping pauses count each day once). On time iff completed on or before the
    due date, i.e. ``working_days_between(referral, completed) <= N + paused``. Still overdue: open assessments
    whose due date (with pauses) is in the period and before today. DfE duration bands (same day, 1-10, ...,
    41-45, 46-50, over 50) count working days from the referral, and also from the assessment's start date
    (DfE's start date is uncertain, DOMAIN.md section 4: both are offered); bands ignore pauses.

Initial conferences (each child's initial child protection conference held in the period)
    Day 0 is the strategy discussion the conference follows (``Meeting.strategy_discussion``), or else the last
    strategy discussion held for that child on or before the conference; due within the version's
    ``initial_conference_working_days`` (15) of it. A conference with no strategy discussion recorded is measured
    against its ``due_on`` if it has one and is otherwise left out. Still overdue: the statutory clock's
    outstanding "initial conference" items due in the period.

Statutory visits (each child seen at a visit held in the period, by kind)
    A visit is counted when the child was seen and it counts towards the statutory clock under the version in force
    on its date (``compliance.rules.visit_counts``: in person only, virtual with a key decision, or virtual). Its due
    date is what the statutory clock itself (``compliance.rules.compute_due_items``) gave on the visit's date from the
    child's episodes, looked-after reviews and the visits before that day: the interval of the version in force
    after the previous qualifying visit, or the first-visit timescale after the episode or placement start. So the
    reg 28 schedule is the engine's, with no approximation of our own: first visit within 1 week of the placement,
    6 weeks in the placement's first year, then 3 months (placement to 18) or 6 weeks, and the reg 28(3), (4) and
    (5) variants as the engine models them (short breaks and reg 28(3A) are not modelled there either). On time iff
    the visit is on or before that due date (the due date itself is in time). A visit belongs to one kind, the
    first clock running for the child that day in the order looked after, child protection, child in need,
    private fostering, care leaver (personal adviser contact), Early Help (the LAC > CP > CIN convention,
    DOMAIN.md section 2). A visit when no visiting clock runs (no open episode that needs visits) is not counted.
    Several visits on one day each meet the same due date. Still overdue: the clock's outstanding visit items due
    in the period.

Looked-after reviews (each child's review held in the period)
    Due dates follow CPPCR reg 33 (``meetings.timescales.lac_review_schedule``): the first within 20 working days of
    the start of the care period (consecutive looked-after episodes), the second within 3 months of the first,
    later ones within 6 months of the one before, each from the review as actually held and under the version in
    force on its day 0. A postponement does not move a due date. Still overdue: the clock's outstanding
    looked-after review items due in the period.

Key decision reviews (each review of a key decision recorded in the period)
    A ``DecisionEvent`` "reviewed: continue / change / end" is on time iff its date (Europe/London) is on or before
    the ``next_review_on`` set by the event before it (the approval or the previous review). Still overdue: approved
    decisions whose next review was due in the period and before today.

Figures are for the whole council (counts, no child named); ``user`` narrows them to the records whose children the
user may see (``children_visible_to``), and every list of records is narrowed so.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from typing import Any

from django.db.models import Q
from django.utils import timezone

from caseboard.accounts.models import User
from caseboard.casework.models import Episode
from caseboard.compliance.calendar import add_working_days, working_days_between
from caseboard.compliance.facts import EPISODE_COLUMNS, _episode_fact
from caseboard.compliance.model import (
    ChildFacts,
    DueKind,
    DueStatus,
    MeetingFact,
    OperatingRules,
)
from caseboard.compliance.model import MeetingKind as FactMeetingKind
from caseboard.compliance.models import DueItem
from caseboard.compliance.rules import assessment_pause_days, compute_due_items, rules_in_force, visit_counts
from caseboard.decisions.models import DecisionAction, DecisionEvent, DecisionStatus, KeyDecision
from caseboard.meetings.models import Meeting, MeetingKind, MeetingStatus
from caseboard.meetings.timescales import lac_review_schedule
from caseboard.people.models import Child
from caseboard.people.selectors import children_visible_to
from caseboard.policy.selectors import council_timeline

__all__ = [
    "BANDS",
    "Measure",
    "Row",
    "TimelinessRecord",
    "bands",
    "percentage",
    "records",
    "summary",
    "trend",
    "visible_records",
    "week_starts",
]

_ONE_DAY = timedelta(days=1)


class Measure(StrEnum):
    ASSESSMENTS = "assessments"
    INITIAL_CONFERENCES = "initial_conferences"
    VISITS = "visits"
    LAC_REVIEWS = "lac_reviews"
    DECISION_REVIEWS = "decision_reviews"


MEASURE_LABELS = {
    Measure.ASSESSMENTS: "Assessments completed within 45 working days of the referral",
    Measure.INITIAL_CONFERENCES: "Initial conferences within 15 working days of the strategy discussion",
    Measure.VISITS: "Statutory visits within timescale",
    Measure.LAC_REVIEWS: "Looked-after reviews held on time",
    Measure.DECISION_REVIEWS: "Key decision reviews on time",
}
MEASURE_SHORT = {
    Measure.ASSESSMENTS: "Assessments",
    Measure.INITIAL_CONFERENCES: "Initial conferences",
    Measure.VISITS: "Statutory visits",
    Measure.LAC_REVIEWS: "Looked-after reviews",
    Measure.DECISION_REVIEWS: "Key decision reviews",
}
MEASURE_UNITS = {
    Measure.ASSESSMENTS: "assessments completed",
    Measure.INITIAL_CONFERENCES: "children's initial conferences held",
    Measure.VISITS: "visits at which the child was seen",
    Measure.LAC_REVIEWS: "children's looked-after reviews held",
    Measure.DECISION_REVIEWS: "key decision reviews",
}

# Visit kinds in the order a visit is assigned to one of them (DOMAIN.md section 2: LAC > CP > CIN).
VISIT_KINDS = (
    DueKind.LAC_VISIT,
    DueKind.CP_VISIT,
    DueKind.CIN_VISIT,
    DueKind.PRIVATE_FOSTERING_VISIT,
    DueKind.CARE_LEAVER_CONTACT,
    DueKind.EARLY_HELP_VISIT,
)
VISIT_KIND_LABELS = {
    DueKind.LAC_VISIT: "Looked after (CPPCR reg 28)",
    DueKind.CP_VISIT: "Child protection",
    DueKind.CIN_VISIT: "Child in need",
    DueKind.PRIVATE_FOSTERING_VISIT: "Private fostering",
    DueKind.CARE_LEAVER_CONTACT: "Care leaver (personal adviser contact)",
    DueKind.EARLY_HELP_VISIT: "Early Help",
}
# The statutory clock's items that are the "still overdue" work of each measure (assessments are computed here,
# because pauses move their due date).
OVERDUE_KINDS = {
    Measure.INITIAL_CONFERENCES: (DueKind.INITIAL_CONFERENCE,),
    Measure.VISITS: VISIT_KINDS,
    Measure.LAC_REVIEWS: (DueKind.LAC_REVIEW,),
}
REVIEW_ACTIONS = (DecisionAction.REVIEWED_CONTINUE, DecisionAction.REVIEWED_CHANGE, DecisionAction.REVIEWED_END)

# DfE duration bands for assessments, in working days (DOMAIN.md section 4): (label, lowest, highest).
BANDS: tuple[tuple[str, int, int | None], ...] = (
    ("Same day", 0, 0),
    ("1 to 10", 1, 10),
    ("11 to 20", 11, 20),
    ("21 to 30", 21, 30),
    ("31 to 40", 31, 40),
    ("41 to 45", 41, 45),
    ("46 to 50", 46, 50),
    ("Over 50", 51, None),
)

_HUNDRED = Decimal(100)
_CENT = Decimal("0.01")


def percentage(part: int, whole: int) -> Decimal | None:
    """part / whole x 100, rounded half up to 2 decimal places (DOMAIN.md section 8.1); None when whole is 0."""
    if not whole:
        return None
    return (Decimal(part) * _HUNDRED / Decimal(whole)).quantize(_CENT, rounding=ROUND_HALF_UP)


def week_start(day: date) -> date:
    """The Monday of ``day``'s reporting week (Monday 00:00 to Sunday 23:59, Europe/London)."""
    return day - timedelta(days=day.weekday())


def week_starts(end: date, weeks: int) -> list[date]:
    """The Mondays of the ``weeks`` reporting weeks ending with the week that contains ``end``, oldest first."""
    last = week_start(end)
    return [last - timedelta(weeks=weeks - 1 - n) for n in range(weeks)]


@dataclass(frozen=True)
class TimelinessRecord:
    """One piece of work measured: when its clock started, when it was due and when it was done (None while still
    outstanding). ``kind`` is the visit kind for visits."""

    measure: Measure
    object_id: int
    child_ids: tuple[int, ...]
    day0: date
    due_on: date
    done_on: date | None
    basis: str
    kind: str = ""
    extra: dict[str, Any] = field(default_factory=dict, compare=False)

    @property
    def on_time(self) -> bool | None:
        return None if self.done_on is None else self.done_on <= self.due_on

    @property
    def status(self) -> str:
        """'on_time', 'late', or 'overdue' (not done, due date passed)."""
        if self.done_on is None:
            return "overdue"
        return "on_time" if self.done_on <= self.due_on else "late"

    @property
    def working_days_late(self) -> int:
        end = self.done_on or timezone.localdate()
        return working_days_between(self.due_on, end)


@dataclass(frozen=True)
class Row:
    """One figure: ``on_time`` of ``total`` (the work done in the period), as a percentage rounded half up."""

    measure: str
    label: str
    on_time: int
    total: int
    pct: Decimal | None
    late: int = 0
    overdue: int = 0


# --- the records ------------------------------------------------------------------------------------------------


def _timeline() -> list[OperatingRules]:
    return council_timeline()


def _assessment_records(start: date, end: date, today: date, timeline: list[OperatingRules]) -> list[TimelinessRecord]:
    from caseboard.frontdoor.models import Assessment, AssessmentPause

    rows = list(
        Assessment.objects.filter(
            Q(completed_on__range=(start, end)) | Q(completed_on__isnull=True, referral__received_on__lte=end)
        ).values_list("pk", "child_id", "referral__received_on", "started_on", "completed_on")
    )
    pauses: dict[int, list[tuple[date, date | None]]] = defaultdict(list)
    # The same pauses as the statutory clock's facts (frontdoor.facts): an open pause whose key decision ended or
    # expired runs until the decision's end.
    for assessment_id, starts_on, ends_on, decision_ends_on, status in AssessmentPause.objects.filter(
        assessment_id__in=[row[0] for row in rows]
    ).values_list("assessment_id", "starts_on", "ends_on", "decision__ends_on", "decision__status"):
        if ends_on is None and status in (DecisionStatus.ENDED, DecisionStatus.EXPIRED) and decision_ends_on:
            ends_on = max(starts_on, decision_ends_on)
        pauses[assessment_id].append((starts_on, ends_on))
    found = []
    for pk, child_id, referral_on, started_on, completed_on in rows:
        interval = rules_in_force(timeline, referral_on).timescales.assessment if timeline else None
        base_due = interval.after(referral_on) if interval else add_working_days(referral_on, 45)
        paused, _words = assessment_pause_days(pauses.get(pk, ()), referral_on, completed_on, today)
        due_on = add_working_days(base_due, paused) if paused else base_due
        if completed_on is None and not (start <= due_on <= end and due_on < today):
            continue
        basis = f"Within {interval or '45 working days'} of the referral on {referral_on:%-d %B %Y}"
        if paused:
            basis += f", plus {paused} working day{'s' if paused != 1 else ''} paused by key decision"
        found.append(
            TimelinessRecord(
                Measure.ASSESSMENTS,
                pk,
                (child_id,),
                referral_on,
                due_on,
                completed_on,
                basis,
                extra={"started_on": started_on, "paused_working_days": paused},
            )
        )
    return found


def _held(kind: str, start: date, end: date) -> list[tuple[int, int, date, date | None, date | None]]:
    """(child id, meeting id, held on, strategy discussion held on, due on) for each child at each held meeting."""
    return list(
        Meeting.children.through.objects.filter(
            meeting__kind=kind, meeting__status=MeetingStatus.HELD, meeting__held_on__range=(start, end)
        )
        .order_by("meeting__held_on", "meeting_id", "child_id")
        .values_list(
            "child_id", "meeting_id", "meeting__held_on", "meeting__strategy_discussion__held_on", "meeting__due_on"
        )
    )


def _conference_records(start: date, end: date, timeline: list[OperatingRules]) -> list[TimelinessRecord]:
    rows = _held(MeetingKind.INITIAL_CONFERENCE, start, end)
    discussions: dict[int, list[date]] = defaultdict(list)
    for child_id, held_on in (
        Meeting.children.through.objects.filter(
            child_id__in={row[0] for row in rows},
            meeting__kind=MeetingKind.STRATEGY_DISCUSSION,
            meeting__status=MeetingStatus.HELD,
            meeting__held_on__lte=end,
        )
        .order_by("meeting__held_on")
        .values_list("child_id", "meeting__held_on")
    ):
        discussions[child_id].append(held_on)
    found = []
    for child_id, meeting_id, held_on, linked_on, due_on in rows:
        day0 = linked_on
        if day0 is None:
            held = discussions.get(child_id, [])
            index = bisect_right(held, held_on)
            day0 = held[index - 1] if index else None
        if day0 is not None:
            interval = rules_in_force(timeline, day0).timescales.initial_conference if timeline else None
            due_on = interval.after(day0) if interval else add_working_days(day0, 15)
            basis = f"Within {interval or '15 working days'} of the strategy discussion on {day0:%-d %B %Y}"
        elif due_on is not None:
            basis = f"Due by {due_on:%-d %B %Y} (no strategy discussion recorded)"
            day0 = due_on
        else:
            continue
        found.append(
            TimelinessRecord(Measure.INITIAL_CONFERENCES, meeting_id, (child_id,), day0, due_on, held_on, basis)
        )
    return found


def _care_start(episodes: list[tuple[date, date | None]], on: date) -> date | None:
    """The start of the care period (consecutive looked-after episodes) open on ``on``, or the last one before."""
    periods: list[list[date | None]] = []
    for start_on, end_on in sorted(episodes):
        if periods and periods[-1][1] is not None and start_on <= periods[-1][1] + _ONE_DAY:
            periods[-1][1] = end_on if end_on is None else max(end_on, periods[-1][1])
        elif periods and periods[-1][1] is None:
            continue
        else:
            periods.append([start_on, end_on])
    chosen = None
    for start_on, _end_on in periods:
        if start_on <= on:
            chosen = start_on
    return chosen


def _lac_review_records(start: date, end: date, timeline: list[OperatingRules]) -> list[TimelinessRecord]:
    rows = _held(MeetingKind.LAC_REVIEW, start, end)
    child_ids = {row[0] for row in rows}
    reviews: dict[int, list[date]] = defaultdict(list)
    for child_id, held_on in Meeting.children.through.objects.filter(
        child_id__in=child_ids,
        meeting__kind=MeetingKind.LAC_REVIEW,
        meeting__status=MeetingStatus.HELD,
        meeting__held_on__lte=end,
    ).values_list("child_id", "meeting__held_on"):
        reviews[child_id].append(held_on)
    episodes: dict[int, list[tuple[date, date | None]]] = defaultdict(list)
    for child_id, start_on, end_on in Episode.objects.filter(child_id__in=child_ids, kind="lac").values_list(
        "child_id", "start_on", "end_on"
    ):
        episodes[child_id].append((start_on, end_on))
    found = []
    for child_id, meeting_id, held_on, _linked, stored_due in rows:
        care_start = _care_start(episodes.get(child_id, []), held_on)
        due_on, basis, day0 = stored_due, "", care_start
        if care_start is not None:
            schedule = lac_review_schedule(
                timeline, looked_after_from=care_start, reviews=[d for d in reviews[child_id] if d >= care_start]
            )
            row = next((r for r in schedule if r.held_on == held_on), None)
            if row is not None and row.due_on is not None:
                due_on, basis = row.due_on, row.basis
        if due_on is None:
            continue
        if not basis:
            basis = f"Due by {due_on:%-d %B %Y}"
        found.append(
            TimelinessRecord(Measure.LAC_REVIEWS, meeting_id, (child_id,), day0 or due_on, due_on, held_on, basis)
        )
    return found


def _local_bounds(start: date, end: date) -> tuple[datetime, datetime]:
    zone = timezone.get_current_timezone()
    return (
        timezone.make_aware(datetime.combine(start, time.min), zone),
        timezone.make_aware(datetime.combine(end + _ONE_DAY, time.min), zone),
    )


def _decision_review_records(start: date, end: date, today: date) -> list[TimelinessRecord]:
    since, until = _local_bounds(start, end)
    reviews = list(
        DecisionEvent.objects.filter(action__in=REVIEW_ACTIONS, at__gte=since, at__lt=until).values_list(
            "pk", "decision_id", "at"
        )
    )
    decision_ids = {row[1] for row in reviews}
    schedule: dict[int, list[tuple[datetime, int, date]]] = defaultdict(list)
    for pk, decision_id, at, next_review_on in (
        DecisionEvent.objects.filter(decision_id__in=decision_ids, next_review_on__isnull=False, at__lt=until)
        .order_by("at", "pk")
        .values_list("pk", "decision_id", "at", "next_review_on")
    ):
        schedule[decision_id].append((at, pk, next_review_on))
    overdue = list(
        KeyDecision.objects.filter(
            status=DecisionStatus.APPROVED, next_review_on__range=(start, end), next_review_on__lt=today
        ).values_list("pk", "next_review_on")
    )
    children: dict[int, list[int]] = defaultdict(list)
    for decision_id, child_id in KeyDecision.children.through.objects.filter(
        keydecision_id__in=decision_ids | {row[0] for row in overdue}
    ).values_list("keydecision_id", "child_id"):
        children[decision_id].append(child_id)
    found = []
    for pk, decision_id, at in reviews:
        before = [row for row in schedule.get(decision_id, []) if (row[0], row[1]) < (at, pk)]
        if not before:
            continue
        set_at, _set_pk, due_on = before[-1]
        done_on = timezone.localtime(at).date()
        basis = f"Review due by {due_on:%-d %B %Y}, set on {timezone.localtime(set_at):%-d %B %Y}"
        found.append(
            TimelinessRecord(
                Measure.DECISION_REVIEWS,
                decision_id,
                tuple(sorted(children[decision_id])),
                timezone.localtime(set_at).date(),
                due_on,
                done_on,
                basis,
                extra={"event_id": pk},
            )
        )
    for decision_id, due_on in overdue:
        found.append(
            TimelinessRecord(
                Measure.DECISION_REVIEWS,
                decision_id,
                tuple(sorted(children[decision_id])),
                due_on,
                due_on,
                None,
                f"Review due by {due_on:%-d %B %Y}, not yet recorded",
            )
        )
    return found


def _visit_records(start: date, end: date, timeline: list[OperatingRules]) -> list[TimelinessRecord]:
    from caseboard.visits.facts import visit_facts
    from caseboard.visits.models import ChildSeen, VisitPurpose

    if not timeline:
        return []
    child_ids = sorted(
        set(
            ChildSeen.objects.filter(visit__visited_on__range=(start, end), was_seen=True)
            .exclude(visit__purpose=VisitPurpose.OTHER)
            .values_list("child_id", flat=True)
        )
    )
    if not child_ids:
        return []
    births = dict(Child.objects.filter(pk__in=child_ids).values_list("pk", "date_of_birth"))
    episodes = defaultdict(list)
    for row in Episode.objects.filter(child_id__in=child_ids).order_by("start_on", "pk").values(*EPISODE_COLUMNS):
        episodes[row["child_id"]].append(_episode_fact(row))
    visits = {child_id: fields.get("visits", ()) for child_id, fields in visit_facts(child_ids).items()}
    # Only looked-after reviews matter to the visiting clock (reg 28(3) and (4) change at the first review).
    meetings: dict[int, list[MeetingFact]] = defaultdict(list)
    for child_id, meeting_id, held_on in Meeting.children.through.objects.filter(
        child_id__in=child_ids,
        meeting__kind=MeetingKind.LAC_REVIEW,
        meeting__status=MeetingStatus.HELD,
        meeting__held_on__lte=end,
    ).values_list("child_id", "meeting_id", "meeting__held_on"):
        meetings[child_id].append(MeetingFact(id=meeting_id, kind=FactMeetingKind.LAC_REVIEW, held_on=held_on))
    found = []
    for child_id in child_ids:
        history = sorted(visits.get(child_id, ()), key=lambda v: (v.on, v.id))
        base = ChildFacts(
            child_id=child_id,
            date_of_birth=births.get(child_id),
            episodes=tuple(episodes.get(child_id, ())),
            meetings=tuple(meetings.get(child_id, ())),
        )
        due_by_day: dict[date, Any] = {}
        for visit in history:
            if not (start <= visit.on <= end) or not visit.child_seen:
                continue
            if not visit_counts(visit, rules_in_force(timeline, visit.on).visit_counting):
                continue
            if visit.on not in due_by_day:
                before = tuple(v for v in history if v.on < visit.on)
                items = compute_due_items(replace(base, visits=before), timeline, visit.on)
                by_kind = {item.kind: item for item in items}
                due_by_day[visit.on] = next((by_kind[k] for k in VISIT_KINDS if k in by_kind), None)
            item = due_by_day[visit.on]
            if item is None:
                continue
            found.append(
                TimelinessRecord(
                    Measure.VISITS,
                    visit.id,
                    (child_id,),
                    visit.on,
                    item.due_on,
                    visit.on,
                    item.basis,
                    kind=str(item.kind),
                    extra={"in_person": visit.mode == "in_person"},
                )
            )
    return found


def _overdue_items(measure: Measure, start: date, end: date, today: date) -> list[TimelinessRecord]:
    """The statutory clock's outstanding items of this measure due in the period and before today."""
    kinds = OVERDUE_KINDS.get(measure)
    if not kinds:
        return []
    rows = (
        DueItem.objects.filter(kind__in=kinds, due_on__range=(start, end), due_on__lt=today)
        .exclude(status=DueStatus.MET)
        .order_by("due_on", "pk")
        .values_list("pk", "child_id", "kind", "due_on", "basis")
    )
    return [
        TimelinessRecord(
            measure, pk, (child_id,), due_on, due_on, None, basis, kind=kind if measure is Measure.VISITS else ""
        )
        for pk, child_id, kind, due_on, basis in rows
    ]


def records(
    measure: Measure | str,
    start: date,
    end: date,
    *,
    today: date | None = None,
    timeline: list[OperatingRules] | None = None,
    overdue: bool = True,
) -> list[TimelinessRecord]:
    """Every record of one measure for the whole council: the work done between ``start`` and ``end`` (inclusive),
    and, with ``overdue``, the work still outstanding whose due date is in the period and before ``today``.
    Ordered by the date done (outstanding last), then due date."""
    measure = Measure(measure)
    today = today or timezone.localdate()
    timeline = _timeline() if timeline is None else timeline
    if measure is Measure.ASSESSMENTS:
        found = _assessment_records(start, end, today, timeline)
        if not overdue:
            found = [r for r in found if r.done_on is not None]
    elif measure is Measure.DECISION_REVIEWS:
        found = _decision_review_records(start, end, today)
        if not overdue:
            found = [r for r in found if r.done_on is not None]
    else:
        compute = {
            Measure.INITIAL_CONFERENCES: _conference_records,
            Measure.VISITS: _visit_records,
            Measure.LAC_REVIEWS: _lac_review_records,
        }[measure]
        found = compute(start, end, timeline)
        if overdue:
            found += _overdue_items(measure, start, end, today)
    found.sort(key=lambda r: (r.done_on is None, r.done_on or r.due_on, r.due_on, r.object_id))
    return found


def visible_records(found: Sequence[TimelinessRecord], user: User) -> tuple[list[TimelinessRecord], int]:
    """The records whose children the user may all see (need to know), and how many were left out."""
    ids = {child_id for record in found for child_id in record.child_ids}
    visible = set(children_visible_to(user).filter(pk__in=ids).values_list("pk", flat=True)) if ids else set()
    shown = [r for r in found if r.child_ids and all(child_id in visible for child_id in r.child_ids)]
    return shown, len(found) - len(shown)


def _row(measure: str, label: str, found: Iterable[TimelinessRecord]) -> Row:
    on_time = late = overdue = 0
    for record in found:
        status = record.status
        if status == "on_time":
            on_time += 1
        elif status == "late":
            late += 1
        else:
            overdue += 1
    total = on_time + late
    return Row(measure, label, on_time, total, percentage(on_time, total), late, overdue)


def summary_rows(by_measure: dict[Measure, list[TimelinessRecord]]) -> list[Row]:
    """The figures for records already computed: one row per measure, and one per visit kind after "visits"."""
    rows = []
    for measure in Measure:
        found = by_measure.get(measure, [])
        rows.append(_row(measure.value, MEASURE_LABELS[measure], found))
        if measure is Measure.VISITS:
            for kind in VISIT_KINDS:
                rows.append(
                    _row(
                        f"visits:{kind}",
                        f"Visits: {VISIT_KIND_LABELS[kind]}",
                        [r for r in found if r.kind == kind],
                    )
                )
    return rows


def all_records(
    start: date, end: date, *, user: User | None = None, today: date | None = None, overdue: bool = True
) -> dict[Measure, list[TimelinessRecord]]:
    """Every measure's records for the period (the whole council, or what ``user`` may see)."""
    today = today or timezone.localdate()
    timeline = _timeline()
    result = {}
    for measure in Measure:
        found = records(measure, start, end, today=today, timeline=timeline, overdue=overdue)
        if user is not None:
            found, _hidden = visible_records(found, user)
        result[measure] = found
    return result


def summary(start: date, end: date, user: User | None = None, *, today: date | None = None) -> list[Row]:
    """The timeliness figures for a period, for the PDF service briefing and the API.

    ``summary(start: date, end: date, user: User | None = None, *, today: date | None = None) -> list[Row]``:
    one ``Row(measure, label, on_time, total, pct, late, overdue)`` per measure ("assessments",
    "initial_conferences", "visits", then "visits:<kind>" for each visit kind, "lac_reviews", "decision_reviews").
    ``on_time`` of ``total`` counts the work done from ``start`` to ``end`` inclusive; ``pct`` is a ``Decimal``
    rounded half up to 2 places, or None when nothing was done; ``overdue`` counts outstanding work due in the
    period. With ``user`` only the records of children the user may see are counted; without, the whole council.
    """
    return summary_rows(all_records(start, end, user=user, today=today))


def trend(by_measure: dict[Measure, list[TimelinessRecord]], mondays: Sequence[date]) -> list[tuple[date, list[Row]]]:
    """Week by week (Monday to Sunday): each measure's figures for the work done that week."""
    result = []
    for monday in mondays:
        sunday = monday + timedelta(days=6)
        week = {
            measure: [r for r in found if r.done_on is not None and monday <= r.done_on <= sunday]
            for measure, found in by_measure.items()
        }
        result.append((monday, [row for row in summary_rows(week) if ":" not in row.measure]))
    return result


def bands(found: Iterable[TimelinessRecord]) -> list[tuple[str, int, int]]:
    """DfE duration bands for completed assessments: (band, number counted from the referral, number counted from
    the assessment's start date). Working days, pauses ignored; same day is 0."""
    by_referral = [0] * len(BANDS)
    by_start = [0] * len(BANDS)

    def band(days: int) -> int:
        for index, (_label, low, high) in enumerate(BANDS):
            if days >= low and (high is None or days <= high):
                return index
        return len(BANDS) - 1

    for record in found:
        if record.done_on is None:
            continue
        by_referral[band(working_days_between(record.day0, record.done_on))] += 1
        started_on = record.extra.get("started_on") or record.day0
        by_start[band(working_days_between(started_on, record.done_on))] += 1
    return [(label, by_referral[i], by_start[i]) for i, (label, _low, _high) in enumerate(BANDS)]
