"""The causes of delay in force on a date, read through the policy app's settings sections."""

from __future__ import annotations

from datetime import date

from caseboard.policy.hooks import section_in_force

from .models import PANDEMIC

SECTION_KEY = "delays"


def delay_reasons(on: date) -> list[tuple[str, str]]:
    """(code, label) of every cause of delay in the operating model in force on ``on``."""
    reasons = section_in_force(SECTION_KEY, on=on).choices
    return reasons or [(PANDEMIC, "Impact of the pandemic")]
