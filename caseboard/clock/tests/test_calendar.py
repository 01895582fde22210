"""Tests for caseboard.clock.calendar: the DOMAIN.md s5 vectors, bank-holiday spot checks and properties."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from caseboard.clock.calendar import (
    add_working_days,
    is_working_day,
    next_working_day_on_or_after,
    working_days_between,
)

# DOMAIN.md s5, "Day 0 | + WD | Due | Tests".
ADD_WORKING_DAYS_VECTORS = [
    pytest.param(date(2020, 4, 1), 45, date(2020, 6, 9), id="Easter, VE Day 8 May, 25 May"),
    pytest.param(date(2020, 3, 23), 45, date(2020, 5, 29), id="first lockdown"),
    pytest.param(date(2022, 9, 5), 15, date(2022, 9, 27), id="State Funeral 19 Sep 2022"),
    pytest.param(date(2023, 5, 2), 10, date(2023, 5, 17), id="Coronation 8 May 2023"),
    pytest.param(date(2020, 12, 21), 10, date(2021, 1, 7), id="25 Dec, 28 Dec observed, 1 Jan"),
    pytest.param(date(2022, 5, 27), 10, date(2022, 6, 14), id="2 and 3 Jun 2022"),
    pytest.param(date(2020, 5, 7), 1, date(2020, 5, 11), id="Friday 8 May"),
    pytest.param(date(2020, 4, 11), 1, date(2020, 4, 14), id="weekend start, Easter Monday"),
    pytest.param(date(2022, 12, 23), 3, date(2022, 12, 30), id="26 Dec, 27 Dec observed"),
    pytest.param(date(2020, 12, 23), 1, date(2020, 12, 24), id="Christmas Eve is a working day"),
    pytest.param(date(2020, 12, 24), 1, date(2020, 12, 29), id="25 Dec, weekend, 28 Dec"),
    pytest.param(date(2020, 5, 7), 7, date(2020, 5, 19), id="private-fostering first visit"),
    pytest.param(date(2020, 4, 1), 20, date(2020, 5, 1), id="first LAC review"),
]

# DOMAIN.md s5, the `working_days_between` examples under the table.
WORKING_DAYS_BETWEEN_VECTORS = [
    pytest.param(date(2020, 4, 1), date(2020, 6, 9), 45, id="2020-04-01 to 2020-06-09"),
    pytest.param(date(2020, 4, 1), date(2020, 6, 10), 46, id="2020-04-01 to 2020-06-10"),
    pytest.param(date(2020, 4, 1), date(2020, 4, 1), 0, id="same day"),
    pytest.param(date(2020, 5, 7), date(2020, 5, 11), 1, id="over VE Day and weekend"),
    pytest.param(date(2020, 5, 8), date(2020, 5, 11), 1, id="from VE Day (holiday day 0)"),
]

# DOMAIN.md s5, "Bank holidays": England 2020 and the one-offs.
BANK_HOLIDAYS = [
    pytest.param(date(2020, 1, 1), id="New Year 2020"),
    pytest.param(date(2020, 4, 10), id="Good Friday 2020"),
    pytest.param(date(2020, 4, 13), id="Easter Monday 2020"),
    pytest.param(date(2020, 5, 8), id="VE Day 2020"),
    pytest.param(date(2020, 5, 25), id="Spring bank holiday 2020"),
    pytest.param(date(2020, 8, 31), id="August bank holiday 2020 (missing from GB without subdiv)"),
    pytest.param(date(2020, 12, 25), id="Christmas Day 2020"),
    pytest.param(date(2020, 12, 28), id="Boxing Day observed 2020"),
    pytest.param(date(2022, 6, 2), id="Jubilee Thu 2 Jun 2022"),
    pytest.param(date(2022, 6, 3), id="Jubilee Fri 3 Jun 2022"),
    pytest.param(date(2022, 9, 19), id="State Funeral 2022"),
    pytest.param(date(2022, 12, 27), id="Christmas Day observed 2022"),
    pytest.param(date(2023, 5, 8), id="Coronation 2023"),
    pytest.param(date(2023, 5, 1), id="early May 2023"),
]

WORKING_DAYS = [
    pytest.param(date(2020, 12, 24), id="Christmas Eve 2020"),
    pytest.param(date(2020, 12, 29), id="between Christmas and New Year 2020"),
    pytest.param(date(2020, 12, 31), id="New Year's Eve 2020"),
    pytest.param(date(2020, 4, 14), id="Tuesday after Easter 2020"),
    pytest.param(date(2023, 5, 9), id="day after the Coronation 2023"),
]

dates = st.dates(min_value=date(2015, 1, 1), max_value=date(2035, 12, 31))
counts = st.integers(min_value=0, max_value=400)


def _naive_add_working_days(start: date, n: int) -> date:
    d = start
    while n:
        d += timedelta(days=1)
        if is_working_day(d):
            n -= 1
    return d


@pytest.mark.parametrize(("start", "n", "due"), ADD_WORKING_DAYS_VECTORS)
def test_add_working_days_vectors(start: date, n: int, due: date) -> None:
    assert add_working_days(start, n) == due


@pytest.mark.parametrize(("start", "n", "due"), ADD_WORKING_DAYS_VECTORS)
def test_working_days_between_inverts_vectors(start: date, n: int, due: date) -> None:
    assert working_days_between(start, due) == n
    assert working_days_between(start, due - timedelta(days=1)) < n


@pytest.mark.parametrize(("start", "end", "expected"), WORKING_DAYS_BETWEEN_VECTORS)
def test_working_days_between_vectors(start: date, end: date, expected: int) -> None:
    assert working_days_between(start, end) == expected


def test_working_days_between_end_before_start_is_zero() -> None:
    assert working_days_between(date(2020, 6, 9), date(2020, 4, 1)) == 0


@pytest.mark.parametrize("d", BANK_HOLIDAYS)
def test_bank_holidays_are_not_working_days(d: date) -> None:
    assert d.weekday() < 5
    assert not is_working_day(d)


@pytest.mark.parametrize("d", WORKING_DAYS)
def test_working_days(d: date) -> None:
    assert is_working_day(d)


def test_weekends_are_not_working_days() -> None:
    assert not is_working_day(date(2020, 4, 11))
    assert not is_working_day(date(2020, 4, 12))


def test_negative_n_raises() -> None:
    with pytest.raises(ValueError):
        add_working_days(date(2020, 4, 1), -1)


def test_next_working_day_on_or_after() -> None:
    assert next_working_day_on_or_after(date(2020, 4, 9)) == date(2020, 4, 9)
    assert next_working_day_on_or_after(date(2020, 4, 10)) == date(2020, 4, 14)
    assert next_working_day_on_or_after(date(2020, 12, 25)) == date(2020, 12, 29)


@given(dates, counts)
def test_result_is_working_day(start: date, n: int) -> None:
    if n >= 1:
        assert is_working_day(add_working_days(start, n))


@given(dates, counts)
def test_working_days_between_inverts_add(start: date, n: int) -> None:
    assert working_days_between(start, add_working_days(start, n)) == n


@given(dates, counts, counts)
def test_monotone(start: date, n: int, m: int) -> None:
    if n < m:
        assert add_working_days(start, n) < add_working_days(start, m)


@given(dates)
def test_add_zero_is_identity(start: date) -> None:
    assert add_working_days(start, 0) == start


@given(dates, st.integers(min_value=0, max_value=60))
def test_matches_day_by_day_count(start: date, n: int) -> None:
    assert add_working_days(start, n) == _naive_add_working_days(start, n)


@given(dates, dates)
def test_working_days_between_matches_day_by_day_count(start: date, end: date) -> None:
    expected = sum(is_working_day(start + timedelta(days=i)) for i in range(1, (end - start).days + 1))
    assert working_days_between(start, end) == expected


@given(dates)
def test_next_working_day_on_or_after_is_first(d: date) -> None:
    result = next_working_day_on_or_after(d)
    assert is_working_day(result)
    assert result >= d
    assert working_days_between(d, result - timedelta(days=1)) == 0
