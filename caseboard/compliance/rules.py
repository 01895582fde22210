"""The statutory clock: what is due for a child, by when, and why, from the child's facts and the operating model.

Pure Python (no Django, no clock): ``compute_due_items(facts, versions, today)`` turns a child's episodes, visits,
meetings, assessments and placement plans into ``DueItem`` rows, each with its ``basis`` (in words a manager can
check), ``rule`` (the source), the operating-model version that produced it and the facts used. Sources are in
DOMAIN.md sections 3 (visiting frequencies, the reg 28 arithmetic), 4 (timescales) and 5 (working days).

Which operating-model version applies
    An interval uses the version in force on the date it started: the episode or placement start, the last
    qualifying visit, the last meeting, the referral (DOMAIN.md s3 rule 6; SI 2020/445 reg 14 saved actions taken
    under it). Exception: a later version with ``applies_to_running_intervals`` that takes effect after the interval
    started and on or before its due date (the due date is inclusive, so the interval is still running that day)
    recomputes the due date under its own rules, still counted from the interval's original start (last visit on
    1 April + the new version's interval). Such versions are tried in date order, each against the due date as
    recomputed so far, so the result may come out earlier than the new version's effective date (the item is then
    overdue from that date: what ``policy.services.version_preview`` reports). A met one-off item stops running on
    the date it was met, so a version taking effect after that leaves it alone.

Which visits count
    A visit counts if the child was seen and the ``VisitCounting`` of the version in force on the visit's date
    allows its mode; only visits on or after the clock's start (episode or placement start) and on or before
    ``today`` count. Visits are not tied to an episode: every qualifying visit counts for every clock running.

Which episodes produce items
    An episode is open on ``today`` if it started on or before ``today`` and has no end or ends on or after it
    (as ``Episode.is_open_on``). Closed episodes produce nothing, not even one-off items met while they were open.
    CIN visits only when no CP or LAC episode is open; Early Help visits only when no CIN, CP or LAC episode is open
    and the version in force today sets an Early Help frequency (if the version an interval started under had none,
    the clock starts on the effective date of the first later version that has one). An assessment belongs to the
    CIN episode open on its referral date, an initial conference to the CIN or CP episode open on the strategy
    discussion; each is shown while that episode is open, and when there is no such episode only while outstanding.

Looked after (CPPCR reg 28)
    Consecutive LAC episodes (each starting on, or the day after, the end of the one before) form a care period.
    Within it a new placement (``placement_type`` or ``placement_provider`` differs from the previous placement)
    restarts the visiting schedule and the placement plan; a legal-status change alone does not, and temporary
    placements T0-T4 neither restart nor change the placement (a care period that begins in a temporary placement
    counts its placement from the care period's start). The variant is chosen from the placement (the latest
    non-temporary episode) and the current episode's legal status, strictest first where two apply:
    reg 28(4) (reg 24 placement, or ICO (C1) with a parent (P1)), reg 28(3) (P1 before the parent's assessment is
    complete), reg 28(5) (care order (C2) with a parent: day 0 is the later of the order, i.e. the start of the
    run of C2 episodes, and the placement start), otherwise reg 28(2). Where the frequency changes at an event (the
    placement's first anniversary, the first LAC review) the rule on the last visit's date applies (DOMAIN.md s3
    rule 2): a visit on or after the anniversary, or on or after the day of the first review, takes the later rule.
    Short breaks (reg 48) and long-term placements under reg 28(3A) are not modelled.

Timescales
    Due dates come from the ``Timescales`` of the version in force at the clock's start. One-off items (assessment,
    initial conference, first core group, placement plan) are MET when the fact exists on or before ``today``, late
    or not (``met_by`` then says how late, in working days for a working-day timescale). Strategy discussions held
    while a CP plan was already open start no initial-conference clock (that child's plan is reviewed at an RCPC).
    Review conferences and LAC reviews show only the next one outstanding. An assessment paused by an approved key
    decision is due later by the working days it was paused (``assessment_pause_days``), said in its basis and facts.

Performance: one pass over each kind of fact per call, no per-day loops; working days come from ``calendar``.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from operator import attrgetter
from typing import NamedTuple

from dateutil.relativedelta import relativedelta

from .calendar import add_working_days, working_days_between
from .model import (
    CampaignFact,
    ChildFacts,
    DecisionFact,
    DueItem,
    DueKind,
    DueStatus,
    EpisodeFact,
    EpisodeKind,
    Interval,
    MeetingKind,
    OperatingRules,
    RagReviewFact,
    Unit,
    VisitCounting,
    VisitFact,
    VisitMode,
    VisitRule,
)

__all__ = [
    "assessment_pause_days",
    "compute_due_items",
    "date_words",
    "due_status",
    "rules_in_force",
    "visit_counts",
]

DUE_SOON_WORKING_DAYS = 5
TEMPORARY_PLACEMENTS = frozenset({"T0", "T1", "T2", "T3", "T4"})
WITH_PARENTS = "P1"
INTERIM_CARE_ORDER = "C1"
CARE_ORDER = "C2"

_ONE_DAY = timedelta(days=1)
_ONE_YEAR = relativedelta(years=1)
_MONTHS = (
    "",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_EPISODE_KINDS = tuple(EpisodeKind)
_MEETING_KINDS = tuple(MeetingKind)
_EPISODE_WORDS = {
    EpisodeKind.EARLY_HELP: "Early Help",
    EpisodeKind.CHILD_IN_NEED: "Child in need",
    EpisodeKind.CHILD_PROTECTION: "Child protection",
    EpisodeKind.LOOKED_AFTER: "Looked-after",
    EpisodeKind.CARE_LEAVER: "Care leaver",
    EpisodeKind.PRIVATE_FOSTERING: "Private fostering",
}


def date_words(d: date) -> str:
    """A date as people write it in a record: "1 April 2020" (no leading zero)."""
    return f"{d.day} {_MONTHS[d.month]} {d.year}"


_w = date_words


def due_status(due_on: date, today: date, met_on: date | None) -> DueStatus:
    """Where an item stands today: met; overdue after its due date (the due date itself is in time); due soon when
    no more than 5 working days remain; otherwise upcoming."""
    if met_on is not None:
        return DueStatus.MET
    if due_on < today:
        return DueStatus.OVERDUE
    if working_days_between(today, due_on) <= DUE_SOON_WORKING_DAYS:
        return DueStatus.DUE_SOON
    return DueStatus.UPCOMING


class _Due(NamedTuple):
    on: date
    basis: str
    rule: str


_Compute = Callable[[OperatingRules], "_Due | None"]


class _Timeline:
    """The operating model's versions by effective date, with the version lookups the clock needs."""

    __slots__ = ("_starts", "versions")

    def __init__(self, versions: Sequence[OperatingRules]) -> None:
        self.versions = sorted(versions, key=attrgetter("effective_from"))  # stable: equal dates keep their order
        self._starts = [v.effective_from for v in self.versions]

    def index_on(self, day: date) -> int:
        index = bisect_right(self._starts, day) - 1
        return index if index > 0 else 0

    def on(self, day: date) -> OperatingRules:
        return self.versions[self.index_on(day)]

    def resolve(
        self, start: date, compute: _Compute, stop: date | None = None
    ) -> tuple[OperatingRules, OperatingRules, _Due] | None:
        """The due date of an interval starting on ``start``: under the version in force that day, unless a later
        version that applies to running intervals takes effect while it runs (until its due date, or ``stop`` if
        sooner: the date a one-off item was met). Returns (version started under, version used, due)."""
        index = self.index_on(start)
        started_under = version = self.versions[index]
        due = compute(version)
        if due is None:
            return None
        for later in self.versions[index + 1 :]:
            limit = due.on if stop is None or stop > due.on else stop
            if later.effective_from > limit:
                break
            if later.applies_to_running_intervals:
                recomputed = compute(later)
                if recomputed is not None:
                    version, due = later, recomputed
        return started_under, version, due


