"""Every write of pre-visit checks, visits and case notes. Recording a visit recomputes the children's due items
on commit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from caseboard.accounts.models import User
from caseboard.core.signals import child_facts_changed
from caseboard.people.models import Child
from caseboard.people.selectors import child_is_visible, household_child_ids, sibling_ids_of
from caseboard.policy.selectors import pre_visit_questions_in_force, version_in_force

from .models import (
    CHECK_QUESTIONS,
    IN_PERSON_MODES,
    PPE,
    PURPOSE_EPISODE,
    CaseNote,
    CheckOutcome,
    ChildSeen,
    PreVisitCheck,
    Visit,
    VisitPurpose,
)


def _facts_changed(child_ids: list[int]) -> None:
    transaction.on_commit(lambda: child_facts_changed.send(sender=Visit, child_ids=child_ids))


def _check_visible(children: list[Child], user: User) -> None:
    if not children:
        raise ValidationError({"children": "Select the child or children"})
    if any(not child_is_visible(user, child) for child in children):
        raise ValidationError({"children": "You can only record this for children whose records you can see"})


def _same_household(children: list[Child]) -> None:
    """Children visited together must be one household: brothers and sisters linked on the record, children living
    in the same household now, or the same address."""
    first, *others = children
    linked = sibling_ids_of(first) | household_child_ids(first)
    for child in others:
        same_address = (
            first.postcode
            and child.postcode.replace(" ", "").upper() == first.postcode.replace(" ", "").upper()
            and child.address.strip() == first.address.strip()
        )
        if child.pk not in linked and not same_address:
            raise ValidationError(
                {"children": f"{child.full_name} is not in {first.full_name}'s household: record a separate visit"}
            )


@transaction.atomic
def pre_visit_check_record(
    *,
    children: list[Child],
    recorded_by: User,
    asked_who: str,
    asked_how: str,
    outcome: str,
    answers: dict[str, bool] | None = None,
    ppe_needed: list[str] | None = None,
    notes: str = "",
    checked_at: datetime | None = None,
    other_answers: dict[str, bool] | None = None,
    **standard: bool | None,
) -> PreVisitCheck:
    """Record the household's answers before an in-person visit and the outcome (seeds 002, 004). The questions are
    the operating model's in force (``policy.PreVisitQuestion``), every one answered: ``answers`` by question key;
    the standard questions may also be given by name (``anyone_symptomatic=False``) and others by their wording
    (``other_answers``). A yes to a question that stops a plain go-ahead needs 'Go ahead with PPE' or 'Do not
    visit in person'. The check keeps each question in the wording asked."""
    _check_visible(children, recorded_by)
    unknown_names = set(standard) - set(CHECK_QUESTIONS)
    if unknown_names:
        raise TypeError(f"Unexpected answers: {', '.join(sorted(unknown_names))}")
    checked_at = checked_at or timezone.now()
    questions = pre_visit_questions_in_force(timezone.localtime(checked_at).date())
    given = {key: value for key, value in standard.items() if value is not None}
    by_text = {q.text: q.key for q in questions}
    given.update({by_text[text]: value for text, value in (other_answers or {}).items() if text in by_text})
    given.update(answers or {})
    ppe_needed = list(ppe_needed or [])
    errors: dict[str, str] = {}
    if not asked_who.strip():
        errors["asked_who"] = "Enter who was asked"
    unknown = [item for item in ppe_needed if item not in PPE.values]
    if unknown:
        errors["ppe_needed"] = "Select PPE from the list"
    elif outcome == CheckOutcome.GO_AHEAD_WITH_PPE and not ppe_needed:
        errors["ppe_needed"] = "Select the PPE to use"
    stopping = [q.text for q in questions if q.yes_stops_go_ahead and given.get(q.key)]
    if outcome == CheckOutcome.GO_AHEAD and stopping:
        errors["outcome"] = (
            f"The answer to ‘{stopping[0]}’ is yes: choose 'Go ahead with PPE' or 'Do not visit in person'"
        )
    for question in questions:
        if question.key not in given:
            errors.setdefault(question.key, f"Answer every question: {question.text}")
    if errors:
        raise ValidationError(errors)
    check = PreVisitCheck(
        checked_at=checked_at,
        answers=[{"key": q.key, "question": q.text, "answer": bool(given[q.key])} for q in questions],
        other_answers=[
            {"question": q.text, "answer": bool(given[q.key])} for q in questions if q.key not in CHECK_QUESTIONS
        ],
        asked_who=asked_who.strip(),
        asked_how=asked_how,
        outcome=outcome,
        ppe_needed=ppe_needed,
        notes=notes,
        recorded_by=recorded_by,
        **{q.key: bool(given[q.key]) for q in questions if q.key in CHECK_QUESTIONS},
    )
    check.household = _shared_household(children)
    check.full_clean()
    check.save()
    check.children.set(children)
    return check


