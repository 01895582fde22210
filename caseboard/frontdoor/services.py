"""Every write at the front door: contacts and their decisions, referrals (which open the child-in-need episode),
screening (seed 002), assessments and their pauses. Writes that change the statutory clock's facts (referrals,
assessments, pauses) recompute the children's due items on commit."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from dateutil.relativedelta import relativedelta
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from caseboard.accounts.models import Role, User
from caseboard.accounts.services import notify
from caseboard.casework import services as casework_services
from caseboard.casework.codes import PrimaryNeed, ReferralSource
from caseboard.casework.models import Episode, EpisodeKind
from caseboard.clock.assessments import assessment_pause_days
from caseboard.clock.calendar import add_working_days
from caseboard.clock.words import date_words
from caseboard.core.audit import record_event
from caseboard.core.signals import child_facts_changed
from caseboard.decisions import services as decision_services
from caseboard.decisions.models import DecisionStatus, KeyDecision
from caseboard.people.models import Child
from caseboard.policy.models import DeviationKind
from caseboard.policy.selectors import version_in_force

from .codes import NO_FACTORS, AssessmentFactor
from .models import (
    CLOSING_OUTCOMES,
    REFERRAL_DECISIONS,
    AgencyCheck,
    Assessment,
    AssessmentOutcome,
    AssessmentPause,
    Contact,
    ContactDecision,
    ContactMethod,
    Referral,
    Screening,
)
from .selectors import (
    assessment_working_days,
    children_already_open,
    may_see_child,
    may_work_on_child,
    works_at_front_door,
)

REFERRAL_DECISION_WORKING_DAYS = 1  # Working Together, when no operating model is in force
RE_REFERRAL_WITHIN = relativedelta(months=12)
# Screening asks whether the child was spoken to from this age (on the referral date): younger children are seen,
# not interviewed, and the question is a professional judgement for older ones (seed 002: "older children").
LOCAL_ID_PREFIX = "FD"


def _facts_changed(child_ids: Iterable[int]) -> None:
    ids = sorted(set(child_ids))
    transaction.on_commit(lambda: child_facts_changed.send(sender=Referral, child_ids=ids))


def _words(day: date) -> str:
    return date_words(day)


def _require_front_door(user: User) -> None:
    if not works_at_front_door(user):
        raise PermissionDenied("Only front door practitioners and front door managers record contacts")


# --- contacts ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class NewChild:
    """A child not yet known, added with the contact (through the casework child service)."""

    first_name: str
    last_name: str
    sex: str
    date_of_birth: date | None = None
    expected_date_of_birth: date | None = None


def _next_local_id() -> str:
    """The next front door local ID ("FD000001"): the council's usual ID can be added to the record later."""
    last = (
        Child.objects.filter(local_id__startswith=LOCAL_ID_PREFIX, local_id__regex=r"^FD[0-9]+$")
        .order_by("-local_id")
        .values_list("local_id", flat=True)
        .first()
    )
    number = int(last[len(LOCAL_ID_PREFIX) :]) + 1 if last else 1
    return f"{LOCAL_ID_PREFIX}{number:06d}"


def _check_new_child(child: NewChild, today: date) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not child.first_name.strip():
        errors["new_first_name"] = "Enter the child's first name"
    if not child.last_name.strip():
        errors["new_last_name"] = "Enter the child's last name"
    if child.sex not in ("M", "F", "U"):
        errors["new_sex"] = "Select the child's sex"
    if child.date_of_birth is None and child.expected_date_of_birth is None:
        errors["new_date_of_birth"] = "Enter the child's date of birth"
    elif child.date_of_birth is not None and child.date_of_birth > today:
        errors["new_date_of_birth"] = "The child's date of birth must be today or in the past"
    return errors


def decision_due_on(received_on: date) -> date:
    """The decision is due within the operating model's ``referral_decision_working_days`` (1 working day, Working
    Together) of receipt; a contact received on a weekend or bank holiday counts from the next working day."""
    version = version_in_force(received_on)
    days = version.referral_decision_working_days if version is not None else REFERRAL_DECISION_WORKING_DAYS
    return add_working_days(received_on, days)


