"""Whole journeys through Caseboard in Chromium. Every page is checked with axe (WCAG 2.2 AA) and for CSP errors."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import check_page, follow, login, logout, nav_link, screenshot, url

pytestmark = pytest.mark.browser

WORKER_TEAM = "Children in need team 1"


# --- small helpers ---------------------------------------------------------------------------------------------
def table_rows(page: Page):
    return page.locator("[data-testid=children-table] tbody tr")


def column(page: Page, index: int) -> list[str]:
    return [text.strip() for text in table_rows(page).locator(f"td:nth-child({index})").all_inner_texts()]


def age_in_months(text: str) -> int | None:
    """'7 years' -> 84, '5 months' -> 5, 'Unborn (...)' -> None."""
    match = re.match(r"(\d+) (year|month)", text)
    if not match:
        return None
    return int(match[1]) * (12 if match[2] == "year" else 1)


def error_summary_links(page: Page) -> list[tuple[str, str]]:
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary.get_by_role("heading", name="There is a problem")).to_be_visible()
    links = summary.locator("a")
    return [(link.inner_text().strip(), link.get_attribute("href") or "") for link in links.all()]


def assert_errors_link_to_fields(page: Page) -> list[str]:
    """Every error in the summary links to a field on the page that shows the same message; returns messages."""
    links = error_summary_links(page)
    assert links, "the error summary lists no errors"
    for message, href in links:
        assert href.startswith("#id_"), f"error {message!r} links to {href!r}, not a field"
        field = page.locator(href)
        expect(field).to_have_count(1)
        group = page.locator(f".govuk-form-group--error:has({href})")
        expect(group.locator(".govuk-error-message").filter(has_text=message)).to_have_count(1)
    # Following a link moves focus to its field (GOV.UK Frontend's error summary JS).
    message, href = links[0]
    page.locator(".govuk-error-summary").get_by_role("link", name=message).click()
    expect(page.locator(href)).to_be_focused()
    return [message for message, _ in links]


def fill_date(page: Page, name: str, day: date | tuple[str, str, str]) -> None:
    parts = (str(day.day), str(day.month), str(day.year)) if isinstance(day, date) else day
    for index, value in enumerate(parts):
        page.fill(f"#id_{name}_{index}", value)


def date_values(page: Page, name: str) -> tuple[str, str, str]:
    return tuple(page.input_value(f"#id_{name}_{index}") for index in range(3))  # type: ignore[return-value]


def goto(page: Page, live_server, path: str):
    return page.goto(url(live_server, path))


# --- signing in ------------------------------------------------------------------------------------------------
def test_login_page_lists_demo_accounts_in_demo_mode(page, live_server, demo, demo_mode):
    goto(page, live_server, "/caseload/")
    assert "/accounts/login/" in page.url
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in to Caseboard")
    accounts = page.get_by_role("table", name="Demo accounts")
    for username in ("worker", "manager", "head", "iro", "performance", "admin"):
        expect(accounts.get_by_role("cell", name=username, exact=True)).to_be_visible()
    check_page(page)
    screenshot(page, "login.png")

    login(page, live_server, "worker")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your work")  # the worker's home page
    expect(page.get_by_test_id("home-caseload")).to_be_visible()
    expect(page.get_by_test_id("home-week")).to_be_visible()
    check_page(page)  # the banner is on signed-in pages too


def test_wrong_password_shows_error_summary_and_keeps_username(page, live_server, demo):
    goto(page, live_server, "/accounts/login/")
    expect(page.get_by_text("Demo accounts")).to_have_count(0)  # DEMO_MODE is off
    page.fill("#id_username", "worker")
    page.fill("#id_password", "not-the-password")
    follow(page, page.get_by_role("button", name="Sign in"))
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text("There is a problem")
    assert page.title().startswith("Error: ")
    expect(page.locator("#id_username")).to_have_value("worker")
    expect(page.locator("#id_password")).to_have_value("")
    check_page(page)


def test_skip_link_is_the_first_tab_stop_and_moves_focus_to_main(page, live_server, demo):
    goto(page, live_server, "/accounts/login/")
    page.keyboard.press("Tab")
    skip = page.locator(".govuk-skip-link")
    expect(skip).to_be_focused()
    expect(skip).to_have_text("Skip to main content")
    expect(skip).to_be_in_viewport()  # visible when focused
    page.keyboard.press("Enter")
    expect(page.locator("#main-content")).to_be_focused()
    assert page.url.endswith("#main-content")
    # The next Tab continues inside the main content, at the username field.
    page.keyboard.press("Tab")
    expect(page.locator("#id_username")).to_be_focused()


def test_sign_out(page, live_server, demo):
    login(page, live_server, "worker")
    logout(page)
    assert "/accounts/login/" in page.url
    goto(page, live_server, "/caseload/")
    assert "/accounts/login/" in page.url
    assert "next=/caseload/" in page.url
    check_page(page)


# --- a social worker -------------------------------------------------------------------------------------------
def test_worker_caseload_sorting_search_and_record(page, live_server, demo, demo_mode):
    login(page, live_server, "worker")
    follow(page, nav_link(page, "My caseload"))
    expect(page.get_by_role("heading", level=1)).to_have_text("My caseload")
    rows = table_rows(page)
    assert rows.count() >= 10
    expect(page.locator("th[aria-sort=ascending]")).to_contain_text("Name")
    names = column(page, 1)
    surnames = [name.split()[-1] for name in names]
    assert surnames == sorted(surnames), "the caseload is sorted by surname by default"
    check_page(page)
    screenshot(page, "caseload.png")

    # Name header: sort descending, then back to ascending.
    follow(page, page.get_by_role("columnheader", name=re.compile("^Name")).get_by_role("link"))
    assert "sort=-name" in page.url
    expect(page.locator("th[aria-sort=descending]")).to_contain_text("Name")
    surnames = [name.split()[-1] for name in column(page, 1)]
    assert surnames == sorted(surnames, reverse=True)
    check_page(page)

    # Age header: youngest first, then oldest first.
    follow(page, page.get_by_role("columnheader", name=re.compile("^Age")).get_by_role("link"))
    assert "sort=age" in page.url
    expect(page.locator("th[aria-sort=ascending]")).to_contain_text("Age")
    ages = [a for a in map(age_in_months, column(page, 3)) if a is not None]
    assert ages == sorted(ages) and len(ages) >= 10
    follow(page, page.get_by_role("columnheader", name=re.compile("^Age")).get_by_role("link"))
    assert "sort=-age" in page.url
    ages = [a for a in map(age_in_months, column(page, 3)) if a is not None]
    assert ages == sorted(ages, reverse=True)
    check_page(page)

    # Open a child's record from the caseload.
    first = rows.first.get_by_role("link")
    name = first.inner_text().strip()
    follow(page, first)
    expect(page.get_by_role("heading", level=1)).to_have_text(name)
    expect(page.get_by_test_id("child-banner")).to_contain_text(name)
    for heading in ("Summary", "Involvement", "Allocations", "Family and network"):
        expect(page.get_by_role("heading", level=2, name=heading)).to_be_visible()
    expect(page.get_by_role("table", name="Allocations, newest first")).to_contain_text(WORKER_TEAM)
    check_page(page)
    screenshot(page, "child-record.png")

    # Find a child by a surname taken from the caseload.
    follow(page, nav_link(page, "Find a child"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Find a child")
    check_page(page)
    surname = name.split()[-1]
    page.fill("#id_q", surname)
    follow(page, page.get_by_role("button", name="Search"))
    expect(page.get_by_role("table", name=re.compile(surname))).to_be_visible()
    expect(table_rows(page).get_by_role("link", name=name)).to_have_count(1)
    for found in column(page, 1):
        assert surname.lower() in found.lower()
    check_page(page)

    page.fill("#id_q", "Nosuchnameanywhere")
    follow(page, page.get_by_role("button", name="Search"))
    expect(page.get_by_role("heading", name="No children found")).to_be_visible()
    check_page(page)


def test_worker_adds_a_child_with_family_and_episodes(page, live_server, demo, demo_mode):
    from caseboard.accounts.models import Team, User
    from caseboard.casework.models import Allocation

    login(page, live_server, "worker")
    goto(page, live_server, "/children/")
    follow(page, page.get_by_role("link", name="Add a child"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Add a child")
    check_page(page)

    # Nothing filled in: an error summary whose every error links to its field.
    follow(page, page.get_by_role("button", name="Add child"))
    assert page.title().startswith("Error: ")
    messages = assert_errors_link_to_fields(page)
    assert "Enter the child's first name" in messages
    assert "Enter the child's last name" in messages
    assert "Enter the local ID" in messages
    check_page(page)
    screenshot(page, "add-child-errors.png")

    # Filled in correctly.
    page.fill("#id_first_name", "Marnie")
    page.fill("#id_last_name", "Quillfeather")
    page.fill("#id_local_id", "T900001")
    fill_date(page, "date_of_birth", ("27", "3", "2015"))
    page.get_by_label("Female", exact=True).check()
    page.get_by_label("Ethnicity").select_option(index=1)
    follow(page, page.get_by_role("button", name="Add child"))
    child_id = int(re.search(r"/children/(\d+)/", page.url)[1])  # type: ignore[index]
    bugs = []
    if page.get_by_role("heading", name="This child is not on your caseload").count():
        # Known bug: the new child is allocated to no one, so the worker who added it lands on the break-glass
        # prompt. Allocate it to them so the rest of the journey still runs, and fail at the end.
        bugs.append("after adding a child, the worker lands on 'This child is not on your caseload' (403)")
        Allocation.objects.create(
            child_id=child_id,
            worker=User.objects.get(username="worker"),
            team=Team.objects.get(name=WORKER_TEAM),
            started_on=date.today(),
        )
        goto(page, live_server, f"/children/{child_id}/")
    else:
        expect(page.locator(".govuk-notification-banner")).to_contain_text("Marnie Quillfeather has been added")
    expect(page.get_by_role("heading", level=1)).to_have_text("Marnie Quillfeather")
    expect(page.get_by_text("27 March 2015").first).to_be_visible()
    check_page(page)

    # Edit.
    follow(page, page.get_by_role("link", name=re.compile("^Change details")))
    expect(page.locator("#id_first_name")).to_have_value("Marnie")
    expect(page.locator("#id_date_of_birth_0")).to_have_value("27")
    check_page(page)
    page.fill("#id_preferred_name", "Mo")
    page.fill("#id_postcode", "NM1 2AB")
    follow(page, page.get_by_role("button", name="Save changes"))
    expect(page.locator(".govuk-notification-banner")).to_contain_text("The child's details have been saved")
    expect(page.get_by_test_id("child-banner")).to_contain_text("(known as Mo)")
    expect(page.get_by_text("NM1 2AB")).to_be_visible()
    check_page(page)

    # A family member.
    follow(page, page.get_by_role("link", name="Add a family member"))
    check_page(page)
    follow(page, page.get_by_role("button", name="Add family member"))
    assert "Enter the family member's name" in assert_errors_link_to_fields(page)
    check_page(page)
    page.fill("#id_name", "Rosa Quillfeather")
    page.locator("#id_relationship").select_option(label="Mother")
    page.get_by_label("Has parental responsibility").check()
    follow(page, page.get_by_role("button", name="Add family member"))
    expect(page.locator(".govuk-notification-banner")).to_contain_text("The family member has been added")
    family = page.locator("#family + dl")
    expect(family).to_contain_text("Rosa Quillfeather")
    expect(family).to_contain_text("has parental responsibility")
    check_page(page)

    # A child in need episode: first the kind, then the form.
    follow(page, page.get_by_role("link", name="Add an episode"))
    expect(page.get_by_role("heading", level=1)).to_have_text("What kind of episode?")
    check_page(page)
    follow(page, page.get_by_role("button", name="Continue"))
    if page.locator(".govuk-error-summary").count():
        assert "Select the kind of episode" in assert_errors_link_to_fields(page)
        check_page(page)
    else:
        bugs.append("'Continue' with no kind of episode chosen shows no error ('Select the kind of episode')")
    page.get_by_label("Child in need", exact=True).check()
    follow(page, page.get_by_role("button", name="Continue"))
    assert "kind=cin" in page.url
    expect(page.get_by_role("heading", level=1)).to_have_text("Add a child in need episode")
    check_page(page)
    start = date.today() - timedelta(days=30)
    fill_date(page, "start_on", start)
    page.locator("#id_referral_source").select_option(index=2)
    source_label = page.locator("#id_referral_source option:checked").inner_text().strip()
    page.locator("#id_primary_need").select_option(index=1)
    need_label = page.locator("#id_primary_need option:checked").inner_text().strip()
    follow(page, page.get_by_role("button", name="Save episode"))
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Child in need episode added")
    episodes = page.get_by_role("table", name="Episodes, newest first")
    expect(episodes).to_contain_text(f"Referral source {source_label}")  # the label, not just the code
    expect(episodes).to_contain_text(need_label)
    expect(episodes.locator(".govuk-tag", has_text="Open")).to_have_count(1)
    check_page(page)

    # An episode that ends before it starts: an error, and what was typed is kept.
    goto(page, live_server, f"/children/{child_id}/episodes/new/?kind=cin")
    fill_date(page, "start_on", ("10", "2", "2025"))
    fill_date(page, "end_on", ("3", "2", "2025"))
    page.locator("#id_referral_source").select_option(index=3)
    kept_source = page.locator("#id_referral_source").input_value()
    page.locator("#id_primary_need").select_option(index=2)
    kept_need = page.locator("#id_primary_need").input_value()
    page.fill("#id_notes", "Closed after the family moved away")
    follow(page, page.get_by_role("button", name="Save episode"))
    messages = assert_errors_link_to_fields(page)
    assert "End date must be the same as or after the start date" in messages
    assert date_values(page, "start_on") == ("10", "2", "2025")
    assert date_values(page, "end_on") == ("3", "2", "2025")
    expect(page.locator("#id_referral_source")).to_have_value(kept_source)
    expect(page.locator("#id_primary_need")).to_have_value(kept_need)
    expect(page.locator("#id_notes")).to_have_value("Closed after the family moved away")
    check_page(page)
    assert not bugs, bugs


# --- need to know: break-glass and restricted records ----------------------------------------------------------
def make_child_outside_worker_team():
    """A child allocated in a second children-in-need team: in the head of service's service, outside the demo
    worker's team (the 60-child demo council has one CIN team)."""
    from caseboard.accounts.models import Team, User
    from caseboard.casework.models import Allocation
    from caseboard.people.models import Child

    first = Team.objects.get(name=WORKER_TEAM)
    second = Team.objects.create(name="Children in need team 2", service=first.service)
    colleague = User.objects.filter(username__startswith="sw.assessment").first()
    colleague.teams.add(second)
    child = Child.objects.create(
        local_id="T800001",
        first_name="Orla",
        last_name="Pennywhistle",
        date_of_birth=date(2016, 5, 4),
        sex="F",
        ethnicity="WBRI",
    )
    Allocation.objects.create(child=child, worker=colleague, team=second, started_on=date.today() - timedelta(days=9))
    return child


