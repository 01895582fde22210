"""The family centre's operating-model settings in force on a date: the council's version in force that day, read
through the policy app's settings sections (model defaults, the statutory baseline, when there is no council model).
Every rule a council might change is read here: capacities, limits, gaps, due periods."""

from __future__ import annotations

from datetime import date, time

from .models import SETTINGS_FIELDS, SETTINGS_PRESETS, FamilyTimeSettings
from .slots import DayRules

SECTION_KEY = "family_time"
# The school day a child of compulsory school age (5 to 16) is not taken out of for family time.
SCHOOL_HOURS = (time(8, 30), time(15, 30))
SCHOOL_AGES = range(5, 17)


def _preset_slug(version: object) -> str | None:
    """The preset a version descends from (following what it was copied from), as the policy app names them."""
    from caseboard.policy.presets import COVID

    seen = 0
    while version is not None and seen < 50:
        model = version.operating_model
        if model.is_preset:
            return "covid" if model.name == COVID else "baseline"
        version = version.copied_from
        seen += 1
    return None


def section_values(version: object | None) -> FamilyTimeSettings:
    """One version's family time settings: its own row, else the values of the preset it descends from, else the
    defaults."""
    try:
        from caseboard.policy.hooks import section_for
    except ImportError:
        section_for = None
    if version is None:
        return FamilyTimeSettings()
    if section_for is not None:
        return section_for(version, SECTION_KEY)
    row = FamilyTimeSettings.objects.filter(version=version).first()
    if row is not None:
        return row
    return FamilyTimeSettings(version=version, **SETTINGS_PRESETS.get(_preset_slug(version) or "", {}))


def settings_on(day: date) -> FamilyTimeSettings:
    """The settings in force on ``day`` under the council's operating model."""
    try:
        from caseboard.policy.hooks import section_in_force
    except ImportError:
        from caseboard.policy.selectors import version_in_force

        return section_values(version_in_force(day))
    return section_in_force(SECTION_KEY, on=day)


class SettingsByDay:
    """Settings looked up once per day (a slot search over a month asks for each day)."""

    def __init__(self) -> None:
        self._days: dict[date, FamilyTimeSettings] = {}

    def on(self, day: date) -> FamilyTimeSettings:
        if day not in self._days:
            self._days[day] = settings_on(day)
        return self._days[day]

    def rules(self, day: date) -> DayRules:
        s = self.on(day)
        return DayRules(
            opens_at=s.opens_at,
            closes_at=s.closes_at,
            slot_minutes=s.slot_minutes,
            cleaning_gap_minutes=s.cleaning_gap_minutes,
            sessions_per_day=s.sessions_per_day,
            open_on_saturdays=s.open_on_saturdays,
        )


def settings_dict(s: FamilyTimeSettings) -> dict[str, object]:
    return {name: getattr(s, name) for name in SETTINGS_FIELDS}
