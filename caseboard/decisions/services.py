"""Every write to key decisions: propose, approve (or record and approve), reject, withdraw, review, expire,
escalate. Separation of duties and the approver role come from the operating model in force when proposed."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone

from caseboard.accounts.models import Role, User
from caseboard.accounts.services import notify
from caseboard.clock.calendar import next_working_day_on_or_after, working_days_between
from caseboard.clock.reminders import next_scheduled_visit
from caseboard.core.signals import child_facts_changed
from caseboard.people.models import Child
from caseboard.people.selectors import child_is_visible
from caseboard.policy.models import DeviationRule, ReviewCadence
from caseboard.policy.selectors import deviation_rule_in_force

from .models import DecisionAction, DecisionEvent, DecisionStatus, KeyDecision
from .selectors import approvers_for, may_approve

ROLE_RANK = {Role.TEAM_MANAGER: 1, Role.HEAD_OF_SERVICE: 2}


def _event(
    decision: KeyDecision, action: str, by: User | None, reason: str = "", next_review_on: date | None = None
) -> DecisionEvent:
    event = DecisionEvent(
        decision=decision, action=action, by=by, at=timezone.now(), reason=reason, next_review_on=next_review_on
    )
    event.save()
    return event


def _facts_changed(decision: KeyDecision) -> None:
    ids = list(decision.children.values_list("pk", flat=True))
    transaction.on_commit(lambda: child_facts_changed.send(sender=KeyDecision, child_ids=ids))


def review_date(start: date, days: int) -> date:
    """``days`` calendar days after ``start``, moved to the next working day if it falls on a weekend or a bank
    holiday in England (a review is a meeting of people at work)."""
    return next_working_day_on_or_after(start + timedelta(days=days))


def next_review(decision: KeyDecision, today: date) -> date:
    """When an approved decision is next reviewed: after the review period, or, for a kind reviewed at each
    scheduled visit, on the next due date after today of the visits it covers for any of its children (the review
    period when none is scheduled); never after the decision ends (it is reviewed by then, not after)."""
    due = _next_review(decision, today)
    if decision.ends_on is not None and decision.ends_on >= today:
        return min(due, decision.ends_on)
    return due


def _next_review(decision: KeyDecision, today: date) -> date:
    if decision.review_at_each_visit:
        from caseboard.clock import compute_due_items
        from caseboard.clock.vocabulary import ClockEffect
        from caseboard.compliance.facts import facts_for
        from caseboard.policy.selectors import council_timeline

        effect = ClockEffect(
            DeviationRule.objects.filter(version_id=decision.operating_model_version_id, kind=decision.kind)
            .values_list("clock_effect", flat=True)
            .first()
            or ClockEffect.VISITS
        )
        timeline = council_timeline()
        dates = [
            found
            for facts in facts_for(decision.children.values_list("pk", flat=True))
            if (found := next_scheduled_visit(compute_due_items(facts, timeline, today), effect, today)) is not None
        ]
        if dates:
            return min(dates)
    return review_date(today, decision.review_after_days)


def _link(decision: KeyDecision) -> str:
    return f"/decisions/{decision.pk}/"


@transaction.atomic
def decision_propose(
    *,
    children: Iterable[Child],
    proposed_by: User,
    kind: str,
    rationale: str,
    starts_on: date,
    ends_on: date | None = None,
    risks_considered: str = "",
    mitigations: str = "",
    risk_assessment_notes: str = "",
    conditions: str = "",
    today: date | None = None,
    notify_approvers: bool = True,
) -> KeyDecision:
    """Propose a key decision for one child or several siblings. The approver role and review period are fixed now,
    from the operating model in force today."""
    today = today or timezone.localdate()
    children = list(children)
    errors: dict[str, str] = {}
    if not children:
        errors["children"] = "Select the child or children the decision is about"
    elif any(not child_is_visible(proposed_by, child) for child in children):
        errors["children"] = "You can only propose a decision for children whose records you can see"
    try:
        version, rule = deviation_rule_in_force(kind or "", today)
    except LookupError:
        errors["kind"] = "Select a kind of decision in the operating model in force"
    if not (rationale or "").strip():
        errors["rationale"] = "Enter the reasons for the decision"
    if ends_on and starts_on and ends_on < starts_on:
        errors["ends_on"] = "The date it applies until must be the same as or after the date it applies from"
    if errors:
        raise ValidationError(errors)
    decision = KeyDecision(
        kind=kind,
        kind_name=rule.name,
        rationale=rationale.strip(),
        risks_considered=risks_considered,
        mitigations=mitigations,
        risk_assessment_notes=risk_assessment_notes,
        conditions=conditions,
        starts_on=starts_on,
        ends_on=ends_on,
        proposed_by=proposed_by,
        proposed_at=timezone.now(),
        approver_role=rule.approver_role,
        review_after_days=rule.review_after_days,
        review_at_each_visit=rule.review_cadence == ReviewCadence.EACH_VISIT,
        operating_model_version=version,
    )
    decision.full_clean()
    decision.save()
    decision.children.set(children)
    _event(decision, DecisionAction.PROPOSED, proposed_by)
    for approver in approvers_for(decision) if notify_approvers else []:
        notify(
            recipient=approver,
            message=f"{proposed_by} asks you to approve: {decision.get_kind_display()} for {_names(children)}",
            link=_link(decision),
        )
    return decision


def _names(children: Iterable[Child]) -> str:
    return ", ".join(child.full_name for child in children)


def _lock(decision: KeyDecision, expected: tuple[str, ...], what: str) -> KeyDecision:
    current = KeyDecision.objects.select_for_update().get(pk=decision.pk)
    if current.status not in expected:
        raise ValidationError(
            {"__all__": f"This decision is {current.get_status_display().lower()}: it cannot be {what}"}
        )
    return current


def _check_approver(decision: KeyDecision, user: User) -> None:
    if decision.proposed_by_id == user.pk:
        raise ValidationError({"__all__": "You proposed this decision: someone else must approve it"})
    if not may_approve(user, decision):
        required = dict(Role.choices)[decision.approver_role].lower()
        raise ValidationError({"__all__": f"This decision needs a {required} for the child's service"})


@transaction.atomic
def decision_approve(
    *, decision: KeyDecision, approved_by: User, reason: str = "", today: date | None = None
) -> KeyDecision:
    """Approve a proposed decision. Nobody approves their own proposal; the approver holds the role the operating
    model required when it was proposed, for the child's service. The first review is due after the review
    period (on the next working day)."""
    today = today or timezone.localdate()
    current = _lock(decision, (DecisionStatus.PROPOSED,), "approved")
    _check_approver(current, approved_by)
    current.status = DecisionStatus.APPROVED
    current.decided_by = approved_by
    current.decided_at = timezone.now()
    current.next_review_on = next_review(current, today)
    current.version += 1
    current.save()
    _event(current, DecisionAction.APPROVED, approved_by, reason, current.next_review_on)
    notify(
        recipient=current.proposed_by,
        message=f"{approved_by} approved: {current.get_kind_display()}. Review due {current.next_review_on:%-d %B %Y}.",
        link=_link(current),
    )
    _facts_changed(current)
    return current


@transaction.atomic
def decision_record_and_approve(
    *, children: Iterable[Child], recorded_by: User, today: date | None = None, **fields: Any
) -> KeyDecision:
    """Record and approve in one step: only where the operating model allows it for this kind of decision, and
    only by someone who holds the approver role (never for a decision reserved to a more senior role)."""
    today = today or timezone.localdate()
    try:
        _version, rule = deviation_rule_in_force(fields.get("kind") or "", today)
    except LookupError:
        rule = None  # decision_propose says the kind is not in the operating model
    if rule is not None and not rule.allow_record_and_approve:
        raise ValidationError(
            {
                "__all__": "The operating model does not allow this decision to be recorded and "
                "approved in one step: propose it for approval"
            }
        )
    decision = decision_propose(
        children=children, proposed_by=recorded_by, today=today, notify_approvers=False, **fields
    )
    if not may_approve(recorded_by, decision):
        required = dict(Role.choices)[decision.approver_role].lower()
        raise ValidationError({"__all__": f"This decision needs a {required}: propose it for approval"})
    decision.status = DecisionStatus.APPROVED
    decision.decided_by = recorded_by
    decision.decided_at = timezone.now()
    decision.next_review_on = next_review(decision, today)
    decision.version += 1
    decision.save()
    _event(decision, DecisionAction.RECORDED_AND_APPROVED, recorded_by, next_review_on=decision.next_review_on)
    _facts_changed(decision)
    return decision


@transaction.atomic
def decision_reject(*, decision: KeyDecision, rejected_by: User, reason: str) -> KeyDecision:
    """Reject a proposed decision, with the reason (required)."""
    if not (reason or "").strip():
        raise ValidationError({"reason": "Enter the reason for rejecting the decision"})
    current = _lock(decision, (DecisionStatus.PROPOSED,), "rejected")
    _check_approver(current, rejected_by)
    current.status = DecisionStatus.REJECTED
    current.decided_by = rejected_by
    current.decided_at = timezone.now()
    current.version += 1
    current.save()
    _event(current, DecisionAction.REJECTED, rejected_by, reason.strip())
    notify(
        recipient=current.proposed_by,
        message=f"{rejected_by} rejected: {current.get_kind_display()}. Reason: {reason.strip()}",
        link=_link(current),
    )
    return current


@transaction.atomic
def decision_withdraw(*, decision: KeyDecision, withdrawn_by: User, reason: str = "") -> KeyDecision:
    """The proposer withdraws a decision that is awaiting approval."""
    current = _lock(decision, (DecisionStatus.PROPOSED,), "withdrawn")
    if current.proposed_by_id != withdrawn_by.pk:
        raise ValidationError({"__all__": "Only the person who proposed a decision can withdraw it"})
    current.status = DecisionStatus.WITHDRAWN
    current.version += 1
    current.save()
    _event(current, DecisionAction.WITHDRAWN, withdrawn_by, reason)
    return current


REVIEW_OUTCOMES = {
    "continue": DecisionAction.REVIEWED_CONTINUE,
    "change": DecisionAction.REVIEWED_CHANGE,
    "end": DecisionAction.REVIEWED_END,
}


@transaction.atomic
def decision_review(
    *,
    decision: KeyDecision,
    reviewed_by: User,
    outcome: str,
    rationale: str,
    conditions: str | None = None,
    next_review_on: date | None = None,
    today: date | None = None,
) -> KeyDecision:
    """Review an approved decision: continue (the next review after the review period, or the date given),
    change (new conditions, and a next review) or end (it stops having effect from tomorrow)."""
    today = today or timezone.localdate()
    errors: dict[str, str] = {}
    if outcome not in REVIEW_OUTCOMES:
        errors["outcome"] = "Select whether the decision continues, changes or ends"
    if not (rationale or "").strip():
        errors["rationale"] = "Enter the reasons for the review outcome"
    if outcome == "change" and not (conditions or "").strip():
        errors["conditions"] = "Enter what changes"
    if next_review_on is not None and next_review_on <= today:
        errors["next_review_on"] = "The next review must be after today"
    elif next_review_on is not None and decision.ends_on is not None and next_review_on > decision.ends_on:
        errors["next_review_on"] = (
            f"The next review must be on or before the day the decision ends, {decision.ends_on:%-d %B %Y}"
        )
    if errors:
        raise ValidationError(errors)
    current = _lock(decision, (DecisionStatus.APPROVED,), "reviewed")
    if current.proposed_by_id == reviewed_by.pk or not may_approve(reviewed_by, current):
        raise ValidationError(
            {"__all__": "A review is made by someone who could approve the decision, not by the person who proposed it"}
        )
    if outcome == "end":
        current.status = DecisionStatus.ENDED
        current.ends_on = max(today, current.starts_on)
        current.next_review_on = None
    else:
        current.next_review_on = next_review_on or next_review(current, today)
        if outcome == "change":
            current.conditions = conditions.strip()
    current.escalated_on = None
    current.version += 1
    current.full_clean()
    current.save()
    _event(current, REVIEW_OUTCOMES[outcome], reviewed_by, rationale.strip(), current.next_review_on)
    _facts_changed(current)
    return current


@transaction.atomic
def decisions_expire(*, today: date | None = None) -> int:
    """Approved decisions whose period ended before today expire (they stop having effect the day after), and so do
    decisions reviewed at each scheduled visit whose review was missed (they lapse the day after it was due)."""
    today = today or timezone.localdate()
    expired = 0
    ended = models.Q(ends_on__lt=today) | models.Q(review_at_each_visit=True, next_review_on__lt=today)
    for decision in KeyDecision.objects.select_for_update().filter(ended, status=DecisionStatus.APPROVED):
        lapsed = decision.ends_on is None or decision.ends_on >= today
        reason = (
            f"Not reviewed at the scheduled visit due on {decision.next_review_on:%-d %B %Y}: the decision lapsed"
            if lapsed
            else ""
        )
        decision.status = DecisionStatus.EXPIRED
        if lapsed:
            decision.ends_on = max(decision.next_review_on, decision.starts_on)
        decision.next_review_on = None
        decision.version += 1
        decision.save()
        _event(decision, DecisionAction.EXPIRED, None, reason)
        _facts_changed(decision)
        expired += 1
    return expired


@transaction.atomic
def decisions_escalate(*, today: date | None = None) -> int:
    """A decision whose review is overdue by more than ``DECISION_ESCALATION_WORKING_DAYS`` working days is escalated
    once to the heads of service of the child's service (the approver's manager)."""
    from .selectors import heads_for

    today = today or timezone.localdate()
    limit = settings.DECISION_ESCALATION_WORKING_DAYS
    escalated = 0
    overdue = KeyDecision.objects.select_for_update().filter(
        status=DecisionStatus.APPROVED, next_review_on__lt=today, escalated_on__isnull=True
    )
    for decision in overdue:
        if working_days_between(decision.next_review_on, today) <= limit:
            continue
        decision.escalated_on = today
        decision.save()
        _event(
            decision,
            DecisionAction.ESCALATED,
            None,
            f"Review was due on {decision.next_review_on:%-d %B %Y}, more than {limit} working days ago",
        )
        for head in heads_for(decision):
            notify(
                recipient=head,
                message=f"Review overdue: {decision.get_kind_display()} for "
                f"{_names(decision.children.all())}, due {decision.next_review_on:%-d %B %Y}",
                link=_link(decision),
            )
        escalated += 1
    return escalated


def review_reminders(*, today: date | None = None) -> int:
    """Remind the approvers of decisions whose review is due today or in the next working day."""
    today = today or timezone.localdate()
    soon = next_working_day_on_or_after(today + timedelta(days=1))
    sent = 0
    for decision in KeyDecision.objects.filter(
        status=DecisionStatus.APPROVED, next_review_on__gte=today, next_review_on__lte=soon
    ):
        for approver in approvers_for(decision):
            notify(
                recipient=approver,
                message=f"Review due {decision.next_review_on:%-d %B %Y}: "
                f"{decision.get_kind_display()} for {_names(decision.children.all())}",
                link=_link(decision),
            )
            sent += 1
    return sent
