"""RAG rating in Chromium: a worker rates a child amber with two amber factors (after being asked for reasons when
their first choice differed from the suggestion), the caseload shows "Amber", and the team manager confirms it on
the team review page. Every page is checked with axe (WCAG 2.2 AA), for one h1 and for CSP errors."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import check_page, follow, login, logout, screenshot, url

pytestmark = pytest.mark.browser

FACTORS = ("Out of school or childcare", "No other professional sees the child")


@pytest.fixture
def rag_case(demo):
    """The demo council with the factor list and operating model (the flush removed what migrations installed),
    and the demo worker's first unrestricted child by name with an open case (not a care leaver), unrated."""
    from caseboard.accounts.models import User
    from caseboard.casework.models import Allocation, AllocationRole, Episode, EpisodeKind
    from caseboard.policy.models import DeviationRule, OperatingModel, OperatingModelVersion, VisitFrequency
    from caseboard.policy.presets import install as install_presets
    from caseboard.prioritisation.defaults import install as install_factors
    from caseboard.prioritisation.models import RagFactor, RagRating

    install_presets(OperatingModel, OperatingModelVersion, VisitFrequency, DeviationRule)
    install_factors(RagFactor)
    worker = User.objects.get(username="worker")
    open_children = Episode.objects.filter(end_on__isnull=True).values("child_id")
    care_leavers = Episode.objects.filter(end_on__isnull=True, kind=EpisodeKind.CARE_LEAVER).values("child_id")
    allocation = (
        Allocation.objects.filter(
            worker=worker, role=AllocationRole.SOCIAL_WORKER, ended_on__isnull=True, child__is_restricted=False
        )
        .filter(child__in=open_children)
        .exclude(child__in=care_leavers)
        .select_related("child", "team")
        .order_by("child__last_name", "child__first_name", "child__pk")
        .first()
    )
    assert allocation is not None, "the demo worker has no open, unrestricted child"
    RagRating.objects.filter(child=allocation.child).delete()
    return allocation


def h1(page: Page):
    return page.get_by_role("heading", level=1)


def test_worker_rates_amber_and_the_manager_confirms(page, live_server, rag_case):
    from caseboard.prioritisation.models import RagRating

    child, team = rag_case.child, rag_case.team
    child_path = f"/children/{child.pk}/"

    login(page, live_server, "worker")
    page.goto(url(live_server, child_path))
    panel_heading = page.get_by_role("heading", name="RAG rating")
    expect(panel_heading).to_be_visible()
    expect(page.get_by_text("This child has not been rated.")).to_be_visible()
    check_page(page)
    follow(page, page.get_by_role("link", name="Rate this child"))
    expect(h1(page)).to_have_text(f"Rate {child.first_name} {child.last_name}")
    check_page(page)

    # Green with two amber factors and no reasons: refused, the suggestion shown, the ticks kept.
    for factor in FACTORS:
        page.get_by_label(factor).check()
    page.get_by_label("Green").check()
    follow(page, page.get_by_role("button", name="Save the rating"))
    assert page.title().startswith("Error: ")
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Explain why your rating differs from the suggested amber"
    )
    expect(page.get_by_test_id("suggestion")).to_contain_text(
        "Suggested amber because: out of school or childcare, no other professional sees the child"
    )
    for factor in FACTORS:
        expect(page.get_by_label(factor)).to_be_checked()
    check_page(page)

    page.get_by_label("Amber").check()
    follow(page, page.get_by_role("button", name="Save the rating"))
    assert page.url.endswith(f"{child_path}#rag")
    rating = page.get_by_test_id("rag-rating")
    expect(rating.locator(".govuk-tag").first).to_have_text("Amber")
    expect(rating).to_contain_text("Not confirmed")
    expect(page.get_by_test_id("child-banner").locator(".govuk-tag")).to_have_text("Amber")
    check_page(page)
    screenshot(page, "rag-rating.png")

    page.goto(url(live_server, "/caseload/"))
    row = page.get_by_test_id("children-table").locator("tbody tr").filter(has_text=child.local_id)
    expect(row.locator("td").nth(6)).to_have_text("Amber")
    check_page(page)
    logout(page)

    # The team manager confirms it on the team review page, where it is listed first.
    login(page, live_server, "manager")
    page.goto(url(live_server, f"/teams/{team.pk}/rag/"))
    expect(h1(page)).to_have_text(f"{team.name}: RAG ratings")
    first = page.get_by_test_id("rag-team").locator("tbody tr").first
    expect(first).to_contain_text(child.full_name)
    expect(first).to_contain_text("Not confirmed")
    check_page(page)
    page.get_by_label(f"Confirm the rating of {child.first_name} {child.last_name}").check()
    follow(page, page.get_by_role("button", name="Confirm selected"))
    expect(page.get_by_text("1 rating confirmed")).to_be_visible()
    row = page.get_by_test_id("rag-team").locator("tbody tr").filter(has_text=child.full_name)
    expect(row).to_contain_text("Priya Shah")
    check_page(page)
    screenshot(page, "rag-team-review.png")
    saved = RagRating.objects.get(child=child)
    assert (saved.rating, saved.confirmed_by.username) == ("amber", "manager")