@transaction.atomic
def contact_record(
    *,
    recorded_by: User,
    received_at: datetime | None,
    referrer_name: str,
    referrer_agency: str,
    method: str,
    concerns: str,
    children: Iterable[Child] = (),
    new_children: Iterable[NewChild] = (),
    referrer_details: str = "",
    now: datetime | None = None,
) -> Contact:
    """Record a contact at the front door about one or more children: children already known, or new ones added
    to the record (allocated to the practitioner in their team, so they are on a caseload from the start)."""
    _require_front_door(recorded_by)
    now = now or timezone.now()
    today = timezone.localtime(now).date()
    children = list(dict.fromkeys(children))
    new_children = list(new_children)
    errors: dict[str, str] = {}
    if received_at is None:
        errors["received_at"] = "Enter the date the contact was received"
    elif received_at > now:
        errors["received_at"] = "The date the contact was received must be today or in the past"
    if not (referrer_name or "").strip():
        errors["referrer_name"] = "Enter who made the contact"
    if referrer_agency not in ReferralSource.values:
        errors["referrer_agency"] = "Select the referrer's agency"
    if method not in ContactMethod.values:
        errors["method"] = "Select how the contact was made"
    if not (concerns or "").strip():
        errors["concerns"] = "Enter the concerns"
    if not children and not new_children:
        errors["children"] = "Find the child the contact is about, or add a new child"
    if any(not may_see_child(recorded_by, child) for child in children):
        errors["children"] = "Select children whose records you can see"
    for child in new_children:
        errors.update(_check_new_child(child, today))
    if errors:
        raise ValidationError(errors)
    for child in new_children:
        children.append(
            casework_services.child_register(
                registered_by=recorded_by,
                local_id=_next_local_id(),
                first_name=child.first_name.strip(),
                last_name=child.last_name.strip(),
                sex=child.sex,
                date_of_birth=child.date_of_birth,
                expected_date_of_birth=child.expected_date_of_birth,
            )
        )
    received_on = timezone.localtime(received_at).date()
    contact = Contact(
        received_at=received_at,
        received_on=received_on,
        referrer_name=referrer_name.strip(),
        referrer_agency=referrer_agency,
        referrer_details=(referrer_details or "").strip(),
        method=method,
        concerns=concerns.strip(),
        decision_due_on=decision_due_on(received_on),
        recorded_by=recorded_by,
        recorded_at=now,
    )
    contact.full_clean()
    contact.save()
    contact.children.set(children)
    return contact


@dataclass(frozen=True)
class DecisionResult:
    contact: Contact
    referrals: list[Referral]
    message: str


@transaction.atomic
def contact_decide(
    *,
    contact: Contact,
    decided_by: User,
    decision: str,
    reasons: str,
    primary_need: str = "",
    needs_urgent_social_work: bool | None = None,
    risk_check_notes: str = "",
    referrer_advised_to_rerefer: bool = False,
    now: datetime | None = None,
) -> DecisionResult:
    """Decide the response to a contact: no further action, advice, Early Help, a referral, or a strategy
    discussion (which is a referral too). A referral is recorded for each child, dated the day the contact was
    received, with the referrer's agency as its source.

    While the operating model in force pauses new Early Help referrals (seed 002), an Early Help request is risk
    checked ("Does this request need an urgent social work response?"): if it does, it is routed to screening as
    a referral instead; if not, the referrer is advised to re-refer when the pause ends. All of it is recorded."""
    _require_front_door(decided_by)
    now = now or timezone.now()
    today = timezone.localtime(now).date()
    current = Contact.objects.select_for_update().get(pk=contact.pk)
    if not current.is_awaiting_decision:
        raise ValidationError(
            {"__all__": f"A decision was already recorded on this contact: {current.get_decision_display()}"}
        )
    errors: dict[str, str] = {}
    if decision not in ContactDecision.values or decision == ContactDecision.AWAITING:
        errors["decision"] = "Select the decision"
    if not (reasons or "").strip():
        errors["reasons"] = "Enter the reasons for the decision"
    version = version_in_force(today)
    paused = version is not None and not version.early_help_referrals_open
    routed = False
    if decision == ContactDecision.EARLY_HELP and paused:
        if needs_urgent_social_work is None:
            errors["needs_urgent_social_work"] = (
                "Early Help referrals are paused: answer whether this request needs an urgent social work response"
            )
        if not (risk_check_notes or "").strip():
            errors["risk_check_notes"] = "Enter the notes of the risk check"
        if needs_urgent_social_work is False and not referrer_advised_to_rerefer:
            errors["referrer_advised_to_rerefer"] = (
                "Confirm that you advised the referrer to re-refer when the pause ends"
            )
        routed = needs_urgent_social_work is True
    if (decision in REFERRAL_DECISIONS or routed) and primary_need not in PrimaryNeed.values:
        errors["primary_need"] = (
            "This request needs an urgent social work response, so it goes to screening as a referral: "
            "select the primary need"
            if routed
            else "Select the primary need"
        )
    if errors:
        raise ValidationError(errors)
    current.decision = ContactDecision.REFERRAL if routed else decision
    current.decision_reasons = reasons.strip()
    current.decided_by = decided_by
    current.decided_at = now
    current.operating_model_version = version
    if decision == ContactDecision.EARLY_HELP and paused:
        current.early_help_paused = True
        current.early_help_pause_reason = version.early_help_pause_reason
        current.needs_urgent_social_work = needs_urgent_social_work
        current.risk_check_notes = risk_check_notes.strip()
        current.referrer_advised_to_rerefer = bool(referrer_advised_to_rerefer) and not routed
        current.routed_to_screening = routed
    current.full_clean()
    current.save()
    referrals: list[Referral] = []
    if current.decision in REFERRAL_DECISIONS:
        for child in current.children.order_by("pk"):
            referrals.append(
                referral_create(
                    child=child,
                    recorded_by=decided_by,
                    received_on=current.received_on,
                    source=current.referrer_agency,
                    primary_need=primary_need,
                    contact=current,
                    needs_strategy_discussion=current.decision == ContactDecision.STRATEGY_DISCUSSION,
                    today=today,
                )
            )
    if routed:
        message = (
            "This request needs an urgent social work response, so it was not taken as Early Help: it is "
            "recorded as a referral and goes to screening"
        )
    elif current.decision == ContactDecision.STRATEGY_DISCUSSION:
        message = "The referral is recorded: arrange the strategy discussion now"
    elif current.decision == ContactDecision.REFERRAL:
        message = "The referral is recorded: complete the screening"
    elif current.early_help_paused:
        message = "Recorded: Early Help referrals are paused and the referrer was advised to re-refer when they open"
    else:
        message = f"The decision is recorded: {current.get_decision_display()}"
    return DecisionResult(current, referrals, message)