def _shared_household(children: list[Child]):
    """The household every one of these children lives in now, if they share one."""
    households = {child.current_household.pk if child.current_household else None for child in children}
    if len(households) == 1 and None not in households:
        return children[0].current_household
    return None


@dataclass(frozen=True)
class ChildSeenInput:
    """One child's part in a visit. ``purpose`` is why this child was visited; empty: the visit's ``purpose``."""

    child: Child
    was_seen: bool
    purpose: str = ""
    seen_alone: bool = False
    bedroom_seen: bool | None = None
    others_present: str = ""
    child_views: str = ""


def _open_kinds_on(child: Child, day: date) -> set[str]:
    return set(
        child.episodes.filter(start_on__lte=day)
        .filter(Q(end_on__isnull=True) | Q(end_on__gte=day))
        .values_list("kind", flat=True)
    )


def purpose_field(child: Child, *, first: bool) -> str:
    """The field a purpose error belongs to: ``purpose`` for the child the visit is recorded from, ``purpose_<id>``
    for each brother or sister on it (the visit form's fields have these names)."""
    return "purpose" if first else f"purpose_{child.pk}"


def suggested_purpose(child: Child, on: date) -> str:
    """The statutory purpose that fits the child on a date: the highest of their open involvement (looked after,
    child protection, private fostering, child in need, care leaver), else other."""
    kinds = _open_kinds_on(child, on)
    for purpose in (
        VisitPurpose.STATUTORY_LAC,
        VisitPurpose.STATUTORY_CP,
        VisitPurpose.STATUTORY_PF,
        VisitPurpose.STATUTORY_CIN,
        VisitPurpose.PA_CONTACT,
    ):
        if PURPOSE_EPISODE[purpose] in kinds:
            return purpose
    return VisitPurpose.OTHER


