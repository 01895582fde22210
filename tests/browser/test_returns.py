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


def _stored_health(demo_children) -> None:
    """Two weeks of checked nightly CIN census builds for this year, the latest with errors for two demo children
    and a query for the return as a whole."""
    from datetime import timedelta

    from django.utils import timezone

    from caseboard.interchange.health import health_years
    from caseboard.interchange.models import GeneratedReturn

    upn = {"rule": "8500", "type": "error", "message": "Check the UPN", "table": "ChildIdentifiers", "field": "UPN"}
    for days_ago, children in ((7, demo_children[:1]), (0, demo_children[:2])):
        issues = [{**upn, "child": child.local_id} for child in children]
        level = [{"rule": "100", "type": "query", "message": "Check the census date"}]
        GeneratedReturn(
            kind="cin",
            collection_year=health_years()[0],
            format="xml",
            status=GeneratedReturn.Status.READY,
            requested_at=timezone.now() - timedelta(days=days_ago),
            generated_at=timezone.now() - timedelta(days=days_ago),
            children=40,
            content_hash="0" * 64,
            validation={
                "package": "csc-validator-be-cin 0.1.13",
                "issues": issues,
                "return_level": level,
                "by_rule": [
                    {"rule": "8500", "type": "error", "message": "Check the UPN", "count": len(issues)},
                    {"rule": "100", "type": "query", "message": "Check the census date", "count": 1},
                ],
            },
            error_count=len(issues),
            query_count=1,
        ).save()


def test_a_performance_officer_reads_the_return_health_and_refreshes_it(page, live_server, demo, monkeypatch):
    from caseboard.people.models import Child

    children = list(Child.objects.order_by("local_id")[:2])
    _stored_health(children)
    # The validators' environment is not there: the refresh builds the returns and the page says they are unchecked.
    monkeypatch.setenv("CASEBOARD_VALIDATORS_PYTHON", "/nonexistent/validators/python")
    login(page, live_server, "performance")
    follow(page, nav_link(page, "Reports"))
    follow(page, page.get_by_role("link", name="DfE returns"))
    follow(page, page.get_by_test_id("health-link"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Return health")
    expect(page.get_by_test_id("health-by-rule")).to_contain_text("Check the UPN")
    expect(page.get_by_test_id("health-by-team")).to_contain_text("The whole return")
    expect(page.get_by_test_id("health-trend").locator("tbody tr")).to_have_count(2)
    expect(page.get_by_test_id("health-trend-chart").locator("svg")).to_have_count(1)
    expect(page.get_by_test_id("health-children").get_by_role("link", name=children[0].full_name)).to_be_visible()
    check_page(page)
    page.set_viewport_size({"width": 390, "height": 844})
    check_page(page)
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 1, f"The return health page scrolls sideways by {overflow}px at 390px"
    page.set_viewport_size({"width": 1280, "height": 900})

    follow(page, page.get_by_test_id("refresh-now"))
    expect(page.get_by_text("4 returns asked for")).to_be_visible()
    expect(page.get_by_test_id("validators-missing")).to_be_visible()
    expect(page.get_by_test_id("unchecked")).to_be_visible()
    check_page(page)
    follow(page, page.get_by_test_id("health-children").get_by_role("link", name=children[0].full_name))
    expect(page.get_by_role("heading", level=1)).to_contain_text(children[0].full_name)
