"""One clock: on a generated council of 3,000 children, every timeliness figure and every meeting's due date is what
the statutory clock itself (``caseboard.clock.compute_due_items``) says, under each preset alone and across changes of
version (one that keeps running intervals under the rules they started under, one that applies to them).

Each timeliness record is checked against the clock run on the child's record as it stood that day: a visit against
the next visit the clock gave on the visit's day (from the visits before it), an assessment against the clock's
assessment item on its completion, an initial conference against the clock's item on the day it was held, a
looked-after review against the clock's next review before it was held. The figures (on time of the work done) are
then recounted from the clock's dates.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from datetime import date

import pytest
from django.utils import timezone

from caseboard.casework.demo import DemoBuilder
from caseboard.clock import Timeline, compute_due_items, reviews
from caseboard.clock.vocabulary import DueKind, EpisodeKind, MeetingKind, OperatingRules
from caseboard.compliance.facts import facts_for
from caseboard.core.hooks import demo_steps
from caseboard.meetings.models import Meeting
from caseboard.meetings.services import meeting_due_on
from caseboard.people.models import Child
from caseboard.policy.models import OperatingModelVersion
from caseboard.policy.presets import BASELINE, COVID
from caseboard.policy.selectors import council_timeline, to_rules
from caseboard.reporting.timeliness import selectors as timeliness
from caseboard.reporting.timeliness.selectors import Measure

TODAY = date(2026, 4, 1)
START = date(2025, 3, 3)
CHILDREN = 3000

MEETING_ITEMS = {
    "initial_conference": DueKind.INITIAL_CONFERENCE,
    "core_group": DueKind.FIRST_CORE_GROUP,
    "review_conference": DueKind.REVIEW_CONFERENCE,
    "lac_review": DueKind.LAC_REVIEW,
}


def _preset(name: str) -> OperatingRules:
    return to_rules(OperatingModelVersion.objects.select_related("operating_model").get(operating_model__name=name))


def _timelines() -> dict[str, list[OperatingRules]]:
    base, covid = _preset(BASELINE), _preset(COVID)
    always = date(2000, 1, 1)
    return {
        "baseline": [replace(base, version_id=1, effective_from=always)],
        "covid": [replace(covid, version_id=2, effective_from=always)],
        "change and back": [
            replace(base, version_id=11, effective_from=always),
            replace(covid, version_id=12, effective_from=date(2025, 6, 2)),
            replace(base, version_id=13, effective_from=date(2025, 11, 3)),
        ],
        "applies to running intervals": [
            replace(base, version_id=21, effective_from=always),
            replace(covid, version_id=22, effective_from=date(2025, 6, 2), applies_to_running_intervals=True),
            replace(base, version_id=23, effective_from=date(2025, 11, 3), applies_to_running_intervals=True),
        ],
    }


def _due(facts, timeline: Timeline, today: date, kind: str | DueKind) -> date | None:
    dues = [item.due_on for item in compute_due_items(facts, timeline, today) if item.kind == kind]
    return min(dues) if dues else None


def _conference_rule(facts, timeline: Timeline, on: date) -> list[date]:
    held = {
        kind: sorted(m.held_on for m in facts.meetings if m.kind == kind and m.held_on <= on) for kind in MeetingKind
    }
    plans = [(e.start_on, e.end_on) for e in facts.episodes if e.kind is EpisodeKind.CHILD_PROTECTION]
    enquiry = reviews.initial_conference_discussion(
        held[MeetingKind.STRATEGY_DISCUSSION], conferences=held[MeetingKind.INITIAL_CONFERENCE], plans=plans
    )
    return [reviews.initial_conference(timeline, discussion_on=enquiry[0]).due.on] if enquiry else []


def _clock_due(record, facts, timeline: Timeline) -> date | None:
    """What the clock said for this record's work, from the child's record as it stood then."""
    measure = record.measure
    if measure is Measure.VISITS:
        day = record.done_on
        as_then = replace(
            facts, visits=tuple(v for v in facts.visits if v.on < day), rag_reviews=(), campaigns=(), decisions=()
        )
        return _due(as_then, timeline, day, record.kind)
    if measure is Measure.ASSESSMENTS:
        only = tuple(a for a in facts.assessments if a.id == record.object_id)
        return _due(replace(facts, assessments=only), timeline, record.done_on, DueKind.ASSESSMENT)
    if measure is Measure.INITIAL_CONFERENCES:
        return _due(facts, timeline, record.done_on, DueKind.INITIAL_CONFERENCE)
    before = tuple(m for m in facts.meetings if m.id != record.object_id)
    return _due(replace(facts, meetings=before), timeline, record.done_on, DueKind.LAC_REVIEW)


@pytest.mark.django_db
def test_timeliness_and_meeting_due_dates_are_the_clocks_on_a_generated_council():
    DemoBuilder(children=CHILDREN, seed=11, today=TODAY).build()
    for step in demo_steps:
        step(11, TODAY)
    facts = {f.child_id: f for f in facts_for(Child.objects.values_list("pk", flat=True))}
    assert len(facts) == CHILDREN

    checked: Counter[tuple[str, str]] = Counter()
    for name, versions in _timelines().items():
        timeline = Timeline(versions)
        by_measure = {
            measure: timeliness.records(measure, START, TODAY, today=TODAY, timeline=versions, overdue=False)
            for measure in (Measure.VISITS, Measure.ASSESSMENTS, Measure.INITIAL_CONFERENCES, Measure.LAC_REVIEWS)
        }
        rows = {row.measure: row for row in timeliness.summary_rows(by_measure)}
        for measure, found in by_measure.items():
            on_time = total = 0
            for record in found:
                (child_id,) = record.child_ids
                expected = _clock_due(record, facts[child_id], timeline)
                if expected is None:
                    # The clock shows no such item on that day (e.g. an assessment completed after its episode closed).
                    checked[(name, f"{measure.value} without an item")] += 1
                    expected = record.due_on
                assert record.due_on == expected, (name, measure, record)
                checked[(name, measure.value)] += 1
                total += 1
                on_time += record.done_on <= expected
            row = rows[measure.value]
            assert (row.on_time, row.total) == (on_time, total), (name, measure)
        for measure in (Measure.VISITS, Measure.ASSESSMENTS, Measure.LAC_REVIEWS):
            assert checked[(name, measure.value)] > 50, (name, measure, checked)
            assert checked[(name, f"{measure.value} without an item")] < checked[(name, measure.value)] / 10
        assert checked[(name, Measure.INITIAL_CONFERENCES.value)] > 20

    # Each meeting's due date, as it was set when the meeting was arranged, under the council's timeline.
    timeline = Timeline(council_timeline())
    meetings = Counter()
    for meeting in Meeting.objects.exclude(due_on=None).prefetch_related("children"):
        on = meeting.held_on or timezone.localtime(meeting.scheduled_for).date()
        children = [child.pk for child in meeting.children.all()]
        dues = []
        for child_facts in facts_for(children):
            before = replace(child_facts, meetings=tuple(m for m in child_facts.meetings if m.id != meeting.pk))
            if (due := _due(before, timeline, on, MEETING_ITEMS[meeting.kind])) is not None:
                dues.append(due)
            elif meeting.kind == "initial_conference":
                # The clock shows an initial conference only while the episode open on the strategy discussion is
                # (a child in need episode that closed as the plan began): its rule still gives the date.
                dues += _conference_rule(before, timeline, on)
        if meeting.kind != "initial_conference":
            assert dues, (meeting.pk, meeting.kind, on)
        assert meeting.due_on == min(dues), (meeting.pk, meeting.kind, on)
        meetings[meeting.kind] += 1
    assert all(meetings[kind] > 20 for kind in MEETING_ITEMS), meetings

    # A meeting arranged now gets the clock's date for it (the meetings service asks the clock).
    scheduled = Meeting.objects.filter(held_on=None, due_on__isnull=False, scheduled_for__date__gt=TODAY)[:50]
    for meeting in scheduled:
        on = timezone.localtime(meeting.scheduled_for).date()
        children = list(meeting.children.all())
        expected = min(
            d
            for f in facts_for([c.pk for c in children])
            if (d := _due(f, timeline, on, MEETING_ITEMS[meeting.kind])) is not None
        )
        assert meeting_due_on(meeting.kind, children, on) == expected
