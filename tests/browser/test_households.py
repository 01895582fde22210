"""Households and brothers and sisters in Chromium: under the COVID-19 preset a worker links two children of their
caseload as brothers and sisters by search (the link shows on both records), adds the brother to his sister's
household, does one pre-visit check for the household and records one visit to both, each with the purpose that
fits them (her child in need visit, his looked-after visit: he is placed at home); both children's due items move.
Every new page is checked with axe (WCAG 2.2 AA), for one h1 and for CSP errors."""

from __future__ import annotations

from datetime import date

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import check_page, follow, login, url

pytestmark = pytest.mark.browser

QUESTIONS = (
    "Does anyone in the household have symptoms?",
    "Is anyone in the household self-isolating?",
    "Has anyone tested positive recently?",
    "Is anyone in the household clinically vulnerable or shielding?",
    "Can the visit be held outdoors?",
)


@pytest.fixture
def two_children(demo):
    """The COVID-19 preset from today, and two children in need of the demo worker not linked to anyone; the
    second also looked after from a month ago, placed with his parents (P1)."""
    from caseboard.accounts.models import User
    from caseboard.casework.models import Allocation, AllocationRole, Episode, EpisodeKind
    from caseboard.compliance.services import due_items_recompute
    from caseboard.people.models import FamilyMember, SiblingLink
    from caseboard.policy import services as policy
    from caseboard.policy.models import DeviationRule, OperatingModel, OperatingModelVersion, VisitFrequency
    from caseboard.policy.presets import COVID, install
    from caseboard.testing.factories import EpisodeFactory

    install(OperatingModel, OperatingModelVersion, VisitFrequency, DeviationRule)
    users = {user.username: user for user in User.objects.filter(username__in=["worker", "head", "admin"])}
    covid = OperatingModel.objects.get(name=COVID).versions.get()
    draft = policy.version_draft(copy_from=covid, drafted_by=users["head"], effective_from=date.today())
    policy.version_approve(version=draft, approved_by=users["admin"])
    linked = set(SiblingLink.objects.values_list("child_id", flat=True)) | set(
        SiblingLink.objects.values_list("sibling_id", flat=True)
    )
    linked |= set(FamilyMember.objects.filter(sibling__isnull=False).values_list("child_id", flat=True))
    open_episodes = Episode.objects.filter(end_on__isnull=True)
    other_plans = open_episodes.exclude(kind=EpisodeKind.CHILD_IN_NEED).values("child_id")
    allocations = (
        Allocation.objects.filter(
            worker=users["worker"], role=AllocationRole.SOCIAL_WORKER, ended_on__isnull=True, child__is_restricted=False
        )
        .exclude(child__in=other_plans)
        .exclude(child__in=linked)
        .exclude(child__key_decisions__isnull=False)
        .select_related("child")
        .order_by("child__pk")
    )
    children = [allocation.child for allocation in allocations[:2]]
    assert len(children) == 2, "the demo worker needs two children in need with no brothers or sisters linked"
    sister, brother = children
    start = date.today().replace(day=1)
    EpisodeFactory(child=brother, looked_after=True, start_on=start, placement_type="P1", placement_provider="PR0")
    due_items_recompute(child_ids=[sister.pk, brother.pk], today=date.today())
    return sister, brother


def due_on(child, kind):
    from caseboard.compliance.models import DueItem

    return DueItem.objects.get(child=child, kind=kind).due_on


def h1(page: Page):
    return page.get_by_role("heading", level=1)


