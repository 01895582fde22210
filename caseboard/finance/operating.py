"""The approval limits in force on a date, read through the policy app's settings sections (the statutory baseline's
when no version is in force): who may approve a payment of an amount."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from caseboard.accounts.models import Role
from caseboard.policy.hooks import section_in_force

from .models import FinanceSettings

SECTION_KEY = "payments"

# Who approves, lowest first: a role may approve whatever a lower one may.
APPROVER_RANK = {Role.TEAM_COORDINATOR: 1, Role.TEAM_MANAGER: 2, Role.HEAD_OF_SERVICE: 3}


def settings_on(day: date) -> FinanceSettings:
    return section_in_force(SECTION_KEY, on=day)


def approver_role_for(amount: Decimal, limits: FinanceSettings) -> str:
    """The lowest role that may approve a payment of ``amount`` under the limits."""
    if amount <= limits.coordinator_limit:
        return Role.TEAM_COORDINATOR
    if amount <= limits.manager_limit:
        return Role.TEAM_MANAGER
    return Role.HEAD_OF_SERVICE


def financial_year(day: date) -> int:
    """The financial year a day falls in, by the calendar year its April is in (1 April 2020 to 31 March 2021: 2020)."""
    return day.year if day.month >= 4 else day.year - 1


def year_label(year: int) -> str:
    return f"{year} to {year + 1}"
