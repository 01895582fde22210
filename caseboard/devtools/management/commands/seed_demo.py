"""Build the fictional demo council: ``manage.py seed_demo --children 3000 --seed 1``; or a dated scenario:
``manage.py seed_demo --scenario covid-2020`` (the council as of 4 June 2020, under the COVID-19 operating model).
Either is built in one transaction: it is loaded as a whole or not at all."""

from __future__ import annotations

import sys
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import timezone

from caseboard.casework.demo import DemoBuilder
from caseboard.core.hooks import demo_steps
from caseboard.devtools.scenarios import SCENARIOS
from caseboard.people.models import Child


class Command(BaseCommand):
    help = "Build a deterministic fictional council (teams, staff, children, episodes, families, allocations)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--children", type=int, default=3000, help="How many children (default 3,000)")
        parser.add_argument("--seed", type=int, default=1, help="Random seed: the same seed builds the same data")
        parser.add_argument(
            "--if-empty", action="store_true", help="Do nothing if the database already has children (for ./dev run)"
        )
        parser.add_argument(
            "--scenario",
            choices=sorted(SCENARIOS),
            default=None,
            help="Build a dated scenario instead: covid-2020 is the council on 4 June 2020 under the COVID-19 "
            "operating model, with seed 004's visits in the week of 11 May 2020",
        )

    def handle(
        self, *args: Any, children: int, seed: int, if_empty: bool, scenario: str | None = None, **options: Any
    ) -> None:
        if children < 1:
            raise CommandError("--children must be at least 1")
        if Child.objects.exists():
            if if_empty:
                self.stdout.write("Demo data already loaded: nothing to do.")
                return
            raise CommandError(
                "The database already has children. Demo data goes into an empty database "
                "(use a new CASEBOARD_SQLITE file, or flush this one first)."
            )
        started = time.monotonic()
        show = sys.stderr.isatty() or options.get("verbosity", 1) > 1

        def progress(done: int, total: int) -> None:
            width = 30
            filled = int(width * done / total)
            rate = done / max(time.monotonic() - started, 1e-6)
            line = f"\r  children [{'#' * filled}{'.' * (width - filled)}] {done:,}/{total:,} ({rate:,.0f}/s)"
            if show or done == total:
                self.stderr.write(line, ending="")
            if done == total:
                self.stderr.write("")

        if scenario:
            self._scenario(scenario, children=children, seed=seed, progress=progress, started=started)
            return
        # One transaction for the council and every app's demo step: a load that fails or is killed midway leaves
        # nothing behind, so ``--if-empty`` never takes a half-built council for a loaded one, and a re-run builds it.
        with transaction.atomic():
            summary = DemoBuilder(children=children, seed=seed, progress=progress).build()
            extras = [step(seed, timezone.localdate()) for step in demo_steps]
        elapsed = time.monotonic() - started
        cohorts = ", ".join(f"{name} {count:,}" for name, count in sorted(summary.by_cohort.items()))
        self.stdout.write(
            self.style.SUCCESS(
                f"Built {summary.children:,} children ({cohorts}), {summary.episodes:,} episodes, "
                f"{summary.allocations:,} allocations, {summary.family_members:,} family members, "
                f"{summary.staff:,} staff in {summary.teams} teams in {elapsed:.1f}s "
                f"({summary.children / elapsed:,.0f} children/s)" + "".join(f"; {extra}" for extra in extras) + "."
            )
        )

    def _scenario(self, name: str, *, children: int, seed: int, progress: Any, started: float) -> None:
        """A scenario's builder returns a result whose ``report()`` is the lines to print (a summary first)."""
        result = SCENARIOS[name](children=children, seed=seed, progress=progress)
        headline, *lines = result.report()
        self.stdout.write(self.style.SUCCESS(f"{headline} ({time.monotonic() - started:.1f}s)."))
        for line in lines:
            self.stdout.write(line)
