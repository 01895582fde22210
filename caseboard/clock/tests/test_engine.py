"""Tests for caseboard.clock: the statutory clock, from a child's facts and the operating model's versions.

Pure Python, no database: run with ``pytest caseboard/compliance -p no:django``. Dates are worked by hand from
DOMAIN.md sections 3-5 (weekdays noted) and cross-checked against its tables.
"""

from __future__ import annotations

import itertools
import os
import random
import time
from dataclasses import replace
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from caseboard.clock import compute_due_items, date_words, due_status, rules_in_force
from caseboard.clock.vocabulary import (
    AssessmentFact,
    ChildFacts,
    DueItem,
    DueKind,
    DueStatus,
    EpisodeFact,
    EpisodeKind,
    Interval,
    MeetingFact,
    MeetingKind,
    OperatingRules,
    Timescales,
    Unit,
    VisitCounting,
    VisitFact,
    VisitMode,
    VisitRule,
)

WD, W, M, D = Unit.WORKING_DAYS, Unit.WEEKS, Unit.MONTHS, Unit.CALENDAR_DAYS
IN_PERSON, VIRTUAL = VisitMode.IN_PERSON, VisitMode.VIRTUAL
CIN, CP, LAC = EpisodeKind.CHILD_IN_NEED, EpisodeKind.CHILD_PROTECTION, EpisodeKind.LOOKED_AFTER
EH, LEAVER, PF = EpisodeKind.EARLY_HELP, EpisodeKind.CARE_LEAVER, EpisodeKind.PRIVATE_FOSTERING
COVID_FROM = date(2020, 3, 23)


# --- builders ------------------------------------------------------------------------------------------------


def baseline(**changes: object) -> OperatingRules:
    """The statutory baseline for England: CIN 20 WD, CP 10 WD and Early Help 20 WD (local), care leavers within
    7 days then 2 months (Care Leavers Regs reg 8(2)), reg 28 / PF Regs / Working Together defaults, in person only."""
    rules = OperatingRules(
        version_id=1,
        label="Statutory baseline (England), version 1",
        effective_from=date(2010, 4, 1),
        cin_visits=VisitRule(Interval(20, WD), Interval(20, WD), False, "Local policy"),
        cp_visits=VisitRule(Interval(10, WD), Interval(10, WD), False, "Local policy"),
        early_help_visits=VisitRule(Interval(20, WD), Interval(20, WD), False, "Local policy"),
        care_leaver_visits=VisitRule(Interval(7, D), Interval(2, M), True, "Care Leavers Regs reg 8(2)"),
        visit_counting=VisitCounting.IN_PERSON_ONLY,
    )
    return replace(rules, **changes)


def covid(**changes: object) -> OperatingRules:
    """The spring-2020 COVID-19 response: from Mon 23 Mar 2020, virtual visits count with an approved decision; CIN
    visits every 6 weeks and CP visits every 4 weeks (local)."""
    rules = replace(
        baseline(),
        version_id=2,
        label="COVID-19 response (spring 2020), version 1",
        effective_from=COVID_FROM,
        cin_visits=VisitRule(Interval(6, W), Interval(6, W), False, "Local policy (COVID-19)"),
        cp_visits=VisitRule(Interval(4, W), Interval(4, W), False, "Local policy (COVID-19)"),
        visit_counting=VisitCounting.VIRTUAL_WITH_DECISION,
    )
    return replace(rules, **changes)


BASE = [baseline()]
BOTH = [baseline(), covid()]
SWITCHING = [baseline(), covid(applies_to_running_intervals=True)]

_ids = itertools.count(1)


def episode(kind: EpisodeKind, start: date, end: date | None = None, **fields: object) -> EpisodeFact:
    return EpisodeFact(id=next(_ids), kind=kind, start_on=start, end_on=end, **fields)


def lac(
    start: date,
    end: date | None = None,
    legal: str = "V2",
    place: str = "U4",
    provider: str = "PR1",
    **fields: object,
) -> EpisodeFact:
    return episode(LAC, start, end, legal_status=legal, placement_type=place, placement_provider=provider, **fields)


def visit(on: date, mode: VisitMode = IN_PERSON, *, seen: bool = True, decision: bool = False) -> VisitFact:
    return VisitFact(id=next(_ids), on=on, mode=mode, child_seen=seen, covered_by_decision=decision)


def meeting(kind: MeetingKind, on: date) -> MeetingFact:
    return MeetingFact(id=next(_ids), kind=kind, held_on=on)


def child(
    *episodes: EpisodeFact,
    visits: tuple[VisitFact, ...] = (),
    meetings: tuple[MeetingFact, ...] = (),
    assessments: tuple[AssessmentFact, ...] = (),
    plans: tuple[date, ...] = (),
    contacts: tuple[date, ...] = (),
) -> ChildFacts:
    return ChildFacts(
        child_id=1,
        date_of_birth=date(2012, 6, 1),
        episodes=episodes,
        visits=visits,
        meetings=meetings,
        assessments=assessments,
        placement_plans=plans,
        contacts=contacts,
    )


def items_of(facts: ChildFacts, versions: list[OperatingRules], today: date, kind: DueKind) -> list[DueItem]:
    return [item for item in compute_due_items(facts, versions, today) if item.kind is kind]


def only(facts: ChildFacts, versions: list[OperatingRules], today: date, kind: DueKind) -> DueItem:
    found = items_of(facts, versions, today, kind)
    assert len(found) == 1, found
    return found[0]


def kinds(facts: ChildFacts, versions: list[OperatingRules], today: date) -> set[DueKind]:
    return {item.kind for item in compute_due_items(facts, versions, today)}


# --- which version, status, words ----------------------------------------------------------------------------


def test_rules_in_force_picks_the_last_version_on_or_before_the_date():
    base, spring = baseline(), covid()
    assert rules_in_force([base, spring], date(2020, 3, 22)) is base
    assert rules_in_force([base, spring], COVID_FROM) is spring
    assert rules_in_force([base, spring], date(2026, 1, 1)) is spring
    assert rules_in_force([base, spring], date(2000, 1, 1)) is base  # before the first: the first
    assert rules_in_force([spring, base], COVID_FROM) is spring  # sorted by effective date whatever the order


def test_rules_in_force_needs_a_version():
    with pytest.raises(ValueError, match="no operating-model version"):
        rules_in_force([], date(2020, 1, 1))


def test_no_versions_no_items():
    assert compute_due_items(child(episode(CIN, date(2020, 4, 1))), [], date(2020, 4, 2)) == []


@pytest.mark.parametrize(
    ("due_on", "today", "expected"),
    [
        pytest.param(date(2020, 6, 8), date(2020, 6, 8), DueStatus.DUE_SOON, id="due today"),
        pytest.param(date(2020, 6, 8), date(2020, 6, 9), DueStatus.OVERDUE, id="a day late"),
        pytest.param(date(2020, 6, 8), date(2020, 6, 1), DueStatus.DUE_SOON, id="exactly 5 working days"),
        pytest.param(date(2020, 6, 9), date(2020, 6, 1), DueStatus.UPCOMING, id="6 working days"),
        pytest.param(date(2020, 5, 15), date(2020, 5, 7), DueStatus.DUE_SOON, id="5 working days over VE Day"),
        pytest.param(date(2020, 5, 18), date(2020, 5, 7), DueStatus.UPCOMING, id="6 working days over VE Day"),
        pytest.param(date(2020, 4, 14), date(2020, 4, 6), DueStatus.DUE_SOON, id="Easter: 8 days but 5 WD"),
        pytest.param(date(2020, 12, 31), date(2020, 12, 24), DueStatus.DUE_SOON, id="Christmas: 3 WD"),
    ],
)
def test_due_status(due_on, today, expected):
    assert due_status(due_on, today, None) is expected


def test_due_status_met_whatever_the_dates():
    assert due_status(date(2020, 6, 8), date(2020, 9, 1), date(2020, 6, 30)) is DueStatus.MET


def test_dates_in_words_have_no_leading_zero():
    assert date_words(date(2020, 4, 1)) == "1 April 2020"
    assert date_words(date(2021, 12, 25)) == "25 December 2021"


# --- child in need visits ------------------------------------------------------------------------------------


def test_cin_first_visit_20_working_days_across_easter():
    facts = child(episode(CIN, date(2020, 4, 1)))  # Wed
    item = only(facts, BASE, date(2020, 4, 2), DueKind.CIN_VISIT)
    assert item.due_on == date(2020, 5, 1)  # Fri: Good Friday and Easter Monday skipped
    assert item.basis == "Child in need: first visit within 20 working days of the episode starting on 1 April 2020"
    assert item.rule == "Local policy"
    assert item.status is DueStatus.UPCOMING
    assert item.met_on is None and item.met_by == ""
    assert only(facts, BASE, date(2020, 5, 1), DueKind.CIN_VISIT).status is DueStatus.DUE_SOON  # on the day
    assert only(facts, BASE, date(2020, 5, 2), DueKind.CIN_VISIT).status is DueStatus.OVERDUE  # the day after