def rules_in_force(versions: Sequence[OperatingRules], on: date) -> OperatingRules:
    """The version in force on a date: the last to take effect on or before it; before the first, the first."""
    if not versions:
        raise ValueError("There is no operating-model version to apply")
    return _Timeline(versions).on(on)


def _counts(visit: VisitFact, counting: VisitCounting) -> bool:
    """Whether a visit counts towards the visiting clock under this version's ``VisitCounting``."""
    if not visit.child_seen:
        return False
    if visit.mode is VisitMode.IN_PERSON:
        return True
    if counting is VisitCounting.VIRTUAL:
        return True
    return counting is VisitCounting.VIRTUAL_WITH_DECISION and visit.covered_by_decision


def _visit_words(visit: VisitFact) -> str:
    if visit.mode is VisitMode.IN_PERSON:
        return f"in-person visit on {_w(visit.on)}"
    if visit.covered_by_decision:
        return f"virtual visit on {_w(visit.on)}, covered by an approved decision"
    return f"virtual visit on {_w(visit.on)}"


def _episode_words(episode: EpisodeFact) -> str:
    text = f"{_EPISODE_WORDS[episode.kind]} episode from {_w(episode.start_on)}"
    if episode.end_on is not None:
        text += f" to {_w(episode.end_on)}"
    if episode.kind is EpisodeKind.LOOKED_AFTER:
        details = [f"legal status {episode.legal_status or 'not recorded'}"]
        placement = ", ".join(p for p in (episode.placement_type, episode.placement_provider) if p)
        details.append(f"placement {placement or 'not recorded'}")
        if episode.placement_intended_until_18:
            details.append("intended to last until 18")
        if episode.is_reg24_placement:
            details.append("reg 24 placement")
        if episode.placement_type == WITH_PARENTS and not episode.parent_assessment_complete:
            details.append("parent's assessment not complete")
        text += f" ({'; '.join(details)})"
    return text


def _met_words(what: str, met_on: date, due_on: date, interval: Interval) -> str:
    text = f"{what} on {_w(met_on)}"
    if met_on <= due_on:
        return text
    if interval.unit is Unit.WORKING_DAYS:
        late = working_days_between(due_on, met_on)
        if late:
            return f"{text}, {late} working day{'s' if late != 1 else ''} late"
    late = (met_on - due_on).days
    return f"{text}, {late} day{'s' if late != 1 else ''} late"


def _first_on_or_after(dates: list[date], day: date) -> date | None:
    index = bisect_left(dates, day)
    return dates[index] if index < len(dates) else None


def _last_on_or_before(dates: list[date], day: date) -> date | None:
    index = bisect_right(dates, day)
    return dates[index - 1] if index else None


