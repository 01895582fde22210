"""Visits in Chromium: under the COVID-19 preset a worker completes the pre-visit check,
the outcome requires PPE, and records an in-person visit to two siblings; both children's next visit due dates move.
Another check says do not visit in person: the worker proposes a virtual visit, the manager approves it, and the
virtual visit counts; after the decision expires a virtual visit does not count. Every page is checked with axe
(WCAG 2.2 AA), for one h1 and for CSP errors."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import check_page, follow, login, logout, screenshot, url

pytestmark = pytest.mark.browser

QUESTIONS = (
    "Does anyone in the household have symptoms?",
    "Is anyone in the household self-isolating?",
    "Has anyone tested positive recently?",
    "Is anyone in the household clinically vulnerable or shielding?",
    "Can the visit be held outdoors?",
)
VIRTUAL = "Visit held virtually"
REASONS = "The household is self-isolating for ten days; a video call with the child seen alone instead."


# --- data ------------------------------------------------------------------------------------------------------
@pytest.fixture
def siblings(demo):
    """The demo council switched to the COVID-19 preset from today (the flush removed the presets, so they are
    installed again), and two children in need allocated to the demo worker in the manager's team, linked as
    brothers and sisters at one address."""
    from caseboard.accounts.models import User
    from caseboard.casework.models import Allocation, AllocationRole, Episode, EpisodeKind
    from caseboard.people.models import FamilyMember
    from caseboard.policy import services as policy
    from caseboard.policy.models import DeviationRule, OperatingModel, OperatingModelVersion, VisitFrequency
    from caseboard.policy.presets import COVID, install
    from caseboard.prioritisation.services import rag_rating_record

    install(OperatingModel, OperatingModelVersion, VisitFrequency, DeviationRule)
    users = {user.username: user for user in User.objects.filter(username__in=["worker", "manager", "head", "admin"])}
    covid = OperatingModel.objects.get(name=COVID).versions.get()
    draft = policy.version_draft(copy_from=covid, drafted_by=users["head"], effective_from=date.today())
    policy.version_approve(version=draft, approved_by=users["admin"])

    open_episodes = Episode.objects.filter(end_on__isnull=True)
    other_plans = open_episodes.exclude(kind=EpisodeKind.CHILD_IN_NEED).values("child_id")
    allocations = (
        Allocation.objects.filter(
            worker=users["worker"],
            role=AllocationRole.SOCIAL_WORKER,
            ended_on__isnull=True,
            team__in=users["manager"].teams.all(),
            child__is_restricted=False,
            child__in=open_episodes.filter(kind=EpisodeKind.CHILD_IN_NEED, start_on__lte=date.today()).values(
                "child_id"
            ),
        )
        .exclude(child__in=other_plans)
        .exclude(child__key_decisions__isnull=False)
        .select_related("child")
        .order_by("child__pk")
    )
    children = [allocation.child for allocation in allocations[:2]]
    assert len(children) == 2, "the demo worker needs two children in need without another plan"
    first, second = children
    for child, other in ((first, second), (second, first)):
        FamilyMember.objects.create(child=child, name=other.full_name, relationship="sibling", sibling=other)
        child.address, child.postcode = "12 Mill Lane\nNorthmoor", "NM4 2AB"
        child.save()
        # Rated green: under the COVID-19 preset a green child's virtual visit counts with an approved decision
        # (red, amber and children not rated are seen in person).
        rag_rating_record(
            child=child, rated_by=users["worker"], rating="green", factor_codes=[], rationale="Settled at home"
        )
    return first, second


# --- small helpers ---------------------------------------------------------------------------------------------
def h1(page: Page):
    return page.get_by_role("heading", level=1)


def fill_date(page: Page, name: str, day: date) -> None:
    for index, value in enumerate((day.day, day.month, day.year)):
        page.fill(f"#id_{name}_{index}", str(value))


def child_page(page: Page, live_server, child) -> None:
    page.goto(url(live_server, f"/children/{child.pk}/"))
    expect(page.get_by_role("heading", name="Visits and contact")).to_be_visible()


def pre_visit_check(page: Page, live_server, child, *, outcome: str, yes: tuple[str, ...] = (), **extra) -> None:
    """Answer the household's questions on the child's pre-visit check and save it."""
    child_page(page, live_server, child)
    follow(page, page.get_by_role("link", name="Pre-visit check"))
    expect(h1(page)).to_have_text("Pre-visit check")
    check_page(page)
    page.get_by_label("Who did you ask?").fill("Mother")
    page.get_by_role("group", name="How did you ask?").get_by_label("Phone call").check()
    for question in QUESTIONS:
        page.get_by_role("group", name=question).get_by_label("Yes" if question in yes else "No", exact=True).check()
    page.get_by_role("group", name="Outcome").get_by_label(outcome, exact=True).check()
    for item in extra.get("ppe", ()):
        page.get_by_role("group", name="PPE to use").get_by_label(item).check()
    for sibling in extra.get("siblings", ()):
        page.get_by_label(f"{sibling.full_name} ({sibling.local_id})").check()
    follow(page, page.get_by_role("button", name="Save the check"))


def record_visit(page: Page, live_server, child, *, mode: str, on: date, **extra) -> None:
    """From the child's record, fill in the visit form and save it (a pre-visit check, if chosen, is kept)."""
    if "/visits/new/" not in page.url:
        child_page(page, live_server, child)
        follow(page, page.get_by_role("link", name="Record a visit"))
    expect(h1(page)).to_have_text("Record a visit")
    check_page(page)
    fill_date(page, "visited_on", on)
    page.get_by_role("group", name="How was the visit held?").get_by_label(mode, exact=True).check()
    page.get_by_label("Purpose").select_option(label="Statutory visit: child in need")
    seen = page.get_by_role("group", name="Was the child seen?")
    expect(seen.get_by_label("Yes", exact=True)).not_to_be_checked()  # asked, never assumed
    seen.get_by_label("Yes", exact=True).check()
    for item in extra.get("ppe", ()):
        page.get_by_role("group", name="PPE used").get_by_label(item).check()
    for sibling in extra.get("siblings", ()):
        page.get_by_label(f"{sibling.full_name} ({sibling.local_id})").check()
    follow(page, page.get_by_role("button", name="Save the visit"))
    expect(page.get_by_text("The visit is recorded and the child's due dates are updated")).to_be_visible()
    assert re.search(r"/visits/\d+/$", page.url), page.url


