"""``manage.py scheduler``: run the daily and weekly jobs of ``caseboard.core.schedule`` on their schedule.

APScheduler's cron triggers fire each job in the council's time zone; each job runs as ``manage.py COMMAND`` in a
process of its own, as cron would run it, one at a time, with its output and exit status on this command's output.
A job missed while the scheduler was stopped runs once when it starts again within the hour (``misfire_grace_time``),
never several times over. ``--list`` prints the table and when each job runs next; ``--run NAME`` runs one job now.
"""

from __future__ import annotations

import re
import signal
import subprocess
import sys
import time
from pathlib import Path
from types import FrameType
from typing import Any

from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.cron import CronTrigger
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from caseboard.core.schedule import JOBS, Job

MANAGE_PY = Path(settings.BASE_DIR) / "manage.py"


CRON_DAYS = ("sun", "mon", "tue", "wed", "thu", "fri", "sat", "sun")


def trigger_for(job: Job) -> CronTrigger:
    """The job's cron line as an APScheduler trigger in the council's time zone. APScheduler 3 numbers the days of
    the week from Monday = 0 (cron: Sunday = 0, Monday = 1), so the day-of-week field is passed as names."""
    minute, hour, day, month, day_of_week = job.cron.split()
    day_of_week = re.sub(r"\d", lambda digit: CRON_DAYS[int(digit.group())], day_of_week)
    return CronTrigger(
        minute=minute, hour=hour, day=day, month=month, day_of_week=day_of_week, timezone=settings.TIME_ZONE
    )


class Command(BaseCommand):
    help = "Run the daily and weekly jobs (recompute due items, key decisions, stored returns, alerts) on schedule."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--list", action="store_true", dest="list_jobs", help="Print the jobs and when each runs next, then stop"
        )
        parser.add_argument("--run", metavar="NAME", help="Run one job now (by its name in --list), then stop")

    def handle(self, *args: Any, list_jobs: bool = False, run: str | None = None, **options: Any) -> None:
        if list_jobs:
            now = timezone.now()
            for job in JOBS:
                next_run = trigger_for(job).get_next_fire_time(None, now)
                self.stdout.write(f"{job.name:<16} {job.cron:<12} next {next_run:%a %-d %b %Y %H:%M}  {job.why}")
            return
        if run:
            by_name = {job.name: job for job in JOBS}
            if run not in by_name:
                raise CommandError(f"No job called {run!r}: choose from {', '.join(by_name)}")
            if self.run_job(by_name[run]) != 0:
                raise CommandError(f"{run} failed")
            return
        scheduler = BlockingScheduler(
            timezone=settings.TIME_ZONE,
            job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": 3600},
            executors={"default": {"type": "threadpool", "max_workers": 1}},
        )
        for job in JOBS:
            scheduler.add_job(self.run_job, trigger_for(job), args=[job], id=job.name, name=job.why)

        def stop(signum: int, frame: FrameType | None) -> None:
            self.stdout.write(f"Scheduler stopping ({signal.strsignal(signum)})")
            scheduler.shutdown(wait=False)

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        self.stdout.write(f"Scheduler started: {len(JOBS)} jobs ({', '.join(job.name for job in JOBS)})")
        self.stdout.flush()
        scheduler.start()

    def run_job(self, job: Job) -> int:
        """Run one job as ``manage.py COMMAND`` and say how it went; a failure is reported, not raised, so the next
        job still runs."""
        started = time.monotonic()
        self.stdout.write(f"{job.name}: starting ({' '.join(job.command)})")
        self.stdout.flush()
        completed = subprocess.run([sys.executable, str(MANAGE_PY), *job.command], check=False)  # noqa: S603
        outcome = "done" if completed.returncode == 0 else f"FAILED with exit status {completed.returncode}"
        self.stdout.write(f"{job.name}: {outcome} in {time.monotonic() - started:.1f}s")
        self.stdout.flush()
        return completed.returncode