def test_cin_next_visit_counts_from_a_late_visit_across_ve_day_and_spring_bank_holiday():
    facts = child(episode(CIN, date(2020, 4, 1)), visits=(visit(date(2020, 5, 4)),))  # a working day late
    item = only(facts, BASE, date(2020, 5, 4), DueKind.CIN_VISIT)
    assert item.due_on == date(2020, 6, 3)  # Wed: 8 May and 25 May skipped
    assert item.basis == "Child in need: visit within 20 working days of the last visit on 4 May 2020"
    assert "Last qualifying visit: in-person visit on 4 May 2020" in item.facts


def test_cin_visits_give_way_to_an_open_cp_plan_or_looked_after_episode():
    cin = episode(CIN, date(2020, 1, 6))
    today = date(2020, 6, 1)
    assert DueKind.CIN_VISIT in kinds(child(cin), BASE, today)
    with_cp = child(cin, episode(CP, date(2020, 2, 3)))
    assert DueKind.CIN_VISIT not in kinds(with_cp, BASE, today)
    assert DueKind.CP_VISIT in kinds(with_cp, BASE, today)
    with_lac = child(cin, lac(date(2020, 2, 3)))
    assert DueKind.CIN_VISIT not in kinds(with_lac, BASE, today)
    assert DueKind.LAC_VISIT in kinds(with_lac, BASE, today)
    # Once the plan ends, CIN visits resume, counted from the last visit whatever it was for.
    ended = child(cin, episode(CP, date(2020, 2, 3), date(2020, 5, 1)), visits=(visit(date(2020, 4, 20)),))
    item = only(ended, BASE, today, DueKind.CIN_VISIT)
    assert item.due_on == date(2020, 5, 19)  # Mon 20 Apr + 20 WD (VE Day skipped)
    assert DueKind.CP_VISIT not in kinds(ended, BASE, today)


def test_closed_episodes_produce_nothing():
    facts = child(
        episode(CIN, date(2020, 4, 1), date(2020, 5, 1)),
        episode(CP, date(2020, 4, 6), date(2020, 5, 1)),
        lac(date(2020, 4, 6), date(2020, 5, 1)),
        assessments=(AssessmentFact(1, date(2020, 4, 1), date(2020, 4, 20)),),
        meetings=(meeting(MeetingKind.STRATEGY_DISCUSSION, date(2020, 4, 2)),),
    )
    assert compute_due_items(facts, BASE, date(2020, 6, 1)) == []
    # Open until the end date, inclusive (as Episode.is_open_on).
    assert DueKind.CIN_VISIT not in kinds(facts, BASE, date(2020, 5, 1))  # CP still open on its last day
    assert DueKind.CP_VISIT in kinds(facts, BASE, date(2020, 5, 1))


def test_an_episode_starting_after_today_is_not_open():
    assert compute_due_items(child(episode(CIN, date(2020, 4, 1))), BASE, date(2020, 3, 31)) == []


# --- change of operating model -------------------------------------------------------------------------------


def test_an_interval_keeps_the_version_in_force_when_it_started():
    facts = child(episode(CIN, date(2020, 3, 16)))  # Mon, under the baseline
    item = only(facts, BOTH, date(2020, 4, 1), DueKind.CIN_VISIT)  # COVID version in force today
    assert item.due_on == date(2020, 4, 15)  # Wed: 20 WD, Easter skipped
    assert (item.version_id, item.version_label) == (1, "Statutory baseline (England), version 1")
    assert "Operating model: Statutory baseline (England), version 1, in force from 1 April 2010" in item.facts


def test_an_interval_started_under_the_new_version_uses_it():
    item = only(child(episode(CIN, date(2020, 4, 1))), BOTH, date(2020, 4, 2), DueKind.CIN_VISIT)
    assert item.due_on == date(2020, 5, 13)  # Wed 1 Apr + 6 weeks
    assert item.version_id == 2
    assert item.rule == "Local policy (COVID-19)"
    assert item.basis == "Child in need: first visit within 6 weeks of the episode starting on 1 April 2020"


def test_a_version_that_applies_to_running_intervals_recomputes_from_the_original_start():
    facts = child(episode(CIN, date(2020, 3, 16)))
    item = only(facts, SWITCHING, date(2020, 4, 1), DueKind.CIN_VISIT)
    assert item.due_on == date(2020, 4, 27)  # Mon 16 Mar + 6 weeks, not from 23 Mar
    assert item.version_id == 2
    assert any("applies to intervals already running from 23 March 2020" in fact for fact in item.facts)
    assert any("started under Statutory baseline" in fact for fact in item.facts)


def test_a_version_applying_to_running_intervals_only_reaches_intervals_still_running():
    facts = child(episode(CIN, date(2020, 3, 2)))  # Mon; 20 WD → Mon 30 Mar
    later = covid(applies_to_running_intervals=True, effective_from=date(2020, 3, 31))
    item = only(facts, [baseline(), later], date(2020, 4, 1), DueKind.CIN_VISIT)
    assert (item.due_on, item.version_id) == (date(2020, 3, 30), 1)
    on_the_due_date = replace(later, effective_from=date(2020, 3, 30))  # the due date is inclusive: still running
    item = only(facts, [baseline(), on_the_due_date], date(2020, 4, 1), DueKind.CIN_VISIT)
    assert (item.due_on, item.version_id) == (date(2020, 4, 13), 2)  # Mon 2 Mar + 6 weeks


def test_a_shorter_interval_applied_to_running_intervals_can_be_overdue_from_its_first_day():
    facts = child(episode(CP, date(2020, 3, 16)))  # 10 WD under the baseline → Mon 30 Mar
    faster = covid(applies_to_running_intervals=True, cp_visits=VisitRule(Interval(1, W), Interval(1, W), False, "x"))
    item = only(facts, [baseline(), faster], COVID_FROM, DueKind.CP_VISIT)
    assert (item.due_on, item.status) == (date(2020, 3, 23), DueStatus.DUE_SOON)
    item = only(facts, [baseline(), faster], date(2020, 3, 24), DueKind.CP_VISIT)
    assert item.status is DueStatus.OVERDUE


# --- child protection visits and which visits count ----------------------------------------------------------


def test_cp_first_visit_10_working_days_across_christmas():
    item = only(child(episode(CP, date(2020, 12, 21))), BASE, date(2020, 12, 21), DueKind.CP_VISIT)
    assert item.due_on == date(2021, 1, 7)  # Thu: 25 Dec, 28 Dec (Boxing Day observed), 1 Jan skipped
    assert item.rule == "Local policy"
    assert "10 working days" in item.basis


CP_FROM = date(2020, 4, 1)  # Wed, under the COVID version: first visit within 4 weeks → Wed 29 Apr


@pytest.mark.parametrize(
    ("the_visit", "due_on"),
    [
        pytest.param(visit(date(2020, 4, 6), VIRTUAL), date(2020, 4, 29), id="virtual without decision: no"),
        pytest.param(visit(date(2020, 4, 6), VIRTUAL, decision=True), date(2020, 5, 4), id="virtual with decision"),
        pytest.param(visit(date(2020, 4, 6)), date(2020, 5, 4), id="in person"),
        pytest.param(visit(date(2020, 4, 6), seen=False), date(2020, 4, 29), id="in person, child not seen: no"),
        pytest.param(
            visit(date(2020, 4, 6), VIRTUAL, seen=False, decision=True), date(2020, 4, 29), id="virtual, not seen"
        ),
        pytest.param(visit(date(2020, 3, 31)), date(2020, 4, 29), id="before the clock started: no"),
        pytest.param(visit(date(2020, 5, 1)), date(2020, 4, 29), id="after today: not yet"),
    ],
)
def test_which_visits_count_under_virtual_with_decision(the_visit, due_on):
    facts = child(episode(CP, CP_FROM), visits=(the_visit,))
    assert only(facts, BOTH, date(2020, 4, 20), DueKind.CP_VISIT).due_on == due_on


@pytest.mark.parametrize(
    ("the_visit", "due_on"),
    [
        pytest.param(visit(date(2020, 4, 6), VIRTUAL, decision=True), date(2020, 4, 17), id="virtual with decision"),
        pytest.param(visit(date(2020, 4, 6)), date(2020, 4, 22), id="in person"),
        pytest.param(visit(date(2020, 4, 6), seen=False), date(2020, 4, 17), id="child not seen"),
    ],
)
def test_which_visits_count_in_person_only(the_visit, due_on):
    # Baseline: 10 WD from Wed 1 Apr → Fri 17 Apr; from Mon 6 Apr → Wed 22 Apr (Easter skipped).
    facts = child(episode(CP, CP_FROM), visits=(the_visit,))
    assert only(facts, BASE, date(2020, 4, 8), DueKind.CP_VISIT).due_on == due_on


