"""The statutory clock now lives in ``caseboard.clock`` (``engine``, ``visits``, ``reviews``, ``assessments``,
``reminders``, ``versions``). These names stay importable from here for code not yet moved to it."""

from caseboard.clock.assessments import assessment_pause_days
from caseboard.clock.engine import compute_due_items
from caseboard.clock.versions import DUE_SOON_WORKING_DAYS, due_status, rules_in_force
from caseboard.clock.visits import CARE_ORDER, INTERIM_CARE_ORDER, WITH_PARENTS, care_period, visit_counts
from caseboard.clock.words import date_words

__all__ = [
    "CARE_ORDER",
    "DUE_SOON_WORKING_DAYS",
    "INTERIM_CARE_ORDER",
    "WITH_PARENTS",
    "assessment_pause_days",
    "care_period",
    "compute_due_items",
    "date_words",
    "due_status",
    "rules_in_force",
    "visit_counts",
]
