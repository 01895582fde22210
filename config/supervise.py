"""Run the demo's three processes together (``./dev run``): the web server, the task worker and the scheduler.

    python -m config.supervise            # ADDR, PORT and WEB_WORKERS as for ./dev run

Honcho's process manager (a Python port of Foreman) starts each in its own process group and prints their output
prefixed with their name. Ctrl+C (SIGINT) or SIGTERM stops all three; if any one of them stops (it failed, or
someone killed it), the others are stopped too, so the demo never runs half-working, with pages served but no
emails sent or due items recomputed. The exit status is that of the first process to stop (130 after Ctrl+C).
"""

from __future__ import annotations

import os
import shlex
import sys
from collections.abc import Mapping, Sequence

from honcho.manager import Manager


def demo_processes(*, python: str, addr: str, port: str, web_workers: str = "3") -> dict[str, list[str]]:
    """The web server (gunicorn with ``config/gunicorn.py``), the task worker (``manage.py db_worker``, which sends
    emails and recomputes due items after a change) and the scheduler (``manage.py scheduler``, the daily jobs)."""
    bind = f"[{addr}]:{port}" if ":" in addr else f"{addr}:{port}"
    gunicorn = os.path.join(os.path.dirname(python), "gunicorn")
    return {
        "web": [gunicorn, "-c", "config/gunicorn.py", "config.wsgi", "--bind", bind, "--workers", web_workers],
        "worker": [python, "manage.py", "db_worker"],
        "scheduler": [python, "manage.py", "scheduler"],
    }


def supervise(processes: Mapping[str, Sequence[str]], *, env: Mapping[str, str] | None = None) -> int:
    """Run every process until one stops or a signal arrives, stop the rest, and return the exit status."""
    manager = Manager()
    environment = dict(os.environ if env is None else env)
    # Python buffers output to a pipe: without this the worker's and scheduler's lines would arrive in lumps.
    environment.setdefault("PYTHONUNBUFFERED", "1")
    for name, command in processes.items():
        manager.add_process(name, shlex.join(command), env=environment)
    manager.loop()
    return manager.returncode or 0


def main() -> int:
    processes = demo_processes(
        python=sys.executable,
        addr=os.environ.get("ADDR", "127.0.0.1"),
        port=os.environ.get("PORT", "8000"),
        web_workers=os.environ.get("WEB_WORKERS", "3"),
    )
    return supervise(processes)


if __name__ == "__main__":
    sys.exit(main())
