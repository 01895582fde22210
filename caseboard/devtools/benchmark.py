"""Benchmark of the weekly visits return and the survey (``./dev bench``): each over the whole council, timed against
one hand-written SQL statement that computes the same figures in the same run. Target: at most 2x."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from dateutil.relativedelta import relativedelta
from django.db import connection
from django.db.models import Min

from caseboard.clock.calendar import is_working_day
from caseboard.clock.vocabulary import Interval, OperatingRules, Unit, VisitCounting, VisitRule
from caseboard.policy.selectors import council_timeline
from caseboard.reporting.demand.selectors import referral_decisions, same_week_in, weekly_series
from caseboard.reporting.models import DemandAlertSetting
from caseboard.reporting.returns.selectors import last_complete_week, weekly_visits_return
from caseboard.reporting.survey.selectors import YEARS_BACK, contact_window, survey_snapshot, week_window
from caseboard.reporting.timeliness import selectors as timeliness
from caseboard.reporting.timeliness.selectors import VISIT_KINDS, week_starts
from caseboard.visits.demo import add_demo_visits
from caseboard.visits.models import IN_PERSON_MODES, Visit

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
  WHERE v.visited_on BETWEEN %s AND %s AND cs.purpose <> 'other'
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
    start = contact_window(on)[0]  # the operating model's window, as the survey reads it
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


def measure_reports(*, today: date, rounds: int) -> dict[str, dict[str, Any]]:
    """Median time of each report over the whole council and of its SQL baseline in the same run, and their ratio:
    the weekly return, the survey, the timeliness summary over 12 weeks and demand week by week over 52 weeks. For
    the last two, ``same`` says whether the baseline came to the same figures."""
    week = last_complete_week(today)
    measures: dict[str, tuple[Callable[[], Any], Callable[[], Any]]] = {
        "weekly_visits_return": (
            lambda: weekly_visits_return(children=None, week_start=week),
            lambda: _sql_weekly(week),
        ),
        "survey": (lambda: survey_snapshot(children=None, on=today), lambda: _sql_survey(today)),
    }
    timeline = council_timeline()
    if len(timeline) == 1 and timeline[0].visit_counting is VisitCounting.IN_PERSON_ONLY:
        working_day_tables(today)
        start = week_starts(today, TIMELINESS_WEEKS)[0]
        sql = timeliness_sql(timeline[0])
        measures["timeliness"] = (
            lambda: _our_timeliness(start, today, today),
            lambda: _sql_timeliness(sql, start, today, today),
        )
    years = DemandAlertSetting.current().baseline_years
    weekly_sql = demand_sql()
    measures["demand"] = (lambda: _our_demand(today, years), lambda: _sql_demand(weekly_sql, today, years))
    result: dict[str, dict[str, Any]] = {}
    for key, (ours, baseline) in measures.items():
        figures, sql_figures = ours(), baseline()  # warm both
        ours_s = _median(ours, rounds)
        sql_s = _median(baseline, rounds)
        result[key] = {"ms": ours_s * 1000, "sql_ms": sql_s * 1000, "ratio": ours_s / sql_s}
        if key in ("timeliness", "demand"):
            result[key]["same"] = figures == sql_figures
    return result


# --- timeliness and demand --------------------------------------------------------------------------------------
#
# SQL cannot count working days in England on its own (bank holidays), so the timeliness baseline reads a temporary
# table built before it is timed, as an index would be: every day from 30 years back to 3 years ahead with the
# number of working days up to it (``clock.calendar.is_working_day``) and the UTC instant its Europe/London day
# starts, and every working day by that number. ``interval.after(day)`` in working days is then two primary-key
# lookups; months clamp to the month's end as ``relativedelta`` does.
TIMELINESS_WEEKS = 12
DEMAND_WEEKS = 52


def working_day_tables(today: date) -> None:
    """(Re)build the temporary working-day tables ``bench_day`` and ``bench_working_day`` on this connection."""
    zone = ZoneInfo("Europe/London")
    first, last = today - relativedelta(years=30), today + relativedelta(years=3)
    days, working = [], []
    number = 0
    day = first
    while day <= last:
        if is_working_day(day):
            number += 1
            working.append((number, day.isoformat()))
        starts_at = datetime.combine(day, datetime.min.time(), zone).astimezone(UTC)
        days.append((day.isoformat(), number, starts_at.strftime("%Y-%m-%d %H:%M:%S")))
        day += timedelta(days=1)
    with connection.cursor() as cursor:
        for table in ("bench_day", "bench_working_day"):
            cursor.execute(f"DROP TABLE IF EXISTS temp.{table}")
        # Typed as Django's columns ("date", "datetime": numeric affinity), so comparing them uses the indexes.
        cursor.execute(
            "CREATE TEMP TABLE bench_day (day date PRIMARY KEY, n integer NOT NULL, starts_at datetime NOT NULL)"
        )
        cursor.execute("CREATE INDEX temp.bench_day_starts ON bench_day (starts_at)")
        cursor.execute("CREATE TEMP TABLE bench_working_day (n integer PRIMARY KEY, day date NOT NULL)")
        cursor.executemany("INSERT INTO bench_day VALUES (%s, %s, %s)", days)
        cursor.executemany("INSERT INTO bench_working_day VALUES (%s, %s)", working)


def _after(interval: Interval, day: str) -> str:
    """SQL for ``interval.after(day)``, ``day`` an SQL expression."""
    if interval.unit is Unit.WORKING_DAYS:
        return (
            f"(SELECT w.day FROM bench_day b JOIN bench_working_day w ON w.n = b.n + {interval.amount} "  # noqa: S608
            f"WHERE b.day = {day})"
        )
    if interval.unit is Unit.MONTHS:
        months = interval.amount
        return f"MIN(date({day}, '+{months} months'), date({day}, 'start of month', '+{months + 1} months', '-1 day'))"
    days = interval.amount * (7 if interval.unit is Unit.WEEKS else 1)
    return f"date({day}, '+{days} days')"


def _open_episode(kind: str, column: str) -> str:
    """The open episode of a kind on the visit's day that started last (as the statutory clock picks it)."""
    return (
        f"(SELECT e.{column} FROM casework_episode e WHERE e.child_id = d.child_id AND e.kind = '{kind}' "  # noqa: S608
        f"AND e.start_on <= d.day AND (e.end_on IS NULL OR e.end_on >= d.day) ORDER BY e.start_on DESC, e.id DESC "
        "LIMIT 1)"
    )


