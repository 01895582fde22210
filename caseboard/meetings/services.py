"""Every write of meetings: schedule, update, postpone, cancel, hold; actions; section 47 enquiries. Each write
that changes what the statutory clock reads (a meeting held, a plan opened or ended) tells it on commit.

Rules enforced here, whoever calls:
- a core group and a review conference are for a child on a child protection plan; a looked-after review for a
  child looked after; an initial conference follows a strategy discussion and is not dated before it;
- ``due_on`` comes from the timescales of the operating model in force (``timescales.py``) and never moves;
- a statutory meeting is cancelled only under an approved "Statutory meeting cancelled" key decision;
- only invitees can be recorded as having taken part.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from caseboard.accounts.models import User
from caseboard.casework import services as casework_services
from caseboard.casework.codes import CategoryOfAbuse
from caseboard.casework.models import Allocation, AllocationRole, Episode, EpisodeKind
from caseboard.clock import Timeline, compute_due_items
from caseboard.clock.reviews import initial_conference_discussion
from caseboard.clock.vocabulary import DueKind, DueStatus
from caseboard.clock.words import date_words
from caseboard.compliance.facts import facts_for
from caseboard.core.signals import child_facts_changed
from caseboard.decisions.selectors import decision_in_force
from caseboard.people.models import Child
from caseboard.people.selectors import child_is_visible, household_child_ids, sibling_ids_of
from caseboard.policy.selectors import council_timeline

from .facts import section_47_discussions
from .models import (
    CANCELLATION_DECISION_KIND,
    OUTCOMES_FOR_KIND,
    Invitee,
    Meeting,
    MeetingAction,
    MeetingFormat,
    MeetingKind,
    MeetingOutcome,
    MeetingStatus,
    Postponement,
    Section47Enquiry,
    Section47Outcome,
    TakingPart,
)


@dataclass(frozen=True)
class InviteeInput:
    name: str
    role: str = ""
    user: User | None = None


def _facts_changed(child_ids: list[int]) -> None:
    transaction.on_commit(lambda: child_facts_changed.send(sender=Meeting, child_ids=child_ids))


def _local_date(moment: datetime) -> date:
    return timezone.localtime(moment).date()


def _label(kind: str) -> str:
    return MeetingKind(kind).label


def _article(text: str) -> str:
    return f"an {text}" if text[:1].lower() in "aeiou" else f"a {text}"


def _check_children(children: list[Child], user: User) -> None:
    if not children:
        raise ValidationError({"children": "Select the child or children the meeting is about"})
    if len({child.pk for child in children}) != len(children):
        raise ValidationError({"children": "Each child can be on a meeting once"})
    if any(not child_is_visible(user, child) for child in children):
        raise ValidationError({"children": "You can only arrange meetings for children whose records you can see"})
    first, *others = children
    if others:
        linked = sibling_ids_of(first) | household_child_ids(first)
        for child in others:
            if child.pk not in linked:
                raise ValidationError(
                    {
                        "children": f"{child.full_name} is not recorded as {first.full_name}'s brother or sister "
                        "or in their household: arrange a separate meeting"
                    }
                )


def _open_episode(child: Child, kind: str, on: date) -> Episode | None:
    return (
        Episode.objects.filter(child=child, kind=kind, start_on__lte=on)
        .filter(Q(end_on__isnull=True) | Q(end_on__gte=on))
        .order_by("-start_on", "-pk")
        .first()
    )


def _held(child: Child, kind: str, *, since: date | None = None, until: date | None = None) -> list[Meeting]:
    meetings = Meeting.objects.filter(children=child, kind=kind, status=MeetingStatus.HELD)
    if since is not None:
        meetings = meetings.filter(held_on__gte=since)
    if until is not None:
        meetings = meetings.filter(held_on__lte=until)
    return list(meetings.order_by("held_on", "pk"))


def _plan_conference(child: Child, plan: Episode) -> Meeting | None:
    """The initial conference that made this plan: the last one held on or before the plan started."""
    held = _held(child, MeetingKind.INITIAL_CONFERENCE, until=plan.start_on)
    return held[-1] if held else None


def last_strategy_discussion(children: Iterable[Child], *, on: date | None = None) -> Meeting | None:
    """The last strategy discussion held about any of these children (on or before ``on``, if given)."""
    meetings = Meeting.objects.filter(
        children__in=[c.pk for c in children], kind=MeetingKind.STRATEGY_DISCUSSION, status=MeetingStatus.HELD
    )
    if on is not None:
        meetings = meetings.filter(held_on__lte=on)
    return meetings.order_by("-held_on", "-pk").first()


def _require_for_kind(kind: str, children: list[Child], on: date, field: str) -> None:
    """The involvement each kind of meeting is for, on the meeting's date."""
    for child in children:
        name = child.full_name
        if kind in (MeetingKind.CORE_GROUP, MeetingKind.REVIEW_CONFERENCE):
            if _open_episode(child, EpisodeKind.CHILD_PROTECTION, on) is None:
                what = "a core group" if kind == MeetingKind.CORE_GROUP else "a review conference"
                raise ValidationError({field: f"{name} has no child protection plan: {what} is for a child on a plan"})
        elif kind == MeetingKind.LAC_REVIEW:
            if _open_episode(child, EpisodeKind.LOOKED_AFTER, on) is None:
                raise ValidationError(
                    {field: f"{name} is not looked after: a looked-after review is for a child in care"}
                )
        elif kind == MeetingKind.INITIAL_CONFERENCE:
            plan = _open_episode(child, EpisodeKind.CHILD_PROTECTION, on)
            if plan is not None and plan.start_on < on:
                raise ValidationError(
                    {
                        field: f"{name} has had a child protection plan since {date_words(plan.start_on)}: "
                        "arrange a review conference"
                    }
                )


