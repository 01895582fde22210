"""Operating models, worklists and the overdue dashboard in Chromium. Every page is checked with axe (WCAG 2.2 AA),
for one h1 and for CSP errors."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import check_page, follow, login, logout, nav_link, screenshot, url

pytestmark = pytest.mark.browser

WORKER_TEAM = "Children in need team 1"
BASELINE = "Statutory baseline (England)"
COVID = "COVID-19 response (spring 2020)"


# --- data ------------------------------------------------------------------------------------------------------
@pytest.fixture
def operating_models(demo):
    """The demo council with the presets and its own model. Transactional tests flush the database, which removes
    what the data migration installed, so it is installed again (install() skips what exists)."""
    from caseboard.policy.models import DeviationRule, OperatingModel, OperatingModelVersion, VisitFrequency
    from caseboard.policy.presets import install

    install(OperatingModel, OperatingModelVersion, VisitFrequency, DeviationRule)
    return demo


@pytest.fixture
def council(operating_models):
    """...and every child's due items, computed as `manage.py recompute_due` does."""
    from caseboard.compliance.services import due_items_recompute_all

    due_items_recompute_all()
    return operating_models


# --- small helpers ---------------------------------------------------------------------------------------------
def goto(page: Page, live_server, path: str):
    return page.goto(url(live_server, path))


def h1(page: Page):
    return page.get_by_role("heading", level=1)


def nav(page: Page, label: str) -> None:
    follow(page, nav_link(page, label))


PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def check_at_both_widths(page: Page) -> None:
    """check_page (axe included) at 1280 px, then at 390 px, then back."""
    page.set_viewport_size(DESKTOP)
    check_page(page)
    page.set_viewport_size(PHONE)
    check_page(page)
    page.set_viewport_size(DESKTOP)


def error_messages(page: Page) -> list[str]:
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary.get_by_role("heading", name="There is a problem")).to_be_visible()
    return [text.strip() for text in summary.locator("li").all_inner_texts()]


def fill_date(page: Page, name: str, day: date) -> None:
    for index, value in enumerate((day.day, day.month, day.year)):
        page.fill(f"#id_{name}_{index}", str(value))


def worklist_rows(page: Page):
    return page.get_by_test_id("worklist").locator("tbody tr")


def listed(page: Page) -> int:
    """How many items match the filters (the caption's count; the table shows 50 a page)."""
    caption = page.get_by_test_id("worklist").locator("caption").inner_text()
    return int(re.search(r"\((\d+)\)$", caption.strip())[1])  # type: ignore[index]


def statuses(page: Page) -> list[str]:
    return [t.strip() for t in worklist_rows(page).locator("td:nth-child(2)").all_inner_texts()]


# --- the operating model ---------------------------------------------------------------------------------------
def test_worker_reads_the_operating_model_but_cannot_draft(page, live_server, operating_models):
    login(page, live_server, "worker")
    nav(page, "Operating model")
    assert page.url.endswith("/operating-model/")
    expect(h1(page)).to_have_text("Operating model")
    versions = page.get_by_role("table", name="The council's versions")
    row = versions.locator("tbody tr").filter(has_text="Version 1")
    expect(row.locator(".govuk-tag")).to_have_text("In force")
    for preset in (BASELINE, COVID):
        expect(page.locator(".govuk-summary-list__key").get_by_role("link", name=preset)).to_be_visible()
    expect(page.get_by_role("link", name="Draft a new version")).to_have_count(0)
    expect(page.get_by_role("link", name=re.compile("^Copy"))).to_have_count(0)
    check_page(page)

    # A preset is readable too, and a worker may compare but not change it.
    follow(page, page.get_by_role("link", name=COVID))
    expect(h1(page)).to_contain_text(COVID)
    expect(page.get_by_role("button", name="Approve")).to_have_count(0)
    expect(page.get_by_role("link", name="Change settings")).to_have_count(0)
    expect(page.get_by_label("Compare with")).to_be_visible()
    check_page(page)
    response = goto(page, live_server, "/operating-model/versions/new/")
    assert response.status == 403
    check_page(page)


