"""Meetings in Chromium: a team manager takes a demo child from a strategy discussion (20 April 2026) to an initial
child protection conference 15 working days later across the 4 May 2026 bank holiday, a child protection plan, the
first core group and a review conference that is postponed (its due date kept) and cannot be cancelled without a
key decision, checking the child's "What is due" panel at each step; then the IRO's reviews page. Every page is
checked with axe (WCAG 2.2 AA), for one h1 and for CSP errors."""

from __future__ import annotations

from datetime import date

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import check_page, follow, login, logout, nav_link, screenshot, url

pytestmark = pytest.mark.browser


@pytest.fixture
def meetings_demo(demo):
    """The demo council with the operating-model presets (the flush removed what the data migration installed), the
    demo meetings and due items, and one of the demo manager's team's children with no plan and no meetings."""
    from django.utils import timezone

    from caseboard.accounts.models import User
    from caseboard.casework.models import Allocation, AllocationRole, Episode, EpisodeKind
    from caseboard.compliance.services import due_items_recompute_all
    from caseboard.meetings.demo import add_demo_meetings
    from caseboard.policy.models import DeviationRule, OperatingModel, OperatingModelVersion, VisitFrequency
    from caseboard.policy.presets import install

    install(OperatingModel, OperatingModelVersion, VisitFrequency, DeviationRule)
    add_demo_meetings(1, timezone.localdate())
    due_items_recompute_all()
    manager = User.objects.get(username="manager")
    busy = Episode.objects.filter(kind__in=[EpisodeKind.CHILD_PROTECTION, EpisodeKind.LOOKED_AFTER]).values("child_id")
    allocation = (
        Allocation.objects.filter(
            team__in=manager.teams.all(),
            role=AllocationRole.SOCIAL_WORKER,
            ended_on__isnull=True,
            child__is_restricted=False,
            child__episodes__kind=EpisodeKind.CHILD_IN_NEED,
            child__episodes__start_on__lte=date(2026, 4, 1),
            child__episodes__end_on__isnull=True,
        )
        .exclude(child__in=busy)
        .exclude(child__meetings__isnull=False)
        .select_related("child")
        .order_by("child__pk")
        .first()
    )
    assert allocation is not None, "no child in the manager's team open since before April 2026 without a plan"
    return allocation.child


def h1(page: Page):
    return page.get_by_role("heading", level=1)


def fill_date(page: Page, name: str, day: date) -> None:
    for index, value in enumerate((day.day, day.month, day.year)):
        page.fill(f"#id_{name}_{index}", str(value))


def due_row(page: Page, what: str):
    return page.get_by_test_id("due-items").locator("tr").filter(has_text=what)


def arrange(page: Page, kind_label: str, day: date, *, invitees: str = "") -> None:
    follow(page, page.get_by_role("link", name="Arrange a meeting"))
    expect(h1(page)).to_have_text("Arrange a meeting")
    page.select_option("#id_kind", label=kind_label)
    fill_date(page, "scheduled_on", day)
    page.fill("#id_scheduled_at", "10:00")
    page.get_by_label(
        "Split into separate calls" if "core" in kind_label.lower() else "Virtual (video or telephone conference)"
    ).check()
    page.fill("#id_joining_details", "Conference call 01632 960 000, PIN 4417")
    if invitees:
        page.fill("#id_invitees", invitees)
    follow(page, page.get_by_role("button", name="Arrange the meeting"))
    expect(page.locator(".govuk-error-summary")).to_have_count(0)
    expect(h1(page)).to_contain_text(kind_label)


def hold(page: Page, *, outcome: str = "", category: str = "", shot: str = "") -> None:
    follow(page, page.get_by_role("link", name="Record as held"))
    expect(h1(page)).to_have_text("Record the meeting as held")
    for select in page.locator("select[name^=took_part_]").all():
        select.select_option("video")
    if outcome:
        page.get_by_label(outcome, exact=True).check()
    if category:
        page.select_option("#id_category_of_abuse", label=category)
    page.fill("#id_minutes", "Everyone joined by video; the parents were supported to join by phone.")
    if shot:
        check_page(page)
        screenshot(page, shot)
    follow(page, page.get_by_role("button", name="Record the meeting as held"))
    expect(page.locator(".govuk-error-summary")).to_have_count(0)
    expect(page.locator(".govuk-tag", has_text="Held")).to_be_visible()


def back_to_child(page: Page, live_server, child) -> None:
    page.goto(url(live_server, f"/children/{child.pk}/"))
    expect(page.get_by_role("heading", name="What is due")).to_be_visible()


