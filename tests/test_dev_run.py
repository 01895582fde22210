"""``./dev run`` runs everything the demo needs: the web server, the task worker and the scheduler of the daily jobs,
stopped together; email links follow ADDR and PORT; the access log leaves query strings out."""

from __future__ import annotations

import http.cookiejar
import json
import os
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.core.management import get_commands

from caseboard.core.management.commands.scheduler import trigger_for
from caseboard.core.schedule import JOBS
from config.settings import default_site_url
from config.supervise import demo_processes

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable


# --- the scheduler's job table -----------------------------------------------------------------------------------
def readme_cron_lines() -> list[tuple[str, str]]:
    """(schedule, manage.py arguments) for each line of the README's cron block."""
    readme = (ROOT / "README.md").read_text()
    block = readme.split("```cron", 1)[1].split("```", 1)[0]
    lines = []
    for line in block.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split(None, 5)
        command = fields[5].split("manage.py", 1)[1].split()
        lines.append((" ".join(fields[:5]), " ".join(command)))
    return lines


def test_the_scheduler_runs_what_the_readme_tells_cron_to_run_on_the_same_schedule():
    assert sorted(readme_cron_lines()) == sorted((job.cron, " ".join(job.command)) for job in JOBS)
    names = {job.command[0] for job in JOBS}
    assert {"recompute_due", "decisions_daily", "report", "demand_alerts"} <= names


def test_every_job_is_a_management_command_with_a_valid_schedule():
    commands = get_commands()
    for job in JOBS:
        assert job.command[0] in commands, f"{job.name}: no command {job.command[0]}"
        assert trigger_for(job).get_next_fire_time(None, datetime.now(UTC)) is not None
    assert len({job.name for job in JOBS}) == len(JOBS)


def test_the_scheduler_fires_in_the_councils_time_zone():
    """00:05 in London is 23:05 UTC the day before in summer: the clock's day rolls over at the council's midnight."""
    from zoneinfo import ZoneInfo

    recompute = next(job for job in JOBS if job.name == "recompute_due")
    summer = datetime(2026, 7, 1, 12, 0, tzinfo=ZoneInfo("UTC"))
    fires = trigger_for(recompute).get_next_fire_time(None, summer)
    assert fires.astimezone(ZoneInfo("UTC")).replace(tzinfo=None) == datetime(2026, 7, 1, 23, 5)
    weekly = next(job for job in JOBS if job.name == "store_weekly")
    assert trigger_for(weekly).get_next_fire_time(None, summer).strftime("%A %H:%M") == "Monday 01:20"


def test_a_job_runs_as_its_own_manage_py_command_and_a_failure_is_reported(monkeypatch, capsys):
    from caseboard.core.management.commands import scheduler

    calls = []

    def fake_run(argv, check):
        calls.append(argv)
        return SimpleNamespace(returncode=1)

    monkeypatch.setattr(scheduler.subprocess, "run", fake_run)
    command = scheduler.Command()
    job = next(job for job in JOBS if job.name == "store_weekly")
    assert command.run_job(job) == 1
    assert calls == [[sys.executable, str(ROOT / "manage.py"), "report", "store-weekly"]]
    assert "store_weekly: FAILED with exit status 1" in capsys.readouterr().out


# --- SITE_URL and the access log ---------------------------------------------------------------------------------
def test_email_links_follow_the_address_and_port_the_app_listens_on(monkeypatch):
    assert default_site_url("", "") == "http://127.0.0.1:8000"
    assert default_site_url("127.0.0.1", "8103") == "http://127.0.0.1:8103"
    assert default_site_url("::1", "8103") == "http://[::1]:8103"
    monkeypatch.setattr(socket, "getfqdn", lambda: "caseboard-demo.local")
    assert default_site_url("0.0.0.0", "8080") == "http://caseboard-demo.local:8080"


