"""An operating-model version with an end date, in Chromium: a head of service drafts arrangements for a period ("In
force until"), previews what returning to the version it replaced changes, an administrator approves it, and the
versions list and the timeline show it ending and the version it replaced in force again on the day after. Every page
is checked with axe (WCAG 2.2 AA), for one h1 and for CSP errors.

The dates are fixed relative to the day the test runs (a version comes into force today or later): in force from a
week today, until the day before a fortnight today, so the return is on the day a fortnight today."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import check_page, follow, login, logout, nav_link

pytestmark = pytest.mark.browser

COVID = "COVID-19 response (spring 2020)"


def h1(page: Page):
    return page.get_by_role("heading", level=1)


def fill_date(page: Page, name: str, day: date) -> None:
    for index, value in enumerate((day.day, day.month, day.year)):
        page.fill(f"#id_{name}_{index}", str(value))


def words(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def test_a_version_with_an_end_date_reverts_to_the_one_it_replaced_on_the_day_after(page, live_server, demo):
    from caseboard.policy.models import OperatingModelVersion
    from caseboard.policy.selectors import version_in_force

    today = date.today()
    starts, ends = today + timedelta(days=7), today + timedelta(days=13)
    back_on = ends + timedelta(days=1)
    replaced = version_in_force(today)
    assert replaced is not None

    # The head of service drafts arrangements for a period from the COVID-19 preset.
    login(page, live_server, "head")
    follow(page, nav_link(page, "Operating model"))
    check_page(page)
    follow(page, page.get_by_role("link", name="Draft a new version"))
    page.get_by_label("Start from").select_option(label=f"{COVID} (preset)")
    fill_date(page, "effective_from", starts)
    page.fill("#id_summary", "Arrangements for Early Help and CSC for three weeks")
    follow(page, page.get_by_role("button", name="Create draft"))
    version = OperatingModelVersion.objects.get(pk=int(re.search(r"/versions/(\d+)/edit/$", page.url)[1]))
    check_page(page)

    # An end before the start is refused, and what was typed is kept.
    fill_date(page, "ends_on", starts - timedelta(days=1))
    follow(page, page.get_by_role("button", name="Save draft"))
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("must be the same as or after the date it comes into force")
    expect(page.locator("#id_ends_on_0")).to_have_value(str((starts - timedelta(days=1)).day))
    check_page(page)
    fill_date(page, "ends_on", ends)
    follow(page, page.get_by_role("button", name="Save draft"))
    assert page.url.endswith(f"/operating-model/versions/{version.pk}/"), page.url
    until = page.locator(".govuk-summary-list__row").filter(has_text="In force until")
    expect(until).to_contain_text(f"{words(ends)}; from the day after, the version it replaced is in force again")
    check_page(page)

    # The preview counts the return too, against the version staying in force.
    follow(page, page.get_by_role("link", name="Preview the effect"))
    expect(page.get_by_role("heading", name="When it ends")).to_be_visible()
    expect(page.locator("main")).to_contain_text(f"On {words(back_on)}, the day after it ends, the version it replaced")
    expect(page.get_by_test_id("preview-after-end").locator("dd")).to_have_text(
        [re.compile(r"^\d+ \(\d+ due items\)$")] * 2
    )
    expect(page.get_by_test_id("preview-settings")).to_contain_text("In force until")
    check_page(page)
    logout(page)

    # An administrator approves it, keeping the version it replaced as the one in force again.
    login(page, live_server, "admin")
    follow(page, nav_link(page, "Operating model"))
    follow(page, page.get_by_role("link", name=f"Version {version.number}", exact=True))
    expect(page.get_by_label(f"From {words(ends)}, the day after it ends, in force again")).to_have_value("")
    check_page(page)
    follow(page, page.get_by_role("button", name="Approve"))
    expect(page.locator(".govuk-notification-banner")).to_contain_text(f"Version {version.number} is approved")
    check_page(page)

    # The versions list: it is scheduled and ends; the timeline: the replaced version is in force again the day after.
    follow(page, nav_link(page, "Operating model"))
    rows = page.get_by_role("table", name="The council's versions").locator("tbody tr")
    row = rows.filter(has=page.get_by_role("link", name=f"Version {version.number}", exact=True))
    expect(row.locator(".govuk-tag")).to_have_text("Scheduled")
    expect(row).to_contain_text(f"{words(ends)}, then the version it replaced")
    timeline = page.get_by_test_id("timeline").locator("tbody tr")
    expect(timeline).to_have_text(
        [
            re.compile(rf"^\s*{re.escape(words(replaced.effective_from))}\s*Version {replaced.number}\s*$"),
            re.compile(rf"^\s*{re.escape(words(starts))}\s*Version {version.number}\s*$"),
            re.compile(
                rf"^\s*{re.escape(words(back_on))}\s*Version {replaced.number}, in force again after version "
                rf"{version.number} ended on {re.escape(words(ends))}\s*$"
            ),
        ]
    )
    check_page(page)
    logout(page)

    # The statutory clock resolves the same: the period's version until its last day, the replaced one after.
    assert version_in_force(ends).pk == version.pk
    assert version_in_force(back_on).pk == replaced.pk
    assert version_in_force(starts - timedelta(days=1)).pk == replaced.pk
