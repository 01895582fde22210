"""Key decisions in Chromium: a worker proposes "no face-to-face visit" on a child
protection case, a team manager cannot approve it, the head of service approves it, the worker sees it in force,
and the review comes due on the right date. Every page is checked with axe (WCAG 2.2 AA), for one h1 and for CSP
errors."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import check_page, follow, login, logout, nav_link, screenshot, url

pytestmark = pytest.mark.browser

KIND = "No face-to-face visit on a child protection case"
REASONS = "The family are isolating with a notifiable illness; the child is seen daily at the school gate by staff."
RISKS = "Injuries or neglect could go unseen at home."
MITIGATIONS = "Video call with the child seen alone twice a week; the school nurse checks in daily."


# --- data ------------------------------------------------------------------------------------------------------
@pytest.fixture
def cp_case(demo):
    """The demo council with the operating-model presets (the flush removed what the data migration installed),
    and one of the demo worker's children made a child protection case in the worker's CIN team."""
    from caseboard.accounts.models import User
    from caseboard.casework.models import Allocation, AllocationRole, Episode, EpisodeKind
    from caseboard.casework.services import episode_open
    from caseboard.policy.models import DeviationRule, OperatingModel, OperatingModelVersion, VisitFrequency
    from caseboard.policy.presets import install

    install(OperatingModel, OperatingModelVersion, VisitFrequency, DeviationRule)
    worker = User.objects.get(username="worker")
    with_cp = Episode.objects.filter(kind=EpisodeKind.CHILD_PROTECTION, end_on__isnull=True).values("child_id")
    allocation = (
        Allocation.objects.filter(
            worker=worker, role=AllocationRole.SOCIAL_WORKER, ended_on__isnull=True, child__is_restricted=False
        )
        .exclude(child__in=with_cp)
        .exclude(child__key_decisions__isnull=False)
        .select_related("child")
        .order_by("child__pk")
        .first()
    )
    assert allocation is not None, "the demo worker has no unrestricted child without a CP plan"
    episode_open(
        child=allocation.child,
        opened_by=worker,
        kind=EpisodeKind.CHILD_PROTECTION,
        start_on=date.today() - timedelta(days=30),
        initial_category_of_abuse="NEG",
    )
    return allocation.child


# --- small helpers ---------------------------------------------------------------------------------------------
def h1(page: Page):
    return page.get_by_role("heading", level=1)


def error_messages(page: Page) -> list[str]:
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    return [text.strip() for text in summary.locator("li").all_inner_texts()]


def fill_date(page: Page, name: str, day: date) -> None:
    for index, value in enumerate((day.day, day.month, day.year)):
        page.fill(f"#id_{name}_{index}", str(value))


def approvals_count(page: Page) -> int:
    """The number beside Approvals in the navigation (0 when none is shown)."""
    count = nav_link(page, "Approvals").locator(".app-count")
    return int(count.inner_text().split()[0]) if count.count() else 0


def summary_value(page: Page, key: str):
    return page.locator(".govuk-summary-list__row").filter(has=page.locator("dt", has_text=key)).locator("dd")


def force_post(page: Page, action: str, fields: dict[str, str]) -> None:
    """Submit a form the page does not offer (as a hand-crafted request would), with the page's CSRF token."""
    with page.expect_navigation():
        page.evaluate(
            """([action, fields]) => {
                const form = document.createElement("form");
                form.method = "post";
                form.action = action;
                const token = document.querySelector("input[name=csrfmiddlewaretoken]").value;
                for (const [name, value] of Object.entries({...fields, csrfmiddlewaretoken: token})) {
                    const input = document.createElement("input");
                    input.type = "hidden";
                    input.name = name;
                    input.value = value;
                    form.appendChild(input);
                }
                document.body.appendChild(form);
                form.submit();
            }""",
            [action, fields],
        )