@pytest.mark.parametrize(
    ("the_visit", "counted"),
    [
        pytest.param(visit(date(2020, 4, 6), VIRTUAL), True, id="virtual without decision"),
        pytest.param(visit(date(2020, 4, 6), VIRTUAL, decision=True), True, id="virtual with decision"),
        pytest.param(visit(date(2020, 4, 6)), True, id="in person"),
        pytest.param(visit(date(2020, 4, 6), VIRTUAL, seen=False), False, id="child not seen"),
    ],
)
def test_which_visits_count_when_virtual_visits_count(the_visit, counted):
    anything = [baseline(visit_counting=VisitCounting.VIRTUAL)]
    facts = child(episode(CP, CP_FROM), visits=(the_visit,))
    assert only(facts, anything, date(2020, 4, 8), DueKind.CP_VISIT).due_on == (
        date(2020, 4, 22) if counted else date(2020, 4, 17)
    )


def test_visit_counting_follows_the_version_in_force_on_the_visit_date():
    cp = episode(CP, date(2020, 3, 16))  # Mon, baseline: 10 WD → Mon 30 Mar
    before = child(cp, visits=(visit(date(2020, 3, 20), VIRTUAL, decision=True),))  # baseline: in person only
    item = only(before, BOTH, date(2020, 3, 25), DueKind.CP_VISIT)
    assert (item.due_on, item.version_id) == (date(2020, 3, 30), 1)
    after = child(cp, visits=(visit(date(2020, 3, 25), VIRTUAL, decision=True),))  # COVID version: counts
    item = only(after, BOTH, date(2020, 3, 26), DueKind.CP_VISIT)
    assert (item.due_on, item.version_id) == (date(2020, 4, 22), 2)  # Wed 25 Mar + 4 weeks
    assert "Last qualifying visit: virtual visit on 25 March 2020, covered by an approved decision" in item.facts


def test_the_last_qualifying_visit_is_used_whatever_the_order_of_the_facts():
    visits = (visit(date(2020, 4, 14)), visit(date(2020, 4, 6)), visit(date(2020, 4, 20), VIRTUAL))
    facts = child(episode(CP, CP_FROM), visits=visits)
    assert only(facts, BASE, date(2020, 4, 21), DueKind.CP_VISIT).due_on == date(2020, 4, 28)  # Tue 14 Apr + 10 WD
    reordered = replace(facts, visits=tuple(reversed(visits)))
    assert compute_due_items(reordered, BASE, date(2020, 4, 21)) == compute_due_items(facts, BASE, date(2020, 4, 21))


# --- Early Help, care leavers, private fostering --------------------------------------------------------------


def test_early_help_visits_only_when_set_and_no_statutory_episode_is_open():
    eh = episode(EH, date(2020, 4, 1))
    item = only(child(eh), BASE, date(2020, 4, 2), DueKind.EARLY_HELP_VISIT)
    assert (item.due_on, item.rule) == (date(2020, 5, 1), "Local policy")
    assert kinds(child(eh, episode(CIN, date(2020, 4, 20))), BASE, date(2020, 4, 21)) == {DueKind.CIN_VISIT}
    assert DueKind.EARLY_HELP_VISIT not in kinds(child(eh), [baseline(early_help_visits=None)], date(2020, 4, 2))


def test_early_help_visits_required_by_a_later_version_start_on_its_effective_date():
    versions = [baseline(early_help_visits=None), covid(early_help_visits=baseline().early_help_visits)]
    item = only(child(episode(EH, date(2020, 3, 2))), versions, date(2020, 4, 1), DueKind.EARLY_HELP_VISIT)
    assert item.due_on == date(2020, 4, 22)  # Mon 23 Mar + 20 WD (Easter skipped)
    assert item.version_id == 2
    assert "being required from 23 March 2020" in item.basis
    # Not required any more: no item.
    assert DueKind.EARLY_HELP_VISIT not in kinds(child(episode(EH, date(2020, 3, 2))), versions[:1], date(2020, 4, 1))


def test_care_leaver_contact_within_7_days_then_2_months_clamped():
    start = episode(LEAVER, date(2020, 12, 1))
    item = only(child(start), BASE, date(2020, 12, 2), DueKind.CARE_LEAVER_CONTACT)
    assert (item.due_on, item.rule) == (date(2020, 12, 8), "Care Leavers Regs reg 8(2)")
    item = only(child(start, visits=(visit(date(2020, 12, 31)),)), BASE, date(2021, 1, 4), DueKind.CARE_LEAVER_CONTACT)
    assert item.due_on == date(2021, 2, 28)  # DOMAIN.md: PA visit Thu 31 Dec 2020 + 2 months → Sun 28 Feb 2021
    assert item.basis == "Care leaver: visit within 2 months of the last visit on 31 December 2020"


def test_care_leaver_source_defaults_by_whether_the_rule_is_statutory():
    unnamed = baseline(care_leaver_visits=VisitRule(Interval(7, D), Interval(8, W), True, ""))
    item = only(child(episode(LEAVER, date(2020, 12, 1))), [unnamed], date(2020, 12, 2), DueKind.CARE_LEAVER_CONTACT)
    assert item.rule == "Care Leavers Regs reg 8(2)"


def test_private_fostering_first_visit_7_working_days_across_ve_day():
    facts = child(episode(PF, date(2020, 5, 7)))  # Thu: notification
    item = only(facts, BASE, date(2020, 5, 7), DueKind.PRIVATE_FOSTERING_VISIT)
    assert item.due_on == date(2020, 5, 19)  # Tue
    assert item.rule == "PF Regs regs 4 and 7"
    assert item.basis == "Private fostering: first visit within 7 working days of the notification on 7 May 2020"


@pytest.mark.parametrize(
    ("visited", "due_on", "rule"),
    [
        pytest.param(date(2020, 5, 18), date(2020, 6, 29), "PF Regs reg 8(1)(a)", id="first year: 6 weeks"),
        pytest.param(date(2021, 5, 6), date(2021, 6, 17), "PF Regs reg 8(1)(a)", id="day before anniversary"),
        pytest.param(date(2021, 5, 7), date(2021, 7, 30), "PF Regs reg 8(1)(b)", id="on the anniversary"),
        pytest.param(date(2021, 5, 10), date(2021, 8, 2), "PF Regs reg 8(1)(b)", id="after: 12 weeks"),
    ],
)
def test_private_fostering_later_visits(visited, due_on, rule):
    facts = child(episode(PF, date(2020, 5, 7)), visits=(visit(visited),))
    item = only(facts, BASE, visited, DueKind.PRIVATE_FOSTERING_VISIT)
    assert (item.due_on, item.rule) == (due_on, rule)


# --- looked after: CPPCR reg 28 ------------------------------------------------------------------------------

PLACED = date(2020, 3, 2)  # Mon


def test_reg28_table_placement_start():
    item = only(child(lac(PLACED)), BASE, date(2020, 3, 3), DueKind.LAC_VISIT)
    assert item.due_on == date(2020, 3, 9)  # Mon
    assert item.rule == "CPPCR reg 28(2)(a)"
    assert item.basis == "Looked after: first visit within 1 week of the placement starting on 2 March 2020"


def test_reg28_table_visit_in_the_first_year():
    item = only(child(lac(PLACED), visits=(visit(date(2020, 3, 6)),)), BASE, date(2020, 3, 6), DueKind.LAC_VISIT)
    assert item.due_on == date(2020, 4, 17)  # Fri 6 Mar + 42
    assert item.rule == "CPPCR reg 28(2)(b)"
    assert item.basis == (
        "Looked after: visit within 6 weeks of the last visit on 6 March 2020 (in the first year of the placement)"
    )


@pytest.mark.parametrize(
    ("until_18", "visited", "due_on", "rule"),
    [
        pytest.param(True, date(2021, 3, 15), date(2021, 6, 15), "CPPCR reg 28(2)(c)(i)", id="table: to 18"),
        pytest.param(False, date(2021, 3, 15), date(2021, 4, 26), "CPPCR reg 28(2)(c)(ii)", id="table: not to 18"),
        pytest.param(True, date(2021, 3, 1), date(2021, 4, 12), "CPPCR reg 28(2)(b)", id="crossing: day before"),
        pytest.param(True, date(2021, 3, 2), date(2021, 6, 2), "CPPCR reg 28(2)(c)(i)", id="on the anniversary"),
        pytest.param(True, date(2021, 8, 31), date(2021, 11, 30), "CPPCR reg 28(2)(c)(i)", id="month end clamped"),
    ],
)
def test_reg28_table_after_the_first_year(until_18, visited, due_on, rule):
    facts = child(lac(PLACED, placement_intended_until_18=until_18), visits=(visit(visited),))
    item = only(facts, BASE, visited, DueKind.LAC_VISIT)
    assert (item.due_on, item.rule) == (due_on, rule)


