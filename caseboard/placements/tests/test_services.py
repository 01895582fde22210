"""Placements' rules through their one door: approvals with the reg 24 clock, placing a child (new episode, the
flags the clock reads), placement plans that meet the clock's item, supervising social workers' visits that count
for the child, and the refusals of bad input with nothing written."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError

from caseboard.casework.models import Episode, EpisodeKind
from caseboard.clock.vocabulary import DueKind, DueStatus
from caseboard.compliance.models import DueItem
from caseboard.compliance.services import due_items_recompute
from caseboard.decisions import services as decisions
from caseboard.people.selectors import child_is_visible, children_visible_to
from caseboard.placements import services
from caseboard.placements.models import Approval, Placement, PlacementPlan, Setting
from caseboard.visits.models import ChildSeen
from caseboard.visits.services import ChildSeenInput

from .conftest import START

pytestmark = pytest.mark.django_db


def _due(child, kind, today):
    due_items_recompute(child_ids=[child.pk], today=today)
    return list(DueItem.objects.filter(child=child, kind=kind))


def _emergency(council, fostering, *, today=START):
    approval = services.approval_record(
        setting=fostering.connected,
        recorded_by=council.manager,
        kind="temporary",
        approved_on=START,
        places=1,
        for_child=council.own_child,
        today=today,
    )
    placement = services.placement_start(
        child=council.own_child,
        setting=fostering.connected,
        placed_by=council.worker,
        start_on=START,
        placement_type="U3",
        legal_status="V2",
        is_emergency=True,
        today=today,
    )
    return approval, placement


def test_an_emergency_reg_24_placement_runs_the_clock_from_data(council, fostering):
    approval, placement = _emergency(council, fostering)
    assert approval.weeks == 16 and approval.ends_on == START + timedelta(weeks=16)
    assert placement.is_reg24_placement and placement.episode.placement_provider == "PR1"
    (visit,) = _due(council.own_child, DueKind.LAC_VISIT, START + timedelta(days=1))
    assert "28(4)" in visit.rule and visit.due_on == START + timedelta(days=7)
    (lapse,) = _due(council.own_child, DueKind.TEMPORARY_APPROVAL, START + timedelta(weeks=15))
    assert lapse.due_on == approval.ends_on and "16 weeks" in lapse.basis


def test_the_supervising_social_worker_sees_the_child_and_their_visit_counts(council, fostering):
    _emergency(council, fostering)
    assert not child_is_visible(fostering.other_ssw, council.own_child)
    assert child_is_visible(fostering.ssw, council.own_child)
    assert set(children_visible_to(fostering.ssw)) == {council.own_child}
    visit = services.carer_visit_record(
        setting=fostering.connected,
        worker=fostering.ssw,
        recorded_by=fostering.ssw,
        visited_on=START + timedelta(days=3),
        mode="in_person_home",
        children_seen=[ChildSeenInput(child=council.own_child, was_seen=True, seen_alone=True)],
        today=START + timedelta(days=3),
    )
    seen = ChildSeen.objects.get(child=council.own_child)
    assert seen.visit in visit.child_visits.all() and seen.purpose == "statutory_lac"
    (due,) = _due(council.own_child, DueKind.LAC_VISIT, START + timedelta(days=4))
    # Weekly under reg 28(4) from the SSW's visit, as from any visit.
    assert due.due_on == START + timedelta(days=10)


def test_a_move_to_mainstream_carers_and_the_plan_within_5_working_days(council, fostering):
    _emergency(council, fostering)
    moved_on = START + timedelta(weeks=6)
    council.own_child.date_of_birth = date(2015, 3, 27)
    placement = services.placement_start(
        child=council.own_child,
        setting=fostering.mainstream,
        placed_by=council.worker,
        start_on=moved_on,
        placement_type="U6",
        reason_for_change="CARPL",
        today=moved_on,
    )
    first = Episode.objects.filter(child=council.own_child, kind=EpisodeKind.LOOKED_AFTER).order_by("start_on")[0]
    assert first.end_on == moved_on - timedelta(days=1) and first.reason_place_change == "CARPL"
    assert first.reason_episode_ceased == "X1"
    assert not placement.is_reg24_placement
    (plan_item,) = _due(council.own_child, DueKind.PLACEMENT_PLAN, moved_on)
    assert plan_item.status != DueStatus.MET
    assert not _due(council.own_child, DueKind.TEMPORARY_APPROVAL, moved_on)
    services.placement_plan_record(
        placement=placement,
        recorded_by=council.worker,
        completed_on=moved_on + timedelta(days=3),
        today=moved_on + timedelta(days=3),
    )
    (plan_item,) = _due(council.own_child, DueKind.PLACEMENT_PLAN, moved_on + timedelta(days=4))
    assert plan_item.status == DueStatus.MET and plan_item.met_on == moved_on + timedelta(days=3)
    (visit,) = _due(council.own_child, DueKind.LAC_VISIT, moved_on + timedelta(days=1))
    assert "28(2)" in visit.rule


def test_placed_with_a_parent_before_the_assessment_is_reg_28_3(council):
    parents = services.setting_save(
        saved_by=council.manager, kind="with_parents", name="Parents", placement_provider="PR0", places=1
    )
    services.placement_start(
        child=council.own_child,
        setting=parents,
        placed_by=council.worker,
        start_on=START,
        placement_type="P1",
        legal_status="C2",
        parent_assessment_complete=False,
        today=START,
    )
    (visit,) = _due(council.own_child, DueKind.LAC_VISIT, START + timedelta(days=1))
    assert "28(3)" in visit.rule


# --- bad input: refused with a specific message, nothing written --------------------------------------------------


def _nothing_written(before: tuple[int, int, int, int]) -> None:
    assert _counts() == before


def _counts():
    return (Placement.objects.count(), Episode.objects.count(), Approval.objects.count(), PlacementPlan.objects.count())


def test_a_temporary_approval_past_its_limit_is_refused(council, fostering):
    before = _counts()
    with pytest.raises(ValidationError) as error:
        services.approval_record(
            setting=fostering.connected,
            recorded_by=council.manager,
            kind="temporary",
            approved_on=START,
            places=1,
            weeks=17,
        )
    expected = f"A temporary approval on {START:%-d %B %Y} lasts at most 16 weeks (reg 24)"
    assert error.value.message_dict["weeks"] == [expected]
    _nothing_written(before)
    approval = services.approval_record(
        setting=fostering.connected, recorded_by=council.manager, kind="temporary", approved_on=START, places=1
    )
    with pytest.raises(ValidationError) as error:
        services.approval_extend(
            approval=approval, extended_by=council.manager, weeks=9, extended_on=START + timedelta(weeks=10)
        )
    assert "1 to 8 weeks" in error.value.message_dict["weeks"][0]
    services.approval_extend(
        approval=approval, extended_by=council.manager, weeks=8, extended_on=START + timedelta(weeks=10)
    )
    with pytest.raises(ValidationError) as error:
        services.approval_extend(
            approval=approval, extended_by=council.manager, weeks=1, extended_on=START + timedelta(weeks=11)
        )
    assert "already been extended" in error.value.message_dict["weeks"][0]
    approval.refresh_from_db()
    assert approval.ends_on == START + timedelta(weeks=24)


def test_only_a_connected_person_is_approved_temporarily_outside_si_2020_445(council, fostering):
    with pytest.raises(ValidationError) as error:
        services.approval_record(
            setting=fostering.mainstream, recorded_by=council.manager, kind="temporary", approved_on=START, places=1
        )
    assert "Only a connected person" in error.value.message_dict["kind"][0]


def test_no_vacancy_or_outside_the_range_needs_an_exception_and_a_key_decision(council, fostering):
    services.placement_start(
        child=council.team_child,
        setting=fostering.mainstream,
        placed_by=council.manager,
        start_on=START,
        placement_type="U6",
        legal_status="V2",
        today=START,
    )
    services.placement_start(
        child=council.other_team_child,
        setting=fostering.mainstream,
        placed_by=council.admin,
        start_on=START,
        placement_type="U6",
        legal_status="V2",
        today=START,
    )
    before = _counts()
    with pytest.raises(ValidationError) as error:
        services.placement_start(
            child=council.own_child,
            setting=fostering.mainstream,
            placed_by=council.worker,
            start_on=START,
            placement_type="U6",
            legal_status="V2",
            today=START,
        )
    message = error.value.message_dict["setting"][0]
    assert "has no vacancy on 2 June 2025 (2 of 2 places)" in message and "key decision" in message
    assert "key decision “Placement outside approval” for Ava Brown" in message
    _nothing_written(before)
    # Another kind of key decision is not the manager's agreement to the exception.
    other = decisions.decision_propose(
        children=[council.own_child],
        proposed_by=council.worker,
        kind="visit_deferred",
        rationale="Only carers able to take her tonight",
        starts_on=START,
        today=START,
        notify_approvers=False,
    )
    other = decisions.decision_approve(decision=other, approved_by=council.manager, today=START)
    before = _counts()
    with pytest.raises(ValidationError) as error:
        services.placement_start(
            child=council.own_child,
            setting=fostering.mainstream,
            placed_by=council.worker,
            start_on=START,
            placement_type="U6",
            legal_status="V2",
            exception_reason="Emergency; a third bed for one night",
            exception_decision=other,
            today=START,
        )
    assert error.value.message_dict["exception_decision"] == [
        "Choose a key decision “Placement outside approval”: “Visit deferred” does not allow a placement outside "
        "the carers' approval or vacancies"
    ]
    _nothing_written(before)
    decision = decisions.decision_propose(
        children=[council.own_child],
        proposed_by=council.worker,
        kind="placement_outside_approval",
        rationale="Only carers able to take her tonight",
        starts_on=START,
        today=START,
        notify_approvers=False,
    )
    decision = decisions.decision_approve(decision=decision, approved_by=council.manager, today=START)
    placement = services.placement_start(
        child=council.own_child,
        setting=fostering.mainstream,
        placed_by=council.worker,
        start_on=START,
        placement_type="U6",
        legal_status="V2",
        exception_reason="Emergency; a third bed for one night",
        exception_decision=decision,
        today=START,
    )
    assert placement.exception_decision == decision


def test_overlapping_placements_are_refused(council, fostering):
    _emergency(council, fostering)
    before = _counts()
    with pytest.raises(ValidationError) as error:
        services.placement_start(
            child=council.own_child,
            setting=fostering.mainstream,
            placed_by=council.worker,
            start_on=START - timedelta(days=3),
            placement_type="U6",
            legal_status="V2",
            today=START,
        )
    assert "overlaps the placement from 2 June 2025" in error.value.message_dict["start_on"][0]
    _nothing_written(before)
    with pytest.raises(ValidationError) as error:
        services.placement_start(
            child=council.own_child,
            setting=fostering.mainstream,
            placed_by=council.worker,
            start_on=START + timedelta(days=7),
            placement_type="U6",
            today=START + timedelta(days=7),
        )
    assert error.value.message_dict["reason_for_change"] == ["Select the reason for the change of placement"]
    _nothing_written(before)


def test_an_unregistered_setting_needs_the_date_ofsted_was_told(council):
    with pytest.raises(ValidationError) as error:
        services.setting_save(
            saved_by=council.manager,
            kind="childrens_home",
            name="Flat 2, Mill Road",
            placement_provider="PR4",
            registration_status="unregistered",
        )
    assert error.value.message_dict["ofsted_notified_on"] == [
        "Enter the date Ofsted was told of the unregistered placement"
    ]
    assert not Setting.objects.filter(name="Flat 2, Mill Road").exists()


def test_a_placement_plan_dated_before_the_placement_is_refused(council, fostering):
    _, placement = _emergency(council, fostering)
    before = _counts()
    with pytest.raises(ValidationError) as error:
        services.placement_plan_record(
            placement=placement, recorded_by=council.worker, completed_on=START - timedelta(days=1), today=START
        )
    assert error.value.message_dict["completed_on"] == [
        "The date the plan was agreed must be on or after the placement started, 2 June 2025"
    ]
    _nothing_written(before)


def test_carers_without_an_approval_in_force_are_refused(council, fostering):
    with pytest.raises(ValidationError) as error:
        services.placement_start(
            child=council.own_child,
            setting=fostering.connected,
            placed_by=council.worker,
            start_on=START,
            placement_type="U3",
            legal_status="V2",
            today=START,
        )
    assert "have no approval in force on 2 June 2025" in error.value.message_dict["setting"][0]
    with pytest.raises(ValidationError) as error:
        services.placement_start(
            child=council.own_child,
            setting=fostering.mainstream,
            placed_by=council.worker,
            start_on=START,
            placement_type="K2",
            legal_status="V2",
            today=START,
        )
    assert "U4, U5, U6" in error.value.message_dict["placement_type"][0]


def test_a_placement_at_risk_of_breakdown_is_read_by_the_visit_rules(council, fostering):
    from caseboard.placements.facts import episode_facts
    from caseboard.placements.operating import settings_on

    _approval, placement = _emergency(council, fostering)
    noted = START + timedelta(days=4)
    services.placement_update(
        placement=placement,
        updated_by=council.worker,
        expected_version=placement.version,
        risk_of_breakdown=True,
        breakdown_noted_on=noted,
        today=noted,
    )
    assert episode_facts([council.own_child.pk])[placement.episode_id]["in_person_visits_from"] == noted
    (visit,) = _due(council.own_child, DueKind.LAC_VISIT, noted + timedelta(days=1))
    assert f"Placement at risk of breakdown since {noted:%-d %B %Y}" in " ".join(visit.facts)
    # A council that lets virtual visits count for placements at risk too: the flag is not passed to the clock.
    rules = settings_on(noted)
    rules.in_person_when_at_risk = False
    rules.save()
    assert "in_person_visits_from" not in episode_facts([council.own_child.pk])[placement.episode_id]
