"""Put the app under load and report what it sustains: ``manage.py load`` (``./dev load``).

Starts the production web server (gunicorn with ``config/gunicorn.py``) on the loopback interface against this
database, which must hold the demo council (``./dev load`` builds it), then runs the locust scenario in
``caseboard/devtools/load/locustfile.py`` headless: ``--users`` users (30) for ``--seconds`` (60), starting
``--spawn-rate`` a second. Prints requests per second, the 50th, 95th and 99th percentile response times and the
errors, overall and per page, and one JSON line; exits 1 if any request failed. The API tokens it makes for the run
are revoked when it ends. No timed target is asserted: the figures are for reading and comparing.
"""

from __future__ import annotations

import csv
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Exists, OuterRef

from caseboard.accounts.demo import DEMO_PASSWORD
from caseboard.accounts.models import Role, User
from caseboard.casework.models import Allocation
from caseboard.core.audit import audit_bypass
from caseboard.security.models import ApiToken

LOCUSTFILE = Path(__file__).resolve().parents[2] / "load" / "locustfile.py"
TOKEN_NAME = "Load test (revoked when the run ends)"
API_CLIENTS = 6


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_up(url: str, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as answer:  # noqa: S310 (loopback only)
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise CommandError(f"The web server did not answer {url} within {seconds:g} s")


def summary(rows: list[dict[str, str]]) -> dict[str, Any]:
    total = next(row for row in rows if row["Name"] == "Aggregated")
    return {
        "requests": int(total["Request Count"]),
        "failures": int(total["Failure Count"]),
        "rps": round(float(total["Requests/s"]), 1),
        "p50_ms": int(float(total["50%"])),
        "p95_ms": int(float(total["95%"])),
        "p99_ms": int(float(total["99%"])),
    }


class Command(BaseCommand):
    help = "Run the load scenario (locust) against a local web server and report requests per second and latency."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--users", type=int, default=30)
        parser.add_argument("--seconds", type=int, default=60)
        parser.add_argument("--spawn-rate", type=float, default=10)
        parser.add_argument("--web-workers", type=int, default=int(os.environ.get("WEB_WORKERS", "3")))

    def handle(self, *args: Any, users: int, seconds: int, spawn_rate: float, web_workers: int, **options: Any):
        if not 1 <= users <= 200 or not 1 <= seconds <= 600:
            raise CommandError("Keep the run bounded: 1 to 200 users for 1 to 600 seconds")
        accounts = self.accounts(users)
        out_dir = Path(settings.VAR_DIR) / "load"
        out_dir.mkdir(parents=True, exist_ok=True)
        port = free_port()
        host = f"http://127.0.0.1:{port}"
        bin_dir = Path(sys.executable).parent
        server_log = open(out_dir / "server.log", "w")  # noqa: SIM115 (closed when the server stops)
        server = subprocess.Popen(  # noqa: S603 (our own executables)
            [
                str(bin_dir / "gunicorn"),
                "-c",
                "config/gunicorn.py",
                "config.wsgi",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(web_workers),
                "--access-logfile",
                str(out_dir / "access.log"),
            ],
            cwd=settings.BASE_DIR,
            stdout=server_log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            wait_until_up(f"{host}/healthz", 60)
            self.stdout.write(f"Load: {users} users for {seconds} s against {host} ({web_workers} web workers)")
            locust_log = open(out_dir / "locust.log", "w")  # noqa: SIM115
            environment = os.environ | {"LOAD_ACCOUNTS": json.dumps(accounts), "LOAD_PASSWORD": DEMO_PASSWORD}
            locust = subprocess.run(  # noqa: S603
                [
                    str(bin_dir / "locust"),
                    "-f",
                    str(LOCUSTFILE),
                    "--headless",
                    "--users",
                    str(users),
                    "--spawn-rate",
                    str(spawn_rate),
                    "--run-time",
                    f"{seconds}s",
                    "--host",
                    host,
                    "--csv",
                    str(out_dir / "run"),
                    "--only-summary",
                    "--stop-timeout",
                    "10",
                    "--loglevel",
                    "WARNING",
                ],
                env=environment,
                cwd=settings.BASE_DIR,
                stdout=locust_log,
                stderr=subprocess.STDOUT,
                check=False,
            )
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
            server_log.close()
            with audit_bypass("removing the load run's API tokens"):
                ApiToken.objects.filter(name=TOKEN_NAME).delete()
        with open(out_dir / "run_stats.csv", newline="") as stats:
            rows = list(csv.DictReader(stats))
        locust_log.close()
        self.stdout.write(f"The server's log is in {out_dir / 'server.log'}, locust's in {out_dir / 'locust.log'}")
        self.report(rows)
        engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
        result = summary(rows) | {"users": users, "seconds": seconds, "database": engine}
        self.stdout.write(json.dumps({"load": result}))
        if result["failures"] or locust.returncode:
            raise CommandError(f"{result['failures']} of {result['requests']} requests failed (see above)")

    def accounts(self, users: int) -> dict[str, list[str]]:
        """Social workers with children allocated, team managers, and API tokens made for this run."""
        allocated = Allocation.objects.filter(worker=OuterRef("pk"), ended_on__isnull=True)
        active = User.objects.filter(is_active=True).order_by("pk")
        workers = list(
            active.filter(role=Role.SOCIAL_WORKER).filter(Exists(allocated)).values_list("username", flat=True)[:users]
        )
        managers = list(active.filter(role=Role.TEAM_MANAGER).values_list("username", flat=True)[:users])
        if not workers or not managers:
            raise CommandError("This database has no demo council: run ./dev load, which builds one first")
        tokens = []
        for worker in active.filter(username__in=workers)[:API_CLIENTS]:
            _token, secret = ApiToken.objects.create(user=worker, name=TOKEN_NAME)
            tokens.append(secret)
        return {"workers": workers, "managers": managers, "tokens": tokens}

    def report(self, rows: list[dict[str, str]]) -> None:
        headings = f"{'requests':>9}{'errors':>8}{'req/s':>8}{'p50 ms':>8}{'p95 ms':>8}{'p99 ms':>8}"
        self.stdout.write(f"{'Page':<28}{headings}")
        for row in rows:
            if row["Type"] in ("", "None") and row["Name"] != "Aggregated":
                continue
            self.stdout.write(
                f"{row['Name'][:27]:<28}{row['Request Count']:>9}{row['Failure Count']:>8}"
                f"{float(row['Requests/s']):>8.1f}{row['50%']:>8}{row['95%']:>8}{row['99%']:>8}"
            )
