"""API tokens in the browser: an administrator issues one (shown once), lists and revokes it; every page passes axe."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import check_page, follow, login, url

pytestmark = pytest.mark.browser


def test_issue_list_and_revoke_a_token(page: Page, live_server, demo):
    login(page, live_server, "admin")
    follow(page, page.get_by_role("link", name="API tokens"))
    check_page(page)
    follow(page, page.get_by_role("link", name="Issue a token"))
    check_page(page)
    follow(page, page.get_by_role("button", name="Issue token"))
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select the account the token is for")
    check_page(page)
    page.select_option(
        "#id_user",
        label=next(o for o in page.locator("#id_user option").all_inner_texts() if o.startswith("performance")),
    )
    page.fill("#id_name", "Data warehouse")
    follow(page, page.get_by_role("button", name="Issue token"))
    expect(page.get_by_role("heading", name="Token issued")).to_be_visible()
    secret = page.get_by_test_id("secret").inner_text()
    assert len(secret) == 64
    check_page(page)
    follow(page, page.get_by_role("link", name="Go to API tokens"))
    expect(page.get_by_role("cell", name="Data warehouse", exact=True)).to_be_visible()
    assert secret not in page.content()
    follow(page, page.get_by_role("button", name="Revoke Data warehouse (performance)"))
    expect(page.get_by_text("Token “Data warehouse” revoked")).to_be_visible()
    expect(page.get_by_role("cell", name="Data warehouse", exact=True)).to_have_count(0)
    check_page(page)
    response = page.request.get(url(live_server, "/api/v1/children/"), headers={"Authorization": f"Token {secret}"})
    assert response.status == 401
