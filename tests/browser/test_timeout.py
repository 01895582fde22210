"""The idle-session timeout warning: signing out from it is a POST, by keyboard or when the time is up; opening the
signed-out address changes nothing. Every page passes axe."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import check_page, login, url

pytestmark = pytest.mark.browser


def h1(page: Page):
    return page.get_by_role("heading", level=1)


def test_signing_out_from_the_timeout_warning_by_keyboard(page: Page, live_server, demo):
    login(page, live_server, "worker")
    page.evaluate("document.getElementById('timeout-warning').showModal()")
    dialog = page.get_by_role("dialog", name="You’re about to be signed out")
    expect(dialog).to_be_visible()
    check_page(page)
    expect(dialog.get_by_role("button", name="Stay signed in")).to_be_focused()
    page.keyboard.press("Tab")
    expect(dialog.get_by_role("button", name="Sign out")).to_be_focused()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(h1(page)).to_have_text("You have been signed out")
    check_page(page)
    page.goto(url(live_server, "/caseload/"))
    assert "/accounts/login/" in page.url


def test_the_warning_signs_out_when_the_time_is_up(page: Page, live_server, demo):
    page.clock.install()
    login(page, live_server, "worker")
    page.clock.fast_forward("28:30")
    expect(page.get_by_role("dialog", name="You’re about to be signed out")).to_be_visible()
    with page.expect_navigation():
        page.clock.fast_forward("02:00")
    expect(h1(page)).to_have_text("You have been signed out")
    page.goto(url(live_server, "/caseload/"))
    assert "/accounts/login/" in page.url


def test_opening_the_signed_out_address_does_not_sign_out(page: Page, live_server, demo):
    login(page, live_server, "worker")
    page.goto(url(live_server, "/accounts/signed-out/"))
    assert "/accounts/login/" not in page.url
    expect(page.get_by_role("button", name="Sign out").first).to_be_attached()