def _check_after_discussion(kind: str, children: list[Child], on: date, field: str) -> Meeting | None:
    """An initial conference follows the last strategy discussion held about the children, and not before it."""
    if kind != MeetingKind.INITIAL_CONFERENCE:
        return None
    discussion = last_strategy_discussion(children)
    if discussion is None:
        raise ValidationError(
            {"kind": "No strategy discussion has been held for this child: hold the strategy discussion first"}
        )
    if on < discussion.held_on:
        raise ValidationError(
            {
                field: f"The conference cannot be before the strategy discussion on {date_words(discussion.held_on)}: "
                "enter a date on or after it"
            }
        )
    return discussion


def initiating_discussion(children: Iterable[Child], *, on: date) -> Meeting | None:
    """The strategy discussion at which the section 47 enquiry leading to an initial conference on ``on`` was
    initiated (the statutory clock's day 0 for it; the earliest over the children), or None."""
    children = list(children)
    ids = [child.pk for child in children]
    discussions = section_47_discussions(ids, until=on)
    found: list[tuple[date, int]] = []
    for child in children:
        held = discussions.get(child.pk, [])
        if not held:
            continue
        conferences = [m.held_on for m in _held(child, MeetingKind.INITIAL_CONFERENCE) if m.held_on < on]
        plans = list(
            Episode.objects.filter(child=child, kind=EpisodeKind.CHILD_PROTECTION, start_on__lte=on).values_list(
                "start_on", "end_on"
            )
        )
        enquiry = initial_conference_discussion([d for _pk, d in held], conferences=conferences, plans=plans)
        if enquiry:
            found.append(min((d, pk) for pk, d in held if d == enquiry[0]))
    return Meeting.objects.get(pk=min(found)[1]) if found else None


# The statutory clock's item for each kind of meeting with a timescale; None: the kind has none.
_CLOCK_ITEMS = {
    MeetingKind.INITIAL_CONFERENCE: DueKind.INITIAL_CONFERENCE,
    MeetingKind.CORE_GROUP: DueKind.FIRST_CORE_GROUP,
    MeetingKind.REVIEW_CONFERENCE: DueKind.REVIEW_CONFERENCE,
    MeetingKind.LAC_REVIEW: DueKind.LAC_REVIEW,
}


