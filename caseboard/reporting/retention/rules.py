"""When a child's record is due for review under the council's retention periods (plain Python: no Django).

A record is kept while the child is known to the service (any open episode) and until the birthday the operating
model sets: the 75th for a child ever looked after (the period usually cited, CPPCR believed reg 50) or, if that child
died before 18, for the years after their death it sets (15 usually cited); the council's own birthday for other
children. It is then due for review: kept longer for a reason (proceedings, an inquiry), or destroyed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class RetentionPeriods:
    looked_after_until_age: int
    other_until_age: int
    after_death_years: int = 15


@dataclass(frozen=True)
class ReviewDue:
    due_on: date
    basis: str


def birthday(born: date, age: int) -> date:
    """The ``age``-th birthday (29 February counts as 28 February in other years)."""
    try:
        return born.replace(year=born.year + age)
    except ValueError:
        return born.replace(year=born.year + age, day=28)


def died_before_18(born: date, died_on: date | None) -> bool:
    return died_on is not None and died_on < birthday(born, 18)


def review_due(
    *,
    born: date | None,
    died_on: date | None = None,
    ever_looked_after: bool,
    known_now: bool,
    last_ended_on: date | None,
    periods: RetentionPeriods,
) -> ReviewDue | None:
    """When the record comes due for review, and why; ``None`` while the child is known to the service or without a
    date of birth (an unborn child's record has no period yet)."""
    if born is None or known_now:
        return None
    if ever_looked_after and died_before_18(born, died_on):
        years = periods.after_death_years
        due_on = birthday(died_on, years)  # type: ignore[arg-type]
        basis = f"ever looked after, died before 18: kept {years} years after their death on {died_on:%-d %B %Y}"
    else:
        if ever_looked_after:
            age, who = periods.looked_after_until_age, "ever looked after"
        else:
            age, who = periods.other_until_age, "never looked after"
        due_on = birthday(born, age)
        basis = f"{who}: kept until age {age}"
    if last_ended_on is not None and last_ended_on > due_on:
        return ReviewDue(last_ended_on, f"{basis}; known to the service until {last_ended_on:%-d %B %Y}")
    return ReviewDue(due_on, basis)