def test_break_glass_then_head_of_service_sees_it_in_the_access_report(page, live_server, demo, demo_mode):
    child = make_child_outside_worker_team()
    login(page, live_server, "worker")
    response = goto(page, live_server, f"/children/{child.pk}/")
    assert response.status == 403
    expect(page.get_by_role("heading", level=1)).to_have_text("This child is not on your caseload")
    expect(page.get_by_text("Pennywhistle")).to_have_count(0)  # nothing about the child before a reason
    check_page(page)

    follow(page, page.get_by_role("link", name="Give a reason and open the record"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Open a record outside your caseload")
    check_page(page)
    follow(page, page.get_by_role("button", name="Open the record"))
    assert "Enter why you need to open this record" in assert_errors_link_to_fields(page)
    check_page(page)
    reason = "Police called the out-of-hours duty line about Orla"
    page.fill("#id_reason", reason)
    follow(page, page.get_by_role("button", name="Open the record"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Orla Pennywhistle")
    warning = page.locator(".govuk-warning-text")
    expect(warning).to_contain_text("You opened this record outside your caseload")
    expect(warning).to_contain_text(reason)
    check_page(page)
    logout(page)

    login(page, live_server, "head")
    follow(page, nav_link(page, "Access report"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Break-glass access report")
    report = page.get_by_role("table", name="Break-glass accesses, newest first")
    row = report.locator("tbody tr").filter(has_text="Orla Pennywhistle (T800001)")
    expect(row).to_have_count(1)
    expect(row).to_contain_text(reason)
    expect(row).to_contain_text("Sam Okafor")
    screenshot(page, "access-report.png")
    check_page(page)


def test_restricted_record_page_for_someone_not_named(page, live_server, demo):
    from caseboard.casework.models import Allocation

    allocation = Allocation.objects.filter(worker__username="worker", ended_on__isnull=True).first()
    child = allocation.child
    child.is_restricted = True
    child.save()
    login(page, live_server, "worker")
    follow(page, nav_link(page, "My caseload"))
    expect(table_rows(page).get_by_role("link", name=f"{child.first_name} {child.last_name}")).to_have_count(0)
    for path in (f"/children/{child.pk}/", f"/children/{child.pk}/break-glass/"):
        response = goto(page, live_server, path)
        assert response.status == 403
        expect(page.get_by_role("heading", level=1)).to_have_text("This record is restricted")
        expect(page.get_by_text(child.last_name)).to_have_count(0)
        check_page(page)


# --- a team manager --------------------------------------------------------------------------------------------
def test_manager_reviews_team_allocates_and_reads_history(page, live_server, demo, demo_mode):
    from caseboard.accounts.models import Team, User

    team = Team.objects.get(name=WORKER_TEAM)
    colleague = User.objects.filter(teams=team, role="social_worker").exclude(username="worker").first()
    login(page, live_server, "manager")
    follow(page, nav_link(page, "Teams"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Teams")
    check_page(page)
    follow(page, page.get_by_role("link", name=WORKER_TEAM))
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{WORKER_TEAM} caseload")
    assert table_rows(page).count() >= 10
    check_page(page)
    screenshot(page, "team-caseload.png")

    # Allocate a child who is with the demo worker to a colleague in the team.
    row = table_rows(page).filter(has_text="Sam Okafor").first
    name = row.get_by_role("link").inner_text().strip()
    follow(page, row.get_by_role("link"))
    expect(page.get_by_role("heading", level=1)).to_have_text(name)
    check_page(page)
    follow(page, page.get_by_role("link", name="Allocate to a worker"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Allocate to a worker")
    check_page(page)
    follow(page, page.get_by_role("button", name="Allocate"))
    messages = assert_errors_link_to_fields(page)
    assert "Select the team" in messages and "Select the worker" in messages
    check_page(page)
    page.locator("#id_team").select_option(label=WORKER_TEAM)
    page.locator("#id_worker").select_option(label=f"{colleague} ({colleague.get_role_display()})")
    fill_date(page, "started_on", date.today())
    follow(page, page.get_by_role("button", name="Allocate"))
    expect(page.locator(".govuk-notification-banner")).to_contain_text(f"{name} is now allocated to {colleague}")
    allocations = page.get_by_role("table", name="Allocations, newest first")
    expect(allocations.locator("tbody tr").filter(has_text=str(colleague)).filter(has_text="Current")).to_have_count(1)
    check_page(page)

    follow(page, page.get_by_role("link", name="See every change and view of this record"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Record history")
    history = page.get_by_role("table", name="Record history, newest first")
    assert history.locator("tbody tr").count() >= 2
    expect(history).to_contain_text("Priya Shah")
    check_page(page)


# --- other roles -----------------------------------------------------------------------------------------------
@pytest.mark.parametrize("username", ["performance", "iro", "admin"])
def test_other_roles_caseload_and_search(page, live_server, demo, username):
    login(page, live_server, username)
    expect(page.get_by_role("heading", level=1)).to_have_text("Your work")
    check_page(page)
    follow(page, nav_link(page, "My caseload"))
    expect(page.get_by_role("heading", level=1)).to_have_text("My caseload")
    check_page(page)
    goto(page, live_server, "/children/?q=a")
    expect(page.get_by_role("heading", level=1)).to_have_text("Find a child")
    check_page(page)
    if username == "admin":
        follow(page, nav_link(page, "Administration"))
        assert page.url.endswith("/admin/")
        expect(page.get_by_text("Caseboard administration").first).to_be_visible()
        # Django's own admin is not axe-checked.


# --- pages anyone may land on ----------------------------------------------------------------------------------
def test_not_found_api_docs_and_accessibility_statement(page, live_server, demo):
    login(page, live_server, "worker")
    response = goto(page, live_server, "/no-such-page/")
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    check_page(page)
    response = goto(page, live_server, "/children/999999/")
    assert response.status == 404
    check_page(page)
    goto(page, live_server, "/api/v1/docs/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Caseboard API")
    check_page(page)
    follow(page, page.get_by_role("link", name="Accessibility statement"))
    check_page(page)
