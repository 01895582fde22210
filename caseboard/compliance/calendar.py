"""Working days in England now live in ``caseboard.clock.calendar``; importable from here for code not yet moved."""

from caseboard.clock.calendar import (
    add_working_days,
    is_working_day,
    next_working_day_on_or_after,
    working_days_between,
)

__all__ = ["add_working_days", "is_working_day", "next_working_day_on_or_after", "working_days_between"]
