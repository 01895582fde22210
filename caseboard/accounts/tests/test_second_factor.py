"""The second factor: who must have one, enrolling an authenticator app, signing in with its code or a recovery code,
the session API held back until then, token clients unaffected, and an administrator's reset, audited."""

from __future__ import annotations

import re
import time

import pytest
from auditlog.models import LogEntry
from django.test import override_settings
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from caseboard.accounts import second_factor
from caseboard.accounts.models import Role
from caseboard.conftest import PASSWORD, make_user

pytestmark = pytest.mark.django_db

REQUIRED = override_settings(
    SECOND_FACTOR_REQUIRED=True,
    SECOND_FACTOR_ROLES=["administrator", "head_of_service"],
    SECOND_FACTOR_EXEMPT_DEMO_ACCOUNTS=False,
)


def code_for(device: TOTPDevice, *, steps_ahead: int = 0) -> str:
    """The code the app shows now (or a step ahead: a code is accepted once, so a second sign-in in the same 30
    seconds uses the next one, which the device's tolerance accepts)."""
    totp = TOTP(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():0{device.digits}d}"


def sign_in(client, username: str):
    return client.post(reverse("accounts:login"), {"username": username, "password": PASSWORD})


def pending(client, user) -> TOTPDevice:
    """The app being set up, as the page shows it (its secret is in the session until a code confirms it)."""
    return TOTPDevice(user=user, key=client.session[second_factor.PENDING_KEY])


def enrol(client, user) -> list[str]:
    client.get(reverse("accounts:second-factor-enrol"))
    device = pending(client, user)
    response = client.post(reverse("accounts:second-factor-enrol"), {"code": code_for(device), "next": "/"})
    assert response.status_code == 200
    return re.findall(r"<li><code>([a-z0-9]+)</code></li>", response.content.decode())


