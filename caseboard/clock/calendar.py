"""Working days in England, for statutory deadlines counted in working days.

Source: DOMAIN.md section 5. A working day is not a Saturday, Sunday, Christmas Day, Good Friday or a bank
holiday in England and Wales under the Banking and Financial Dealings Act 1971 (the usual statutory formula,
e.g. FOIA 2000 s10(6); CPPCR reg 2). Christmas Eve and the non-holiday days between Christmas and New Year are
working days.

Bank holidays come from ``holidays.country_holidays("GB", subdiv="ENG")``. The ``subdiv`` matters: "GB" alone
gives only UK-wide days and omits Easter Monday and the August bank holiday, so deadlines near them would come
out a day early.

Pure Python (no Django): these functions run hundreds of thousands of times when a caseload is scored, so the
holidays are cached per year as sorted tuples of weekday dates, and whole runs of weekdays are counted with
arithmetic rather than day-by-day loops.
"""

from __future__ import annotations

from bisect import bisect_right
from datetime import date, timedelta
from functools import cache

import holidays

__all__ = [
    "add_working_days",
    "is_working_day",
    "next_working_day_on_or_after",
    "working_days_between",
]

_ONE_DAY = timedelta(days=1)


@cache
def _weekday_holidays(year: int) -> tuple[date, ...]:
    """Bank holidays in England in ``year`` that fall on a weekday, sorted.

    Observed (substitute) days are included, e.g. Boxing Day observed on Mon 28 Dec 2020 (DOMAIN.md s5).
    Weekend holidays are dropped: a weekend day is already not a working day.
    """
    eng = holidays.country_holidays("GB", subdiv="ENG", years=year)
    return tuple(sorted(d for d in eng if d.year == year and d.weekday() < 5))


@cache
def _weekday_holiday_set(year: int) -> frozenset[date]:
    """The same dates as ``_weekday_holidays(year)``, as a set for O(1) membership."""
    return frozenset(_weekday_holidays(year))


def _weekday_holidays_in(start: date, end: date) -> int:
    """Number of weekday bank holidays in England in the interval (start, end]."""
    if end <= start:
        return 0
    count = 0
    for year in range(start.year, end.year + 1):
        days = _weekday_holidays(year)
        lo = bisect_right(days, start) if year == start.year else 0
        hi = bisect_right(days, end) if year == end.year else len(days)
        count += hi - lo
    return count


def _weekdays_up_to(d: date) -> int:
    """Number of Mon-Fri days from 0001-01-01 (a Monday, ordinal 1) up to and including ``d``."""
    weeks, rest = divmod(d.toordinal(), 7)
    return weeks * 5 + min(rest, 5)


def _add_weekdays(start: date, n: int) -> date:
    """The nth Mon-Fri day after ``start`` (ignoring bank holidays); ``start`` itself if n == 0."""
    if n == 0:
        return start
    wd = start.weekday()
    if wd > 4:
        # Counting from a Saturday or Sunday is the same as counting from the Friday before.
        start -= timedelta(days=wd - 4)
        wd = 4
    weeks, rest = divmod(n, 5)
    days = weeks * 7 + rest
    if wd + rest > 4:
        days += 2  # the remainder crosses a weekend
    return start + timedelta(days=days)


def is_working_day(d: date) -> bool:
    """Whether ``d`` is a working day in England: Monday to Friday and not a bank holiday.

    DOMAIN.md s5: not a Saturday, Sunday, Christmas Day, Good Friday or bank holiday in England and Wales under
    the Banking and Financial Dealings Act 1971 (holidays ``GB``/``ENG``, observed days included).
    """
    return d.weekday() < 5 and d not in _weekday_holiday_set(d.year)


def next_working_day_on_or_after(d: date) -> date:
    """The first working day on or after ``d`` (``d`` itself if it is a working day).

    DOMAIN.md s4 "Counting": a day 0 on a weekend or holiday counts from the next working day.
    """
    while not is_working_day(d):
        d += _ONE_DAY
    return d


def add_working_days(start: date, n: int) -> date:
    """The due date ``n`` working days after ``start``: the nth working day after day 0.

    DOMAIN.md s4-5: Due = ``add_working_days(day0, N)``. Day 0 is ``start`` and may itself be a weekend or bank
    holiday (counting then effectively starts from the next working day). ``n == 0`` returns ``start`` unchanged;
    for ``n >= 1`` the result is always a working day.

    Raises ``ValueError`` if ``n`` is negative.
    """
    if n < 0:
        raise ValueError(f"n must be >= 0, got {n}")
    remaining = n
    current = start
    while remaining:
        # Jump ``remaining`` weekdays, then go on by however many of them were bank holidays. Each round ends on
        # a weekday; the loop stops when the last jump crossed no holiday, so the result is a working day.
        candidate = _add_weekdays(current, remaining)
        remaining = _weekday_holidays_in(current, candidate)
        current = candidate
    return current


def working_days_between(start: date, end: date) -> int:
    """Number of working days after ``start`` up to and including ``end``.

    DOMAIN.md s4: a task is on time iff ``working_days_between(day0, done) <= N``. This is the inverse of
    ``add_working_days``: ``working_days_between(s, add_working_days(s, n)) == n``. Returns 0 when
    ``end <= start`` (including when ``end`` is before ``start``; it is never negative).
    """
    if end <= start:
        return 0
    return _weekdays_up_to(end) - _weekdays_up_to(start) - _weekday_holidays_in(start, end)
