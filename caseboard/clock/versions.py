"""Which operating-model version applies to an interval, and where an item stands today.

One way to resolve the version in force: ``Timeline``. An interval uses the version in force on the date it started
(the episode or placement start, the last qualifying visit, the last meeting, the referral: DOMAIN.md section 3 rule
6; SI 2020/445 reg 14 saved actions taken under it). Exception: a later version with ``applies_to_running_intervals``
that takes effect after the interval started and on or before its due date (the due date is inclusive, so the
interval is still running that day) recomputes the due date under its own rules, still counted from the interval's
original start. Such versions are tried in date order, each against the due date as recomputed so far, so the result
may come out earlier than the new version's effective date (the item is then overdue from that date). A met one-off
item stops running on the date it was met, so a version taking effect after that leaves it alone.

A version may end (``OperatingRules.ends_on``): on the day after, the version it replaced (or the one it names) is in
force again, unless another version has taken effect by then. The timeline holds that return as one more entry, a copy
of the version returned to taking effect that day, so every lookup above treats it as any other change of version.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date, timedelta
from operator import attrgetter
from typing import NamedTuple

from .calendar import working_days_between
from .vocabulary import DueStatus, Interval, OperatingRules, Timescales, Unit, VisitRule
from .words import date_words

__all__ = [
    "DUE_SOON_WORKING_DAYS",
    "Due",
    "Resolved",
    "Timeline",
    "due_status",
    "rules_in_force",
    "statutory_timeline",
    "timeline_of",
    "with_returns",
]

DUE_SOON_WORKING_DAYS = 5
_ONE_DAY = timedelta(days=1)


class Due(NamedTuple):
    """A due date with the words that explain it and the rule it comes from."""

    on: date
    basis: str
    rule: str


class Resolved(NamedTuple):
    """An interval's due date, with the version it started under and the version that gave the date."""

    started_under: OperatingRules
    version: OperatingRules
    due: Due


Compute = Callable[[OperatingRules], "Due | None"]


class Timeline:
    """The operating model's versions by effective date, with the version lookups the clock needs. A timeline may be
    shared by many children (``interval.after`` results are remembered: many share a start date and an interval)."""

    __slots__ = ("_after", "_starts", "versions")

    def __init__(self, versions: Sequence[OperatingRules]) -> None:
        self.versions = with_returns(sorted(versions, key=attrgetter("effective_from")))  # stable sort
        self._starts = [v.effective_from for v in self.versions]
        self._after: dict[tuple[int, date], date] = {}

    @property
    def starts(self) -> list[date]:
        return self._starts

    def __bool__(self) -> bool:
        return bool(self.versions)

    def index_on(self, day: date) -> int:
        index = bisect_right(self._starts, day) - 1
        return index if index > 0 else 0

    def on(self, day: date) -> OperatingRules:
        """The version in force on a date: the last to take effect on or before it; before the first, the first."""
        return self.versions[self.index_on(day)]

    def after(self, interval: Interval, start: date) -> date:
        """``interval.after(start)``, remembered. (Keyed by the interval's identity: the versions hold every interval
        asked about, and hashing one costs more.)"""
        key = (id(interval), start)
        found = self._after.get(key)
        if found is None:
            found = self._after[key] = interval.after(start)
        return found

    def resolve(self, start: date, compute: Compute, stop: date | None = None) -> Resolved | None:
        """The due date of an interval starting on ``start``: under the version in force that day, unless a later
        version that applies to running intervals takes effect while it runs (until its due date, or ``stop`` if
        sooner: the date a one-off item was met). None when the version it started under sets no such rule."""
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
        return Resolved(started_under, version, due)


def with_returns(versions: list[OperatingRules]) -> list[OperatingRules]:
    """Versions by effective date, with an entry for each return to an earlier version the day after one ends (when
    no other version has taken effect by then)."""
    by_id = {version.version_id: version for version in versions}
    result: list[OperatingRules] = []
    for index, version in enumerate(versions):
        result.append(version)
        if version.ends_on is None:
            continue
        back_on = version.ends_on + _ONE_DAY
        following = versions[index + 1] if index + 1 < len(versions) else None
        if following is not None and following.effective_from <= back_on:
            continue  # replaced before it ended
        target = by_id.get(version.reverts_to_id) if version.reverts_to_id is not None else None
        if target is None:
            target = next((v for v in reversed(result[:-1]) if v.effective_from < version.effective_from), None)
        if target is None:
            continue
        result.append(
            replace(
                target,
                label=f"{target.label} (again from {date_words(back_on)}, after {version.label} ended)",
                effective_from=back_on,
                ends_on=None,
                reverts_to_id=None,
            )
        )
    return result


def timeline_of(versions: Sequence[OperatingRules] | Timeline) -> Timeline:
    return versions if isinstance(versions, Timeline) else Timeline(versions)


def rules_in_force(versions: Sequence[OperatingRules] | Timeline, on: date) -> OperatingRules:
    """The version in force on a date: the last to take effect on or before it; before the first, the first."""
    if not versions:
        raise ValueError("There is no operating-model version to apply")
    return timeline_of(versions).on(on)


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


_UNSET = VisitRule(Interval(0, Unit.CALENDAR_DAYS), Interval(0, Unit.CALENDAR_DAYS), statutory=False, source="")
_STATUTORY = OperatingRules(
    version_id=0,
    label="Statutory timescales",
    effective_from=date.min,
    cin_visits=_UNSET,
    cp_visits=_UNSET,
    early_help_visits=None,
    care_leaver_visits=_UNSET,
    timescales=Timescales(),
)


def statutory_timeline() -> Timeline:
    """A timeline of the statutory timescales alone (Working Together, CPPCR), for a database with no operating model
    yet; its visiting rules are unset and must not be read."""
    return Timeline([_STATUTORY])
