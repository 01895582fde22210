"""Timeliness and demand in Chromium: the head of service opens the timeliness page and follows a number to the
records behind it, opens the demand page and the service-level report, and enters a bad alert threshold. Every page
is checked with axe (WCAG 2.2 AA), for one h1 and for CSP errors (the SVG charts have no inline styles)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import check_page, follow, login, screenshot, url

pytestmark = pytest.mark.browser


@pytest.fixture
def demo_with_work(demo):
    """The demo council with its visits, meetings, decisions and front door (as ``seed_demo`` adds them)."""
    from django.utils import timezone

    from caseboard.core.hooks import demo_steps

    for step in demo_steps:
        step(1, timezone.localdate())
    return demo


def test_head_of_service_reads_timeliness_and_demand(page, live_server, demo_with_work):
    login(page, live_server, "head")
    page.goto(url(live_server, "/reports/"))
    follow(page, page.get_by_role("link", name="Timeliness"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Timeliness")
    expect(page.get_by_role("img", name="Percentage on time, week by week")).to_be_visible()
    expect(page.get_by_test_id("timeliness-summary").locator("tbody tr")).to_have_count(11)
    check_page(page)
    screenshot(page, "timeliness.png")

    follow(page, page.get_by_test_id("timeliness-summary").get_by_role("link", name="done: Statutory visits").first)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Statutory visits within timescale")
    check_page(page)
    screenshot(page, "timeliness-records.png")

    page.goto(url(live_server, "/reports/timeliness/?from=31/02/2020"))
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the start of the period as a real date")
    check_page(page)

    page.goto(url(live_server, "/reports/"))
    follow(page, page.get_by_role("link", name="Demand: contacts and referrals"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Demand at the front door")
    expect(page.get_by_role("img", name="Contacts and referrals per week")).to_be_visible()
    check_page(page)
    screenshot(page, "demand.png")

    follow(page, page.get_by_test_id("last-week").get_by_role("link").nth(1))
    expect(page.get_by_role("heading", level=1)).to_have_text("Referrals received")
    check_page(page)
    page.go_back()

    follow(page, page.get_by_role("link", name="Service-level demand report"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Service-level demand report")
    check_page(page)

    page.goto(url(live_server, "/reports/demand/"))
    follow(page, page.get_by_role("link", name="Demand alert thresholds"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Demand alert thresholds")
    check_page(page)
    page.get_by_label("Alert when referrals are more than this percentage above the usual level").fill("600")
    follow(page, page.get_by_role("button", name="Save the thresholds"))
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter the percentage above the usual level as a whole number from 1 to 500")
    expect(page.get_by_label("Alert when referrals are more than this percentage above the usual level")).to_have_value(
        "600"
    )
    check_page(page)
    screenshot(page, "demand-alerts-error.png")

    page.get_by_label("Alert when referrals are more than this percentage above the usual level").fill("25")
    follow(page, page.get_by_role("button", name="Save the thresholds"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Demand at the front door")
    expect(page.get_by_text("more than 25% above")).to_be_visible()
