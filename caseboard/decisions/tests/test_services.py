from datetime import date, timedelta

import pytest
from auditlog.models import LogEntry
from django.core import mail
from django.core.exceptions import ValidationError

from caseboard.accounts.models import Notification
from caseboard.decisions import services
from caseboard.decisions.models import DecisionStatus, KeyDecision
from caseboard.decisions.selectors import decision_in_force

TODAY = date(2026, 11, 24)


def propose(council, kind="visit_virtual", child=None, by=None, **extra):
    fields = {"rationale": "Household isolating; video call with the child seen alone", "starts_on": TODAY} | extra
    return services.decision_propose(
        children=[child or council.own_child], proposed_by=by or council.worker, kind=kind, today=TODAY, **fields
    )


@pytest.mark.django_db
def test_propose_fixes_the_approver_and_review_period_from_the_operating_model(council):
    decision = propose(council, kind="no_face_to_face_cp")
    assert (decision.approver_role, decision.review_after_days, decision.status) == (
        "head_of_service",
        21,
        DecisionStatus.PROPOSED,
    )
    assert Notification.objects.filter(recipient=council.head).exists()  # the approver is told
    assert not Notification.objects.filter(recipient=council.manager).exists()  # a TM cannot approve this one


@pytest.mark.parametrize(
    ("extra", "field"),
    [({"rationale": "  "}, "rationale"), ({"ends_on": TODAY - timedelta(days=1)}, "ends_on")],
)
@pytest.mark.django_db
def test_bad_proposals_are_refused_and_write_nothing(council, extra, field):
    with pytest.raises(ValidationError) as error:
        propose(council, **extra)
    assert field in error.value.message_dict
    assert not KeyDecision.objects.exists()


@pytest.mark.django_db
def test_a_decision_for_a_child_the_user_may_not_see_is_refused(council):
    with pytest.raises(ValidationError, match="children whose records you can see"):
        propose(council, child=council.cp_child)
    assert not KeyDecision.objects.exists()


@pytest.mark.django_db
def test_separation_of_duties(council):
    decision = propose(council, by=council.manager)
    with pytest.raises(ValidationError, match="someone else must approve"):
        services.decision_approve(decision=decision, approved_by=council.manager, today=TODAY)
    with pytest.raises(ValidationError):
        services.decision_approve(decision=decision, approved_by=council.colleague, today=TODAY)
    services.decision_approve(decision=decision, approved_by=council.head, today=TODAY)


@pytest.mark.django_db
def test_a_team_manager_cannot_approve_what_needs_a_head_of_service(council):
    decision = propose(council, kind="no_face_to_face_cp")
    with pytest.raises(ValidationError, match="needs a head of service"):
        services.decision_approve(decision=decision, approved_by=council.manager, today=TODAY)
    with pytest.raises(ValidationError):  # a head of another service
        services.decision_approve(decision=decision, approved_by=council.cp_head, today=TODAY)
    approved = services.decision_approve(decision=decision, approved_by=council.head, today=TODAY)
    assert approved.status == DecisionStatus.APPROVED


@pytest.mark.django_db
def test_review_date_moves_past_weekends_and_bank_holidays(council):
    # Approved Friday 4 December 2026 + 21 days = Friday 25 December (Christmas): next working day is Tuesday 29th
    # (Boxing Day falls on Saturday, so Monday 28th is the substitute bank holiday).
    decision = propose(council)
    approved = services.decision_approve(decision=decision, approved_by=council.manager, today=date(2026, 12, 4))
    assert approved.next_review_on == date(2026, 12, 29)


@pytest.mark.django_db
def test_rejecting_needs_a_reason_and_a_withdrawn_decision_cannot_be_approved(council):
    decision = propose(council)
    with pytest.raises(ValidationError) as error:
        services.decision_reject(decision=decision, rejected_by=council.manager, reason="")
    assert "reason" in error.value.message_dict
    services.decision_withdraw(decision=decision, withdrawn_by=council.worker)
    with pytest.raises(ValidationError, match="withdrawn: it cannot be approved"):
        services.decision_approve(decision=decision, approved_by=council.manager, today=TODAY)


@pytest.mark.django_db
def test_record_and_approve_only_where_allowed_and_never_above_your_role(council):
    from caseboard.policy.models import DeviationRule

    with pytest.raises(ValidationError, match="does not allow"):
        services.decision_record_and_approve(
            children=[council.own_child],
            recorded_by=council.manager,
            kind="visit_virtual",
            rationale="x",
            starts_on=TODAY,
            today=TODAY,
        )
    for rule in DeviationRule.objects.filter(version__operating_model__is_council_model=True):
        rule.allow_record_and_approve = True
        rule.save()
    decision = services.decision_record_and_approve(
        children=[council.own_child],
        recorded_by=council.manager,
        kind="visit_virtual",
        rationale="x",
        starts_on=TODAY,
        today=TODAY,
    )
    assert decision.status == DecisionStatus.APPROVED and decision.decided_by == council.manager
    with pytest.raises(ValidationError, match="needs a head of service"):
        services.decision_record_and_approve(
            children=[council.own_child],
            recorded_by=council.manager,
            kind="no_face_to_face_cp",
            rationale="x",
            starts_on=TODAY,
            today=TODAY,
        )
    assert KeyDecision.objects.count() == 1