def test_site_url_in_the_settings_comes_from_addr_and_port_unless_set():
    def site_url(**env: str) -> str:
        environment = {k: v for k, v in os.environ.items() if k not in {"SITE_URL", "ADDR", "PORT"}}
        environment.update(env)
        return subprocess.run(
            [PYTHON, "-c", "from config import settings; print(settings.SITE_URL)"],
            env=environment,
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()

    assert site_url(PORT="8103") == "http://127.0.0.1:8103"
    assert site_url(PORT="8103", SITE_URL="https://caseboard.northmoor.gov.uk/") == "https://caseboard.northmoor.gov.uk"


def test_the_access_log_leaves_out_query_strings_and_the_referrer():
    from gunicorn.config import Config
    from gunicorn.glogging import Logger

    config = Config()
    config.set("config", str(ROOT / "config" / "gunicorn.py"))
    namespace: dict = {}
    exec((ROOT / "config" / "gunicorn.py").read_text(), namespace)
    config.set("access_log_format", namespace["access_log_format"])
    logger = Logger(config)
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": "/children/?q=Amara+Okafor",
        "PATH_INFO": "/children/",
        "QUERY_STRING": "q=Amara+Okafor",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_REFERER": "http://127.0.0.1:8000/children/?q=Amara+Okafor&risk=symptoms",
    }
    response = SimpleNamespace(status="200 OK", sent=1234, headers=[])
    line = namespace["access_log_format"] % logger.atoms(response, SimpleNamespace(headers=[]), environ, timedelta(0))
    assert '"GET /children/ HTTP/1.1" 200 1234' in line
    assert "Amara" not in line and "q=" not in line and "risk" not in line
    for atom in ("%(r)s", "%(q)s", "%(f)s"):
        assert atom not in namespace["access_log_format"]


# --- the supervisor ----------------------------------------------------------------------------------------------
def test_the_demo_runs_the_web_server_the_worker_and_the_scheduler():
    processes = demo_processes(python="/srv/caseboard/.venv/bin/python", addr="127.0.0.1", port="8103")
    assert processes["web"][:4] == ["/srv/caseboard/.venv/bin/gunicorn", "-c", "config/gunicorn.py", "config.wsgi"]
    assert "127.0.0.1:8103" in processes["web"]
    assert processes["worker"] == ["/srv/caseboard/.venv/bin/python", "manage.py", "db_worker"]
    assert processes["scheduler"] == ["/srv/caseboard/.venv/bin/python", "manage.py", "scheduler"]
    assert "[::1]:8103" in demo_processes(python=PYTHON, addr="::1", port="8103")["web"]


def _supervisor(processes: dict[str, list[str]]) -> subprocess.Popen:
    code = "import json, sys; from config.supervise import supervise; sys.exit(supervise(json.loads(sys.argv[1])))"
    return subprocess.Popen(
        [PYTHON, "-c", code, json.dumps(processes)],
        cwd=ROOT,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )


def _pids(output: str) -> dict[str, int]:
    return {name: int(pid) for name, pid in re.findall(r"(\w+) started \(pid=(\d+)\)", output)}


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie (finished, not yet reaped) is not running.
    status = Path(f"/proc/{pid}/stat")
    return status.exists() and status.read_text().split()[2] != "Z"


def _read_until(process: subprocess.Popen, pattern: str, timeout: float = 30) -> str:
    """The supervisor's output so far, once ``pattern`` appears in it (or fail after ``timeout`` seconds). A thread
    reads the pipe into ``process.lines``, so the test never blocks on a quiet process."""
    if not hasattr(process, "lines"):
        process.lines = []  # type: ignore[attr-defined]
        threading.Thread(target=lambda: process.lines.extend(iter(process.stdout.readline, "")), daemon=True).start()
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        output = "".join(process.lines)  # type: ignore[attr-defined]
        if re.search(pattern, output):
            return output
        if process.poll() is not None and time.monotonic() > deadline - timeout + 2:
            break
        time.sleep(0.1)
    raise AssertionError(f"{pattern!r} not seen in the supervisor's output:\n{''.join(process.lines)}")


def test_a_process_that_stops_stops_the_others():
    sleeper = [PYTHON, "-c", "import time; time.sleep(60)"]
    failing = [PYTHON, "-c", "import time; time.sleep(1); raise SystemExit(3)"]
    process = _supervisor({"web": sleeper, "worker": failing})
    try:
        output = _read_until(process, r"(started \(pid=\d+\)[\s\S]*){2}")
        pids = _pids(output)
        assert process.wait(timeout=15) == 3
        assert not _alive(pids["web"])
    finally:
        os.killpg(process.pid, signal.SIGKILL) if process.poll() is None else None


def test_ctrl_c_stops_every_process():
    sleeper = [PYTHON, "-c", "import time; time.sleep(60)"]
    process = _supervisor({"web": sleeper, "worker": sleeper, "scheduler": sleeper})
    try:
        output = _read_until(process, r"(started \(pid=\d+\)[\s\S]*){3}")
        pids = _pids(output)
        assert len(pids) == 3
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=15) == 130
        assert not any(_alive(pid) for pid in pids.values())
    finally:
        os.killpg(process.pid, signal.SIGKILL) if process.poll() is None else None


