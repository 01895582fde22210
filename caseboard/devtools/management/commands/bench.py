"""Benchmark the main pages at 3,000 and 100,000 children: ``manage.py bench`` (``./dev bench``).

Each scale runs in its own process on its own SQLite file (``var/bench-<scale>.sqlite3``, made anew): the process
migrates, builds the demo council (timed: children per second), then requests each page through the whole
middleware stack with ``django.test.Client``, interleaved with the trivial signed-in view ``/ping/`` so machine noise
hits both. A page's ratio is its median time over the median time of ``/ping/``. Then it adds the front door's and
the meetings' demo records and two years of visits, and times each report against one hand-written SQL statement of
the same figures (``caseboard/devtools/benchmark.py``); last, the placements demo step, and the sufficiency page and
the placement finder against ``/ping/``. The parent process prints a table
with both scales side by side, the slowest queries of any page that misses its target, and one JSON line per measure.
See docs/bench.md.
"""

from __future__ import annotations

import argparse
import gc
import json
import logging
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

SCALES = {"3k": 3000, "100k": 100_000}
DEFAULT_REPEAT = {"3k": 30, "100k": 20}
WARM_UP = 3
RECORDS = 10  # how many of the worker's children the child record measure cycles through
# Pages with a target ratio to /ping/, by scale.
TARGETS = {"caseload": {"3k": 3.0, "100k": 5.0}, "child_record": {"3k": 3.0, "100k": 5.0}}
PAGES = (
    ("caseload", "caseload page (worker)"),
    ("child_record", "child record page (worker)"),
    ("search", "search by surname (worker)"),
    ("api_list", "API children list (worker)"),
    ("search_all", "search by surname (performance)"),
    ("capacity", "capacity page, whole service (head of service)"),
)
# Placements' pages, measured after the placements demo step (the settings, carers and placements of every
# looked-after child) against /ping/ in the same way as the pages above.
PLACEMENT_PAGES = (
    ("sufficiency", "sufficiency page (head of service)"),
    ("placement_finder", "placement finder, age 9, near NM5 (head of service)"),
)
LOGIN_BACKEND = "django.contrib.auth.backends.ModelBackend"
# Demo steps (registered in caseboard.core.hooks.demo_steps; named here so the benchmark runs just these) that add
# the contacts, referrals, assessments and meetings the timeliness and demand reports read.
DEMO_STEPS = ("caseboard.frontdoor.demo.add_demo_front_door", "caseboard.meetings.demo.add_demo_meetings")
REPORTS = (
    ("weekly_visits_return", "weekly visits return"),
    ("survey", "vulnerable children survey"),
    ("timeliness", "timeliness summary, 12 weeks"),
    ("demand", "demand by week, 52 weeks"),
)


def _label(children: int) -> str:
    return f"{children // 1000}k" if children % 1000 == 0 else str(children)