def meeting_due_on(kind: str, children: list[Child], on: date) -> date | None:
    """The timescale's due date for a meeting of this kind about these children on ``on`` (the earliest over the
    children), or None when the kind has no timescale or the timescale is already met: what the statutory clock
    gives each child as of ``on`` (the initial conference from the strategy discussion that initiated the section 47
    enquiry, the first core group, the next review conference or looked-after review)."""
    due_kind = _CLOCK_ITEMS.get(kind)
    if due_kind is None or not children:
        return None
    timeline = Timeline(council_timeline())
    dues: list[date] = []
    for facts in facts_for([child.pk for child in children]):
        for item in compute_due_items(facts, timeline, on):
            if item.kind is not due_kind:
                continue
            if item.status is DueStatus.MET and due_kind is DueKind.FIRST_CORE_GROUP:
                continue
            dues.append(item.due_on)
    return min(dues) if dues else None


def _default_invitees(children: list[Child], chair: User | None) -> list[InviteeInput]:
    """The chair and the children's allocated social workers are invited from the start."""
    invitees = [InviteeInput(name=chair.get_full_name() or chair.username, role="Chair", user=chair)] if chair else []
    workers = (
        Allocation.objects.filter(
            child__in=children, ended_on__isnull=True, role__in=[AllocationRole.SOCIAL_WORKER, AllocationRole.IRO]
        )
        .select_related("worker")
        .order_by("role", "pk")
    )
    for allocation in workers:
        worker = allocation.worker
        invitees.append(
            InviteeInput(
                name=worker.get_full_name() or worker.username, role=allocation.get_role_display(), user=worker
            )
        )
    return invitees


def _add_invitees(meeting: Meeting, invitees: Iterable[InviteeInput]) -> None:
    existing_users = set(meeting.invitees.exclude(user=None).values_list("user_id", flat=True))
    existing_names = {name.lower() for name in meeting.invitees.values_list("name", flat=True)}
    for entry in invitees:
        name = entry.name.strip()
        if not name:
            continue
        if (entry.user is not None and entry.user.pk in existing_users) or name.lower() in existing_names:
            continue
        invitee = Invitee(meeting=meeting, name=name, role=entry.role.strip(), user=entry.user)
        invitee.full_clean()
        invitee.save()
        existing_names.add(name.lower())
        if entry.user is not None:
            existing_users.add(entry.user.pk)


@transaction.atomic
def meeting_schedule(
    *,
    kind: str,
    children: list[Child],
    scheduled_for: datetime | None,
    format: str,
    scheduled_by: User,
    chair: User | None = None,
    invitees: Iterable[InviteeInput] = (),
    venue: str = "",
    joining_details: str = "",
    joining_details_shared_on: date | None = None,
) -> Meeting:
    """Arrange a meeting for a child or brothers and sisters. Its due date is the statutory clock's, under the
    operating model in force (an initial conference 15 working days after the strategy discussion that initiated the
    section 47 enquiry; the first core group 10 working days after the initial conference; review conferences and
    looked-after reviews as CPPCR reg 33 and Working Together set)."""
    children = list(children)
    errors: dict[str, str] = {}
    if kind not in MeetingKind.values:
        errors["kind"] = "Select the kind of meeting"
    if scheduled_for is None:
        errors["scheduled_for"] = "Enter the date of the meeting"
    if format not in MeetingFormat.values:
        errors["format"] = "Select how the meeting will be held"
    if joining_details_shared_on is not None and not joining_details.strip():
        errors["joining_details"] = "Enter the joining details shared with the family"
    if errors:
        raise ValidationError(errors)
    _check_children(children, scheduled_by)
    on = _local_date(scheduled_for)
    _require_for_kind(kind, children, on, "kind")
    discussion = _check_after_discussion(kind, children, on, "scheduled_for")
    meeting = Meeting(
        kind=kind,
        scheduled_for=scheduled_for,
        format=format,
        chair=chair,
        due_on=meeting_due_on(kind, children, on),
        venue=venue.strip(),
        joining_details=joining_details.strip(),
        joining_details_shared_on=joining_details_shared_on,
        strategy_discussion=(initiating_discussion(children, on=on) or discussion) if discussion else None,
        scheduled_by=scheduled_by,
        scheduled_at=timezone.now(),
    )
    meeting.full_clean()
    meeting.save()
    meeting.children.set(children)
    _add_invitees(meeting, [*_default_invitees(children, chair), *invitees])
    return meeting