def test_reg28_first_year_from_29_february_ends_on_28_february():
    placed = lac(date(2020, 2, 29), placement_intended_until_18=True)
    item = only(child(placed, visits=(visit(date(2021, 2, 27)),)), BASE, date(2021, 3, 1), DueKind.LAC_VISIT)
    assert item.due_on == date(2021, 4, 10)  # still the first year: +42
    item = only(child(placed, visits=(visit(date(2021, 2, 28)),)), BASE, date(2021, 3, 1), DueKind.LAC_VISIT)
    assert item.due_on == date(2021, 5, 28)  # the anniversary: +3 months


def test_a_new_placement_restarts_the_schedule():
    before = lac(PLACED, date(2020, 5, 31))
    moved = lac(date(2020, 6, 1), place="U5", provider="PR4")
    facts = child(before, moved, visits=(visit(date(2020, 5, 20)),))
    item = only(facts, BASE, date(2020, 6, 2), DueKind.LAC_VISIT)
    assert (item.due_on, item.rule) == (date(2020, 6, 8), "CPPCR reg 28(2)(a)")  # the visit before does not count
    assert item.episode_id == moved.id
    assert "No qualifying visit since 1 June 2020" in item.facts
    facts = replace(facts, visits=(visit(date(2020, 5, 20)), visit(date(2020, 6, 3))))
    assert only(facts, BASE, date(2020, 6, 3), DueKind.LAC_VISIT).due_on == date(2020, 7, 15)


def test_a_new_provider_alone_is_a_new_placement():
    facts = child(
        lac(PLACED, date(2020, 5, 31)), lac(date(2020, 6, 1), provider="PR4"), visits=(visit(date(2020, 5, 20)),)
    )
    assert only(facts, BASE, date(2020, 6, 2), DueKind.LAC_VISIT).due_on == date(2020, 6, 8)


def test_a_legal_status_change_alone_does_not_restart():
    facts = child(
        lac(PLACED, date(2020, 5, 31), legal="C1"),
        lac(date(2020, 6, 1), legal="C2"),
        visits=(visit(date(2020, 5, 20)),),
    )
    item = only(facts, BASE, date(2020, 6, 2), DueKind.LAC_VISIT)
    assert (item.due_on, item.rule) == (date(2020, 7, 1), "CPPCR reg 28(2)(b)")  # Wed 20 May + 42
    assert "Looked after continuously since 2 March 2020 (2 episodes)" in item.facts


def test_a_temporary_placement_neither_restarts_nor_changes_the_placement():
    visits = (visit(date(2020, 5, 20)),)
    away = lac(date(2020, 6, 1), date(2020, 6, 14), place="T1")
    back = lac(date(2020, 6, 15))
    facts = child(lac(PLACED, date(2020, 5, 31)), away, back, visits=visits)
    assert only(facts, BASE, date(2020, 6, 16), DueKind.LAC_VISIT).due_on == date(2020, 7, 1)
    during = child(lac(PLACED, date(2020, 5, 31)), lac(date(2020, 6, 1), place="T1"), visits=visits)
    assert only(during, BASE, date(2020, 6, 10), DueKind.LAC_VISIT).due_on == date(2020, 7, 1)
    # After the temporary placement, a different placement is a new one.
    elsewhere = child(lac(PLACED, date(2020, 5, 31)), away, lac(date(2020, 6, 15), place="U5"), visits=visits)
    assert only(elsewhere, BASE, date(2020, 6, 16), DueKind.LAC_VISIT).due_on == date(2020, 6, 22)


def test_a_gap_between_episodes_starts_a_new_care_period():
    facts = child(lac(PLACED, date(2020, 3, 31)), lac(date(2020, 4, 10)), visits=(visit(date(2020, 3, 20)),))
    item = only(facts, BASE, date(2020, 4, 14), DueKind.LAC_VISIT)
    assert item.due_on == date(2020, 4, 17)  # Fri 10 Apr + 1 week
    review = only(facts, BASE, date(2020, 4, 14), DueKind.LAC_REVIEW)
    assert "becoming looked after on 10 April 2020" in review.basis


def test_reg28_3_placed_with_parent_before_assessment():
    placed = lac(PLACED, legal="C2", place="P1", provider="PR0", parent_assessment_complete=False)
    review = meeting(MeetingKind.LAC_REVIEW, date(2020, 3, 27))
    item = only(child(placed), BASE, date(2020, 3, 3), DueKind.LAC_VISIT)
    assert (item.due_on, item.rule) == (date(2020, 3, 9), "CPPCR reg 28(3)(a)")
    item = only(child(placed, visits=(visit(date(2020, 3, 6)),)), BASE, date(2020, 3, 6), DueKind.LAC_VISIT)
    assert (item.due_on, item.rule) == (date(2020, 3, 13), "CPPCR reg 28(3)(a)")
    # Weekly until the first review is held, however late: the review after the visit leaves it weekly.
    facts = child(placed, visits=(visit(date(2020, 3, 26)),), meetings=(review,))
    item = only(facts, BASE, date(2020, 3, 27), DueKind.LAC_VISIT)
    assert (item.due_on, item.rule) == (date(2020, 4, 2), "CPPCR reg 28(3)(a)")
    facts = child(placed, visits=(visit(date(2020, 4, 3)),), meetings=(review,))
    item = only(facts, BASE, date(2020, 4, 3), DueKind.LAC_VISIT)
    assert (item.due_on, item.rule) == (date(2020, 5, 15), "CPPCR reg 28(3)(b)")  # Fri 3 Apr + 6 weeks
    assert "First looked-after review held on 27 March 2020" in item.facts
    overdue_review = child(placed, visits=(visit(date(2020, 6, 1)),))  # no review yet: still weekly
    assert only(overdue_review, BASE, date(2020, 6, 1), DueKind.LAC_VISIT).due_on == date(2020, 6, 8)


@pytest.mark.parametrize(
    "placed",
    [
        pytest.param(lac(PLACED, place="U1", is_reg24_placement=True), id="reg 24"),
        pytest.param(lac(PLACED, legal="C1", place="P1", provider="PR0"), id="ICO at home"),
        pytest.param(
            lac(PLACED, legal="C1", place="P1", provider="PR0", parent_assessment_complete=False),
            id="ICO at home before assessment: (4) is stricter than (3)",
        ),
    ],
)
def test_reg28_4_reg24_or_ico_at_home(placed):
    review = meeting(MeetingKind.LAC_REVIEW, date(2020, 3, 27))
    item = only(child(placed, visits=(visit(date(2020, 3, 6)),)), BASE, date(2020, 3, 6), DueKind.LAC_VISIT)
    assert (item.due_on, item.rule) == (date(2020, 3, 13), "CPPCR reg 28(4)(a)")
    item = only(
        child(placed, visits=(visit(date(2020, 4, 3)),), meetings=(review,)), BASE, date(2020, 4, 3), DueKind.LAC_VISIT
    )
    assert (item.due_on, item.rule) == (date(2020, 5, 1), "CPPCR reg 28(4)(b)")  # Fri 3 Apr + 4 weeks


def test_reg28_4_reviews_before_the_care_period_do_not_count():
    old_review = meeting(MeetingKind.LAC_REVIEW, date(2019, 6, 1))
    placed = lac(PLACED, place="U1", is_reg24_placement=True)
    facts = child(placed, visits=(visit(date(2020, 4, 3)),), meetings=(old_review,))
    assert only(facts, BASE, date(2020, 4, 3), DueKind.LAC_VISIT).due_on == date(2020, 4, 10)


def test_reg28_5_care_order_at_home_counts_from_the_order():
    interim = lac(PLACED, date(2020, 5, 31), legal="C1", place="P1", provider="PR0")
    order = lac(date(2020, 6, 1), legal="C2", place="P1", provider="PR0")
    facts = child(interim, order, visits=(visit(date(2020, 5, 29)),))  # the visit before the order does not count
    item = only(facts, BASE, date(2020, 6, 2), DueKind.LAC_VISIT)
    assert (item.due_on, item.rule) == (date(2020, 6, 8), "CPPCR reg 28(5)(a)")
    assert (
        item.basis == "Looked after: first visit within 1 week of the care order on 1 June 2020 (living with a parent)"
    )
    facts = replace(facts, visits=(visit(date(2020, 6, 5)),))
    item = only(facts, BASE, date(2020, 6, 5), DueKind.LAC_VISIT)
    assert (item.due_on, item.rule) == (date(2020, 7, 17), "CPPCR reg 28(5)(b)")  # Fri 5 Jun + 6 weeks