def care_period(looked_after: list[EpisodeFact], current: EpisodeFact) -> tuple[list[EpisodeFact], date, EpisodeFact]:
    """(the period of care's episodes up to ``current``, the start of the placement, the placement's episode) for the
    child's current
    looked-after episode. ``looked_after``: the child's looked-after episodes, sorted by start. Episodes that follow on
    within a day are one period of care; a change of placement type or provider restarts the placement; temporary
    placements are ignored."""
    last = looked_after.index(current)
    first = last
    while first:
        before, after = looked_after[first - 1], looked_after[first]
        if before.end_on is None or not (before.end_on <= after.start_on <= before.end_on + _ONE_DAY):
            break
        first -= 1
    period = looked_after[first : last + 1]
    care_start = period[0].start_on
    placement_start = care_start
    placement_episode = period[0]
    placement_key: tuple[str, str] | None = None
    for episode in period:
        if episode.placement_type in TEMPORARY_PLACEMENTS:
            continue
        key = (episode.placement_type, episode.placement_provider)
        if placement_key is not None and key != placement_key:
            placement_start = episode.start_on
        placement_key = key
        placement_episode = episode
    return period, placement_start, placement_episode


def _open_on(episodes: list[EpisodeFact], day: date) -> EpisodeFact | None:
    """The episode open on ``day`` that started last (episodes of one kind should not overlap)."""
    found = None
    for episode in episodes:
        is_open = episode.start_on <= day and (episode.end_on is None or episode.end_on >= day)
        if is_open and (found is None or episode.start_on >= found.start_on):
            found = episode
    return found


def _span_words(start: date, end: date) -> str:
    """ "12 to 23 October 2020", "28 September to 9 October 2020", "21 December 2020 to 8 January 2021"."""
    if start == end:
        return _w(start)
    if start.year != end.year:
        return f"{_w(start)} to {_w(end)}"
    if start.month != end.month:
        return f"{start.day} {_MONTHS[start.month]} to {_w(end)}"
    return f"{start.day} to {_w(end)}"


def _plural_days(count: int) -> str:
    return f"{count} working day{'s' if count != 1 else ''}"


def assessment_pause_days(
    pauses: Sequence[tuple[date, date | None]], referral_on: date, completed_on: date | None, today: date
) -> tuple[int, list[str]]:
    """The working days an assessment's clock stood still, and a line for each pause ("Paused 12 to 23 October 2020
    by key decision: due date moves by 10 working days").

    A pause counts its working days inclusive (a pause over a bank holiday does not count the holiday); only days
    after the referral (day 0), up to the completion if the assessment is complete, and up to ``today`` while the
    pause is open. A pause that had not started by ``today``, or started after the completion, is ignored.
    Overlapping pauses count each day once (operating model: pauses agreed by a key decision, seed 002)."""
    limit = completed_on if completed_on is not None and completed_on <= today else None
    spans: list[tuple[date, date]] = []
    words: list[str] = []
    for start, end in sorted(pauses, key=lambda pause: pause[0]):
        if start > today or (limit is not None and start > limit):
            continue
        first = max(start, referral_on + _ONE_DAY)
        last = end if end is not None else today
        if limit is not None:
            last = min(last, limit)
        if last < first:
            continue
        days = working_days_between(first - _ONE_DAY, last)
        if end is None and limit is None:
            words.append(
                f"Paused from {_w(start)} by key decision, still paused: due date moves by {_plural_days(days)} so far"
            )
        else:
            words.append(f"Paused {_span_words(start, last)} by key decision: due date moves by {_plural_days(days)}")
        if spans and first <= spans[-1][1] + _ONE_DAY:
            spans[-1] = (spans[-1][0], max(spans[-1][1], last))
        else:
            spans.append((first, last))
    total = sum(working_days_between(first - _ONE_DAY, last) for first, last in spans)
    return total, words


