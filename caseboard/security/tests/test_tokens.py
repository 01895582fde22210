"""API tokens: hashed at rest, expiring, named, shown once, listed and revoked by their owner and administrators."""

from __future__ import annotations

import importlib
from datetime import timedelta
from types import SimpleNamespace

import pytest
from auditlog.models import LogEntry
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone
from knox.crypto import hash_token
from rest_framework.test import APIClient

from caseboard.security import services
from caseboard.security.models import ApiToken

pytestmark = pytest.mark.django_db


def api(secret: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {secret}")
    return client


def issue(council, user=None, name="Data warehouse", days=90):
    return services.api_token_issue(user=user or council.performance, name=name, days=days, issued_by=council.admin)


def test_only_a_hash_of_the_secret_is_stored(council):
    token, secret = issue(council)
    assert api(secret).get("/api/v1/children/").status_code == 200
    row = ApiToken.objects.filter(pk=token.pk).values().get()
    assert secret not in {str(value) for value in row.values()}
    assert row["digest"] == hash_token(secret)


def test_tokens_expire_after_the_configured_days(council, settings):
    token, secret = issue(council, days=30)
    assert abs(token.expiry - (timezone.now() + timedelta(days=30))) < timedelta(minutes=1)
    token.expiry = timezone.now() - timedelta(seconds=1)
    token.save()
    assert api(secret).get("/api/v1/children/").status_code == 401
    with pytest.raises(services.ValidationError) as error:
        issue(council, days=settings.API_TOKEN_MAX_DAYS + 1)
    assert "days" in error.value.message_dict
    default, _ = ApiToken.objects.create(user=council.worker, name="Default")
    assert abs(default.expiry - (timezone.now() + timedelta(days=settings.API_TOKEN_DAYS))) < timedelta(minutes=1)


def test_a_token_needs_a_name(council):
    with pytest.raises(services.ValidationError) as error:
        issue(council, name="  ")
    assert error.value.message_dict["name"] == ["Enter a name for the token"]


def test_owners_and_administrators_list_and_revoke(council, client):
    mine, my_secret = issue(council, user=council.worker, name="Worker's script")
    theirs, their_secret = issue(council, name="Returns")
    client.force_login(council.worker)
    page = client.get("/api-tokens/").content.decode()
    assert "Worker&#x27;s script" in page and "Returns" not in page and "Issue a token" not in page
    assert my_secret not in page
    assert client.post(f"/api-tokens/{theirs.pk}/revoke/").status_code == 404
    assert client.post(f"/api-tokens/{mine.pk}/revoke/").status_code == 302
    assert api(my_secret).get("/api/v1/children/").status_code == 401
    assert api(their_secret).get("/api/v1/children/").status_code == 200

    client.force_login(council.admin)
    page = client.get("/api-tokens/").content.decode()
    assert "Returns" in page and "Issue a token" in page
    assert client.post(f"/api-tokens/{theirs.pk}/revoke/").status_code == 302
    assert api(their_secret).get("/api/v1/children/").status_code == 401
    revoked = LogEntry.objects.get_for_object(theirs).get(action=LogEntry.Action.DELETE)
    assert revoked.actor == council.admin and "digest" not in (revoked.changes_dict or {})


def test_only_administrators_issue_and_the_secret_is_shown_once(council, client):
    client.force_login(council.worker)
    assert client.get("/api-tokens/new/").status_code == 403
    client.force_login(council.admin)
    response = client.post(
        "/api-tokens/new/", {"user": council.performance.pk, "name": "Returns", "days": "30"}, follow=False
    )
    assert response.status_code == 200
    secret = response.context["secret"]
    assert secret in response.content.decode()
    assert response["Cache-Control"].startswith("max-age=0") and "no-store" in response["Cache-Control"]
    token = ApiToken.objects.get(name="Returns")
    assert token.user == council.performance and token.issued_by == council.admin
    assert secret not in client.get("/api-tokens/").content.decode()
    created = LogEntry.objects.get_for_object(token).get(action=LogEntry.Action.CREATE)
    assert created.actor == council.admin
    assert "digest" not in created.changes_dict and "token_key" not in created.changes_dict
    assert api(secret).get("/api/v1/children/").status_code == 200


def test_issue_form_errors_keep_what_was_typed(council, client):
    client.force_login(council.admin)
    response = client.post("/api-tokens/new/", {"user": "", "name": "Returns", "days": "0"})
    page = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in page
    assert "Select the account the token is for" in page and "The number of days must be 1 or more" in page
    assert 'value="Returns"' in page
    assert not ApiToken.objects.exists()


def test_a_client_revokes_its_own_token_through_the_api(council):
    _token, secret = issue(council)
    client = api(secret)
    assert client.post("/api/v1/auth/logout/").status_code == 204
    assert client.get("/api/v1/children/").status_code == 401


def test_an_inactive_account_cannot_use_its_token(council):
    _token, secret = issue(council)
    council.performance.is_active = False
    council.performance.save()
    assert api(secret).get("/api/v1/children/").status_code == 401


def test_plain_tokens_from_before_are_carried_over_hashed(council):
    migration = importlib.import_module("caseboard.security.migrations.0003_carry_over_plain_tokens")
    key = "0123456789abcdef0123456789abcdef01234567"
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE authtoken_token (key varchar(40) PRIMARY KEY, created timestamp, user_id bigint)")
        cursor.execute(
            "INSERT INTO authtoken_token (key, created, user_id) VALUES (%s, %s, %s)",
            [key, timezone.now(), council.performance.pk],
        )
    state = MigrationLoader(connection).project_state(("security", "0003_carry_over_plain_tokens"))
    migration.carry_over(state.apps, SimpleNamespace(connection=connection))
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM authtoken_token")
        assert cursor.fetchone()[0] == 0
    token = ApiToken.objects.get()
    assert token.digest == hash_token(key) and token.expiry is not None
    assert api(key).get("/api/v1/children/").status_code == 200
