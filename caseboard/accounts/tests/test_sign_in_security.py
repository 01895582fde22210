"""Sign-in: locked per account and per address, from the client's real address; sessions end a fixed time after
sign-in however active."""

import time

import pytest
from django.urls import reverse

from caseboard.conftest import PASSWORD
from caseboard.core.middleware import SIGNED_IN_AT

pytestmark = pytest.mark.django_db
LOGIN = "/accounts/login/"


def attempt(client, username, password="wrong-password-here", address="198.51.100.1", **headers):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address, **headers)


def test_a_locked_account_stays_locked_from_another_address(client, council, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, "worker", address="198.51.100.1")
    response = attempt(client, "worker", PASSWORD, address="203.0.113.50")
    assert response.status_code == 429 or b"Your account is locked" in response.content
    assert "_auth_user_id" not in client.session


def test_one_address_spraying_a_password_over_many_accounts_is_stopped(client, council, settings):
    for n in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, f"nosuchuser{n}", address="198.51.100.2")
    response = attempt(client, "colleague", PASSWORD, address="198.51.100.2")
    assert b"Your account is locked" in response.content and "_auth_user_id" not in client.session
    # Someone else, elsewhere, still signs in.
    assert attempt(client, "worker", PASSWORD, address="203.0.113.9").status_code == 302


def test_a_forwarded_address_from_an_untrusted_client_cannot_dodge_the_lock(client, council, settings):
    for n in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, f"nosuchuser{n}", address="198.51.100.3", HTTP_X_FORWARDED_FOR=f"10.9.9.{n}")
    response = attempt(client, "colleague", PASSWORD, address="198.51.100.3", HTTP_X_FORWARDED_FOR="10.9.9.99")
    assert b"Your account is locked" in response.content


def test_behind_a_trusted_proxy_each_client_is_locked_on_its_own(client, council, settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    for n in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, f"nosuchuser{n}", address="10.0.0.5", HTTP_X_FORWARDED_FOR="198.51.100.4")
    locked = attempt(client, "colleague", PASSWORD, address="10.0.0.5", HTTP_X_FORWARDED_FOR="198.51.100.4")
    assert b"Your account is locked" in locked.content
    # Another client behind the same load balancer is not locked out.
    other = attempt(client, "worker", PASSWORD, address="10.0.0.5", HTTP_X_FORWARDED_FOR="203.0.113.7")
    assert other.status_code == 302


def test_a_session_ends_a_fixed_time_after_sign_in_however_active(client, council, settings):
    settings.SESSION_ABSOLUTE_HOURS = 10
    assert attempt(client, "worker", PASSWORD).status_code == 302
    assert client.get(reverse("casework:my-caseload")).status_code == 200
    session = client.session
    assert time.time() - session[SIGNED_IN_AT] < 60
    session[SIGNED_IN_AT] = int(time.time()) - 10 * 3600 - 1
    session.save()
    response = client.get(reverse("casework:my-caseload"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))
    assert client.get(reverse("casework:my-caseload")).status_code == 302  # signed out, not just redirected