@REQUIRED
def test_an_administrator_must_set_up_a_second_factor_before_anything_else(client, council):
    response = sign_in(client, "admin")
    assert response.status_code == 302
    response = client.get(reverse("casework:my-caseload"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:second-factor-enrol"))
    assert client.get("/api/v1/children/").status_code == 403
    page = client.get(reverse("accounts:second-factor-enrol")).content.decode()
    assert "<svg" in page and "Key to type instead" in page
    device = pending(client, council.admin)
    # Opening the page writes nothing, and a reload shows the same secret.
    assert not TOTPDevice.objects.filter(user=council.admin).exists()
    client.get(reverse("accounts:second-factor-enrol"))
    assert pending(client, council.admin).key == device.key

    response = client.post(reverse("accounts:second-factor-enrol"), {"code": "12345"})
    assert "Enter the 6-digit code your authenticator app shows" in response.content.decode()
    wrong = "000000" if code_for(device) != "000000" else "111111"
    response = client.post(reverse("accounts:second-factor-enrol"), {"code": wrong})
    assert "The code is not right" in response.content.decode()

    codes = enrol(client, council.admin)
    assert len(codes) == 10 and len(set(codes)) == 10
    assert client.get(reverse("casework:my-caseload")).status_code == 200
    assert client.get("/api/v1/children/").status_code == 200
    assert StaticToken.objects.filter(device__user=council.admin).count() == 10
    entry = LogEntry.objects.filter(object_pk=str(council.admin.pk), additional_data__second_factor="enrolled").get()
    assert entry.actor == council.admin
    # The secret is not in the audit.
    assert device.key not in str(LogEntry.objects.values_list("changes", flat=True))


@REQUIRED
def test_signing_in_again_asks_for_the_code_or_a_recovery_code_once(client, council):
    sign_in(client, "admin")
    codes = enrol(client, council.admin)
    client.post(reverse("accounts:logout"))

    sign_in(client, "admin")
    response = client.get(reverse("people:child-history", args=[council.own_child.pk]))
    verify = reverse("accounts:second-factor-verify")
    assert response.status_code == 302 and response["Location"].startswith(verify)
    response = client.post(verify, {"code": "", "next": "/"})
    assert "Enter the code from your authenticator app, or a recovery code" in response.content.decode()
    device = TOTPDevice.objects.get(user=council.admin, confirmed=True)
    device.throttle_reset()
    response = client.post(verify, {"code": code_for(device, steps_ahead=1), "next": "https://evil.example/"})
    assert response.status_code == 302 and response["Location"] == reverse("home")
    client.post(reverse("accounts:logout"))

    sign_in(client, "admin")
    response = client.post(verify, {"code": codes[0].upper(), "next": "/children/"})
    assert response.status_code == 302 and response["Location"] == "/children/"
    client.post(reverse("accounts:logout"))
    sign_in(client, "admin")
    response = client.post(verify, {"code": codes[0]})
    assert "The code is not right" in response.content.decode()
    assert StaticToken.objects.filter(device__user=council.admin).count() == 9


@REQUIRED
def test_wrong_codes_slow_the_next_tries(client, council):
    sign_in(client, "admin")
    enrol(client, council.admin)
    client.post(reverse("accounts:logout"))
    sign_in(client, "admin")
    client.post(reverse("accounts:second-factor-verify"), {"code": "999999"})
    device = TOTPDevice.objects.get(user=council.admin, confirmed=True)
    assert device.throttling_failure_count == 1
    response = client.post(reverse("accounts:second-factor-verify"), {"code": code_for(device, steps_ahead=1)})
    assert "Too many wrong codes" in response.content.decode()


@REQUIRED
def test_other_roles_may_enrol_and_are_then_asked(client, council):
    assert not second_factor.second_factor_required(council.worker)
    assert second_factor.second_factor_required(council.head)
    sign_in(client, "worker")
    assert client.get(reverse("casework:my-caseload")).status_code == 200
    page = client.get(reverse("accounts:second-factor")).content.decode()
    assert "Not set up" in page and "Set up an authenticator app" in page
    enrol(client, council.worker)
    client.post(reverse("accounts:logout"))
    sign_in(client, "worker")
    response = client.get(reverse("casework:my-caseload"))
    assert response["Location"].startswith(reverse("accounts:second-factor-verify"))


@REQUIRED
def test_token_clients_are_not_asked(client, council):
    from rest_framework.test import APIClient

    from caseboard.security.services import api_token_issue

    _, secret = api_token_issue(user=council.admin, name="Case sync", days=30, issued_by=council.admin)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {secret}")
    assert api.get("/api/v1/children/").status_code == 200


@REQUIRED
def test_an_administrator_resets_a_lost_phone_audited(client, council):
    other_admin = make_user("admin2", Role.ADMINISTRATOR, is_staff=True)
    sign_in(client, "worker")
    enrol(client, council.worker)
    client.post(reverse("accounts:logout"))

    reset = reverse("staff:second-factor-reset", args=[council.worker.pk])
    client.force_login(council.head)
    assert client.post(reset).status_code in (302, 403)  # a head of service is sent to verify first
    assert second_factor.has_app(council.worker)
    client.logout()

    sign_in(client, "admin2")
    enrol(client, other_admin)
    member = client.get(reverse("staff:member", args=[council.worker.pk])).content.decode()
    assert "Authenticator app set up" in member and "Reset second factor" in member
    assert client.get(reset).status_code == 405
    response = client.post(reset)
    assert response.status_code == 302
    assert not second_factor.has_app(council.worker) and not StaticToken.objects.filter(device__user=council.worker)
    entry = LogEntry.objects.filter(object_pk=str(council.worker.pk), additional_data__second_factor="reset").get()
    assert entry.actor == other_admin
    member = client.get(reverse("staff:member", args=[council.worker.pk])).content.decode()
    assert "Reset second factor" not in member


@override_settings(SECOND_FACTOR_REQUIRED=True, SECOND_FACTOR_EXEMPT_DEMO_ACCOUNTS=True)
def test_the_demo_accounts_are_let_off_in_demo_mode(client, council):
    assert not second_factor.second_factor_required(council.admin)  # "admin" is a demo account
    other_admin = make_user("itadmin", Role.ADMINISTRATOR, is_staff=True)
    assert second_factor.second_factor_required(other_admin)


def test_no_second_factor_is_asked_when_the_requirement_is_off(client, council):
    sign_in(client, "admin")
    assert client.get(reverse("casework:my-caseload")).status_code == 200
