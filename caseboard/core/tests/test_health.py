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


def test_the_error_page_renders_when_the_database_is_down():
    def broken():
        raise DatabaseError("connection refused")

    request = RequestFactory().get("/children/1/")
    request.user = SimpleLazyObject(broken)
    response = views.error_500(request)
    assert response.status_code == 500 and b"Sorry, there is a problem with the service" in response.content