def test_link_brother_and_sister_one_check_and_one_visit_to_both_each_with_their_purpose(
    page, live_server, two_children
):
    from caseboard.compliance.calendar import add_working_days
    from caseboard.visits.models import Visit

    sister, brother = two_children
    today = date.today()
    before = (due_on(sister, "cin_visit"), due_on(brother, "lac_visit"))
    login(page, live_server, "worker")

    # Link them as brother and sister by search, from her record; the link shows on both records.
    page.goto(url(live_server, f"/children/{sister.pk}/"))
    follow(page, page.get_by_role("link", name="Link a brother or sister"))
    expect(h1(page)).to_have_text("Link a brother or sister")
    check_page(page)
    page.get_by_label("Find the brother or sister").fill(brother.local_id)
    follow(page, page.get_by_role("button", name="Find"))
    check_page(page)
    page.get_by_label(f"{brother.full_name} ({brother.local_id})").check()
    page.get_by_role("group", name="How are they related?").get_by_label("Half brother or sister").check()
    follow(page, page.get_by_role("button", name="Link as brother or sister"))
    linked = f"{brother.full_name} is linked as {sister.first_name}'s brother or sister"
    expect(page.get_by_text(linked)).to_be_visible()
    expect(page.get_by_test_id("siblings")).to_contain_text(brother.full_name)
    expect(page.get_by_test_id("siblings")).to_contain_text("Half brother or sister")
    check_page(page)
    page.goto(url(live_server, f"/children/{brother.pk}/"))
    expect(page.get_by_test_id("siblings")).to_contain_text(sister.full_name)
    follow(page, page.get_by_role("link", name=f"Remove link to {sister.full_name}"))
    expect(h1(page)).to_have_text(f"Remove the link to {sister.full_name}")
    check_page(page)

    # Her household: he moves in (the demo gave every child a household of their own).
    page.goto(url(live_server, f"/children/{sister.pk}/"))
    follow(page, page.locator("#household + p a"))
    expect(h1(page)).to_contain_text("Household:")
    check_page(page)
    follow(page, page.get_by_role("link", name="Change the household's details"))
    check_page(page)
    page.go_back()
    follow(page, page.get_by_role("link", name="Add an adult"))
    check_page(page)
    page.go_back()
    follow(page, page.get_by_role("link", name="Add a brother or sister to this household"))
    expect(h1(page)).to_have_text("Add a child")
    check_page(page)
    page.get_by_label(f"{brother.full_name} ({brother.local_id})").check()
    follow(page, page.get_by_role("button", name="Add the child"))
    expect(page.get_by_test_id("household-children")).to_contain_text(brother.full_name)
    expect(page.get_by_test_id("household-children")).to_contain_text(sister.full_name)

    # One pre-visit check for the household, for both children.
    page.goto(url(live_server, f"/children/{sister.pk}/"))
    follow(page, page.get_by_role("link", name="Pre-visit check"))
    expect(page.get_by_text("One check covers the brothers and sisters")).to_be_visible()
    check_page(page)
    page.get_by_label("Who did you ask?").fill("Mother")
    page.get_by_role("group", name="How did you ask?").get_by_label("Phone call").check()
    for question in QUESTIONS:
        page.get_by_role("group", name=question).get_by_label("No", exact=True).check()
    page.get_by_role("group", name="Outcome").get_by_label("Go ahead", exact=True).check()
    page.get_by_label(f"{brother.full_name} ({brother.local_id})").check()
    follow(page, page.get_by_role("button", name="Save the check"))
    expect(page.get_by_text("The pre-visit check is saved: record the visit")).to_be_visible()

    # One visit to both: her child in need visit, his looked-after visit (suggested from his involvement).
    expect(h1(page)).to_have_text("Record a visit")
    check_page(page)
    for index, value in enumerate((today.day, today.month, today.year)):
        page.fill(f"#id_visited_on_{index}", str(value))
    page.get_by_role("group", name="How was the visit held?").get_by_label("In person, at home", exact=True).check()
    page.get_by_label("Purpose", exact=True).select_option(label="Statutory visit: child in need")
    page.get_by_role("group", name="Was the child seen?").get_by_label("Yes", exact=True).check()
    # The check covered both children: the visit form starts with her brother ticked.
    expect(page.get_by_label(f"{brother.full_name} ({brother.local_id})")).to_be_checked()
    his_purpose = page.get_by_label(f"Kind of visit for {brother.full_name}")
    expect(his_purpose.locator("option:checked")).to_have_text("Statutory visit: looked after (reg 28)")
    follow(page, page.get_by_role("button", name="Save the visit"))
    expect(page.get_by_text("The visit is recorded and the child's due dates are updated")).to_be_visible()
    check_page(page)
    rows = page.get_by_test_id("counting").locator("tbody tr")
    expect(rows.filter(has_text=sister.full_name)).to_contain_text("Statutory visit: child in need")
    expect(rows.filter(has_text=brother.full_name)).to_contain_text("Statutory visit: looked after (reg 28)")
    expect(rows.locator(".govuk-tag", has_text="Counts")).to_have_count(2)
    visit = Visit.objects.get(children_seen__child=brother)
    assert visit.pre_visit_check is not None and set(visit.pre_visit_check.children.all()) == {sister, brother}
    assert visit.children_seen.count() == 2

    # Both children's due items moved.
    after = (due_on(sister, "cin_visit"), due_on(brother, "lac_visit"))
    assert after[0] == add_working_days(today, 20) and after[0] != before[0]
    assert after[1] != before[1]
    page.goto(url(live_server, f"/children/{brother.pk}/"))
    due = page.get_by_test_id("due-items").locator("tbody tr").filter(has_text="Looked-after child visit")
    expect(due.locator("td").nth(1)).to_have_text(f"{after[1]:%-d %b %Y}")
