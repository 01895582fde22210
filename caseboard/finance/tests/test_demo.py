"""The payments demo step: cost codes with a closed one and the specialist COVID-19 code, budgets, a team
coordinator in the demo manager's team, and payments approved within the limits by someone other than the
requester."""

from __future__ import annotations

from datetime import date

import pytest

from caseboard.accounts.models import Role, User
from caseboard.finance.demo import add_demo_payments
from caseboard.finance.models import Budget, CostCode, Payment, PaymentStatus
from caseboard.finance.operating import APPROVER_RANK

pytestmark = pytest.mark.django_db


def test_the_demo_step(council):
    summary = add_demo_payments(1, date(2026, 5, 11))
    assert "cost codes" in summary
    assert CostCode.objects.get(code="COVID-HSG").name == "COVID-19: delayed housing"
    assert not CostCode.objects.get(code="S17-CASH").is_open
    assert Budget.objects.filter(year=2026).count() == 4
    coordinator = User.objects.get(username="teamcoordinator")
    assert coordinator.role == Role.TEAM_COORDINATOR
    assert list(coordinator.teams.all()) == list(council.manager.teams.all())
    for payment in Payment.objects.filter(status=PaymentStatus.APPROVED).select_related("decided_by"):
        assert payment.decided_by_id != payment.requested_by_id
        assert APPROVER_RANK[payment.decided_by.role] >= APPROVER_RANK[payment.approver_role]
        assert payment.cost_code.is_open


def test_in_the_covid_2020_scenario_requests_rise_in_april_and_may(council):
    add_demo_payments(1, date(2020, 6, 4))
    days = list(Payment.objects.values_list("requested_on", flat=True))
    assert days
    spring = [day for day in days if date(2020, 4, 1) <= day <= date(2020, 5, 31)]
    assert len(spring) * 2 >= len(days)