# --- the journey -----------------------------------------------------------------------------------------------
def test_no_face_to_face_visit_on_a_cp_case_needs_a_head_of_service(page, live_server, cp_case):
    from caseboard.clock.calendar import next_working_day_on_or_after
    from caseboard.compliance.services import due_items_recompute_all
    from caseboard.decisions.models import DecisionStatus, KeyDecision

    child = cp_case
    today = date.today()
    review_on = next_working_day_on_or_after(today + timedelta(days=21))
    child_path = f"/children/{child.pk}/"

    # The worker proposes it from the child's record; an empty form is refused with every error.
    login(page, live_server, "worker")
    page.goto(url(live_server, child_path))
    expect(page.get_by_role("heading", name="Key decisions")).to_be_visible()
    expect(page.get_by_text("No key decisions recorded.")).to_be_visible()
    follow(page, page.get_by_role("link", name="Propose a key decision"))
    expect(h1(page)).to_have_text("Propose a key decision")
    check_page(page)
    follow(page, page.get_by_role("button", name="Propose the decision"))
    assert page.title().startswith("Error: ")
    errors = error_messages(page)
    for message in (
        "Select the kind of decision",
        "Enter the reasons for the decision",
        "Enter the date the decision applies from",
    ):
        assert message in errors, errors
    check_page(page)

    page.get_by_label(KIND).check()
    page.get_by_label("Reasons for the decision").fill(REASONS)
    page.get_by_label("Risks considered").fill(RISKS)
    page.get_by_label("How the risks are reduced").fill(MITIGATIONS)
    fill_date(page, "starts_on", today)
    follow(page, page.get_by_role("button", name="Propose the decision"))
    decision = KeyDecision.objects.get(children=child, kind="no_face_to_face_cp")
    decision_path = f"/decisions/{decision.pk}/"
    assert page.url.endswith(decision_path)
    expect(page.get_by_text("The decision has been sent for approval")).to_be_visible()
    expect(h1(page)).to_contain_text(KIND)
    expect(h1(page).locator(".govuk-tag")).to_have_text("Awaiting approval")
    expect(summary_value(page, "Approval needed from")).to_contain_text("Head of service")
    expect(summary_value(page, "Reasons")).to_have_text(REASONS)
    expect(page.get_by_role("button", name="Withdraw")).to_be_visible()
    check_page(page)
    screenshot(page, "key-decision.png")

    # Printed, the page is the decision alone: no navigation, no buttons.
    page.emulate_media(media="print")
    expect(page.locator(".govuk-service-navigation")).to_be_hidden()
    expect(page.get_by_role("button", name="Withdraw")).to_be_hidden()
    expect(h1(page)).to_be_visible()
    expect(page.get_by_role("heading", name="History")).to_be_visible()
    page.emulate_media(media="screen")
    logout(page)

    # The team manager cannot approve it: not listed, no form, and a forced request is refused.
    login(page, live_server, "manager")
    follow(page, nav_link(page, "Approvals"))
    expect(h1(page)).to_have_text("Approvals")
    expect(page.get_by_test_id("pending-decision").filter(has_text=child.full_name)).to_have_count(0)
    check_page(page)
    page.goto(url(live_server, decision_path))
    expect(h1(page)).to_contain_text(KIND)
    expect(page.get_by_role("heading", name="Approve or reject")).to_have_count(0)
    expect(page.locator(f'form[action="{decision_path}decide/"]')).to_have_count(0)
    check_page(page)
    force_post(page, f"{decision_path}decide/", {"outcome": "approve", "reason": ""})
    expect(page.locator(".govuk-error-summary")).to_contain_text("This decision needs a head of service")
    check_page(page)
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.PROPOSED
    logout(page)

    # The head of service has it counted in the navigation, listed, and approves it there.
    login(page, live_server, "head")
    waiting = approvals_count(page)
    assert waiting >= 1
    expect(nav_link(page, "Notifications").locator(".app-count")).to_be_visible()
    follow(page, nav_link(page, "Notifications"))
    expect(h1(page)).to_have_text("Notifications")
    notice = page.get_by_test_id("notifications").locator("li").filter(has_text=f"asks you to approve: {KIND}")
    expect(notice).to_contain_text(child.full_name)
    expect(notice.locator(".govuk-tag")).to_have_text("New")
    check_page(page)
    follow(page, page.get_by_role("button", name="Mark all as read"))
    expect(notice.locator(".govuk-tag")).to_have_count(0)
    expect(nav_link(page, "Notifications").locator(".app-count")).to_have_count(0)  # marked read

    follow(page, nav_link(page, "Approvals"))
    card = page.get_by_test_id("pending-decision").filter(has_text=KIND)
    expect(card).to_have_count(1)
    expect(card).to_contain_text(child.full_name)
    check_page(page)
    card.get_by_label("Approve").check()
    follow(page, card.get_by_role("button", name=f"Save decision on {KIND} for {child.full_name}"))
    assert page.url.endswith("/approvals/")
    expect(page.get_by_text("The decision is approved")).to_be_visible()
    expect(page.get_by_test_id("pending-decision").filter(has_text=child.full_name)).to_have_count(0)
    assert approvals_count(page) == waiting - 1

    page.goto(url(live_server, decision_path))
    expect(h1(page).locator(".govuk-tag")).to_have_text("Approved")
    expect(summary_value(page, "Next review")).to_contain_text(f"{review_on:%-d %B %Y} (every 21 days)")
    expect(summary_value(page, "Decided by")).to_contain_text("Grace Adeyemi")
    check_page(page)
    follow(page, page.get_by_role("link", name="Review this decision"))
    expect(h1(page)).to_have_text("Review the key decision")
    expect(page.get_by_text(f"Review due {review_on:%-d %B %Y}.")).to_be_visible()
    check_page(page)
    logout(page)
    decision.refresh_from_db()
    assert (decision.status, decision.next_review_on) == (DecisionStatus.APPROVED, review_on)

    # The worker sees it in force on the child's record, and its review is due on that date.
    due_items_recompute_all()
    login(page, live_server, "worker")
    page.goto(url(live_server, child_path))
    row = page.get_by_test_id("key-decisions").locator("tbody tr").filter(has_text=KIND)
    expect(row.locator("td").nth(1)).to_have_text("Approved")
    expect(row.locator("td").nth(2)).to_have_text(f"{today:%-d %b %Y}")
    expect(row.locator("td").nth(3)).to_have_text(f"{review_on:%-d %b %Y}")
    due = page.get_by_test_id("due-items").locator("tbody tr").filter(has_text="Key decision review")
    expect(due).to_have_count(1)
    expect(due.locator("td").nth(1)).to_have_text(f"{review_on:%-d %b %Y}")
    check_page(page)
    follow(page, nav_link(page, "Notifications"))
    expect(page.get_by_test_id("notifications")).to_contain_text(f"approved: {KIND}. Review due {review_on:%-d %B %Y}.")
    check_page(page)