def test_reg28_5_home_under_an_existing_care_order_counts_from_the_placement():
    foster = lac(date(2019, 1, 7), date(2020, 5, 31), legal="C2")
    home = lac(date(2020, 6, 1), legal="C2", place="P1", provider="PR0")
    item = only(child(foster, home), BASE, date(2020, 6, 2), DueKind.LAC_VISIT)
    assert (item.due_on, item.rule) == (date(2020, 6, 8), "CPPCR reg 28(5)(a)")
    assert "placement starting on 1 June 2020" in item.basis


def test_lac_interval_under_the_covid_version_and_one_that_applies_to_running_intervals():
    faster = covid(
        applies_to_running_intervals=True,
        looked_after=replace(baseline().looked_after, first_year=Interval(4, W)),
    )
    facts = child(lac(PLACED), visits=(visit(date(2020, 3, 6)),))  # Fri, baseline: +6 weeks → Fri 17 Apr
    assert only(facts, BOTH, date(2020, 3, 24), DueKind.LAC_VISIT).due_on == date(2020, 4, 17)
    item = only(facts, [baseline(), faster], date(2020, 3, 24), DueKind.LAC_VISIT)
    assert (item.due_on, item.version_id) == (date(2020, 4, 3), 2)  # Fri 6 Mar + 4 weeks


# --- looked-after reviews and placement plans ----------------------------------------------------------------


def test_first_lac_review_20_working_days():
    item = only(child(lac(date(2020, 4, 1))), BASE, date(2020, 4, 2), DueKind.LAC_REVIEW)
    assert item.due_on == date(2020, 5, 1)  # Wed 1 Apr → Fri 1 May (Easter)
    assert item.rule == "CPPCR reg 33"
    assert (
        item.basis
        == "Looked-after review: first review within 20 working days of becoming looked after on 1 April 2020"
    )


def test_later_lac_reviews_3_then_6_months():
    start = lac(date(2020, 4, 1))
    first = meeting(MeetingKind.LAC_REVIEW, date(2020, 4, 28))
    second = meeting(MeetingKind.LAC_REVIEW, date(2020, 7, 20))
    item = only(child(start, meetings=(first,)), BASE, date(2020, 5, 1), DueKind.LAC_REVIEW)
    assert item.due_on == date(2020, 7, 28)
    assert item.status is not DueStatus.MET  # the next one outstanding
    item = only(child(start, meetings=(first, second)), BASE, date(2020, 8, 1), DueKind.LAC_REVIEW)
    assert item.due_on == date(2021, 1, 20)


def test_lac_reviews_count_over_the_care_period_not_the_placement():
    facts = child(
        lac(date(2020, 4, 1), date(2020, 5, 31)),
        lac(date(2020, 6, 1), place="U5"),
        meetings=(meeting(MeetingKind.LAC_REVIEW, date(2020, 4, 28)),),
    )
    assert only(facts, BASE, date(2020, 6, 2), DueKind.LAC_REVIEW).due_on == date(2020, 7, 28)


def test_placement_plan_5_working_days_outstanding_met_and_late():
    placed = lac(date(2020, 5, 7))  # Thu
    item = only(child(placed), BASE, date(2020, 5, 7), DueKind.PLACEMENT_PLAN)
    assert (item.due_on, item.status) == (date(2020, 5, 15), DueStatus.DUE_SOON)  # Fri: VE Day skipped
    assert item.rule == "CPPCR reg 9(2): 5 working days from the placement start"
    item = only(child(placed, plans=(date(2020, 5, 14),)), BASE, date(2020, 6, 1), DueKind.PLACEMENT_PLAN)
    assert (item.status, item.met_on, item.met_by) == (
        DueStatus.MET,
        date(2020, 5, 14),
        "Placement plan completed on 14 May 2020",
    )
    item = only(child(placed, plans=(date(2020, 5, 20),)), BASE, date(2020, 6, 1), DueKind.PLACEMENT_PLAN)
    assert item.status is DueStatus.MET
    assert item.met_by == "Placement plan completed on 20 May 2020, 3 working days late"
    # A plan from before this placement does not count.
    item = only(child(placed, plans=(date(2020, 5, 1),)), BASE, date(2020, 5, 18), DueKind.PLACEMENT_PLAN)
    assert item.status is DueStatus.OVERDUE


def test_a_new_placement_needs_a_new_placement_plan():
    facts = child(lac(date(2020, 4, 1), date(2020, 5, 6)), lac(date(2020, 5, 7), place="K2"), plans=(date(2020, 4, 3),))
    item = only(facts, BASE, date(2020, 5, 7), DueKind.PLACEMENT_PLAN)
    assert (item.due_on, item.status) == (date(2020, 5, 15), DueStatus.DUE_SOON)


# --- assessments and child protection timescales -------------------------------------------------------------

REFERRED = date(2020, 4, 1)  # Wed


def test_assessment_45_working_days():
    facts = child(episode(CIN, REFERRED), assessments=(AssessmentFact(7, REFERRED),))
    item = only(facts, BASE, date(2020, 6, 9), DueKind.ASSESSMENT)
    assert item.due_on == date(2020, 6, 9)  # Tue: Easter, VE Day and 25 May skipped
    assert item.status is DueStatus.DUE_SOON
    assert item.rule == "Working Together: 45 working days from referral"
    assert item.basis == "Assessment: complete within 45 working days of the referral on 1 April 2020"
    assert only(facts, BASE, date(2020, 6, 10), DueKind.ASSESSMENT).status is DueStatus.OVERDUE


@pytest.mark.parametrize(
    ("completed", "met_by"),
    [
        pytest.param(date(2020, 6, 9), "Assessment completed on 9 June 2020", id="on the day"),
        pytest.param(date(2020, 6, 10), "Assessment completed on 10 June 2020, 1 working day late", id="a day late"),
        pytest.param(date(2020, 6, 12), "Assessment completed on 12 June 2020, 3 working days late", id="3 WD late"),
    ],
)
def test_assessment_met_and_met_late(completed, met_by):
    facts = child(episode(CIN, REFERRED), assessments=(AssessmentFact(7, REFERRED, completed),))
    item = only(facts, BASE, date(2020, 7, 1), DueKind.ASSESSMENT)
    assert (item.status, item.met_on, item.met_by) == (DueStatus.MET, completed, met_by)


def test_assessment_completion_after_today_is_not_yet_met():
    facts = child(episode(CIN, REFERRED), assessments=(AssessmentFact(7, REFERRED, date(2020, 6, 1)),))
    assert only(facts, BASE, date(2020, 5, 1), DueKind.ASSESSMENT).status is DueStatus.UPCOMING


def test_assessment_without_an_episode_shows_only_while_outstanding():
    assert only(child(assessments=(AssessmentFact(7, REFERRED),)), BASE, date(2020, 4, 2), DueKind.ASSESSMENT)
    done = child(assessments=(AssessmentFact(7, REFERRED, date(2020, 5, 1)),))
    assert not items_of(done, BASE, date(2020, 5, 2), DueKind.ASSESSMENT)


def test_assessment_timescale_change_applied_to_running_intervals_unless_already_met():
    longer = covid(
        applies_to_running_intervals=True,
        effective_from=date(2020, 5, 1),
        timescales=Timescales(assessment=Interval(60, WD)),
    )
    outstanding = child(episode(CIN, REFERRED), assessments=(AssessmentFact(7, REFERRED),))
    assert only(outstanding, BOTH, date(2020, 5, 4), DueKind.ASSESSMENT).due_on == date(2020, 6, 9)
    item = only(outstanding, [baseline(), longer], date(2020, 5, 4), DueKind.ASSESSMENT)
    assert (item.due_on, item.version_id) == (date(2020, 6, 30), 2)  # 60 WD from Wed 1 Apr
    met_before = child(episode(CIN, REFERRED), assessments=(AssessmentFact(7, REFERRED, date(2020, 4, 28)),))
    item = only(met_before, [baseline(), longer], date(2020, 5, 4), DueKind.ASSESSMENT)
    assert (item.due_on, item.version_id, item.status) == (date(2020, 6, 9), 1, DueStatus.MET)


DISCUSSED = date(2022, 9, 5)  # Mon