# --- referrals -----------------------------------------------------------------------------------------------


def is_re_referral(*, child: Child, received_on: date, exclude_pk: int | None = None) -> bool:
    """A re-referral: the child had another referral within the 12 months before this one (CIN census; a
    referral exactly 12 months earlier counts)."""
    earlier = Referral.objects.filter(
        child=child, received_on__gte=received_on - RE_REFERRAL_WITHIN, received_on__lte=received_on
    )
    if exclude_pk is not None:
        earlier = earlier.exclude(pk=exclude_pk)
    return earlier.exists()


def _open_cin_episode(child: Child, on: date) -> Episode | None:
    return (
        child.episodes.filter(kind=EpisodeKind.CHILD_IN_NEED, start_on__lte=on)
        .filter(Q(end_on__isnull=True) | Q(end_on__gte=on))
        .order_by("-start_on")
        .first()
    )


@transaction.atomic
def referral_create(
    *,
    child: Child,
    recorded_by: User,
    received_on: date | None,
    source: str,
    primary_need: str,
    contact: Contact | None = None,
    needs_strategy_discussion: bool = False,
    today: date | None = None,
) -> Referral:
    """Record a referral (CIN census ``CINdetails``) and open the child-in-need episode from the referral date
    through ``casework.services.episode_open``, unless one is open then. Starts an empty screening checklist."""
    today = today or timezone.localdate()
    errors: dict[str, str] = {}
    if not may_see_child(recorded_by, child):
        errors["child"] = "Select a child whose record you can see"
    if received_on is None:
        errors["received_on"] = "Enter the referral date"
    elif received_on > today:
        errors["received_on"] = "The referral date must be today or in the past"
    if source not in ReferralSource.values:
        errors["source"] = "Select the referral source"
    if primary_need not in PrimaryNeed.values:
        errors["primary_need"] = "Select the primary need"
    if errors:
        raise ValidationError(errors)
    episode = None
    if _open_cin_episode(child, received_on) is None:
        try:
            episode = casework_services.episode_open(
                child=child,
                opened_by=recorded_by,
                kind=EpisodeKind.CHILD_IN_NEED,
                start_on=received_on,
                referral_source=source,
                primary_need=primary_need,
            )
        except ValidationError as error:
            messages = error.message_dict.get("start_on") or error.messages
            raise ValidationError({"received_on": messages[0]}) from None
    referral = Referral(
        child=child,
        contact=contact,
        received_on=received_on,
        source=source,
        primary_need=primary_need,
        is_re_referral=is_re_referral(child=child, received_on=received_on),
        needs_strategy_discussion=needs_strategy_discussion,
        episode=episode,
        recorded_by=recorded_by,
        recorded_at=timezone.now(),
    )
    referral.full_clean()
    referral.save()
    Screening(referral=referral).save()
    _facts_changed([child.pk])
    return referral


# --- screening (seed 002) ------------------------------------------------------------------------------------

SCREENING_FIELDS = (
    "agency_checks_done",
    "agency_checks_notes",
    "referrer_spoken_to",
    "parents_spoken_to",
    "parents_not_spoken_reason",
    "child_spoken_to",
    "child_not_spoken_reason",
    "initial_visit_needed",
    "initial_visit_remote",
    "manager",
    "manager_risk_assessment",
    "outcome_sent_to_referrer_on",
    "outcome_sent_to_family_on",
)
MANAGER_ROLES = (Role.TEAM_MANAGER, Role.HEAD_OF_SERVICE)
# The manager's decision: recorded in their name, it stands once they confirm it (``screening_decision_confirm``).
MANAGER_DECISION_FIELDS = ("initial_visit_needed", "initial_visit_remote", "manager", "manager_risk_assessment")


