"""Every write to plans and delays: one transaction each, the permission checked by the caller, every rule here so
pages and the API refuse the same input with the same message, field by field."""

from __future__ import annotations

from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone

from caseboard.accounts.models import Team, User
from caseboard.casework.models import Allocation, AllocationRole, ChildInNeedPlan, Episode, EpisodeKind
from caseboard.people.models import Child

from .models import Action, ActionStatus, Delay, Objective, Plan, PlanKind, Progress, Review, Service
from .operating import delay_reasons

# The episode a kind of plan belongs to, when the child has one open on the plan's start date.
EPISODE_OF_PLAN = {
    PlanKind.CHILD_IN_NEED: EpisodeKind.CHILD_IN_NEED,
    PlanKind.CHILD_PROTECTION: EpisodeKind.CHILD_PROTECTION,
    PlanKind.CARE: EpisodeKind.LOOKED_AFTER,
    PlanKind.PATHWAY: EpisodeKind.CARE_LEAVER,
}


def _text(value: str | None) -> str:
    return (value or "").strip()


def _episode_on(child: Child, kind: str, day: date) -> Episode | None:
    episode_kind = EPISODE_OF_PLAN.get(kind)
    if episode_kind is None:
        return None
    return (
        Episode.objects.filter(child=child, kind=episode_kind, start_on__lte=day)
        .filter(models.Q(end_on__isnull=True) | models.Q(end_on__gte=day))
        .order_by("-start_on")
        .first()
    )


def _cin_plan_on(episode: Episode | None, day: date) -> ChildInNeedPlan | None:
    if episode is None or episode.kind != EpisodeKind.CHILD_IN_NEED:
        return None
    return (
        ChildInNeedPlan.objects.filter(episode=episode, started_on__lte=day)
        .filter(models.Q(ended_on__isnull=True) | models.Q(ended_on__gte=day))
        .order_by("-started_on")
        .first()
    )


def team_of(child: Child, user: User) -> Team | None:
    """The team a delay counts against: the child's allocated social worker's, else the recorder's first team."""
    allocation = (
        Allocation.objects.filter(child=child, ended_on__isnull=True)
        .order_by(models.Case(models.When(role=AllocationRole.SOCIAL_WORKER, then=0), default=1), "-started_on", "-pk")
        .select_related("team")
        .first()
    )
    if allocation is not None:
        return allocation.team
    return user.teams.order_by("pk").first()


@transaction.atomic
def plan_start(*, child: Child, kind: str, started_on: date | None, summary: str, recorded_by: User) -> Plan:
    """Start a plan for a child, linked to the episode (and the CIN census plan dates) it belongs to."""
    errors: dict[str, str] = {}
    if kind not in PlanKind.values:
        errors["kind"] = "Select the kind of plan"
    if started_on is None:
        errors["started_on"] = "Enter the start date of the plan"
    elif child.date_of_birth and started_on < child.date_of_birth:
        errors["started_on"] = "The plan cannot start before the child was born"
    elif started_on > timezone.localdate():
        errors["started_on"] = "The start date of the plan must be today or in the past"
    if errors:
        raise ValidationError(errors)
    if Plan.objects.filter(child=child, kind=kind, ended_on__isnull=True).exists():
        raise ValidationError({"kind": f"The child already has an open {PlanKind(kind).label.lower()}: end it first"})
    episode = _episode_on(child, kind, started_on)
    plan = Plan(
        child=child,
        kind=kind,
        started_on=started_on,
        summary=_text(summary),
        episode=episode,
        cin_plan=_cin_plan_on(episode, started_on),
        recorded_by=recorded_by,
        recorded_at=timezone.now(),
    )
    plan.save()
    return plan


@transaction.atomic
def plan_end(*, plan: Plan, ended_on: date | None, recorded_by: User) -> Plan:
    if ended_on is None:
        raise ValidationError({"ended_on": "Enter the date the plan ended"})
    if ended_on < plan.started_on:
        raise ValidationError({"ended_on": "The plan cannot end before it started"})
    if ended_on > timezone.localdate():
        raise ValidationError({"ended_on": "The date the plan ended must be today or in the past"})
    plan.ended_on = ended_on
    plan.version += 1
    plan.save()
    return plan


