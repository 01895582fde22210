"""The arithmetic of check-in and supervision cadences, with no database: when the next one is due, and whether a
run of them was on time. ``today`` is always passed in."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from caseboard.compliance.calendar import add_working_days


@dataclass(frozen=True)
class Cadence:
    """Every ``every`` days (working days when ``working_days``), from the operating model's ``setting``."""

    every: int
    working_days: bool
    setting: str

    @property
    def words(self) -> str:
        if self.every == 1:
            return "every working day" if self.working_days else "every day"
        if self.working_days:
            return "every other working day" if self.every == 2 else f"every {self.every} working days"
        if self.every % 7 == 0:
            weeks = self.every // 7
            return "every week" if weeks == 1 else f"every {weeks} weeks"
        return f"every {self.every} days"

    def after(self, day: date) -> date:
        """The date the next one is due when the last was on ``day``."""
        if self.working_days:
            return add_working_days(day, self.every)
        return day + timedelta(days=self.every)


def next_due(cadence: Cadence, *, since: date, last: date | None) -> date:
    """Due ``cadence`` after the last one, or after ``since`` (when the cadence started to apply) if none since."""
    base = last if last is not None and last >= since else since
    return cadence.after(base)


@dataclass(frozen=True)
class OnTime:
    """Of the check-ins (or supervisions) that fell due in a period, how many were held by their due date."""

    due: int
    on_time: int

    @property
    def late(self) -> int:
        return self.due - self.on_time

    @property
    def percent(self) -> float | None:
        return None if self.due == 0 else round(100 * self.on_time / self.due, 1)

    def __add__(self, other: OnTime) -> OnTime:
        return OnTime(self.due + other.due, self.on_time + other.on_time)


def on_time(cadence: Cadence, *, since: date, held: Iterable[date], start: date, end: date) -> OnTime:
    """Walk the due dates from ``since``: each due date from ``start`` to ``end`` counts once, and is on time when a
    check-in was held after the one before and on or before it. A met due date starts the next interval from that
    check-in; a missed one from the due date itself (so three missed days of a daily cadence are three misses)."""
    days = sorted(d for d in set(held) if d > since)
    due_count = met = 0
    base = since
    index = 0
    while True:
        due = cadence.after(base)
        if due > end:
            break
        while index < len(days) and days[index] <= base:
            index += 1
        following = days[index] if index < len(days) else None
        hit = following is not None and following <= due
        if due >= start:
            due_count += 1
            met += hit
        base = following if hit and following is not None else due
    return OnTime(due_count, met)
