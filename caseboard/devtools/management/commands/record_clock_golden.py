"""Record a generated council's facts and every due item the statutory clock computes from them, under several
timelines and on several dates, for the clock's regression test (``caseboard/clock/tests/test_golden.py``):
``manage.py record_clock_golden demo caseboard/clock/tests/golden/demo.json.gz --children 1000`` into an empty
database. Run it before a change to the clock that should change no due date; the test then compares."""

from __future__ import annotations

import gzip
import json
from dataclasses import replace
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from caseboard.casework.demo import DemoBuilder
from caseboard.clock import compute_due_items
from caseboard.clock.tests.golden import encode
from caseboard.compliance.facts import facts_for
from caseboard.core.hooks import demo_steps
from caseboard.devtools.scenarios import SCENARIO_TODAY, build_covid_2020
from caseboard.people.models import Child
from caseboard.policy.models import OperatingModelVersion
from caseboard.policy.presets import BASELINE, COVID
from caseboard.policy.selectors import council_timeline, to_rules

DEMO_TODAY = date(2026, 4, 1)


class Command(BaseCommand):
    help = "Record a generated council's facts and due items for the statutory clock's regression test."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("council", choices=["demo", "covid"])
        parser.add_argument("output")
        parser.add_argument("--children", type=int, default=1000)

    def handle(self, *args: Any, council: str, output: str, children: int, **options: Any) -> None:
        if Child.objects.exists():
            raise CommandError("Record into an empty database")
        if council == "demo":
            today = DEMO_TODAY
            DemoBuilder(children=children, seed=7, today=today).build()
            for step in demo_steps:
                step(7, today)
        else:
            today = SCENARIO_TODAY
            build_covid_2020(children=children, seed=3, recompute=False)
        facts = facts_for(Child.objects.order_by("pk").values_list("pk", flat=True))
        presets = {
            v.operating_model.name: to_rules(v)
            for v in OperatingModelVersion.objects.filter(operating_model__is_preset=True).select_related(
                "operating_model"
            )
        }
        base, covid = presets[BASELINE], presets[COVID]
        timelines = {"council": council_timeline(), BASELINE: [base], COVID: [covid]}
        timelines["change"] = [
            replace(base, version_id=901, effective_from=date(2000, 1, 1)),
            replace(covid, version_id=902, effective_from=date(2020, 3, 23)),
            replace(base, version_id=903, label="Back to baseline", effective_from=date(2021, 7, 19)),
        ]
        timelines["running"] = [
            replace(base, version_id=911, effective_from=date(2000, 1, 1)),
            replace(covid, version_id=912, effective_from=date(2020, 4, 20), applies_to_running_intervals=True),
            replace(
                base,
                version_id=913,
                label="Back, running",
                effective_from=date(2021, 1, 4),
                applies_to_running_intervals=True,
            ),
        ]
        result: dict[str, Any] = {
            "today": encode(today),
            "timelines": {name: encode(timeline) for name, timeline in timelines.items()},
            "facts": encode(facts),
            "items": {},
        }
        for name, timeline in timelines.items():
            days = [today] if name == "council" else [today, date(2020, 6, 4), date(2021, 3, 1)]
            for day in days:
                result["items"][f"{name}@{day.isoformat()}"] = [
                    encode(compute_due_items(child, timeline, day)) for child in facts
                ]
        with gzip.open(output, "wt") as handle:
            json.dump(result, handle, separators=(",", ":"))
        self.stdout.write(f"Recorded {len(facts):,} children's facts and due items in {output}")
