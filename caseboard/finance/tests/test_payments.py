"""Payments: the rules (evidence, closed cost code, the approver's limit, separation of duties, the team), the
budget figures, the spend report's queries, the pages, the CSV downloads and the API."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from caseboard.accounts.models import Role
from caseboard.conftest import make_user
from caseboard.finance import services
from caseboard.finance.models import Budget, CostCode, Payment, PaymentStatus
from caseboard.finance.operating import approver_role_for, financial_year, settings_on
from caseboard.finance.selectors import cost_codes_with_budgets, spend_report

pytestmark = pytest.mark.django_db

DAY = date(2026, 5, 11)


@pytest.fixture
def codes(council):
    food = services.cost_code_add(code="s17-food", name="Section 17: food", recorded_by=council.admin)
    housing = services.cost_code_add(code="COVID-HSG", name="COVID-19: delayed housing", recorded_by=council.admin)
    cash = services.cost_code_add(code="S17-CASH", name="Section 17: cash", recorded_by=council.admin)
    services.cost_code_set_open(cost_code=cash, is_open=False, recorded_by=council.admin)
    services.budget_set(cost_code=food, year=2026, amount="1000.00", recorded_by=council.admin)
    return {"food": food, "housing": housing, "cash": CostCode.objects.get(pk=cash.pk)}


@pytest.fixture
def coordinator(council):
    return make_user("coordinator", Role.TEAM_COORDINATOR, council.cin_team)


def request_payment(council, codes, **changes) -> Payment:
    values = {
        "child": council.own_child,
        "kind": "section_17",
        "need": "Food for a week while the parent self-isolates",
        "evidence": "Empty cupboards seen on the video call",
        "amount": "30.00",
        "method": "voucher",
        "cost_code": codes["food"],
        "requested_by": council.worker,
        "today": DAY,
    }
    values.update(changes)
    return services.payment_request(**values)


def test_a_request_needs_the_evidence_and_an_open_cost_code_and_writes_nothing_otherwise(council, codes):
    with pytest.raises(ValidationError) as refused:
        request_payment(council, codes, evidence="  ")
    assert refused.value.message_dict["evidence"] == [
        "Give the evidence that the payment is needed: there must be clear evidence"
    ]
    with pytest.raises(ValidationError) as refused:
        request_payment(council, codes, cost_code=codes["cash"])
    assert refused.value.message_dict["cost_code"] == ["The cost code S17-CASH is closed: select an open cost code"]
    with pytest.raises(ValidationError) as refused:
        request_payment(council, codes, amount="12.345")
    assert refused.value.message_dict["amount"] == ["Enter the amount in pounds and pence, like 30.00"]
    with pytest.raises(ValidationError) as refused:
        request_payment(council, codes, amount="0")
    assert refused.value.message_dict["amount"] == ["The amount must be more than £0"]
    assert not Payment.objects.exists()


def test_money_is_decimal_to_the_penny():
    assert services.money("£1,234.50") == Decimal("1234.50")
    assert services.money(0.1) == Decimal("0.10")
    assert services.money("1e3") == Decimal("1000.00")
    assert services.money("abc") is None
    assert services.money("NaN") is None


def test_a_request_is_on_the_childs_team_with_the_approver_the_amount_needs(council, codes):
    payment = request_payment(council, codes)
    assert payment.team == council.cin_team
    assert payment.amount == Decimal("30.00")
    assert payment.approver_role == Role.TEAM_COORDINATOR
    assert request_payment(council, codes, amount="50.01").approver_role == Role.TEAM_MANAGER
    assert request_payment(council, codes, amount="250.01").approver_role == Role.HEAD_OF_SERVICE


def test_the_limits_come_from_the_operating_model():
    limits = settings_on(DAY)
    assert limits.coordinator_limit == Decimal("50.00")
    assert limits.manager_limit == Decimal("250.00")
    assert approver_role_for(Decimal("50.00"), limits) == Role.TEAM_COORDINATOR
    assert approver_role_for(Decimal("250.00"), limits) == Role.TEAM_MANAGER
    from caseboard.policy.hooks import section_defaults

    covid = section_defaults("payments", "covid")
    assert covid.coordinator_limit == Decimal("100.00")
    assert approver_role_for(Decimal("80.00"), covid) == Role.TEAM_COORDINATOR


def test_the_team_coordinator_approves_within_the_limit(council, codes, coordinator):
    payment = request_payment(council, codes)
    approved = services.payment_approve(payment=payment, approved_by=coordinator, today=DAY)
    assert approved.status == PaymentStatus.APPROVED
    assert approved.decided_by == coordinator
    assert approved.decided_on == DAY
    assert LogEntry.objects.get_for_object(approved).filter(action=LogEntry.Action.UPDATE).exists()


def test_above_the_approvers_limit_is_refused_with_nothing_written(council, codes, coordinator):
    payment = request_payment(council, codes, amount="80.00")
    with pytest.raises(ValidationError) as refused:
        services.payment_approve(payment=payment, approved_by=coordinator, today=DAY)
    assert refused.value.messages == [
        "£80.00 is above a team coordinator's limit of £50.00: a team manager must approve it"
    ]
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.REQUESTED and payment.decided_by is None
    big = request_payment(council, codes, amount="300.00")
    with pytest.raises(ValidationError) as refused:
        services.payment_approve(payment=big, approved_by=council.manager, today=DAY)
    assert refused.value.messages == [
        "£300.00 is above a team manager's limit of £250.00: a head of service must approve it"
    ]
    assert services.payment_approve(payment=big, approved_by=council.head, today=DAY).status == "approved"
    assert services.payment_approve(payment=payment, approved_by=council.manager, today=DAY).status == "approved"


def test_nobody_approves_their_own_request_and_approvers_are_in_the_childs_team(council, codes, coordinator):
    own = request_payment(council, codes, requested_by=council.manager)
    with pytest.raises(ValidationError) as refused:
        services.payment_approve(payment=own, approved_by=council.manager, today=DAY)
    assert refused.value.messages == ["You requested this payment: someone else must approve it"]
    other = request_payment(council, codes, child=council.other_team_child, requested_by=council.other_worker)
    with pytest.raises(ValidationError) as refused:
        services.payment_approve(payment=other, approved_by=coordinator, today=DAY)
    assert "another team" in refused.value.messages[0]
    with pytest.raises(ValidationError) as refused:
        services.payment_approve(payment=other, approved_by=council.colleague, today=DAY)
    assert "Only a team coordinator, team manager or head of service" in refused.value.messages[0]
    with pytest.raises(ValidationError):
        services.payment_approve(payment=other, approved_by=council.cp_head, today=DAY)
    assert services.payment_approve(payment=other, approved_by=council.head, today=DAY).status == "approved"
    assert Payment.objects.filter(status="approved").count() == 1


def test_refusing_needs_the_reason_and_a_decided_payment_is_not_decided_again(council, codes, coordinator):
    payment = request_payment(council, codes)
    with pytest.raises(ValidationError) as refused:
        services.payment_refuse(payment=payment, refused_by=coordinator, reason="")
    assert refused.value.message_dict["reason"] == ["Say why the payment is refused"]
    services.payment_refuse(payment=payment, refused_by=coordinator, reason="Food bank referral made instead")
    with pytest.raises(ValidationError) as refused:
        services.payment_approve(payment=payment, approved_by=council.manager, today=DAY)
    assert refused.value.messages == ["This payment is refused already"]


def test_budget_figures_per_code_and_financial_year(council, codes, coordinator):
    assert financial_year(date(2026, 3, 31)) == 2025 and financial_year(date(2026, 4, 1)) == 2026
    for amount in ("30.00", "45.50"):
        services.payment_approve(
            payment=request_payment(council, codes, amount=amount), approved_by=coordinator, today=DAY
        )
    request_payment(council, codes, amount="20.00")
    services.payment_approve(
        payment=request_payment(council, codes, amount="10.00", today=date(2026, 3, 2)),
        approved_by=coordinator,
        today=date(2026, 3, 2),
    )
    food = next(row for row in cost_codes_with_budgets(2026) if row.cost_code == codes["food"])
    assert (food.budget, food.spent, food.remaining, food.awaiting) == (
        Decimal("1000.00"),
        Decimal("75.50"),
        Decimal("924.50"),
        Decimal("20.00"),
    )
    housing = next(row for row in cost_codes_with_budgets(2026) if row.cost_code == codes["housing"])
    assert housing.budget is None and housing.remaining is None
    services.budget_set(cost_code=codes["food"], year=2026, amount="1200", recorded_by=council.admin)
    assert Budget.objects.get(cost_code=codes["food"], year=2026).amount == Decimal("1200.00")
    with pytest.raises(ValidationError) as refused:
        services.budget_set(cost_code=codes["food"], year=2026, amount="-1", recorded_by=council.admin)
    assert "amount" in refused.value.message_dict


def test_a_cost_code_is_not_added_twice(council, codes):
    with pytest.raises(ValidationError) as refused:
        services.cost_code_add(code="S17-FOOD", name="Food again", recorded_by=council.admin)
    assert refused.value.message_dict["code"] == ["The cost code S17-FOOD is already in the list"]


def _approve_many(council, codes, coordinator, count: int) -> None:
    for index in range(count):
        child = council.own_child if index % 2 else council.other_team_child
        worker = council.worker if index % 2 else council.other_worker
        payment = request_payment(council, codes, child=child, requested_by=worker, amount=f"{10 + index}.00")
        approver = coordinator if index % 2 else council.head
        services.payment_approve(payment=payment, approved_by=approver, today=date(2026, 4 + index % 3, 10))


def test_the_spend_report_is_by_code_team_and_month_in_one_query(council, codes, coordinator):
    _approve_many(council, codes, coordinator, 3)
    with CaptureQueriesContext(connection) as few:
        rows = spend_report(first=date(2026, 4, 1), last=date(2027, 3, 31))
    _approve_many(council, codes, coordinator, 12)
    with CaptureQueriesContext(connection) as many:
        more = spend_report(first=date(2026, 4, 1), last=date(2027, 3, 31))
    assert len(few) == len(many) == 1
    assert [(r.code, r.team, r.month.month, r.total) for r in rows] == [
        ("S17-FOOD", "CIN team 1", 5, Decimal("11.00")),
        ("S17-FOOD", "CIN team 2", 4, Decimal("10.00")),
        ("S17-FOOD", "CIN team 2", 6, Decimal("12.00")),
    ]
    assert sum(r.payments for r in more) == 15


def test_the_spend_page_and_its_queries_stay_the_same_with_more_payments(client, council, codes, coordinator):
    _approve_many(council, codes, coordinator, 3)
    client.force_login(council.manager)
    url = reverse("finance:spend") + "?from=2026-04-01&to=2027-03-31"
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    _approve_many(council, codes, coordinator, 12)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert len(few) == len(many)
    assert "S17-FOOD: Section 17: food" in response.content.decode()
    csv = client.get(url + "&format=csv")
    assert csv["Content-Type"].startswith("text/csv")
    assert "no-store" in csv["Cache-Control"]
    assert csv.content.decode().splitlines()[0] == "Cost code,Cost code name,Team,Month,Payments,Total (£)"


def test_the_finance_export_names_children_by_local_id_neutralised_and_audited(client, council, codes, coordinator):
    code = services.cost_code_add(code="=HYPERLINK(1)", name="Odd", recorded_by=council.admin)
    payment = request_payment(council, codes, cost_code=code)
    services.payment_approve(payment=payment, approved_by=coordinator, today=DAY)
    client.force_login(council.manager)
    response = client.get(reverse("finance:finance-export") + "?from=2026-04-01&to=2027-03-31")
    lines = response.content.decode().splitlines()
    assert lines[1].split(",")[2] == "'=HYPERLINK(1)"
    assert ",C1," in lines[1]
    assert "no-store" in response["Cache-Control"]
    vias = LogEntry.objects.filter(action=LogEntry.Action.ACCESS, object_pk=str(council.own_child.pk))
    assert "payments finance export CSV" in [entry.additional_data.get("via") for entry in vias]
    client.force_login(council.worker)
    assert client.get(reverse("finance:finance-export")).status_code == 403


def test_the_request_page_refuses_no_evidence_and_writes_nothing(client, council, codes):
    client.force_login(council.worker)
    url = reverse("finance:payment-new", args=[council.own_child.pk])
    assert client.get(url).status_code == 200
    data = {"kind": "section_17", "need": "Food", "evidence": "", "amount": "30", "method": "voucher"}
    response = client.post(url, {**data, "cost_code": codes["food"].pk})
    assert "there must be clear evidence" in response.content.decode()
    assert not Payment.objects.exists()
    response = client.post(url, {**data, "evidence": "Seen", "cost_code": codes["food"].pk})
    assert response.status_code == 302
    assert Payment.objects.get().amount == Decimal("30.00")
    assert client.get(reverse("finance:payment-new", args=[council.other_team_child.pk])).status_code == 403


def test_the_payment_page_approves_and_refuses(client, council, codes, coordinator):
    payment = request_payment(council, codes, amount="80.00")
    client.force_login(coordinator)
    url = reverse("finance:payment", args=[payment.pk])
    page = client.get(url).content.decode()
    assert "a team manager must approve it" in page
    response = client.post(url, {"approve": ""})
    assert "above a team coordinator&#x27;s limit" in response.content.decode()
    client.force_login(council.manager)
    assert client.post(url, {"approve": ""}).status_code == 302
    payment.refresh_from_db()
    assert payment.status == "approved"
    client.force_login(council.other_worker)
    assert client.get(url).status_code == 404


def test_cost_codes_are_kept_by_administrators(client, council, codes):
    client.force_login(council.manager)
    url = reverse("finance:cost-codes")
    assert client.get(url).status_code == 200
    assert client.post(url, {"add": "", "code": "X", "name": "Y"}).status_code == 403
    client.force_login(council.admin)
    assert client.post(url, {"add": "", "code": "CL-DISC", "name": "Care leavers"}).status_code == 302
    assert client.post(url, {"close": "", "cost_code": codes["food"].pk}).status_code == 302
    assert not CostCode.objects.get(pk=codes["food"].pk).is_open
    response = client.post(url, {"budget": "", "cost_code": codes["housing"].pk, "year": "2026", "amount": "x"})
    assert "Enter the budget in pounds and pence" in response.content.decode()
    client.force_login(council.worker)
    assert client.get(url).status_code == 403


def test_the_api_shares_the_rules(council, codes, coordinator):
    api = APIClient()
    api.force_authenticate(council.worker)
    body = {
        "child_id": council.own_child.pk,
        "kind": "section_17",
        "need": "Food",
        "evidence": "",
        "amount": "80.00",
        "method": "voucher",
        "cost_code": codes["food"].pk,
    }
    response = api.post("/api/v1/payments/", body, format="json")
    assert response.status_code == 400
    assert "there must be clear evidence" in str(response.json())
    response = api.post("/api/v1/payments/", {**body, "cost_code": codes["cash"].pk, "evidence": "Seen"}, format="json")
    assert response.status_code == 400 and "S17-CASH is closed" in str(response.json())
    response = api.post("/api/v1/payments/", {**body, "evidence": "Seen"}, format="json")
    assert response.status_code == 201, response.json()
    pk = response.json()["id"]
    assert response.json()["amount"] == "80.00"
    api.force_authenticate(coordinator)
    response = api.post(f"/api/v1/payments/{pk}/approve/", {}, format="json")
    assert response.status_code == 400 and "team manager must approve it" in str(response.json())
    api.force_authenticate(council.manager)
    assert api.post(f"/api/v1/payments/{pk}/approve/", {}, format="json").json()["status"] == "approved"
    response = api.get("/api/v1/reports/payments-spend/?from=2020-01-01&to=2030-12-31")
    assert response.json()["rows"][0]["total"] == "80.00"
    api.force_authenticate(council.worker)
    assert api.get("/api/v1/reports/payments-spend/").status_code == 403
    api.force_authenticate(council.other_worker)
    assert api.get(f"/api/v1/payments/{pk}/").status_code == 404


def test_the_childs_record_shows_the_payments(client, council, codes):
    request_payment(council, codes)
    client.force_login(council.worker)
    page = client.get(reverse("casework:child", args=[council.own_child.pk])).content.decode()
    assert 'id="payments"' in page and "Request a payment" in page and "£30.00" in page


def test_the_approvers_of_the_childs_team_are_told_and_the_requester_hears_the_decision(council, codes, coordinator):
    from caseboard.accounts.models import Notification

    payment = request_payment(council, codes)
    told = set(Notification.objects.values_list("recipient__username", flat=True))
    assert told == {"coordinator", "manager", "head"}
    assert Notification.objects.filter(message="A payment of £30.00 waits for your approval").count() == 3
    big = request_payment(council, codes, amount="90.00")
    assert set(
        Notification.objects.filter(link=reverse("finance:payment", args=[big.pk])).values_list(
            "recipient__username", flat=True
        )
    ) == {"manager", "head"}
    services.payment_approve(payment=payment, approved_by=coordinator, today=DAY)
    assert Notification.objects.filter(recipient=council.worker, message__contains="approved the payment").exists()


def test_the_childs_record_makes_the_same_queries_with_more_payments(client, council, codes, coordinator):
    request_payment(council, codes)
    client.force_login(council.worker)
    url = reverse("casework:child", args=[council.own_child.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for amount in ("10.00", "20.00", "40.00", "45.00"):
        payment = request_payment(council, codes, amount=amount)
        services.payment_approve(payment=payment, approved_by=coordinator, today=DAY)
    with CaptureQueriesContext(connection) as many:
        page = client.get(url).content.decode()
    assert "£45.00" in page
    assert len(many.captured_queries) == len(one.captured_queries)
