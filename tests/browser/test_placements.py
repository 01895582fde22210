"""Placements in Chromium: a child comes into care in an emergency with her grandmother, temporarily approved under
reg 24; the approval's end comes due on the child's record; the supervising social worker records a visit to the
carers that counts for the child; the child moves to mainstream foster carers; the placement plan is recorded
within 5 working days and the item is met. axe on every page; the main pages at 1280 and 390 pixels wide."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import check_page, follow, login, logout, nav_link, screenshot, url

pytestmark = pytest.mark.browser


def fill_date(page: Page, name: str, day: date) -> None:
    for index, value in enumerate((day.day, day.month, day.year)):
        page.fill(f"#id_{name}_{index}", str(value))


def phone_width(page: Page, name: str) -> None:
    """The page at a phone's width: still one column, no sideways scrolling, axe clean."""
    page.set_viewport_size({"width": 390, "height": 844})
    check_page(page)
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 1, f"{name} scrolls sideways by {overflow}px at 390px"
    screenshot_narrow(page, name)
    page.set_viewport_size({"width": 1280, "height": 900})


def screenshot_narrow(page: Page, name: str) -> None:
    import os

    from tests.browser.conftest import SCREENSHOT_DIR

    if os.environ.get("CASEBOARD_SCREENSHOTS") == "1":
        SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOT_DIR / name), full_page=True, animations="disabled", caret="hide")


@pytest.fixture
def family(demo):
    """The demo council, its supervising social worker, and one of the demo worker's children not looked after."""
    from caseboard.accounts.models import Role, User
    from caseboard.casework.models import Allocation, AllocationRole, Episode, EpisodeKind

    worker = User.objects.get(username="worker")
    User.objects.create_user(
        "ssw", "caseboard-demo", role=Role.SUPERVISING_SOCIAL_WORKER, first_name="Maya", last_name="Osei"
    )
    allocation = (
        Allocation.objects.filter(
            worker=worker,
            role=AllocationRole.SOCIAL_WORKER,
            ended_on__isnull=True,
            child__is_restricted=False,
            child__date_of_birth__lte=date.today() - timedelta(days=365 * 6),
            child__date_of_birth__gte=date.today() - timedelta(days=365 * 12),
        )
        .exclude(child__in=Episode.objects.filter(kind=EpisodeKind.LOOKED_AFTER).values("child_id"))
        .select_related("child")
        .order_by("child__pk")
        .first()
    )
    assert allocation is not None
    return allocation.child


