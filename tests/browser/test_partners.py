"""Partners in Chromium: a social worker adds an agency and one of its people to the directory, names the agency as
a demo child's school, logs information shared without consent (first refused without the reason), and a manager
logs a problem with partners, escalates it and resolves it; then the information sharing log. Every page is checked
with axe (WCAG 2.2 AA), for one h1 and for CSP errors."""

from __future__ import annotations

from datetime import date

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import check_page, follow, login, logout, nav_link, url

pytestmark = pytest.mark.browser


@pytest.fixture
def child(demo):
    from caseboard.casework.models import Allocation

    allocation = (
        Allocation.objects.filter(worker__username="worker", ended_on__isnull=True, child__is_restricted=False)
        .select_related("child")
        .order_by("child__pk")
        .first()
    )
    assert allocation is not None
    return allocation.child


def fill_date(page: Page, name: str, day: date) -> None:
    for index, value in enumerate((day.day, day.month, day.year)):
        page.fill(f"#id_{name}_{index}", str(value))


def test_directory_professionals_sharing_and_problems(page, live_server, child):
    login(page, live_server, "worker")
    follow(page, nav_link(page, "Partners"))
    check_page(page)
    follow(page, page.get_by_role("link", name="Add an agency"))
    check_page(page)
    page.fill("#id_name", "Northmoor Primary School")
    page.select_option("#id_kind", label="School or college")
    follow(page, page.get_by_role("button", name="Add the agency"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Northmoor Primary School")
    page.fill("#id_full_name", "Grace Hughes")
    page.fill("#id_job_title", "Designated safeguarding lead")
    follow(page, page.get_by_role("button", name="Add the person"))
    expect(page.get_by_test_id("people")).to_contain_text("Grace Hughes")
    check_page(page)

    page.goto(url(live_server, f"/children/{child.pk}/"))
    follow(page, page.get_by_role("link", name="Add a professional"))
    check_page(page)
    page.select_option("#id_role", label="School or college")
    page.select_option("#id_contact", label="Grace Hughes, Northmoor Primary School")
    fill_date(page, "started_on", date(2025, 9, 3))
    follow(page, page.get_by_role("button", name="Add the professional"))
    expect(page.get_by_test_id("professionals")).to_contain_text("Grace Hughes")

    follow(page, page.get_by_role("link", name="Record information shared"))
    fill_date(page, "shared_on", date(2026, 4, 1))
    page.select_option("#id_agency", label="Northmoor Primary School")
    page.fill("#id_what", "The safety plan agreed at the strategy discussion")
    page.select_option("#id_lawful_basis", label="To keep a child safe (Children Act 1989, Working Together)")
    page.get_by_role("radio", name="No").check()
    follow(page, page.get_by_role("button", name="Record the information shared"))
    expect(page.locator(".govuk-error-summary")).to_contain_text("Say why the information was shared without consent")
    check_page(page)
    page.fill("#id_without_consent_reason", "Asking the parents would have put the child at risk")
    follow(page, page.get_by_role("button", name="Record the information shared"))
    expect(page.get_by_test_id("information-shared")).to_contain_text("without consent")
    logout(page)

    login(page, live_server, "manager")
    page.goto(url(live_server, "/partners/problems/"))
    check_page(page)
    follow(page, page.get_by_role("link", name="Log a problem"))
    page.fill("#id_title", "School places for children moving into the area")
    page.select_option("#id_agency", label="Northmoor Primary School")
    page.fill("#id_owner_name", "Head of admissions")
    fill_date(page, "raised_on", date(2026, 4, 2))
    fill_date(page, "target_on", date(2026, 3, 1))
    follow(page, page.get_by_role("button", name="Log the problem"))
    expect(page.locator(".govuk-error-summary")).to_contain_text("The target date cannot be before")
    check_page(page)
    fill_date(page, "target_on", date(2026, 4, 16))
    follow(page, page.get_by_role("button", name="Log the problem"))
    check_page(page)
    fill_date(page, "escalate-escalated_on", date(2026, 4, 9))
    page.fill("#id_escalate-escalated_to", "Assistant director")
    follow(page, page.get_by_role("button", name="Escalate"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Escalated")
    fill_date(page, "resolve-resolved_on", date(2026, 4, 10))
    page.fill("#id_resolve-resolution", "Places agreed at the partnership meeting")
    follow(page, page.get_by_role("button", name="Mark as resolved"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Resolved")
    check_page(page)
    page.goto(url(live_server, "/partners/information-sharing/?from=2026-01-01&to=2026-12-31"))
    check_page(page)
