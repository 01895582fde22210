"""How long a temporary approval of carers lasts: CPPCR reg 24 (a connected person approved as a foster carer for a
named child, for 16 weeks; any person, for 24 weeks, while SI 2020/445 was in force) and reg 25 (one extension of at
most 8 weeks). The lengths are the operating model's, passed in; day 0 is the approval date (DOMAIN.md section 4)."""

from __future__ import annotations

from datetime import date, timedelta

__all__ = ["temporary_approval_ends"]


def temporary_approval_ends(approved_on: date, *, weeks: int, extended_weeks: int = 0) -> date:
    """The last day a temporary approval is in force: ``weeks`` (and any extension) of 7 days from the approval."""
    return approved_on + timedelta(weeks=weeks + extended_weeks)
