"""A council adds a kind of key decision in Chromium: the head of service adds "Direct family time" to a draft of the
operating model, an administrator approves the version, a worker proposes it for a child, a team manager approves it
and its review comes due on the child's record. Every page is checked with axe (WCAG 2.2 AA), for one h1 and for CSP
errors."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import check_page, follow, login, logout, nav_link, url

pytestmark = pytest.mark.browser

KIND = "Direct family time"
REASONS = "Family time with mother moves from the family home to the contact centre while the assessment finishes."


@pytest.fixture
def child(demo):
    """The demo council with its operating model (installed again after the flush), and one of the demo worker's
    unrestricted children with no key decision yet."""
    from caseboard.accounts.models import User
    from caseboard.casework.models import Allocation, AllocationRole
    from caseboard.policy.models import DeviationRule, OperatingModel, OperatingModelVersion, VisitFrequency
    from caseboard.policy.presets import install

    install(OperatingModel, OperatingModelVersion, VisitFrequency, DeviationRule)
    allocation = (
        Allocation.objects.filter(
            worker=User.objects.get(username="worker"),
            role=AllocationRole.SOCIAL_WORKER,
            ended_on__isnull=True,
            child__is_restricted=False,
            child__key_decisions__isnull=True,
        )
        .select_related("child")
        .order_by("child__pk")
        .first()
    )
    assert allocation is not None
    return allocation.child


def h1(page: Page):
    return page.get_by_role("heading", level=1)


def fill_date(page: Page, name: str, day: date) -> None:
    for index, value in enumerate((day.day, day.month, day.year)):
        page.fill(f"#id_{name}_{index}", str(value))


def test_a_council_adds_a_kind_of_decision_and_it_is_proposed_approved_and_reviewed(page, live_server, child):
    from caseboard.clock.calendar import next_working_day_on_or_after
    from caseboard.compliance.services import due_items_recompute_all
    from caseboard.decisions.models import KeyDecision
    from caseboard.policy.models import OperatingModelVersion

    today = date.today()
    review_on = next_working_day_on_or_after(today + timedelta(days=14))

    # The head of service drafts a version from today's, in force from today, and adds the kind.
    login(page, live_server, "head")
    follow(page, nav_link(page, "Operating model"))
    follow(page, page.get_by_role("link", name="Draft a new version"))
    page.get_by_label("Start from").select_option(index=1)
    fill_date(page, "effective_from", today)
    page.fill("#id_summary", "Direct family time is decided by a team manager")
    follow(page, page.get_by_role("button", name="Create draft"))
    version = OperatingModelVersion.objects.get(pk=int(re.search(r"/versions/(\d+)/edit/$", page.url)[1]))
    check_page(page)
    follow(page, page.get_by_role("link", name="Add a kind of decision"))
    expect(h1(page)).to_have_text("Add a kind of decision")
    check_page(page)
    page.get_by_label("Review after (days)").fill("")
    follow(page, page.get_by_role("button", name="Add the kind of decision"))
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter the name of the kind of decision")
    expect(summary).to_contain_text("Select who approves it")
    check_page(page)
    page.get_by_label("Name").fill(KIND)
    page.get_by_label("Team manager").check()
    page.get_by_label("Review after (days)").fill("14")
    page.get_by_label("After the review period (days)").check()
    page.get_by_label("Nothing on the statutory clock").check()
    follow(page, page.get_by_role("button", name="Add the kind of decision"))
    assert page.url.endswith(f"/operating-model/versions/{version.pk}/"), page.url
    expect(page.locator(".govuk-notification-banner")).to_contain_text(f"{KIND} is added to version {version.number}")
    expect(page.get_by_role("row", name=re.compile(f"Deviation: {KIND}"))).to_contain_text("Team manager")
    check_page(page)
    follow(page, page.get_by_role("link", name="Preview the effect"))
    added = (
        page.get_by_test_id("preview-kinds")
        .locator(".govuk-summary-list__row")
        .filter(has_text="Kinds of decision added")
    )
    expect(added.locator("dd")).to_have_text(KIND)
    check_page(page)
    logout(page)

    # An administrator approves the version: it is in force today.
    login(page, live_server, "admin")
    page.goto(url(live_server, f"/operating-model/versions/{version.pk}/"))
    follow(page, page.get_by_role("button", name="Approve"))
    expect(h1(page).locator(".govuk-tag")).to_have_text("In force")
    check_page(page)
    logout(page)

    # The worker proposes it for the child.
    login(page, live_server, "worker")
    page.goto(url(live_server, f"/children/{child.pk}/"))
    follow(page, page.get_by_role("link", name="Propose a key decision"))
    check_page(page)
    page.get_by_label(KIND).check()
    page.get_by_label("Reasons for the decision").fill(REASONS)
    fill_date(page, "starts_on", today)
    follow(page, page.get_by_role("button", name="Propose the decision"))
    decision = KeyDecision.objects.get(children=child, kind="direct_family_time")
    expect(h1(page)).to_contain_text(KIND)
    expect(h1(page).locator(".govuk-tag")).to_have_text("Awaiting approval")
    check_page(page)
    logout(page)

    # A team manager approves it from their approvals.
    login(page, live_server, "manager")
    follow(page, nav_link(page, "Approvals"))
    card = page.get_by_test_id("pending-decision").filter(has_text=KIND)
    expect(card).to_have_count(1)
    check_page(page)
    card.get_by_label("Approve").check()
    follow(page, card.get_by_role("button", name=f"Save decision on {KIND} for {child.full_name}"))
    expect(page.get_by_text("The decision is approved")).to_be_visible()
    check_page(page)
    decision.refresh_from_db()
    assert decision.next_review_on == review_on
    logout(page)

    # Its review is due on the child's record.
    due_items_recompute_all()
    login(page, live_server, "worker")
    page.goto(url(live_server, f"/children/{child.pk}/"))
    due = page.get_by_test_id("due-items").locator("tbody tr").filter(has_text="Key decision review")
    expect(due).to_have_count(1)
    expect(due.locator("td").nth(1)).to_have_text(f"{review_on:%-d %b %Y}")
    check_page(page)
