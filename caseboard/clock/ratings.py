"""Visits that follow the RAG rating (DOMAIN.md section 7; seed 004: red and amber children seen in person).

A version's ``rating_rules`` say, for a kind of involvement and a rating, how often the child is visited (replacing
the kind's own frequency) and which visits count (replacing the version's visit counting). The rating used is the one
in force on the date that matters, read from the child's rating history (``ChildFacts.ratings``), so past dates are
computed as they were:

- which visits count: the rating in force on the visit's date, under the version in force that day;
- how often: the rating in force on the interval's start (the episode's start, or the last counting visit). A rating
  given while the interval runs (after its start, on or before its due date as computed so far) recomputes the due
  date under the new rating's rule, still counted from the interval's start, as a version that applies to running
  intervals does (``versions.Timeline.resolve``): a child made red mid-interval is due as a red child would be, which
  may be at once.

For looked-after and privately fostered children the regulations' intervals are a floor on how often (reg 28, PF Regs
reg 8: "not more than"): a rating's frequency applies only where it is sooner (``visits.sooner_by_rating``), so a
red child may be seen more often than reg 28 asks, never less often. Its words say "at least every".

A child with no rating yet is treated as the version's ``not_rated_as`` says ("red" unless the council chooses
otherwise; "" for the kind's own rules). A version with no ``rating_rules`` (the statutory baseline) changes nothing.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from datetime import date

from .vocabulary import OperatingRules, RatingFact, RatingVisits, VisitCounting
from .words import date_words

__all__ = [
    "COUNTING_WORDS",
    "STATUTORY_SCHEDULES",
    "RatingHistory",
    "counting_under",
    "rule_for",
    "rule_words",
]

COUNTING_WORDS = {
    VisitCounting.IN_PERSON_ONLY: "in person only",
    VisitCounting.VIRTUAL_WITH_DECISION: "virtual visits count with an approved key decision",
    VisitCounting.VIRTUAL: "virtual visits count when the child is seen",
}


class RatingHistory:
    """A child's ratings by date: which was in force on a day, and which were given after a day."""

    __slots__ = ("_days", "ratings")

    def __init__(self, ratings: Sequence[RatingFact]) -> None:
        # On a day with several, the last given (highest id) is the one in force from that day.
        self.ratings = sorted(ratings, key=lambda r: (r.on, r.id))
        self._days = [r.on for r in self.ratings]

    def on(self, day: date) -> RatingFact | None:
        index = bisect_right(self._days, day)
        return self.ratings[index - 1] if index else None

    def changes_after(self, day: date, until: date) -> list[RatingFact]:
        """The ratings in force from a day after ``day`` up to ``until`` (one a day: the last given)."""
        found: dict[date, RatingFact] = {}
        for rating in self.ratings[bisect_right(self._days, day) :]:
            if rating.on > until:
                break
            found[rating.on] = rating
        return list(found.values())


def rule_for(version: OperatingRules, kind: str, rating: RatingFact | None) -> RatingVisits | None:
    """The version's rule for a kind of involvement and a rating (None: the kind's own rules apply)."""
    if not version.rating_rules:
        return None
    colour = rating.rating if rating is not None else version.not_rated_as
    if not colour:
        return None
    for rule in version.rating_rules:
        if rule.kind == kind and rule.rating == colour:
            return rule
    return None


def counting_under(version: OperatingRules, kind: str, rating: RatingFact | None) -> VisitCounting:
    """Which visits count for a child of this kind and rating under a version."""
    rule = rule_for(version, kind, rating)
    if rule is not None and rule.counting is not None:
        return rule.counting
    return version.visit_counting


def who_words(version: OperatingRules, rating: RatingFact | None) -> str:
    """ "Red since 2 April 2020", or "Not rated (treated as red)"."""
    if rating is not None:
        return f"{rating.rating.capitalize()} since {date_words(rating.on)}"
    return f"Not rated (treated as {version.not_rated_as})"


# The kinds of involvement whose own schedule is statutory: a rating's frequency only tightens it.
STATUTORY_SCHEDULES = frozenset({"lac", "private_fostering"})


def rule_words(version: OperatingRules, rule: RatingVisits, rating: RatingFact | None) -> str:
    """ "Red since 2 April 2020: visits every 5 working days, in person only" ("at least every" where the kind's own
    schedule is statutory)."""
    every = "at least every" if rule.kind in STATUTORY_SCHEDULES else "every"
    frequency = f"visits {every} {rule.visits.interval}" if rule.visits is not None else "visits at the usual frequency"
    counting = rule.counting if rule.counting is not None else version.visit_counting
    return f"{who_words(version, rating)}: {frequency}, {COUNTING_WORDS[counting]}"
