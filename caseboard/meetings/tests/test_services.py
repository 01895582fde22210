"""Meeting services: each timescale at its boundary, the rules each write enforces, and what is left untouched when a
write is refused."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from caseboard.casework.models import Episode, EpisodeKind
from caseboard.clock.calendar import add_working_days
from caseboard.compliance.models import DueItem
from caseboard.compliance.services import due_items_recompute
from caseboard.decisions import services as decisions
from caseboard.meetings import services
from caseboard.meetings.models import Invitee, Meeting, MeetingStatus, Postponement, Section47Enquiry
from caseboard.meetings.selectors import lateness, meeting_for, meetings_for_child, postponement_summary

from .conftest import arrange, at, hold, looked_after

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 24)
DISCUSSION = date(2026, 4, 20)  # Monday; 4 May 2026 is a bank holiday
DAY_15 = date(2026, 5, 12)
DAY_16 = date(2026, 5, 13)


def due(child, kind: str) -> DueItem:
    due_items_recompute(child_ids=[child.pk], today=TODAY)
    items = list(DueItem.objects.filter(child=child, kind=kind).order_by("due_on"))
    assert len(items) == 1, items
    return items[0]


# --- initial conference: 15 working days from the strategy discussion that initiated the enquiry -----------------
def test_icpc_is_due_on_day_15_across_the_bank_holiday(council):
    assert add_working_days(DISCUSSION, 15) == DAY_15
    user = council.cp_worker
    discussion = arrange(user, "strategy_discussion", council.cp_child, on=DISCUSSION)
    hold(discussion, user, on=DISCUSSION, outcome="s47_enquiry")
    assert due(council.cp_child, "initial_conference").due_on == DAY_15
    conference = arrange(user, "initial_conference", council.cp_child, on=DAY_15)
    assert conference.due_on == DAY_15 and conference.strategy_discussion == discussion
    assert lateness(conference) == ""
    hold(conference, user, on=DAY_15, outcome="no_plan")
    item = due(council.cp_child, "initial_conference")
    assert item.met_on == DAY_15 and item.met_by == "Initial conference held on 12 May 2026"


def test_icpc_on_day_16_is_one_working_day_late(council):
    user = council.cp_worker
    hold(
        arrange(user, "strategy_discussion", council.cp_child, on=DISCUSSION),
        user,
        on=DISCUSSION,
        outcome="s47_enquiry",
    )
    conference = arrange(user, "initial_conference", council.cp_child, on=DAY_16)
    assert conference.due_on == DAY_15
    assert lateness(conference) == "1 working day after the due date"
    hold(conference, user, on=DAY_16, outcome="no_plan")
    assert due(council.cp_child, "initial_conference").met_by.endswith("1 working day late")


def test_icpc_counts_from_the_strategy_discussion_that_initiated_the_enquiry(council):
    """Working Together (DOMAIN.md section 4): not the last of several strategy discussions, but the one at which the
    section 47 enquiry was initiated: Mon 2 March 2026 + 15 working days is Mon 23 March."""
    user = council.cp_worker
    for day in (date(2026, 3, 2), DISCUSSION):
        hold(arrange(user, "strategy_discussion", council.cp_child, on=day), user, on=day, outcome="s47_enquiry")
    assert add_working_days(date(2026, 3, 2), 15) == date(2026, 3, 23)
    assert due(council.cp_child, "initial_conference").due_on == date(2026, 3, 23)
    conference = arrange(user, "initial_conference", council.cp_child, on=DAY_15)
    assert conference.due_on == date(2026, 3, 23)
    assert conference.strategy_discussion.held_on == date(2026, 3, 2)


def test_conference_before_its_strategy_discussion_is_refused(council):
    user = council.cp_worker
    hold(
        arrange(user, "strategy_discussion", council.cp_child, on=DISCUSSION),
        user,
        on=DISCUSSION,
        outcome="s47_enquiry",
    )
    with pytest.raises(ValidationError) as error:
        arrange(user, "initial_conference", council.cp_child, on=date(2026, 4, 17))
    assert error.value.message_dict["scheduled_for"] == [
        "The conference cannot be before the strategy discussion on 20 April 2026: enter a date on or after it"
    ]
    assert not Meeting.objects.filter(kind="initial_conference").exists()


def test_conference_without_a_strategy_discussion_is_refused(council):
    with pytest.raises(ValidationError, match="hold the strategy discussion first"):
        arrange(council.cp_worker, "initial_conference", council.cp_child, on=DAY_15)


def test_strategy_discussion_deciding_s47_starts_an_enquiry(council):
    user = council.cp_worker
    discussion = hold(
        arrange(user, "strategy_discussion", council.cp_child, on=DISCUSSION),
        user,
        on=DISCUSSION,
        outcome="s47_enquiry",
    )
    enquiry = Section47Enquiry.objects.get(child=council.cp_child)
    assert enquiry.started_on == DISCUSSION and enquiry.strategy_discussion == discussion and enquiry.is_open
    with pytest.raises(ValidationError) as error:
        services.section_47_complete(
            enquiry=enquiry, completed_by=user, outcome="icpc_needed", completed_on=date(2026, 4, 1), today=TODAY
        )
    assert "on or after it started, 20 April 2026" in error.value.message_dict["completed_on"][0]
    services.section_47_complete(
        enquiry=enquiry, completed_by=user, outcome="icpc_needed", completed_on=date(2026, 4, 30), today=TODAY
    )
    enquiry.refresh_from_db()
    assert enquiry.outcome == "icpc_needed" and enquiry.completed_on == date(2026, 4, 30)


def test_strategy_discussion_needs_an_outcome(council):
    meeting = arrange(council.cp_worker, "strategy_discussion", council.cp_child, on=DISCUSSION)
    with pytest.raises(ValidationError) as error:
        hold(meeting, council.cp_worker, on=DISCUSSION)
    assert error.value.message_dict["outcome"] == ["Select the outcome of the strategy discussion"]
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.SCHEDULED and meeting.held_on is None


# --- the plan: ICPC opens it, core groups and review conferences ------------------------------------------------
def test_icpc_plan_opens_the_cp_episode_with_the_category(council, strategy_then_plan):
    plan = Episode.objects.get(child=council.cp_child, kind=EpisodeKind.CHILD_PROTECTION)
    assert plan.start_on == DAY_15 and plan.initial_category_of_abuse == "NEG" and plan.end_on is None


def test_icpc_plan_needs_a_category_of_abuse(council):
    user = council.cp_worker
    hold(
        arrange(user, "strategy_discussion", council.cp_child, on=DISCUSSION),
        user,
        on=DISCUSSION,
        outcome="s47_enquiry",
    )
    conference = arrange(user, "initial_conference", council.cp_child, on=DAY_15)
    with pytest.raises(ValidationError) as error:
        hold(conference, user, on=DAY_15, outcome="cp_plan")
    assert error.value.message_dict["category_of_abuse"] == ["Select the category of abuse"]
    assert not Episode.objects.filter(child=council.cp_child, kind=EpisodeKind.CHILD_PROTECTION).exists()


def test_icpc_no_plan_opens_nothing(council):
    user = council.cp_worker
    hold(
        arrange(user, "strategy_discussion", council.cp_child, on=DISCUSSION),
        user,
        on=DISCUSSION,
        outcome="s47_enquiry",
    )
    conference = hold(
        arrange(user, "initial_conference", council.cp_child, on=DAY_15), user, on=DAY_15, outcome="no_plan"
    )
    assert conference.outcome == "no_plan"
    assert not Episode.objects.filter(child=council.cp_child, kind=EpisodeKind.CHILD_PROTECTION).exists()


def test_core_group_without_a_plan_is_refused(council):
    with pytest.raises(ValidationError) as error:
        arrange(council.worker, "core_group", council.own_child, on=date(2026, 5, 20))
    assert error.value.message_dict["kind"] == [
        "Ava Brown has no child protection plan: a core group is for a child on a plan"
    ]
    assert not Meeting.objects.exists()


def test_first_core_group_due_10_working_days_after_the_icpc(council, strategy_then_plan):
    day_10 = add_working_days(DAY_15, 10)
    assert day_10 == date(2026, 5, 27)  # past the 25 May bank holiday
    user = council.cp_worker
    core_group = arrange(user, "core_group", council.cp_child, on=day_10)
    assert core_group.due_on == day_10
    hold(core_group, user, on=day_10)
    item = due(council.cp_child, "first_core_group")
    assert item.met_on == day_10 and "late" not in item.met_by
    # Later core groups have no statutory timescale.
    assert arrange(user, "core_group", council.cp_child, on=date(2026, 6, 24)).due_on is None


def test_first_core_group_on_day_11_is_late(council, strategy_then_plan):
    user = council.cp_worker
    core_group = hold(arrange(user, "core_group", council.cp_child, on=date(2026, 5, 28)), user, on=date(2026, 5, 28))
    assert lateness(core_group) == "1 working day after the due date"
    assert due(council.cp_child, "first_core_group").met_by.endswith("1 working day late")


def test_review_conferences_3_months_then_6_months(council, strategy_then_plan):
    user = council.cp_worker
    first = arrange(user, "review_conference", council.cp_child, on=date(2026, 8, 12))
    assert first.due_on == date(2026, 8, 12)
    assert due(council.cp_child, "review_conference").due_on == date(2026, 8, 12)
    hold(first, user, on=date(2026, 8, 10), outcome="plan_continues")
    second = arrange(user, "review_conference", council.cp_child, on=date(2027, 2, 10))
    assert second.due_on == date(2027, 2, 10)
    assert due(council.cp_child, "review_conference").due_on == date(2027, 2, 10)


def test_review_conference_can_end_the_plan(council, strategy_then_plan):
    user = council.cp_worker
    review = arrange(user, "review_conference", council.cp_child, on=date(2026, 8, 11))
    hold(review, user, on=date(2026, 8, 11), outcome="plan_ends")
    plan = Episode.objects.get(child=council.cp_child, kind=EpisodeKind.CHILD_PROTECTION)
    assert plan.end_on == date(2026, 8, 11)
    due_items_recompute(child_ids=[council.cp_child.pk], today=TODAY)
    assert not DueItem.objects.filter(child=council.cp_child, kind="review_conference").exists()
    with pytest.raises(ValidationError, match="has no child protection plan: a core group is for a child on a plan"):
        arrange(user, "core_group", council.cp_child, on=date(2026, 9, 1))


# --- looked-after reviews --------------------------------------------------------------------------------------
def test_lac_reviews_20_working_days_then_3_months_then_6_months(council):
    child = council.cp_child
    looked_after(child, date(2026, 4, 1))
    first_due = add_working_days(date(2026, 4, 1), 20)
    assert first_due == date(2026, 5, 1)  # across Good Friday and Easter Monday
    user = council.iro
    first = arrange(user, "lac_review", child, on=first_due)
    assert first.due_on == first_due
    first = hold(first, user, on=date(2026, 5, 5))  # Tuesday after the bank holiday: 1 working day late
    assert lateness(first) == "1 working day after the due date"
    second = arrange(user, "lac_review", child, on=date(2026, 8, 5))
    assert second.due_on == date(2026, 8, 5)  # 3 months from the first review as held
    hold(second, user, on=date(2026, 8, 3))
    third = arrange(user, "lac_review", child, on=date(2027, 2, 3))
    assert third.due_on == date(2027, 2, 3)  # 6 months from the second
    assert due(child, "lac_review").due_on == date(2027, 2, 3)
    schedule = meetings_for_child(child=child, today=TODAY).reviews
    assert [(r.due_on, r.held_on) for r in schedule[:3]] == [
        (date(2026, 5, 1), date(2026, 5, 5)),
        (date(2026, 8, 5), date(2026, 8, 3)),
        (date(2027, 2, 3), None),
    ]


def test_lac_review_for_a_child_not_looked_after_is_refused(council):
    with pytest.raises(
        ValidationError, match="Ava Brown is not looked after: a looked-after review is for a child in care"
    ):
        arrange(council.worker, "lac_review", council.own_child, on=date(2026, 5, 1))


def test_first_three_review_dates_before_any_review(council):
    looked_after(council.cp_child, date(2026, 4, 1))
    schedule = meetings_for_child(child=council.cp_child, today=TODAY).reviews
    assert [(r.due_on, r.held_on) for r in schedule] == [(date(2026, 5, 1), None), (None, None), (None, None)]


# --- postponement ------------------------------------------------------------------------------------------------
def test_postponement_keeps_the_due_date(council):
    user = council.cp_worker
    hold(
        arrange(user, "strategy_discussion", council.cp_child, on=DISCUSSION),
        user,
        on=DISCUSSION,
        outcome="s47_enquiry",
    )
    conference = arrange(user, "initial_conference", council.cp_child, on=DAY_15)
    services.meeting_postpone(
        meeting=conference, postponed_by=user, new_scheduled_for=at(date(2026, 5, 19)), reason="Chair unwell"
    )
    conference = meeting_for(user=user, pk=conference.pk)
    assert conference.due_on == DAY_15 and Postponement.objects.filter(meeting=conference).count() == 1
    assert postponement_summary(conference) == "Postponed: due 12 May 2026, now 19 May 2026 (5 working days late)"
    services.meeting_postpone(
        meeting=conference, postponed_by=user, new_scheduled_for=at(date(2026, 5, 20)), reason="Police unavailable"
    )
    assert Postponement.objects.filter(meeting=conference).count() == 2
    conference.refresh_from_db()
    assert conference.due_on == DAY_15
    hold(conference, user, on=date(2026, 5, 20), outcome="no_plan")
    assert due(council.cp_child, "initial_conference").met_by.endswith("6 working days late")


def test_postponement_needs_a_later_date_and_a_reason(council):
    meeting = arrange(council.worker, "cin_review", council.own_child, on=date(2026, 6, 1))
    with pytest.raises(ValidationError) as error:
        services.meeting_postpone(
            meeting=meeting, postponed_by=council.worker, new_scheduled_for=at(date(2026, 5, 29)), reason=""
        )
    assert set(error.value.message_dict) == {"new_scheduled_for", "reason"}
    assert not Postponement.objects.exists()


# --- cancellation ------------------------------------------------------------------------------------------------
def test_cancelling_a_statutory_meeting_is_refused_without_a_decision(council):
    meeting = arrange(council.worker, "cin_review", council.own_child, on=date(2026, 6, 1))
    with pytest.raises(services.CancellationNeedsDecision) as error:
        services.meeting_cancel(meeting=meeting, cancelled_by=council.worker, reason="Family unwell", today=TODAY)
    assert error.value.message_dict["__all__"] == [
        "A child in need review is a statutory meeting: cancelling it needs an approved key decision (Statutory "
        "meeting cancelled) for Ava Brown covering 1 June 2026. Hold it online or split into calls instead, or "
        "propose a key decision."
    ]
    assert error.value.child == council.own_child
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.SCHEDULED


def test_cancelling_a_statutory_meeting_with_an_approved_decision(council):
    meeting = arrange(council.worker, "cin_review", council.own_child, on=date(2026, 6, 1))
    decision = decisions.decision_propose(
        children=[council.own_child],
        proposed_by=council.worker,
        kind="meeting_cancelled",
        rationale="The family asked to move the review to the school holidays.",
        starts_on=date(2026, 5, 25),
    )
    assert decision.approver_role == "head_of_service"
    with pytest.raises(ValidationError, match="needs an approved key decision"):  # proposed is not approved
        services.meeting_cancel(meeting=meeting, cancelled_by=council.worker, reason="Family unwell", today=TODAY)
    with pytest.raises(ValidationError, match="needs a head of service"):
        decisions.decision_approve(decision=decision, approved_by=council.manager)
    decisions.decision_approve(decision=decision, approved_by=council.head)
    cancelled = services.meeting_cancel(
        meeting=meeting, cancelled_by=council.worker, reason="Family unwell", today=TODAY
    )
    assert cancelled.status == MeetingStatus.CANCELLED and cancelled.cancellation_decision == decision


def test_meeting_cancelled_cannot_be_recorded_and_approved_in_one_step(council):
    with pytest.raises(ValidationError, match="propose it for approval"):
        decisions.decision_record_and_approve(
            children=[council.own_child],
            recorded_by=council.head,
            kind="meeting_cancelled",
            rationale="Cancel",
            starts_on=date(2026, 5, 25),
        )


def test_non_statutory_meetings_are_cancelled_with_a_reason(council):
    meeting = arrange(council.worker, "panel", council.own_child, on=date(2026, 6, 1))
    with pytest.raises(ValidationError, match="Enter why the meeting is cancelled"):
        services.meeting_cancel(meeting=meeting, cancelled_by=council.worker, reason=" ", today=TODAY)
    cancelled = services.meeting_cancel(meeting=meeting, cancelled_by=council.worker, reason="Panel moved", today=TODAY)
    assert cancelled.status == MeetingStatus.CANCELLED and cancelled.cancelled_on == TODAY


def test_which_meetings_need_a_decision_to_cancel_is_the_operating_models(council):
    from caseboard.meetings.models import CANCELLATION_SECTION, DEFAULT_NEEDS_DECISION_TO_CANCEL, MeetingKind
    from caseboard.meetings.selectors import kinds_needing_decision_to_cancel
    from caseboard.policy.hooks import section_for
    from caseboard.policy.selectors import version_in_force

    on = date(2026, 6, 1)
    assert kinds_needing_decision_to_cancel(on) == DEFAULT_NEEDS_DECISION_TO_CANCEL
    assert MeetingKind.PANEL not in DEFAULT_NEEDS_DECISION_TO_CANCEL
    review = arrange(council.worker, "cin_review", council.own_child, on=on)
    panel = arrange(council.worker, "panel", council.own_child, on=on)
    assert review.needs_decision_to_cancel and not panel.needs_decision_to_cancel
    row = section_for(version_in_force(on), CANCELLATION_SECTION)
    row.cin_review, row.panel = False, True
    row.save()
    assert not review.needs_decision_to_cancel and panel.needs_decision_to_cancel
    with pytest.raises(services.CancellationNeedsDecision, match="A panel is a statutory meeting"):
        services.meeting_cancel(meeting=panel, cancelled_by=council.worker, reason="Panel moved", today=TODAY)
    cancelled = services.meeting_cancel(meeting=review, cancelled_by=council.worker, reason="Moved", today=TODAY)
    assert cancelled.status == MeetingStatus.CANCELLED


# --- holding: attendance, format ---------------------------------------------------------------------------------
def test_attendees_who_are_not_invitees_are_refused(council):
    meeting = arrange(council.worker, "cin_review", council.own_child, on=date(2026, 6, 1))
    other = arrange(
        council.worker,
        "panel",
        council.own_child,
        on=date(2026, 6, 2),
        invitees=[services.InviteeInput("Sam Jones", "Police")],
    )
    stranger = other.invitees.get(name="Sam Jones")
    with pytest.raises(ValidationError) as error:
        hold(meeting, council.worker, on=date(2026, 6, 1), attendance={stranger.pk: "telephone"})
    assert error.value.message_dict["attendance"] == [
        "Sam Jones was not invited to this meeting: add them as an invitee before recording that they took part"
    ]
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.SCHEDULED


def test_holding_records_who_took_part_and_how(council):
    meeting = arrange(council.worker, "cin_review", council.own_child, on=date(2026, 6, 1))
    invitees = {invitee.name: invitee for invitee in meeting.invitees.all()}
    assert set(invitees) == {"Worker Test", "Jo Patel"}  # the allocated worker is invited automatically
    hold(
        meeting,
        council.worker,
        on=date(2026, 6, 1),
        fmt="split_calls",
        attendance={invitees["Jo Patel"].pk: "written", invitees["Worker Test"].pk: "telephone"},
    )
    meeting.refresh_from_db()
    assert meeting.format == "split_calls" and meeting.held_on == date(2026, 6, 1)
    assert {(i.name, i.attended, i.took_part) for i in Invitee.objects.filter(meeting=meeting)} == {
        ("Worker Test", True, "telephone"),
        ("Jo Patel", True, "written"),
    }


def test_held_on_cannot_be_in_the_future(council):
    meeting = arrange(council.worker, "cin_review", council.own_child, on=date(2026, 6, 1))
    with pytest.raises(ValidationError, match="must be today or in the past"):
        hold(meeting, council.worker, on=date(2026, 12, 1), today=TODAY)


def test_siblings_share_a_meeting_only_if_linked(council):
    with pytest.raises(ValidationError, match="is not recorded as Ava Brown's brother or sister"):
        arrange(council.worker, "cin_review", council.own_child, council.team_child, on=date(2026, 6, 1))


def test_only_visible_children(council):
    with pytest.raises(ValidationError, match="children whose records you can see"):
        arrange(council.worker, "cin_review", council.other_team_child, on=date(2026, 6, 1))


# --- the statutory clock follows held meetings --------------------------------------------------------------------
def test_due_items_follow_meetings_as_they_are_held(council, django_capture_on_commit_callbacks):
    user = council.cp_worker
    with django_capture_on_commit_callbacks(execute=True):
        discussion = arrange(user, "strategy_discussion", council.cp_child, on=DISCUSSION)
    assert not DueItem.objects.filter(child=council.cp_child, kind="initial_conference").exists()
    with django_capture_on_commit_callbacks(execute=True):
        hold(discussion, user, on=DISCUSSION, outcome="s47_enquiry")
    item = DueItem.objects.get(child=council.cp_child, kind="initial_conference")
    assert item.due_on == DAY_15 and item.met_on is None
    with django_capture_on_commit_callbacks(execute=True):
        conference = arrange(user, "initial_conference", council.cp_child, on=DAY_15)
        hold(conference, user, on=DAY_15, outcome="cp_plan", category="PHY")
    assert DueItem.objects.get(child=council.cp_child, kind="initial_conference").met_on == DAY_15
    assert DueItem.objects.get(child=council.cp_child, kind="first_core_group").due_on == date(2026, 5, 27)


def test_no_conference_clock_without_a_section_47_enquiry(council):
    user = council.cp_worker
    hold(
        arrange(user, "strategy_discussion", council.cp_child, on=DISCUSSION),
        user,
        on=DISCUSSION,
        outcome="no_further_action",
    )
    due_items_recompute(child_ids=[council.cp_child.pk], today=TODAY)
    assert not DueItem.objects.filter(child=council.cp_child, kind="initial_conference").exists()


def test_enquiry_concluding_no_conference_is_needed_stops_the_clock(council):
    user = council.cp_worker
    hold(
        arrange(user, "strategy_discussion", council.cp_child, on=DISCUSSION),
        user,
        on=DISCUSSION,
        outcome="s47_enquiry",
    )
    assert due(council.cp_child, "initial_conference").due_on == DAY_15
    enquiry = Section47Enquiry.objects.get(child=council.cp_child)
    services.section_47_complete(
        enquiry=enquiry, completed_by=user, outcome="icpc_not_needed", completed_on=date(2026, 4, 30), today=TODAY
    )
    due_items_recompute(child_ids=[council.cp_child.pk], today=TODAY)
    assert not DueItem.objects.filter(child=council.cp_child, kind="initial_conference").exists()