def child_age_on(child: Child, day: date) -> int | None:
    born = child.date_of_birth
    if born is None:
        return None
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def speak_to_child_from_age(on: date) -> int:
    """The age from which screening asks whether the child was spoken to, in the operating model in force."""
    version = version_in_force(on)
    return version.speak_to_child_from_age_years if version is not None else 8


def speaks_to_child(screening: Screening) -> bool:
    """Whether screening asks if the child was spoken to: from the operating model's age on the referral date."""
    age = child_age_on(screening.referral.child, screening.referral.received_on)
    return age is not None and age >= speak_to_child_from_age(screening.referral.received_on)


def screening_outstanding(screening: Screening) -> list[str]:
    """What is still to do before the screening is complete, each as a specific message (empty when complete)."""
    s = screening
    todo: list[str] = []
    if s.agency_checks_done is None:
        todo.append("Record whether the agency checks are done")
    elif not s.agency_checks_done:
        todo.append("Complete the agency checks, as far as partner agencies can answer")
    if s.referrer_spoken_to is None:
        todo.append("Record whether the referrer was spoken to")
    elif not s.referrer_spoken_to:
        todo.append("Speak to the referrer to get the full context of the referral")
    if s.parents_spoken_to is None:
        todo.append("Record whether the parents or carers were spoken to, or why not")
    if speaks_to_child(s) and s.child_spoken_to is None:
        todo.append("Record whether the child was spoken to, or why not")
    if s.awaits_manager:
        todo.append(f"{s.manager} has to confirm the manager's decision: it is waiting in their queue")
    if s.initial_visit_needed is None:
        todo.append("Record the manager's decision on whether an initial visit is needed")
    elif s.initial_visit_needed and s.initial_visit_remote is None:
        todo.append("Record the manager's decision on whether the initial visit can be done remotely")
    elif s.initial_visit_needed and s.initial_visit_remote:
        decision = s.initial_visit_decision
        if decision is None:
            todo.append("Propose the key decision for a remote initial visit")
        elif decision.status == DecisionStatus.PROPOSED:
            todo.append("The key decision for a remote initial visit is awaiting a manager's approval")
        elif decision.status in (DecisionStatus.REJECTED, DecisionStatus.WITHDRAWN):
            todo.append(
                f"The key decision for a remote initial visit was {decision.get_status_display().lower()}: "
                "record the manager's decision again"
            )
    if s.outcome_sent_to_referrer_on is None:
        todo.append("Record the date the outcome was sent to the referrer")
    if s.outcome_sent_to_family_on is None:
        todo.append("Record the date the outcome was sent to the family")
    return todo


def _remote_visit_decision(screening: Screening, user: User, today: date) -> KeyDecision:
    referral = screening.referral
    summary = [
        f"Referral on {_words(referral.received_on)}.",
        f"Agency checks done: {'yes' if screening.agency_checks_done else 'no'}.",
        f"Referrer spoken to: {'yes' if screening.referrer_spoken_to else 'no'}.",
        "Parents or carers spoken to: "
        + ("yes." if screening.parents_spoken_to else f"no ({screening.parents_not_spoken_reason}).")
        if screening.parents_spoken_to is not None
        else "Parents or carers: not yet recorded.",
    ]
    try:
        return decision_services.decision_propose(
            children=[referral.child],
            proposed_by=user,
            kind=DeviationKind.INITIAL_VISIT_REMOTE,
            rationale=screening.manager_risk_assessment,
            risk_assessment_notes=" ".join(summary),
            conditions=f"Decided by {screening.manager} at screening; reviewed 3 weeks from the referral (seed 002).",
            starts_on=referral.received_on,
            today=today,
        )
    except LookupError:
        raise ValidationError(
            {"initial_visit_remote": "No operating model in force sets who approves a remote initial visit"}
        ) from None
    except ValidationError as error:
        messages = [message for messages in error.message_dict.values() for message in messages]
        raise ValidationError({"initial_visit_remote": messages[0]}) from None