def test_an_emergency_reg_24_placement_to_a_mainstream_foster_carer(page: Page, live_server, family, demo_mode):
    child = family
    today = date.today()
    came_in = today - timedelta(days=108)  # the temporary approval's 16 weeks end in 4 days
    visited = today - timedelta(days=5)
    moved = today - timedelta(days=2)

    # The team manager adds the grandmother's household and approves her temporarily under reg 24.
    login(page, live_server, "manager")
    page.goto(url(live_server, "/"))
    follow(page, nav_link(page, "Placements"))
    check_page(page)
    follow(page, page.get_by_role("link", name="Add a setting"))
    check_page(page)
    follow(page, page.get_by_role("button", name="Add the setting"))
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the name of the setting")
    check_page(page)
    page.select_option("#id_kind", "connected_person")
    page.fill("#id_name", "Joan Hale (grandmother)")
    page.select_option("#id_placement_provider", "PR1")
    page.fill("#id_postcode", "NM3 2AB")
    page.fill("#id_places", "1")
    page.select_option("#id_supervising_social_worker", label="Maya Osei")
    follow(page, page.get_by_role("button", name="Add the setting"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Joan Hale (grandmother)")
    check_page(page)
    setting_url = page.url
    follow(page, page.get_by_role("link", name="Record an approval"))
    check_page(page)
    page.check("input[name=kind][value=temporary]")
    fill_date(page, "approved_on", came_in)
    page.fill("#id_weeks", "17")
    follow(page, page.get_by_role("button", name="Record the approval"))
    expect(page.locator(".govuk-error-summary")).to_contain_text("lasts at most 16 weeks (reg 24)")
    check_page(page)
    page.fill("#id_weeks", "")
    follow(page, page.get_by_role("button", name="Record the approval"))
    expect(page.get_by_test_id("approval")).to_contain_text(f"ends {came_in + timedelta(weeks=16):%-d %B %Y}")
    # Mainstream foster carers, approved long ago, for the move.
    page.goto(url(live_server, "/placements/settings/new/"))
    page.select_option("#id_kind", "foster_in_house")
    page.fill("#id_name", "Sarah and Tom Hughes")
    page.select_option("#id_placement_provider", "PR1")
    page.fill("#id_postcode", "NM5 1CD")
    page.fill("#id_places", "2")
    follow(page, page.get_by_role("button", name="Add the setting"))
    follow(page, page.get_by_role("link", name="Record an approval"))
    page.check("input[name=kind][value=mainstream]")
    fill_date(page, "approved_on", date(2019, 9, 2))
    page.fill("#id_places", "2")
    follow(page, page.get_by_role("button", name="Record the approval"))
    expect(page.get_by_test_id("approval")).to_contain_text("Foster carer (mainstream approval)")
    logout(page)

    # The child's social worker records the emergency placement with the grandmother.
    login(page, live_server, "worker")
    page.goto(url(live_server, f"/placements/children/{child.pk}/"))
    check_page(page)
    follow(page, page.get_by_role("link", name="Record a placement"))
    check_page(page)
    page.select_option("#id_setting", label="Joan Hale (grandmother)")
    fill_date(page, "start_on", came_in)
    page.select_option("#id_placement_type", "U3")
    page.select_option("#id_legal_status", "V2")
    page.check("#id_is_emergency")
    follow(page, page.get_by_role("button", name="Record the placement"))
    expect(page.get_by_test_id("placement").first).to_contain_text("reg 28(4)")
    check_page(page)
    # The approval's end is due on the child's record.
    page.goto(url(live_server, f"/children/{child.pk}/"))
    due = page.get_by_test_id("due-items")
    expect(due.get_by_role("row", name=re.compile("Carers' temporary approval ends"))).to_contain_text(
        f"{came_in + timedelta(weeks=16):%-d %b %Y}"
    )
    check_page(page)
    logout(page)

    # The supervising social worker sees the child through the carers and records a visit that counts.
    login(page, live_server, "ssw")
    page.goto(setting_url)
    check_page(page)
    expect(page.get_by_test_id("placed")).to_contain_text(child.full_name)
    follow(page, page.get_by_role("link", name="Record a visit to the carers"))
    check_page(page)
    fill_date(page, "visited_on", visited)
    page.check("input[name=mode][value=in_person_home]")
    page.locator("input[name=children]").first.check()
    page.locator("input[name=seen_alone]").first.check()
    follow(page, page.get_by_role("button", name="Record the visit"))
    expect(page.get_by_test_id("carer-visits")).to_contain_text(f"{visited:%-d %b %Y}")
    page.goto(url(live_server, f"/children/{child.pk}/"))
    check_page(page)
    visit_row = page.get_by_test_id("due-items").get_by_role("row", name=re.compile("Looked-after child visit"))
    expect(visit_row).to_contain_text(f"{visited + timedelta(days=7):%-d %b %Y}")
    logout(page)

    # The child moves to the mainstream foster carers; the placement plan follows within 5 working days.
    login(page, live_server, "worker")
    page.goto(url(live_server, f"/placements/children/{child.pk}/new/"))
    page.select_option("#id_setting", label="Sarah and Tom Hughes")
    fill_date(page, "start_on", moved)
    page.select_option("#id_placement_type", "U6")
    follow(page, page.get_by_role("button", name="Record the placement"))
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select the reason for the change of placement")
    check_page(page)
    page.select_option("#id_reason_for_change", "CARPL")
    follow(page, page.get_by_role("button", name="Record the placement"))
    current = page.get_by_test_id("placement").first
    expect(current).to_contain_text("Sarah and Tom Hughes")
    follow(page, current.get_by_role("link", name=re.compile("Record the placement plan")))
    check_page(page)
    fill_date(page, "completed_on", moved - timedelta(days=1))
    follow(page, page.get_by_role("button", name="Record the placement plan"))
    expect(page.locator(".govuk-error-summary")).to_contain_text("must be on or after the placement started")
    check_page(page)
    fill_date(page, "completed_on", today)
    follow(page, page.get_by_role("button", name="Record the placement plan"))
    expect(page.get_by_test_id("plans").first).to_contain_text(f"Agreed {today:%-d %B %Y}")
    check_page(page)
    screenshot(page, "placements-child.png")
    phone_width(page, "placements-child-390.png")
    page.goto(url(live_server, f"/children/{child.pk}/"))
    plan_row = page.get_by_test_id("due-items").get_by_role("row", name=re.compile("Placement plan"))
    expect(plan_row).to_contain_text("Met")
    expect(page.get_by_test_id("due-items")).not_to_contain_text("Carers' temporary approval ends")

    # She arrived unaccompanied and seeking asylum: the status and its date on her record.
    page.goto(url(live_server, f"/placements/children/{child.pk}/"))
    follow(page, page.get_by_test_id("asylum").get_by_role("link", name=re.compile("Change")))
    check_page(page)
    fill_date(page, "since_on", came_in)
    fill_date(page, "ceased_on", came_in - timedelta(days=1))
    follow(page, page.get_by_role("button", name="Save the status"))
    expect(page.locator(".govuk-error-summary")).to_contain_text("must be after the date it began")
    check_page(page)
    for index in range(3):
        page.fill(f"#id_ceased_on_{index}", "")
    follow(page, page.get_by_role("button", name="Save the status"))
    expect(page.get_by_test_id("asylum")).to_contain_text(f"Yes, since {came_in:%-d %B %Y}")
    check_page(page)

    # Sufficiency and the finder.
    page.goto(url(live_server, "/placements/sufficiency/"))
    check_page(page)
    screenshot(page, "placements-sufficiency.png")
    phone_width(page, "placements-sufficiency-390.png")
    page.goto(url(live_server, f"/placements/children/{child.pk}/find/"))
    check_page(page)
    follow(page, page.get_by_role("button", name="Find a placement"))
    check_page(page)
    expect(page.get_by_test_id("matches")).to_be_visible()
    page.goto(setting_url)
    screenshot(page, "placements-setting.png")
    phone_width(page, "placements-setting-390.png")


def test_a_placement_outside_the_carers_approval_with_a_key_decision_and_a_planned_end(
    page: Page, live_server, family, demo_mode
):
    """The carers are approved for younger children: the placement is refused until a manager approves a key
    decision "Placement outside approval" for the child, proposed from the link the form gives; the placement is
    planned to end, which the sufficiency page counts apart from the risk of breakdown. axe on every page."""
    from caseboard.decisions.models import KeyDecision

    child = family
    today = date.today()
    came_in = today - timedelta(days=3)
    planned_end = today + timedelta(days=20)

    # The team manager adds carers approved for children up to 4.
    login(page, live_server, "manager")
    page.goto(url(live_server, "/placements/settings/new/"))
    page.select_option("#id_kind", "foster_in_house")
    page.fill("#id_name", "Priya and Sam Shah")
    page.select_option("#id_placement_provider", "PR1")
    page.fill("#id_postcode", "NM4 3EF")
    follow(page, page.get_by_role("button", name="Add the setting"))
    follow(page, page.get_by_role("link", name="Record an approval"))
    page.check("input[name=kind][value=mainstream]")
    fill_date(page, "approved_on", date(2021, 3, 1))
    page.fill("#id_places", "1")
    page.fill("#id_age_from", "0")
    page.fill("#id_age_to", "4")
    follow(page, page.get_by_role("button", name="Record the approval"))
    expect(page.get_by_test_id("approval")).to_contain_text("Foster carer (mainstream approval)")
    logout(page)

    # The social worker's placement is refused: outside the range, and no key decision of the kind yet.
    login(page, live_server, "worker")
    page.goto(url(live_server, f"/placements/children/{child.pk}/new/"))
    hint = page.locator("#id_exception_decision_hint")
    expect(hint).to_contain_text("There is no approved key decision “Placement outside approval” for this child.")
    check_page(page)
    page.select_option("#id_setting", label="Priya and Sam Shah")
    fill_date(page, "start_on", came_in)
    page.select_option("#id_placement_type", "U6")
    page.select_option("#id_legal_status", "V2")
    fill_date(page, "planned_end_on", came_in - timedelta(days=1))
    page.fill("#id_exception_reason", "The only carers with a bed tonight; the school is round the corner.")
    follow(page, page.get_by_role("button", name="Record the placement"))
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("The planned end date must be the same as or after the date the placement starts")
    check_page(page)
    fill_date(page, "planned_end_on", planned_end)
    follow(page, page.get_by_role("button", name="Record the placement"))
    expect(summary).to_contain_text("outside Priya and Sam Shah's range of 0 to 4")
    expect(summary).to_contain_text(
        f"a manager's approved key decision “Placement outside approval” for {child.full_name}"
    )
    check_page(page)

    # She proposes the decision from the form's link (the kind already chosen).
    follow(page, hint.get_by_role("link", name=re.compile("propose a key decision")))
    expect(page.get_by_label("Placement outside approval")).to_be_checked()
    check_page(page)
    page.get_by_label("Reasons for the decision").fill("No carers approved for her age have a vacancy tonight.")
    fill_date(page, "starts_on", came_in)
    follow(page, page.get_by_role("button", name="Propose the decision"))
    decision = KeyDecision.objects.get(children=child, kind="placement_outside_approval")
    check_page(page)
    logout(page)

    # The team manager approves it.
    login(page, live_server, "manager")
    follow(page, nav_link(page, "Approvals"))
    card = page.get_by_test_id("pending-decision").filter(has_text="Placement outside approval")
    expect(card).to_contain_text(child.full_name)
    check_page(page)
    card.get_by_label("Approve").check()
    follow(page, card.get_by_role("button", name=f"Save decision on Placement outside approval for {child.full_name}"))
    expect(page.get_by_text("The decision is approved")).to_be_visible()
    logout(page)

    # The placement now goes through with the exception and the decision, planned to end.
    login(page, live_server, "worker")
    page.goto(url(live_server, f"/placements/children/{child.pk}/new/"))
    expect(page.locator("#id_exception_decision_hint")).to_contain_text("The child's approved key decisions")
    page.select_option("#id_setting", label="Priya and Sam Shah")
    fill_date(page, "start_on", came_in)
    page.select_option("#id_placement_type", "U6")
    page.select_option("#id_legal_status", "V2")
    fill_date(page, "planned_end_on", planned_end)
    page.fill("#id_exception_reason", "The only carers with a bed tonight; the school is round the corner.")
    page.select_option("#id_exception_decision", str(decision.pk))
    follow(page, page.get_by_role("button", name="Record the placement"))
    current = page.get_by_test_id("placement").first
    expect(current).to_contain_text("Priya and Sam Shah")
    expect(current.get_by_test_id("planned-end")).to_have_text(f"{planned_end:%-d %B %Y}")
    expect(current.get_by_test_id("exception")).to_contain_text("Key decision: Placement outside approval")
    check_page(page)
    screenshot(page, "placements-exception.png")
    phone_width(page, "placements-exception-390.png")

    # The sufficiency page counts her as in a placement planned to end, not as at risk of breakdown.
    page.goto(url(live_server, "/placements/sufficiency/"))
    expect(page.get_by_test_id("planned-to-end")).to_have_text("1")
    expect(page.get_by_test_id("at-risk")).to_have_text("0")
    check_page(page)

    # The planned end moves beyond the window on the stability page: no longer counted.
    page.goto(url(live_server, f"/placements/children/{child.pk}/"))
    follow(page, current.get_by_role("link", name=re.compile("Stability")))
    check_page(page)
    fill_date(page, "planned_end_on", today + timedelta(days=60))
    follow(page, page.get_by_role("button", name="Save"))
    expect(page.get_by_test_id("placement").first.get_by_test_id("planned-end")).to_have_text(
        f"{today + timedelta(days=60):%-d %B %Y}"
    )
    page.goto(url(live_server, "/placements/sufficiency/"))
    expect(page.get_by_test_id("planned-to-end")).to_have_text("0")
    check_page(page)