def _fixed_visit_due(rule: VisitRule, start: str) -> str:
    return (
        f"CASE WHEN d.prev IS NULL OR d.prev < {start} THEN {_after(rule.first_within, start)} "
        f"ELSE {_after(rule.interval, 'd.prev')} END"
    )


def timeliness_sql(rules: OperatingRules) -> str:
    """One statement for the timeliness summary under one operating-model version that counts in-person visits only
    (the demo council's). It covers the facts the demo builds: a care period of one looked-after episode, reg 28(2),
    (4) (interim care order at home) and (5) (care order at home), no pauses of assessments. Rows: (measure, on time,
    late, still overdue), visits by kind."""
    lav, ts, pf = rules.looked_after, rules.timescales, rules.private_fostering
    year = "MIN(date(l.start_on, '+12 months'), date(l.start_on, 'start of month', '+13 months', '-1 day'))"
    lac_due = f"""CASE
      WHEN d.prev IS NULL OR d.prev < l.start_on THEN CASE
        WHEN l.legal_status = 'C1' AND l.placement_type = 'P1' AND d.first_review <= l.start_on
          THEN {_after(lav.first_within, "l.start_on")}
        WHEN l.legal_status = 'C1' AND l.placement_type = 'P1' THEN {_after(lav.reg24_or_ico_at_home, "l.start_on")}
        WHEN l.legal_status = 'C2' AND l.placement_type = 'P1'
          THEN {_after(lav.care_order_at_home_first_within, "l.start_on")}
        ELSE {_after(lav.first_within, "l.start_on")} END
      WHEN l.legal_status = 'C1' AND l.placement_type = 'P1' AND d.first_review <= d.prev
        THEN {_after(lav.reg24_or_ico_at_home_after_first_review, "d.prev")}
      WHEN l.legal_status = 'C1' AND l.placement_type = 'P1' THEN {_after(lav.reg24_or_ico_at_home, "d.prev")}
      WHEN l.legal_status = 'C2' AND l.placement_type = 'P1' THEN {_after(lav.care_order_at_home, "d.prev")}
      WHEN d.prev < {year} THEN {_after(lav.first_year, "d.prev")}
      WHEN l.placement_intended_until_18 THEN {_after(lav.after_first_year_until_18, "d.prev")}
      ELSE {_after(lav.after_first_year_other, "d.prev")} END"""
    pf_year = "MIN(date(d.pf, '+12 months'), date(d.pf, 'start of month', '+13 months', '-1 day'))"
    pf_due = (
        f"CASE WHEN d.prev IS NULL OR d.prev < d.pf THEN {_after(pf.first_within, 'd.pf')} "
        f"WHEN d.prev < {pf_year} THEN {_after(pf.first_year, 'd.prev')} "
        f"ELSE {_after(pf.after_first_year, 'd.prev')} END"
    )
    early_help = rules.early_help_visits
    early_help_due = _fixed_visit_due(early_help, "d.eh") if early_help else "NULL"
    return f"""
WITH
counted AS NOT MATERIALIZED (
  SELECT cs.child_id, v.visited_on AS day FROM visits_childseen cs JOIN visits_visit v ON v.id = cs.visit_id
  WHERE cs.was_seen AND cs.purpose <> 'other' AND v.mode IN ({_IN_PERSON})
),
visit_day AS (
  SELECT child_id, day, COUNT(*) AS visits FROM counted WHERE day BETWEEN %(start)s AND %(end)s GROUP BY child_id, day
),
last_before AS (SELECT child_id, MAX(day) AS last FROM counted WHERE day < %(start)s GROUP BY child_id),
visit_clock AS (
  SELECT d.*,
    {_open_episode("lac", "id")} AS lac, {_open_episode("cp", "start_on")} AS cp,
    {_open_episode("cin", "start_on")} AS cin, {_open_episode("private_fostering", "start_on")} AS pf,
    {_open_episode("care_leaver", "start_on")} AS cl, {_open_episode("early_help", "start_on")} AS eh
  FROM (
    SELECT vd.*, COALESCE(LAG(vd.day) OVER (PARTITION BY vd.child_id ORDER BY vd.day), lb.last) AS prev
    FROM visit_day vd LEFT JOIN last_before lb ON lb.child_id = vd.child_id
  ) d
),
visit AS (
  SELECT d.visits, d.day AS done,
    CASE WHEN d.lac IS NOT NULL THEN 'lac_visit' WHEN d.cp IS NOT NULL THEN 'cp_visit'
      WHEN d.cin IS NOT NULL THEN 'cin_visit' WHEN d.pf IS NOT NULL THEN 'private_fostering_visit'
      WHEN d.cl IS NOT NULL THEN 'care_leaver_contact' WHEN d.eh IS NOT NULL AND {int(early_help is not None)}
      THEN 'early_help_visit' END AS kind,
    CASE WHEN d.lac IS NOT NULL THEN {lac_due}
      WHEN d.cp IS NOT NULL THEN {_fixed_visit_due(rules.cp_visits, "d.cp")}
      WHEN d.cin IS NOT NULL THEN {_fixed_visit_due(rules.cin_visits, "d.cin")}
      WHEN d.pf IS NOT NULL THEN {pf_due}
      WHEN d.cl IS NOT NULL THEN {_fixed_visit_due(rules.care_leaver_visits, "d.cl")}
      ELSE {early_help_due} END AS due
  FROM (
    SELECT c.*, (SELECT MIN(m.held_on) FROM meetings_meeting_children mc JOIN meetings_meeting m ON m.id = mc.meeting_id
                 JOIN casework_episode e ON e.id = c.lac
                 WHERE mc.child_id = c.child_id AND +m.kind = 'lac_review' AND +m.status = 'held'
                   AND m.held_on >= e.start_on AND m.held_on <= c.day) AS first_review
    FROM visit_clock c
  ) d LEFT JOIN casework_episode l ON l.id = d.lac
),
assessment AS (
  SELECT a.completed_on AS done, {_after(ts.assessment, "r.received_on")} AS due
  FROM frontdoor_assessment a JOIN frontdoor_referral r ON r.id = a.referral_id
  WHERE a.completed_on BETWEEN %(start)s AND %(end)s OR (a.completed_on IS NULL AND r.received_on <= %(end)s)
),
conference AS (
  SELECT c.done, CASE WHEN c.day0 IS NOT NULL THEN {_after(ts.initial_conference, "c.day0")} ELSE c.due_on END AS due
  FROM (
    SELECT m.held_on AS done, m.due_on, COALESCE(sd.held_on, (
      SELECT MAX(s.held_on) FROM meetings_meeting_children sc JOIN meetings_meeting s ON s.id = sc.meeting_id
      WHERE sc.child_id = mc.child_id AND +s.kind = 'strategy_discussion' AND +s.status = 'held'
        AND s.held_on <= m.held_on)) AS day0
    FROM meetings_meeting_children mc JOIN meetings_meeting m ON m.id = mc.meeting_id
    LEFT JOIN meetings_meeting sd ON sd.id = m.strategy_discussion_id
    WHERE m.kind = 'initial_conference' AND m.status = 'held' AND m.held_on BETWEEN %(start)s AND %(end)s
  ) c
),
review AS (
  SELECT r.done, CASE WHEN r.care_start IS NULL THEN r.due_on
      WHEN r.previous IS NULL THEN {_after(ts.first_lac_review, "r.care_start")}
      WHEN r.earlier = 1 THEN {_after(ts.second_lac_review, "r.previous")}
      ELSE {_after(ts.later_lac_reviews, "r.previous")} END AS due
  FROM (
    SELECT q.*,
      (SELECT COUNT(*) FROM meetings_meeting_children pc JOIN meetings_meeting p ON p.id = pc.meeting_id
       WHERE pc.child_id = q.child_id AND +p.kind = 'lac_review' AND +p.status = 'held' AND p.held_on >= q.care_start
         AND p.held_on < q.done) AS earlier,
      (SELECT MAX(p.held_on) FROM meetings_meeting_children pc JOIN meetings_meeting p ON p.id = pc.meeting_id
       WHERE pc.child_id = q.child_id AND +p.kind = 'lac_review' AND +p.status = 'held' AND p.held_on >= q.care_start
         AND p.held_on < q.done) AS previous
    FROM (
      SELECT mc.child_id, m.held_on AS done, m.due_on,
        (SELECT MAX(e.start_on) FROM casework_episode e WHERE e.child_id = mc.child_id AND e.kind = 'lac'
           AND e.start_on <= m.held_on) AS care_start
      FROM meetings_meeting_children mc JOIN meetings_meeting m ON m.id = mc.meeting_id
      WHERE m.kind = 'lac_review' AND m.status = 'held' AND m.held_on BETWEEN %(start)s AND %(end)s
    ) q
  ) r
),
decision_review AS (
  SELECT (SELECT b.day FROM bench_day b WHERE b.starts_at <= e.at ORDER BY b.starts_at DESC LIMIT 1) AS done,
    (SELECT p.next_review_on FROM decisions_decisionevent p WHERE p.decision_id = e.decision_id
       AND p.next_review_on IS NOT NULL AND (p.at < e.at OR (p.at = e.at AND p.id < e.id))
     ORDER BY p.at DESC, p.id DESC LIMIT 1) AS due
  FROM decisions_decisionevent e
  WHERE e.action IN ('reviewed_continue', 'reviewed_change', 'reviewed_end') AND e.at >= %(since)s
    AND e.at < %(until)s
),
overdue AS (
  SELECT kind, COUNT(*) AS n FROM compliance_dueitem
  WHERE kind IN ('initial_conference', 'lac_review', {VISIT_KINDS_SQL}) AND due_on BETWEEN %(start)s AND %(end)s
    AND due_on < %(today)s AND status <> 'met'
  GROUP BY kind
)
SELECT 'assessments', SUM(done <= due), SUM(done > due),
  SUM(done IS NULL AND due BETWEEN %(start)s AND %(end)s AND due < %(today)s) FROM assessment
UNION ALL SELECT 'initial_conferences', SUM(done <= due), SUM(done > due),
  (SELECT n FROM overdue WHERE kind = 'initial_conference') FROM conference WHERE due IS NOT NULL
UNION ALL SELECT 'visits:' || k.kind, SUM(v.visits * (v.done <= v.due)), SUM(v.visits * (v.done > v.due)),
  (SELECT n FROM overdue o WHERE o.kind = k.kind)
  FROM (SELECT kind FROM overdue UNION SELECT kind FROM visit WHERE kind IS NOT NULL) k
  LEFT JOIN visit v ON v.kind = k.kind WHERE k.kind <> 'initial_conference' AND k.kind <> 'lac_review' GROUP BY k.kind
UNION ALL SELECT 'lac_reviews', SUM(done <= due), SUM(done > due), (SELECT n FROM overdue WHERE kind = 'lac_review')
  FROM review WHERE due IS NOT NULL
UNION ALL SELECT 'decision_reviews', SUM(done <= due), SUM(done > due),
  (SELECT COUNT(*) FROM decisions_keydecision WHERE status = 'approved' AND next_review_on BETWEEN %(start)s AND %(end)s
     AND next_review_on < %(today)s)
  FROM decision_review WHERE due IS NOT NULL
"""  # noqa: S608 (constants and intervals only; the dates are parameters)