@transaction.atomic
def screening_update(
    *,
    screening: Screening,
    updated_by: User,
    expected_version: int | None = None,
    today: date | None = None,
    **fields: Any,
) -> Screening:
    """Record screening items as they are done (any subset). The screening is complete when every item is
    recorded; a remote initial visit is a key decision (``initial_visit_remote``) proposed here, which a manager
    approves, reviewed after the operating model's period (3 weeks under the COVID-19 preset, seed 002)."""
    today = today or timezone.localdate()
    unknown = set(fields) - set(SCREENING_FIELDS)
    if unknown:
        raise TypeError(f"Unexpected fields: {', '.join(sorted(unknown))}")
    current = Screening.objects.select_for_update(of=("self",)).select_related("referral__child").get(pk=screening.pk)
    if not may_work_on_child(updated_by, current.referral.child):
        raise PermissionDenied("You cannot screen this referral")
    if expected_version is not None and current.version != expected_version:
        raise ValidationError(
            {
                "__all__": "Someone else changed this screening while you were editing it. Your changes have "
                "not been saved: check the screening and make them again."
            }
        )
    decided_before = tuple(getattr(current, name) for name in MANAGER_DECISION_FIELDS)
    for name, value in fields.items():
        setattr(current, name, value.strip() if isinstance(value, str) else value)
    referral_on = current.referral.received_on
    errors: dict[str, str] = {}
    if current.parents_spoken_to is False and not current.parents_not_spoken_reason:
        errors["parents_not_spoken_reason"] = (
            "Enter why the parents or carers were not spoken to, for example it would put the child at risk"
        )
    if current.child_spoken_to is False and not current.child_not_spoken_reason:
        errors["child_not_spoken_reason"] = "Enter why the child was not spoken to"
    if current.initial_visit_remote and not current.initial_visit_needed:
        errors["initial_visit_remote"] = (
            "A remote initial visit needs the answer 'yes' to 'Is an initial visit needed?'"
        )
    if current.initial_visit_needed is not None:
        if current.manager is None:
            errors["manager"] = "Select the manager who made the decision"
        elif current.manager.role not in MANAGER_ROLES:
            errors["manager"] = "Select a team manager or head of service"
        if not current.manager_risk_assessment:
            errors["manager_risk_assessment"] = "Enter the manager's risk assessment and decision"
    for name, what in (
        ("outcome_sent_to_referrer_on", "the outcome was sent to the referrer"),
        ("outcome_sent_to_family_on", "the outcome was sent to the family"),
    ):
        value = getattr(current, name)
        if value is None:
            continue
        if value < referral_on:
            errors[name] = f"The date {what} must be on or after the referral date, {_words(referral_on)}"
        elif value > today:
            errors[name] = f"The date {what} must be today or in the past"
    if errors:
        raise ValidationError(errors)
    decision = current.initial_visit_decision
    needs_decision = current.initial_visit_needed and current.initial_visit_remote
    live = decision is not None and decision.status in (DecisionStatus.PROPOSED, DecisionStatus.APPROVED)
    if needs_decision and not live:
        current.initial_visit_decision = _remote_visit_decision(current, updated_by, today)
    decided_now = tuple(getattr(current, name) for name in MANAGER_DECISION_FIELDS)
    if current.initial_visit_needed is None:
        current.manager_confirmed_at, current.manager_confirmed_by = None, None
    elif updated_by.pk == current.manager_id:
        if decided_now != decided_before or current.manager_confirmed_at is None:
            current.manager_confirmed_at, current.manager_confirmed_by = timezone.now(), updated_by
    elif decided_now != decided_before:
        # Recorded in the manager's name by someone else: it stands once the manager confirms it.
        current.manager_confirmed_at, current.manager_confirmed_by = None, None
        manager = current.manager
        transaction.on_commit(
            lambda: notify(
                recipient=manager,
                message="A screening decision recorded in your name is waiting for you to confirm it",
                link=reverse("frontdoor:screening", args=[current.referral_id]),
            )
        )
    current.updated_by = updated_by
    current.updated_at = timezone.now()
    current.version += 1
    outstanding = screening_outstanding(current)
    if outstanding:
        current.completed_at = None
    elif current.completed_at is None:
        current.completed_at = timezone.now()
    current.full_clean()
    current.save()
    return current


