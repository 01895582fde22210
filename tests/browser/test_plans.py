"""Plans and delays in Chromium: a social worker starts a child in need plan for one of their demo children, adds an
objective and an action (first refused for being due before the plan started), marks the action delayed by the
pandemic (first refused with no cause), and the delays report lists it under the child. Every page is checked with
axe (WCAG 2.2 AA), for one h1 and for CSP errors."""

from __future__ import annotations

from datetime import date

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import check_page, follow, login, nav_link, screenshot, url

pytestmark = pytest.mark.browser
START = date(2026, 1, 12)


@pytest.fixture
def plans_demo(demo):
    """One of the demo worker's children with an open child in need episode since before the plan starts."""
    from caseboard.casework.models import Allocation, EpisodeKind

    allocation = (
        Allocation.objects.filter(
            worker__username="worker",
            ended_on__isnull=True,
            child__is_restricted=False,
            child__episodes__kind=EpisodeKind.CHILD_IN_NEED,
            child__episodes__start_on__lte=START,
            child__episodes__end_on__isnull=True,
        )
        .select_related("child")
        .order_by("child__pk")
        .first()
    )
    assert allocation is not None, "the demo worker has no child in need open since before 12 January 2026"
    return allocation.child


def fill_date(page: Page, name: str, day: date) -> None:
    for index, value in enumerate((day.day, day.month, day.year)):
        page.fill(f"#id_{name}_{index}", str(value))


def errors(page: Page):
    return page.locator(".govuk-error-summary")


def test_a_cin_plan_action_delayed_by_the_pandemic_is_in_the_delays_report(page, live_server, plans_demo):
    child = plans_demo
    name = f"{child.first_name} {child.last_name}"
    login(page, live_server, "worker")
    page.goto(url(live_server, f"/children/{child.pk}/"))
    expect(page.get_by_role("heading", name="Plans")).to_be_visible()
    follow(page, page.get_by_role("link", name="Start a plan"))
    check_page(page)
    follow(page, page.get_by_role("button", name="Start the plan"))
    expect(errors(page)).to_contain_text("Select the kind of plan")
    check_page(page)
    page.select_option("#id_kind", label="Child in need plan")
    fill_date(page, "started_on", START)
    page.fill("#id_summary", "Support for the family at home")
    follow(page, page.get_by_role("button", name="Start the plan"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Child in need plan")
    check_page(page)

    page.get_by_text("Add an objective").click()
    page.fill("#id_objective-text", "Regular school attendance")
    follow(page, page.get_by_role("button", name="Add the objective"))
    expect(page.get_by_text("Regular school attendance")).to_be_visible()

    follow(page, page.get_by_role("link", name="Add an action"))
    check_page(page)
    page.fill("#id_text", "Refer to CAMHS for an assessment")
    page.fill("#id_owner_name", "Social worker")
    fill_date(page, "due_on", date(2026, 1, 5))
    page.select_option("#id_objective", label="Regular school attendance")
    follow(page, page.get_by_role("button", name="Add the action"))
    expect(errors(page)).to_contain_text("The action cannot be due before the plan started on 12 January 2026")
    expect(page.locator("#id_text")).to_have_value("Refer to CAMHS for an assessment")
    check_page(page)
    fill_date(page, "due_on", date(2026, 3, 2))
    follow(page, page.get_by_role("button", name="Add the action"))
    expect(page.get_by_test_id("actions")).to_contain_text("Refer to CAMHS for an assessment")

    follow(page, page.get_by_role("link", name="Refer to CAMHS for an assessment"))
    check_page(page)
    page.get_by_role("radio", name="Delayed").check()
    follow(page, page.get_by_role("button", name="Save the action"))
    expect(errors(page)).to_contain_text("Select the cause of the delay")
    check_page(page)
    page.get_by_role("radio", name="Delayed").check()
    page.select_option("#id_delay_reason", label="Impact of the pandemic")
    page.fill("#id_delay_details", "CAMHS suspended new assessments in lockdown")
    fill_date(page, "now_due_on", date(2026, 5, 4))
    follow(page, page.get_by_role("button", name="Save the action"))
    expect(page.get_by_test_id("delay-cause")).to_have_text("Impact of the pandemic")
    check_page(page)
    screenshot(page, "plan.png")

    follow(page, nav_link(page, "Delays"))
    check_page(page)
    expect(page.get_by_test_id("by-cause")).to_contain_text("Impact of the pandemic")
    pandemic = page.get_by_test_id("pandemic")
    expect(pandemic).to_contain_text(name)
    expect(pandemic).to_contain_text("Child in need plan action: Refer to CAMHS for an assessment")
    screenshot(page, "delays-report.png")