def _lock(meeting: Meeting, expected_version: int | None = None) -> Meeting:
    current = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if expected_version is not None and current.version != expected_version:
        raise ValidationError(
            {
                "__all__": "Someone else changed this meeting while you were editing it. Your changes have not been "
                "saved: check the meeting and make them again."
            }
        )
    return current


def _must_be_scheduled(meeting: Meeting, what: str) -> None:
    if meeting.status != MeetingStatus.SCHEDULED:
        raise ValidationError(
            {"__all__": f"This meeting is {meeting.get_status_display().lower()}: it cannot be {what}"}
        )


SCHEDULED_FIELDS = ("format", "chair", "venue", "joining_details", "joining_details_shared_on")
HELD_FIELDS = ("minutes", "decisions")


@transaction.atomic
def meeting_update(
    *,
    meeting: Meeting,
    updated_by: User,
    expected_version: int,
    add_invitees: Iterable[InviteeInput] = (),
    **fields: object,
) -> Meeting:
    """Change a scheduled meeting's format, chair, venue and joining details (and invite more people), or a held
    meeting's minutes and decisions. The date moves only by postponement."""
    current = _lock(meeting, expected_version)
    allowed = SCHEDULED_FIELDS if current.status == MeetingStatus.SCHEDULED else HELD_FIELDS
    if current.status == MeetingStatus.CANCELLED:
        allowed = ()
    unknown = set(fields) - set(allowed)
    if unknown:
        raise ValidationError(
            {"__all__": f"This meeting is {current.get_status_display().lower()}: those details cannot be changed"}
        )
    if "format" in fields and fields["format"] not in MeetingFormat.values:
        raise ValidationError({"format": "Select how the meeting will be held"})
    for name, value in fields.items():
        setattr(current, name, value.strip() if isinstance(value, str) else value)
    if current.joining_details_shared_on is not None and not current.joining_details:
        raise ValidationError({"joining_details": "Enter the joining details shared with the family"})
    current.version += 1
    current.full_clean()
    current.save()
    if current.status == MeetingStatus.SCHEDULED:
        _add_invitees(current, add_invitees)
    return current


@transaction.atomic
def meeting_postpone(
    *, meeting: Meeting, postponed_by: User, new_scheduled_for: datetime | None, reason: str
) -> Postponement:
    """Move a scheduled meeting to a later date, with the reason. The due date stays: a postponed meeting is still
    measured against its original due date (DOMAIN.md section 4)."""
    current = _lock(meeting)
    _must_be_scheduled(current, "postponed")
    errors: dict[str, str] = {}
    if new_scheduled_for is None:
        errors["new_scheduled_for"] = "Enter the new date of the meeting"
    elif new_scheduled_for <= current.scheduled_for:
        errors["new_scheduled_for"] = (
            f"The new date must be after {timezone.localtime(current.scheduled_for):%-d %B %Y at %H:%M}, "
            "when the meeting was set for"
        )
    if not (reason or "").strip():
        errors["reason"] = "Enter why the meeting is postponed"
    if errors:
        raise ValidationError(errors)
    children = list(current.children.all())
    _require_for_kind(current.kind, children, _local_date(new_scheduled_for), "new_scheduled_for")
    postponement = Postponement(
        meeting=current,
        from_at=current.scheduled_for,
        to_at=new_scheduled_for,
        reason=reason.strip(),
        recorded_by=postponed_by,
        recorded_at=timezone.now(),
    )
    postponement.save()
    current.scheduled_for = new_scheduled_for
    current.version += 1
    current.save()
    return postponement


class CancellationNeedsDecision(ValidationError):
    """A statutory meeting without an approved decision to cancel it; ``child`` is the first child not covered."""

    def __init__(self, message: dict[str, str], child: Child) -> None:
        super().__init__(message)
        self.child = child