class Command(BaseCommand):
    help = (
        "Measure the caseload, child record, search and API pages against a trivial view, and the reports against "
        "hand-written SQL, at 3,000 and 100,000 children."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--scale",
            choices=["small", "full"],
            default="full",
            help="small: 3,000 children only; full (default): 3,000 and 100,000",
        )
        parser.add_argument("--seed", type=int, default=1, help="Demo data seed (default 1)")
        parser.add_argument(
            "--repeat", type=int, default=None, help="Timed requests per page (default 30 at 3,000, 20 at 100,000)"
        )
        # Internal: run one scale in this process, on the database CASEBOARD_SQLITE names (set by the parent).
        parser.add_argument("--child-scale", type=int, default=None, help=argparse.SUPPRESS)

    def handle(self, *args: Any, scale: str, seed: int, repeat: int | None, child_scale: int | None, **options: Any):
        if repeat is not None and repeat < 1:
            raise CommandError("--repeat must be at least 1")
        if child_scale is not None:
            self._run_scale(child_scale, seed, repeat)
            return
        labels = ["3k"] if scale == "small" else ["3k", "100k"]
        results: dict[str, dict[str, Any]] = {}
        started = time.monotonic()
        for label in labels:
            results[label] = self._spawn(label, seed, repeat)
        self._report(labels, results, time.monotonic() - started)

    # --- parent: one subprocess per scale ----------------------------------------------------------------------
    def _spawn(self, label: str, seed: int, repeat: int | None) -> dict[str, Any]:
        if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
            raise CommandError("The benchmark builds its own SQLite databases: unset DATABASE_URL")
        var_dir = Path(settings.VAR_DIR)
        var_dir.mkdir(parents=True, exist_ok=True)
        database = var_dir / f"bench-{label}.sqlite3"
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{database}{suffix}").unlink(missing_ok=True)
        command = [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), "bench"]
        command += ["--child-scale", str(SCALES[label]), "--seed", str(seed)]
        if repeat is not None:
            command += ["--repeat", str(repeat)]
        env = os.environ | {"CASEBOARD_SQLITE": str(database)}
        env.pop("DATABASE_URL", None)
        self.stderr.write(f"== {SCALES[label]:,} children ({database})")
        done = subprocess.run(command, env=env, stdout=subprocess.PIPE, text=True, check=False)  # noqa: S603
        if done.returncode != 0:
            raise CommandError(f"The {label} benchmark failed (exit {done.returncode})")
        lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
        if not lines:
            raise CommandError(f"The {label} benchmark printed no result")
        return json.loads(lines[-1])

    def _report(self, labels: list[str], results: dict[str, dict[str, Any]], elapsed: float) -> None:
        out = self.stdout.write
        first = results[labels[0]]
        widths = (36, 14, 14, 10)
        header = ["measure"] + [f"{SCALES[label]:,} children" for label in labels] + ["target"]
        out("")
        cells = [h.ljust(w) if i == 0 else h.rjust(w) for i, (h, w) in enumerate(zip(header, widths, strict=False))]
        out("  ".join(cells).rstrip())
        out("-" * (sum(widths[: len(header)]) + 2 * (len(header) - 1)))

        def row(name: str, cells: list[str], target: str = "") -> None:
            values = [name.ljust(widths[0])] + [cell.rjust(widths[1]) for cell in cells]
            if len(labels) == 1 or target:
                values.append(target.rjust(widths[3]))
            out("  ".join(values).rstrip())

        row("trivial view /ping/ median (ms)", [f"{results[label]['ping_ms']:.2f}" for label in labels])
        row("trivial view queries", [str(results[label]["ping_queries"]) for label in labels])
        row("    time in SQL (ms)", [f"{results[label]['ping_sql_ms']:.2f}" for label in labels])
        for key, title in PAGES:
            if key not in first["pages"]:
                continue
            target = TARGETS.get(key, {})
            target_text = " / ".join(f"<={target[label]:g}x" for label in labels if label in target)
            row(f"{title}: ratio", [f"{results[label]['pages'][key]['ratio']:.2f}x" for label in labels], target_text)
            row("    median (ms)", [f"{results[label]['pages'][key]['ms']:.2f}" for label in labels])
            row(
                "    queries",
                [str(results[label]["pages"][key]["queries"]) for label in labels],
                "same" if len(labels) > 1 else "",
            )
            row(
                "    of which repeats in the request",
                [str(results[label]["pages"][key]["repeated"]) for label in labels],
            )
            row("    time in SQL (ms)", [f"{results[label]['pages'][key]['sql_ms']:.2f}" for label in labels])
        row("seed_demo children per second", [f"{results[label]['children_per_second']:,.0f}" for label in labels])
        clock = {label: results[label]["due_items"] for label in labels}
        row(
            "due items: first recompute, children/s",
            [f"{clock[label]['first_recompute_children_per_second']:,.0f}" for label in labels],
        )
        row(
            "due items: nightly recompute, children/s",
            [f"{clock[label]['recompute_children_per_second']:,.0f}" for label in labels],
        )
        row(
            "    nightly: ratio to a plain read of the facts",
            [f"{clock[label]['recompute_ratio_to_read']:.2f}x" for label in labels],
            "<=3x",
        )
        for key, title in (
            ("record_visit_page", "record a visit: page POST"),
            ("record_visit_api", "record a visit: API POST"),
        ):
            if all(key in results[label].get("recording", {}) for label in labels):
                row(f"{title}: ratio", [f"{results[label]['recording'][key]['ratio']:.2f}x" for label in labels])
                row("    median (ms)", [f"{results[label]['recording'][key]['ms']:.2f}" for label in labels])
        for key, title in REPORTS:
            if all(key in results[label].get("reports", {}) for label in labels):
                measures = [results[label]["reports"][key] for label in labels]
                row(f"{title}: ratio to one SQL", [f"{m['ratio']:.2f}x" for m in measures], "<=2x")
                row("    median (ms) / SQL (ms)", [f"{m['ms']:.1f} / {m['sql_ms']:.1f}" for m in measures])
                if all("same" in m for m in measures):
                    row("    SQL gives the same figures", ["yes" if m["same"] else "NO" for m in measures])
        if all("family_time" in results[label] for label in labels):
            family = [results[label]["family_time"] for label in labels]
            row("family time: 4 weeks generated, sessions/s", [f"{f['sessions_per_second']:,.0f}" for f in family])
            row("    sessions / arrangements", [f"{f['sessions']:,} / {f['arrangements']:,}" for f in family])
            row("slot finder, month booked: ratio", [f"{f['slot_finder_ratio']:.2f}x" for f in family])
            row(
                "    median (ms) / queries", [f"{f['slot_finder_ms']:.1f} / {f['slot_finder_queries']}" for f in family]
            )
        if all("placements" in results[label] for label in labels):
            placed = [results[label]["placements"] for label in labels]
            row("placements demo step (s)", [f"{p['demo_seconds']:.1f}" for p in placed])
            row("    settings / placements", [f"{p['settings']:,} / {p['placements']:,}" for p in placed])
            for key, title in PLACEMENT_PAGES:
                row(f"{title}: ratio", [f"{p[key]['ratio']:.2f}x" for p in placed])
                row("    median (ms)", [f"{p[key]['ms']:.2f}" for p in placed])
                row("    queries", [str(p[key]["queries"]) for p in placed], "same" if len(labels) > 1 else "")
                row("    time in SQL (ms)", [f"{p[key]['sql_ms']:.2f}" for p in placed])
        if all("returns" in results[label] for label in labels):
            built = [results[label]["returns"] for label in labels]
            for kind, title in (("cin", "CIN census export"), ("903", "SSDA903 export (CSV)")):
                row(f"{title} (s)", [f"{r[kind]['seconds']:.1f}" for r in built])
                row(
                    "    children / peak memory (MB)",
                    [f"{r[kind]['children']:,} / {r[kind]['memory_mb']:,.0f}" for r in built],
                )
                if all("ratio" in r[kind] for r in built):
                    row("    ratio to the DfE validator reading it", [f"{r[kind]['ratio']:.2f}x" for r in built])
                    if kind == "cin":
                        row(
                            "    validator (s) for children read",
                            [f"{r[kind]['validator_seconds']:.1f} / {r[kind]['validator_children']:,}" for r in built],
                        )
                    else:
                        row("    validator reading (s)", [f"{r[kind]['validator_seconds']:.1f}" for r in built])
            row("CIN census import, children/s", [f"{r['import']['children_per_second']:,.0f}" for r in built])
            row(
                "    children / s / peak memory (MB)",
                [
                    f"{r['import']['children']:,} / {r['import']['seconds']:.1f} / {r['import']['memory_mb']:,.0f}"
                    for r in built
                ],
            )
        row(
            "due items: one child after a write (ms)",
            [f"{clock[label]['incremental_ms']:.1f}" for label in labels],
            "<=50 ms",
        )
        row("seed_demo build time (s)", [f"{results[label]['seed_seconds']:.1f}" for label in labels])
        if all("demo_steps_seconds" in results[label] for label in labels):
            row(
                "front door and meetings demo steps (s)",
                [f"{results[label]['demo_steps_seconds']:.1f}" for label in labels],
            )
        out("")

        # Targets, met or missed.
        missed: list[tuple[str, str]] = []
        out("Targets:")
        for key, target in TARGETS.items():
            for label in labels:
                ratio = results[label]["pages"][key]["ratio"]
                met = ratio <= target[label]
                verdict = "MET   " if met else "MISSED"
                out(f"  {verdict} {key} at {SCALES[label]:,}: {ratio:.2f}x (target <= {target[label]:g}x)")
                if not met:
                    missed.append((label, key))
        if len(labels) > 1:
            for key, _title in PAGES:
                counts = [results[label]["pages"][key]["queries"] for label in labels]
                same = len(set(counts)) == 1
                out(f"  {'MET   ' if same else 'MISSED'} {key} queries the same at both scales: {counts}")
                if not same:
                    missed += [(label, key) for label in labels[1:]]
        else:
            out("  (queries at both scales: run the full benchmark)")
        for label, key in dict.fromkeys(missed):
            out("")
            out(f"Slowest queries on {key} at {SCALES[label]:,} children:")
            for query in results[label]["pages"][key]["slowest"]:
                out(f"  {query['ms']:.2f} ms: {query['sql']}")
                for step in query.get("plan", []):
                    out(f"      plan: {step}")
        out("")
        out(f"Benchmark took {elapsed:.0f}s. Machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}.")

        # One JSON line per measure, last.
        def emit(name: str, value: float, unit: str) -> None:
            out(json.dumps({"bench": name, "value": round(value, 3), "unit": unit}))

        for label in labels:
            result = results[label]
            emit(f"ping_ms_{label}", result["ping_ms"], "ms")
            for key, _title in PAGES:
                page = result["pages"][key]
                emit(f"{key}_ratio_{label}", page["ratio"], "ratio")
                emit(f"{key}_ms_{label}", page["ms"], "ms")
                emit(f"queries_{key}_{label}", page["queries"], "queries")
            emit(f"seed_children_per_second_{label}", result["children_per_second"], "children/s")
            if "demo_steps_seconds" in result:
                emit(f"demo_steps_seconds_{label}", result["demo_steps_seconds"], "s")
            clock = result["due_items"]
            emit(f"due_recompute_children_per_second_{label}", clock["recompute_children_per_second"], "children/s")
            emit(f"due_recompute_ratio_to_read_{label}", clock["recompute_ratio_to_read"], "ratio")
            emit(
                f"due_first_recompute_children_per_second_{label}",
                clock["first_recompute_children_per_second"],
                "children/s",
            )
            emit(f"due_incremental_ms_{label}", clock["incremental_ms"], "ms")
            for key, measure in result.get("reports", {}).items():
                emit(f"{key}_ratio_to_sql_{label}", measure["ratio"], "ratio")
                emit(f"{key}_ms_{label}", measure["ms"], "ms")
                if "same" in measure:
                    emit(f"{key}_same_figures_as_sql_{label}", int(measure["same"]), "bool")
            for key, measure in result.get("recording", {}).items():
                emit(f"{key}_ratio_{label}", measure["ratio"], "ratio")
                emit(f"{key}_ms_{label}", measure["ms"], "ms")
            if "family_time" in result:
                family = result["family_time"]
                emit(f"family_time_sessions_per_second_{label}", family["sessions_per_second"], "sessions/s")
                emit(f"slot_finder_ratio_{label}", family["slot_finder_ratio"], "ratio")
                emit(f"queries_slot_finder_{label}", family["slot_finder_queries"], "queries")
            if "returns" in result:
                built = result["returns"]
                for kind in ("cin", "903"):
                    emit(f"export_{kind}_seconds_{label}", built[kind]["seconds"], "s")
                    emit(f"export_{kind}_memory_mb_{label}", built[kind]["memory_mb"], "MB")
                    if "ratio" in built[kind]:
                        emit(f"export_{kind}_ratio_to_validator_read_{label}", built[kind]["ratio"], "ratio")
                emit(f"import_cin_children_per_second_{label}", built["import"]["children_per_second"], "children/s")
                emit(f"import_cin_memory_mb_{label}", built["import"]["memory_mb"], "MB")
            for key, _title in PLACEMENT_PAGES if "placements" in result else ():
                measure = result["placements"][key]
                emit(f"{key}_ratio_{label}", measure["ratio"], "ratio")
                emit(f"{key}_ms_{label}", measure["ms"], "ms")
                emit(f"queries_{key}_{label}", measure["queries"], "queries")

    # --- child: one scale, in this process -------------------------------------------------------------------
    def _progress(self, message: str) -> None:
        self.stderr.write(f"  [{time.strftime('%H:%M:%S')}] {message}")

    def _run_scale(self, children: int, seed: int, repeat: int | None) -> None:
        from caseboard.accounts.models import User
        from caseboard.casework.demo import DemoBuilder
        from caseboard.casework.models import Allocation
        from caseboard.people.models import Child

        label = _label(children)
        name = str(settings.DATABASES["default"]["NAME"])
        if "bench-" not in Path(name).name:
            raise CommandError(f"--child-scale runs on a bench database only (not {name}): run manage.py bench")
        self._progress("migrating")
        call_command("migrate", verbosity=0, interactive=False)
        if Child.objects.exists():
            raise CommandError(f"{name} already has children: the benchmark needs an empty database")

        step = max(children // 10, 2000)
        shown = [0]

        def progress(done: int, total: int) -> None:
            if done - shown[0] >= step or done == total:
                shown[0] = done
                self._progress(f"built {done:,}/{total:,} children")

        started = time.perf_counter()
        summary = DemoBuilder(children=children, seed=seed, progress=progress).build()
        seed_seconds = time.perf_counter() - started
        self._progress(
            f"demo data: {summary.children:,} children, {summary.episodes:,} episodes, {summary.allocations:,} "
            f"allocations in {seed_seconds:.1f}s ({summary.children / seed_seconds:,.0f} children/s)"
        )

        clock = self._measure_due_items(children)

        logging.getLogger("axes").setLevel(logging.WARNING)  # force_login's "successful login" lines
        if "testserver" not in settings.ALLOWED_HOSTS:
            settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
        worker_user = User.objects.get(username="worker")
        worker = Client()
        worker.force_login(worker_user, backend=LOGIN_BACKEND)
        performance = Client()
        performance.force_login(User.objects.get(username="performance"), backend=LOGIN_BACKEND)
        head = Client()
        head_user = User.objects.get(username="head")
        head.force_login(head_user, backend=LOGIN_BACKEND)
        self._unavailable_staff(head_user.service_id)

        # The worker's children by local ID: the child record cycles through the first RECORDS of them, and the
        # search looks for the surname of the first (so it always finds at least one child).
        allocated = Allocation.objects.filter(worker=worker_user, ended_on__isnull=True).values("child_id")
        own = list(Child.objects.filter(pk__in=allocated).order_by("local_id")[:RECORDS])
        if not own:
            raise CommandError("The demo worker has no children allocated")
        surname = own[0].last_name
        record_urls = [f"/children/{child.pk}/" for child in own]
        cycle = {"i": 0}

        def record_url() -> str:
            cycle["i"] += 1
            return record_urls[cycle["i"] % len(record_urls)]

        pages: dict[str, tuple[Client, Callable[[], str]]] = {
            "caseload": (worker, lambda: "/caseload/"),
            "child_record": (worker, record_url),
            "search": (worker, lambda: f"/children/?q={surname}"),
            "api_list": (worker, lambda: "/api/v1/children/"),
            "search_all": (performance, lambda: f"/children/?q={surname}"),
            "capacity": (head, lambda: f"/workforce/capacity/services/{head_user.service_id}/"),
        }

        def request(client: Client, url: str) -> float:
            begun = time.perf_counter()
            response = client.get(url)
            seconds = time.perf_counter() - begun
            if response.status_code != 200:
                raise CommandError(f"GET {url} answered {response.status_code}, not 200")
            return seconds

        self._progress(f"warming up ({WARM_UP} requests a page; search for '{surname}')")
        for _ in range(WARM_UP):
            request(worker, "/ping/")
            for client, url in pages.values():
                request(client, url())

        ping_counted = self._queries(worker, lambda: "/ping/")
        counted = {key: self._queries(client, url) for key, (client, url) in pages.items()}

        rounds = repeat or DEFAULT_REPEAT.get(label, 20)
        self._progress(f"timing {rounds} requests a page, each after a /ping/")
        ping_times: list[float] = []
        page_times: dict[str, list[float]] = {key: [] for key in pages}
        gc.collect()
        for number in range(1, rounds + 1):
            for key, (client, url) in pages.items():
                ping_times.append(request(worker, "/ping/"))
                page_times[key].append(request(client, url()))
            if number % 10 == 0 or number == rounds:
                self._progress(f"round {number}/{rounds}")

        ping = statistics.median(ping_times)
        recording = self._measure_visit_recording(worker, worker_user, rounds, request)
        steps_seconds = self._add_demo_steps(seed)
        reports = self._measure_reports(seed, children)
        family_time = self._measure_family_time(request, ping, rounds)
        placements = self._measure_placements(request, rounds, seed)
        returns = self._measure_returns(seed)
        result = {
            "children": children,
            "seed_seconds": seed_seconds,
            "demo_steps_seconds": steps_seconds,
            "children_per_second": summary.children / seed_seconds,
            "ping_ms": ping * 1000,
            "ping_queries": ping_counted["queries"],
            "ping_sql_ms": ping_counted["sql_ms"],
            "search_query": surname,
            "due_items": clock,
            "recording": {key: {"ms": ms, "ratio": ms / (ping * 1000)} for key, ms in recording.items()},
            "reports": reports,
            "family_time": family_time,
            "placements": placements,
            "returns": returns,
            "pages": {
                key: {
                    "ms": statistics.median(times) * 1000,
                    "ratio": statistics.median(times) / ping,
                    **counted[key],
                }
                for key, times in page_times.items()
            },
        }
        self.stdout.write(json.dumps(result))

    def _measure_reports(self, seed: int, children: int) -> dict[str, dict[str, Any]]:
        """The weekly visits return, the survey, timeliness and demand over two years of visits, each against one
        hand-written SQL statement of the same figures (caseboard/devtools/benchmark.py)."""
        from django.utils import timezone

        from caseboard.devtools.benchmark import ensure_two_years_of_visits, measure_reports

        today = timezone.localdate()
        self._progress(f"reports: {ensure_two_years_of_visits(seed=seed, today=today)}")
        self._progress("reports: timing each report and its SQL")
        return measure_reports(today=today, rounds=5 if children > 10_000 else 15)

    def _unavailable_staff(self, service_id: int | None) -> None:
        """One in eight of the service's staff self-isolating this fortnight and the rest working from home, so
        the capacity page has people to count and children needing cover."""
        from datetime import timedelta

        from django.utils import timezone

        from caseboard.accounts.models import User
        from caseboard.core.audit import audit_bypass
        from caseboard.workforce.models import Availability

        today = timezone.localdate()
        now = timezone.now()
        staff = list(User.objects.filter(teams__service_id=service_id).distinct().order_by("pk"))
        rows = [
            Availability(
                person=person,
                status="self_isolating" if n % 8 == 0 else "home",
                starts_on=today - timedelta(days=2),
                ends_on=today + timedelta(days=11) if n % 8 == 0 else None,
                recorded_by=person,
                recorded_at=now,
            )
            for n, person in enumerate(staff)
        ]
        with audit_bypass("benchmark data"):
            Availability.objects.bulk_create(rows, batch_size=2000)

    def _measure_family_time(self, request: Callable, ping: float, rounds: int) -> dict[str, float]:
        """Four weeks of family time sessions generated for up to 2,000 arrangements (sessions per second), and the
        slot finder through the API for one arrangement at a venue booked solid for a month (ratio to /ping/)."""
        from django.utils import timezone

        from caseboard.accounts.models import User
        from caseboard.devtools.benchmark import family_time_full_month, family_time_generation

        today = timezone.localdate()
        self._progress("family time: generating four weeks of sessions for the looked-after children's arrangements")
        generated = family_time_generation(today=today)
        self._progress(
            f"family time: {generated['sessions']:,} sessions for {generated['arrangements']:,} arrangements in "
            f"{generated['seconds']:.1f}s ({generated['sessions_per_second']:,.0f} sessions/s)"
        )
        arrangement = family_time_full_month(today=today)
        admin = Client()
        admin.force_login(User.objects.get(username="admin"), backend=LOGIN_BACKEND)
        path = f"/api/v1/family-time/arrangements/{arrangement}/slots/?days=28"
        for _ in range(WARM_UP):
            request(admin, path)
        counted = self._queries(admin, lambda: path)
        times, pings = [], []
        for _ in range(rounds):
            pings.append(request(admin, "/ping/"))
            times.append(request(admin, path))
        median = statistics.median(times)
        return {
            **generated,
            "slot_finder_ms": median * 1000,
            "slot_finder_ratio": median / statistics.median(pings),
            "slot_finder_queries": counted["queries"],
        }

    def _measure_placements(self, request: Callable, rounds: int, seed: int) -> dict[str, Any]:
        """The placements demo step (settings and carers for every looked-after child; seconds), then the
        sufficiency page (GET) and the placement finder (a POST: the postcode searched near never sits in an
        address), each timed against /ping/ in the same rounds, with their queries."""
        from django.utils import timezone

        from caseboard.accounts.models import User
        from caseboard.placements.demo import add_demo_placements
        from caseboard.placements.models import Placement, Setting

        begun = time.perf_counter()
        self._progress(f"demo step: {add_demo_placements(seed, timezone.localdate())}")
        demo_seconds = time.perf_counter() - begun
        head = Client()
        head.force_login(User.objects.get(username="head"), backend=LOGIN_BACKEND)
        form = {"age": "9", "siblings": "0", "postcode": "NM5 2CD"}
        calls: dict[str, Callable[[], Any]] = {
            "sufficiency": lambda: head.get("/placements/sufficiency/"),
            "placement_finder": lambda: head.post("/placements/finder/", form),
        }

        def timed(call: Callable[[], Any]) -> float:
            begun = time.perf_counter()
            response = call()
            seconds = time.perf_counter() - begun
            if response.status_code != 200:
                raise CommandError(f"A placements page answered {response.status_code}, not 200")
            return seconds

        for _ in range(WARM_UP):
            for call in calls.values():
                timed(call)
        counted = {key: self._queries(head, lambda: "", call=call) for key, call in calls.items()}
        pings: list[float] = []
        times: dict[str, list[float]] = {key: [] for key in calls}
        self._progress(f"placements: timing {rounds} requests of the sufficiency page and the finder")
        for _ in range(rounds):
            for key, call in calls.items():
                pings.append(request(head, "/ping/"))
                times[key].append(timed(call))
        ping = statistics.median(pings)
        return {
            "demo_seconds": demo_seconds,
            "settings": Setting.objects.count(),
            "placements": Placement.objects.count(),
            **{
                key: {
                    "ms": statistics.median(values) * 1000,
                    "ratio": statistics.median(values) / ping,
                    "queries": counted[key]["queries"],
                    "sql_ms": counted[key]["sql_ms"],
                }
                for key, values in times.items()
            },
        }

    def _measure_returns(self, seed: int) -> dict[str, Any]:
        """The DfE returns: the CIN census and SSDA903 exports against the validators' own reading of the same
        files, and the import of children from a census into an empty database (``benchmark.returns_measures``)."""
        import shutil

        from django.utils import timezone

        from caseboard.devtools.benchmark import returns_measures

        work = Path(str(settings.DATABASES["default"]["NAME"])).with_suffix(".returns")
        shutil.rmtree(work, ignore_errors=True)
        work.mkdir(parents=True)
        self._progress("returns: building the CIN census and the SSDA903, reading them with the DfE validators")
        measures = returns_measures(seed=seed, today=timezone.localdate(), work=work)
        shutil.rmtree(work, ignore_errors=True)
        return measures

    def _add_demo_steps(self, seed: int) -> float:
        """The front door's and the meetings' demo records, for the reports; seconds taken. After the pages, the
        statutory clock and recording are measured, so those measures stay comparable with earlier runs (the due
        items are not recomputed with these records: both timeliness and its SQL read the same due items)."""
        from django.utils import timezone
        from django.utils.module_loading import import_string

        begun = time.perf_counter()
        for path in DEMO_STEPS:
            self._progress(f"demo step: {import_string(path)(seed, timezone.localdate())}")
        return time.perf_counter() - begun

    def _measure_visit_recording(self, client: Client, worker: Any, rounds: int, request: Callable) -> dict[str, float]:
        """Recording an in-person visit for one of the worker's children in need, through the page (a form POST)
        and the API, each including the recompute of the child's due items on commit. Median ms."""
        from datetime import date

        from caseboard.casework.models import Allocation, Episode

        allocated = Allocation.objects.filter(worker=worker, ended_on__isnull=True).values("child_id")
        child_ids = list(
            Episode.objects.filter(child__in=allocated, kind="cin", end_on__isnull=True)
            .exclude(child__episodes__kind__in=["cp", "lac"], child__episodes__end_on__isnull=True)
            .values_list("child_id", flat=True)[:10]
        )
        if not child_ids:
            return {}
        today = date.today()
        form = {
            "visited_on_0": today.day,
            "visited_on_1": today.month,
            "visited_on_2": today.year,
            "mode": "in_person_home",
            "purpose": "statutory_cin",
            "was_seen": "yes",
            "notes": "Benchmark visit",
        }
        times: dict[str, list[float]] = {"record_visit_page": [], "record_visit_api": []}
        self._progress(f"timing {rounds} visits recorded through the page and the API")
        for number in range(rounds):
            child_id = child_ids[number % len(child_ids)]
            request(client, "/ping/")
            begun = time.perf_counter()
            response = client.post(f"/children/{child_id}/visits/new/", form)
            times["record_visit_page"].append(time.perf_counter() - begun)
            if response.status_code != 302:
                raise CommandError(f"Recording a visit through the page answered {response.status_code}")
            body = {
                "visited_on": str(today),
                "mode": "in_person_home",
                "purpose": "statutory_cin",
                "children_seen": [{"child": child_id, "was_seen": True}],
            }
            begun = time.perf_counter()
            response = client.post("/api/v1/visits/", body, content_type="application/json")
            times["record_visit_api"].append(time.perf_counter() - begun)
            if response.status_code != 201:
                raise CommandError(f"Recording a visit through the API answered {response.status_code}")
        return {key: statistics.median(values) * 1000 for key, values in times.items()}

    def _measure_due_items(self, children: int) -> dict[str, float]:
        """The statutory clock: a full recompute (children/s, and its ratio to a plain read of the same facts) and
        the incremental recompute of one child after a write (median ms)."""
        from caseboard.compliance.facts import facts_for
        from caseboard.compliance.models import DueItem
        from caseboard.compliance.services import BATCH, due_items_recompute, due_items_recompute_all
        from caseboard.people.models import Child

        ids = list(Child.objects.order_by("pk").values_list("pk", flat=True))
        self._progress("reading every child's facts (the plain read)")
        begun = time.perf_counter()
        for start in range(0, len(ids), BATCH):
            facts_for(ids[start : start + BATCH])
        read_seconds = time.perf_counter() - begun
        self._progress("recomputing every child's due items (first run: every row written)")
        begun = time.perf_counter()
        due_items_recompute_all()
        cold_seconds = time.perf_counter() - begun
        self._progress("recomputing again (the nightly run: only changed rows written)")
        begun = time.perf_counter()
        due_items_recompute_all()
        full_seconds = time.perf_counter() - begun
        self._progress(
            f"{DueItem.objects.count():,} due items: first run {cold_seconds:.1f}s, nightly {full_seconds:.1f}s "
            f"(plain read {read_seconds:.1f}s)"
        )
        sample = ids[:: max(len(ids) // 30, 1)][:30]
        one: list[float] = []
        for child_id in sample:
            begun = time.perf_counter()
            due_items_recompute(child_ids=[child_id])
            one.append(time.perf_counter() - begun)
        return {
            "recompute_children_per_second": children / full_seconds,
            "first_recompute_children_per_second": children / cold_seconds,
            "recompute_seconds": full_seconds,
            "read_seconds": read_seconds,
            "recompute_ratio_to_read": full_seconds / read_seconds,
            "incremental_ms": statistics.median(one) * 1000,
        }

    def _queries(
        self, client: Client, url: Callable[[], str], times: int = 5, call: Callable[[], Any] | None = None
    ) -> dict[str, Any]:
        """Queries per request (CaptureQueriesContext), time in SQL per request (median of ``times`` requests),
        how many statements repeat one already made in the same request, and the three slowest distinct
        statements with SQLite's plan for a SELECT."""
        counts: list[int] = []
        totals: list[float] = []
        timings: list[tuple[float, str, Any]] = []

        def timer(execute: Callable, sql: str, params: Any, many: bool, context: dict) -> Any:
            begun = time.perf_counter()
            try:
                return execute(sql, params, many, context)
            finally:
                timings.append((time.perf_counter() - begun, sql, params))

        for _ in range(times):
            timings.clear()
            with CaptureQueriesContext(connection) as captured, connection.execute_wrapper(timer):
                call() if call is not None else client.get(url())
            counts.append(len(captured.captured_queries))
            totals.append(sum(seconds for seconds, _sql, _params in timings))
        statements = [(sql, repr(params)) for _seconds, sql, params in timings]
        slowest: list[dict[str, Any]] = []
        seen: set[str] = set()
        for seconds, sql, params in sorted(timings, key=lambda item: item[0], reverse=True):
            if sql in seen:
                continue
            seen.add(sql)
            entry: dict[str, Any] = {"ms": seconds * 1000, "sql": self._sql(sql, params)}
            if sql.lstrip().upper().startswith("SELECT"):
                with connection.cursor() as cursor:
                    cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params or ())
                    entry["plan"] = [row[-1] for row in cursor.fetchall()]
            slowest.append(entry)
            if len(slowest) == 3:
                break
        return {
            "queries": max(counts),
            "queries_min": min(counts),
            "sql_ms": statistics.median(totals) * 1000,
            "repeated": len(statements) - len(set(statements)),
            "slowest": slowest,
        }

    @staticmethod
    def _sql(sql: str, params: Any) -> str:
        try:
            return connection.ops.last_executed_query(connection.cursor().cursor, sql, params)
        except Exception:  # a readable form is a nicety; the raw SQL will do
            return f"{sql} -- params {params!r}"
