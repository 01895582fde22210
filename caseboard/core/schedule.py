"""The daily and weekly jobs: the same table as the cron lines in README.md ("Production deployment").

``manage.py scheduler`` runs them on this schedule for as long as it runs (``./dev run`` starts it beside the web
server and the task worker); a production deployment may use cron or systemd timers with the README's lines
instead (never both, and only one scheduler). Each job is a management command named here by its command line, as
cron names it, so this bottom app depends on no feature app; a test checks the README says the same.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Job:
    name: str
    cron: str  # minute hour day-of-month month day-of-week, in the council's time zone (Europe/London)
    command: tuple[str, ...]  # manage.py arguments
    why: str


JOBS: tuple[Job, ...] = (
    Job("clearsessions", "15 1 * * *", ("clearsessions",), "Clear expired sessions nightly"),
    Job(
        "recompute_due",
        "5 0 * * *",
        ("recompute_due",),
        "Recompute every child's due items for the new day (the clock's overdue rolls over at midnight)",
    ),
    Job(
        "decisions_daily",
        "10 0 * * *",
        ("decisions_daily",),
        "Key decisions: expire those past their end date, remind approvers of reviews due, escalate overdue reviews",
    ),
    Job(
        "workforce_daily",
        "15 0 * * *",
        ("workforce_daily",),
        "Workforce: hand back children whose cover has ended; welfare and supervision due items for the new day",
    ),
    Job(
        "store_weekly",
        "20 1 * * 1",
        ("report", "store-weekly"),
        "Store last week's weekly visits return (Monday to Sunday), once, early each Monday",
    ),
    Job("axes_reset", "30 1 * * *", ("axes_reset",), "Remove lock-out records older than the cool-off"),
    Job(
        "purge_submissions",
        "35 1 * * *",
        ("purge_submissions",),
        "Remove retry keys (Idempotency-Key, form tokens) older than IDEMPOTENCY_KEY_HOURS",
    ),
    Job(
        "returns_refresh",
        "45 1 * * *",
        ("returns", "refresh"),
        "Return health: build and check the CIN census and SSDA903 for this year and last (by the task worker)",
    ),
    Job(
        "demand_alerts",
        "20 7 * * *",
        ("demand_alerts",),
        "Demand alerts: referrals in the last complete week well above or below the usual level",
    ),
)
