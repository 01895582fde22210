"""The family centre's operating-model settings in force on a date: the council's version in force that day, read
through the policy app's settings sections (the statutory baseline when no version is in force). Every rule a
council might change is read here: capacities, limits, gaps, due periods."""

from __future__ import annotations

from datetime import date

from caseboard.clock.calendar import is_working_day
from caseboard.policy.hooks import SectionByDay, section_for, section_in_force

from .models import SETTINGS_FIELDS, FamilyTimeSettings
from .slots import DayRules

SECTION_KEY = "family_time"


def settings_on(day: date) -> FamilyTimeSettings:
    """The settings in force on ``day`` under the council's operating model."""
    return section_in_force(SECTION_KEY, on=day)


def settings_of(version: object) -> FamilyTimeSettings:
    """One version's family time settings."""
    return section_for(version, SECTION_KEY)


def is_bank_holiday(day: date) -> bool:
    """A bank holiday in England on a weekday (the working-day calendar's; observed days included)."""
    return day.weekday() < 5 and not is_working_day(day)


def day_rules(s: FamilyTimeSettings, day: date, venue: object | None = None) -> DayRules:
    """The settings that decide the slots of one day (at a venue: its own opening hours where it has them)."""
    own = venue is not None and getattr(venue, "has_own_hours", False)
    return DayRules(
        opens_at=venue.opens_at if own else s.opens_at,  # type: ignore[union-attr]
        closes_at=venue.closes_at if own else s.closes_at,  # type: ignore[union-attr]
        slot_minutes=s.slot_minutes,
        cleaning_gap_minutes=s.cleaning_gap_minutes,
        sessions_per_day=s.sessions_per_day,
        open_on_saturdays=s.open_on_saturdays,
        open_on_sundays=s.open_on_sundays,
        closed_for_bank_holiday=not s.open_on_bank_holidays and is_bank_holiday(day),
    )


class SettingsByDay:
    """Settings looked up once per day (a slot search over a month asks for each day), the versions once."""

    def __init__(self) -> None:
        self._days: dict[date, FamilyTimeSettings] = {}
        self._sections = SectionByDay(SECTION_KEY)
        self._holidays: list[tuple[date, date]] | None = None

    def is_school_holiday(self, day: date) -> bool:
        """Whether ``day`` is in one of the council's school holidays (read once: the list is short)."""
        if self._holidays is None:
            from .models import SchoolHoliday

            self._holidays = list(SchoolHoliday.objects.values_list("starts_on", "ends_on"))
        return any(start <= day <= end for start, end in self._holidays)

    def on(self, day: date) -> FamilyTimeSettings:
        if day not in self._days:
            self._days[day] = self._sections.on(day)
        return self._days[day]

    def rules(self, day: date, venue: object | None = None) -> DayRules:
        return day_rules(self.on(day), day, venue)


def settings_dict(s: FamilyTimeSettings) -> dict[str, object]:
    return {name: getattr(s, name) for name in SETTINGS_FIELDS}
