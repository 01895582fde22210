"""What waits for a manager is counted in a fixed number of queries, however many decisions are pending: the
navigation's count, the approvals page and the home page's card."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from caseboard.accounts.models import Role
from caseboard.core.audit import audit_bypass
from caseboard.decisions.models import KeyDecision
from caseboard.decisions.selectors import approvals_count, awaiting_approval, may_approve

pytestmark = pytest.mark.django_db


def pending(council, number: int, child=None) -> None:
    child = child or council.own_child
    with audit_bypass("many pending decisions for a query count"):
        _pending(council, number, child)


def _pending(council, number: int, child) -> None:
    decisions = KeyDecision.objects.bulk_create(
        KeyDecision(
            kind="visit_virtual",
            rationale="Household isolating",
            starts_on=timezone.localdate(),
            proposed_by=council.worker,
            proposed_at=timezone.now(),
            approver_role=Role.TEAM_MANAGER,
            review_after_days=21,
        )
        for _ in range(number)
    )
    KeyDecision.children.through.objects.bulk_create(
        KeyDecision.children.through(keydecision_id=decision.pk, child_id=child.pk) for decision in decisions
    )


def queries(function) -> int:
    with CaptureQueriesContext(connection) as captured:
        function()
    return len(captured)


def test_the_count_costs_the_same_for_one_or_five_hundred(council):
    pending(council, 1)
    one = queries(lambda: approvals_count(council.manager))
    assert approvals_count(council.manager) == 1
    pending(council, 499)
    assert queries(lambda: approvals_count(council.manager)) == one
    assert approvals_count(council.manager) == 500


def test_the_approvals_page_and_home_cost_the_same_for_one_or_many(client, council):
    client.force_login(council.manager)
    pending(council, 1)
    client.get(reverse("decisions:approvals"))
    page_one = queries(lambda: client.get(reverse("decisions:approvals")))
    home_one = queries(lambda: client.get(reverse("home")))
    pending(council, 40)
    assert queries(lambda: client.get(reverse("decisions:approvals"))) == page_one
    assert queries(lambda: client.get(reverse("home"))) == home_one


def test_the_bulk_rule_agrees_with_the_one_at_a_time_rule(council):
    """A decision about a child in another team is not the manager's; a head of service's service holds both."""
    pending(council, 2)
    pending(council, 1, child=council.other_team_child)
    for user in (council.manager, council.head, council.cp_head, council.worker):
        candidates = KeyDecision.objects.all()
        one_by_one = {decision.pk for decision in candidates if may_approve(user, decision)}
        assert {decision.pk for decision in awaiting_approval(user=user)} == one_by_one, user.username
