"""Each role's home page: signing in lands on it, and it shows that role's work (a worker's week, a manager's teams
and approvals, the front door's queue, an IRO's reviews, a performance officer's reports, an administrator's staff)
and nothing another role's."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from caseboard.accounts.models import Role
from caseboard.compliance.services import due_items_recompute_all
from caseboard.conftest import allocate, make_child, make_user, open_cin
from caseboard.decisions import services as decisions

pytestmark = pytest.mark.django_db

CARDS = {
    "caseload",
    "week",
    "teams",
    "overdue",
    "approvals",
    "rag",
    "front-door",
    "reviews",
    "reports",
    "returns",
    "operating-model",
    "staff",
}


def cards_on(client, user) -> set[str]:
    client.force_login(user)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    content = response.content.decode()
    return {card for card in CARDS if f'data-testid="home-{card}"' in content}


def test_signing_in_lands_on_the_home_page(client, council):
    council.worker.set_password("a long enough password 1")
    council.worker.save()
    response = client.post(
        reverse("accounts:login"), {"username": "worker", "password": "a long enough password 1"}, follow=False
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("home")


def test_a_social_workers_home_is_their_caseload_and_their_week(client, council):
    due_items_recompute_all(today=timezone.localdate())
    assert cards_on(client, council.worker) == {"caseload", "week"}
    content = client.get(reverse("home")).content.decode()
    assert "Ava Brown" in content  # an overdue visit on their own child
    assert "Ben Clarke" not in content  # a colleague's child


def test_a_team_managers_home_is_their_teams(client, council):
    due_items_recompute_all(today=timezone.localdate())
    decisions.decision_propose(
        children=[council.own_child],
        proposed_by=council.worker,
        kind="visit_virtual",
        rationale="Household isolating",
        starts_on=timezone.localdate(),
    )
    assert cards_on(client, council.manager) == {"teams", "overdue", "approvals", "rag"}
    content = client.get(reverse("home")).content.decode()
    assert "Overdue in your teams, by worker" in content
    assert f"{council.worker.first_name} {council.worker.last_name}" in content  # the worker's overdue row
    assert "Ava Brown" in content  # the decision waiting


def test_a_head_of_service_sees_their_service(client, council):
    due_items_recompute_all(today=timezone.localdate())
    cards = cards_on(client, council.head)
    assert {"overdue", "approvals", "rag", "reports", "operating-model"} <= cards
    assert "caseload" not in cards
    assert "Overdue in your service" in client.get(reverse("home")).content.decode()


def test_the_front_door_sees_its_queue(client, council):
    front_door = make_user("fd", Role.FRONT_DOOR, council.cin_team)
    assert cards_on(client, front_door) == {"front-door"}


def test_an_iro_sees_their_reviews(client, council):
    assert "reviews" in cards_on(client, council.iro)


def test_a_performance_officer_sees_reports_and_returns(client, council):
    assert {"reports", "returns"} <= cards_on(client, council.performance)


def test_an_administrator_sees_staff_and_settings(client, council):
    assert {"staff", "operating-model"} <= cards_on(client, council.admin)


def test_someone_with_no_work_is_told_so(client, council):
    client.force_login(council.nobody)
    content = client.get(reverse("home")).content.decode()
    assert "There is nothing waiting for you" in content


def test_a_workers_home_costs_the_same_queries_with_one_child_or_many(client, council):
    today = timezone.localdate()
    due_items_recompute_all(today=today)
    client.force_login(council.worker)
    client.get(reverse("home"))
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("home"))
    for number in range(12):
        child = make_child(f"H{number}", "Harper", f"Lane{number}", dob=date(2016, 1, 1))
        open_cin(child)
        allocate(child, council.worker, council.cin_team)
    due_items_recompute_all(today=today)
    with CaptureQueriesContext(connection) as many:
        response = client.get(reverse("home"))
    assert len(many) == len(one)
    assert "Showing 8 of" in response.content.decode()


def test_the_home_page_is_not_cached(client, council):
    client.force_login(council.worker)
    response = client.get(reverse("home"))
    assert "no-store" in response["Cache-Control"]
