"""Timeliness: how much of the statutory work done in a period was done on time (DOMAIN.md sections 4 and 8.3).

What is counted, measure by measure. Each figure is "on time n of m" over the work *done* in the period (the
unit in brackets); the exceptions are the late ones plus the work still outstanding whose due date fell in the
period and has passed (still overdue), which is not in the figure until it is done.

Assessments (child and family assessments completed in the period)
    Day 0 is the referral's date; due ``add_working_days(referral, N)`` with N the ``assessment_working_days`` of
    the operating-model version in force on the referral date (45, Working Together), moved on by the working days
    of every pause agreed by key decision (``AssessmentPause``), counted as the statutory clock counts them
    (``clock.assessments.assessment_pause_days``: inclusive, after the referral, up to the completion, or today while
    it runs; overlapping pauses count each day once). On time iff completed on or before the
    due date, i.e. ``working_days_between(referral, completed) <= N + paused``. Still overdue: open assessments
    whose due date (with pauses) is in the period and before today. DfE duration bands (same day, 1-10, ...,
    41-45, 46-50, over 50) count working days from the referral, and also from the assessment's start date
    (DfE's start date is uncertain, DOMAIN.md section 4: both are offered); bands ignore pauses.

Initial conferences (each child's initial child protection conference held in the period)
    Day 0 is the strategy discussion at which the child's section 47 enquiry was initiated (the statutory clock's
    ``clock.reviews.initial_conference_discussion`` on the child's record up to the conference: not the last of
    several discussions in one enquiry); due within the version's ``initial_conference_working_days`` (15) of it.
    With no discussion recorded as starting an enquiry, the discussion the conference is linked to
    (``Meeting.strategy_discussion``), or else the child's last strategy discussion before it; with none at all, its
    ``due_on`` if it has one, and otherwise it is left out. Still overdue: the statutory clock's
    outstanding "initial conference" items due in the period.

Statutory visits (each child seen at a visit held in the period, by kind)
    A visit is counted when the child was seen and it counts towards the statutory clock under the version in force
    on its date (``clock.visits.visit_counts``: in person only, virtual with a key decision, or virtual). Its due
    date is what the statutory clock itself (``clock.compute_due_items``) gave on the visit's date from the
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
    Due dates follow CPPCR reg 33 (``clock.reviews.lac_review_schedule``): the first within 20 working days of
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

from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from itertools import groupby
from operator import attrgetter, itemgetter
from types import MappingProxyType
from typing import Any, NamedTuple

from dateutil.relativedelta import relativedelta
from django.db.models import Exists, Max, OuterRef, Q
from django.utils import timezone

from caseboard.accounts.models import User
from caseboard.casework.models import Episode
from caseboard.clock import assessments as assessment_clock
from caseboard.clock import reviews as review_clock
from caseboard.clock import visits as visit_clock
from caseboard.clock.calendar import working_days_between
from caseboard.clock.engine import open_on
from caseboard.clock.versions import Timeline, statutory_timeline
from caseboard.clock.vocabulary import (
    DueKind,
    DueStatus,
    EpisodeFact,
    EpisodeKind,
    OperatingRules,
    VisitCounting,
    VisitRule,
)
from caseboard.compliance.facts import EPISODE_COLUMNS, episode_details, episode_fact
from caseboard.compliance.models import DueItem
from caseboard.decisions.models import DecisionAction, DecisionEvent, DecisionStatus, KeyDecision
from caseboard.meetings.facts import section_47_discussions
from caseboard.meetings.models import Meeting, MeetingKind, MeetingStatus
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
_ONE_YEAR = relativedelta(years=1)


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


_NO_EXTRA: Mapping[str, Any] = MappingProxyType({})


@dataclass(frozen=True, slots=True)
class TimelinessRecord:
    """One piece of work measured: when its clock started, when it was due and when it was done (None while still
    outstanding). ``kind`` is the visit kind for visits. (Slots, and read-only ``extra`` that records may share: a
    large council has hundreds of thousands of records, and fewer objects keep the garbage collector's pauses
    short.)"""

    measure: Measure
    object_id: int
    child_ids: tuple[int, ...]
    day0: date
    due_on: date
    done_on: date | None
    basis: str
    kind: str = ""
    extra: Mapping[str, Any] = field(default_factory=lambda: _NO_EXTRA, compare=False)

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

    assessments = Assessment.objects.filter(
        Q(completed_on__range=(start, end)) | Q(completed_on__isnull=True, referral__received_on__lte=end)
    )
    rows = list(assessments.values_list("pk", "child_id", "referral__received_on", "started_on", "completed_on"))
    pauses: dict[int, list[tuple[date, date | None]]] = defaultdict(list)
    # The same pauses as the statutory clock's facts (frontdoor.facts): an open pause whose key decision ended or
    # expired runs until the decision's end.
    for assessment_id, starts_on, ends_on, decision_ends_on, status in AssessmentPause.objects.filter(
        assessment__in=assessments.values("pk")
    ).values_list("assessment_id", "starts_on", "ends_on", "decision__ends_on", "decision__status"):
        if ends_on is None and status in (DecisionStatus.ENDED, DecisionStatus.EXPIRED) and decision_ends_on:
            ends_on = max(starts_on, decision_ends_on)
        pauses[assessment_id].append((starts_on, ends_on))
    clock = Timeline(timeline) if timeline else statutory_timeline()
    pause_days = assessment_clock.assessment_pause_days
    found = []
    for pk, child_id, referral_on, started_on, completed_on in rows:
        paused = pause_days(pauses[pk], referral_on, completed_on, today)[0] if pk in pauses else 0
        due_on, basis, _rule = assessment_clock.assessment(clock, referral_on=referral_on, paused=paused).due
        if completed_on is None and not (start <= due_on <= end and due_on < today):
            continue
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
    """Each child at each initial conference held in the period, against the clock's due date for it: 15 working days
    from the strategy discussion at which the child's section 47 enquiry was initiated (``clock.reviews``), from the
    child's record as it stood on the conference's day. A conference with no such discussion (none recorded as
    starting a section 47 enquiry) is measured from the discussion it was linked to, or else the child's last strategy
    discussion before it, or else its stored due date."""
    rows = _held(MeetingKind.INITIAL_CONFERENCE, start, end)
    if not rows:
        return []
    clock = Timeline(timeline) if timeline else statutory_timeline()
    # Every child's: in SQLite a list of children here is probed for each meeting, slower than the extra rows.
    discussions = {
        child_id: [held_on for _pk, held_on in found] for child_id, found in section_47_discussions(until=end).items()
    }
    any_outcome: dict[int, list[date]] = defaultdict(list)
    for child_id, _meeting_id, held_on, _linked, _due in _held(MeetingKind.STRATEGY_DISCUSSION, date.min, end):
        any_outcome[child_id].append(held_on)
    conferences: dict[int, list[date]] = defaultdict(list)
    for child_id, _meeting_id, held_on, _linked, _due in _held(MeetingKind.INITIAL_CONFERENCE, date.min, end):
        conferences[child_id].append(held_on)
    conferenced = {row[0] for row in rows}
    plans: dict[int, list[tuple[date, date | None]]] = defaultdict(list)
    for child_id, start_on, end_on in Episode.objects.filter(
        kind=EpisodeKind.CHILD_PROTECTION, start_on__lte=end
    ).values_list("child_id", "start_on", "end_on"):
        if child_id in conferenced:
            plans[child_id].append((start_on, end_on))
    found = []
    for child_id, meeting_id, held_on, linked_on, due_on in rows:
        held = discussions.get(child_id, [])
        enquiry = review_clock.initial_conference_discussion(
            held[: bisect_right(held, held_on)],
            conferences=[d for d in conferences[child_id] if d < held_on],
            plans=[plan for plan in plans.get(child_id, ()) if plan[0] <= held_on],
        )
        day0 = enquiry[0] if enquiry else linked_on
        if day0 is None:
            before = any_outcome.get(child_id, [])
            index = bisect_right(before, held_on)
            day0 = before[index - 1] if index else None
        if day0 is not None:
            due_on, basis, _rule = review_clock.initial_conference(clock, discussion_on=day0).due
        elif due_on is not None:
            basis = f"Due by {due_on:%-d %B %Y} (no strategy discussion recorded)"
            day0 = due_on
        else:
            continue
        found.append(
            TimelinessRecord(Measure.INITIAL_CONFERENCES, meeting_id, (child_id,), day0, due_on, held_on, basis)
        )
    return found


def _lac_review_records(start: date, end: date, timeline: list[OperatingRules]) -> list[TimelinessRecord]:
    """Each child at each looked-after review held in the period, against the clock's due date for it (CPPCR reg 33,
    ``clock.reviews``): from the start of the care period open on the review's day (or the last before it)."""
    rows = _held(MeetingKind.LAC_REVIEW, start, end)
    if not rows:
        return []
    clock = Timeline(timeline) if timeline else statutory_timeline()
    reviews: dict[int, list[date]] = defaultdict(list)
    # Every child's reviews: in SQLite a list of children here is probed for each meeting, slower than the extra rows.
    for child_id, held_on in Meeting.children.through.objects.filter(
        meeting__kind=MeetingKind.LAC_REVIEW, meeting__status=MeetingStatus.HELD, meeting__held_on__lte=end
    ).values_list("child_id", "meeting__held_on"):
        reviews[child_id].append(held_on)
    reviewed = Meeting.children.through.objects.filter(
        meeting__kind=MeetingKind.LAC_REVIEW, meeting__status=MeetingStatus.HELD, meeting__held_on__range=(start, end)
    ).values("child_id")
    episodes: dict[int, list[EpisodeFact]] = defaultdict(list)
    details = episode_details(None)
    for row in (
        Episode.objects.filter(child_id__in=reviewed, kind=EpisodeKind.LOOKED_AFTER)
        .order_by("start_on", "pk")
        .values(*EPISODE_COLUMNS)
    ):
        episodes[row["child_id"]].append(episode_fact(row, details))
    found = []
    for child_id, meeting_id, held_on, _linked, stored_due in rows:
        care_start = _care_start(episodes.get(child_id, []), held_on)
        due_on, basis, day0 = stored_due, "", care_start
        if care_start is not None:
            # The schedule up to this review is all that is needed: each due date runs from the review before.
            schedule = review_clock.lac_review_schedule(
                clock,
                looked_after_from=care_start,
                reviews=[d for d in reviews[child_id] if care_start <= d <= held_on],
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


def _care_start(looked_after: list[EpisodeFact], on: date) -> date | None:
    """The start of the care period (``clock.visits.care_period``) of the looked-after episode open on ``on`` (the
    one that started last), or else of the last to start before it."""
    started = [episode for episode in looked_after if episode.start_on <= on]
    if not started:
        return None
    current = open_on(started, on) or started[-1]
    return visit_clock.care_period(started, current)[0][0].start_on


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


# --- statutory visits: the visiting clock on each visit's day ------------------------------------------------------
#
# Each visit is measured against what the statutory clock gave as the child's next visit on the visit's date, from the
# facts known that day. Running the whole engine once per child per visit day took about 0.1 ms a day (a minute at
# 100,000 children), so each child's visits are walked in date order and only the clock's visiting rules are asked
# (``clock.visits``: the same functions the engine calls), with the clocks running worked out again only when an
# episode starts or ends. ``test_timeliness`` checks the result against ``compute_due_items`` on generated children.

_Due = tuple[date, str]  # (due on, basis)
_IN_PERSON: Mapping[str, Any] = MappingProxyType({"in_person": True})
_NOT_IN_PERSON: Mapping[str, Any] = MappingProxyType({"in_person": False})


class _Versions:
    """The clock's timeline, with the fixed-frequency visits resolved so far (by clock and day 0: children share
    them)."""

    __slots__ = ("fixed", "timeline")

    def __init__(self, timeline: Sequence[OperatingRules]) -> None:
        self.timeline = Timeline(timeline)
        self.fixed: dict = {}

    @property
    def versions(self) -> list[OperatingRules]:
        return self.timeline.versions

    @property
    def starts(self) -> list[date]:
        return self.timeline.starts


class _Clocks(NamedTuple):
    """The clocks running for a child on a day: the open episode of each kind (the one that started last, as the
    statutory clock picks it) and, when looked after, the placement."""

    running: dict[EpisodeKind, EpisodeFact]
    placed: visit_clock.Placement | None


def _clocks(episodes: Sequence[EpisodeFact], day: date) -> tuple[_Clocks, date | None]:
    """The clocks running on ``day`` from the child's episodes (sorted by start and id), and the first later day on
    which they may change: an episode starts, or one open on ``day`` has ended (None: never)."""
    looked_after: list[EpisodeFact] = []
    running: dict[EpisodeKind, EpisodeFact] = {}
    until: date | None = None
    for episode in episodes:
        if episode.start_on > day:
            if until is None or episode.start_on < until:
                until = episode.start_on
            break
        if episode.kind is EpisodeKind.LOOKED_AFTER:
            looked_after.append(episode)
        if episode.end_on is None or episode.end_on >= day:
            running[episode.kind] = episode
            if episode.end_on is not None and (until is None or episode.end_on + _ONE_DAY < until):
                until = episode.end_on + _ONE_DAY
    current = running.get(EpisodeKind.LOOKED_AFTER)
    placed = visit_clock.placement(looked_after, current) if current is not None else None
    return _Clocks(running, placed), until


def _visit_due(
    clocks: _Clocks, reviews: Sequence[date], last_on: date | None, day: date, versions: _Versions
) -> tuple[DueKind, date, str] | None:
    """What the statutory clock gave on ``day`` as the child's next visit, the first of ``VISIT_KINDS`` running:
    (kind, due on, basis), or None when no visiting clock runs. ``reviews`` are the dates of the child's looked-after
    reviews, sorted; ``last_on`` the day of the last qualifying visit before ``day``. As
    ``compute_due_items(facts, versions, day)`` with those facts (and no RAG rating, so a care leaver's contact
    follows ``care_leaver_visits``)."""
    timeline = versions.timeline
    placed = clocks.placed
    if placed is not None:
        first_review = visit_clock.first_review_since(reviews, placed.care_start, day)
        resolved = visit_clock.looked_after_visit(timeline, placed, first_review=first_review, last_visit_on=last_on)
        return (DueKind.LAC_VISIT, resolved.due.on, resolved.due.basis)
    running = clocks.running
    for kind, episode_kind, label, pick in _OTHER_VISITS:
        episode = running.get(episode_kind)
        if episode is None:
            continue
        if pick is None:
            found = visit_clock.private_fostering_visit(timeline, start=episode.start_on, last_visit_on=last_on)
        elif kind is DueKind.EARLY_HELP_VISIT and timeline.on(day).early_help_visits is None:
            return None  # Early Help visits only while the version in force sets a frequency
        else:
            found = visit_clock.fixed_visit(
                timeline,
                label=label,
                start=episode.start_on,
                pick=pick,
                last_visit_on=last_on,
                today=day,
                cache=versions.fixed,
            )
        return None if found is None else (kind, found.due.on, found.due.basis)
    return None


def _visit_dues(
    episodes: Sequence[EpisodeFact],
    reviews: Sequence[date],
    last_before: date | None,
    days: Sequence[date],
    versions: _Versions,
) -> list[tuple[DueKind, date, str] | None]:
    """``_visit_due`` on each of a child's visit days (sorted, distinct, each with a visit that counts, so each is
    the last qualifying visit before the next; ``last_before`` the one before the first). The clocks running are
    worked out again only when an episode starts or ends."""
    dues = []
    last_on = last_before
    clocks: _Clocks | None = None
    until: date | None = None
    for day in days:
        if clocks is None or (until is not None and day >= until):
            clocks, until = _clocks(episodes, day)
        dues.append(_visit_due(clocks, reviews, last_on, day, versions))
        last_on = day
    return dues


# The visit kinds after looked after, in the order a visit is assigned to one of them (``VISIT_KINDS``): the kind,
# its episode, the clock's label and the version's rule (None: private fostering, whose rules are the regulations').
_OTHER_VISITS: tuple[tuple[DueKind, EpisodeKind, str, Callable[[OperatingRules], VisitRule | None] | None], ...] = (
    (DueKind.CP_VISIT, EpisodeKind.CHILD_PROTECTION, "Child protection", attrgetter("cp_visits")),
    (DueKind.CIN_VISIT, EpisodeKind.CHILD_IN_NEED, "Child in need", attrgetter("cin_visits")),
    (DueKind.PRIVATE_FOSTERING_VISIT, EpisodeKind.PRIVATE_FOSTERING, "Private fostering", None),
    (DueKind.CARE_LEAVER_CONTACT, EpisodeKind.CARE_LEAVER, "Care leaver", attrgetter("care_leaver_visits")),
    (DueKind.EARLY_HELP_VISIT, EpisodeKind.EARLY_HELP, "Early Help", attrgetter("early_help_visits")),
)


def _counted(versions: _Versions) -> Q:
    """The ``ChildSeen`` rows that count towards the visiting clock (``clock.visits.visit_counts`` under the
    version in force on the visit's date): in person; virtual under a version that counts virtual visits; virtual
    under one that counts them with a key decision, when an approved (later ended or expired) decision of a kind that
    makes a virtual visit count in that version covers the date (``visits.facts``). The child was seen, and the
    purpose is not "other"."""
    from caseboard.visits.models import IN_PERSON_MODES, VisitPurpose

    counted = Q(visit__mode__in=sorted(IN_PERSON_MODES))
    for index, version in enumerate(versions.versions):
        if version.visit_counting is VisitCounting.IN_PERSON_ONLY:
            continue
        span = Q()
        if index:
            span &= Q(visit__visited_on__gte=version.effective_from)
        if index + 1 < len(versions.versions):
            span &= Q(visit__visited_on__lt=versions.starts[index + 1])
        if version.visit_counting is VisitCounting.VIRTUAL_WITH_DECISION:
            span &= Exists(
                KeyDecision.children.through.objects.filter(
                    child_id=OuterRef("child_id"),
                    keydecision__kind__in=sorted(version.virtual_visit_decision_kinds),
                    keydecision__status__in=[DecisionStatus.APPROVED, DecisionStatus.ENDED, DecisionStatus.EXPIRED],
                    keydecision__starts_on__lte=OuterRef("visit__visited_on"),
                ).filter(
                    Q(keydecision__ends_on__isnull=True) | Q(keydecision__ends_on__gte=OuterRef("visit__visited_on"))
                )
            )
        counted |= span
    return Q(was_seen=True) & ~Q(purpose=VisitPurpose.OTHER) & counted


def _visit_records(start: date, end: date, timeline: list[OperatingRules]) -> list[TimelinessRecord]:
    """One pass per child over its counted visits in the period, in date order; four queries whatever the number
    of children (the visits, the last counted visit before the period, episodes, looked-after reviews)."""
    from caseboard.visits.models import IN_PERSON_MODES, ChildSeen

    if not timeline:
        return []
    versions = _Versions(timeline)
    counted = ChildSeen.objects.filter(_counted(versions))
    in_period = counted.filter(visit__visited_on__range=(start, end))
    rows = list(
        in_period.order_by("child_id", "visit__visited_on", "visit_id").values_list(
            "child_id", "visit_id", "visit__visited_on", "visit__mode"
        )
    )
    if not rows:
        return []
    last_before = dict(
        counted.filter(visit__visited_on__lt=start)
        .order_by()
        .values("child_id")
        .annotate(last=Max("visit__visited_on"))
        .values_list("child_id", "last")
    )
    # Episodes that can be open in the period, and every looked-after episode (a care period runs back through
    # consecutive ones); looked-after reviews. These and the last visits before the period are read for every child:
    # narrowing them to the children visited in the period is slower in SQLite than reading the few more rows.
    episodes: dict[int, list[EpisodeFact]] = defaultdict(list)
    details = episode_details(None)
    for row in (
        Episode.objects.filter(start_on__lte=end)
        .filter(Q(kind=EpisodeKind.LOOKED_AFTER) | Q(end_on__isnull=True) | Q(end_on__gte=start))
        .order_by()
        .values(*EPISODE_COLUMNS)
    ):
        episodes[row["child_id"]].append(episode_fact(row, details))
    for child_episodes in episodes.values():  # each child's few, rather than all of them in SQL
        if len(child_episodes) > 1:
            child_episodes.sort(key=attrgetter("start_on", "id"))
    reviews: dict[int, list[date]] = defaultdict(list)
    for child_id, held_on in (
        Meeting.children.through.objects.filter(
            meeting__kind=MeetingKind.LAC_REVIEW, meeting__status=MeetingStatus.HELD, meeting__held_on__lte=end
        )
        .order_by("meeting__held_on")
        .values_list("child_id", "meeting__held_on")
    ):
        reviews[child_id].append(held_on)
    found = []
    append = found.append
    no_reviews: list[date] = []
    for child_id, child_rows in groupby(rows, key=itemgetter(0)):
        visits = list(child_rows)
        days = list(dict.fromkeys(row[2] for row in visits))  # in date order
        dues = _visit_dues(
            episodes.get(child_id, ()), reviews.get(child_id, no_reviews), last_before.get(child_id), days, versions
        )
        by_day = dict(zip(days, dues, strict=True))
        for _child_id, visit_id, visited_on, mode in visits:
            due = by_day[visited_on]
            if due is None:
                continue
            kind, due_on, basis = due
            append(
                TimelinessRecord(
                    Measure.VISITS,
                    visit_id,
                    (child_id,),
                    visited_on,
                    due_on,
                    visited_on,
                    basis,
                    kind=kind.value,
                    extra=_IN_PERSON if mode in IN_PERSON_MODES else _NOT_IN_PERSON,
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
    # Done (by date done, then due date), then outstanding (by due date); two sorts on attributes are faster than one
    # on a computed key.
    done = sorted((r for r in found if r.done_on is not None), key=attrgetter("done_on", "due_on", "object_id"))
    outstanding = sorted((r for r in found if r.done_on is None), key=attrgetter("due_on", "object_id"))
    return done + outstanding


def _visible_children(user: User) -> set[int]:
    """The ids of every child the user may see, in one query whatever the number of records (the records' children
    as a list in the query would outgrow SQLite's limit on parameters in a large council)."""
    return set(children_visible_to(user).order_by().values_list("pk", flat=True))


def _shown(found: Sequence[TimelinessRecord], visible: set[int]) -> list[TimelinessRecord]:
    return [r for r in found if r.child_ids and all(child_id in visible for child_id in r.child_ids)]


def visible_records(found: Sequence[TimelinessRecord], user: User) -> tuple[list[TimelinessRecord], int]:
    """The records whose children the user may all see (need to know), and how many were left out."""
    visible = _visible_children(user) if any(record.child_ids for record in found) else set()
    shown = _shown(found, visible)
    return shown, len(found) - len(shown)


def _row(measure: str, label: str, found: Iterable[TimelinessRecord]) -> Row:
    on_time = late = overdue = 0
    for record in found:  # ``record.status``, without a property call for each of many records
        done_on = record.done_on
        if done_on is None:
            overdue += 1
        elif done_on <= record.due_on:
            on_time += 1
        else:
            late += 1
    total = on_time + late
    return Row(measure, label, on_time, total, percentage(on_time, total), late, overdue)


def summary_rows(by_measure: dict[Measure, list[TimelinessRecord]]) -> list[Row]:
    """The figures for records already computed: one row per measure, and one per visit kind after "visits"."""
    rows = []
    for measure in Measure:
        found = by_measure.get(measure, [])
        rows.append(_row(measure.value, MEASURE_LABELS[measure], found))
        if measure is Measure.VISITS:
            by_kind: dict[str, list[TimelinessRecord]] = defaultdict(list)
            for record in found:
                by_kind[record.kind].append(record)
            for kind in VISIT_KINDS:
                rows.append(_row(f"visits:{kind}", f"Visits: {VISIT_KIND_LABELS[kind]}", by_kind.get(kind.value, [])))
    return rows


def all_records(
    start: date, end: date, *, user: User | None = None, today: date | None = None, overdue: bool = True
) -> dict[Measure, list[TimelinessRecord]]:
    """Every measure's records for the period (the whole council, or what ``user`` may see)."""
    today = today or timezone.localdate()
    timeline = _timeline()
    result = {
        measure: records(measure, start, end, today=today, timeline=timeline, overdue=overdue) for measure in Measure
    }
    if user is not None:
        visible = _visible_children(user)
        result = {measure: _shown(found, visible) for measure, found in result.items()}
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
    done: dict[Measure, tuple[list[TimelinessRecord], list[date]]] = {}
    for measure, found in by_measure.items():
        ordered = sorted((r for r in found if r.done_on is not None), key=attrgetter("done_on"))
        done[measure] = (ordered, [r.done_on for r in ordered])
    result = []
    for monday in mondays:
        sunday = monday + timedelta(days=6)
        rows = []
        for measure in Measure:
            ordered, days = done.get(measure, ([], []))
            week = ordered[bisect_left(days, monday) : bisect_right(days, sunday)]
            rows.append(_row(measure.value, MEASURE_LABELS[measure], week))
        result.append((monday, rows))
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