@transaction.atomic
def meeting_cancel(*, meeting: Meeting, cancelled_by: User, reason: str, today: date | None = None) -> Meeting:
    """Cancel a scheduled meeting, with the reason. A statutory meeting (strategy discussion, conferences, core
    group, looked-after, CIN, Early Help and pathway plan reviews) goes ahead online or split into calls: cancelling
    it needs an approved "Statutory meeting cancelled" key decision covering each child on the meeting's date
    (seed 002: such meetings "should not however be cancelled")."""
    today = today or timezone.localdate()
    current = _lock(meeting)
    _must_be_scheduled(current, "cancelled")
    if not (reason or "").strip():
        raise ValidationError({"reason": "Enter why the meeting is cancelled"})
    decision = None
    if current.needs_decision_to_cancel:
        on = _local_date(current.scheduled_for)
        for child in current.children.order_by("pk"):
            found = decision_in_force(child=child, kind=CANCELLATION_DECISION_KIND, on=on)
            if found is None:
                raise CancellationNeedsDecision(
                    {
                        "__all__": f"{_article(_label(current.kind).lower()).capitalize()} is a statutory meeting: "
                        f"cancelling it needs an approved key decision (Statutory meeting cancelled) for "
                        f"{child.full_name} covering {date_words(on)}. Hold it online or split into calls instead, "
                        "or propose a key decision."
                    },
                    child,
                )
            decision = decision or found
    current.status = MeetingStatus.CANCELLED
    current.cancelled_on = today
    current.cancellation_reason = reason.strip()
    current.cancellation_decision = decision
    current.version += 1
    current.save()
    return current


@transaction.atomic
def meeting_hold(
    *,
    meeting: Meeting,
    recorded_by: User,
    held_on: date | None,
    format: str,
    attendance: dict[int, str],
    minutes: str = "",
    decisions: str = "",
    outcome: str = "",
    category_of_abuse: str = "",
    today: date | None = None,
) -> Meeting:
    """Record that a meeting was held: the date, its format, who took part and how (only invitees), the minutes and
    decisions, and the outcome. A strategy discussion deciding on a section 47 enquiry starts one for each child; an
    initial conference's child protection plan opens the plan (from the conference date, with the category of
    abuse) for each child; a review conference can end the plan. The children's due items are recomputed."""
    today = today or timezone.localdate()
    current = _lock(meeting)
    _must_be_scheduled(current, "recorded as held")
    children = list(current.children.order_by("pk"))
    invitees = {invitee.pk: invitee for invitee in current.invitees.all()}
    errors: dict[str, str] = {}
    if held_on is None:
        errors["held_on"] = "Enter the date the meeting was held"
    elif held_on > today:
        errors["held_on"] = "The date the meeting was held must be today or in the past"
    if format not in MeetingFormat.values:
        errors["format"] = "Select how the meeting was held"
    strangers = [pk for pk in attendance if pk not in invitees]
    if strangers:
        other = Invitee.objects.filter(pk=strangers[0]).first()
        who = other.name if other is not None else f"Invitee {strangers[0]}"
        errors["attendance"] = (
            f"{who} was not invited to this meeting: add them as an invitee before recording that they took part"
        )
    elif not attendance:
        errors["attendance"] = "Select who took part"
    elif any(how not in TakingPart.values for how in attendance.values()):
        errors["attendance"] = "Select how each person took part"
    allowed = OUTCOMES_FOR_KIND.get(current.kind, ())
    if allowed and outcome not in allowed:
        errors["outcome"] = f"Select the outcome of the {_label(current.kind).lower()}"
    elif not allowed and outcome:
        errors["outcome"] = f"{_article(_label(current.kind).lower()).capitalize()} records no outcome"
    if outcome == MeetingOutcome.CP_PLAN and category_of_abuse not in CategoryOfAbuse.values:
        errors["category_of_abuse"] = "Select the category of abuse"
    if errors:
        raise ValidationError(errors)
    _require_for_kind(current.kind, children, held_on, "held_on")
    if current.kind == MeetingKind.INITIAL_CONFERENCE:
        discussion = _check_after_discussion(current.kind, children, held_on, "held_on")
        current.strategy_discussion = initiating_discussion(children, on=held_on) or discussion
    current.status = MeetingStatus.HELD
    current.held_on = held_on
    current.format = format
    current.minutes = minutes.strip()
    current.decisions = decisions.strip()
    current.outcome = outcome
    current.category_of_abuse = category_of_abuse if outcome == MeetingOutcome.CP_PLAN else ""
    current.held_recorded_by = recorded_by
    current.version += 1
    current.full_clean()
    current.save()
    for pk, invitee in invitees.items():
        how = attendance.get(pk, "")
        invitee.attended = bool(how)
        invitee.took_part = how
        invitee.save()
    if outcome == MeetingOutcome.SECTION_47:
        for child in children:
            Section47Enquiry(child=child, strategy_discussion=current, started_on=held_on).save()
    elif outcome == MeetingOutcome.CP_PLAN:
        for child in children:
            casework_services.episode_open(
                child=child,
                opened_by=recorded_by,
                kind=EpisodeKind.CHILD_PROTECTION,
                start_on=held_on,
                initial_category_of_abuse=category_of_abuse,
                latest_category_of_abuse=category_of_abuse,
                notes=f"Plan made at the initial child protection conference on {date_words(held_on)}",
            )
    elif outcome == MeetingOutcome.PLAN_ENDS:
        for child in children:
            plan = _open_episode(child, EpisodeKind.CHILD_PROTECTION, held_on)
            if plan is not None:
                casework_services.episode_update(
                    episode=plan, updated_by=recorded_by, expected_version=plan.version, end_on=held_on
                )
    _facts_changed([child.pk for child in children])
    return current


