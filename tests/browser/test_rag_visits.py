"""Visits that follow the RAG rating, in Chromium: under the COVID-19 preset a manager confirms a child as red, the
worker's video visit is shown as not counting ("red children are seen in person under ..."), and the visits-by-rating
assurance page lists the child. Every page is checked with axe (WCAG 2.2 AA), for one h1 and for CSP errors."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import check_page, follow, login, logout, screenshot, url
from tests.browser.test_rag import h1, rag_case  # noqa: F401 (the fixture)

pytestmark = pytest.mark.browser


def test_a_red_childs_video_visit_does_not_count_and_the_assurance_page_lists_the_child(page, live_server, rag_case):  # noqa: F811
    from caseboard.accounts.models import User
    from caseboard.core.audit import audit_bypass
    from caseboard.policy import services as policy
    from caseboard.policy.models import OperatingModel
    from caseboard.policy.presets import COVID
    from caseboard.prioritisation.services import rag_rating_record
    from caseboard.visits.models import ChildSeen
    from caseboard.visits.services import ChildSeenInput, visit_record

    child, team = rag_case.child, rag_case.team
    today = timezone.localdate()
    # The council moves to the COVID-19 preset today; the child's earlier visits are cleared so none counts.
    covid = OperatingModel.objects.get(name=COVID).versions.get()
    head, admin = User.objects.get(username="head"), User.objects.get(username="admin")
    draft = policy.version_draft(copy_from=covid, drafted_by=head, effective_from=today, today=today)
    policy.version_approve(version=draft, approved_by=admin, today=today)
    with audit_bypass("test set-up"):
        ChildSeen.objects.filter(child=child).delete()
    worker = User.objects.get(username="worker")
    rag_rating_record(
        child=child, rated_by=worker, rating="red", factor_codes=[], rationale="Recent incident at home", today=today
    )

    # The manager confirms the rating as red.
    login(page, live_server, "manager")
    page.goto(url(live_server, f"/teams/{team.pk}/rag/"))
    page.get_by_label(f"Confirm the rating of {child.first_name} {child.last_name}").check()
    follow(page, page.get_by_role("button", name="Confirm selected"))
    expect(page.get_by_text("1 rating confirmed")).to_be_visible()
    check_page(page)
    logout(page)

    # The worker's video visit the next day does not count: red children are seen in person.
    visit = visit_record(
        children_seen=[ChildSeenInput(child=child, was_seen=True)],
        worker=worker,
        recorded_by=worker,
        visited_on=today,
        mode="video",
        purpose="statutory_cin",
        today=today + timedelta(days=1),
    )
    login(page, live_server, "worker")
    page.goto(url(live_server, f"/visits/{visit.pk}/"))
    expect(page.get_by_text("Does not count", exact=True)).to_be_visible()
    expect(page.get_by_text(f"Does not count: red children are seen in person under {draft}")).to_be_visible()
    check_page(page)
    screenshot(page, "visit-red-does-not-count.png")
    logout(page)

    # The assurance page lists the child, under the team.
    login(page, live_server, "manager")
    page.goto(url(live_server, "/rag/visits-by-rating/"))
    expect(h1(page)).to_have_text("Visits by rating")
    listed = page.get_by_test_id("rated-visits").locator("tbody tr").filter(has_text=child.full_name)
    expect(listed).to_have_count(1)
    expect(listed.locator(".govuk-tag")).to_have_text("Red")
    expect(page.get_by_test_id("seen-trend").locator("tbody tr")).to_have_count(8)
    check_page(page)
    screenshot(page, "rag-visits-by-rating.png")
    # On a phone: still axe-clean, and nothing scrolls sideways.
    page.set_viewport_size({"width": 390, "height": 844})
    check_page(page)
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 1, f"the visits-by-rating page scrolls sideways by {overflow}px at 390px"
