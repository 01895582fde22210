"""RAG assurance pages in Chromium: the demo manager follows the links from the team review page to the counts,
the red and amber children not seen in person, and the movement between ratings (table and SVG chart). Every page
is checked with axe (WCAG 2.2 AA), for one h1 and for CSP errors (the chart has no inline styles)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import check_page, follow, login, screenshot, url

pytestmark = pytest.mark.browser


def test_manager_visits_the_assurance_pages(page, live_server, demo):
    from caseboard.accounts.models import User

    team = User.objects.get(username="manager").teams.order_by("name").first()
    login(page, live_server, "manager")
    page.goto(url(live_server, f"/teams/{team.pk}/rag/"))
    check_page(page)
    follow(page, page.get_by_role("link", name="RAG assurance: counts by team and service"))
    expect(page.get_by_role("heading", level=1)).to_have_text("RAG assurance")
    expect(page.get_by_test_id("rag-counts-by-team").locator("tbody tr")).not_to_have_count(0)
    check_page(page)
    screenshot(page, "rag-assurance.png")

    follow(page, page.get_by_role("link", name="Red and amber children not seen in person"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Red and amber children not seen in person")
    check_page(page)

    follow(page, page.get_by_role("link", name="Movement between ratings"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Movement between ratings")
    chart = page.get_by_role("img", name="Bar chart: ratings that moved up, moved down or stayed the same")
    expect(chart).to_be_visible()
    expect(page.get_by_test_id("movement-weeks").locator("tbody tr")).to_have_count(8)
    check_page(page)
    screenshot(page, "rag-movement.png")
