"""Benchmark of the weekly visits return and the survey (``./dev bench``): each over the whole council, timed against
one hand-written SQL statement that computes the same figures in the same run. Target: at most 2x."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from dateutil.relativedelta import relativedelta
from django.db import connection
from django.db.models import Min

from caseboard.visits.demo import add_demo_visits
from caseboard.visits.models import IN_PERSON_MODES, Visit

from .survey import CONTACT_DAYS, YEARS_BACK, survey_snapshot, week_window
from .weekly import last_complete_week, weekly_visits_return

VISIT_YEARS = 2
TARGET = 2.0

_IN_PERSON = ", ".join(f"'{mode.value}'" for mode in sorted(IN_PERSON_MODES))


def _open(kind: str, child: str, on: str) -> str:
    return (
        f"EXISTS (SELECT 1 FROM casework_episode e WHERE e.child_id = {child} AND e.kind = '{kind}' "  # noqa: S608
        f"AND e.start_on <= {on} AND (e.end_on IS NULL OR e.end_on >= {on}))"
    )


def _group(child: str, on: str) -> str:
    return (
        f"CASE WHEN {_open('lac', child, on)} THEN 'LAC' WHEN {_open('cp', child, on)} THEN 'CP' "
        f"WHEN {_open('cin', child, on)} THEN 'CIN' END"
    )


WEEKLY_SQL = f"""
SELECT grp, COUNT(*), SUM(physical) FROM (
  SELECT {_group("cs.child_id", "v.visited_on")} AS grp,
         CASE WHEN v.mode IN ({_IN_PERSON}) THEN 1 ELSE 0 END AS physical
  FROM visits_childseen cs JOIN visits_visit v ON v.id = cs.visit_id
  WHERE v.visited_on BETWEEN %s AND %s AND v.purpose <> 'other'
) t WHERE grp IS NOT NULL GROUP BY grp
"""  # noqa: S608 (constants only; the dates are parameters)

SURVEY_COHORT_SQL = f"""
SELECT grp, contact, COUNT(*) FROM (
  SELECT {_group("c.id", "%s")} AS grp,
    CASE WHEN EXISTS (SELECT 1 FROM visits_childseen cs JOIN visits_visit v ON v.id = cs.visit_id
                      WHERE cs.child_id = c.id AND cs.was_seen AND v.visited_on BETWEEN %s AND %s
                      AND v.mode IN ({_IN_PERSON})) THEN 'in_person'
         WHEN EXISTS (SELECT 1 FROM visits_childseen cs JOIN visits_visit v ON v.id = cs.visit_id
                      WHERE cs.child_id = c.id AND cs.was_seen AND v.visited_on BETWEEN %s AND %s) THEN 'virtual'
         ELSE 'not_seen' END AS contact
  FROM people_child c
) t WHERE grp IS NOT NULL GROUP BY grp, contact
"""  # noqa: S608 (constants only; the dates are parameters)

# SQLite's date() (the benchmark runs on SQLite): a looked-after start continuing an episode that ended the day
# before is not a new period of care.
SURVEY_STARTS_SQL = """
SELECT
  (SELECT COUNT(*) FROM casework_episode e WHERE e.kind = 'cin' AND e.start_on BETWEEN %s AND %s),
  (SELECT COUNT(*) FROM casework_episode e WHERE e.kind = 'lac' AND e.start_on BETWEEN %s AND %s
     AND NOT EXISTS (SELECT 1 FROM casework_episode p WHERE p.child_id = e.child_id AND p.kind = 'lac'
                     AND p.end_on = date(e.start_on, '-1 day')))
"""


def _sql_weekly(week_start: date) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(WEEKLY_SQL, [week_start, week_start + timedelta(days=6)])
        return cursor.fetchall()


def _sql_survey(on: date) -> list[tuple[Any, ...]]:
    start = on - timedelta(days=CONTACT_DAYS - 1)
    rows: list[tuple[Any, ...]] = []
    with connection.cursor() as cursor:
        cursor.execute(SURVEY_COHORT_SQL, [on, on, on, on, on, on, start, on, start, on])
        rows += cursor.fetchall()
        for years in range(YEARS_BACK + 1):
            first, last = week_window(on, years)
            cursor.execute(SURVEY_STARTS_SQL, [first, last, first, last])
            rows += cursor.fetchall()
    return rows


def _median(function: Callable[[], Any], rounds: int) -> float:
    times = []
    for _ in range(rounds):
        begun = time.perf_counter()
        function()
        times.append(time.perf_counter() - begun)
    return statistics.median(times)


def ensure_two_years_of_visits(*, seed: int, today: date) -> str:
    """Demo visits over the two years to ``today``: all of them when there are none, else the months before the
    earliest (the demo builds 18 months, 3 above 10,000 children)."""
    span = Visit.objects.aggregate(first=Min("visited_on"))
    start = today - relativedelta(years=VISIT_YEARS)
    if span["first"] is None:
        return add_demo_visits(seed, today, months=VISIT_YEARS * 12)
    if span["first"] <= start + timedelta(days=31):
        return "visits already cover two years"
    before = span["first"] - timedelta(days=1)
    months = relativedelta(before, start)
    return add_demo_visits(seed + 1, before, months=months.years * 12 + months.months)


def measure_reports(*, today: date, rounds: int) -> dict[str, dict[str, float]]:
    """Median time of the weekly return and the survey (whole council) and of the SQL baselines; their ratios."""
    week = last_complete_week(today)
    measures = {
        "weekly_visits_return": (
            lambda: weekly_visits_return(children=None, week_start=week),
            lambda: _sql_weekly(week),
        ),
        "survey": (lambda: survey_snapshot(children=None, on=today), lambda: _sql_survey(today)),
    }
    result: dict[str, dict[str, float]] = {}
    for key, (ours, baseline) in measures.items():
        ours()
        baseline()  # warm both
        ours_s = _median(ours, rounds)
        sql_s = _median(baseline, rounds)
        result[key] = {"ms": ours_s * 1000, "sql_ms": sql_s * 1000, "ratio": ours_s / sql_s}
    return result