@transaction.atomic
def agency_check_record(
    *,
    screening: Screening,
    agency: Any,
    asked_on: date | None,
    recorded_by: User,
    answered_on: date | None = None,
    shared: str = "",
    check: AgencyCheck | None = None,
    today: date | None = None,
) -> AgencyCheck:
    """Record an agency asked at screening, or (``check``) its answer: asked on or after the referral and not in the
    future, answered on or after it was asked, each agency once per screening. Page and API alike."""
    today = today or timezone.localdate()
    if not may_work_on_child(recorded_by, screening.referral.child):
        raise PermissionDenied("You cannot screen this referral")
    referral_on = screening.referral.received_on
    errors: dict[str, str] = {}
    if agency is None:
        errors["agency"] = "Select the agency asked"
    elif not agency.is_active:
        errors["agency"] = f"{agency} is no longer in use in the directory"
    elif AgencyCheck.objects.filter(screening=screening, agency=agency).exclude(pk=getattr(check, "pk", None)).exists():
        errors["agency"] = f"{agency} is already on this screening: record its answer there"
    if asked_on is None:
        errors["asked_on"] = "Enter the date the agency was asked"
    elif asked_on < referral_on:
        errors["asked_on"] = f"The date asked must be on or after the referral date, {_words(referral_on)}"
    elif asked_on > today:
        errors["asked_on"] = "The date asked must be today or in the past"
    if answered_on is not None:
        if answered_on > today:
            errors["answered_on"] = "The date answered must be today or in the past"
        elif asked_on is not None and answered_on < asked_on:
            errors["answered_on"] = "The date answered must be the same as or after the date asked"
    if (shared or "").strip() and answered_on is None:
        errors["answered_on"] = "Enter the date the agency answered with what it shared"
    if errors:
        raise ValidationError(errors)
    check = check or AgencyCheck(screening=screening)
    check.agency, check.asked_on, check.answered_on = agency, asked_on, answered_on
    check.shared, check.recorded_by = (shared or "").strip(), recorded_by
    check.full_clean()
    check.save()
    return check


@transaction.atomic
def screening_decision_confirm(
    *, screening: Screening, confirmed_by: User, expected_version: int | None = None
) -> Screening:
    """The manager named confirms the decision recorded in their name (from their queue or the screening page). Only
    they may; a decision changed since they read it is refused, so they confirm what they saw."""
    current = Screening.objects.select_for_update(of=("self",)).select_related("referral__child").get(pk=screening.pk)
    if current.manager_id != confirmed_by.pk:
        raise PermissionDenied("Only the manager named confirms the decision")
    if expected_version is not None and current.version != expected_version:
        raise ValidationError(
            {"__all__": "The screening changed since you opened it: read the decision again before confirming it"}
        )
    if not current.decision_recorded:
        raise ValidationError({"__all__": "No decision is recorded in your name to confirm"})
    if current.manager_confirmed_at is not None:
        return current
    current.manager_confirmed_at, current.manager_confirmed_by = timezone.now(), confirmed_by
    current.version += 1
    if not screening_outstanding(current) and current.completed_at is None:
        current.completed_at = timezone.now()
    current.full_clean()
    current.save()
    return current


# --- assessments ---------------------------------------------------------------------------------------------


def _check_assessment_dates(
    *, referral: Referral, started_on: date | None, completed_on: date | None, authorised_on: date | None, today: date
) -> dict[str, str]:
    errors: dict[str, str] = {}
    if started_on is None:
        errors["started_on"] = "Enter the start date"
    elif started_on < referral.received_on:
        errors["started_on"] = f"The start date must be on or after the referral date, {_words(referral.received_on)}"
    elif started_on > today:
        errors["started_on"] = "The start date must be today or in the past"
    if completed_on is not None:
        if completed_on > today:
            errors["completed_on"] = "The date completed must be today or in the past"
        elif started_on is not None and completed_on < started_on:
            errors["completed_on"] = "The date completed must be the same as or after the start date"
    if authorised_on is not None:
        if authorised_on > today:
            errors["authorised_on"] = "The date authorised must be today or in the past"
        elif completed_on is None:
            errors["authorised_on"] = "Enter the date completed before the date authorised"
        elif authorised_on < completed_on:
            errors["authorised_on"] = "The date authorised must be the same as or after the date completed"
    return errors


@transaction.atomic
def assessment_start(
    *, referral: Referral, started_by: User, started_on: date | None, today: date | None = None
) -> Assessment:
    """Start the child and family assessment of a referral: due within 45 working days of the referral (Working
    Together; operating model setting ``assessment_working_days``)."""
    today = today or timezone.localdate()
    if not may_work_on_child(started_by, referral.child):
        raise PermissionDenied("You cannot start an assessment for this child")
    errors = _check_assessment_dates(
        referral=referral, started_on=started_on, completed_on=None, authorised_on=None, today=today
    )
    if referral.assessments.filter(completed_on__isnull=True).exists():
        errors["__all__"] = "This referral already has an assessment in progress: complete it first"
    if errors:
        raise ValidationError(errors)
    assessment = Assessment(
        child=referral.child,
        referral=referral,
        started_on=started_on,
        recorded_by=started_by,
        recorded_at=timezone.now(),
    )
    assessment.full_clean()
    assessment.save()
    _facts_changed([referral.child_id])
    return assessment


