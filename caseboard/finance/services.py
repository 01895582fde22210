"""Every write to payments, cost codes and budgets; the rules here, so the pages and the API refuse the same input
with the same message, field by field, and write nothing.

A payment is requested with the need and the evidence (seed 002: "There must be clear evidence this is required") on
an open cost code; it is approved by someone other than the requester (separation of duties, as for key decisions)
who holds the role the operating model's limits require for the amount, in the team holding the child (a head of
service: in their service)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from caseboard.accounts.models import Role, User
from caseboard.accounts.services import notify
from caseboard.casework.models import Allocation, AllocationRole
from caseboard.people.models import Child

from .models import PENNY, Budget, CostCode, Payment, PaymentKind, PaymentMethod, PaymentStatus
from .operating import APPROVER_RANK, approver_role_for, settings_on

ROLE_LABELS = dict(Role.choices)


def _text(value: str | None) -> str:
    return (value or "").strip()


def money(value: object) -> Decimal | None:
    """A positive amount of money to the penny, or None (never through float)."""
    if isinstance(value, float):
        value = repr(value)
    try:
        amount = Decimal(str(value).strip().lstrip("£").replace(",", ""))
    except (InvalidOperation, ValueError):
        return None
    if not amount.is_finite() or amount != amount.quantize(PENNY):
        return None
    return amount.quantize(PENNY)


def pounds(amount: Decimal) -> str:
    return f"£{amount:,.2f}"


def team_for(child: Child) -> object | None:
    """The team holding the child: its social worker's or personal adviser's open allocation (the first otherwise)."""
    allocations = Allocation.objects.filter(child=child, ended_on__isnull=True).select_related("team")
    main = [a for a in allocations if a.role in (AllocationRole.SOCIAL_WORKER, AllocationRole.PERSONAL_ADVISER)]
    chosen = (main or list(allocations))[:1]
    return chosen[0].team if chosen else None


@transaction.atomic
def payment_request(
    *,
    child: Child,
    kind: str,
    need: str,
    evidence: str,
    amount: object,
    method: str,
    cost_code: CostCode | None,
    requested_by: User,
    today: date | None = None,
) -> Payment:
    """Request a payment for a child; it waits for approval by the role the amount needs."""
    today = today or timezone.localdate()
    errors: dict[str, str] = {}
    if kind not in PaymentKind.values:
        errors["kind"] = "Select the kind of payment"
    if not _text(need):
        errors["need"] = "Say what the payment is for"
    if not _text(evidence):
        errors["evidence"] = "Give the evidence that the payment is needed: there must be clear evidence"
    value = money(amount)
    if value is None:
        errors["amount"] = "Enter the amount in pounds and pence, like 30.00"
    elif value <= 0:
        errors["amount"] = "The amount must be more than £0"
    elif value >= Decimal("1000000"):
        errors["amount"] = "The amount must be less than £1,000,000"
    if method not in PaymentMethod.values:
        errors["method"] = "Select how it is paid"
    if cost_code is None:
        errors["cost_code"] = "Select the cost code"
    else:
        current = CostCode.objects.filter(pk=cost_code.pk).first()
        if current is None or not current.is_open:
            errors["cost_code"] = f"The cost code {cost_code.code} is closed: select an open cost code"
    if errors:
        raise ValidationError(errors)
    limits = settings_on(today)
    payment = Payment(
        child=child,
        team=team_for(child),
        kind=kind,
        need=_text(need),
        evidence=_text(evidence),
        amount=value,
        method=method,
        cost_code=cost_code,
        requested_on=today,
        requested_by=requested_by,
        requested_at=timezone.now(),
        approver_role=approver_role_for(value, limits),
    )
    payment.save()
    for approver in approvers_for(payment):
        notify(
            recipient=approver,
            message=f"A payment of {pounds(payment.amount)} waits for your approval",
            link=_link(payment),
        )
    return payment


def _link(payment: Payment) -> str:
    return reverse("finance:payment", args=[payment.pk])


def approvers_for(payment: Payment) -> list[User]:
    """Who may approve the payment (to tell them): the approvers of the child's team whose role the amount allows
    and the heads of its service; never its requester."""
    if payment.team_id is None:
        return []
    needed = APPROVER_RANK[payment.approver_role]
    team_roles = [role for role, rank in APPROVER_RANK.items() if rank >= needed and role != Role.HEAD_OF_SERVICE]
    users = list(User.objects.filter(is_active=True, role__in=team_roles, teams=payment.team_id))
    users += list(User.objects.filter(is_active=True, role=Role.HEAD_OF_SERVICE, service_id=payment.team.service_id))
    return [user for user in dict.fromkeys(users) if user.pk != payment.requested_by_id]


def in_scope(user: User, payment: Payment) -> bool:
    """The payment's child is held by one of the user's teams (a head of service: a team in their service)."""
    if payment.team_id is None:
        return user.role == Role.HEAD_OF_SERVICE
    if user.teams.filter(pk=payment.team_id).exists():
        return True
    return (
        user.role == Role.HEAD_OF_SERVICE
        and user.service_id is not None
        and (payment.team.service_id == user.service_id)
    )


def approval_problem(user: User, payment: Payment, *, today: date | None = None) -> str:
    """Why the user may not approve the payment ("" when they may): the limits in force on the day of approval."""
    if payment.requested_by_id == user.pk:
        return "You requested this payment: someone else must approve it"
    rank = APPROVER_RANK.get(user.role, 0)
    if not user.is_active or not rank:
        return "Only a team coordinator, team manager or head of service can approve a payment"
    limits = settings_on(today or timezone.localdate())
    needed = approver_role_for(payment.amount, limits)
    if rank < APPROVER_RANK[needed]:
        limit = limits.coordinator_limit if user.role == Role.TEAM_COORDINATOR else limits.manager_limit
        return (
            f"{pounds(payment.amount)} is above a {ROLE_LABELS[user.role].lower()}'s limit of {pounds(limit)}: "
            f"a {ROLE_LABELS[needed].lower()} must approve it"
        )
    if not in_scope(user, payment):
        return "This payment is for a child in another team: an approver in that team must approve it"
    return ""


def _lock(payment: Payment) -> Payment:
    current = Payment.objects.select_for_update(of=("self",)).select_related("team").get(pk=payment.pk)
    if current.status != PaymentStatus.REQUESTED:
        raise ValidationError({"__all__": f"This payment is {current.get_status_display().lower()} already"})
    return current


@transaction.atomic
def payment_approve(*, payment: Payment, approved_by: User, reason: str = "", today: date | None = None) -> Payment:
    """Approve a requested payment (refused, with nothing written, above the approver's limit or by its requester)."""
    today = today or timezone.localdate()
    current = _lock(payment)
    problem = approval_problem(approved_by, current, today=today)
    if problem:
        raise ValidationError({"__all__": problem})
    current.approver_role = approver_role_for(current.amount, settings_on(today))
    current.status = PaymentStatus.APPROVED
    current.decided_by = approved_by
    current.decided_at = timezone.now()
    current.decided_on = today
    current.decision_reason = _text(reason)
    current.save()
    notify(
        recipient=current.requested_by,
        message=f"{approved_by} approved the payment of {pounds(current.amount)}",
        link=_link(current),
    )
    return current


@transaction.atomic
def payment_refuse(*, payment: Payment, refused_by: User, reason: str, today: date | None = None) -> Payment:
    """Refuse a requested payment, with the reason; anyone who may approve it may refuse it."""
    today = today or timezone.localdate()
    if not _text(reason):
        raise ValidationError({"reason": "Say why the payment is refused"})
    current = _lock(payment)
    if current.requested_by_id == refused_by.pk:
        raise ValidationError({"__all__": "You requested this payment: someone else must decide on it"})
    if not APPROVER_RANK.get(refused_by.role) or not in_scope(refused_by, current):
        raise ValidationError({"__all__": "Only an approver in the child's team can refuse this payment"})
    current.status = PaymentStatus.REFUSED
    current.decided_by = refused_by
    current.decided_at = timezone.now()
    current.decided_on = today
    current.decision_reason = _text(reason)
    current.save()
    notify(
        recipient=current.requested_by,
        message=f"{refused_by} refused the payment of {pounds(current.amount)}",
        link=_link(current),
    )
    return current


@transaction.atomic
def cost_code_add(*, code: str, name: str, recorded_by: User) -> CostCode:
    errors: dict[str, str] = {}
    code = _text(code).upper()
    if not code:
        errors["code"] = "Enter the cost code"
    elif CostCode.objects.filter(code__iexact=code).exists():
        errors["code"] = f"The cost code {code} is already in the list"
    if not _text(name):
        errors["name"] = "Enter what the cost code is for"
    if errors:
        raise ValidationError(errors)
    cost_code = CostCode(code=code, name=_text(name), recorded_by=recorded_by, recorded_at=timezone.now())
    cost_code.save()
    return cost_code


@transaction.atomic
def cost_code_set_open(*, cost_code: CostCode, is_open: bool, recorded_by: User) -> CostCode:
    """Close a cost code (no new payments on it; those made stay on it) or open it again."""
    current = CostCode.objects.select_for_update().get(pk=cost_code.pk)
    current.is_open = is_open
    current.recorded_by = recorded_by
    current.recorded_at = timezone.now()
    current.save()
    return current


@transaction.atomic
def budget_set(*, cost_code: CostCode, year: int, amount: object, recorded_by: User) -> Budget:
    """Set (or change) a cost code's budget for a financial year."""
    errors: dict[str, str] = {}
    value = money(amount)
    if value is None or value < 0:
        errors["amount"] = "Enter the budget in pounds and pence, like 5000.00"
    if not isinstance(year, int) or not 2000 <= year <= 2100:
        errors["year"] = "Enter the year the financial year starts in, like 2020"
    if errors:
        raise ValidationError(errors)
    budget = Budget.objects.select_for_update().filter(cost_code=cost_code, year=year).first()
    if budget is None:
        budget = Budget(cost_code=cost_code, year=year)
    budget.amount = value
    budget.recorded_by = recorded_by
    budget.recorded_at = timezone.now()
    budget.save()
    return budget
