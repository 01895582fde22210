import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.urls import reverse

from caseboard.conftest import PASSWORD

ROOT = Path(__file__).resolve().parents[3]


def test_passwords_are_hashed_with_argon2_by_default():
    from config import settings as project_settings

    assert project_settings.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"


@pytest.mark.django_db
def test_sign_in_and_out(client, council):
    response = client.post(reverse("accounts:login"), {"username": "worker", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get(reverse("casework:my-caseload")).status_code == 200
    client.post(reverse("accounts:logout"))
    assert client.get(reverse("casework:my-caseload")).status_code == 302


@pytest.mark.django_db
def test_wrong_password_shows_an_error_and_keeps_the_username(client, council):
    response = client.post(reverse("accounts:login"), {"username": "worker", "password": "nope"})
    content = response.content.decode()
    assert "There is a problem" in content and "Enter a correct username and password" in content
    assert 'value="worker"' in content
    response = client.post(reverse("accounts:login"), {"username": "", "password": ""})
    assert "Enter your username" in response.content.decode()


@pytest.mark.django_db
def test_demo_accounts_are_listed_only_in_demo_mode(client, settings):
    settings.DEMO_MODE = False
    content = client.get(reverse("accounts:login")).content.decode()
    assert "caseboard-demo" not in content and "Demo data" not in content
    settings.DEMO_MODE = True
    content = client.get(reverse("accounts:login")).content.decode()
    assert "caseboard-demo" in content and "Demo data: all people are fictional" in content


@pytest.mark.django_db
def test_lock_out_after_repeated_failures(client, council):
    for _ in range(django_settings.AXES_FAILURE_LIMIT):
        client.post(reverse("accounts:login"), {"username": "worker", "password": "wrong"})
    response = client.post(reverse("accounts:login"), {"username": "worker", "password": PASSWORD})
    assert response.status_code == 429
    assert b"Your account is locked" in response.content


@pytest.mark.django_db
def test_django_admin_is_for_administrators_only(client, council):
    council.manager.is_staff = True
    council.manager.save()
    client.force_login(council.manager)
    assert client.get("/admin/").status_code == 302
    client.force_login(council.admin)
    assert client.get("/admin/").status_code == 200


def test_idle_session_timeout_defaults_to_30_minutes():
    assert django_settings.SESSION_COOKIE_AGE == 30 * 60
    assert django_settings.SESSION_SAVE_EVERY_REQUEST


@pytest.mark.django_db
def test_pages_carry_a_csp_with_a_nonce_and_the_timeout_warning(client, council):
    client.force_login(council.worker)
    response = client.get(reverse("casework:my-caseload"))
    policy = response["Content-Security-Policy"]
    assert "script-src 'self' 'nonce-" in policy and "unsafe-inline" not in policy
    assert b'data-session-idle-seconds="1800"' in response.content
    assert b"You\xe2\x80\x99re about to be signed out" in response.content


def test_production_settings_pass_the_deploy_check(tmp_path):
    unset = {"CASEBOARD_TESTING", "DEBUG", "CASEBOARD_DEMO", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {k: v for k, v in os.environ.items() if k not in unset}
    env.update(
        SECRET_KEY="x" * 60 + "production-secret-for-the-check",
        ALLOWED_HOSTS="caseboard.example.org",
        DEBUG="false",
        CASEBOARD_SQLITE=str(tmp_path / "check.sqlite3"),
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    env = {
        k: v for k, v in os.environ.items() if k not in {"CASEBOARD_TESTING", "DEBUG", "CASEBOARD_DEMO", "SECRET_KEY"}
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode != 0 and "Set SECRET_KEY" in result.stderr