def _close_episode_after_assessment(assessment: Assessment, user: User) -> None:
    """No further action (RC8) or Early Help (RC9) after assessment ends the child-in-need episode the referral
    opened, on the date the assessment was completed, unless the child is on a plan or looked after."""
    episode = assessment.referral.episode
    reason = CLOSING_OUTCOMES.get(assessment.outcome)
    if reason is None or episode is None or episode.end_on is not None:
        return
    other_open = assessment.child.episodes.filter(
        kind__in=[EpisodeKind.CHILD_PROTECTION, EpisodeKind.LOOKED_AFTER], end_on__isnull=True
    )
    if other_open.exists():
        return
    casework_services.episode_update(
        episode=episode,
        updated_by=user,
        expected_version=episode.version,
        end_on=assessment.completed_on,
        reason_for_closure=reason,
    )


@transaction.atomic
def assessment_update(
    *,
    assessment: Assessment,
    updated_by: User,
    expected_version: int | None = None,
    started_on: date | None = None,
    authorised_on: date | None = None,
    completed_on: date | None = None,
    factors: list[str] | None = None,
    outcome: str = "",
    reason_late: str = "",
    delayed_by_pandemic: bool = False,
    today: date | None = None,
) -> Assessment:
    """Record an assessment's dates, the CIN census factors identified at the end ("21: none" only alone) and its
    outcome. An assessment completed after its due date (45 working days from the referral, plus any pause) needs
    the reason (Working Together). No further action or Early Help ends the child-in-need episode (RC8, RC9)."""
    today = today or timezone.localdate()
    current = (
        Assessment.objects.select_for_update(of=("self",))
        .select_related("referral__episode", "child")
        .get(pk=assessment.pk)
    )
    if not may_work_on_child(updated_by, current.child):
        raise PermissionDenied("You cannot change this assessment")
    if expected_version is not None and current.version != expected_version:
        raise ValidationError(
            {
                "__all__": "Someone else changed this assessment while you were editing it. Your changes have "
                "not been saved: check the assessment and make them again."
            }
        )
    started_on = started_on or current.started_on
    factors = list(dict.fromkeys(factors or []))
    errors = _check_assessment_dates(
        referral=current.referral,
        started_on=started_on,
        completed_on=completed_on,
        authorised_on=authorised_on,
        today=today,
    )
    if any(code not in AssessmentFactor.values for code in factors):
        errors["factors"] = "Select factors from the list"
    elif NO_FACTORS in factors and len(factors) > 1:
        errors["factors"] = "'21: No factors identified' cannot be selected with other factors"
    elif completed_on is not None and not factors:
        errors["factors"] = "Select the factors identified at the end of the assessment, or '21: No factors identified'"
    if (outcome and outcome not in AssessmentOutcome.values) or (completed_on is not None and not outcome):
        errors["outcome"] = "Select the outcome of the assessment"
    elif outcome and completed_on is None:
        errors["completed_on"] = "Enter the date completed to record the outcome"
    if completed_on is not None and "completed_on" not in errors and "started_on" not in errors:
        referral_on = current.referral.received_on
        working_days = assessment_working_days(referral_on)
        pauses = [(pause.starts_on, pause.ends_on) for pause in current.pauses.all()]
        paused, _ = assessment_pause_days(pauses, referral_on, completed_on, today)
        due = add_working_days(add_working_days(referral_on, working_days), paused)
        if completed_on > due and not (reason_late or "").strip():
            errors["reason_late"] = (
                f"The assessment was due by {_words(due)}: enter why it took longer than {working_days} working days"
            )
    if errors:
        raise ValidationError(errors)
    current.started_on = started_on
    current.authorised_on = authorised_on
    current.completed_on = completed_on
    current.factors = factors
    current.outcome = outcome
    current.reason_late = (reason_late or "").strip()
    current.delayed_by_pandemic = bool(delayed_by_pandemic)
    current.version += 1
    current.full_clean()
    current.save()
    if current.completed_on is not None:
        _close_episode_after_assessment(current, updated_by)
    _facts_changed([current.child_id])
    return current


