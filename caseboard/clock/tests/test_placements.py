"""The clock and the placement a looked-after episode names: a move between settings with the same codes is a new
placement (reg 28 restarts, a new placement plan is due), a reg 24 placement is visited under reg 28(4) and its
carers' temporary approval comes due, and the placement plan is met when recorded."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from caseboard.clock import compute_due_items
from caseboard.clock.approvals import temporary_approval_ends
from caseboard.clock.vocabulary import DueKind, DueStatus, TemporaryApprovalFact

from .test_engine import BASE, child, lac, only, visit


def test_a_move_between_two_named_settings_with_the_same_codes_is_a_new_placement():
    first = lac(date(2021, 1, 4), date(2021, 3, 31), setting_id=1)
    second = lac(date(2021, 4, 1), setting_id=2)
    facts = child(first, second, visits=(visit(date(2021, 3, 20)),))
    item = only(facts, BASE, date(2021, 4, 2), DueKind.LAC_VISIT)
    assert item.due_on == date(2021, 4, 8)  # a week after the new placement, not 6 weeks after the last visit
    plan = only(facts, BASE, date(2021, 4, 2), DueKind.PLACEMENT_PLAN)
    # 5 working days from Thursday 1 April 2021, not counting Good Friday (2 April) or Easter Monday (5 April).
    assert plan.due_on == date(2021, 4, 12)


def test_the_same_setting_or_an_unnamed_one_keeps_the_placement():
    before = lac(date(2021, 1, 4), date(2021, 3, 31), setting_id=1)
    same = child(before, lac(date(2021, 4, 1), legal="C2", setting_id=1))
    unnamed = child(before, lac(date(2021, 4, 1), legal="C2"))
    for facts in (same, unnamed):
        plan = only(facts, BASE, date(2021, 4, 2), DueKind.PLACEMENT_PLAN)
        assert plan.due_on == date(2021, 1, 11)


def test_a_reg_24_placement_is_visited_weekly_and_its_approval_comes_due():
    start = date(2021, 6, 7)
    episode = lac(start, place="U3", is_reg24_placement=True, setting_id=7)
    ends = temporary_approval_ends(start, weeks=16)
    assert ends == date(2021, 9, 27)
    approval = TemporaryApprovalFact(
        id=3, setting_id=7, carers="Ann Lowe (family)", approved_on=start, ends_on=ends, weeks=16
    )
    facts = replace(child(episode, visits=(visit(date(2021, 6, 10)),)), temporary_approvals=(approval,))
    visit_item = only(facts, BASE, date(2021, 6, 11), DueKind.LAC_VISIT)
    assert visit_item.due_on == date(2021, 6, 17)
    assert "28(4)" in visit_item.rule
    due = only(facts, BASE, date(2021, 9, 20), DueKind.TEMPORARY_APPROVAL)
    assert due.due_on == ends and due.status is DueStatus.DUE_SOON
    assert "16 weeks" in due.basis and due.rule == "CPPCR regs 24 and 25"
    assert only(facts, BASE, date(2021, 9, 28), DueKind.TEMPORARY_APPROVAL).status is DueStatus.OVERDUE
    # Replaced by a full approval: no longer due; another setting's approval never shows.
    replaced = replace(facts, temporary_approvals=(replace(approval, replaced_on=date(2021, 8, 1)),))
    assert not [i for i in compute_due_items(replaced, BASE, date(2021, 8, 2)) if i.kind == DueKind.TEMPORARY_APPROVAL]
    elsewhere = replace(facts, temporary_approvals=(replace(approval, setting_id=8),))
    assert not [i for i in compute_due_items(elsewhere, BASE, date(2021, 8, 2)) if i.kind == DueKind.TEMPORARY_APPROVAL]


def test_an_extension_moves_the_end_by_its_weeks():
    assert temporary_approval_ends(date(2020, 5, 1), weeks=24) == date(2020, 10, 16)
    assert temporary_approval_ends(date(2021, 6, 7), weeks=16, extended_weeks=8) == date(2021, 11, 22)


def test_placed_with_a_parent_before_the_assessment_is_reg_28_3():
    episode = lac(date(2021, 6, 7), legal="C2", place="P1", provider="PR0", parent_assessment_complete=False)
    item = only(child(episode, visits=(visit(date(2021, 6, 10)),)), BASE, date(2021, 6, 11), DueKind.LAC_VISIT)
    assert item.due_on == date(2021, 6, 17) and "28(3)" in item.rule


def test_a_recorded_plan_meets_the_item():
    facts = child(lac(date(2021, 6, 7), setting_id=1), plans=(date(2021, 6, 11),))
    item = only(facts, BASE, date(2021, 6, 20), DueKind.PLACEMENT_PLAN)
    assert item.status is DueStatus.MET and item.met_on == date(2021, 6, 11)
