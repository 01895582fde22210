"""DfE returns in Chromium, as the demo performance officer: from Reports to the returns page, Ofsted Annex A drawn up
on a date, its page once built, and its download (noted on the page). Every page is checked with axe (WCAG 2.2 AA)."""

from __future__ import annotations

import io

import openpyxl
import pytest
from playwright.sync_api import expect

from tests.browser.conftest import check_page, follow, login, nav_link

pytestmark = pytest.mark.browser


def test_a_performance_officer_draws_up_annex_a_and_downloads_it(page, live_server, demo):
    login(page, live_server, "performance")
    follow(page, nav_link(page, "Reports"))
    follow(page, page.get_by_role("link", name="DfE returns"))
    expect(page.get_by_role("heading", level=1)).to_have_text("DfE returns")
    check_page(page)

    # A date in the future is refused, with what was chosen kept.
    page.get_by_label("Ofsted Annex A lists (Excel workbook, drawn up on a date)").check()
    page.locator("input[name=as_at_0]").fill("1")
    page.locator("input[name=as_at_1]").fill("1")
    page.locator("input[name=as_at_2]").fill("2099")
    follow(page, page.get_by_role("button", name="Build and check the return"))
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    expect(page.get_by_label("Ofsted Annex A lists (Excel workbook, drawn up on a date)")).to_be_checked()
    check_page(page)

    page.locator("input[name=as_at_2]").fill("2026")
    page.locator("input[name=as_at_0]").fill("2")
    page.locator("input[name=as_at_1]").fill("11")
    follow(page, page.get_by_role("button", name="Build and check the return"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Ofsted Annex A on 2 November 2026")
    check_page(page)

    with page.expect_download() as downloading:
        page.get_by_test_id("download").click()
    download = downloading.value
    assert download.suggested_filename == "annex-a-2026-11-02.xlsx"
    with open(download.path(), "rb") as saved:  # saved without its extension, which openpyxl looks at
        book = openpyxl.load_workbook(io.BytesIO(saved.read()))
    assert book.sheetnames[:11] == [f"List {number}" for number in range(1, 12)]
    assert book["List 6"].max_row > 1  # the demo council's children in need
    page.reload()
    expect(page.get_by_text("Nobody has downloaded this return.")).to_have_count(0)
    check_page(page)