class _Child:
    """One call's working state: the child's facts indexed once, and the items built from them."""

    def __init__(self, facts: ChildFacts, timeline: _Timeline, today: date) -> None:
        self.timeline = timeline
        self.today = today
        self.items: list[DueItem] = []
        self.episodes: dict[EpisodeKind, list[EpisodeFact]] = {kind: [] for kind in _EPISODE_KINDS}
        for episode in facts.episodes:
            if episode.start_on <= today:
                self.episodes[episode.kind].append(episode)
        for episodes in self.episodes.values():
            if len(episodes) > 1:
                episodes.sort(key=attrgetter("start_on", "id"))
        self.open = {kind: _open_on(episodes, today) for kind, episodes in self.episodes.items() if episodes}
        self.meetings: dict[MeetingKind, list[date]] = {kind: [] for kind in _MEETING_KINDS}
        for meeting in facts.meetings:
            if meeting.held_on <= today:
                self.meetings[meeting.kind].append(meeting.held_on)
        for dates in self.meetings.values():
            dates.sort()
        # Only the latest qualifying visit matters to any clock: one pass, no sort. On a day with several, the
        # in-person one (then the highest id) is named, whatever order the facts came in.
        self.last_visit: VisitFact | None = None
        best: tuple[date, bool, int] | None = None
        on = timeline.on
        for visit in facts.visits:
            if visit.on > today or not visit.child_seen or (best is not None and visit.on < best[0]):
                continue
            if not _counts(visit, on(visit.on).visit_counting):
                continue
            rank = (visit.on, visit.mode is VisitMode.IN_PERSON, visit.id)
            if best is None or rank > best:
                best, self.last_visit = rank, visit
        self.facts = facts

    # --- building items --------------------------------------------------------------------------------------

    def add(
        self,
        kind: DueKind,
        resolved: tuple[OperatingRules, OperatingRules, _Due],
        episode: EpisodeFact | None,
        facts: list[str],
        met_on: date | None = None,
        met_by: str = "",
    ) -> None:
        started_under, version, due = resolved
        facts.append(f"Operating model: {version.label}, in force from {_w(version.effective_from)}")
        if version is not started_under:
            facts.append(
                f"The interval started under {started_under.label}; {version.label} applies to intervals already "
                f"running from {_w(version.effective_from)}"
            )
        self.items.append(
            DueItem(
                kind=kind,
                due_on=due.on,
                basis=due.basis,
                rule=due.rule,
                version_id=version.version_id,
                version_label=version.label,
                status=due_status(due.on, self.today, met_on),
                episode_id=episode.id if episode is not None else None,
                met_on=met_on,
                met_by=met_by,
                facts=tuple(facts),
            )
        )

    def visit_since(self, start: date) -> VisitFact | None:
        last = self.last_visit
        return last if last is not None and last.on >= start else None

    def visit_facts(self, visit: VisitFact | None, since: date) -> str:
        if visit is None:
            return f"No qualifying visit since {_w(since)}"
        return f"Last qualifying visit: {_visit_words(visit)}"

    # --- visits at a fixed frequency (CIN, CP, Early Help, care leavers) --------------------------------------

    def visit_clock(
        self,
        kind: DueKind,
        label: str,
        episode: EpisodeFact,
        pick: Callable[[OperatingRules], VisitRule | None],
        statutory_source: str,
    ) -> None:
        """Visits at intervals of not more than the version's interval; the first within its first interval of the
        episode's start."""
        start = episode.start_on
        visit = self.visit_since(start)

        def source(rule: VisitRule) -> str:
            return rule.source or (statutory_source if rule.statutory else "Local policy")

        if visit is None:
            anchor = start

            def compute(version: OperatingRules) -> _Due | None:
                rule = pick(version)
                if rule is None:
                    return None
                basis = f"{label}: first visit within {rule.first_within} of the episode starting on {_w(start)}"
                return _Due(rule.first_within.after(start), basis, source(rule))

        else:
            anchor = visit.on

            def compute(version: OperatingRules) -> _Due | None:
                rule = pick(version)
                if rule is None:
                    return None
                basis = f"{label}: visit within {rule.interval} of the last visit on {_w(anchor)}"
                return _Due(rule.interval.after(anchor), basis, source(rule))

        resolved = self.timeline.resolve(anchor, compute)
        facts = [_episode_words(episode), self.visit_facts(visit, start)]
        if resolved is None:
            # The version this interval started under set no frequency (Early Help): the clock starts when a
            # later version first sets one.
            versions = self.timeline.versions
            for index in range(self.timeline.index_on(anchor) + 1, len(versions)):
                version = versions[index]
                if version.effective_from > self.today:
                    return
                rule = pick(version)
                if rule is not None:
                    began = version.effective_from
                    basis = (
                        f"{label}: first visit within {rule.first_within} of {label} visits being required from "
                        f"{_w(began)}"
                    )
                    due = _Due(rule.first_within.after(began), basis, source(rule))
                    self.add(kind, (version, version, due), episode, facts)
                    return
            return
        self.add(kind, resolved, episode, facts)

    # --- private fostering (PF Regs regs 4, 7, 8) -------------------------------------------------------------

    def private_fostering(self, episode: EpisodeFact) -> None:
        """First visit within 7 working days of notification (regs 4 and 7), then at intervals of not more than
        6 weeks in the arrangement's first year and 12 weeks after (reg 8(1)); the arrangement is taken to begin
        when the council knew of it (reg 8(6)): the episode's start."""
        start = episode.start_on
        visit = self.visit_since(start)
        if visit is None:
            anchor = start

            def compute(version: OperatingRules) -> _Due:
                first = version.private_fostering.first_within
                basis = f"Private fostering: first visit within {first} of the notification on {_w(start)}"
                return _Due(first.after(start), basis, "PF Regs regs 4 and 7")

        else:
            anchor = visit.on
            anniversary = start + _ONE_YEAR
            first_year = anchor < anniversary

            def compute(version: OperatingRules) -> _Due:
                pf = version.private_fostering
                interval = pf.first_year if first_year else pf.after_first_year
                when = "in the first year" if first_year else "after the first year"
                basis = (
                    f"Private fostering: visit within {interval} of the last visit on {_w(anchor)} ({when} of the "
                    f"arrangement from {_w(start)})"
                )
                return _Due(interval.after(anchor), basis, f"PF Regs reg 8(1)({'a' if first_year else 'b'})")

        resolved = self.timeline.resolve(anchor, compute)
        assert resolved is not None
        self.add(
            DueKind.PRIVATE_FOSTERING_VISIT,
            resolved,
            episode,
            [_episode_words(episode), self.visit_facts(visit, start)],
        )

    # --- looked after: reg 28 visits, reviews, placement plan -------------------------------------------------

    def looked_after(self, current: EpisodeFact) -> None:
        period, placement_start, placement_episode = care_period(self.episodes[EpisodeKind.LOOKED_AFTER], current)
        care_start = period[0].start_on

        at_home = placement_episode.placement_type == WITH_PARENTS
        legal = current.legal_status
        reviews = self.meetings[MeetingKind.LAC_REVIEW]
        reviews = reviews[bisect_left(reviews, care_start) :]
        first_review = reviews[0] if reviews else None

        facts = [_episode_words(current)]
        if care_start != current.start_on:
            facts.append(f"Looked after continuously since {_w(care_start)} ({len(period)} episodes)")
        if placement_episode is not current or placement_start != current.start_on:
            facts.append(f"Placement from {_w(placement_start)}: {_episode_words(placement_episode)}")

        self.lac_visit(current, placement_episode, legal, at_home, placement_start, period, first_review, facts)
        self.lac_review(current, care_start, reviews, facts[:1] + [f"Looked after since {_w(care_start)}"])
        self.placement_plan(current, placement_start, list(facts))

    def lac_visit(
        self,
        current: EpisodeFact,
        placement: EpisodeFact,
        legal: str,
        at_home: bool,
        placement_start: date,
        period: list[EpisodeFact],
        first_review: date | None,
        facts: list[str],
    ) -> None:
        facts = list(facts)
        if placement.is_reg24_placement or (legal == INTERIM_CARE_ORDER and at_home):
            paragraph = "28(4)"
        elif at_home and not placement.parent_assessment_complete:
            paragraph = "28(3)"
        elif legal == CARE_ORDER and at_home:
            paragraph = "28(5)"
        else:
            paragraph = "28(2)"

        day0 = placement_start
        day0_words = f"the placement starting on {_w(placement_start)}"
        if paragraph == "28(5)":
            # Day 0 is the care order: the start of the run of C2 episodes up to now, unless the placement is newer.
            index = len(period) - 1
            while index and period[index - 1].legal_status == CARE_ORDER:
                index -= 1
            order_on = period[index].start_on
            if order_on >= placement_start:
                day0 = order_on
                day0_words = f"the care order on {_w(order_on)}"
        visit = self.visit_since(day0)
        anchor = visit.on if visit is not None else day0
        if paragraph in ("28(3)", "28(4)"):
            facts.append(
                f"First looked-after review held on {_w(first_review)}"
                if first_review is not None
                else "No looked-after review held yet"
            )

        def compute(version: OperatingRules) -> _Due:
            lav = version.looked_after
            if paragraph == "28(2)":
                if visit is None:
                    return _Due(
                        lav.first_within.after(day0),
                        f"Looked after: first visit within {lav.first_within} of {day0_words}",
                        "CPPCR reg 28(2)(a)",
                    )
                anniversary = placement_start + _ONE_YEAR
                if anchor < anniversary:
                    interval, rule, when = lav.first_year, "CPPCR reg 28(2)(b)", "in the first year of the placement"
                elif placement.placement_intended_until_18:
                    interval, rule = lav.after_first_year_until_18, "CPPCR reg 28(2)(c)(i)"
                    when = "after the placement's first year; the placement is intended to last until 18"
                else:
                    interval, rule = lav.after_first_year_other, "CPPCR reg 28(2)(c)(ii)"
                    when = "after the placement's first year; the placement is not intended to last until 18"
                basis = f"Looked after: visit within {interval} of the last visit on {_w(anchor)} ({when})"
                return _Due(interval.after(anchor), basis, rule)
            if paragraph == "28(5)":
                if visit is None:
                    interval = lav.care_order_at_home_first_within
                    basis = f"Looked after: first visit within {interval} of {day0_words} (living with a parent)"
                    return _Due(interval.after(day0), basis, "CPPCR reg 28(5)(a)")
                interval = lav.care_order_at_home
                basis = (
                    f"Looked after: visit within {interval} of the last visit on {_w(anchor)} (care order, living "
                    "with a parent)"
                )
                return _Due(interval.after(anchor), basis, "CPPCR reg 28(5)(b)")
            if paragraph == "28(4)":
                weekly, after = lav.reg24_or_ico_at_home, lav.reg24_or_ico_at_home_after_first_review
                who = "reg 24 placement" if placement.is_reg24_placement else "interim care order, living with a parent"
            else:
                weekly, after = lav.placed_with_parent_before_assessment, lav.placed_with_parent_after_first_review
                who = "placed with a parent before the parent's assessment is complete"
            reviewed = first_review is not None and first_review <= anchor
            if visit is None:
                if reviewed:
                    basis = f"Looked after: first visit within {lav.first_within} of {day0_words} ({who})"
                    return _Due(lav.first_within.after(day0), basis, "CPPCR reg 28(2)(a)")
                basis = f"Looked after: first visit within {weekly} of {day0_words} ({who}; until the first review)"
                return _Due(weekly.after(day0), basis, f"CPPCR reg {paragraph}(a)")
            if reviewed:
                basis = (
                    f"Looked after: visit within {after} of the last visit on {_w(anchor)} ({who}; the first review "
                    f"was held on {_w(first_review)})"
                )
                return _Due(after.after(anchor), basis, f"CPPCR reg {paragraph}(b)")
            basis = f"Looked after: visit within {weekly} of the last visit on {_w(anchor)} ({who}; until the first "
            basis += "review, not yet held)" if first_review is None else f"review on {_w(first_review)})"
            return _Due(weekly.after(anchor), basis, f"CPPCR reg {paragraph}(a)")

        resolved = self.timeline.resolve(anchor, compute)
        assert resolved is not None
        facts.append(self.visit_facts(visit, day0))
        self.add(DueKind.LAC_VISIT, resolved, current, facts)

    def lac_review(self, current: EpisodeFact, care_start: date, reviews: list[date], facts: list[str]) -> None:
        """CPPCR reg 33: the first review within 20 working days of becoming looked after, the second within 3
        months of the first, later ones within 6 months of the one before."""
        if not reviews:
            anchor = care_start

            def compute(version: OperatingRules) -> _Due:
                interval = version.timescales.first_lac_review
                basis = f"Looked-after review: first review within {interval} of becoming looked after on {_w(anchor)}"
                return _Due(interval.after(anchor), basis, "CPPCR reg 33")

        else:
            anchor = reviews[-1]
            second = len(reviews) == 1
            facts.append(
                f"{len(reviews)} looked-after review{'s' if not second else ''} held, the last on {_w(anchor)}"
            )

            def compute(version: OperatingRules) -> _Due:
                ts = version.timescales
                interval = ts.second_lac_review if second else ts.later_lac_reviews
                which = "second review" if second else "next review"
                basis = f"Looked-after review: {which} within {interval} of the review on {_w(anchor)}"
                return _Due(interval.after(anchor), basis, "CPPCR reg 33")

        resolved = self.timeline.resolve(anchor, compute)
        assert resolved is not None
        self.add(DueKind.LAC_REVIEW, resolved, current, facts)

    def placement_plan(self, current: EpisodeFact, placement_start: date, facts: list[str]) -> None:
        """CPPCR reg 9(2): the placement plan within 5 working days of the placement's start."""
        plans = sorted(d for d in self.facts.placement_plans if placement_start <= d <= self.today)
        met_on = plans[0] if plans else None

        def compute(version: OperatingRules) -> _Due:
            interval = version.timescales.placement_plan
            basis = f"Placement plan: within {interval} of the placement starting on {_w(placement_start)}"
            return _Due(interval.after(placement_start), basis, f"CPPCR reg 9(2): {interval} from the placement start")

        resolved = self.timeline.resolve(placement_start, compute, stop=met_on)
        assert resolved is not None
        met_by = ""
        if met_on is not None:
            met_by = _met_words(
                "Placement plan completed", met_on, resolved[2].on, resolved[1].timescales.placement_plan
            )
        self.add(DueKind.PLACEMENT_PLAN, resolved, current, facts, met_on, met_by)

    # --- child protection: core group, review conferences --------------------------------------------------

    def child_protection(self, cp: EpisodeFact) -> None:
        """Working Together: first core group within 10 working days of the ICPC; RCPC within 3 months of the ICPC,
        then within 6 months of each RCPC."""
        episodes = self.episodes[EpisodeKind.CHILD_PROTECTION]
        index = episodes.index(cp)
        previous_end = episodes[index - 1].end_on if index else None
        conference = _last_on_or_before(self.meetings[MeetingKind.INITIAL_CONFERENCE], cp.start_on)
        if conference is not None and previous_end is not None and conference <= previous_end:
            conference = None  # that conference made the previous plan
        episode_facts = [_episode_words(cp)]
        if conference is not None:
            day0, day0_words = conference, f"the initial conference on {_w(conference)}"
            episode_facts.append(f"Initial conference held on {_w(conference)}")
        else:
            day0, day0_words = cp.start_on, f"the plan starting on {_w(cp.start_on)} (no initial conference recorded)"

        # First core group.
        met_on = _first_on_or_after(self.meetings[MeetingKind.CORE_GROUP], day0)

        def core_group(version: OperatingRules) -> _Due:
            interval = version.timescales.first_core_group
            basis = f"First core group: within {interval} of {day0_words}"
            return _Due(interval.after(day0), basis, f"Working Together: {interval} from the initial conference")

        resolved = self.timeline.resolve(day0, core_group, stop=met_on)
        assert resolved is not None
        met_by = ""
        if met_on is not None:
            interval = resolved[1].timescales.first_core_group
            met_by = _met_words("Core group held", met_on, resolved[2].on, interval)
        self.add(DueKind.FIRST_CORE_GROUP, resolved, cp, list(episode_facts), met_on, met_by)

        # The next review conference.
        reviews = self.meetings[MeetingKind.REVIEW_CONFERENCE]
        reviews = reviews[bisect_left(reviews, day0) :]
        facts = list(episode_facts)
        if not reviews:
            anchor = day0

            def review(version: OperatingRules) -> _Due:
                interval = version.timescales.first_review_conference
                basis = f"Review conference: first review within {interval} of {day0_words}"
                return _Due(
                    interval.after(anchor), basis, f"Working Together: first review within {interval} of the ICPC"
                )

        else:
            anchor = reviews[-1]
            facts.append(f"Last review conference held on {_w(anchor)}")

            def review(version: OperatingRules) -> _Due:
                interval = version.timescales.later_review_conferences
                basis = f"Review conference: next review within {interval} of the review conference on {_w(anchor)}"
                return _Due(
                    interval.after(anchor), basis, f"Working Together: later reviews within {interval} of the last"
                )

        resolved = self.timeline.resolve(anchor, review)
        assert resolved is not None
        self.add(DueKind.REVIEW_CONFERENCE, resolved, cp, facts)

    # --- one-off timescales not tied to an open plan: assessment, initial conference ------------------------

    def assessments(self) -> None:
        """Working Together: each child and family assessment within 45 working days of the referral."""
        cin = self.episodes[EpisodeKind.CHILD_IN_NEED]
        for assessment in self.facts.assessments:
            referral = assessment.referral_on
            if referral > self.today:
                continue
            completed = assessment.completed_on
            met_on = completed if completed is not None and completed <= self.today else None
            episode = _open_on(cin, referral)
            if episode is not None:
                if episode.end_on is not None and episode.end_on < self.today:
                    continue
            elif met_on is not None:
                continue

            paused, pause_words = assessment_pause_days(assessment.pauses, referral, met_on, self.today)

            def compute(version: OperatingRules, referral: date = referral, paused: int = paused) -> _Due:
                interval = version.timescales.assessment
                basis = f"Assessment: complete within {interval} of the referral on {_w(referral)}"
                due = interval.after(referral)
                if paused:
                    due = add_working_days(due, paused)
                    basis += f", plus {paused} working day{'s' if paused != 1 else ''} paused by key decision"
                return _Due(due, basis, f"Working Together: {interval} from referral")

            resolved = self.timeline.resolve(referral, compute, stop=met_on)
            assert resolved is not None
            facts = [f"Referral on {_w(referral)}", *pause_words]
            if episode is not None:
                facts.insert(0, _episode_words(episode))
            met_by = ""
            if met_on is not None:
                met_by = _met_words("Assessment completed", met_on, resolved[2].on, resolved[1].timescales.assessment)
            self.add(DueKind.ASSESSMENT, resolved, episode, facts, met_on, met_by)

    def initial_conference(self) -> None:
        """Working Together: the ICPC within 15 working days of the last strategy discussion before it."""
        cp = self.episodes[EpisodeKind.CHILD_PROTECTION]
        # A strategy discussion held while a plan was already open (not one starting that day) starts no ICPC clock.
        discussions = [
            d
            for d in self.meetings[MeetingKind.STRATEGY_DISCUSSION]
            if not any(e.start_on < d and (e.end_on is None or e.end_on >= d) for e in cp)
        ]
        if not discussions:
            return
        discussion = discussions[-1]
        met_on = _first_on_or_after(self.meetings[MeetingKind.INITIAL_CONFERENCE], discussion)
        episode = _open_on(self.episodes[EpisodeKind.CHILD_IN_NEED] + cp, discussion)
        if episode is not None:
            if episode.end_on is not None and episode.end_on < self.today:
                return
        elif met_on is not None:
            return

        def compute(version: OperatingRules) -> _Due:
            interval = version.timescales.initial_conference
            basis = f"Initial conference: within {interval} of the strategy discussion on {_w(discussion)}"
            return _Due(
                interval.after(discussion), basis, f"Working Together: {interval} from the last strategy discussion"
            )

        resolved = self.timeline.resolve(discussion, compute, stop=met_on)
        assert resolved is not None
        facts = [f"Last strategy discussion held on {_w(discussion)}"]
        if episode is not None:
            facts.insert(0, _episode_words(episode))
        met_by = ""
        if met_on is not None:
            interval = resolved[1].timescales.initial_conference
            met_by = _met_words("Initial conference held", met_on, resolved[2].on, interval)
        self.add(DueKind.INITIAL_CONFERENCE, resolved, episode, facts, met_on, met_by)

    # --- everything ------------------------------------------------------------------------------------------

    def remote_contact(self, episode: EpisodeFact, label: str) -> None:
        """Remote contact at least as often as the version in force today asks (the COVID-19 preset: weekly phone or
        remote contact with open Early Help and CIN families, seed 002). The clock starts on the later of the
        episode's start and the date that version came into force, then runs from the last remote contact."""
        version = self.timeline.on(self.today)
        interval = version.remote_contact
        if interval is None:
            return
        start = max(episode.start_on, version.effective_from)
        last = _last_on_or_before(sorted(d for d in self.facts.contacts if d >= start), self.today)
        since = last or start
        due_on = interval.after(since)
        basis = (
            f"{label}: remote contact within {interval} of the last contact on {_w(last)}"
            if last
            else f"{label}: remote contact within {interval} of {_w(start)}"
        )
        self.items.append(
            DueItem(
                kind=DueKind.REMOTE_CONTACT,
                due_on=due_on,
                basis=basis,
                rule="Operating model: weekly phone or remote contact with open Early Help and CIN cases (seed 002)",
                version_id=version.version_id,
                version_label=version.label,
                status=due_status(due_on, self.today, None),
                episode_id=episode.id,
                facts=(
                    _episode_words(episode),
                    f"Operating model: {version.label}, in force from {_w(version.effective_from)}",
                ),
            )
        )

    def dated_item(self, *, kind: DueKind, due_on: date, basis: str, rule: str, fact: str) -> None:
        """An item due on a date another feature set (a decision's or a rating's review, a campaign's deadline),
        explained under the version in force today."""
        version = self.timeline.on(self.today)
        self.items.append(
            DueItem(
                kind=kind,
                due_on=due_on,
                basis=basis,
                rule=rule,
                version_id=version.version_id,
                version_label=version.label,
                status=due_status(due_on, self.today, None),
                facts=(fact, f"Operating model: {version.label}, in force from {_w(version.effective_from)}"),
            )
        )

    def decision_review(self, decision: DecisionFact) -> None:
        """A key decision's next review, on the date set when it was approved or last reviewed (seed 002: reviewed
        after three weeks; the period comes from the operating model when the decision was proposed)."""
        self.dated_item(
            kind=DueKind.DECISION_REVIEW,
            due_on=decision.next_review_on,
            basis=f"Key decision \u201c{decision.label}\u201d approved or last reviewed on "
            f"{date_words(decision.last_decided_on)}: review within {decision.review_after_days} days",
            rule="Operating model: deviations from normal practice are reviewed (DfE guidance; seed 002)",
            fact=f"Key decision {decision.id}: {decision.label}",
        )

    def rag_review(self, rag: RagReviewFact) -> None:
        """The current RAG rating's review, on the date set when it was given: the operating model's period for
        that rating (Caseboard's default: red weekly, amber fortnightly, green monthly; DOMAIN.md section 7).
        Only while the child has an open case: a closed case is not rated."""
        if not any(episode is not None for episode in self.open.values()):
            return
        self.dated_item(
            kind=DueKind.RAG_REVIEW,
            due_on=rag.next_review_on,
            basis=f"{rag.rating} rating given on {date_words(rag.rated_on)}: review within "
            f"{rag.review_after_days} days",
            rule="Operating model: RAG ratings are reviewed (DOMAIN.md section 7)",
            fact=f"RAG rating {rag.id}: {rag.rating}",
        )

    def rating_campaign(self, campaign: CampaignFact) -> None:
        """A rating campaign's deadline, while the child has an open case and no rating since the campaign started
        (the fact source only passes campaigns the child still owes)."""
        if not any(episode is not None for episode in self.open.values()):
            return
        self.dated_item(
            kind=DueKind.RATING_CAMPAIGN,
            due_on=campaign.deadline,
            basis=f"Rating campaign \u201c{campaign.name}\u201d started on {date_words(campaign.started_on)}: "
            f"rate the child by {date_words(campaign.deadline)}",
            rule="Local practice: every open child is RAG rated (DOMAIN.md section 7)",
            fact=f"Rating campaign {campaign.id}: {campaign.name}",
        )

    def compute(self) -> list[DueItem]:
        open_ = self.open
        cin = open_.get(EpisodeKind.CHILD_IN_NEED)
        cp = open_.get(EpisodeKind.CHILD_PROTECTION)
        lac = open_.get(EpisodeKind.LOOKED_AFTER)
        early_help = open_.get(EpisodeKind.EARLY_HELP)
        care_leaver = open_.get(EpisodeKind.CARE_LEAVER)
        private_fostering = open_.get(EpisodeKind.PRIVATE_FOSTERING)

        if cin is not None and cp is None and lac is None:
            self.visit_clock(DueKind.CIN_VISIT, "Child in need", cin, attrgetter("cin_visits"), "Local policy")
        if cp is not None:
            self.visit_clock(DueKind.CP_VISIT, "Child protection", cp, attrgetter("cp_visits"), "Local policy")
            self.child_protection(cp)
        if (
            early_help is not None
            and cin is None
            and cp is None
            and lac is None
            and self.timeline.on(self.today).early_help_visits is not None
        ):
            self.visit_clock(
                DueKind.EARLY_HELP_VISIT, "Early Help", early_help, attrgetter("early_help_visits"), "Local policy"
            )
        if cp is None and lac is None and (cin is not None or early_help is not None):
            self.remote_contact(cin or early_help, "Child in need" if cin is not None else "Early Help")
        if care_leaver is not None:
            rating = self.facts.rag_reviews[0].rating.lower() if self.facts.rag_reviews else ""

            def care_leaver_rule(version: OperatingRules) -> VisitRule | None:
                # The personal adviser's contact follows the care leaver's RAG rating where the version says so.
                by_rating = dict(version.care_leaver_visits_by_rating)
                return by_rating.get(rating) or version.care_leaver_visits

            self.visit_clock(
                DueKind.CARE_LEAVER_CONTACT,
                f"Care leaver rated {rating}"
                if rating and rating in dict(self.timeline.on(self.today).care_leaver_visits_by_rating)
                else "Care leaver",
                care_leaver,
                care_leaver_rule,
                "Care Leavers Regs reg 8(2)",
            )
        if private_fostering is not None:
            self.private_fostering(private_fostering)
        if lac is not None:
            self.looked_after(lac)
        if self.facts.assessments:
            self.assessments()
        if self.meetings[MeetingKind.STRATEGY_DISCUSSION]:
            self.initial_conference()
        for decision in self.facts.decisions:
            self.decision_review(decision)
        for rag in self.facts.rag_reviews:
            self.rag_review(rag)
        for campaign in self.facts.campaigns:
            self.rating_campaign(campaign)
        items = self.items
        items.sort(key=_order)
        return items


def _order(item: DueItem) -> tuple[date, str, int, str]:
    return (item.due_on, item.kind, item.episode_id if item.episode_id is not None else -1, item.basis)


def compute_due_items(facts: ChildFacts, versions: Sequence[OperatingRules], today: date) -> list[DueItem]:
    """Everything due for a child as of ``today``: the next visit on each running clock and each statutory
    timescale, with why (basis), the rule, the operating-model version used and the facts used. Ordered by due
    date, then kind. No versions, no items."""
    if not versions:
        return []
    return _Child(facts, _Timeline(versions), today).compute()


def visit_counts(visit: VisitFact, counting: VisitCounting) -> bool:
    """Whether a visit counts towards the statutory visiting clock under a version's visit counting rule."""
    return _counts(visit, counting)
