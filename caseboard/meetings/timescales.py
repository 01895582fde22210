"""When a meeting is due: the statutory clock's reviews and conferences (``caseboard.clock.reviews``), for the
meetings pages and the demo. Nothing is computed here: each function asks the clock, with the council's timeline.

- Initial child protection conference: within 15 working days of the strategy discussion at which the section 47
  enquiry was initiated (Working Together; DOMAIN.md section 4).
- First core group: within 10 working days of the initial conference.
- Review conferences: within 3 months of the initial conference, then within 6 months of the last review.
- Looked-after reviews: within 20 working days of becoming looked after, then 3 months, then 6 months, each counted
  from the previous review as held (CPPCR reg 33).

Each interval uses the version in force on the day it starts (its day 0), unless a later version applies to running
intervals, as the statutory clock does (``Timeline.resolve``).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from caseboard.clock import reviews as clock
from caseboard.clock.reviews import ReviewDate, initial_conference_day0
from caseboard.clock.versions import Timeline, statutory_timeline, timeline_of
from caseboard.clock.vocabulary import OperatingRules

__all__ = [
    "ReviewDate",
    "first_core_group_due",
    "initial_conference_day0",
    "initial_conference_due",
    "lac_review_schedule",
    "next_lac_review_due",
    "review_conference_due",
]


def _timeline(timeline: Sequence[OperatingRules] | Timeline) -> Timeline:
    return timeline_of(timeline) if timeline else statutory_timeline()


def initial_conference_due(timeline: Sequence[OperatingRules] | Timeline, *, discussion_on: date) -> date:
    """Due from the strategy discussion that initiated the section 47 enquiry (``initial_conference_day0``)."""
    return clock.initial_conference(_timeline(timeline), discussion_on=discussion_on).due.on


def first_core_group_due(timeline: Sequence[OperatingRules] | Timeline, *, conference_on: date) -> date:
    return clock.first_core_group(_timeline(timeline), day0=conference_on, day0_words="").due.on


def review_conference_due(
    timeline: Sequence[OperatingRules] | Timeline, *, conference_on: date, reviews: Sequence[date]
) -> date:
    """The next review conference: 3 months after the initial conference, then 6 months after the last review."""
    held = sorted(d for d in reviews if d >= conference_on)
    return clock.review_conference(_timeline(timeline), day0=conference_on, day0_words="", reviews=held).due.on


def lac_review_schedule(
    timeline: Sequence[OperatingRules] | Timeline, *, looked_after_from: date, reviews: Sequence[date], count: int = 3
) -> list[ReviewDate]:
    """The first ``count`` looked-after reviews (at least as many as have been held, plus the next)."""
    return clock.lac_review_schedule(
        _timeline(timeline), looked_after_from=looked_after_from, reviews=reviews, count=count
    )


def next_lac_review_due(
    timeline: Sequence[OperatingRules] | Timeline, *, looked_after_from: date, reviews: Sequence[date]
) -> date | None:
    """The due date of the next looked-after review not yet held (the clock's looked-after review item)."""
    held = sorted(d for d in reviews if d >= looked_after_from)
    return clock.next_lac_review(_timeline(timeline), care_start=looked_after_from, reviews=held)[1].due.on