def counting(page: Page, child):
    """The counting cell for one child on a visit page."""
    return page.get_by_test_id("counting").locator("tbody tr").filter(has_text=child.full_name).locator("td").nth(2)


# --- the journey -----------------------------------------------------------------------------------------------
def test_pre_visit_check_visits_to_siblings_and_a_virtual_visit_under_a_key_decision(page, live_server, siblings):
    from caseboard.clock.calendar import add_working_days
    from caseboard.decisions.models import DecisionStatus, KeyDecision
    from caseboard.decisions.services import decisions_expire

    first, second = siblings
    today = date.today()
    yesterday = today - timedelta(days=1)
    next_visit = add_working_days(today, 20)

    # The pre-visit check says go ahead with PPE, for both children; it leads to the visit form with it chosen.
    login(page, live_server, "worker")
    pre_visit_check(
        page,
        live_server,
        first,
        outcome="Go ahead with PPE",
        yes=("Is anyone in the household clinically vulnerable or shielding?",),
        ppe=("Fluid-resistant surgical mask", "Gloves"),
        siblings=(second,),
    )
    expect(page.get_by_text("The pre-visit check is saved: record the visit")).to_be_visible()
    expect(page.get_by_label("Pre-visit check", exact=True)).to_contain_text("Go ahead with PPE")
    expect(page.get_by_text("No pre-visit check in the last two days")).to_have_count(0)
    screenshot(page, "visit-form.png")

    # An in-person visit to both, with the PPE used: it counts for each, and both next visits move.
    record_visit(
        page,
        live_server,
        first,
        mode="In person, at home",
        on=today,
        ppe=("Fluid-resistant surgical mask", "Gloves"),
        siblings=(second,),
    )
    expect(h1(page)).to_have_text(f"In person, at home visit on {today:%-d %B %Y}")
    for child in (first, second):
        expect(counting(page, child).locator(".govuk-tag")).to_have_text("Counts")
        expect(counting(page, child)).to_contain_text("An in-person visit in which the child was seen")
    check_page(page)
    screenshot(page, "visit.png")
    for child in (first, second):
        child_page(page, live_server, child)
        due = page.get_by_test_id("due-items").locator("tbody tr").filter(has_text="Child in need visit")
        expect(due.locator("td").nth(1)).to_have_text(f"{next_visit:%-d %b %Y}")
        expect(page.get_by_test_id("visits").locator("tbody tr").first).to_contain_text("In person, at home")
        check_page(page)

    # Another check: do not visit in person. It leads to proposing a virtual visit, the check as its risk assessment.
    pre_visit_check(
        page, live_server, first, outcome="Do not visit in person", yes=("Is anyone in the household self-isolating?",)
    )
    expect(h1(page)).to_have_text("Propose a key decision")
    expect(page.get_by_text("Do not visit in person: propose a key decision")).to_be_visible()
    expect(page.get_by_label("Other risk assessment notes")).to_contain_text(
        "Is anyone in the household self-isolating? Yes."
    )
    expect(page.get_by_label(VIRTUAL)).to_be_checked()
    check_page(page)
    page.get_by_label("Reasons for the decision").fill(REASONS)
    fill_date(page, "starts_on", yesterday)
    follow(page, page.get_by_role("button", name="Propose the decision"))
    expect(page.get_by_text("The decision has been sent for approval")).to_be_visible()
    decision = KeyDecision.objects.get(children=first, kind="visit_virtual")
    assert "Outcome: Do not visit in person" in decision.risk_assessment_notes
    logout(page)

    # The team manager approves it from Approvals.
    login(page, live_server, "manager")
    page.goto(url(live_server, "/approvals/"))
    card = page.get_by_test_id("pending-decision").filter(has_text=VIRTUAL).filter(has_text=first.full_name)
    expect(card).to_have_count(1)
    check_page(page)
    card.get_by_label("Approve").check()
    follow(page, card.get_by_role("button", name=f"Save decision on {VIRTUAL} for {first.full_name}"))
    expect(page.get_by_text("The decision is approved")).to_be_visible()
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.APPROVED
    logout(page)

    # The worker records a video visit: covered by the approved decision, it counts.
    login(page, live_server, "worker")
    record_visit(page, live_server, first, mode="Video call", on=today)
    expect(counting(page, first).locator(".govuk-tag")).to_have_text("Counts")
    expect(counting(page, first)).to_contain_text("covered by the approved key decision")
    check_page(page)

    # After the decision expires (it ran until yesterday), a virtual visit does not count.
    decision.refresh_from_db()
    decision.ends_on = yesterday
    decision.save()
    assert decisions_expire() == 1
    record_visit(page, live_server, first, mode="Video call", on=today)
    expect(counting(page, first).locator(".govuk-tag")).to_have_text("Does not count")
    expect(counting(page, first)).to_contain_text("No approved key decision for a virtual visit was in force")
    check_page(page)