@transaction.atomic
def visit_record(
    *,
    children_seen: list[ChildSeenInput],
    worker: User,
    recorded_by: User,
    visited_on: date,
    mode: str,
    purpose: str = "",
    visited_at_time: time | None = None,
    pre_visit_check: PreVisitCheck | None = None,
    ppe_used: list[str] | None = None,
    notes: str = "",
    today: date | None = None,
) -> Visit:
    """Record a visit to one child or several in one household, each child with the purpose that fits them (their
    ``ChildSeenInput.purpose``, or ``purpose`` for every child who has none of their own): a looked-after child's
    reg 28 visit and their brother's child in need visit can be one household visit. A statutory purpose needs the
    matching open episode for that child on the date; an in-person visit needs a pre-visit check when the operating
    model in force requires it (covering the children, not 'do not visit'). Whether it counts towards the clock is
    decided from the operating model in force on its date, when due items are recomputed."""
    today = today or timezone.localdate()
    children = [entry.child for entry in children_seen]
    _check_visible(children, recorded_by)
    errors: dict[str, str] = {}
    if visited_on is None:
        errors["visited_on"] = "Enter the date of the visit"
    elif visited_on > today:
        errors["visited_on"] = "The date of the visit must be today or in the past"
    if len({child.pk for child in children}) != len(children):
        errors["children"] = "Each child can be recorded once on a visit"
    for entry in children_seen:
        if entry.seen_alone and not entry.was_seen:
            errors["children_seen"] = f"{entry.child.full_name} cannot be seen alone without being seen"
    if errors:
        raise ValidationError(errors)
    if len(children) > 1:
        _same_household(children)
    purposes = [entry.purpose or purpose for entry in children_seen]
    for index, (entry, child_purpose) in enumerate(zip(children_seen, purposes, strict=True)):
        field = purpose_field(entry.child, first=index == 0)
        if not child_purpose:
            raise ValidationError({field: f"Select the purpose of the visit for {entry.child.full_name}"})
        if child_purpose not in VisitPurpose.values:
            raise ValidationError({field: f"Choose the purpose from the list for {entry.child.full_name}"})
        needed_kind = PURPOSE_EPISODE.get(child_purpose)
        if needed_kind and needed_kind not in _open_kinds_on(entry.child, visited_on):
            raise ValidationError(
                {
                    field: f"{VisitPurpose(child_purpose).label} needs an open "
                    f"{needed_kind.replace('_', ' ')} episode for {entry.child.full_name} on "
                    f"{visited_on:%-d %B %Y}"
                }
            )
    ppe_used = list(ppe_used or [])
    if any(item not in PPE.values for item in ppe_used):
        raise ValidationError({"ppe_used": "Select PPE from the list"})
    if mode in IN_PERSON_MODES:
        version = version_in_force(visited_on)
        if pre_visit_check is None and version is not None and version.pre_visit_check_required:
            raise ValidationError(
                {
                    "pre_visit_check": "The operating model requires a pre-visit check before an "
                    "in-person visit: record the check first"
                }
            )
        if pre_visit_check is not None:
            checked_on = timezone.localtime(pre_visit_check.checked_at).date()
            covered = set(pre_visit_check.children.values_list("pk", flat=True))
            if pre_visit_check.outcome == CheckOutcome.DO_NOT_VISIT:
                raise ValidationError(
                    {
                        "pre_visit_check": "The pre-visit check said not to visit in person: propose "
                        "a key decision for a virtual or deferred visit instead"
                    }
                )
            in_force = version_in_force(visited_on) if mode not in IN_PERSON_MODES else version
            valid_days = in_force.pre_visit_check_valid_days if in_force is not None else 2
            if not (checked_on <= visited_on <= checked_on + timedelta(days=valid_days - 1)):
                raise ValidationError(
                    {
                        "pre_visit_check": "The pre-visit check must be on the day of the visit or the day before"
                        if valid_days == 2
                        else f"The pre-visit check must be made no more than {valid_days - 1} days before the visit"
                    }
                )
            if any(child.pk not in covered for child in children):
                raise ValidationError({"pre_visit_check": "The pre-visit check does not cover every child visited"})
            if pre_visit_check.outcome == CheckOutcome.GO_AHEAD_WITH_PPE and not ppe_used:
                raise ValidationError({"ppe_used": "The pre-visit check said to use PPE: record the PPE used"})
    visit = Visit(
        visited_on=visited_on,
        visited_at_time=visited_at_time,
        worker=worker,
        mode=mode,
        purpose=purposes[0] if len(set(purposes)) == 1 else "",
        pre_visit_check=pre_visit_check,
        ppe_used=ppe_used,
        notes=notes,
        recorded_by=recorded_by,
        recorded_at=timezone.now(),
    )
    visit.full_clean()
    visit.save()
    for entry, child_purpose in zip(children_seen, purposes, strict=True):
        seen = ChildSeen(
            visit=visit,
            child=entry.child,
            purpose=child_purpose,
            was_seen=entry.was_seen,
            seen_alone=entry.seen_alone,
            bedroom_seen=entry.bedroom_seen,
            others_present=entry.others_present,
            child_views=entry.child_views,
        )
        seen.full_clean()
        seen.save()
    _facts_changed([child.pk for child in children])
    return visit


@transaction.atomic
def visit_update_notes(*, visit: Visit, updated_by: User, expected_version: int, notes: str) -> Visit:
    """Add to or correct a visit's notes. Refuses if someone else saved it meanwhile; the audit history shows
    every change, and the page flags edits made more than 24 hours after the visit was recorded."""
    current = Visit.objects.select_for_update().get(pk=visit.pk)
    if current.version != expected_version:
        raise ValidationError(
            {
                "__all__": "Someone else changed this visit while you were editing it. Your changes "
                "have not been saved: check the visit and make them again."
            }
        )
    current.notes = notes
    current.last_edited_at = timezone.now()
    current.version += 1
    current.save()
    return current


@transaction.atomic
def case_note_record(
    *, child: Child, recorded_by: User, kind: str, occurred_on: date, text: str, today: date | None = None
) -> CaseNote:
    """Record contact that is not a visit (a call, a message, a conversation with the school)."""
    today = today or timezone.localdate()
    _check_visible([child], recorded_by)
    errors: dict[str, str] = {}
    if occurred_on and occurred_on > today:
        errors["occurred_on"] = "The date of the contact must be today or in the past"
    if not (text or "").strip():
        errors["text"] = "Enter what happened"
    if errors:
        raise ValidationError(errors)
    note = CaseNote(
        child=child,
        kind=kind,
        occurred_on=occurred_on,
        text=text.strip(),
        recorded_by=recorded_by,
        recorded_at=timezone.now(),
    )
    note.full_clean()
    note.save()
    return note
