"""When are a child's reviews, conferences and plans due? Looked-after reviews (CPPCR reg 33), the initial child
protection conference, the first core group and review conferences (Working Together), the placement plan (CPPCR
reg 9(2)). Sources: DOMAIN.md section 4. Each interval's version is resolved by ``Timeline.resolve``.

- Initial conference: within 15 working days of the strategy discussion at which the section 47 enquiry was
  initiated (the strategy discussion itself where only one was held; not the last of several). The discussions that
  count are those that started a section 47 enquiry the child is still in (``initial_conference_day0``): a later
  discussion during the same enquiry does not restart the clock; one after an initial conference or after a plan
  started starts a new one.
- First core group: within 10 working days of the initial conference (or the plan's start if none is recorded).
- Review conferences: within 3 months of the initial conference, then within 6 months of the last review.
- Looked-after reviews: within 20 working days of becoming looked after (the care period's start), then 3 months,
  then 6 months, each counted from the review before as held (``lac_review_schedule``).
- Placement plan: within 5 working days of the placement's start.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from .versions import Due, Resolved, Timeline
from .vocabulary import Interval, OperatingRules, Timescales
from .words import date_words

__all__ = [
    "ReviewDate",
    "first_core_group",
    "initial_conference",
    "initial_conference_day0",
    "initial_conference_discussion",
    "lac_review",
    "lac_review_schedule",
    "next_lac_review",
    "placement_plan",
    "review_conference",
]

_w = date_words
_ORDINAL = {1: "First", 2: "Second", 3: "Third"}


# --- child protection ------------------------------------------------------------------------------------------------


def initial_conference_day0(
    discussions: Sequence[date], *, conferences: Sequence[date] = (), plan_starts: Sequence[date] = ()
) -> date | None:
    """Day 0 of the initial conference's clock: the strategy discussion at which the child's current section 47
    enquiry was initiated. ``discussions``: the dates of strategy discussions that sent the child into a section 47
    enquiry still leading to a conference, sorted; the latest is the current enquiry's. Earlier ones belong to the
    same enquiry unless an initial conference was held or a child protection plan started since (on or after the
    earlier discussion and before the latest)."""
    if not discussions:
        return None
    last = discussions[-1]
    breaks = sorted(d for d in (*conferences, *plan_starts) if d < last)
    day0 = last
    for discussion in reversed(discussions[:-1]):
        index = bisect_left(breaks, discussion)
        if index < len(breaks):
            break  # a conference or a plan since this discussion: it was an earlier enquiry
        day0 = discussion
    return day0


def initial_conference_discussion(
    discussions: Sequence[date], *, conferences: Sequence[date], plans: Sequence[tuple[date, date | None]]
) -> list[date]:
    """Day 0 of the initial conference's clock from a child's record: ``discussions`` (sorted dates of the strategy
    discussions that sent the child into a section 47 enquiry still leading to a conference), the initial conferences
    held and the child protection plans (start, end). A discussion held while a plan was already open (not one
    starting that day) starts no clock: that child's plan is reviewed at a review conference. Returns the current
    enquiry's discussions, day 0 first (empty: no clock)."""
    eligible = sorted({d for d in discussions if not any(s < d and (e is None or e >= d) for s, e in plans)})
    day0 = initial_conference_day0(eligible, conferences=conferences, plan_starts=[s for s, _e in plans])
    return [] if day0 is None else [d for d in eligible if d >= day0]


def initial_conference(timeline: Timeline, *, discussion_on: date, met_on: date | None = None) -> Resolved:
    """Working Together: the ICPC within 15 working days of the strategy discussion that initiated the section 47
    enquiry (``discussion_on``, from ``initial_conference_day0``)."""

    def compute(version: OperatingRules) -> Due:
        interval = version.timescales.initial_conference
        basis = f"Initial conference: within {interval} of the strategy discussion on {_w(discussion_on)}"
        return Due(
            timeline.after(interval, discussion_on),
            basis,
            f"Working Together: {interval} from the strategy discussion that initiated the section 47 enquiry",
        )

    resolved = timeline.resolve(discussion_on, compute, stop=met_on)
    assert resolved is not None
    return resolved


def first_core_group(timeline: Timeline, *, day0: date, day0_words: str, met_on: date | None = None) -> Resolved:
    """Working Together: the first core group within 10 working days of the initial conference."""

    def compute(version: OperatingRules) -> Due:
        interval = version.timescales.first_core_group
        basis = f"First core group: within {interval} of {day0_words}"
        return Due(timeline.after(interval, day0), basis, f"Working Together: {interval} from the initial conference")

    resolved = timeline.resolve(day0, compute, stop=met_on)
    assert resolved is not None
    return resolved