def test_initial_conference_15_working_days_across_the_state_funeral():
    facts = child(episode(CIN, date(2022, 9, 1)), meetings=(meeting(MeetingKind.STRATEGY_DISCUSSION, DISCUSSED),))
    item = only(facts, BASE, DISCUSSED, DueKind.INITIAL_CONFERENCE)
    assert item.due_on == date(2022, 9, 27)  # Tue: 19 Sep 2022 skipped
    assert item.rule == (
        "Working Together: 15 working days from the strategy discussion that initiated the section 47 enquiry"
    )
    assert item.basis == "Initial conference: within 15 working days of the strategy discussion on 5 September 2022"


def test_initial_conference_counts_from_the_strategy_discussion_that_initiated_the_enquiry():
    # Working Together (DOMAIN.md section 4): day 0 is the strategy discussion at which the section 47 enquiry was
    # initiated, not the last of several. Mon 22 Aug 2022 + 15 working days, Mon 29 Aug (bank holiday) skipped.
    facts = child(
        episode(CIN, date(2022, 8, 1)),
        meetings=(
            meeting(MeetingKind.STRATEGY_DISCUSSION, DISCUSSED),
            meeting(MeetingKind.STRATEGY_DISCUSSION, date(2022, 8, 22)),
        ),
    )
    item = only(facts, BASE, DISCUSSED, DueKind.INITIAL_CONFERENCE)
    assert item.due_on == date(2022, 9, 13)
    assert item.basis == "Initial conference: within 15 working days of the strategy discussion on 22 August 2022"
    assert item.facts[1:3] == (
        "Strategy discussion that initiated the section 47 enquiry held on 22 August 2022",
        "Later strategy discussion in the same enquiry: 5 September 2022",
    )
    assert item.status is DueStatus.UPCOMING  # 6 working days ahead


@pytest.mark.parametrize(
    ("discussions", "conferences", "plans", "day0"),
    [
        pytest.param([date(2022, 8, 22)], [], [], date(2022, 8, 22), id="one discussion"),
        pytest.param([date(2022, 8, 22), date(2022, 9, 5)], [], [], date(2022, 8, 22), id="two: the first"),
        pytest.param(
            [date(2022, 8, 1), date(2022, 8, 22), date(2022, 9, 5)], [], [], date(2022, 8, 1), id="three: the first"
        ),
        pytest.param(
            [date(2022, 8, 1), date(2022, 9, 5)], [date(2022, 8, 20)], [], date(2022, 9, 5), id="a conference between"
        ),
        pytest.param(
            [date(2022, 8, 1), date(2022, 9, 5)], [], [date(2022, 8, 20)], date(2022, 9, 5), id="a plan between"
        ),
        pytest.param(
            [date(2022, 8, 1), date(2022, 8, 8), date(2022, 9, 5)],
            [date(2022, 8, 1)],
            [],
            date(2022, 8, 8),
            id="a conference the day of the first",
        ),
        pytest.param([], [], [], None, id="none"),
    ],
)
def test_initial_conference_day0_vectors(discussions, conferences, plans, day0):
    from caseboard.clock.reviews import initial_conference_day0

    assert initial_conference_day0(discussions, conferences=conferences, plan_starts=plans) == day0


@pytest.mark.parametrize(
    ("held", "met_by"),
    [
        pytest.param(date(2022, 9, 20), "Initial conference held on 20 September 2022", id="in time"),
        pytest.param(date(2022, 9, 30), "Initial conference held on 30 September 2022, 3 working days late", id="late"),
    ],
)
def test_initial_conference_met(held, met_by):
    facts = child(
        episode(CIN, date(2022, 9, 1)),
        meetings=(
            meeting(MeetingKind.STRATEGY_DISCUSSION, DISCUSSED),
            meeting(MeetingKind.INITIAL_CONFERENCE, held),
        ),
    )
    item = only(facts, BASE, date(2022, 10, 3), DueKind.INITIAL_CONFERENCE)
    assert (item.due_on, item.status, item.met_on, item.met_by) == (date(2022, 9, 27), DueStatus.MET, held, met_by)


def test_a_new_strategy_discussion_after_a_conference_starts_a_new_clock():
    facts = child(
        episode(CIN, date(2022, 9, 1)),
        meetings=(
            meeting(MeetingKind.STRATEGY_DISCUSSION, DISCUSSED),
            meeting(MeetingKind.INITIAL_CONFERENCE, date(2022, 9, 20)),
            meeting(MeetingKind.STRATEGY_DISCUSSION, date(2022, 10, 3)),
        ),
    )
    item = only(facts, BASE, date(2022, 10, 3), DueKind.INITIAL_CONFERENCE)
    assert (item.due_on, item.status) == (date(2022, 10, 24), DueStatus.UPCOMING)


def test_a_strategy_discussion_during_an_open_plan_starts_no_initial_conference_clock():
    facts = child(
        episode(CIN, date(2022, 9, 1)),
        episode(CP, date(2022, 9, 20)),
        meetings=(
            meeting(MeetingKind.STRATEGY_DISCUSSION, DISCUSSED),
            meeting(MeetingKind.INITIAL_CONFERENCE, date(2022, 9, 20)),
            meeting(MeetingKind.STRATEGY_DISCUSSION, date(2022, 10, 3)),
        ),
    )
    item = only(facts, BASE, date(2022, 10, 4), DueKind.INITIAL_CONFERENCE)
    assert item.status is DueStatus.MET and item.due_on == date(2022, 9, 27)


def test_first_core_group_10_working_days_across_the_coronation():
    conference = meeting(MeetingKind.INITIAL_CONFERENCE, date(2023, 5, 2))
    facts = child(episode(CP, date(2023, 5, 2)), meetings=(conference,))
    item = only(facts, BASE, date(2023, 5, 2), DueKind.FIRST_CORE_GROUP)
    assert item.due_on == date(2023, 5, 17)  # Wed: 8 May 2023 skipped
    assert item.rule == "Working Together: 10 working days from the initial conference"
    assert "Initial conference held on 2 May 2023" in item.facts
    met = replace(facts, meetings=(conference, meeting(MeetingKind.CORE_GROUP, date(2023, 5, 15))))
    item = only(met, BASE, date(2023, 6, 1), DueKind.FIRST_CORE_GROUP)
    assert (item.status, item.met_by) == (DueStatus.MET, "Core group held on 15 May 2023")
    late = replace(facts, meetings=(conference, meeting(MeetingKind.CORE_GROUP, date(2023, 5, 18))))
    assert only(late, BASE, date(2023, 6, 1), DueKind.FIRST_CORE_GROUP).met_by.endswith(", 1 working day late")


def test_first_core_group_from_the_plan_start_without_a_conference_and_only_while_open():
    facts = child(episode(CP, date(2023, 5, 2)))
    item = only(facts, BASE, date(2023, 5, 3), DueKind.FIRST_CORE_GROUP)
    assert item.due_on == date(2023, 5, 17)
    assert "no initial conference recorded" in item.basis
    closed = child(episode(CP, date(2023, 5, 2), date(2023, 5, 20)))
    assert not items_of(closed, BASE, date(2023, 6, 1), DueKind.FIRST_CORE_GROUP)


def test_a_conference_for_an_earlier_plan_is_not_this_plans():
    facts = child(
        episode(CP, date(2021, 1, 4), date(2021, 9, 1)),
        episode(CP, date(2023, 5, 2)),
        meetings=(meeting(MeetingKind.INITIAL_CONFERENCE, date(2021, 1, 4)),),
    )
    assert only(facts, BASE, date(2023, 5, 3), DueKind.FIRST_CORE_GROUP).due_on == date(2023, 5, 17)


def test_review_conferences_3_then_6_months():
    conference = meeting(MeetingKind.INITIAL_CONFERENCE, date(2021, 1, 15))
    facts = child(episode(CP, date(2021, 1, 15)), meetings=(conference,))
    item = only(facts, BASE, date(2021, 2, 1), DueKind.REVIEW_CONFERENCE)
    assert (item.due_on, item.status) == (date(2021, 4, 15), DueStatus.UPCOMING)
    reviewed = replace(facts, meetings=(conference, meeting(MeetingKind.REVIEW_CONFERENCE, date(2021, 4, 10))))
    item = only(reviewed, BASE, date(2021, 5, 1), DueKind.REVIEW_CONFERENCE)
    assert item.due_on == date(2021, 10, 10)
    assert "Last review conference held on 10 April 2021" in item.facts
    clamped = child(episode(CP, date(2021, 8, 31)))
    assert only(clamped, BASE, date(2021, 9, 1), DueKind.REVIEW_CONFERENCE).due_on == date(2021, 11, 30)


# --- every item explains itself; order ------------------------------------------------------------------------