@transaction.atomic
def meeting_action_add(
    *,
    meeting: Meeting,
    added_by: User,
    text: str,
    owner_name: str,
    due_on: date | None,
    owner: User | None = None,
) -> MeetingAction:
    """Add an action (a looked-after review's recommendation) with who owns it and by when."""
    errors: dict[str, str] = {}
    word = meeting.action_word
    if meeting.status == MeetingStatus.CANCELLED:
        errors["__all__"] = f"This meeting was cancelled: it has no {word}s"
    if not (text or "").strip():
        errors["text"] = f"Enter the {word}"
    if not (owner_name or "").strip() and owner is None:
        errors["owner_name"] = f"Enter who owns the {word}"
    if due_on is None:
        errors["due_on"] = f"Enter the date the {word} is due"
    if errors:
        raise ValidationError(errors)
    action = MeetingAction(
        meeting=meeting,
        text=text.strip(),
        owner_name=(owner_name or "").strip() or (owner.get_full_name() if owner else ""),
        owner=owner,
        due_on=due_on,
        recorded_by=added_by,
        recorded_at=timezone.now(),
    )
    action.full_clean()
    action.save()
    return action


@transaction.atomic
def meeting_action_done(*, action: MeetingAction, done_by: User, done_on: date | None = None) -> MeetingAction:
    """Mark an action done (today unless a date is given)."""
    current = MeetingAction.objects.select_for_update().get(pk=action.pk)
    if current.done_on is not None:
        raise ValidationError({"__all__": f"This was marked done on {date_words(current.done_on)}"})
    current.done_on = done_on or timezone.localdate()
    current.save()
    return current


@transaction.atomic
def section_47_complete(
    *,
    enquiry: Section47Enquiry,
    completed_by: User,
    outcome: str,
    completed_on: date | None,
    findings: str = "",
    today: date | None = None,
) -> Section47Enquiry:
    """Record the outcome of a section 47 enquiry: an initial conference is needed, or not."""
    today = today or timezone.localdate()
    current = Section47Enquiry.objects.select_for_update().get(pk=enquiry.pk)
    errors: dict[str, str] = {}
    if current.completed_on is not None:
        errors["__all__"] = f"This enquiry was completed on {date_words(current.completed_on)}"
    if outcome not in Section47Outcome.values:
        errors["outcome"] = "Select the outcome of the enquiry"
    if completed_on is None:
        errors["completed_on"] = "Enter the date the enquiry was completed"
    elif completed_on > today:
        errors["completed_on"] = "The date the enquiry was completed must be today or in the past"
    elif completed_on < current.started_on:
        errors["completed_on"] = (
            f"The date the enquiry was completed must be on or after it started, {date_words(current.started_on)}"
        )
    if errors:
        raise ValidationError(errors)
    current.outcome = outcome
    current.completed_on = completed_on
    current.findings = (findings or "").strip()
    current.completed_by = completed_by
    current.save()
    _facts_changed([current.child_id])
    return current
