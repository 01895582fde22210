"""Health and failure: /healthz proves the database and its tables answer and reports the task queue's backlog;
the error page renders when the database is down."""

from datetime import timedelta

import pytest
from django.db import DatabaseError
from django.test import RequestFactory
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from caseboard.core import views


@pytest.mark.django_db
def test_healthz_reads_the_schema_and_reports_the_oldest_waiting_task(client):
    from django_tasks_db.models import DBTaskResult

    body = client.get("/healthz").json()
    assert body == {"status": "ok", "database": "ok", "oldest_waiting_task_seconds": None}
    DBTaskResult.objects.create(
        task_path="caseboard.accounts.tasks.send_notification_email",
        args_kwargs={"args": [1], "kwargs": {}},
        queue_name="default",
        backend_name="default",
        run_after=timezone.now() - timedelta(minutes=5),
        priority=0,
    )
    DBTaskResult.objects.update(enqueued_at=timezone.now() - timedelta(minutes=5))
    assert 290 <= client.get("/healthz").json()["oldest_waiting_task_seconds"] <= 320


@pytest.mark.django_db
def test_healthz_answers_503_without_the_tables(client, monkeypatch):
    monkeypatch.setattr(views, "SCHEMA_TABLE", "no_such_table")
    response = client.get("/healthz")
    assert response.status_code == 503 and response.json()["database"] == "unavailable"


@pytest.mark.django_db
def test_healthz_answers_503_when_one_table_is_missing(client):
    from django.db import connection, transaction

    assert client.get("/healthz").status_code == 200
    with transaction.atomic():  # DDL is transactional on SQLite and PostgreSQL: the table comes back after
        with connection.cursor() as cursor:
            cursor.execute("DROP TABLE accounts_notification")
        response = client.get("/healthz")
        assert response.status_code == 503 and response.json() == {"status": "unavailable", "database": "unavailable"}
        transaction.set_rollback(True)
    assert client.get("/healthz").status_code == 200


def test_healthz_reads_a_missing_database_file_as_unavailable(tmp_path):
    """On SQLite, connecting to a file that is not there makes an empty one: the check must not read it as ok."""
    import subprocess
    import sys
    from pathlib import Path

    script = (
        "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'config.settings'); django.setup();"
        "from django.test import Client; r = Client().get('/healthz'); print(r.status_code, r.json()['database'])"
    )
    env = {**__import__("os").environ, "CASEBOARD_SQLITE": str(tmp_path / "gone.sqlite3"), "DEBUG": "false"}
    env.pop("DATABASE_URL", None)
    env.setdefault("ALLOWED_HOSTS", "testserver")
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=Path(__file__).resolve().parents[3],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert result.stdout.split() == ["503", "unavailable"]


def test_the_error_page_renders_when_the_database_is_down():
    def broken():
        raise DatabaseError("connection refused")

    request = RequestFactory().get("/children/1/")
    request.user = SimpleLazyObject(broken)
    response = views.error_500(request)
    assert response.status_code == 500 and b"Sorry, there is a problem with the service" in response.content
