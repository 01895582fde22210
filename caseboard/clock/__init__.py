"""The statutory clock: what is due for a child, by when, and why. Pure Python: no Django import, no clock of its own
(``today`` is always passed in). Sources: DOMAIN.md sections 3 (visits), 4 (timescales) and 5 (working days).

Where to look:

- ``calendar``: working days in England (weekdays less bank holidays).
- ``vocabulary``: the plain data in and out (an operating model's rules, a child's facts, due items).
- ``versions``: which operating-model version applies to an interval (``Timeline``, ``rules_in_force``).
- ``visits``: when is a visit due? Child in need, child protection, Early Help, care leavers, private fostering,
  looked-after children (CPPCR reg 28 and its variants), remote contact.
- ``reviews``: when is a review or conference due? Looked-after reviews (reg 33), the initial conference, the first
  core group, review conferences, the placement plan.
- ``assessments``: when is an assessment due, with its pauses?
- ``reminders``: reviews of key decisions and RAG ratings, rating campaigns.
- ``engine``: the entry point, ``compute_due_items(facts, versions, today)``: which clocks run for a child.

The apps translate their rows into the vocabulary (``policy.selectors.to_rules``, the fact sources registered with
``compliance.facts``) and store what comes out (``compliance.services``).
"""

from __future__ import annotations

from .calendar import add_working_days, is_working_day, next_working_day_on_or_after, working_days_between
from .engine import compute_due_items
from .versions import DUE_SOON_WORKING_DAYS, Timeline, due_status, rules_in_force
from .visits import visit_counts
from .words import date_words

__all__ = [
    "DUE_SOON_WORKING_DAYS",
    "Timeline",
    "add_working_days",
    "compute_due_items",
    "date_words",
    "due_status",
    "is_working_day",
    "next_working_day_on_or_after",
    "rules_in_force",
    "visit_counts",
    "working_days_between",
]