def test_head_drafts_a_version_and_an_administrator_approves_it(page, live_server, council):
    from caseboard.policy.models import OperatingModelVersion

    bugs: list[str] = []
    login(page, live_server, "head")
    nav(page, "Operating model")
    expect(h1(page)).to_have_text("Operating model")
    check_page(page)

    # The draft form: nothing filled in.
    follow(page, page.get_by_role("link", name="Draft a new version"))
    assert page.url.endswith("/operating-model/versions/new/")
    expect(h1(page)).to_have_text("Draft a new version")
    for part in range(3):
        expect(page.locator(f"#id_effective_from_{part}")).to_be_visible()
    expect(page.get_by_label("Start from")).to_be_visible()
    expect(page.locator("#id_summary")).to_be_visible()
    check_page(page)
    follow(page, page.get_by_role("button", name="Create draft"))
    assert page.title().startswith("Error: ")
    messages = error_messages(page)
    assert "Select the preset or version to start from" in messages
    assert "Enter the date it comes into force" in messages
    check_page(page)

    # A date in the past.
    page.get_by_label("Start from").select_option(label=f"{COVID} (preset)")
    fill_date(page, "effective_from", date.today() - timedelta(days=3))
    page.fill("#id_summary", "Remote visits allowed again during the outbreak")
    follow(page, page.get_by_role("button", name="Create draft"))
    messages = error_messages(page)
    assert any("must be today or in the future" in m for m in messages), messages
    expect(page.get_by_label("Start from").locator("option:checked")).to_have_text(f"{COVID} (preset)")
    expect(page.locator("#id_summary")).to_have_value("Remote visits allowed again during the outbreak")
    check_page(page)

    # A week from today: the draft is created and opens for editing.
    in_force_from = date.today() + timedelta(days=7)
    fill_date(page, "effective_from", in_force_from)
    follow(page, page.get_by_role("button", name="Create draft"))
    match = re.search(r"/operating-model/versions/(\d+)/edit/$", page.url)
    assert match, page.url
    version = OperatingModelVersion.objects.get(pk=int(match[1]))
    assert version.copied_from.operating_model.name == COVID
    expect(page.locator(".govuk-notification-banner")).to_contain_text(f"Version {version.number} drafted")
    expect(h1(page)).to_have_text(f"Change version {version.number}")
    check_page(page)

    # An invalid number: an error, and what was typed is kept.
    assessment = page.get_by_label("Assessment within (working days of referral)")
    expect(assessment).to_have_attribute("name", "assessment_working_days")
    original = assessment.input_value()
    page.fill("#id_summary", "Remote visits; assessments as before")
    assessment.fill("0")
    follow(page, page.get_by_role("button", name="Save draft"))
    assert page.title().startswith("Error: ")
    assert "Enter a number of 1 or more" in error_messages(page)
    link = page.locator(".govuk-error-summary").get_by_role("link", name="Enter a number of 1 or more")
    expect(link).to_have_attribute("href", "#id_assessment_working_days")
    expect(page.locator("#id_assessment_working_days")).to_have_value("0")
    expect(page.locator("#id_summary")).to_have_value("Remote visits; assessments as before")
    expect(page.locator("#id_effective_from_0")).to_have_value(str(in_force_from.day))
    # Each section and setting says in plain words what it changes.
    expect(page.get_by_text("How often children are visited, by kind of involvement.", exact=False)).to_be_visible()
    expect(page.locator("#id_assessment_working_days")).to_have_class(re.compile(r"govuk-input--error"))
    expect(page.locator("#id_assessment_working_days_hint")).to_have_text(
        "A child and family assessment is due this many working days after the referral."
    )
    check_at_both_widths(page)
    page.fill("#id_assessment_working_days", original)
    follow(page, page.get_by_role("button", name="Save draft"))
    assert page.url.endswith(f"/operating-model/versions/{version.pk}/"), page.url
    expect(page.locator(".govuk-notification-banner")).to_contain_text("The draft has been saved")
    expect(h1(page)).to_contain_text(f"Version {version.number}")
    expect(h1(page).locator(".govuk-tag")).to_have_text("Draft")
    check_page(page)

    # Preview the effect.
    follow(page, page.get_by_role("link", name="Preview the effect"))
    assert page.url.endswith(f"/operating-model/versions/{version.pk}/preview/")
    preview = page.get_by_test_id("preview")
    expect(preview).to_contain_text("Children whose due dates change")
    expect(preview).to_contain_text("Children newly overdue on the first day")
    expect(preview.locator("dd")).to_have_text([re.compile(r"^\d+ \(\d+ due items\)$")] * 2)
    # The COVID-19 preset drops Early Help visits, so some children's due dates change.
    assert not preview.locator("dd").first.inner_text().startswith("0 "), preview.inner_text()
    # What changes by kind of item, and the children affected, 25 a page.
    by_kind = page.get_by_role("table", name="What changes by kind of item")
    expect(by_kind.get_by_role("columnheader", name="Due earlier")).to_be_visible()
    expect(by_kind.get_by_role("rowheader").first).to_be_visible()
    children = page.get_by_test_id("preview-children")
    expect(children).to_be_visible()
    rows = children.locator("tbody tr")
    assert 1 <= rows.count() <= 25, rows.count()
    expect(rows.first.get_by_role("link")).to_be_visible()
    check_at_both_widths(page)
    pages = page.get_by_test_id("preview-pages")
    if pages.count():
        follow(page, pages.get_by_role("link", name="Page 2"))
        assert page.url.endswith("/preview/?page=2"), page.url
        expect(pages.locator('[aria-current="page"]')).to_have_text("2")
        check_at_both_widths(page)
    follow(page, page.get_by_role("link", name="Back to the version"))

    # Compare with the statutory baseline.
    page.get_by_label("Compare with").select_option(label=f"{BASELINE} (preset)")
    follow(page, page.get_by_role("button", name="Compare"))
    assert "/operating-model/compare/?" in page.url and f"a={version.pk}" in page.url
    expect(h1(page)).to_have_text("Compare versions")
    table = page.get_by_role("table", name="Settings")
    expect(table.get_by_role("columnheader", name=f"{BASELINE} (preset)")).to_be_visible()
    different = table.locator("tbody tr").filter(has=page.locator(".govuk-tag", has_text="Different"))
    assert different.count() >= 1, "COVID-19 and the baseline should differ somewhere"
    assert different.count() < table.locator("tbody tr").count(), "not every setting differs"
    check_page(page)
    screenshot(page, "compare.png")
    page.go_back()

    # The head drafted it, so may not approve it.
    response_status = []
    page.on("response", lambda r: response_status.append(r.status) if "/approve/" in r.url else None)
    follow(page, page.get_by_role("button", name="Approve"))
    assert "You drafted this version: someone else must approve it" in error_messages(page)
    assert page.title().startswith("Error: "), page.title()
    assert response_status == [400], response_status
    check_page(page)
    version.refresh_from_db()
    assert version.status == "draft"
    logout(page)

    # An administrator approves it.
    login(page, live_server, "admin")
    nav(page, "Operating model")
    follow(page, page.get_by_role("link", name=f"Version {version.number}", exact=True))
    expect(h1(page).locator(".govuk-tag")).to_have_text("Draft")
    check_page(page)
    follow(page, page.get_by_role("button", name="Approve"))
    banner = page.locator(".govuk-notification-banner")
    expect(banner).to_contain_text(f"Version {version.number} is approved and comes into force on")
    expect(banner).to_contain_text(f"{in_force_from.day} {in_force_from:%B %Y}")
    expect(page.get_by_role("button", name="Approve")).to_have_count(0)
    expect(page.get_by_role("link", name="Change settings")).to_have_count(0)
    status_tag = h1(page).locator(".govuk-tag")
    if status_tag.inner_text().strip() != "Scheduled":
        bugs.append(f"the approved version's own page says {status_tag.inner_text().strip()!r}, not 'Scheduled'")
    check_page(page)
    follow(page, nav_link(page, "Operating model"))
    row = page.get_by_role("table", name="The council's versions").locator("tbody tr")
    expect(row.filter(has_text=f"Version {version.number}").locator(".govuk-tag")).to_have_text("Scheduled")
    expect(row.filter(has_text=f"Version {version.number}")).to_contain_text("Ada Quinn")
    expect(row.filter(has_text="Version 1").locator(".govuk-tag")).to_have_text("In force")
    check_page(page)
    screenshot(page, "operating-model.png")
    assert not bugs, bugs