def review_conference(timeline: Timeline, *, day0: date, day0_words: str, reviews: Sequence[date]) -> Resolved:
    """Working Together: the next review conference, within 3 months of the initial conference (``day0``), then
    within 6 months of the last review (``reviews``: the review conferences held on or after day 0, sorted)."""
    if not reviews:

        def compute(version: OperatingRules) -> Due:
            interval = version.timescales.first_review_conference
            basis = f"Review conference: first review within {interval} of {day0_words}"
            return Due(
                timeline.after(interval, day0), basis, f"Working Together: first review within {interval} of the ICPC"
            )

        anchor = day0
    else:
        anchor = reviews[-1]

        def compute(version: OperatingRules) -> Due:
            interval = version.timescales.later_review_conferences
            basis = f"Review conference: next review within {interval} of the review conference on {_w(anchor)}"
            return Due(
                timeline.after(interval, anchor),
                basis,
                f"Working Together: later reviews within {interval} of the last",
            )

    resolved = timeline.resolve(anchor, compute)
    assert resolved is not None
    return resolved


# --- looked after ----------------------------------------------------------------------------------------------------


def _lac_interval(ts: Timescales, number: int) -> Interval:
    if number == 1:
        return ts.first_lac_review
    return ts.second_lac_review if number == 2 else ts.later_lac_reviews


def lac_review(timeline: Timeline, *, number: int, anchor: date) -> Resolved:
    """CPPCR reg 33: review ``number`` (1, 2, ...) from ``anchor`` (the care period's start for the first, the review
    before as held for the others): 20 working days, then 3 months, then 6 months."""

    def compute(version: OperatingRules) -> Due:
        interval = _lac_interval(version.timescales, number)
        if number == 1:
            basis = f"Looked-after review: first review within {interval} of becoming looked after on {_w(anchor)}"
        else:
            which = "second review" if number == 2 else "next review"
            basis = f"Looked-after review: {which} within {interval} of the review on {_w(anchor)}"
        return Due(timeline.after(interval, anchor), basis, "CPPCR reg 33")

    resolved = timeline.resolve(anchor, compute)
    assert resolved is not None
    return resolved


def next_lac_review(timeline: Timeline, *, care_start: date, reviews: Sequence[date]) -> tuple[int, Resolved]:
    """The next looked-after review not yet held: (its number, its due date). ``reviews``: the reviews held in the
    care period (on or after ``care_start``), sorted."""
    if not reviews:
        return 1, lac_review(timeline, number=1, anchor=care_start)
    return len(reviews) + 1, lac_review(timeline, number=len(reviews) + 1, anchor=reviews[-1])


@dataclass(frozen=True)
class ReviewDate:
    """One looked-after review in the schedule: when it is due (None until the review before it is held), when it was
    held, and why it is due then."""

    number: int
    due_on: date | None
    held_on: date | None
    basis: str

    @property
    def late_days(self) -> int:
        if self.due_on is None or self.held_on is None or self.held_on <= self.due_on:
            return 0
        return (self.held_on - self.due_on).days


def lac_review_schedule(
    timeline: Timeline, *, looked_after_from: date, reviews: Sequence[date], count: int = 3
) -> list[ReviewDate]:
    """The first ``count`` looked-after reviews (at least as many as have been held, plus the next): each due from
    the one before as actually held, the first from the day the child became looked after; the same due dates as the
    clock's looked-after review item (``next_lac_review``)."""
    held = sorted(d for d in reviews if d >= looked_after_from)
    schedule: list[ReviewDate] = []
    anchor: date | None = looked_after_from
    for number in range(1, max(count, len(held) + 1) + 1):
        held_on = held[number - 1] if number <= len(held) else None
        if anchor is None:
            schedule.append(ReviewDate(number, None, None, "Due once the review before it is held"))
            continue
        resolved = lac_review(timeline, number=number, anchor=anchor)
        interval = _lac_interval(resolved.version.timescales, number)
        since = f"becoming looked after on {_w(anchor)}" if number == 1 else f"the review on {_w(anchor)}"
        name = f"{_ORDINAL[number]} review" if number in _ORDINAL else f"Review {number}"
        schedule.append(ReviewDate(number, resolved.due.on, held_on, f"{name}: within {interval} of {since}"))
        anchor = held_on
    return schedule


def placement_plan(timeline: Timeline, *, placement_start: date, met_on: date | None = None) -> Resolved:
    """CPPCR reg 9(2): the placement plan within 5 working days of the placement's start."""

    def compute(version: OperatingRules) -> Due:
        interval = version.timescales.placement_plan
        basis = f"Placement plan: within {interval} of the placement starting on {_w(placement_start)}"
        return Due(
            timeline.after(interval, placement_start), basis, f"CPPCR reg 9(2): {interval} from the placement start"
        )

    resolved = timeline.resolve(placement_start, compute, stop=met_on)
    assert resolved is not None
    return resolved