def busy_child() -> ChildFacts:
    return child(
        episode(CIN, date(2020, 3, 2)),
        episode(CP, date(2020, 4, 20)),
        lac(date(2020, 4, 1), legal="C1", place="P1", provider="PR0"),
        episode(LEAVER, date(2020, 1, 6)),
        episode(PF, date(2020, 5, 7)),
        visits=(visit(date(2020, 4, 6)), visit(date(2020, 4, 24), VIRTUAL, decision=True)),
        meetings=(
            meeting(MeetingKind.STRATEGY_DISCUSSION, date(2020, 4, 1)),
            meeting(MeetingKind.INITIAL_CONFERENCE, date(2020, 4, 20)),
        ),
        assessments=(AssessmentFact(3, date(2020, 3, 2), date(2020, 4, 27)),),
    )


def test_every_item_carries_its_basis_rule_version_and_facts():
    found = compute_due_items(busy_child(), BOTH, date(2020, 5, 7))
    assert {item.kind for item in found} == set(DueKind) - {
        DueKind.CIN_VISIT,
        DueKind.EARLY_HELP_VISIT,
        DueKind.DECISION_REVIEW,
        DueKind.REMOTE_CONTACT,
        DueKind.RAG_REVIEW,
        DueKind.RATING_CAMPAIGN,
        DueKind.TEMPORARY_APPROVAL,
    }
    for item in found:
        assert item.basis and item.rule and item.version_label and item.version_id in (1, 2)
        assert any(fact.startswith("Operating model: ") for fact in item.facts)
        assert " 0" not in item.basis  # no leading zeros in dates
        if item.status is DueStatus.MET:
            assert item.met_on and item.met_by
        else:
            assert item.met_on is None and item.met_by == ""


def test_items_are_ordered_by_due_date_then_kind_whatever_the_order_of_the_facts():
    facts = busy_child()
    found = compute_due_items(facts, BOTH, date(2020, 5, 7))
    assert [(i.due_on, i.kind) for i in found] == sorted((i.due_on, i.kind) for i in found)
    shuffled = replace(
        facts,
        episodes=tuple(reversed(facts.episodes)),
        visits=tuple(reversed(facts.visits)),
        meetings=tuple(reversed(facts.meetings)),
    )
    assert compute_due_items(shuffled, list(reversed(BOTH)), date(2020, 5, 7)) == found


# --- properties ----------------------------------------------------------------------------------------------

PROPERTY_VERSIONS = [
    baseline(),
    covid(),
    replace(
        baseline(),
        version_id=3,
        label="Virtual visits count",
        effective_from=date(2020, 9, 25),
        visit_counting=VisitCounting.VIRTUAL,
    ),
    replace(baseline(), version_id=4, label="Back to normal", effective_from=date(2021, 10, 1)),
]
CLOCKS = {
    CIN: DueKind.CIN_VISIT,
    CP: DueKind.CP_VISIT,
    LAC: DueKind.LAC_VISIT,
    PF: DueKind.PRIVATE_FOSTERING_VISIT,
    LEAVER: DueKind.CARE_LEAVER_CONTACT,
    EH: DueKind.EARLY_HELP_VISIT,
}


def qualifies(v: VisitFact, start: date, today: date) -> bool:
    """The rule, restated independently: seen, in the clock's span, a mode the version on the visit date allows."""
    if not v.child_seen or not start <= v.on <= today:
        return False
    counting = rules_in_force(PROPERTY_VERSIONS, v.on).visit_counting
    return (
        v.mode is IN_PERSON
        or counting is VisitCounting.VIRTUAL
        or (counting is VisitCounting.VIRTUAL_WITH_DECISION and v.covered_by_decision)
    )


visit_strategy = st.builds(
    lambda offset, mode, seen, decision: (offset, mode, seen, decision),
    st.integers(min_value=-30, max_value=700),
    st.sampled_from([IN_PERSON, VIRTUAL]),
    st.booleans(),
    st.booleans(),
)


@st.composite
def scenarios(draw):
    kind = draw(st.sampled_from(list(CLOCKS)))
    start = date(2019, 6, 3) + timedelta(days=draw(st.integers(min_value=0, max_value=900)))
    fields = {}
    if kind is LAC:
        fields = draw(
            st.sampled_from(
                [
                    {"legal_status": "V2", "placement_type": "U4", "placement_intended_until_18": True},
                    {"legal_status": "C2", "placement_type": "U4"},
                    {"legal_status": "C1", "placement_type": "P1"},
                    {"legal_status": "C2", "placement_type": "P1", "parent_assessment_complete": False},
                    {"legal_status": "C2", "placement_type": "P1"},
                    {"legal_status": "V2", "placement_type": "U1", "is_reg24_placement": True},
                ]
            )
        )
    today = start + timedelta(days=draw(st.integers(min_value=0, max_value=730)))
    visits = tuple(
        VisitFact(id=i, on=start + timedelta(days=offset), mode=mode, child_seen=seen, covered_by_decision=decision)
        for i, (offset, mode, seen, decision) in enumerate(draw(st.lists(visit_strategy, max_size=12)), start=1)
    )
    reviews = tuple(
        MeetingFact(id=100 + i, kind=MeetingKind.LAC_REVIEW, held_on=start + timedelta(days=offset))
        for i, offset in enumerate(draw(st.lists(st.integers(min_value=0, max_value=400), max_size=3)))
    )
    facts = ChildFacts(
        child_id=1,
        date_of_birth=None,
        episodes=(EpisodeFact(id=1, kind=kind, start_on=start, **fields),),
        visits=visits,
        meetings=reviews,
    )
    return kind, facts, today


@settings(max_examples=300, deadline=None)
@given(scenarios())
def test_next_visit_is_never_before_the_last_qualifying_visit(scenario):
    kind, facts, today = scenario
    start = facts.episodes[0].start_on
    item = only(facts, PROPERTY_VERSIONS, today, CLOCKS[kind])
    counted = [v.on for v in facts.visits if qualifies(v, start, today)]
    if counted:
        assert item.due_on >= max(counted)
        assert _w_in(max(counted), item.basis)
    else:
        assert item.due_on >= start
    assert item.status is not DueStatus.MET


def _w_in(day: date, text: str) -> bool:
    return date_words(day) in text


@settings(max_examples=300, deadline=None)
@given(scenarios(), st.data())
def test_a_visit_that_does_not_count_changes_nothing(scenario, data):
    _kind, facts, today = scenario
    start = facts.episodes[0].start_on
    offset = data.draw(st.integers(min_value=-30, max_value=760))
    mode = data.draw(st.sampled_from([IN_PERSON, VIRTUAL]))
    extra = VisitFact(
        id=999,
        on=start + timedelta(days=offset),
        mode=mode,
        child_seen=data.draw(st.booleans()),
        covered_by_decision=data.draw(st.booleans()),
    )
    if qualifies(extra, start, today):
        extra = replace(extra, child_seen=False)
    before = compute_due_items(facts, PROPERTY_VERSIONS, today)
    after = compute_due_items(replace(facts, visits=(*facts.visits, extra)), PROPERTY_VERSIONS, today)
    assert after == before


# --- benchmark -------------------------------------------------------------------------------------------------


def synthetic_children(count: int, seed: int = 1) -> list[ChildFacts]:
    """Typical children: 1-3 episodes, a few visits and meetings, an assessment."""
    rng = random.Random(seed)
    base = date(2019, 1, 7)
    children = []
    ids = itertools.count(1)
    for child_id in range(count):
        start = base + timedelta(days=rng.randrange(0, 1500))
        shape = rng.random()
        episodes = [EpisodeFact(next(ids), CIN, start)]
        meetings: list[MeetingFact] = []
        if shape < 0.35:
            episodes.append(EpisodeFact(next(ids), CP, start + timedelta(days=20)))
            meetings += [
                MeetingFact(next(ids), MeetingKind.STRATEGY_DISCUSSION, start + timedelta(days=2)),
                MeetingFact(next(ids), MeetingKind.INITIAL_CONFERENCE, start + timedelta(days=20)),
                MeetingFact(next(ids), MeetingKind.CORE_GROUP, start + timedelta(days=28)),
            ]
        elif shape < 0.6:
            placed = start + timedelta(days=10)
            episodes.append(
                EpisodeFact(
                    next(ids),
                    LAC,
                    placed,
                    placed + timedelta(days=200),
                    legal_status="C1",
                    placement_type="U4",
                    placement_provider="PR1",
                )
            )
            episodes.append(
                EpisodeFact(
                    next(ids),
                    LAC,
                    placed + timedelta(days=201),
                    legal_status="C2",
                    placement_type=rng.choice(["U4", "U5", "K2"]),
                    placement_provider="PR1",
                    placement_intended_until_18=rng.random() < 0.5,
                )
            )
            meetings.append(MeetingFact(next(ids), MeetingKind.LAC_REVIEW, placed + timedelta(days=25)))
        elif shape < 0.7:
            episodes = [EpisodeFact(next(ids), EH, start)]
        visits = tuple(
            VisitFact(
                next(ids),
                start + timedelta(days=rng.randrange(0, 400)),
                rng.choice([IN_PERSON, IN_PERSON, VIRTUAL]),
                covered_by_decision=rng.random() < 0.5,
            )
            for _ in range(rng.randrange(0, 6))
        )
        children.append(
            ChildFacts(
                child_id=child_id,
                date_of_birth=date(2010, 1, 1),
                episodes=tuple(episodes),
                visits=visits,
                meetings=tuple(meetings),
                assessments=(AssessmentFact(next(ids), start, start + timedelta(days=rng.randrange(20, 80))),),
                placement_plans=(start + timedelta(days=14),),
            )
        )
    return children


