"""A visit or a case note sent twice (a retry after a dropped connection, a resubmitted form) is recorded once."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from caseboard.core.idempotency import HEADER, TOKEN_FIELD
from caseboard.core.models import Submission
from caseboard.testing.idempotency import api_retry_is_safe, page_resubmission_is_safe
from caseboard.visits.models import CaseNote, Visit

from .test_views import visit_data

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.fixture
def api(council):
    client = APIClient()
    client.force_authenticate(council.worker)
    return client


def visit_body(child):
    return {
        "visited_on": str(TODAY - timedelta(days=1)),
        "mode": "in_person_home",
        "purpose": "statutory_cin",
        "children_seen": [{"child": child.pk, "was_seen": True}],
    }


def note_body(child):
    return {"child": child.pk, "kind": "phone_parent", "occurred_on": str(TODAY), "text": "Mum called"}


def note_form(text="School say attendance is better"):
    return {
        "kind": "school",
        "occurred_on_0": str(TODAY.day),
        "occurred_on_1": str(TODAY.month),
        "occurred_on_2": str(TODAY.year),
        "text": text,
    }


def test_a_visit_retried_through_the_api_is_recorded_once(api, council):
    api_retry_is_safe(api, "/api/v1/visits/", visit_body(council.own_child), Visit, {"notes": "Another visit"})


def test_a_case_note_retried_through_the_api_is_recorded_once(api, council):
    api_retry_is_safe(api, "/api/v1/case-notes/", note_body(council.own_child), CaseNote, {"text": "Dad called"})


def test_a_visit_form_sent_twice_is_recorded_once(client, council):
    client.force_login(council.worker)
    path = reverse("visits:visit-new", args=[council.own_child.pk])
    page_resubmission_is_safe(client, path, visit_data(), Visit)


def test_a_case_note_form_sent_twice_is_recorded_once(client, council):
    client.force_login(council.worker)
    path = reverse("visits:case-note-new", args=[council.own_child.pk])
    page_resubmission_is_safe(client, path, note_form(), CaseNote)


def test_a_form_shown_again_with_errors_keeps_its_token_and_records_once_corrected(client, council):
    client.force_login(council.worker)
    path = reverse("visits:case-note-new", args=[council.own_child.pk])
    response = client.post(path, note_form(text="") | {TOKEN_FIELD: "token-1"})
    assert response.status_code == 200
    assert f'name="{TOKEN_FIELD}" value="token-1"' in response.content.decode()
    assert not Submission.objects.exists() and not CaseNote.objects.exists()
    assert client.post(path, note_form() | {TOKEN_FIELD: "token-1"}).status_code == 302
    assert client.post(path, note_form() | {TOKEN_FIELD: "token-1"}).status_code == 302
    assert CaseNote.objects.count() == 1


def test_keys_are_per_user_and_kept_for_the_configured_time(api, council, settings):
    body = note_body(council.own_child)
    assert api.post("/api/v1/case-notes/", body, format="json", headers={HEADER: "k"}).status_code == 201
    manager = APIClient()
    manager.force_authenticate(council.manager)
    response = manager.post("/api/v1/case-notes/", body, format="json", headers={HEADER: "k"})
    assert response.status_code == 201 and response.json()["recorded_by"] == council.manager.pk
    assert CaseNote.objects.count() == 2

    settings.IDEMPOTENCY_KEY_HOURS = 1
    Submission.objects.filter(user=council.worker).update(created_at=timezone.now() - timedelta(hours=2))
    response = api.post("/api/v1/case-notes/", body | {"text": "Later"}, format="json", headers={HEADER: "k"})
    assert response.status_code == 201  # the key had expired: it may be used again
    assert CaseNote.objects.count() == 3


def test_a_refused_request_keeps_no_key_and_a_bad_key_is_a_400(api, council):
    body = note_body(council.own_child)
    response = api.post("/api/v1/case-notes/", body | {"text": ""}, format="json", headers={HEADER: "k"})
    assert response.status_code == 400 and not Submission.objects.exists()
    assert api.post("/api/v1/case-notes/", body, format="json", headers={HEADER: "k"}).status_code == 201
    for bad in ("x" * 256, "tab\tkey"):
        response = api.post("/api/v1/case-notes/", body, format="json", headers={HEADER: bad})
        assert response.status_code == 400 and HEADER in response.json()
    assert CaseNote.objects.count() == 1


def test_the_schema_documents_the_header(api):
    schema = api.get("/api/v1/schema/", {"format": "json"}).json()
    parameters = schema["paths"]["/api/v1/visits/"]["post"]["parameters"]
    assert any(p["name"] == HEADER and p["in"] == "header" for p in parameters)


def test_expired_keys_are_purged_nightly(api, council, settings):
    from django.core.management import call_command

    body = note_body(council.own_child)
    assert api.post("/api/v1/case-notes/", body, format="json", headers={HEADER: "old"}).status_code == 201
    newer = api.post("/api/v1/case-notes/", body | {"text": "New"}, format="json", headers={HEADER: "new"})
    assert newer.status_code == 201
    settings.IDEMPOTENCY_KEY_HOURS = 1
    Submission.objects.filter(key="old").update(created_at=timezone.now() - timedelta(hours=2))
    call_command("purge_submissions")
    assert list(Submission.objects.values_list("key", flat=True)) == ["new"]