# --- worklists and the dashboard -------------------------------------------------------------------------------
def test_worker_filters_their_worklist_and_opens_why_an_item_is_due(page, live_server, council):
    from caseboard.compliance.models import DueItem

    # The demo records no visits yet, so nearly every clock has run out: move one of Sam's items to next month so
    # that the status filter has something to leave out.
    mine = DueItem.objects.filter(child__allocations__worker__username="worker", child__allocations__ended_on=None)
    later = mine.order_by("-due_on").first()
    DueItem.objects.filter(pk=later.pk).update(due_on=date.today() + timedelta(days=30), status="upcoming")
    login(page, live_server, "worker")
    nav(page, "Due and overdue")
    assert page.url.endswith("/worklist/")
    expect(h1(page)).to_have_text("Due and overdue")
    expect(page.get_by_label("What")).to_be_visible()
    expect(page.get_by_label("Worker")).to_have_count(0)  # only my own children
    everything = listed(page)
    assert worklist_rows(page).count() == min(everything, 50) and everything >= 5
    for worker in worklist_rows(page).locator("td:nth-child(6)").all_inner_texts():
        assert worker.strip() == "Sam Okafor"
    check_page(page)
    screenshot(page, "worklist.png")

    page.get_by_label("Status").select_option(label="Overdue")
    follow(page, page.get_by_role("button", name="Filter"))
    assert "status=overdue" in page.url
    expect(page.get_by_label("Status").locator("option:checked")).to_have_text("Overdue")
    overdue = statuses(page)
    assert overdue and set(overdue) == {"Overdue"}, overdue
    assert listed(page) == everything - 1 == mine.filter(due_on__lt=date.today()).exclude(status="met").count()
    for text in worklist_rows(page).locator("td:nth-child(1)").all_inner_texts():
        assert datetime.strptime(text.strip(), "%d %b %Y").date() < date.today(), text
    check_page(page)

    # The child's record: "What is due", each item explained in a details element opened by keyboard.
    child = worklist_rows(page).first.get_by_role("link")
    name = child.inner_text().strip()
    follow(page, child)
    assert page.url.endswith("#due")
    expect(h1(page)).to_have_text(name)
    expect(page.get_by_role("heading", level=2, name="What is due")).to_be_visible()
    items = page.get_by_test_id("due-items")
    expect(items.locator(".govuk-tag", has_text="Overdue").first).to_be_visible()
    details = items.locator("details").first
    expect(details).not_to_have_attribute("open", "")
    expect(details.locator(".govuk-details__text")).to_be_hidden()
    details.locator("summary").focus()
    expect(details.locator("summary")).to_be_focused()
    page.keyboard.press("Enter")
    expect(details).to_have_attribute("open", "")
    text = details.locator(".govuk-details__text")
    expect(text).to_be_visible()
    expect(text).to_contain_text("Rule:")
    expect(text).to_contain_text("Operating model:")
    check_page(page)


