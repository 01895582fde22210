"""Fictional payments for the demo council: the council's cost codes (with "COVID-19: delayed housing", and cash
assistance closed while it is reviewed, seed 002) and their budgets this financial year; a team coordinator (the demo
account ``teamcoordinator``, in the demo team manager's team); and section 17 payments and care leavers'
discretionary payments for some children, most approved, a few awaiting approval. When the demo's today is in 2020
(the ``covid-2020`` scenario) requests rise in April and May 2020: more children have one, most made in those months.

Deterministic by seed; written in bulk inside an ``audit_bypass`` (loading demo data is not casework)."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from caseboard.accounts.models import Role, User
from caseboard.casework.models import Allocation, AllocationRole
from caseboard.core.audit import audit_bypass

from .models import Budget, CostCode, Payment, PaymentKind, PaymentMethod, PaymentStatus
from .operating import approver_role_for, financial_year, settings_on

COST_CODES = (
    ("S17-FOOD", "Section 17: food and essentials", True, "4000.00"),
    ("S17-UTIL", "Section 17: gas, electricity and water", True, "2500.00"),
    ("S17-CASH", "Section 17: cash assistance (under review)", False, None),
    ("CL-DISC", "Care leavers: discretionary payments", True, "6000.00"),
    ("COVID-HSG", "COVID-19: delayed housing", True, "3000.00"),
)
NEEDS = {
    "S17-FOOD": (
        "Food for the family for a week while the parent self-isolates",
        "The parent showed an empty fridge and cupboards on the video call; the school confirmed no free school "
        "meal vouchers have arrived",
    ),
    "S17-UTIL": (
        "Top-up of the prepayment electricity meter",
        "Meter reading seen on the visit: emergency credit used; the family has no money until Universal Credit is "
        "paid on Friday",
    ),
    "CL-DISC": (
        "Essentials for the first week in a new flat",
        "Tenancy agreement seen; the flat is unfurnished and the young person has no savings",
    ),
    "COVID-HSG": (
        "Two extra weeks in supported lodgings while the housing application is delayed",
        "The housing provider's email confirms the start of the tenancy is put back because of COVID-19",
    ),
}
METHODS = {
    "S17-FOOD": PaymentMethod.VOUCHER,
    "S17-UTIL": PaymentMethod.PREPAID_CARD,
    "CL-DISC": PaymentMethod.BANK_TRANSFER,
    "COVID-HSG": PaymentMethod.DIRECT_PURCHASE,
}


def _at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(11, 0)))


def _coordinator(manager: User | None) -> User | None:
    user = User.objects.filter(username="teamcoordinator").first()
    if user is not None or manager is None:
        return user
    team = manager.teams.order_by("pk").first()
    user = User.objects.create(
        username="teamcoordinator",
        first_name="Jo",
        last_name="Bennett",
        role=Role.TEAM_COORDINATOR,
        job_title=f"Team coordinator, {team.name}" if team else "Team coordinator",
        email="teamcoordinator@caseboard.invalid",
        password=manager.password,
    )
    if team is not None:
        user.teams.add(team)
    return user


@transaction.atomic
def add_demo_payments(seed: int, today: date) -> str:
    rng = random.Random(f"payments-{seed}")
    admin = User.objects.filter(is_superuser=True).order_by("pk").first() or User.objects.order_by("pk").first()
    if admin is None:
        return "No payments added (no staff)"
    manager = User.objects.filter(username="manager").first()
    coordinator = _coordinator(manager)
    year = financial_year(today)
    since = _at(today - timedelta(days=120))
    with audit_bypass("loading demo data"):
        codes = [
            CostCode(code=code, name=name, is_open=is_open, recorded_by=admin, recorded_at=since)
            for code, name, is_open, _budget in COST_CODES
        ]
        CostCode.objects.bulk_create(codes)
        by_code = {c.code: c for c in CostCode.objects.all()}
        Budget.objects.bulk_create(
            [
                Budget(cost_code=by_code[code], year=year, amount=Decimal(amount), recorded_by=admin, recorded_at=since)
                for code, _name, _open, amount in COST_CODES
                if amount
            ]
        )
        allocations = list(
            Allocation.objects.filter(
                ended_on__isnull=True, role__in=(AllocationRole.SOCIAL_WORKER, AllocationRole.PERSONAL_ADVISER)
            )
            .select_related("worker", "team")
            .order_by("child_id", "pk")
        )
        approvers: dict[int, list[User]] = {}
        for user in User.objects.filter(
            role__in=(Role.TEAM_COORDINATOR, Role.TEAM_MANAGER), is_active=True
        ).prefetch_related("teams"):
            for team in user.teams.all():
                approvers.setdefault(team.pk, []).append(user)
        limits = settings_on(today)
        pandemic = date(2020, 1, 1) <= today <= date(2020, 12, 31)
        share = 0.4 if pandemic else 0.25
        payments, seen = [], set()
        for allocation in allocations:
            if allocation.child_id in seen or rng.random() >= share:
                continue
            seen.add(allocation.child_id)
            leaver = allocation.role == AllocationRole.PERSONAL_ADVISER
            code = rng.choice(("CL-DISC", "COVID-HSG")) if leaver else rng.choice(("S17-FOOD", "S17-FOOD", "S17-UTIL"))
            amount = Decimal(rng.choice((20, 30, 40, 50, 75, 120, 180, 300))).quantize(Decimal("0.01"))
            day = today - timedelta(days=rng.randint(0, 100))
            if pandemic and rng.random() < 0.75:
                day = min(today, date(2020, 4, 1) + timedelta(days=rng.randint(0, 60)))
            need, evidence = NEEDS[code]
            role = approver_role_for(amount, limits)
            deciders = [
                u
                for u in approvers.get(allocation.team_id, [])
                if u.pk != allocation.worker_id and (u.role == Role.TEAM_MANAGER or role == Role.TEAM_COORDINATOR)
            ]
            decided = deciders and day < today - timedelta(days=3) and role != Role.HEAD_OF_SERVICE
            decider = rng.choice(deciders) if decided else None
            payments.append(
                Payment(
                    child_id=allocation.child_id,
                    team=allocation.team,
                    kind=PaymentKind.CARE_LEAVER if leaver else PaymentKind.SECTION_17,
                    need=need,
                    evidence=evidence,
                    amount=amount,
                    method=METHODS[code],
                    cost_code=by_code[code],
                    requested_on=day,
                    requested_by=allocation.worker,
                    requested_at=_at(day),
                    approver_role=role,
                    status=PaymentStatus.APPROVED if decider else PaymentStatus.REQUESTED,
                    decided_by=decider,
                    decided_at=_at(day + timedelta(days=1)) if decider else None,
                    decided_on=day + timedelta(days=1) if decider else None,
                )
            )
        Payment.objects.bulk_create(payments)
    approved = sum(1 for p in payments if p.status == PaymentStatus.APPROVED)
    return f"{len(codes)} cost codes; {len(payments)} payments ({approved} approved)" + (
        f"; team coordinator {coordinator.username}" if coordinator else ""
    )