def test_synthetic_children_compute():
    assert all(compute_due_items(facts, BOTH, date(2023, 6, 1)) for facts in synthetic_children(200))


@pytest.mark.skipif(os.environ.get("CASEBOARD_BENCH_RULES") != "1", reason="set CASEBOARD_BENCH_RULES=1 to run")
def test_benchmark_children_per_second(capsys):
    children = synthetic_children(20_000)
    versions = [*BOTH, replace(baseline(), version_id=3, label="Back to normal", effective_from=date(2021, 10, 1))]
    today = date(2023, 6, 1)
    compute_due_items(children[0], versions, today)  # warm the holiday caches
    began = time.perf_counter()
    total = sum(len(compute_due_items(facts, versions, today)) for facts in children)
    seconds = time.perf_counter() - began
    with capsys.disabled():
        print(
            f"\nrules: {len(children):,} children, {total:,} due items in {seconds:.2f}s: "
            f"{len(children) / seconds:,.0f} children/s"
        )
    assert len(children) / seconds > 5000


def test_an_approved_decision_review_is_due_on_its_date():
    from caseboard.clock.vocabulary import DecisionFact

    facts = replace(
        busy_child(), decisions=(DecisionFact(9, "Visit held virtually", date(2020, 5, 15), date(2020, 4, 24), 21),)
    )
    review = next(i for i in compute_due_items(facts, BOTH, date(2020, 5, 7)) if i.kind is DueKind.DECISION_REVIEW)
    assert review.due_on == date(2020, 5, 15) and review.status is DueStatus.DUE_SOON  # 5 working days (VE Day)
    assert "24 April 2020" in review.basis and "21 days" in review.basis
    late = compute_due_items(facts, BOTH, date(2020, 5, 18))
    assert next(i for i in late if i.kind is DueKind.DECISION_REVIEW).status is DueStatus.OVERDUE


def test_weekly_remote_contact_for_open_cin_under_a_version_that_asks_for_it():
    weekly = replace(covid(), remote_contact=Interval(7, Unit.CALENDAR_DAYS))
    facts = child(episode(CIN, date(2020, 3, 2)), contacts=(date(2020, 4, 20), date(2020, 4, 28)))
    found = compute_due_items(facts, [baseline(), weekly], date(2020, 5, 1))
    item = next(i for i in found if i.kind is DueKind.REMOTE_CONTACT)
    assert item.due_on == date(2020, 5, 5) and "28 April 2020" in item.basis
    # The baseline asks for none; a child protection case has its own visits instead.
    baseline_only = compute_due_items(facts, [baseline()], date(2020, 5, 1))
    assert not [i for i in baseline_only if i.kind is DueKind.REMOTE_CONTACT]
    cp = child(episode(CIN, date(2020, 3, 2)), episode(CP, date(2020, 4, 1)))
    with_cp = compute_due_items(cp, [baseline(), weekly], date(2020, 5, 1))
    assert not [i for i in with_cp if i.kind is DueKind.REMOTE_CONTACT]


def test_which_case_notes_are_remote_contact_is_the_versions():
    weekly = replace(covid(), remote_contact=Interval(7, Unit.CALENDAR_DAYS))
    assert weekly.remote_contact_kinds == {"phone_parent", "phone_child", "welfare_call"}  # today's
    notes = (date(2020, 4, 20), "welfare_call"), (date(2020, 4, 28), "message")
    facts = replace(child(episode(CIN, date(2020, 3, 2))), case_notes=notes)
    item = only(facts, [baseline(), weekly], date(2020, 5, 1), DueKind.REMOTE_CONTACT)
    assert item.due_on == date(2020, 4, 27) and "20 April 2020" in item.basis  # the message is not contact
    messages = replace(weekly, remote_contact_kinds=frozenset({"message"}))
    item = only(facts, [baseline(), messages], date(2020, 5, 1), DueKind.REMOTE_CONTACT)
    assert item.due_on == date(2020, 5, 5) and "28 April 2020" in item.basis
    # A visit at which the child was seen (the facts' ``contacts``) is contact under any version.
    seen = replace(facts, contacts=(date(2020, 4, 30),))
    assert only(seen, [baseline(), messages], date(2020, 5, 1), DueKind.REMOTE_CONTACT).due_on == date(2020, 5, 7)


def test_a_version_extending_the_same_remote_contact_does_not_restart_its_clock():
    weekly = replace(covid(), remote_contact=Interval(7, Unit.CALENDAR_DAYS), ends_on=date(2020, 4, 14))
    extended = replace(weekly, version_id=3, effective_from=date(2020, 4, 15), ends_on=None)
    facts = child(episode(CIN, date(2020, 3, 2)))
    alone = only(facts, [baseline(), replace(weekly, ends_on=None)], date(2020, 5, 1), DueKind.REMOTE_CONTACT)
    both = only(facts, [baseline(), weekly, extended], date(2020, 5, 1), DueKind.REMOTE_CONTACT)
    assert alone.due_on == both.due_on == date(2020, 3, 30)  # a week from 23 March, not from 15 April


def test_personal_adviser_contact_follows_the_care_leavers_rating_where_the_version_says():
    from caseboard.clock.vocabulary import RagReviewFact

    weekly_for_red = VisitRule(Interval(7, Unit.CALENDAR_DAYS), Interval(1, Unit.WEEKS), True, "Operating model")
    version = replace(baseline(), care_leaver_visits_by_rating=(("red", weekly_for_red),))
    leaver = child(episode(LEAVER, date(2020, 1, 6)), visits=(visit(date(2020, 4, 1)),))
    usual = items_of(leaver, [version], date(2020, 4, 2), DueKind.CARE_LEAVER_CONTACT)[0]
    assert usual.due_on == date(2020, 6, 1)  # 2 months (Care Leavers Regs reg 8(2))
    red = replace(leaver, rag_reviews=(RagReviewFact(1, "Red", date(2020, 3, 30), date(2020, 4, 6), 7),))
    item = items_of(red, [version], date(2020, 4, 2), DueKind.CARE_LEAVER_CONTACT)[0]
    assert item.due_on == date(2020, 4, 8) and "rated red" in item.basis
    green = replace(leaver, rag_reviews=(RagReviewFact(1, "Green", date(2020, 3, 30), date(2020, 4, 27), 28),))
    assert items_of(green, [version], date(2020, 4, 2), DueKind.CARE_LEAVER_CONTACT)[0].due_on == date(2020, 6, 1)


@pytest.mark.parametrize(
    ("at_risk_from", "later_visit", "due_on"),
    [
        pytest.param(None, visit(date(2020, 2, 10), VIRTUAL), date(2020, 3, 23), id="settled: a virtual visit counts"),
        pytest.param(date(2020, 2, 3), visit(date(2020, 2, 10), VIRTUAL), date(2020, 2, 24), id="at risk: it does not"),
        pytest.param(
            date(2020, 2, 17), visit(date(2020, 2, 10), VIRTUAL), date(2020, 3, 23), id="at risk after it: it counts"
        ),
        pytest.param(date(2020, 2, 3), visit(date(2020, 2, 17)), date(2020, 3, 30), id="at risk: in person counts"),
    ],
)
def test_a_placement_at_risk_of_breakdown_counts_only_visits_in_person_from_the_risk(at_risk_from, later_visit, due_on):
    """Seed 002: remote contact for settled placements, unless there is any risk of placement breakdown. Placed Mon
    6 Jan 2020, seen in person Mon 13 Jan; virtual visits count under this version; 6 weeks in the first year."""
    anything = [baseline(visit_counting=VisitCounting.VIRTUAL)]
    placed = lac(date(2020, 1, 6), in_person_visits_from=at_risk_from)
    facts = child(placed, visits=(visit(date(2020, 1, 13)), later_visit))
    item = only(facts, anything, date(2020, 2, 20), DueKind.LAC_VISIT)
    assert (item.due_on, item.rule) == (due_on, "CPPCR reg 28(2)(b)")
    if at_risk_from is not None:
        assert f"Placement at risk of breakdown since {date_words(at_risk_from)}" in " ".join(item.facts)