VISIT_KINDS_SQL = ", ".join(f"'{kind.value}'" for kind in VISIT_KINDS)


def _sql_timeliness(sql: str, start: date, end: date, today: date) -> dict[str, tuple[int, int, int]]:
    """The figures by measure, as ``timeliness.summary`` gives them: {measure: (on time, late, overdue)}, the
    visits row the sum of its kinds."""
    zone = ZoneInfo("Europe/London")
    since, until = (
        datetime.combine(day, datetime.min.time(), zone).astimezone(UTC).replace(tzinfo=None)
        for day in (start, end + timedelta(days=1))
    )
    params = {"start": start, "end": end, "today": today, "since": since, "until": until}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        found = {measure: (on_time or 0, late or 0, overdue or 0) for measure, on_time, late, overdue in cursor}
    visits = [found.get(f"visits:{kind}", (0, 0, 0)) for kind in VISIT_KINDS]
    found["visits"] = tuple(sum(column) for column in zip(*visits, strict=True))
    return {key: found.get(key, (0, 0, 0)) for key in TIMELINESS_ROWS}


TIMELINESS_ROWS = [
    *(measure.value for measure in timeliness.Measure),
    *(f"visits:{kind}" for kind in VISIT_KINDS),
]


def _our_timeliness(start: date, end: date, today: date) -> dict[str, tuple[int, int, int]]:
    found = {row.measure: (row.on_time, row.late, row.overdue) for row in timeliness.summary(start, end, today=today)}
    return {key: found[key] for key in TIMELINESS_ROWS}


