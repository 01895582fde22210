"""Report pages in Chromium, as the demo performance officer: the weekly visits return and the visits behind a
number, the vulnerable children survey and the children behind a number, stored returns ("Generate now") and one
stored return. Every page is checked with axe (WCAG 2.2 AA), for one h1 and for CSP errors."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import check_page, follow, login, nav_link, screenshot, url

pytestmark = pytest.mark.browser


def test_performance_officer_opens_every_report_page(page, live_server, demo):
    from django.utils import timezone

    from caseboard.visits.demo import add_demo_visits

    add_demo_visits(1, timezone.localdate())
    login(page, live_server, "performance")
    follow(page, nav_link(page, "Reports"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Reports")
    check_page(page)

    follow(page, page.get_by_role("link", name="Weekly visits return"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Weekly visits return, week from")
    table = page.get_by_test_id("weekly-visits")
    expect(table.locator("tbody tr")).to_have_count(4)
    check_page(page)
    screenshot(page, "reporting-weekly-visits.png")
    follow(page, table.locator("tbody tr").nth(3).locator("a").first)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Visits: All, week from")
    check_page(page)

    page.goto(url(live_server, "/reports/weekly-visits/?week=not-a-date"))
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the week as a real date")
    check_page(page)

    page.goto(url(live_server, "/reports/survey/"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Vulnerable children survey on")
    expect(page.get_by_test_id("survey-cohorts").locator("tbody tr")).to_have_count(4)
    check_page(page)
    screenshot(page, "reporting-survey.png")
    follow(page, page.get_by_role("link", name="not seen, All", exact=False).first)
    expect(page.get_by_role("heading", level=1)).to_contain_text("All cohorts: not seen")
    check_page(page)

    page.goto(url(live_server, "/reports/returns/"))
    check_page(page)
    follow(page, page.get_by_role("button", name=re.compile(r"Generate now.*weekly visits return")))
    expect(page.get_by_test_id("stored-returns").locator("tbody tr")).to_have_count(1)
    check_page(page)
    follow(page, page.get_by_test_id("stored-returns").get_by_role("link").first)
    expect(page.get_by_test_id("no-differences")).to_be_visible()
    check_page(page)
    screenshot(page, "reporting-stored-return.png")
