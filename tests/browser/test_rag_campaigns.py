"""A rating campaign in Chromium: the demo manager starts one for their team from the campaigns page and sees its
progress by team. Every page is checked with axe (WCAG 2.2 AA), for one h1 and for CSP errors."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import check_accessibility, check_page, follow, login, url

pytestmark = pytest.mark.browser


def test_manager_starts_a_campaign_and_sees_progress(page, live_server, demo):
    login(page, live_server, "manager")
    page.goto(url(live_server, "/rag/campaigns/"))
    check_page(page)
    follow(page, page.get_by_role("link", name="Start a campaign"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Start a rating campaign")
    check_page(page)

    follow(page, page.get_by_role("button", name="Start the campaign"))
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter a name for the campaign")
    check_accessibility(page)

    deadline = date.today() + timedelta(days=14)
    page.get_by_label("Name of the campaign").fill("Rate every open child")
    page.locator('input[name="scope"]').first.check()
    page.fill("#id_deadline_0", str(deadline.day))
    page.fill("#id_deadline_1", str(deadline.month))
    page.fill("#id_deadline_2", str(deadline.year))
    follow(page, page.get_by_role("button", name="Start the campaign"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Rate every open child")
    progress = page.get_by_test_id("campaign-progress")
    expect(progress.locator("tbody tr")).to_have_count(1)
    expect(progress.locator("tfoot")).to_contain_text("Total")
    check_page(page)