def demand_sql() -> str:
    """Contacts (and those that became referrals) and referrals (and re-referrals) per reporting week: counted by
    day, then the days summed by the Monday of their week (strftime's day 0 is Sunday)."""
    converted = ", ".join(f"'{decision}'" for decision in sorted(referral_decisions()))
    monday = "date(day, '-' || ((CAST(strftime('%w', day) AS INTEGER) + 6) % 7) || ' days')"
    return f"""
SELECT what, {monday} AS monday, SUM(n), SUM(extra) FROM (
  SELECT 'contacts' AS what, received_on AS day, COUNT(*) AS n, SUM(decision IN ({converted})) AS extra
  FROM frontdoor_contact WHERE received_on BETWEEN %(first)s AND %(last)s GROUP BY received_on
  UNION ALL
  SELECT 'referrals', received_on, COUNT(*), SUM(is_re_referral)
  FROM frontdoor_referral WHERE received_on BETWEEN %(first)s AND %(last)s GROUP BY received_on
) GROUP BY what, monday
""".replace("%w", "%%w").replace("% 7", "%% 7")  # noqa: S608 (constants only; the dates are parameters)


def _demand_weeks(today: date, years: int) -> tuple[list[date], dict[date, list[date]]]:
    mondays = week_starts(today, DEMAND_WEEKS)
    return mondays, {monday: [same_week_in(monday, k) for k in range(1, years + 1)] for monday in mondays}


