"""One child from the front door to a review conference, through the pages only, with the child's statutory clock
checked at each step.

A front door practitioner records a contact received on Friday 17 April 2026 about a child not yet known (the
decision is due the next working day, Monday 20 April), decides it needs a strategy discussion (a referral, which
opens the child-in-need episode), completes the screening and starts the assessment (due 45 working days from the
referral: 23 June 2026, past the 4 May and 25 May bank holidays). The MASH team manager arranges and holds the
strategy discussion on Monday 20 April 2026 (a section 47 enquiry), so the initial child protection conference is due
15 working days later, on 12 May 2026 across the 4 May bank holiday; the conference on 12 May makes a child
protection plan (neglect), so the first core group is due 10 working days later, on 27 May 2026 across the 25 May
bank holiday, and the first review conference 3 months later, on 12 August 2026; the review held that day puts the
next one 6 months on, on 12 February 2027.

The dates are in the past when the test runs (every form refuses a date after today); the contact's decision and
the screening are recorded on the day the test runs, as the pages allow."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.browser.conftest import check_page, follow, login, logout, nav_link, screenshot, url

pytestmark = pytest.mark.browser

RECEIVED = date(2026, 4, 17)  # Friday
DISCUSSION = date(2026, 4, 20)  # Monday
CONFERENCE = date(2026, 5, 12)  # 15 working days on, past the 4 May bank holiday
CORE_GROUP = date(2026, 5, 27)  # 10 working days on, past the 25 May bank holiday
REVIEW = date(2026, 8, 12)  # 3 months on
FIRST_NAME, LAST_NAME = "Maisie", "Calloway"
CHILD = f"{FIRST_NAME} {LAST_NAME}"


def h1(page: Page):
    return page.get_by_role("heading", level=1)


def fill_date(page: Page, name: str, day: date) -> None:
    for index, value in enumerate((day.day, day.month, day.year)):
        page.fill(f"#id_{name}_{index}", str(value))


def due_row(page: Page, what: str):
    return page.get_by_test_id("due-items").locator("tr").filter(has_text=what)


def child_record(page: Page, live_server, child_pk: int) -> None:
    page.goto(url(live_server, f"/children/{child_pk}/"))
    expect(h1(page)).to_contain_text(CHILD)
    expect(page.get_by_role("heading", name="What is due")).to_be_visible()


def arrange(
    page: Page, link: str, kind_label: str, day: date, *, chair: str = "", invitees: str = "", check: bool = False
) -> None:
    """Arrange a meeting at 10:00 online from a link on the child's record: "Arrange a meeting", or a link that
    chooses the kind ("Arrange a core group")."""
    follow(page, page.get_by_role("link", name=link, exact=True))
    expect(h1(page)).to_have_text("Arrange a meeting")
    if link == "Arrange a meeting":
        page.select_option("#id_kind", label=kind_label)
    else:
        expect(page.locator("#id_kind option:checked")).to_have_text(kind_label)
    fill_date(page, "scheduled_on", day)
    page.fill("#id_scheduled_at", "10:00")
    page.get_by_label("Virtual (video or telephone conference)").check()
    if chair:
        page.select_option("#id_chair", label=chair)
    page.fill("#id_joining_details", "Conference call 01632 960 000, PIN 4417")
    if invitees:
        page.fill("#id_invitees", invitees)
    if check:
        check_page(page)
    follow(page, page.get_by_role("button", name="Arrange the meeting"))
    expect(page.locator(".govuk-error-summary")).to_have_count(0)
    expect(h1(page)).to_contain_text(kind_label)


def hold(page: Page, *, outcome: str = "", category: str = "", check: bool = False) -> None:
    """Record the meeting as held on the day it was set for, everyone invited taking part by video."""
    follow(page, page.get_by_role("link", name="Record as held"))
    expect(h1(page)).to_have_text("Record the meeting as held")
    for select in page.locator("select[name^=took_part_]").all():
        select.select_option("video")
    if outcome:
        page.get_by_label(outcome, exact=True).check()
    if category:
        page.select_option("#id_category_of_abuse", label=category)
    page.fill("#id_minutes", "Everyone joined by video; the parents were supported to join by phone.")
    if check:
        check_page(page)
    follow(page, page.get_by_role("button", name="Record the meeting as held"))
    expect(page.locator(".govuk-error-summary")).to_have_count(0)
    expect(page.locator(".govuk-tag", has_text="Held")).to_be_visible()


def test_one_child_from_contact_to_review_conference(page, live_server, demo):
    from caseboard.accounts.models import User

    if timezone.localdate() < REVIEW:
        pytest.skip("the journey records meetings held up to 12 August 2026: no form takes a date after today")
    mash_manager = User.objects.get(username="tm.mash-team-1")

    # --- the front door: a contact about a new child ----------------------------------------------------------
    login(page, live_server, "frontdoor")
    follow(page, nav_link(page, "Front door"))
    expect(h1(page)).to_have_text("Front door")
    check_page(page)
    follow(page, page.get_by_role("link", name="Record a contact"))
    check_page(page)
    fill_date(page, "received_on", RECEIVED)
    page.fill("#id_received_time", "15:40")
    page.fill("#id_referrer_name", "Jo Smith, designated safeguarding lead")
    page.select_option("#id_referrer_agency", "2A")
    page.locator("input[name=method][value=phone]").check()
    page.fill("#id_concerns", "Marks on the neck; says her stepfather grabbed her and she is scared to go home.")
    page.fill("#id_new_first_name", FIRST_NAME)
    page.fill("#id_new_last_name", LAST_NAME)
    fill_date(page, "new_date_of_birth", date(2014, 9, 2))
    page.get_by_label("Female").check()
    follow(page, page.get_by_role("button", name="Save the contact"))
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "The contact is recorded: decide by 20 April 2026 (1 working day)"
    )
    expect(h1(page)).to_have_text("Contact received 17 April 2026")
    expect(page.locator(".govuk-summary-list__row", has_text="Decision due")).to_contain_text("20 April 2026")
    check_page(page)
    contact_url = page.url

    # The decision: a strategy discussion (a referral dated the day the contact was received).
    follow(page, page.get_by_role("link", name="Record the decision"))
    check_page(page)
    page.get_by_label("Strategy discussion", exact=True).check()
    page.fill("#id_reasons", "Injury to the neck from a carer and the child is afraid to go home: significant harm.")
    page.select_option("#id_primary_need", "N1")
    follow(page, page.get_by_role("button", name="Record the decision"))
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "The referral is recorded: arrange the strategy discussion now"
    )
    expect(page.get_by_test_id("decision")).to_contain_text("Strategy discussion")
    expect(page.get_by_test_id("arrange-strategy")).to_contain_text(f"strategy discussion for {CHILD}")
    assert page.url == contact_url

    follow(page, page.get_by_role("link", name=f"Referral for {CHILD}"))
    expect(h1(page)).to_have_text(f"Referral for {CHILD}")
    expect(page.get_by_text("A strategy discussion is needed")).to_be_visible()
    expect(page.locator(".govuk-summary-list__row", has_text="Child in need episode")).to_contain_text(
        "Opened from 17 April 2026"
    )
    check_page(page)
    referral_url = page.url
    child_pk = int(
        page.locator(".govuk-breadcrumbs").get_by_role("link", name=CHILD).get_attribute("href").split("/")[2]
    )

    # Screening, every item recorded: an initial visit in person, decided by the MASH team manager.
    follow(page, page.get_by_role("link", name="Continue the screening"))
    expect(h1(page)).to_have_text("Screening of the referral")
    check_page(page)
    form = page.locator("main form[method=post]").last
    for name in ("agency_checks_done", "referrer_spoken_to", "parents_spoken_to", "child_spoken_to"):
        form.locator(f"input[name={name}][value=yes]").check()
    form.locator("input[name=initial_visit_needed][value=yes]").check()
    form.locator("input[name=initial_visit_remote][value=no]").check()
    page.fill("#id_agency_checks_notes", "Police: a call-out to the address in March. Health: nothing known.")
    page.select_option("#id_manager", label=f"{mash_manager.get_full_name()} (Team manager)")
    page.fill("#id_manager_risk_assessment", "Seen today at school with the police; strategy discussion on Monday.")
    fill_date(page, "outcome_sent_to_referrer_on", DISCUSSION)
    fill_date(page, "outcome_sent_to_family_on", DISCUSSION)
    follow(page, page.get_by_role("button", name="Save the screening"))
    expect(page.locator(".govuk-error-summary")).to_have_count(0)
    expect(page.get_by_test_id("outstanding")).to_contain_text("has to confirm the manager's decision")
    # The MASH team manager confirms the decision recorded in their name.
    screening_page = page.url
    logout(page)
    login(page, live_server, mash_manager.username)
    page.goto(screening_page)
    follow(page, page.get_by_role("button", name="Confirm the decision"))
    expect(page.get_by_text("Screening complete")).to_be_visible()
    check_page(page)
    logout(page)
    login(page, live_server, "frontdoor")

    # The assessment: its clock runs 45 working days from the referral.
    page.goto(referral_url)
    follow(page, page.get_by_role("link", name="Start an assessment"))
    check_page(page)
    fill_date(page, "started_on", DISCUSSION)
    follow(page, page.get_by_role("button", name="Start the assessment"))
    expect(h1(page)).to_have_text(f"Assessment of {CHILD}")
    expect(page.get_by_test_id("clock")).to_contain_text("23 June 2026: 45 working days from the referral")
    check_page(page)

    child_record(page, live_server, child_pk)
    expect(due_row(page, "Child and family assessment")).to_contain_text("23 Jun 2026")
    expect(due_row(page, "Initial child protection conference")).to_have_count(0)
    check_page(page)
    page.goto(url(live_server, "/worklist/?kind=assessment"))
    expect(h1(page)).to_have_text("Due and overdue")
    mine = page.get_by_test_id("worklist").locator("tbody tr").filter(has_text=CHILD)
    expect(mine).to_contain_text("23 Jun 2026")
    expect(mine).to_contain_text("Child and family assessment")
    check_page(page)
    logout(page)

    # --- the strategy discussion, held by the MASH team manager: a section 47 enquiry ------------------------
    login(page, live_server, mash_manager.username)
    child_record(page, live_server, child_pk)
    arrange(
        page,
        "Arrange a strategy discussion",
        "Strategy discussion",
        DISCUSSION,
        invitees="DC Rowe, Police\nDr Singh, GP\nJo Smith, school designated safeguarding lead",
        check=True,
    )
    check_page(page)
    hold(page, outcome="Section 47 enquiry", check=True)
    check_page(page)
    follow(page, page.get_by_role("link", name=f"{CHILD}: started 20 April 2026"))
    expect(h1(page)).to_contain_text("Section 47")
    check_page(page)
    page.get_by_label("Initial child protection conference needed").check()
    fill_date(page, "completed_on", date(2026, 5, 6))
    page.fill("#id_findings", "The injury is consistent with her account; the stepfather denies it.")
    follow(page, page.get_by_role("button", name="Record the outcome"))
    expect(page.locator(".govuk-error-summary")).to_have_count(0)

    child_record(page, live_server, child_pk)
    expect(due_row(page, "Initial child protection conference")).to_contain_text("12 May 2026")
    expect(due_row(page, "Child and family assessment")).to_contain_text("23 Jun 2026")
    check_page(page)

    # --- the initial conference on 12 May 2026: a child protection plan -------------------------------------
    arrange(
        page,
        "Arrange a meeting",
        "Initial child protection conference",
        CONFERENCE,
        chair="Helen Marsh (Independent reviewing officer)",
        check=True,
    )
    expect(page.locator(".govuk-summary-list__row", has_text="Due by")).to_contain_text("12 May 2026")
    expect(page.locator(".govuk-summary-list__row", has_text="Strategy discussion")).to_contain_text(
        "Held 20 April 2026"
    )
    hold(page, outcome="Child protection plan", category="Neglect")
    expect(page.locator(".govuk-summary-list__row", has_text="Outcome")).to_contain_text("Child protection plan")
    expect(page.get_by_test_id("late")).to_have_count(0)

    child_record(page, live_server, child_pk)
    expect(due_row(page, "Initial child protection conference")).to_contain_text(
        "Initial conference held on 12 May 2026"
    )
    expect(due_row(page, "First core group")).to_contain_text("27 May 2026")
    expect(due_row(page, "Review child protection conference")).to_contain_text("12 Aug 2026")
    screenshot(page, "journey-child-on-plan.png")

    # --- the first core group on 27 May 2026 ---------------------------------------------------------------
    arrange(page, "Arrange a core group", "Core group", CORE_GROUP)
    expect(page.locator(".govuk-summary-list__row", has_text="Due by")).to_contain_text("27 May 2026")
    hold(page)
    child_record(page, live_server, child_pk)
    expect(due_row(page, "First core group")).to_contain_text("Core group held on 27 May 2026")
    expect(due_row(page, "Review child protection conference")).to_contain_text("12 Aug 2026")

    # --- the review conference on 12 August 2026: the plan continues, the next review in 6 months -----------
    arrange(page, "Arrange a review conference", "Review child protection conference", REVIEW)
    expect(page.locator(".govuk-summary-list__row", has_text="Due by")).to_contain_text("12 August 2026")
    hold(page, outcome="Child protection plan continues", check=True)
    child_record(page, live_server, child_pk)
    expect(due_row(page, "Review child protection conference")).to_contain_text("12 Feb 2027")
    expect(page.get_by_test_id("past-meetings").locator("tbody tr")).to_have_count(4)
    screenshot(page, "journey-after-review.png")
    logout(page)
