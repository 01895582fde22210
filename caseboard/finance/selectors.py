"""Reads of payments (always of children the user may see), of the approvals waiting for a user, of the cost codes
with their budgets and spend, and the spend report by cost code, team and month."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth

from caseboard.accounts.models import Role, User
from caseboard.people.models import Child
from caseboard.people.selectors import children_visible_to

from .models import Budget, CostCode, Payment, PaymentStatus
from .operating import APPROVER_RANK, financial_year

ZERO = Decimal("0.00")


def payments_for_child(*, child: Child, limit: int = 20) -> list[Payment]:
    return list(Payment.objects.filter(child=child).select_related("cost_code", "requested_by", "decided_by")[:limit])


def payments_visible_to(user: User) -> QuerySet[Payment]:
    return Payment.objects.filter(child__in=children_visible_to(user).values("pk"))


def payment_for(*, user: User, pk: object) -> Payment | None:
    return (
        payments_visible_to(user)
        .select_related("child", "team", "cost_code", "requested_by", "decided_by")
        .filter(pk=pk)
        .first()
    )


def awaiting_approval(user: User) -> QuerySet[Payment]:
    """Requested payments in the user's teams (a head of service: their service) that others requested, oldest
    first; those above the user's limit are listed too (the page says who must approve them)."""
    if not APPROVER_RANK.get(user.role):
        return Payment.objects.none()
    scope = Q(team__in=user.teams.values("pk"))
    if user.role == Role.HEAD_OF_SERVICE and user.service_id:
        scope |= Q(team__service_id=user.service_id)
    return (
        payments_visible_to(user)
        .filter(scope, status=PaymentStatus.REQUESTED)
        .exclude(requested_by=user)
        .select_related("child", "team", "cost_code", "requested_by")
        .order_by("requested_on", "pk")
    )


@dataclass(frozen=True)
class CodeYear:
    """A cost code's budget and spend in a financial year (approved payments, by the day approved)."""

    cost_code: CostCode
    budget: Decimal | None
    spent: Decimal
    awaiting: Decimal

    @property
    def remaining(self) -> Decimal | None:
        return None if self.budget is None else self.budget - self.spent


def year_bounds(year: int) -> tuple[date, date]:
    return date(year, 4, 1), date(year + 1, 3, 31)


def cost_codes_with_budgets(year: int) -> list[CodeYear]:
    """Every cost code with its budget, spend and amount awaiting approval in the financial year (three queries)."""
    first, last = year_bounds(year)
    codes = list(CostCode.objects.order_by("code"))
    budgets = dict(Budget.objects.filter(year=year).values_list("cost_code_id", "amount"))
    spent = dict(
        Payment.objects.filter(status=PaymentStatus.APPROVED, decided_on__gte=first, decided_on__lte=last)
        .values("cost_code_id")
        .annotate(total=Sum("amount"))
        .values_list("cost_code_id", "total")
    )
    awaiting = dict(
        Payment.objects.filter(status=PaymentStatus.REQUESTED, requested_on__gte=first, requested_on__lte=last)
        .values("cost_code_id")
        .annotate(total=Sum("amount"))
        .values_list("cost_code_id", "total")
    )
    return [
        CodeYear(
            cost_code=code,
            budget=budgets.get(code.pk),
            spent=spent.get(code.pk) or ZERO,
            awaiting=awaiting.get(code.pk) or ZERO,
        )
        for code in codes
    ]


def code_year(cost_code: CostCode, day: date) -> CodeYear:
    year = financial_year(day)
    return next(row for row in cost_codes_with_budgets(year) if row.cost_code.pk == cost_code.pk)


@dataclass(frozen=True)
class SpendRow:
    code: str
    code_name: str
    team: str
    month: date
    payments: int
    total: Decimal


def spend_report(*, first: date, last: date) -> list[SpendRow]:
    """Approved payments in a period (by the day approved), by cost code, team and month: one query, whatever the
    number of payments. No child is named."""
    rows = (
        Payment.objects.filter(status=PaymentStatus.APPROVED, decided_on__gte=first, decided_on__lte=last)
        .annotate(month=TruncMonth("decided_on"))
        .values("cost_code__code", "cost_code__name", "team__name", "month")
        .annotate(payments=Count("pk"), total=Sum("amount"))
        .order_by("cost_code__code", "team__name", "month")
    )
    return [
        SpendRow(
            code=row["cost_code__code"],
            code_name=row["cost_code__name"],
            team=row["team__name"] or "No team",
            month=row["month"],
            payments=row["payments"],
            total=row["total"],
        )
        for row in rows
    ]


def finance_export(*, user: User, first: date, last: date) -> list[Payment]:
    """Approved payments in a period for the finance system, of the children the user may see, oldest first."""
    return list(
        payments_visible_to(user)
        .filter(status=PaymentStatus.APPROVED, decided_on__gte=first, decided_on__lte=last)
        .select_related("child", "team", "cost_code", "decided_by")
        .order_by("decided_on", "pk")
    )
