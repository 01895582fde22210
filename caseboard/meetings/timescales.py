"""When a meeting is due, from the timescales of the operating model in force (DOMAIN.md section 4). Pure Python:
dates and the council's timeline in, dates out.

- Initial child protection conference: within 15 working days of the last strategy discussion (Working Together).
- First core group: within 10 working days of the initial conference.
- Review conferences: within 3 months of the initial conference, then within 6 months of the last review.
- Looked-after reviews: within 20 working days of becoming looked after, then 3 months, then 6 months, each counted
  from the previous review as held (CPPCR reg 33).

Each interval uses the version in force on the day it starts (its day 0), as the statutory clock does.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from caseboard.clock.vocabulary import Interval, OperatingRules, Timescales
from caseboard.compliance.rules import date_words, rules_in_force


def _timescales(timeline: Sequence[OperatingRules], day0: date) -> Timescales:
    return rules_in_force(timeline, day0).timescales if timeline else Timescales()


def initial_conference_due(timeline: Sequence[OperatingRules], *, discussion_on: date) -> date:
    return _timescales(timeline, discussion_on).initial_conference.after(discussion_on)


def first_core_group_due(timeline: Sequence[OperatingRules], *, conference_on: date) -> date:
    return _timescales(timeline, conference_on).first_core_group.after(conference_on)


def review_conference_due(timeline: Sequence[OperatingRules], *, conference_on: date, reviews: Sequence[date]) -> date:
    """The next review conference: 3 months after the initial conference, then 6 months after the last review."""
    held = sorted(d for d in reviews if d >= conference_on)
    if not held:
        return _timescales(timeline, conference_on).first_review_conference.after(conference_on)
    return _timescales(timeline, held[-1]).later_review_conferences.after(held[-1])


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


_ORDINAL = {1: "First", 2: "Second", 3: "Third"}


def _interval(ts: Timescales, number: int) -> Interval:
    if number == 1:
        return ts.first_lac_review
    return ts.second_lac_review if number == 2 else ts.later_lac_reviews


def lac_review_schedule(
    timeline: Sequence[OperatingRules], *, looked_after_from: date, reviews: Sequence[date], count: int = 3
) -> list[ReviewDate]:
    """The first ``count`` looked-after reviews (at least as many as have been held, plus the next): each due from
    the one before as actually held, the first from the day the child became looked after."""
    held = sorted(d for d in reviews if d >= looked_after_from)
    schedule: list[ReviewDate] = []
    anchor: date | None = looked_after_from
    for number in range(1, max(count, len(held) + 1) + 1):
        held_on = held[number - 1] if number <= len(held) else None
        if anchor is None:
            schedule.append(ReviewDate(number, None, None, "Due once the review before it is held"))
            continue
        interval = _interval(_timescales(timeline, anchor), number)
        since = (
            f"becoming looked after on {date_words(anchor)}" if number == 1 else f"the review on {date_words(anchor)}"
        )
        name = f"{_ORDINAL[number]} review" if number in _ORDINAL else f"Review {number}"
        schedule.append(ReviewDate(number, interval.after(anchor), held_on, f"{name}: within {interval} of {since}"))
        anchor = held_on
    return schedule


def next_lac_review_due(
    timeline: Sequence[OperatingRules], *, looked_after_from: date, reviews: Sequence[date]
) -> date | None:
    """The due date of the next looked-after review not yet held."""
    for row in lac_review_schedule(timeline, looked_after_from=looked_after_from, reviews=reviews):
        if row.held_on is None:
            return row.due_on
    return None
