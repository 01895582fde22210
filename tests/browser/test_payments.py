"""Payments in Chromium: a social worker requests a food voucher for a demo child (first refused without the
evidence), the team coordinator approves it from their payments list, and the spend report shows it on its cost
code; an administrator's cost codes and budgets. Every page is checked with axe (WCAG 2.2 AA) at 1280 and 390 px
wide, for one h1 and for CSP errors."""

from __future__ import annotations

from datetime import date

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import check_page, follow, login, logout, nav_link, url

pytestmark = pytest.mark.browser


@pytest.fixture
def child(demo):
    from caseboard.casework.models import Allocation
    from caseboard.finance.demo import add_demo_payments

    add_demo_payments(1, date.today())
    allocation = (
        Allocation.objects.filter(worker__username="worker", ended_on__isnull=True, child__is_restricted=False)
        .select_related("child")
        .order_by("child__pk")
        .first()
    )
    assert allocation is not None
    return allocation.child


def both_widths(page: Page, name: str) -> None:
    """The page passes at a desktop's width and at a phone's, with no sideways scrolling on the phone."""
    check_page(page)
    page.set_viewport_size({"width": 390, "height": 844})
    check_page(page)
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 1, f"{name} scrolls sideways by {overflow}px at 390px"
    page.set_viewport_size({"width": 1280, "height": 900})


def test_a_food_voucher_is_requested_approved_by_the_team_coordinator_and_shown_in_the_spend(page, live_server, child):
    login(page, live_server, "worker")
    page.goto(url(live_server, f"/children/{child.pk}/"))
    follow(page, page.get_by_role("link", name="Request a payment"))
    both_widths(page, "request a payment")
    page.get_by_role("radio", name="Section 17 payment").check()
    page.fill("#id_need", "Food for the family for a week while the mother self-isolates")
    page.fill("#id_amount", "30.00")
    page.select_option("#id_method", label="Voucher")
    page.select_option("#id_cost_code", label="S17-FOOD: Section 17: food and essentials")
    follow(page, page.get_by_role("button", name="Request the payment"))
    expect(page.locator(".govuk-error-summary")).to_contain_text("there must be clear evidence")
    both_widths(page, "request a payment with an error")
    page.fill("#id_evidence", "Empty fridge and cupboards seen on the video call; the school confirmed no vouchers")
    follow(page, page.get_by_role("button", name="Request the payment"))
    expect(page.get_by_test_id("payments")).to_contain_text("Awaiting approval")
    logout(page)

    login(page, live_server, "teamcoordinator")
    follow(page, nav_link(page, "Payments"))
    both_widths(page, "payments")
    waiting = page.get_by_test_id("awaiting-approval")
    row = waiting.get_by_role("row").filter(has_text=f"{child.first_name} {child.last_name}").filter(has_text="£30.00")
    follow(page, row.get_by_role("link").first)
    expect(page.get_by_role("heading", level=1)).to_have_text("Section 17 payment of £30.00")
    both_widths(page, "payment")
    follow(page, page.get_by_role("button", name="Approve the payment"))
    expect(page.get_by_test_id("payment")).to_contain_text("Approved by Jo Bennett")
    both_widths(page, "approved payment")
    page.goto(url(live_server, "/payments/"))
    follow(page, page.get_by_role("link", name="Spend by cost code, team and month"))
    both_widths(page, "spend")
    expect(page.get_by_test_id("spend")).to_contain_text("S17-FOOD: Section 17: food and essentials")
    follow(page, page.get_by_role("link", name="Back"))
    follow(page, page.get_by_role("link", name="Cost codes and budgets"))
    both_widths(page, "cost codes")
    logout(page)

    login(page, live_server, "admin")
    page.goto(url(live_server, "/payments/cost-codes/"))
    page.fill("#id_code", "S17-TRAVEL")
    page.fill("#id_name", "Section 17: travel to family time")
    follow(page, page.get_by_role("button", name="Add the cost code"))
    expect(page.get_by_test_id("budgets")).to_contain_text("S17-TRAVEL")
    both_widths(page, "cost codes (administrator)")
