"""The placement rules in force on a date: the council's operating-model version that day, read through the policy
app's settings sections (the statutory baseline when no version is in force)."""

from __future__ import annotations

from datetime import date

from caseboard.policy.hooks import section_in_force

from .models import PlacementSettings

SECTION_KEY = "placements"


def settings_on(day: date) -> PlacementSettings:
    """The placement settings in force on ``day`` (reg 24's length on the approval date, and so on)."""
    return section_in_force(SECTION_KEY, on=day)