@pytest.mark.django_db
def test_reviews_continue_change_and_end(council):
    decision = services.decision_approve(decision=propose(council), approved_by=council.manager, today=TODAY)
    with pytest.raises(ValidationError):
        services.decision_review(
            decision=decision, reviewed_by=council.worker, outcome="continue", rationale="Still needed", today=TODAY
        )
    with pytest.raises(ValidationError) as error:
        services.decision_review(
            decision=decision,
            reviewed_by=council.manager,
            outcome="continue",
            rationale="",
            next_review_on=TODAY,
            today=TODAY,
        )
    assert {"rationale", "next_review_on"} <= set(error.value.message_dict)
    later = date(2026, 12, 15)
    decision = services.decision_review(
        decision=decision, reviewed_by=council.manager, outcome="continue", rationale="Still isolating", today=later
    )
    assert decision.next_review_on == date(2027, 1, 5)
    decision = services.decision_review(
        decision=decision, reviewed_by=council.head, outcome="end", rationale="Isolation over", today=date(2027, 1, 5)
    )
    assert decision.status == DecisionStatus.ENDED
    # It has effect on the day it ends and not the next day.
    assert decision_in_force(child=council.own_child, kind="visit_virtual", on=date(2027, 1, 5)) == decision
    assert decision_in_force(child=council.own_child, kind="visit_virtual", on=date(2027, 1, 6)) is None
    assert decision.events.count() == 4


@pytest.mark.django_db
def test_expiry_and_effect(council):
    decision = propose(council, ends_on=date(2026, 12, 10))
    services.decision_approve(decision=decision, approved_by=council.manager, today=TODAY)
    assert decision_in_force(child=council.own_child, kind="visit_virtual", on=date(2026, 12, 10))
    assert decision_in_force(child=council.own_child, kind="visit_virtual", on=TODAY - timedelta(days=1)) is None
    assert services.decisions_expire(today=date(2026, 12, 10)) == 0
    assert services.decisions_expire(today=date(2026, 12, 11)) == 1
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.EXPIRED
    assert decision_in_force(child=council.own_child, kind="visit_virtual", on=date(2026, 12, 11)) is None
    assert decision_in_force(child=council.own_child, kind="visit_virtual", on=date(2026, 12, 10)) == decision


@pytest.mark.django_db
def test_overdue_reviews_escalate_once_to_the_head_of_service(council, settings):
    settings.DECISION_ESCALATION_WORKING_DAYS = 5
    decision = services.decision_approve(decision=propose(council), approved_by=council.manager, today=TODAY)
    due = decision.next_review_on  # Tuesday 15 December 2026
    assert services.decisions_escalate(today=due + timedelta(days=7)) == 0  # 5 working days late: not yet
    assert services.decisions_escalate(today=due + timedelta(days=8)) == 1
    assert services.decisions_escalate(today=due + timedelta(days=9)) == 0
    assert Notification.objects.filter(recipient=council.head, message__startswith="Review overdue").count() == 1


@pytest.mark.django_db
def test_every_action_is_audited(council):
    decision = propose(council)
    services.decision_approve(decision=decision, approved_by=council.manager, today=TODAY)
    entries = LogEntry.objects.get_for_object(decision)
    assert entries.filter(action=LogEntry.Action.CREATE).exists()
    assert entries.filter(action=LogEntry.Action.UPDATE).exists()
    assert LogEntry.objects.filter(content_type__model="decisionevent").count() == 2


@pytest.mark.django_db
def test_email_is_sent_by_the_task_queue_after_commit(council, django_capture_on_commit_callbacks):
    council.head.email = "head@example.org"
    council.head.save()
    with django_capture_on_commit_callbacks(execute=True):
        propose(council, kind="no_face_to_face_cp")
    assert [message.to for message in mail.outbox] == [["head@example.org"]]
    assert "/decisions/" in mail.outbox[0].body


@pytest.mark.django_db
def test_a_review_never_falls_after_the_decision_ends(council):
    """A decision ending 14 December is reviewed by then, not on 23 December (21 days after approval, moved)."""
    decision = propose(council, ends_on=date(2026, 12, 14))
    approved = services.decision_approve(decision=decision, approved_by=council.manager, today=date(2026, 12, 2))
    assert approved.next_review_on == date(2026, 12, 14)
    with pytest.raises(ValidationError) as error:
        services.decision_review(
            decision=approved,
            reviewed_by=council.manager,
            outcome="continue",
            rationale="Still isolating",
            next_review_on=date(2026, 12, 20),
            today=date(2026, 12, 3),
        )
    assert "on or before the day the decision ends, 14 December 2026" in error.value.message_dict["next_review_on"][0]