def test_manager_sees_the_team_worklist_and_the_dashboard(page, live_server, council):
    login(page, live_server, "manager")
    nav(page, "Teams")
    follow(page, page.get_by_role("link", name=WORKER_TEAM))
    follow(page, page.get_by_role("link", name="See what is due and overdue in this team"))
    assert re.search(r"/teams/\d+/worklist/$", page.url), page.url
    expect(h1(page)).to_have_text(f"{WORKER_TEAM}: due and overdue")
    expect(page.get_by_role("navigation", name="Breadcrumb")).to_contain_text(WORKER_TEAM)
    workers = {t.strip() for t in worklist_rows(page).locator("td:nth-child(6)").all_inner_texts()}
    assert len(workers) >= 2, workers
    check_page(page)

    # Filter by a worker and by status.
    page.get_by_label("Worker").select_option(label="Sam Okafor")
    page.get_by_label("Status").select_option(label="Overdue")
    follow(page, page.get_by_role("button", name="Filter"))
    expect(page.get_by_label("Worker").locator("option:checked")).to_have_text("Sam Okafor")
    assert set(statuses(page)) == {"Overdue"}
    assert {t.strip() for t in worklist_rows(page).locator("td:nth-child(6)").all_inner_texts()} == {"Sam Okafor"}
    check_page(page)

    nav(page, "Overdue by team")
    assert page.url.endswith("/dashboard/")
    expect(h1(page)).to_have_text("Overdue by team")
    dashboard = page.get_by_test_id("dashboard")
    expect(dashboard.get_by_role("link", name=WORKER_TEAM)).to_be_visible()
    expect(dashboard.get_by_role("rowheader", name="All teams")).to_be_visible()
    check_page(page)
    follow(page, dashboard.get_by_role("link", name=WORKER_TEAM))
    assert "status=overdue" in page.url
    assert set(statuses(page)) == {"Overdue"}
    check_page(page)


def test_head_of_service_dashboard_and_a_worker_is_refused_it(page, live_server, council):
    login(page, live_server, "head")
    nav(page, "Overdue by team")
    expect(h1(page)).to_have_text("Overdue by team")
    dashboard = page.get_by_test_id("dashboard")
    expect(dashboard.get_by_role("link", name=WORKER_TEAM)).to_be_visible()
    total = dashboard.locator("tbody tr").last.locator("td").last.inner_text().strip()
    expect(page.locator("main p.govuk-body").first).to_contain_text(f"{total} in all")
    assert int(total) > 0
    check_page(page)
    logout(page)

    login(page, live_server, "worker")
    expect(page.locator(".govuk-service-navigation").get_by_role("link", name="Overdue by team")).to_have_count(0)
    response = goto(page, live_server, "/dashboard/")
    assert response.status == 403
    check_page(page)
