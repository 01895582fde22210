"""When is a child and family assessment due? Within 45 working days of the referral (Working Together; DOMAIN.md
section 4), later by each working day it was paused by an approved key decision (seed 002)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from .calendar import add_working_days, working_days_between
from .versions import Due, Resolved, Timeline
from .vocabulary import OperatingRules
from .words import date_words, plural_days, span_words

__all__ = ["assessment", "assessment_pause_days"]

_ONE_DAY = timedelta(days=1)


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
                f"Paused from {date_words(start)} by key decision, still paused: due date moves by "
                f"{plural_days(days)} so far"
            )
        else:
            words.append(f"Paused {span_words(start, last)} by key decision: due date moves by {plural_days(days)}")
        if spans and first <= spans[-1][1] + _ONE_DAY:
            spans[-1] = (spans[-1][0], max(spans[-1][1], last))
        else:
            spans.append((first, last))
    total = sum(working_days_between(first - _ONE_DAY, last) for first, last in spans)
    return total, words


def assessment(timeline: Timeline, *, referral_on: date, paused: int = 0, met_on: date | None = None) -> Resolved:
    """Working Together: complete within the version's timescale (45 working days) of the referral, plus ``paused``
    working days (``assessment_pause_days``). ``met_on``: the completion, when it is on or before today."""

    def compute(version: OperatingRules) -> Due:
        interval = version.timescales.assessment
        basis = f"Assessment: complete within {interval} of the referral on {date_words(referral_on)}"
        due = timeline.after(interval, referral_on)
        if paused:
            due = add_working_days(due, paused)
            basis += f", plus {plural_days(paused)} paused by key decision"
        return Due(due, basis, f"Working Together: {interval} from referral")

    resolved = timeline.resolve(referral_on, compute, stop=met_on)
    assert resolved is not None
    return resolved
