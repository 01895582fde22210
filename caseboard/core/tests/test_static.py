"""The production static files build: collectstatic with the manifest storage must find every file CSS refers to."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def test_collectstatic_with_the_production_storage(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in {"CASEBOARD_TESTING", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    env.update(CASEBOARD_DEMO="true", SECRET_KEY="x" * 60, CASEBOARD_SQLITE=str(tmp_path / "db.sqlite3"))
    script = (
        "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'config.settings'); django.setup(); "
        f"from django.conf import settings; settings.STATIC_ROOT = {str(tmp_path / 'static')!r}; "
        "from django.core.management import call_command; call_command('collectstatic', interactive=False, verbosity=0)"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, timeout=180
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert (tmp_path / "static" / "staticfiles.json").exists()