def _sql_demand(sql: str, today: date, years: int) -> list[tuple[Any, ...]]:
    """Contacts, referrals, conversions and re-referrals per reporting week in one statement (grouped by the Monday
    of each row's week), then each week with the same weeks of earlier years: the figures of ``weekly_series``."""
    mondays, previous = _demand_weeks(today, years)
    first = min([mondays[0], *(day for days in previous.values() for day in days)])
    last = mondays[-1] + timedelta(days=6)
    counts: dict[tuple[str, str], tuple[int, int]] = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, {"first": first, "last": last})
        for what, monday, total, extra in cursor:
            counts[(what, monday)] = (total, extra or 0)

    def week(what: str, monday: date) -> tuple[int, int]:
        return counts.get((what, monday.isoformat()), (0, 0))

    def on_record(monday: date) -> bool:  # a week with no contact and no referral is not on record
        return week("contacts", monday)[0] + week("referrals", monday)[0] > 0

    return [
        (
            monday,
            week("contacts", monday)[0],
            week("referrals", monday)[0],
            week("contacts", monday)[1],
            week("referrals", monday)[1],
            tuple(week("contacts", m)[0] for m in previous[monday] if on_record(m)),
            tuple(week("referrals", m)[0] for m in previous[monday] if on_record(m)),
        )
        for monday in mondays
    ]


def _our_demand(today: date, years: int) -> list[tuple[Any, ...]]:
    return [
        (
            w.starts_on,
            w.contacts,
            w.referrals,
            w.contacts_converted,
            w.re_referrals,
            w.previous_contacts,
            w.previous_referrals,
        )
        for w in weekly_series(weeks=DEMAND_WEEKS, end=today, baseline_years=years)
    ]


