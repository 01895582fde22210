"""Every due item of two generated councils (the demo council as of 1 April 2026, 1,000 children; the COVID-19
scenario as of 4 June 2020, 1,500 children), under the council's timeline, each preset alone, a change of version
and back, and versions that apply to running intervals, on three dates each: the same as the statutory clock gave
before it became its own package, except where a rule was corrected on purpose.

Corrected on purpose: the initial conference counts from the strategy discussion at which the section 47 enquiry
was initiated, not the last of several (Working Together; DOMAIN.md section 4). Its rule and facts say so.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from caseboard.clock import Timeline, compute_due_items
from caseboard.clock.vocabulary import DueItem, DueKind, MeetingKind

from .golden import load


def _discussions(facts) -> list[date]:
    return sorted(m.held_on for m in facts.meetings if m.kind is MeetingKind.STRATEGY_DISCUSSION)


def _comparable(item: DueItem) -> DueItem:
    """An initial conference item with the corrected rule's words put back to the old ones, to compare the dates."""
    if item.kind is not DueKind.INITIAL_CONFERENCE:
        return item
    facts = tuple(
        f.replace(
            "Strategy discussion that initiated the section 47 enquiry held on", "Last strategy discussion held on"
        )
        for f in item.facts
        if not f.startswith("Later strategy discussion")
    )
    return replace(item, rule="", facts=facts)


@pytest.mark.parametrize("council", ["demo", "covid"])
def test_due_items_are_the_same_as_before_the_move(council):
    recorded = load(council)
    changed_on_purpose = unexpected = compared = 0
    for key, per_child in recorded["items"].items():
        name, day = key.split("@")
        timeline = Timeline(recorded["timelines"][name])
        today = date.fromisoformat(day)
        for facts, before in zip(recorded["facts"], per_child, strict=True):
            after = compute_due_items(facts, timeline, today)
            compared += len(before)
            if after == list(before):
                continue
            old = [_comparable(i) for i in before]
            new = [_comparable(i) for i in after]
            if old == new:
                continue  # only the initial conference's words
            others_old = [i for i in old if i.kind is not DueKind.INITIAL_CONFERENCE]
            others_new = [i for i in new if i.kind is not DueKind.INITIAL_CONFERENCE]
            assert others_new == others_old, (council, key, facts.child_id)
            # The initial conference moved: only for a child with more than one strategy discussion before it.
            if len([d for d in _discussions(facts) if d <= today]) > 1:
                changed_on_purpose += 1
            else:
                unexpected += 1
    assert unexpected == 0
    assert compared > 10_000
    print(f"{council}: {compared} items compared, {changed_on_purpose} initial conferences corrected")
