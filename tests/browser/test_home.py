"""Every demo account signs in and lands on its role's home page, with its work on it; the navigation has at most
seven top-level items for any role and opens a group's items below it; the page passes axe and does not scroll
sideways at 390 px."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import check_page, follow, login, logout, nav_link, screenshot

pytestmark = pytest.mark.browser

# The cards each demo account's home page must show (others may be there too). The family centre's accounts come
# with its own demo step: caseboard/familytime/tests/test_home_cards.py covers their cards.
EXPECTED = {
    "worker": {"caseload", "week"},
    "manager": {"teams", "overdue", "approvals", "rag"},
    "head": {"overdue", "approvals", "rag", "reports", "operating-model"},
    "cp.manager": {"teams", "overdue", "approvals"},
    "iro": {"reviews"},
    "pa": {"caseload", "week"},
    "frontdoor": {"front-door"},
    "performance": {"reports", "returns"},
    "admin": {"staff", "operating-model"},
}
PHONE = {"width": 390, "height": 844}


def top_level_items(page: Page) -> list[str]:
    items = page.locator("#navigation > li > a")
    return [text.split("\n")[0].strip() for text in items.all_inner_texts()]


def test_each_role_lands_on_its_home_page(page: Page, live_server, demo):
    for username, cards in EXPECTED.items():
        login(page, live_server, username)
        assert page.url == f"{live_server.url}/", f"{username} landed on {page.url}"
        expect(page.get_by_role("heading", level=1)).to_have_text("Your work")
        for card in cards:
            expect(page.get_by_test_id(f"home-{card}"), f"{username}: {card}").to_be_visible()
        items = top_level_items(page)
        assert len(items) <= 7, f"{username} has {len(items)} top-level navigation items: {items}"
        check_page(page)
        logout(page)


def test_a_group_opens_its_items_below_the_navigation(page: Page, live_server, demo):
    login(page, live_server, "manager")
    follow(page, nav_link(page, "Approvals"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Approvals")
    sub = page.get_by_test_id("sub-navigation")
    expect(sub.get_by_role("link", name="Due and overdue")).to_be_visible()
    expect(sub.locator('[aria-current="page"]')).to_contain_text("Approvals")
    check_page(page)


def test_the_home_page_on_a_phone(page: Page, live_server, demo):
    page.set_viewport_size(PHONE)
    for username in ("worker", "manager", "head"):
        login(page, live_server, username)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], f"{username}'s home page is {width} px wide on a 390 px screen"
        check_page(page)
        page.context.clear_cookies()  # the menu, with Sign out, is folded away on a phone
    screenshot(page, "home-phone.png")


def fits_the_phone(page: Page, path: str) -> None:
    widths = page.evaluate(
        """() => ({page: document.documentElement.scrollWidth,
                   tables: [...document.querySelectorAll("main table")].map(t => t.getBoundingClientRect().right)})"""
    )
    assert widths["page"] <= PHONE["width"], f"{path} is {widths['page']} px wide on a 390 px screen"
    assert all(right <= PHONE["width"] for right in widths["tables"]), f"{path}: a table is cut off: {widths}"


def test_the_main_pages_fit_a_phone(page: Page, live_server, demo):
    from django.urls import reverse

    from caseboard.casework.models import Allocation

    page.set_viewport_size(PHONE)
    child = Allocation.objects.filter(worker__username="worker", ended_on__isnull=True).first().child
    journeys = {
        "worker": [reverse("casework:my-caseload"), reverse("compliance:my-worklist"), f"/children/{child.pk}/"],
        "manager": [reverse("casework:teams"), reverse("reporting:timeliness"), reverse("prioritisation:assurance")],
        "frontdoor": [reverse("frontdoor:queue")],
    }
    for username, paths in journeys.items():
        login(page, live_server, username)
        for path in paths:
            page.goto(f"{live_server.url}{path}")
            fits_the_phone(page, path)
            check_page(page)
        page.context.clear_cookies()