# --- family time ------------------------------------------------------------------------------------------------
FAMILY_TIME_WEEKS = 4
BENCH_VENUE = "Bench Family Centre"


# Arrangements booked by the measure, at most: every one at 3,000 children (about 600), the first 2,000 at 100,000
# (about 20,000 in all, which one by one through the booking service would take the better part of an hour). The
# cost of a session does not depend on how many arrangements are booked, only on the size of the tables it reads.
FAMILY_TIME_ARRANGEMENTS = 2000


def family_time_generation(*, today: date, limit: int = FAMILY_TIME_ARRANGEMENTS) -> dict[str, float]:
    """Four weeks of family time sessions generated through the booking service (each session placed by the slot
    finder and claimed under the database constraints) for the looked-after children's arrangements, the first
    ``limit`` of them: sessions per second. Every looked-after child without an arrangement gets one first (not
    timed): one in ten twice a week, supervised at the family centre; the rest weekly in the community."""
    from caseboard.accounts.models import User
    from caseboard.casework.models import Episode, EpisodeKind
    from caseboard.core.audit import audit_bypass
    from caseboard.familytime import services as family_time
    from caseboard.familytime.models import Arrangement, Venue

    recorder = User.objects.filter(username="admin").first()
    venue = Venue.objects.filter(name="Riverside Family Centre").first()
    if venue is None:
        venue = family_time.venue_create(name="Riverside Family Centre")
        for number, capacity in enumerate((6, 5, 4, 4, 3, 3, 8), start=1):
            family_time.room_add(venue=venue, name=f"Room {number}", capacity=capacity)
    looked_after = (
        Episode.objects.filter(kind=EpisodeKind.LOOKED_AFTER, start_on__lte=today, end_on__isnull=True)
        .exclude(child__family_time_arrangements__isnull=False)
        .values_list("child_id", flat=True)
        .distinct()
    )
    rows = []
    now = datetime.now(UTC)
    for index, child_id in enumerate(looked_after):
        at_centre = index % 10 == 0
        rows.append(
            Arrangement(
                child_id=child_id,
                source="care_plan",
                times=2 if at_centre else 1,
                period="week",
                duration_minutes=90 if at_centre else 60,
                supervision="supervised" if at_centre else "supported",
                mode="in_person",
                venue_kind="family_centre" if at_centre else "community",
                venue=venue if at_centre else None,
                starts_on=today,
                with_whom="Mother",
                recorded_by=recorder,
                recorded_at=now,
            )
        )
    with audit_bypass("benchmark: arrangements for every looked-after child"):
        Arrangement.objects.bulk_create(rows, batch_size=5000)
    arrangements = list(
        Arrangement.objects.filter(status="active", starts_on__lte=today)
        .exclude(mode="letter")  # letters and cards are not booked
        .select_related("child")
        .order_by("pk")[:limit]
    )
    # From the next Monday, so that each of the four weeks is a whole one (booking on a Friday, the first week
    # would be its weekend alone).
    monday = today + timedelta(days=7 - today.weekday())
    begun = time.perf_counter()
    sessions = waiting = 0
    for arrangement in arrangements:
        result = family_time.sessions_generate(
            arrangement=arrangement, weeks=FAMILY_TIME_WEEKS, booked_by=None, from_day=monday
        )
        sessions += len(result.sessions)
        waiting += result.waiting is not None
    seconds = time.perf_counter() - begun
    return {
        "arrangements": len(arrangements),
        "sessions": sessions,
        "waiting": waiting,
        "seconds": seconds,
        "sessions_per_second": sessions / seconds if seconds else 0.0,
    }


