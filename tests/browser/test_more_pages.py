"""Pages the journeys do not reach, checked with axe: a team's children not seen in person for 4 weeks, a pre-visit
check, and a child's rating history."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from tests.browser.conftest import check_page, login, logout, url

pytestmark = pytest.mark.browser


@pytest.fixture
def setup(demo):
    from caseboard.accounts.models import User
    from caseboard.casework.models import Allocation
    from caseboard.policy.models import DeviationRule, OperatingModel, OperatingModelVersion, VisitFrequency
    from caseboard.policy.presets import install as install_presets
    from caseboard.prioritisation import services as rag
    from caseboard.prioritisation.defaults import install as install_factors
    from caseboard.prioritisation.models import RagFactor
    from caseboard.visits import services as visits

    install_presets(OperatingModel, OperatingModelVersion, VisitFrequency, DeviationRule)
    install_factors(RagFactor)
    worker = User.objects.get(username="worker")
    allocation = (
        Allocation.objects.filter(
            worker=worker,
            ended_on__isnull=True,
            role="social_worker",
            child__is_restricted=False,
            child__episodes__end_on__isnull=True,
        )
        .select_related("child", "team")
        .order_by("pk")
        .first()
    )
    child = allocation.child
    check = visits.pre_visit_check_record(
        children=[child],
        recorded_by=worker,
        asked_who="Mother",
        asked_how="phone",
        anyone_symptomatic=True,
        anyone_isolating=False,
        anyone_tested_positive=False,
        anyone_clinically_vulnerable=False,
        can_meet_outdoors=True,
        outcome="go_ahead_with_ppe",
        ppe_needed=["mask", "gloves"],
    )
    rag.rag_rating_record(
        child=child, rated_by=worker, rating="amber", factor_codes=[], rationale="Missed school twice this week"
    )
    return {"team": allocation.team, "child": child, "check": check}


def test_not_seen_check_and_rating_history_pages(page: Page, live_server, setup):
    login(page, live_server, "worker")
    page.goto(url(live_server, f"/checks/{setup['check'].pk}/"))
    assert "Pre-visit check: Go ahead with PPE" in page.get_by_role("heading", level=1).inner_text()
    check_page(page)
    page.goto(url(live_server, f"/children/{setup['child'].pk}/rag/"))
    assert page.get_by_text("Missed school twice this week").count() >= 1
    check_page(page)
    logout(page)
    login(page, live_server, "manager")
    page.goto(url(live_server, f"/teams/{setup['team'].pk}/not-seen/"))
    assert "not seen in person for 4 weeks" in page.get_by_role("heading", level=1).inner_text()
    check_page(page)
