"""A hand-built week for the reporting tests: the week from Monday 23 March 2026 (the clocks went forward at 01:00
on Sunday 29 March), visits to the shared council's children, each figure known."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time

import pytest

from caseboard.casework.models import EpisodeKind
from caseboard.testing.factories import EpisodeFactory, VisitFactory

WEEK = date(2026, 3, 23)
SUNDAY = date(2026, 3, 29)
NEXT_MONDAY = date(2026, 3, 30)


def visit(child, on, mode="in_person_home", *, at=time(10, 0), purpose="statutory_cin", worker=None, seen=True):
    """A visit written directly (the reporting tests are about counting, not about the visit rules)."""
    worker = worker or child.allocations.first().worker
    return VisitFactory(
        children=[child], visited_on=on, visited_at_time=at, worker=worker, mode=mode, purpose=purpose, seen=seen
    )


def episode(child, kind, start_on, end_on=None):
    return EpisodeFactory(child=child, kind=kind, start_on=start_on, end_on=end_on)


@dataclass
class Week:
    council: object
    monday: date


@pytest.fixture
def week(council) -> Week:
    """In the week from 23 March 2026 (the children's CIN episodes are open from 5 January 2026):

    - own_child (CIN): in person Monday, video Wednesday, phone Sunday 23:59 BST; in person next Monday 00:00 (out);
      an "other" visit Tuesday (never counted)
    - team_child (CIN): in person Tuesday, in person Friday
    - cp_child: CP plan from 1 March; looked after from Thursday 26 March. In person Tuesday (CP), video Wednesday
      (CP), in person Thursday (LAC), video Saturday (LAC)
    - restricted_child (CIN, restricted, named: the team manager): in person Wednesday
    - other_team_child (CIN, another team): video Friday

    Whole council: CIN 7 (4 physical, 3 virtual) · CP 2 (1, 1) · LAC 2 (1, 1) · All 11 (6, 5).
    """
    c = council
    episode(c.cp_child, EpisodeKind.CHILD_PROTECTION, date(2026, 3, 1))
    episode(c.cp_child, EpisodeKind.LOOKED_AFTER, date(2026, 3, 26))
    visit(c.own_child, date(2026, 3, 23))
    visit(c.own_child, date(2026, 3, 25), "video")
    visit(c.own_child, SUNDAY, "phone", at=time(23, 59))
    visit(c.own_child, NEXT_MONDAY, at=time(0, 0))
    visit(c.own_child, date(2026, 3, 24), purpose="other")
    visit(c.team_child, date(2026, 3, 24))
    visit(c.team_child, date(2026, 3, 27), "in_person_elsewhere")
    visit(c.cp_child, date(2026, 3, 24), purpose="statutory_cp")
    visit(c.cp_child, date(2026, 3, 25), "video", purpose="statutory_cp")
    visit(c.cp_child, date(2026, 3, 26), purpose="statutory_lac")
    visit(c.cp_child, date(2026, 3, 28), "video", purpose="statutory_lac")
    visit(c.restricted_child, date(2026, 3, 25))
    visit(c.other_team_child, date(2026, 3, 27), "video")
    return Week(council=c, monday=WEEK)


def table(result):
    return {row.group: (row.total, row.physical, row.virtual) for row in result.rows}