def family_time_full_month(*, today: date) -> int:
    """A venue of seven rooms booked solid for the next 28 days (20 sessions a day, one short of the daily limit, so
    the slot finder must look at every room and time of every day), and one arrangement at it; its primary key."""
    from caseboard.accounts.models import User
    from caseboard.casework.models import Episode, EpisodeKind
    from caseboard.core.audit import audit_bypass
    from caseboard.familytime import services as family_time
    from caseboard.familytime.models import Arrangement, Session, Venue

    recorder = User.objects.get(username="admin")
    venue = Venue.objects.filter(name=BENCH_VENUE).first() or family_time.venue_create(name=BENCH_VENUE)
    rooms = list(venue.rooms.all()) or [
        family_time.room_add(venue=venue, name=f"Room {number}", capacity=6) for number in range(1, 8)
    ]
    child_id, wanted_child_id = (
        Episode.objects.filter(kind=EpisodeKind.LOOKED_AFTER, end_on__isnull=True)
        .values_list("child_id", flat=True)
        .order_by("child_id")
        .distinct()[:2]
    )
    now = datetime.now(UTC)
    with audit_bypass("benchmark: a venue booked for a month"):
        filler = Arrangement.objects.create(
            child_id=child_id,
            source="care_plan",
            times=5,
            period="week",
            duration_minutes=180,
            supervision="supported",
            mode="in_person",
            venue_kind="family_centre",
            venue=venue,
            starts_on=today,
            with_whom="Mother",
            recorded_by=recorder,
            recorded_at=now,
        )
        zone = ZoneInfo("Europe/London")
        sessions = []
        for offset in range(1, 29):
            day = today + timedelta(days=offset)
            for index in range(20):
                room = rooms[index % 7]
                start = datetime.combine(day, datetime.min.time(), zone) + timedelta(hours=9 + 3 * (index // 7))
                sessions.append(
                    Session(
                        arrangement=filler,
                        child_id=child_id,
                        mode="in_person",
                        venue=venue,
                        room=room,
                        starts_at=start,
                        ends_at=start + timedelta(minutes=165),
                        booked_at=now,
                    )
                )
        Session.objects.bulk_create(sessions, batch_size=5000)
        wanted = Arrangement.objects.create(
            child_id=wanted_child_id,
            source="court_order",
            court_order_provision="Weekly",
            times=1,
            period="week",
            duration_minutes=90,
            supervision="supervised",
            mode="in_person",
            venue_kind="family_centre",
            venue=venue,
            starts_on=today,
            with_whom="Father",
            recorded_by=recorder,
            recorded_at=now,
        )
    return wanted.pk


# --- the DfE returns ------------------------------------------------------------------------------------------
# The DfE CIN validator reads about 50 to 60 children a second (17 s, 36 s and 80 s for 1,000, 2,000 and 4,000
# children: linear), so at 100,000 children it would take half an hour to read the census: it reads the first
# VALIDATOR_SAMPLE children of the same file, and the ratio compares time per child. The import is timed on the first
# IMPORT_SAMPLE children of the census into an empty database (all or nothing, every record through the import's
# own checks): children per second, whatever the size of the file they come from.
VALIDATOR_SAMPLE = 5000
IMPORT_SAMPLE = 2000


def last_complete_collection_year(today: date) -> str:
    """'2025-26' on any day from 1 April 2026 to 31 March 2027."""
    start = today.year - 1 if today.month >= 4 else today.year - 2
    return f"{start}-{(start + 1) % 100:02d}"


def _first_children(content: bytes, count: int) -> tuple[bytes, int]:
    """A CIN census with only its first ``count`` children (the header as it was), and how many it holds."""
    start, end = content.find(b"<Child>"), content.rfind(b"</Child>") + len(b"</Child>")
    if start < 0:
        return content, 0
    kept, cursor = [], start
    while len(kept) < count:
        close = content.find(b"</Child>", cursor)
        if close < 0 or close >= end:
            break
        kept.append(content[cursor : close + len(b"</Child>")])
        cursor = content.find(b"<Child>", close)
        if cursor < 0:
            break
    return content[:start] + b"".join(kept) + content[end:], len(kept)


# Runs a Python script (argv[1]) as __main__ and, however it ends, writes the process's peak resident memory (VmHWM,
# which belongs to this program alone: the rusage of a child also counts what its parent held when it forked) to the
# file CASEBOARD_PEAK_FILE names.
PEAK_WRAPPER = """
import os, runpy, sys
script = sys.argv[1]
sys.argv = sys.argv[1:]
try:
    runpy.run_path(script, run_name="__main__")
finally:
    with open("/proc/self/status") as status:
        peak = next((line.split()[1] for line in status if line.startswith("VmHWM:")), "0")
    with open(os.environ["CASEBOARD_PEAK_FILE"], "w") as out:
        out.write(peak)
"""


def _run(command: list[str], env: dict[str, str]) -> tuple[str, float, float]:
    """Run a Python script (``[python, script, *args]``) to its end: its standard output, its wall time in seconds
    and its peak memory in MB (0 where /proc is not there to read it)."""
    import subprocess
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as directory:
        peak_file = Path(directory) / "peak"
        begun = time.perf_counter()
        completed = subprocess.run(  # noqa: S603 - our own interpreter and scripts
            [command[0], "-c", PEAK_WRAPPER, *command[1:]],
            env={**env, "CASEBOARD_PEAK_FILE": str(peak_file)},
            capture_output=True,
            check=False,
        )
        seconds = time.perf_counter() - begun
        peak = int(peak_file.read_text() or 0) if peak_file.exists() else 0
    output = completed.stdout.decode()
    if completed.returncode not in (0, 1):  # 1: the command ran and reported problems
        raise RuntimeError(
            f"{' '.join(command[1:4])} ended with {completed.returncode}: {completed.stderr.decode()[-800:]}"
        )
    return output, seconds, peak / 1024


def _seconds_said(output: str) -> float:
    import re

    found = re.findall(r"in ([0-9.]+)s\)?\s*$", output.strip(), flags=re.MULTILINE)
    if not found:
        raise RuntimeError(f"No time in: {output[-300:]}")
    return float(found[-1])


def returns_measures(*, seed: int, today: date, work: Any) -> dict[str, Any]:
    """The CIN census and the SSDA903 (CSV) built from the record by ``manage.py returns export`` in a process of
    its own (its time as it reports it, and its peak memory), against the DfE validators' own time to read the same
    files; then the import of the census's first children into an empty database. ``work`` is a folder to write
    the files and the import's database in."""
    import os
    import sys

    from django.conf import settings

    from caseboard.interchange.demo import add_demo_return_records
    from caseboard.interchange.validation import RUNNER, validator_python
    from caseboard.plans.demo import add_demo_plans

    begun = time.perf_counter()
    add_demo_plans(seed, today)
    add_demo_return_records(seed, today)
    demo_seconds = time.perf_counter() - begun
    year = last_complete_collection_year(today)
    manage = [sys.executable, str(settings.BASE_DIR / "manage.py")]
    env = {**os.environ, "CASEBOARD_TESTING": "1", "CASEBOARD_SQLITE": str(settings.DATABASES["default"]["NAME"])}
    env.pop("DATABASE_URL", None)
    result: dict[str, Any] = {"year": year, "demo_seconds": demo_seconds}
    cin_file, tables = work / "cin.xml", work / "903"
    output, _wall, memory = _run([*manage, "returns", "export", "cin", "--year", year, "--output", str(cin_file)], env)
    result["cin"] = {
        "seconds": _seconds_said(output),
        "memory_mb": memory,
        "children": int(output.split()[0].replace(",", "")),
    }
    output, _wall, memory = _run([*manage, "returns", "export", "903", "--year", year, "--output", str(tables)], env)
    result["903"] = {
        "seconds": _seconds_said(output),
        "memory_mb": memory,
        "children": int(output.split()[0].replace(",", "")),
    }

    python = validator_python()
    if python.exists():
        import json

        sample, sampled = _first_children(cin_file.read_bytes(), VALIDATOR_SAMPLE)
        (work / "cin-sample.xml").write_bytes(sample)
        read, _wall, _memory = _run([str(python), str(RUNNER), "read", "cin", year, str(work / "cin-sample.xml")], env)
        theirs = json.loads(read)["seconds"]
        ours_per_child = result["cin"]["seconds"] / max(result["cin"]["children"], 1)
        result["cin"].update(
            validator_seconds=theirs,
            validator_children=sampled,
            ratio=ours_per_child / (theirs / max(sampled, 1)),
        )
        files = sorted(str(path) for path in tables.glob("*.csv"))
        read, _wall, _memory = _run([str(python), str(RUNNER), "read", "903", year, *files], env)
        theirs = json.loads(read)["seconds"]
        result["903"].update(validator_seconds=theirs, ratio=result["903"]["seconds"] / theirs)

    # The import: the census's first children into an empty database of their own, as a council moving in would.
    sample, sampled = _first_children(cin_file.read_bytes(), IMPORT_SAMPLE)
    (work / "cin-import.xml").write_bytes(sample)
    target = work / "import.sqlite3"
    target.unlink(missing_ok=True)
    fresh = {**env, "CASEBOARD_SQLITE": str(target)}
    _run([*manage, "migrate", "--verbosity", "0"], fresh)
    _run(
        [
            *manage,
            "shell",
            "-c",
            "from caseboard.accounts.models import Role, User; "
            "User.objects.create_user(username='importer', password=None, role=Role.ADMINISTRATOR)",
        ],
        fresh,
    )
    output, _wall, memory = _run(
        [*manage, "returns", "import", "cin", str(work / "cin-import.xml"), "--year", year, "--user", "importer"], fresh
    )
    seconds = _seconds_said(output)
    result["import"] = {
        "children": sampled,
        "seconds": seconds,
        "children_per_second": sampled / seconds if seconds else 0.0,
        "memory_mb": memory,
    }
    target.unlink(missing_ok=True)
    return result
