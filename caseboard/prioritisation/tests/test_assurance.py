"""RAG assurance: counts by team and service, red and amber children not seen in person (the boundary of the review
period, virtual visits not counting), movement between ratings, need to know, and query counts."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from caseboard.accounts.models import Team
from caseboard.conftest import allocate, make_child, open_cin
from caseboard.prioritisation.assurance import movement, not_seen_in_person, rag_counts, review_days
from caseboard.visits.models import VisitMode, VisitPurpose
from caseboard.visits.services import ChildSeenInput, visit_record

from .factories import TODAY, rate

pytestmark = pytest.mark.django_db

PAGES = [
    "prioritisation:assurance",
    "prioritisation:not-seen",
    "prioritisation:visits-by-rating",
    "prioritisation:movement",
]


def rate_as(council, child, rating, by=None, today=TODAY):
    return rate(council, child=child, by=by or council.worker, rating=rating, rationale="Reasons", today=today)


def visit(council, child, days_ago, mode=VisitMode.IN_PERSON_HOME, was_seen=True, by=None):
    return visit_record(
        children_seen=[ChildSeenInput(child=child, was_seen=was_seen)],
        worker=by or council.worker,
        recorded_by=by or council.worker,
        visited_on=TODAY - timedelta(days=days_ago),
        mode=mode,
        purpose=VisitPurpose.OTHER,
        today=TODAY,
    )


def not_seen_ids(user):
    children, _ = not_seen_in_person(user=user, today=TODAY)
    return {child.pk for child in children}


# --- counts ----------------------------------------------------------------------------------------------------
def test_counts_by_team_service_and_total(council):
    rate_as(council, council.own_child, "red")
    rate_as(council, council.own_child, "amber")  # the latest counts
    rate_as(council, council.team_child, "green", by=council.colleague)
    rate_as(council, council.other_team_child, "red", by=council.other_worker)
    counts = rag_counts(user=council.head)
    rows = {row.label: row.counts for row in counts.teams}
    # The manager is named on the restricted child: the head of service is not, so it is not counted for them.
    assert rows["CIN team 1"] == {"red": 0, "amber": 1, "green": 1, "not_rated": 0}
    assert rows["CIN team 2"] == {"red": 1, "amber": 0, "green": 0, "not_rated": 0}
    assert [(row.label, row.total) for row in counts.services] == [("Children in need", 3)]
    assert counts.total.counts == {"red": 1, "amber": 1, "green": 1, "not_rated": 0}
    manager_rows = rag_counts(user=council.manager)
    assert [row.label for row in manager_rows.teams] == ["CIN team 1"]
    assert manager_rows.total.counts["not_rated"] == 1  # the restricted child the manager is named on
    everyone = rag_counts(user=council.performance)
    assert {row.label for row in everyone.services} == {"Children in need", "Child protection", "Quality assurance"}


def test_counts_page_shows_totals(client, council):
    rate_as(council, council.own_child, "red")
    client.force_login(council.manager)
    page = client.get(reverse("prioritisation:assurance")).content.decode()
    assert "<h1" in page and page.count("<h1") == 1 and "RAG assurance" in page
    assert "Current ratings by team" in page and "Current ratings by service" in page and ">Total</th>" in page
    assert 'scope="col"' in page and 'scope="row"' in page
    assert reverse("prioritisation:not-seen") in page and reverse("prioritisation:movement") in page


def test_counts_page_queries_are_the_same_for_1_and_5_teams(client, council):
    """The page asks the same number of queries whatever the number of teams. Every page also carries the
    navigation's counters (notifications, approvals and what other parts of Caseboard register), so the count is
    compared between the two sizes rather than pinned to a number those counters would change."""
    teams = [council.cin_team] + [Team.objects.create(name=f"Extra {n}", service=council.cin) for n in range(4)]
    for n, team in enumerate(teams[1:]):
        child = make_child(f"X{n}", "Extra", f"Child{n}")
        open_cin(child)
        allocate(child, council.worker, team)
    client.force_login(council.manager)
    counts = []
    for how_many in (1, 5):
        council.manager.teams.set(teams[:how_many])
        client.get(reverse("prioritisation:assurance"))  # the session and caches settle on the first request
        with CaptureQueriesContext(connection) as queries:
            page = client.get(reverse("prioritisation:assurance")).content.decode()
        assert page.count('scope="row"') == how_many + 2  # each team, the total and the one service
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
    assert counts[0] <= 20, counts


def test_count_queries_are_fixed_for_one_and_five_teams(council, django_assert_num_queries):
    council.manager.teams.set([council.cin_team])
    with django_assert_num_queries(2):
        assert len(rag_counts(user=council.manager).teams) == 1
    council.manager.teams.set(
        [council.cin_team, council.cin_team_2, council.cp_team, *Team.objects.filter(name="IRO team")]
        + [Team.objects.create(name="Fifth", service=council.cp)]
    )
    with django_assert_num_queries(2):
        assert len(rag_counts(user=council.manager).teams) == 5


# --- not seen in person ----------------------------------------------------------------------------------------
def test_review_periods_come_from_the_operating_model(council):
    days = review_days(TODAY)
    assert days["red"] > 0 and days["amber"] > days["red"] - 1


def test_not_seen_boundary_for_red_and_amber(council):
    days = review_days(TODAY)
    rate_as(council, council.own_child, "red")
    rate_as(council, council.team_child, "amber", by=council.colleague)
    assert not_seen_ids(council.manager) == {council.own_child.pk, council.team_child.pk}  # never seen
    visit(council, council.own_child, days["red"] + 1)
    visit(council, council.team_child, days["amber"] + 1, by=council.colleague)
    assert not_seen_ids(council.manager) == {council.own_child.pk, council.team_child.pk}  # N+1 days: not seen
    visit(council, council.own_child, days["red"])
    visit(council, council.team_child, days["amber"], by=council.colleague)
    assert not_seen_ids(council.manager) == set()  # exactly N days ago counts as seen


def test_green_and_unrated_children_are_not_listed(council):
    rate_as(council, council.own_child, "green")
    assert not_seen_ids(council.manager) == set()


def test_virtual_visits_and_not_seen_do_not_count(council):
    rate_as(council, council.own_child, "red")
    visit(council, council.own_child, 1, mode=VisitMode.VIDEO)
    visit(council, council.own_child, 1, mode=VisitMode.PHONE)
    visit(council, council.own_child, 2, was_seen=False)
    children, _ = not_seen_in_person(user=council.manager, today=TODAY)
    assert [(c.pk, c.last_seen_in_person_on) for c in children] == [(council.own_child.pk, None)]


def test_not_seen_page_columns_filter_and_never(client, council):
    rate_as(council, council.own_child, "red")
    rate_as(council, council.other_team_child, "amber", by=council.other_worker)
    client.force_login(council.head)
    page = client.get(reverse("prioritisation:not-seen")).content.decode()
    assert page.count("<h1") == 1 and "Ava Brown" in page and "Cara Dixon" in page and "Never" in page
    assert 'govuk-tag--red">Red</strong>' in page and 'govuk-tag--orange">Amber</strong>' in page
    assert "CIN team 1" in page and "CIN team 2" in page
    filtered = client.get(reverse("prioritisation:not-seen"), {"team": council.cin_team_2.pk}).content.decode()
    assert "Cara Dixon" in filtered and "Ava Brown" not in filtered


# --- movement --------------------------------------------------------------------------------------------------
def test_movement_up_down_same_by_week(council):
    monday = TODAY - timedelta(days=TODAY.weekday())
    rate_as(council, council.own_child, "green", today=monday - timedelta(weeks=2))  # first
    rate_as(council, council.own_child, "red", today=monday - timedelta(weeks=1))  # up
    rate_as(council, council.own_child, "amber", today=monday)  # down
    rate_as(council, council.team_child, "amber", by=council.colleague, today=monday - timedelta(weeks=9))  # too old
    rate_as(council, council.team_child, "amber", by=council.colleague, today=TODAY)  # same
    result = movement(user=council.manager, today=TODAY)
    assert len(result.weeks) == 8 and result.weeks[-1].starts_on == monday
    assert [(w.counts["up"], w.counts["down"], w.counts["same"], w.counts["first"]) for w in result.weeks[-3:]] == [
        (0, 0, 0, 1),
        (1, 0, 0, 0),
        (0, 1, 1, 0),
    ]
    assert sum(row.total for row in result.by_team if row.team == council.cin_team) == 4
    assert movement(user=council.cp_head, today=TODAY).largest == 0  # not their children


def test_movement_page_has_an_accessible_chart_without_inline_styles(client, council):
    rate_as(council, council.own_child, "green")
    rate_as(council, council.own_child, "red")
    client.force_login(council.manager)
    page = client.get(reverse("prioritisation:movement")).content.decode()
    assert page.count("<h1") == 1
    assert 'role="img" aria-labelledby="chart-title chart-desc"' in page and "<title id=" in page
    assert "<desc id=" in page and "style=" not in page.split("<svg", 1)[1].split("</svg>")[0]
    assert "<script" not in page.split("<svg", 1)[1].split("</svg>")[0]


# --- need to know ----------------------------------------------------------------------------------------------
@pytest.mark.parametrize("name", PAGES)
@pytest.mark.parametrize("role", ["worker", "colleague", "iro", "nobody"])
def test_others_get_403(client, council, name, role):
    client.force_login(getattr(council, role))
    assert client.get(reverse(name)).status_code == 403


@pytest.mark.parametrize("name", PAGES)
@pytest.mark.parametrize("role", ["manager", "head", "performance", "admin"])
def test_reviewers_get_the_pages(client, council, name, role):
    client.force_login(getattr(council, role))
    assert client.get(reverse(name)).status_code == 200


def test_a_manager_sees_only_their_teams(client, council):
    rate_as(council, council.own_child, "red")
    rate_as(council, council.other_team_child, "red", by=council.other_worker)
    rate_as(council, council.cp_child, "red", by=council.cp_worker)
    assert not_seen_ids(council.manager) == {council.own_child.pk}
    client.force_login(council.manager)
    for name in PAGES:
        page = client.get(reverse(name)).content.decode()
        assert "CIN team 2" not in page and "CP team 1" not in page and "Cara Dixon" not in page
    # Asking for another team's children shows the manager's own list, not the other team's.
    page = client.get(reverse("prioritisation:not-seen"), {"team": council.cin_team_2.pk}).content.decode()
    assert "Cara Dixon" not in page


def test_anonymous_is_sent_to_sign_in(client, council):
    response = client.get(reverse("prioritisation:assurance"))
    assert response.status_code in (302, 403)


def test_the_team_review_page_links_the_assurance_pages(client, council):
    client.force_login(council.manager)
    page = client.get(reverse("prioritisation:team-review", args=[council.cin_team.pk])).content.decode()
    for name in PAGES:
        assert f'href="{reverse(name)}"' in page
