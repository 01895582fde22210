"""Forms that answer as the worker goes, in Chromium: the RAG rating's suggestion updates as factors are ticked and
untied (no button needed; without JavaScript "Check the suggestion" asks the server), and a report's date is given
in GOV.UK day, month and year boxes, kept when it is not a real date. Every page is checked with axe (WCAG 2.2 AA),
for one h1 and for CSP errors, at 1280 and 390 px."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import check_page, follow, login, nav_link, url
from tests.browser.test_rag import FACTORS, h1, rag_case  # noqa: F401 (the fixture)

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


def test_the_suggestion_updates_as_factors_are_ticked(page, live_server, rag_case):  # noqa: F811
    child = rag_case.child
    login(page, live_server, "worker")
    page.goto(url(live_server, f"/children/{child.pk}/rag/new/"))
    expect(h1(page)).to_have_text(f"Rate {child.first_name} {child.last_name}")
    suggestion = page.get_by_test_id("suggestion")
    expect(suggestion).to_have_attribute("aria-live", "polite")
    expect(suggestion).to_contain_text("Suggested green because: no factor applies")
    expect(page.get_by_role("button", name="Check the suggestion")).to_be_hidden()  # the script answers instead
    check_page(page)
    for factor in FACTORS:
        page.get_by_label(factor).check()
    expect(suggestion).to_have_text(
        "Amber Suggested amber because: out of school or childcare, no other professional sees the child"
    )
    page.get_by_label("Recent incident, escalation or new referral").check()
    expect(suggestion.locator(".govuk-tag")).to_have_text("Red")
    expect(suggestion).to_contain_text("Suggested red because: recent incident, escalation or new referral")
    check_page(page)
    page.get_by_label("Recent incident, escalation or new referral").uncheck()
    for factor in FACTORS:
        page.get_by_label(factor).uncheck()
    expect(suggestion).to_have_text("Green Suggested green because: no factor applies")
    page.set_viewport_size(PHONE)
    check_page(page)


def test_the_suggestion_without_javascript(browser, live_server, rag_case):  # noqa: F811
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        child = rag_case.child
        login(page, live_server, "worker")
        page.goto(url(live_server, f"/children/{child.pk}/rag/new/"))
        page.get_by_label(FACTORS[0]).check()
        page.get_by_role("button", name="Check the suggestion").click()
        expect(page.get_by_test_id("suggestion")).to_contain_text("Suggested amber because: out of school or childcare")
        expect(page.get_by_label(FACTORS[0])).to_be_checked()
        expect(page.locator(".govuk-error-summary")).to_have_count(0)
    finally:
        context.close()


def test_a_reports_date_in_day_month_and_year_boxes(page, live_server, demo):
    login(page, live_server, "performance")
    follow(page, nav_link(page, "Reports"))
    follow(page, page.get_by_role("link", name="Weekly visits return"))
    week = page.get_by_role("group", name="Week")
    week.get_by_label("Day").fill("13")
    week.get_by_label("Month").fill("5")
    week.get_by_label("Year").fill("2020")
    follow(page, page.get_by_role("button", name="Show"))
    expect(h1(page)).to_contain_text("Weekly visits return, week from 11 May 2020")
    expect(page.get_by_text("Wednesday 13 May 2020 is not a Monday")).to_be_visible()
    expect(week.get_by_label("Day")).to_have_value("13")
    check_page(page)
    # Not a real date: the error summary links to the day box, and what was typed is kept.
    week.get_by_label("Day").fill("31")
    week.get_by_label("Month").fill("2")
    follow(page, page.get_by_role("button", name="Show"))
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter the week as a real date")
    expect(summary.get_by_role("link")).to_have_attribute("href", "#week-day")
    expect(week.get_by_label("Day")).to_have_value("31")
    expect(week.get_by_label("Month")).to_have_value("2")
    check_page(page)
    # A period: from and to, on the timeliness report.
    page.goto(url(live_server, "/reports/timeliness/?from=2020-04-01&to=2020-06-30"))
    start = page.get_by_role("group", name="From")
    expect(start.get_by_label("Day")).to_have_value("01")
    expect(start.get_by_label("Month")).to_have_value("04")
    expect(start.get_by_label("Year")).to_have_value("2020")
    page.get_by_role("group", name="To").get_by_label("Day").fill("31")
    page.get_by_role("group", name="To").get_by_label("Month").fill("5")
    follow(page, page.get_by_role("button", name="Show"))
    expect(h1(page)).to_contain_text("1 April 2020 to 31 May 2020")
    check_page(page)
    page.set_viewport_size(PHONE)
    check_page(page)