@transaction.atomic
def objective_add(*, plan: Plan, text: str, recorded_by: User) -> Objective:
    if not _text(text):
        raise ValidationError({"text": "Enter the objective"})
    objective = Objective(plan=plan, text=_text(text), recorded_by=recorded_by, recorded_at=timezone.now())
    objective.save()
    return objective


def _check_open(plan: Plan) -> None:
    if not plan.is_open:
        raise ValidationError({"__all__": "This plan has ended: it can no longer be changed"})


@transaction.atomic
def action_add(
    *,
    plan: Plan,
    text: str,
    owner_name: str,
    due_on: date | None,
    recorded_by: User,
    objective: Objective | None = None,
) -> Action:
    """Add an action to an open plan: who does what by when."""
    _check_open(plan)
    errors: dict[str, str] = {}
    if not _text(text):
        errors["text"] = "Enter what is to be done"
    if not _text(owner_name):
        errors["owner_name"] = "Enter who will do it"
    if due_on is None:
        errors["due_on"] = "Enter the date the action is due"
    elif due_on < plan.started_on:
        errors["due_on"] = f"The action cannot be due before the plan started on {plan.started_on:%-d %B %Y}"
    if objective is not None and objective.plan_id != plan.pk:
        errors["objective"] = "Select one of this plan's objectives"
    if errors:
        raise ValidationError(errors)
    action = Action(
        plan=plan,
        objective=objective,
        text=_text(text),
        owner_name=_text(owner_name),
        due_on=due_on,
        recorded_by=recorded_by,
        recorded_at=timezone.now(),
    )
    action.save()
    return action


def _reason_label(reason: str, on: date) -> str | None:
    return dict(delay_reasons(on)).get(reason)


def _delay_errors(*, reason: str, details: str, was_due_on: date | None, now_due_on: date | None, on: date) -> dict:
    errors: dict[str, str] = {}
    if not reason:
        errors["delay_reason"] = "Select the cause of the delay"
    elif _reason_label(reason, on) is None:
        errors["delay_reason"] = "Select a cause of delay from the list"
    elif reason == "other" and not _text(details):
        errors["delay_details"] = "Say what caused the delay"
    if now_due_on is not None and was_due_on is not None and now_due_on < was_due_on:
        errors["now_due_on"] = "The new date cannot be before the date it was due"
    return errors


def _delay_save(
    *,
    child: Child,
    work: models.Model,
    work_label: str,
    reason: str,
    details: str,
    was_due_on: date | None,
    now_due_on: date | None,
    recorded_by: User,
    on: date,
) -> Delay:
    delay = Delay(
        child=child,
        work_type=ContentType.objects.get_for_model(work),
        work_id=work.pk,
        work_label=work_label[:200],
        reason=reason,
        reason_label=_reason_label(reason, on) or reason,
        details=_text(details),
        was_due_on=was_due_on,
        now_due_on=now_due_on,
        recorded_on=on,
        team=team_of(child, recorded_by),
        recorded_by=recorded_by,
        recorded_at=timezone.now(),
    )
    delay.save()
    return delay