def test_strategy_discussion_to_review_conference(page, live_server, meetings_demo):
    child = meetings_demo
    login(page, live_server, "manager")
    back_to_child(page, live_server, child)
    expect(page.get_by_role("heading", name="Meetings")).to_be_visible()
    expect(page.get_by_text("No meetings arranged.")).to_be_visible()

    # An empty form is refused with every error, and a core group for a child with no plan is refused.
    follow(page, page.get_by_role("link", name="Arrange a meeting"))
    check_page(page)
    follow(page, page.get_by_role("button", name="Arrange the meeting"))
    assert page.title().startswith("Error: ")
    errors = page.locator(".govuk-error-summary li").all_inner_texts()
    for message in ("Select the kind of meeting", "Enter the date of the meeting", "Enter the time of the meeting"):
        assert message in errors, errors
    page.select_option("#id_kind", label="Core group")
    fill_date(page, "scheduled_on", date(2026, 4, 20))
    page.fill("#id_scheduled_at", "10:00")
    page.get_by_label("Split into separate calls").check()
    follow(page, page.get_by_role("button", name="Arrange the meeting"))
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        f"{child.full_name} has no child protection plan: a core group is for a child on a plan"
    )
    check_page(page)
    back_to_child(page, live_server, child)

    # Strategy discussion on Monday 20 April 2026, held: a section 47 enquiry, and the ICPC comes due on day 15.
    arrange(page, "Strategy discussion", date(2026, 4, 20), invitees="DC Rowe, Police\nDr Singh, GP")
    check_page(page)
    screenshot(page, "meetings-strategy-discussion.png")
    hold(page, outcome="Section 47 enquiry", shot="meetings-hold.png")
    expect(
        page.get_by_role("link", name=f"{child.first_name} {child.last_name}: started 20 April 2026")
    ).to_be_visible()
    check_page(page)
    back_to_child(page, live_server, child)
    row = due_row(page, "Initial child protection conference")
    expect(row).to_contain_text("12 May 2026")

    # The initial conference on Tuesday 12 May 2026 (15 working days, past the 4 May bank holiday): a plan.
    arrange(page, "Initial child protection conference", date(2026, 5, 12))
    expect(page.locator(".govuk-summary-list__row", has_text="Due by")).to_contain_text("12 May 2026")
    hold(page, outcome="Child protection plan", category="Neglect")
    check_page(page)
    back_to_child(page, live_server, child)
    expect(due_row(page, "Initial child protection conference")).to_contain_text(
        "Initial conference held on 12 May 2026"
    )
    expect(due_row(page, "First core group")).to_contain_text("27 May 2026")
    expect(due_row(page, "Review child protection conference")).to_contain_text("12 Aug 2026")
    check_page(page)
    screenshot(page, "meetings-child-record.png")

    # The first core group on day 10, split into calls.
    arrange(page, "Core group", date(2026, 5, 27))
    hold(page)
    back_to_child(page, live_server, child)
    expect(due_row(page, "First core group")).to_contain_text("Core group held on 27 May 2026")

    # The review conference: postponed a week (still due 12 August), and cancelling it is refused.
    arrange(page, "Review child protection conference", date(2026, 8, 12))
    follow(page, page.get_by_role("link", name="Postpone"))
    check_page(page)
    fill_date(page, "new_on", date(2026, 8, 19))
    page.fill("#id_new_at", "14:00")
    page.fill("#id_reason", "The parents' advocate cannot attend on the 12th.")
    follow(page, page.get_by_role("button", name="Postpone"))
    expect(page.get_by_test_id("postponed")).to_have_text(
        "Postponed: due 12 August 2026, now 19 August 2026 (5 working days late)"
    )
    check_page(page)
    screenshot(page, "meetings-postponed.png")
    follow(page, page.get_by_role("link", name="Cancel"))
    page.fill("#id_reason", "The family have moved out of the area.")
    follow(page, page.get_by_role("button", name="Cancel the meeting"))
    expect(page.locator(".govuk-error-summary")).to_contain_text("cancelling it needs an approved key decision")
    expect(page.get_by_test_id("propose-cancellation")).to_be_visible()
    expect(page.locator("#id_reason")).to_have_value("The family have moved out of the area.")
    check_page(page)
    screenshot(page, "meetings-cancel-refused.png")
    follow(page, page.get_by_test_id("propose-cancellation"))
    expect(h1(page)).to_have_text("Propose a key decision")
    expect(page.get_by_label("Statutory meeting cancelled")).to_be_checked()
    back_to_child(page, live_server, child)
    follow(
        page, page.get_by_test_id("upcoming-meetings").get_by_role("link", name="Review child protection conference")
    )
    hold(page, outcome="Child protection plan continues")
    back_to_child(page, live_server, child)
    expect(due_row(page, "Review child protection conference")).to_contain_text("19 Feb 2027")

    # My meetings: held, then needing minutes.
    page.goto(url(live_server, "/meetings/?show=held"))
    expect(h1(page)).to_have_text("My meetings")
    check_page(page)
    screenshot(page, "meetings-mine.png")
    page.goto(url(live_server, "/meetings/?show=minutes"))
    check_page(page)
    logout(page)


def test_iro_reviews(page, live_server, meetings_demo):
    login(page, live_server, "iro")
    follow(page, nav_link(page, "Meetings"))
    expect(h1(page)).to_have_text("My meetings")
    check_page(page)
    follow(page, page.get_by_role("link", name="My looked-after reviews"))
    expect(h1(page)).to_have_text("My looked-after reviews")
    expect(page.get_by_role("heading", name="Held")).to_be_visible()
    check_page(page)
    screenshot(page, "meetings-iro-reviews.png")
    held = page.get_by_test_id("held-reviews")
    if held.count():
        follow(page, held.locator("a").first)
        expect(h1(page)).to_contain_text("Looked-after review")
        expect(page.get_by_role("heading", name="Recommendations")).to_be_visible()
        check_page(page)