# --- the real thing, on a spare port with a tiny demo ----------------------------------------------------------
def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def tiny_demo(tmp_path) -> Iterator[dict[str, str]]:
    """A fresh SQLite database with a 20-child demo, in the environment ./dev run gives its processes (not the test
    settings: tasks queue for the worker, as in the demo)."""
    env = {k: v for k, v in os.environ.items() if k not in {"CASEBOARD_TESTING", "DATABASE_URL", "SITE_URL"}}
    port = str(_free_port())
    env.update(
        CASEBOARD_DEMO="true",
        CASEBOARD_SQLITE=str(tmp_path / "demo.sqlite3"),
        SECRET_KEY="a-test-secret-key-that-is-long-enough-0123456789-abcdefghij",
        ADDR="127.0.0.1",
        PORT=port,
        WEB_WORKERS="1",
        PYTHONUNBUFFERED="1",
        DEBUG="true",  # static files from the app directories, so no collectstatic is needed
    )
    for command in (["migrate", "--noinput", "-v0"], ["seed_demo", "--children", "20", "--seed", "1", "-v0"]):
        subprocess.run([PYTHON, "manage.py", *command], cwd=ROOT, env=env, check=True, capture_output=True)
    yield env


def _wait_for(check, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.5)
    raise AssertionError(f"Timed out waiting for {what}")


class Browser:
    """Just enough of a browser for the test: cookies, and the CSRF token of the last page."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        self.token = ""

    def get(self, path: str) -> str:
        with self.opener.open(self.base + path, timeout=30) as response:
            html = response.read().decode()
        found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
        self.token = found.group(1) if found else self.token
        return html

    def post(self, path: str, data: dict[str, str]) -> str:
        body = urllib.parse.urlencode({"csrfmiddlewaretoken": self.token, **data}).encode()
        request = urllib.request.Request(self.base + path, data=body, headers={"Referer": self.base + path})
        with self.opener.open(request, timeout=60) as response:
            return response.read().decode()


APPROVE_A_VERSION = """
from datetime import UTC, datetime, timedelta
from django.db import transaction
from django.utils import timezone
from caseboard.accounts.models import User
from caseboard.policy import services
from caseboard.policy.models import OperatingModelVersion
source = OperatingModelVersion.objects.filter(status="approved").order_by("-effective_from").first()
with transaction.atomic():
    draft = services.version_draft(copy_from=source, drafted_by=User.objects.get(username="head"),
                                   effective_from=timezone.localdate() + timedelta(days=1))
with transaction.atomic():
    services.version_approve(version=draft, approved_by=User.objects.get(username="admin"))
"""


def test_the_demo_serves_pages_runs_queued_work_and_stops_on_ctrl_c(tiny_demo):
    env = tiny_demo
    database = sqlite3.connect(env["CASEBOARD_SQLITE"], timeout=20)
    process = subprocess.Popen(
        [PYTHON, "-m", "config.supervise"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{env['PORT']}"
    try:
        output = _read_until(process, r"Scheduler started: \d+ jobs", timeout=60)
        pids = _pids(output)
        assert set(pids) == {"web", "worker", "scheduler"}
        browser = Browser(base)
        _wait_for(lambda: _answers(base + "/healthz"), 30, "the web server")
        sign_in = browser.get("/accounts/login/")
        assert "the task worker" in sign_in and "daily jobs" in sign_in

        # The worker sends the demo's queued notification emails, with links to this port.
        _read_until(process, re.escape(base) + r"/decisions/\d+/", timeout=60)

        # Approving an operating model queues a recompute of every child's due items, which the worker runs.
        subprocess.run([PYTHON, "manage.py", "shell", "-c", APPROVE_A_VERSION], cwd=ROOT, env=env, check=True)
        recomputed = (
            "SELECT status FROM django_tasks_database_dbtaskresult WHERE task_path LIKE '%recompute_all_due_items'"
        )
        assert _wait_for(lambda: database.execute(recomputed).fetchone() == ("SUCCESSFUL",), 60, "the recompute")

        # "Generate now" on the stored returns page stores the return.
        browser.get("/accounts/login/")
        browser.post("/accounts/login/", {"username": "performance", "password": "caseboard-demo"})
        browser.get("/reports/returns/")
        browser.post("/reports/returns/generate/", {"kind": "weekly_visits"})
        stored = "SELECT count(*) FROM reporting_storedreturn"
        _wait_for(lambda: database.execute(stored).fetchone()[0] == 1, 60, "the stored return")
        assert "Weekly visits return" in browser.get("/reports/returns/")

        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=20) == 130
        assert not any(_alive(pid) for pid in pids.values())
        assert not _answers(base + "/healthz")
    finally:
        database.close()
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status == 200
    except OSError:
        return False