@transaction.atomic
def action_update(
    *,
    action: Action,
    status: str,
    recorded_by: User,
    version: int | None = None,
    done_on: date | None = None,
    delay_reason: str = "",
    delay_details: str = "",
    now_due_on: date | None = None,
) -> Action:
    """Move an action on. Marking it delayed records the delay with its cause (and the new date, if known)."""
    plan = action.plan
    _check_open(plan)
    today = timezone.localdate()
    errors: dict[str, str] = {}
    if version is not None and version != action.version:
        errors["__all__"] = "Someone else changed this action while you were editing it: check it and try again"
    if status not in ActionStatus.values:
        errors["status"] = "Select the status of the action"
    if status == ActionStatus.DONE:
        if done_on is None:
            errors["done_on"] = "Enter the date the action was done"
        elif done_on < plan.started_on or done_on > today:
            errors["done_on"] = "The date done must be between the plan's start and today"
    if status == ActionStatus.DELAYED:
        errors.update(
            _delay_errors(
                reason=delay_reason, details=delay_details, was_due_on=action.due_on, now_due_on=now_due_on, on=today
            )
        )
    if errors:
        raise ValidationError(errors)
    if status == ActionStatus.DELAYED:
        _delay_save(
            child=plan.child,
            work=action,
            work_label=f"{plan.get_kind_display()} action: {action.text}",
            reason=delay_reason,
            details=delay_details,
            was_due_on=action.due_on,
            now_due_on=now_due_on,
            recorded_by=recorded_by,
            on=today,
        )
        if now_due_on is not None:
            action.due_on = now_due_on
    action.status = status
    action.done_on = done_on if status == ActionStatus.DONE else None
    action.version += 1
    action.save()
    return action


@transaction.atomic
def delay_record(
    *,
    child: Child,
    work: models.Model,
    work_label: str,
    reason: str,
    details: str,
    recorded_by: User,
    was_due_on: date | None = None,
    now_due_on: date | None = None,
) -> Delay:
    """Record that any dated piece of work for a child (an assessment, a plan action, ...) is delayed, and why."""
    today = timezone.localdate()
    errors = _delay_errors(reason=reason, details=details, was_due_on=was_due_on, now_due_on=now_due_on, on=today)
    if getattr(work, "child_id", child.pk) != child.pk:
        errors["work"] = "Select a piece of work on this child's record"
    if errors:
        raise ValidationError(errors)
    return _delay_save(
        child=child,
        work=work,
        work_label=work_label,
        reason=reason,
        details=details,
        was_due_on=was_due_on,
        now_due_on=now_due_on,
        recorded_by=recorded_by,
        on=today,
    )


@transaction.atomic
def service_add(
    *,
    plan: Plan,
    name: str,
    provider: str,
    how_often: str,
    starts_on: date | None,
    recorded_by: User,
    ends_on: date | None = None,
) -> Service:
    _check_open(plan)
    errors: dict[str, str] = {}
    if not _text(name):
        errors["name"] = "Enter the service"
    if starts_on is None:
        errors["starts_on"] = "Enter the date the service starts"
    elif starts_on < plan.started_on:
        errors["starts_on"] = "The service cannot start before the plan started"
    if ends_on is not None and starts_on is not None and ends_on < starts_on:
        errors["ends_on"] = "The service cannot end before it starts"
    if errors:
        raise ValidationError(errors)
    service = Service(
        plan=plan,
        name=_text(name),
        provider=_text(provider),
        how_often=_text(how_often),
        starts_on=starts_on,
        ends_on=ends_on,
        recorded_by=recorded_by,
        recorded_at=timezone.now(),
    )
    service.save()
    return service


@transaction.atomic
def review_add(
    *,
    plan: Plan,
    reviewed_on: date | None,
    progress: str,
    notes: str,
    recorded_by: User,
    meeting: models.Model | None = None,
) -> Review:
    """Record a review of the plan (at one of the child's meetings, or on its own) and how far it has come."""
    errors: dict[str, str] = {}
    if reviewed_on is None:
        errors["reviewed_on"] = "Enter the date of the review"
    elif reviewed_on < plan.started_on:
        errors["reviewed_on"] = "The review cannot be before the plan started"
    elif reviewed_on > timezone.localdate():
        errors["reviewed_on"] = "The date of the review must be today or in the past"
    if progress not in Progress.values:
        errors["progress"] = "Select how far the plan has come"
    if meeting is not None and not meeting.children.filter(pk=plan.child_id).exists():
        errors["meeting"] = "Select one of the child's meetings"
    if errors:
        raise ValidationError(errors)
    review = Review(
        plan=plan,
        meeting=meeting,
        reviewed_on=reviewed_on,
        progress=progress,
        notes=_text(notes),
        recorded_by=recorded_by,
        recorded_at=timezone.now(),
    )
    review.save()
    return review
