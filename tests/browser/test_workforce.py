"""Workforce in Chromium: a team manager pairs welfare buddies, a worker records a buddy check-in and then becomes
self-isolating until a date, the team's capacity page shows their red child as needing cover, the manager adds
cover and the cover worker sees the child on their caseload; under the COVID-19 preset the team leader's
every-other-day call is a due item, met by recording it. Every page is checked with axe (WCAG 2.2 AA)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.browser.conftest import check_page, follow, login, logout, url

pytestmark = pytest.mark.browser


@pytest.fixture
def workforce_case(demo):
    """The demo council under the COVID-19 operating model, with line managers, and the demo worker's first child
    rated red."""
    from caseboard.accounts.demo import add_demo_line_managers
    from caseboard.accounts.models import User
    from caseboard.casework.models import Allocation, AllocationRole, Episode
    from caseboard.devtools.scenarios import install_covid_version
    from caseboard.prioritisation.services import rag_rating_record
    from caseboard.workforce.due import staff_due_recompute

    install_covid_version()
    add_demo_line_managers(1, timezone.localdate())
    worker = User.objects.get(username="worker")
    allocation = (
        Allocation.objects.filter(
            worker=worker,
            role=AllocationRole.SOCIAL_WORKER,
            ended_on__isnull=True,
            child__is_restricted=False,
            child__in=Episode.objects.filter(end_on__isnull=True, kind="cin").values("child_id"),
        )
        .select_related("child", "team")
        .order_by("child__last_name", "child__first_name", "child__pk")
        .first()
    )
    rag_rating_record(
        child=allocation.child,
        rated_by=worker,
        rating="red",
        factor_codes=["out_of_school", "no_other_professional"],
        rationale="No one else sees the child",
    )
    colleague = allocation.team.members.filter(role="social_worker").exclude(pk=worker.pk).order_by("username").first()
    colleague.line_manager = User.objects.get(username="manager")
    colleague.save()
    staff_due_recompute(today=timezone.localdate())
    return allocation, colleague


def h1(page: Page):
    return page.get_by_role("heading", level=1)


def fill_date(page: Page, name: str, day) -> None:
    page.fill(f"#id_{name}_0", str(day.day))
    page.fill(f"#id_{name}_1", str(day.month))
    page.fill(f"#id_{name}_2", str(day.year))


def test_buddies_check_in_isolation_cover_and_the_team_leaders_call(page, live_server, workforce_case):
    allocation, colleague = workforce_case
    child, team = allocation.child, allocation.team
    worker_label = "Sam Okafor (Social worker)"
    colleague_label = f"{colleague.get_full_name()} (Social worker)"
    today = timezone.localdate()

    # The team manager pairs the worker with a colleague.
    login(page, live_server, "manager")
    page.goto(url(live_server, "/workforce/"))
    expect(h1(page)).to_have_text("Workforce")
    check_page(page)
    follow(page, page.get_by_role("link", name=f"Welfare buddies: {team.name}"))
    expect(page.get_by_test_id("unpaired")).to_contain_text("Sam Okafor")
    check_page(page)
    page.select_option("#id_first", label=worker_label)
    page.select_option("#id_second", label=colleague_label)
    follow(page, page.get_by_role("button", name="Pair them as buddies"))
    expect(page.get_by_test_id("pairs")).to_contain_text(f"Sam Okafor and {colleague.get_full_name()}")
    expect(page.get_by_test_id("unpaired")).not_to_contain_text("Sam Okafor")
    check_page(page)

    # The team leader's every-other-day call with the colleague is due (COVID-19 preset) and met by recording it.
    page.goto(url(live_server, "/workforce/"))
    due = page.get_by_test_id("staff-due")
    row = due.locator("tr", has_text="Team leader call").filter(has_text=colleague.get_full_name())
    expect(row).to_contain_text("every other working day")
    expect(row).to_contain_text("Overdue")
    follow(page, row.get_by_role("link", name=f"Record check-in with {colleague.get_full_name()}"))
    expect(h1(page)).to_have_text("Record a check-in")
    check_page(page)
    page.get_by_label("Phone call").check()
    follow(page, page.get_by_role("button", name="Save the check-in"))
    row = (
        page.get_by_test_id("staff-due")
        .locator("tr", has_text="Team leader call")
        .filter(has_text=colleague.get_full_name())
    )
    expect(row).not_to_contain_text("Overdue")
    expect(row).to_contain_text("counted from the last on")
    check_page(page)
    logout(page)

    # The worker records a buddy check-in, then that they are self-isolating until a date.
    login(page, live_server, "worker")
    page.goto(url(live_server, "/workforce/check-ins/new/?kind=buddy"))
    check_page(page)
    # A check-in in the future is refused, what was typed kept.
    page.select_option("#id_with_person", label=colleague_label)
    fill_date(page, "held_on", today + timedelta(days=2))
    page.get_by_label("Video call").check()
    follow(page, page.get_by_role("button", name="Save the check-in"))
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "The date of the check-in must be today or in the past"
    )
    assert page.title().startswith("Error: ")
    check_page(page)
    fill_date(page, "held_on", today)
    follow(page, page.get_by_role("button", name="Save the check-in"))
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Check-in saved")
    page.goto(url(live_server, "/workforce/"))
    follow(page, page.get_by_role("link", name="Your staff record and availability"))
    check_page(page)
    follow(page, page.get_by_role("link", name="Record availability"))
    check_page(page)
    page.get_by_label("Self-isolating").check()
    fill_date(page, "starts_on", today)
    until = today + timedelta(days=9)
    follow(page, page.get_by_role("button", name="Save the availability"))
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the date self-isolating ends")
    check_page(page)
    fill_date(page, "ends_on", until)
    follow(page, page.get_by_role("button", name="Save the availability"))
    expect(page.get_by_test_id("availability")).to_contain_text(f"Self-isolating until {until:%-d %B %Y}")
    check_page(page)
    logout(page)

    # The manager sees the red child needing cover on the team's capacity page and adds cover.
    login(page, live_server, "manager")
    page.goto(url(live_server, "/workforce/capacity/"))
    check_page(page)
    follow(page, page.get_by_role("link", name=team.name))
    needs = page.get_by_test_id("needs-cover")
    expect(needs).to_contain_text(child.full_name)
    expect(needs).to_contain_text("Red")
    check_page(page)
    follow(page, needs.get_by_role("link", name=f"Add cover for {child.full_name}"))
    expect(h1(page)).to_have_text(f"Cover for {child.full_name}")
    check_page(page)
    page.select_option("#id_cover_worker", label=f"{colleague.get_full_name()} ({colleague.job_title})")
    fill_date(page, "ends_on", until)
    follow(page, page.get_by_role("button", name="Add cover"))
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        f"covers {child.full_name} until {until:%-d %B %Y}"
    )
    expect(page.get_by_test_id("needs-cover")).to_have_count(0)
    check_page(page)
    logout(page)

    # The cover worker sees the child on their caseload, and the cover on the child's record.
    login(page, live_server, colleague.username)
    page.goto(url(live_server, "/caseload/"))
    expect(page.locator("main")).to_contain_text(child.full_name)
    check_page(page)
    page.goto(url(live_server, f"/children/{child.pk}/"))
    expect(page.locator("#oversight")).to_be_visible()
    expect(page.locator("main")).to_contain_text(f"Covered by {colleague}")
    check_page(page)