@transaction.atomic
def assessment_pause(
    *,
    assessment: Assessment,
    recorded_by: User,
    decision: KeyDecision | None,
    starts_on: date | None,
    ends_on: date | None = None,
    today: date | None = None,
) -> AssessmentPause:
    """Pause an assessment. Only an approved key decision to pause it ("parenting assessment paused", approved by a
    head of service under seed 002) covering the child and the dates can do so; the assessment's due date then
    moves on by the working days paused."""
    today = today or timezone.localdate()
    if not may_work_on_child(recorded_by, assessment.child):
        raise PermissionDenied("You cannot change this assessment")
    if assessment.completed_on is not None:
        raise ValidationError({"__all__": "The assessment is complete: it cannot be paused"})
    errors: dict[str, str] = {}
    if decision is None:
        errors["decision"] = (
            "Pausing an assessment needs an approved key decision: propose a 'Parenting assessment paused' key "
            "decision for the head of service to approve"
        )
    elif decision.kind != DeviationKind.PARENTING_ASSESSMENT_PAUSED:
        errors["decision"] = "Select a key decision to pause the assessment ('Parenting assessment paused')"
    elif not decision.children.filter(pk=assessment.child_id).exists():
        errors["decision"] = "The key decision does not cover this child"
    elif decision.status == DecisionStatus.PROPOSED:
        errors["decision"] = "The key decision is awaiting approval: the assessment can be paused once it is approved"
    elif decision.status != DecisionStatus.APPROVED:
        errors["decision"] = (
            f"The key decision is {decision.get_status_display().lower()}: it cannot pause the assessment"
        )
    if starts_on is None:
        errors["starts_on"] = "Enter the date the pause starts"
    elif starts_on < assessment.started_on:
        errors["starts_on"] = (
            f"The pause must start on or after the assessment started, {_words(assessment.started_on)}"
        )
    elif starts_on > today:
        errors["starts_on"] = "The date the pause starts must be today or in the past"
    elif "decision" not in errors and starts_on < decision.starts_on:
        errors["starts_on"] = (
            f"The key decision applies from {_words(decision.starts_on)}: the pause cannot start before"
        )
    elif "decision" not in errors and decision.ends_on is not None and starts_on > decision.ends_on:
        errors["starts_on"] = f"The key decision applied until {_words(decision.ends_on)}"
    if ends_on is not None and starts_on is not None:
        if ends_on < starts_on:
            errors["ends_on"] = "The date the pause ends must be the same as or after the date it starts"
        elif "decision" not in errors and decision.ends_on is not None and ends_on > decision.ends_on:
            errors["ends_on"] = f"The pause must end by {_words(decision.ends_on)}, when the key decision ends"
    if starts_on is not None and "starts_on" not in errors:
        overlapping = assessment.pauses.filter(Q(ends_on__isnull=True) | Q(ends_on__gte=starts_on))
        if ends_on is not None:
            overlapping = overlapping.filter(starts_on__lte=ends_on)
        clash = overlapping.order_by("starts_on").first()
        if clash is not None:
            errors["starts_on"] = (
                f"The assessment is already paused from {_words(clash.starts_on)}: end that pause first"
            )
    if errors:
        raise ValidationError(errors)
    pause = AssessmentPause(
        assessment=assessment,
        decision=decision,
        starts_on=starts_on,
        ends_on=ends_on,
        recorded_by=recorded_by,
        recorded_at=timezone.now(),
    )
    pause.full_clean()
    pause.save()
    _facts_changed([assessment.child_id])
    return pause


@transaction.atomic
def assessment_pause_end(
    *, pause: AssessmentPause, ended_by: User, ends_on: date | None, today: date | None = None
) -> AssessmentPause:
    """End an open pause: the assessment's clock runs again from the next day."""
    today = today or timezone.localdate()
    current = (
        AssessmentPause.objects.select_for_update(of=("self",)).select_related("assessment__child").get(pk=pause.pk)
    )
    if not may_work_on_child(ended_by, current.assessment.child):
        raise PermissionDenied("You cannot change this assessment")
    if current.ends_on is not None:
        raise ValidationError({"__all__": f"This pause already ended on {_words(current.ends_on)}"})
    if ends_on is None:
        raise ValidationError({"ends_on": "Enter the date the pause ends"})
    if ends_on < current.starts_on:
        raise ValidationError({"ends_on": "The date the pause ends must be the same as or after the date it starts"})
    if ends_on > today:
        raise ValidationError({"ends_on": "The date the pause ends must be today or in the past"})
    current.ends_on = ends_on
    current.full_clean()
    current.save()
    _facts_changed([current.assessment.child_id])
    return current


@transaction.atomic
def contact_send_to_worker(*, contact: Contact, worker_id: int | None, sent_by: User) -> User:
    """Send a contact about a child who is already open to their allocated worker: they are told at once (in the
    app and by email, with no names in the subject) and asked to read it on the child's record."""
    from caseboard.accounts.services import notify

    _require_front_door(sent_by)
    allocated = {
        allocation.worker_id: (allocation.worker, child)
        for child in children_already_open(contact)
        for allocation in child.open_allocation_list
    }
    if worker_id not in allocated or not allocated[worker_id][0].is_active:
        raise ValidationError({"worker": "Choose a worker allocated to a child the contact is about"})
    worker, child = allocated[worker_id]
    record_event(contact, what="sent_to_worker", detail=f"Sent to {worker} (allocated to child {child.pk})")
    notify(
        recipient=worker,
        message=(
            f"{sent_by} at the front door sent you a contact about {child.full_name} received "
            f"{timezone.localtime(contact.received_at):%-d %B %Y}: read it on their record."
        ),
        link=reverse("casework:child", args=[child.pk]),
    )
    return worker
