"""Limits: one user or client cannot stop the service with long lists, long text, big bodies or many writes."""

from __future__ import annotations

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

from caseboard.api.tests.tokens import token_client
from caseboard.conftest import PASSWORD
from caseboard.core import limits
from caseboard.meetings.models import Meeting

pytestmark = pytest.mark.django_db


def meeting(children, **extra):
    return {
        "kind": "cin_review",
        "children": children,
        "scheduled_for": "2026-06-01T10:00:00Z",
        "format": "virtual",
        **extra,
    }


def post_counting_queries(client, url, body):
    with CaptureQueriesContext(connection) as queries:
        response = client.post(url, body, format="json")
    return response, len(queries)


def test_a_list_of_20000_children_answers_400_before_any_per_item_query(council):
    client = token_client(council.worker)
    _, baseline = post_counting_queries(client, "/api/v1/meetings/", meeting([]))
    ids = [council.own_child.pk] * 20_000
    for url, body in [
        ("/api/v1/meetings/", meeting(ids)),
        ("/api/v1/pre-visit-checks/", {"children": ids}),
        ("/api/v1/key-decisions/", {"children": ids}),
        ("/api/v1/contacts/", {"children": ids}),
    ]:
        response, queries = post_counting_queries(client, url, body)
        assert response.status_code == 400, url
        assert "children" in response.json(), url
        # Authentication and the rate limit only: no query for any of the 20,000 children.
        assert queries <= baseline, (url, queries, baseline)
    assert not Meeting.objects.exists()


def test_a_list_past_the_field_limit_is_refused_with_a_field_error_and_no_per_item_query(council):
    client = token_client(council.worker)
    just_over, long_list = [council.own_child.pk] * (limits.MAX_CHILDREN + 1), [council.own_child.pk] * 1000
    response, short_queries = post_counting_queries(client, "/api/v1/meetings/", meeting(just_over))
    assert response.status_code == 400
    assert response.json()["children"] == [f"Ensure this field has no more than {limits.MAX_CHILDREN} elements."]
    response, long_queries = post_counting_queries(client, "/api/v1/meetings/", meeting(long_list))
    assert response.status_code == 400 and long_queries == short_queries


def test_text_past_the_limit_answers_400_with_the_field(council):
    client = token_client(council.worker)
    response = client.post(
        "/api/v1/meetings/", meeting([council.own_child.pk], venue="x" * (limits.MAX_TEXT + 1)), format="json"
    )
    assert response.status_code == 400
    assert response.json() == {"venue": [f"Ensure this field has no more than {limits.MAX_TEXT} characters."]}


def test_a_body_past_the_size_limit_answers_413(council, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    client = token_client(council.worker)
    body = json.dumps(meeting([council.own_child.pk], venue="x" * 20_000))
    response = client.generic("POST", "/api/v1/meetings/", body, content_type="application/json")
    assert response.status_code == 413
    # A body that announces no length is cut off at the limit too.
    response = client.generic("POST", "/api/v1/meetings/", body, content_type="application/json", CONTENT_LENGTH="")
    assert response.status_code in {400, 413}


def test_deeply_nested_bodies_are_refused(council):
    client = token_client(council.worker)
    nested: list = []
    for _ in range(limits.MAX_DEPTH + 2):
        nested = [nested]
    response = client.post("/api/v1/meetings/", meeting([council.own_child.pk], invitees=nested), format="json")
    assert response.status_code == 400 and "invitees" in response.json()


def test_nul_in_a_query_parameter_answers_400_in_the_api_and_pages(council, client):
    api = token_client(council.worker)
    assert api.get("/api/v1/children/", {"child": "1\x00"}).status_code == 400
    assert api.get("/api/v1/children/\x00/").status_code == 400
    client.force_login(council.worker)
    assert client.get("/children/search/", {"q": "Ava\x00"}).status_code == 400


def test_api_writes_are_rate_limited_per_user_and_reads_are_not(council, settings):
    settings.WRITE_RATE_LIMIT = "3/m"
    client = token_client(council.worker)
    statuses = [client.post("/api/v1/meetings/", meeting([]), format="json").status_code for _ in range(4)]
    assert statuses == [400, 400, 400, 429]
    assert client.get("/api/v1/meetings/").status_code == 200
    other = token_client(council.colleague)
    assert other.post("/api/v1/meetings/", meeting([]), format="json").status_code == 400


def test_failed_sign_ins_are_rate_limited_per_address(council, client, settings):
    settings.SIGN_IN_RATE_LIMIT = "3/m"
    statuses = [
        client.post("/accounts/login/", {"username": f"user{n}", "password": "wrong-password"}).status_code
        for n in range(4)
    ]
    assert statuses == [200, 200, 200, 429]
    assert "too many attempts" in client.post("/accounts/login/", {"username": "x", "password": "y"}).content.decode()
    other_address = client.post(
        "/accounts/login/", {"username": "user9", "password": "wrong-password"}, REMOTE_ADDR="192.0.2.44"
    )
    assert other_address.status_code == 200


def test_successful_sign_ins_are_not_counted(council, client, settings):
    settings.SIGN_IN_RATE_LIMIT = "2/m"
    for _ in range(3):
        response = client.post("/accounts/login/", {"username": "worker", "password": PASSWORD})
        assert response.status_code == 302
        client.logout()


def test_page_writes_are_rate_limited_per_user(council, client, settings):
    settings.WRITE_RATE_LIMIT = "2/m"
    client.force_login(council.worker)
    url = f"/children/{council.own_child.pk}/edit/"
    statuses = [client.post(url, {}).status_code for _ in range(3)]
    assert statuses[2] == 429 and 429 not in statuses[:2]


def test_a_form_field_past_the_longest_text_answers_400(council, client):
    client.force_login(council.worker)
    response = client.post(f"/children/{council.own_child.pk}/edit/", {"address": "x" * (limits.MAX_TEXT + 1)})
    assert response.status_code == 400


def test_the_schema_shows_the_limits():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    meeting_schema = schema["components"]["schemas"]["Meeting"]["properties"]
    assert meeting_schema["children"]["maxItems"] == limits.MAX_CHILDREN
    assert meeting_schema["invitees"]["maxItems"] == limits.MAX_ITEMS
    assert meeting_schema["joining_details"]["maxLength"] == limits.MAX_TEXT
    for name, component in schema["components"]["schemas"].items():
        for prop, spec in (component.get("properties") or {}).items():
            if spec.get("readOnly"):
                continue
            if spec.get("type") == "array":
                assert "maxItems" in spec, (name, prop)
            if spec.get("type") == "string" and "enum" not in spec and "format" not in spec:
                assert "maxLength" in spec, (name, prop)


def test_anonymous_api_calls_are_still_refused():
    assert APIClient().post("/api/v1/meetings/", meeting([]), format="json").status_code in {401, 403}
