"""Every write to placements: settings and carers, approvals (reg 24 with its clock), household health, notices,
reviews, placing a child, placement plans, the risk of breakdown and supervising social workers' visits. Each is
one transaction; the children whose due items change are recomputed on commit."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from caseboard.accounts.models import User
from caseboard.casework import services as casework
from caseboard.casework.models import Episode, EpisodeKind
from caseboard.clock.approvals import temporary_approval_ends
from caseboard.decisions.models import KeyDecision
from caseboard.people.models import Child
from caseboard.policy.selectors import deviation_rule_in_force
from caseboard.visits import services as visits
from caseboard.visits.models import VisitPurpose

from . import selectors
from .models import (
    EXCEPTION_DECISION_KIND,
    KIND_PLACEMENT_TYPES,
    AnnualReview,
    Approval,
    ApprovalKind,
    CarerVisit,
    HouseholdHealth,
    HouseholdMember,
    Placement,
    PlacementPlan,
    Setting,
    SettingKind,
    SettingNotice,
)
from .operating import settings_on

SETTING_FIELDS = (
    "kind",
    "name",
    "provider_name",
    "placement_provider",
    "address",
    "postcode",
    "urn",
    "registration_status",
    "ofsted_notified_on",
    "dfe_notified_on",
    "places",
    "age_from",
    "age_to",
    "takes_sibling_groups",
    "can_self_isolate",
    "supervising_social_worker",
    "opened_on",
    "closed_on",
    "notes",
)


# An argument left out: the value recorded stays as it is.
KEEP = object()


def _children_at(setting: Setting) -> list[int]:
    return list(Placement.objects.filter(setting=setting).values_list("child_id", flat=True).distinct())


def _clean_postcode(postcode: str) -> str:
    text = "".join((postcode or "").split()).upper()
    return f"{text[:-3]} {text[-3:]}" if len(text) >= 5 else text


@transaction.atomic
def setting_save(
    *,
    saved_by: User,
    setting: Setting | None = None,
    expected_version: int | None = None,
    kind: str,
    name: str,
    placement_provider: str,
    provider_name: str = "",
    address: str = "",
    postcode: str = "",
    urn: str = "",
    registration_status: str = "not_required",
    ofsted_notified_on: date | None = None,
    dfe_notified_on: date | None = None,
    places: int = 1,
    age_from: int = 0,
    age_to: int = 17,
    takes_sibling_groups: bool = False,
    can_self_isolate: bool = False,
    supervising_social_worker: User | None = None,
    opened_on: date | None = None,
    closed_on: date | None = None,
    notes: str = "",
) -> Setting:
    """Add a setting (a carer household or a provider's setting) or change one. An unregistered setting needs the
    date Ofsted was told; a registered one its URN. Refuses a change if someone else saved the setting meanwhile."""
    if setting is None:
        current = Setting()
    else:
        current = Setting.objects.select_for_update().get(pk=setting.pk)
        if expected_version is not None and current.version != expected_version:
            raise ValidationError(
                {
                    "__all__": "Someone else changed this setting while you were editing it. Your changes have not "
                    "been saved: check the setting and make them again."
                }
            )
        current.version += 1
    if supervising_social_worker is not None and supervising_social_worker.role != "supervising_social_worker":
        raise ValidationError({"supervising_social_worker": "Choose a supervising social worker"})
    values = {
        "kind": kind,
        "name": name,
        "provider_name": provider_name,
        "placement_provider": "PR0" if kind == SettingKind.WITH_PARENTS else placement_provider,
        "address": address,
        "postcode": _clean_postcode(postcode),
        "urn": (urn or "").strip().upper(),
        "registration_status": registration_status or "not_required",
        "ofsted_notified_on": ofsted_notified_on,
        "dfe_notified_on": dfe_notified_on,
        "places": places,
        "age_from": age_from,
        "age_to": age_to,
        "takes_sibling_groups": takes_sibling_groups,
        "can_self_isolate": can_self_isolate,
        "supervising_social_worker": supervising_social_worker,
        "opened_on": opened_on,
        "closed_on": closed_on,
        "notes": notes,
    }
    for field, value in values.items():
        setattr(current, field, value)
    current.full_clean()
    current.save()
    if setting is not None:
        casework.facts_changed(*_children_at(current))
    return current


@transaction.atomic
def member_add(
    *,
    setting: Setting,
    added_by: User,
    full_name: str,
    role: str,
    date_of_birth: date | None = None,
    dbs_checked_on: date | None = None,
    dbs_outcome: str = "",
) -> HouseholdMember:
    """Add a carer or another member of a carer household, with their DBS check."""
    if not setting.is_carer_household:
        raise ValidationError({"full_name": "Household members are recorded for carer households only"})
    member = HouseholdMember(
        setting=setting,
        full_name=full_name,
        role=role,
        date_of_birth=date_of_birth,
        dbs_checked_on=dbs_checked_on,
        dbs_outcome=dbs_outcome,
    )
    member.full_clean()
    member.save()
    return member


@transaction.atomic
def approval_record(
    *,
    setting: Setting,
    recorded_by: User,
    kind: str,
    approved_on: date,
    places: int,
    age_from: int = 0,
    age_to: int = 17,
    takes_sibling_groups: bool = False,
    panel_on: date | None = None,
    weeks: int | None = None,
    for_child: Child | None = None,
    is_adopter: bool = False,
    today: date | None = None,
) -> Approval:
    """Approve a carer household (mainstream, connected person, emergency, or temporarily under reg 24) with its
    range; the household's places, ages and sibling capacity follow it. A temporary approval lasts the operating
    model's length in force on the approval date (16 weeks; 24 while SI 2020/445 was in force) and no longer; only
    a connected person may be approved temporarily unless the operating model in force allows any person. A new
    approval replaces the one before on its date."""
    today = today or timezone.localdate()
    errors: dict[str, str] = {}
    if not setting.is_carer_household:
        errors["kind"] = "Only carer households are approved: record a home's registration on the setting"
    if kind not in ApprovalKind.values:
        errors["kind"] = "Select the kind of approval"
    if approved_on is None:
        errors["approved_on"] = "Enter the date of the approval"
    elif approved_on > today:
        errors["approved_on"] = "The date of the approval must be today or in the past"
    if panel_on and approved_on and panel_on > approved_on:
        errors["panel_on"] = "The panel must be on or before the date of the approval"
    if age_to is not None and age_from is not None and age_to < age_from:
        errors["age_to"] = "Oldest age must be the same as or more than the youngest age"
    if not places or places < 1:
        errors["places"] = "Enter the number of children the carers are approved for, 1 or more"
    if errors:
        raise ValidationError(errors)
    ends_on = None
    length = None
    if kind == ApprovalKind.TEMPORARY:
        rules = settings_on(approved_on)
        if setting.kind != SettingKind.CONNECTED_PERSON and not rules.temporary_approval_any_person:
            raise ValidationError(
                {
                    "kind": "Only a connected person (family or friends) can be approved temporarily under reg 24 "
                    f"on {approved_on:%-d %B %Y}"
                }
            )
        limit = rules.temporary_approval_weeks
        length = limit if weeks is None else weeks
        if length < 1 or length > limit:
            raise ValidationError(
                {"weeks": f"A temporary approval on {approved_on:%-d %B %Y} lasts at most {limit} weeks (reg 24)"}
            )
        ends_on = temporary_approval_ends(approved_on, weeks=length)
    elif weeks:
        raise ValidationError({"weeks": "Only a temporary approval has a length in weeks"})
    previous = (
        Approval.objects.select_for_update()
        .filter(setting=setting, ended_on__isnull=True)
        .order_by("-approved_on", "-pk")
        .first()
    )
    if previous is not None and approved_on < previous.approved_on:
        raise ValidationError(
            {"approved_on": f"The date of the approval must be on or after {previous.approved_on:%-d %B %Y}, the last"}
        )
    approval = Approval(
        setting=setting,
        kind=kind,
        approved_on=approved_on,
        panel_on=panel_on,
        ends_on=ends_on,
        weeks=length,
        places=places,
        age_from=age_from,
        age_to=age_to,
        takes_sibling_groups=takes_sibling_groups,
        for_child=for_child,
        is_adopter=is_adopter,
        recorded_by=recorded_by,
        recorded_at=timezone.now(),
    )
    approval.full_clean()
    if previous is not None:
        previous.ended_on = approved_on
        previous.save()
    approval.save()
    current = Setting.objects.select_for_update().get(pk=setting.pk)
    current.places, current.age_from, current.age_to = places, age_from, age_to
    current.takes_sibling_groups = takes_sibling_groups
    current.version += 1
    current.save()
    casework.facts_changed(*_children_at(setting))
    return approval


@transaction.atomic
def approval_extend(
    *, approval: Approval, extended_by: User, weeks: int, extended_on: date, today: date | None = None
) -> Approval:
    """Extend a temporary approval once, before it lapses, by at most the operating model's extension in force on
    the approval date (CPPCR reg 25: 8 weeks)."""
    today = today or timezone.localdate()
    current = Approval.objects.select_for_update().get(pk=approval.pk)
    if current.kind != ApprovalKind.TEMPORARY or current.ends_on is None:
        raise ValidationError({"weeks": "Only a temporary approval can be extended"})
    if current.extended_weeks:
        raise ValidationError({"weeks": "This temporary approval has already been extended; it can be extended once"})
    if current.ended_on is not None:
        raise ValidationError({"weeks": "This approval has been replaced"})
    if extended_on is None or extended_on > today:
        raise ValidationError({"extended_on": "The date of the extension must be today or in the past"})
    if extended_on > current.ends_on:
        raise ValidationError(
            {"extended_on": f"The approval lapsed on {current.ends_on:%-d %B %Y}: it can only be extended before then"}
        )
    if extended_on < current.approved_on:
        raise ValidationError({"extended_on": "The date of the extension must be after the approval"})
    limit = settings_on(current.approved_on).temporary_extension_weeks
    if not weeks or weeks < 1 or weeks > limit:
        raise ValidationError({"weeks": f"A temporary approval can be extended by 1 to {limit} weeks (reg 25)"})
    current.extended_weeks = weeks
    current.extended_on = extended_on
    current.ends_on = temporary_approval_ends(current.approved_on, weeks=current.weeks or 0, extended_weeks=weeks)
    current.save()
    casework.facts_changed(*_children_at(current.setting))
    return current


@transaction.atomic
def health_record(
    *,
    setting: Setting,
    recorded_by: User,
    kind: str,
    started_on: date,
    ended_on: date | None = None,
    takes_new_placements: bool = False,
    risk_discussed_on: date | None = None,
    risk_discussion: str = "",
) -> HouseholdHealth:
    """Record a carer household's health (clinically vulnerable, self-isolating, unwell) and the risk discussion."""
    health = HouseholdHealth(
        setting=setting,
        kind=kind,
        started_on=started_on,
        ended_on=ended_on,
        takes_new_placements=takes_new_placements,
        risk_discussed_on=risk_discussed_on,
        risk_discussion=risk_discussion,
        recorded_by=recorded_by,
        recorded_at=timezone.now(),
    )
    health.full_clean()
    health.save()
    return health


@transaction.atomic
def notice_record(
    *,
    setting: Setting,
    recorded_by: User,
    kind: str,
    told: str,
    told_on: date,
    effective_on: date | None = None,
    details: str = "",
) -> SettingNotice:
    """Record who was told what about a setting and when (an unregistered placement to Ofsted and the DfE, a closure
    notice, a staffing concern)."""
    notice = SettingNotice(
        setting=setting,
        kind=kind,
        told=told,
        told_on=told_on,
        effective_on=effective_on,
        details=details,
        recorded_by=recorded_by,
        recorded_at=timezone.now(),
    )
    notice.full_clean()
    notice.save()
    return notice


@transaction.atomic
def review_record(
    *, setting: Setting, recorded_by: User, held_on: date, mode: str, panel_on: date | None = None, outcome: str = ""
) -> AnnualReview:
    """Record a carer household's review, held in person or virtually, and its panel date."""
    if not setting.is_carer_household:
        raise ValidationError({"held_on": "Reviews are recorded for carer households only"})
    review = AnnualReview(
        setting=setting,
        held_on=held_on,
        mode=mode,
        panel_on=panel_on,
        outcome=outcome,
        recorded_by=recorded_by,
        recorded_at=timezone.now(),
    )
    review.full_clean()
    review.save()
    return review


# --- placing a child -------------------------------------------------------------------------------------------------


def _fit_problems(*, setting: Setting, child: Child, start_on: date, moving_from: Placement | None) -> list[str]:
    """Why a placement is outside the setting's approval or vacancies on its start date (empty: it fits)."""
    problems: list[str] = []
    placed = Placement.objects.filter(selectors._open_on(start_on), setting=setting).exclude(child=child).count()
    if placed + 1 > setting.places:
        problems.append(f"{setting.name} has no vacancy on {start_on:%-d %B %Y} ({placed} of {setting.places} places)")
    age = child.age_on(start_on)
    if age is not None and not setting.age_from <= age <= setting.age_to:
        problems.append(
            f"{child.full_name} is {age} on {start_on:%-d %B %Y}, outside {setting.name}'s range of "
            f"{setting.age_from} to {setting.age_to}"
        )
    unwell = selectors.unavailable_on(setting, start_on)
    if unwell is not None:
        problems.append(f"{setting.name} are {unwell.get_kind_display().lower()} from {unwell.started_on:%-d %B %Y}")
    return problems


def exception_kind_name(day: date) -> str:
    """The name the operating model in force on ``day`` gives the kind of key decision for a placement outside the
    carers' approval or vacancies (the council may rename it)."""
    try:
        _version, rule = deviation_rule_in_force(EXCEPTION_DECISION_KIND, day)
    except LookupError:
        return EXCEPTION_DECISION_KIND.label
    return rule.name


def _check_exception_decision(decision: KeyDecision, *, child: Child, start_on: date) -> None:
    """The exception's key decision: of the kind "Placement outside approval", for this child, approved and in force
    on the start date (another kind of decision, or one still awaiting approval, is not the manager's agreement)."""
    name = exception_kind_name(start_on)
    if decision.kind != EXCEPTION_DECISION_KIND:
        raise ValidationError(
            {
                "exception_decision": f"Choose a key decision “{name}”: “{decision.get_kind_display()}” does not "
                "allow a placement outside the carers' approval or vacancies"
            }
        )
    if not decision.is_in_force_on(start_on) or not decision.children.filter(pk=child.pk).exists():
        raise ValidationError(
            {
                "exception_decision": f"Choose a key decision “{name}” for {child.full_name} that is approved and in "
                f"force on {start_on:%-d %B %Y}"
            }
        )


@transaction.atomic
def placement_start(
    *,
    child: Child,
    setting: Setting,
    placed_by: User,
    start_on: date,
    placement_type: str,
    legal_status: str = "",
    reason_for_change: str = "",
    parent_assessment_complete: bool = True,
    intended_until_18: bool = False,
    is_emergency: bool = False,
    exception_reason: str = "",
    exception_decision: KeyDecision | None = None,
    planned_end_on: date | None = None,
    today: date | None = None,
) -> Placement:
    """Place a looked-after child with a setting from a date: a new looked-after episode naming the setting (the
    child's current one, if any, ends the day before with the reason for the change). Carers need an approval in
    force on the date; a placement with no vacancy or outside the carers' range needs a recorded exception and a
    manager's approved key decision for the child of the operating model's kind "Placement outside approval", in
    force on the start date. A planned end date, if given, is not before the start. A placement with temporarily
    approved carers is a reg 24 placement, and a child placed with a parent before the parent's assessment is
    complete is visited under reg 28(3) (the clock reads both)."""
    today = today or timezone.localdate()
    errors: dict[str, str] = {}
    if start_on is None:
        raise ValidationError({"start_on": "Enter the date the placement starts"})
    if start_on > today:
        errors["start_on"] = "The date the placement starts must be today or in the past"
    if not setting.is_open_on(start_on):
        errors["setting"] = f"{setting.name} closed on {setting.closed_on:%-d %B %Y}: choose another setting"
    allowed = KIND_PLACEMENT_TYPES.get(setting.kind, ())
    if placement_type not in allowed:
        errors["placement_type"] = (
            f"Choose a placement type for a {setting.get_kind_display().lower()}: {', '.join(allowed)}"
        )
    if planned_end_on is not None and planned_end_on < start_on:
        errors["planned_end_on"] = (
            f"The planned end date must be the same as or after the date the placement starts, {start_on:%-d %B %Y}"
        )
    if errors:
        raise ValidationError(errors)
    episodes = Episode.objects.select_for_update().filter(child=child, kind=EpisodeKind.LOOKED_AFTER)
    later = episodes.filter(start_on__gte=start_on).order_by("start_on").first()
    if later is not None:
        raise ValidationError(
            {
                "start_on": f"This overlaps the placement from {later.start_on:%-d %B %Y}: a new placement must start "
                "after the current one started"
            }
        )
    current = episodes.filter(start_on__lt=start_on).order_by("-start_on").first()
    if current is not None and current.end_on is not None and current.end_on < start_on:
        current = None  # left care before: this is a new period of care
    if current is not None and current.end_on is not None:
        raise ValidationError(
            {
                "start_on": f"This overlaps the placement from {current.start_on:%-d %B %Y} to "
                f"{current.end_on:%-d %B %Y}: change the date"
            }
        )
    moving_from = getattr(current, "placement", None) if current is not None else None
    if current is not None and not reason_for_change:
        raise ValidationError({"reason_for_change": "Select the reason for the change of placement"})
    legal_status = legal_status or (current.legal_status if current is not None else "")
    if not legal_status:
        raise ValidationError({"legal_status": "Select the legal status"})
    approval = None
    if setting.is_carer_household:
        approval = selectors.approval_in_force(setting, start_on)
        if approval is None:
            raise ValidationError(
                {"setting": f"{setting.name} have no approval in force on {start_on:%-d %B %Y}: record it first"}
            )
        if approval.for_child_id and approval.for_child_id != child.pk:
            raise ValidationError(
                {"setting": f"The temporary approval of {setting.name} is for another child: approve them first"}
            )
    problems = _fit_problems(setting=setting, child=child, start_on=start_on, moving_from=moving_from)
    if exception_decision is not None:
        _check_exception_decision(exception_decision, child=child, start_on=start_on)
    if problems and (not exception_reason.strip() or exception_decision is None):
        missing = []
        if not exception_reason.strip():
            missing.append("the exception recorded")
        if exception_decision is None:
            missing.append(f"a manager's approved key decision “{exception_kind_name(start_on)}” for {child.full_name}")
        raise ValidationError(
            {
                "setting": "; ".join(problems)
                + ". A placement outside the carers' approval or vacancies needs "
                + " and ".join(missing)
            }
        )
    if current is not None:
        casework.episode_update(
            episode=current,
            updated_by=placed_by,
            expected_version=current.version,
            end_on=start_on - timedelta(days=1),
            reason_episode_ceased="X1",
            reason_place_change=reason_for_change,
        )
    episode = casework.episode_open(
        child=child,
        opened_by=placed_by,
        kind=EpisodeKind.LOOKED_AFTER,
        start_on=start_on,
        legal_status=legal_status,
        placement_type=placement_type,
        placement_provider=setting.placement_provider,
        placement_intended_until_18=intended_until_18,
    )
    placement = Placement(
        child=child,
        episode=episode,
        setting=setting,
        approval=approval,
        is_reg24_placement=approval is not None and approval.is_temporary,
        parent_assessment_complete=parent_assessment_complete if setting.kind == SettingKind.WITH_PARENTS else True,
        is_emergency=is_emergency,
        planned_end_on=planned_end_on,
        exception_reason=exception_reason.strip() if problems else "",
        exception_decision=exception_decision if problems else None,
        placed_by=placed_by,
        recorded_at=timezone.now(),
    )
    placement.full_clean()
    placement.save()
    casework.facts_changed(child.pk)
    return placement


@transaction.atomic
def placement_name_setting(
    *, episode: Episode, setting: Setting, named_by: User, parent_assessment_complete: bool = True
) -> Placement:
    """Name the setting of a looked-after episode recorded without one (or replace the setting made from its
    codes), keeping the episode's SSDA903 codes: the setting must take the episode's placement type."""
    if episode.kind != EpisodeKind.LOOKED_AFTER:
        raise ValidationError({"setting": "Only a looked-after episode has a placement"})
    if episode.placement_type not in KIND_PLACEMENT_TYPES.get(setting.kind, ()):
        raise ValidationError(
            {"setting": f"A {setting.get_kind_display().lower()} does not take placement type {episode.placement_type}"}
        )
    placement = Placement.objects.select_for_update().filter(episode=episode).first()
    if placement is None:
        placement = Placement(child_id=episode.child_id, episode=episode)
    else:
        placement.version += 1
    approval = selectors.approval_in_force(setting, episode.start_on) if setting.is_carer_household else None
    placement.setting = setting
    placement.approval = approval
    placement.is_reg24_placement = approval is not None and approval.is_temporary
    placement.parent_assessment_complete = (
        parent_assessment_complete if setting.kind == SettingKind.WITH_PARENTS else True
    )
    placement.placed_by = placement.placed_by or named_by
    placement.recorded_at = placement.recorded_at or timezone.now()
    placement.full_clean()
    placement.save()
    casework.facts_changed(episode.child_id)
    return placement


@transaction.atomic
def placement_update(
    *,
    placement: Placement,
    updated_by: User,
    expected_version: int,
    risk_of_breakdown: bool,
    breakdown_noted_on: date | None = None,
    disruption_meeting_on: date | None = None,
    parent_assessment_complete: bool | None = None,
    planned_end_on: date | object | None = KEEP,
    today: date | None = None,
) -> Placement:
    """Record the placement's stability (a risk of breakdown, a disruption meeting), its planned end date (not
    before it started; None clears it; left as it is unless given) and, for a child placed with a parent, that the
    parent's assessment is now complete (reg 28(3) then no longer applies)."""
    today = today or timezone.localdate()
    current = Placement.objects.select_for_update().get(pk=placement.pk)
    if current.version != expected_version:
        raise ValidationError(
            {
                "__all__": "Someone else changed this placement while you were editing it. Your changes have not "
                "been saved: check the placement and make them again."
            }
        )
    errors: dict[str, str] = {}
    for name, value in (("breakdown_noted_on", breakdown_noted_on), ("disruption_meeting_on", disruption_meeting_on)):
        if value is not None and value > today:
            errors[name] = "The date must be today or in the past"
        elif value is not None and value < current.episode.start_on:
            errors[name] = f"The date must be on or after the placement started, {current.episode.start_on:%-d %B %Y}"
    if risk_of_breakdown and breakdown_noted_on is None:
        errors["breakdown_noted_on"] = "Enter the date the risk of breakdown was noted"
    if isinstance(planned_end_on, date) and planned_end_on < current.episode.start_on:
        errors["planned_end_on"] = (
            "The planned end date must be the same as or after the date the placement started, "
            f"{current.episode.start_on:%-d %B %Y}"
        )
    if errors:
        raise ValidationError(errors)
    current.risk_of_breakdown = risk_of_breakdown
    current.breakdown_noted_on = breakdown_noted_on if risk_of_breakdown else None
    current.disruption_meeting_on = disruption_meeting_on
    if planned_end_on is not KEEP:
        current.planned_end_on = planned_end_on
    if parent_assessment_complete is not None and current.setting.kind == SettingKind.WITH_PARENTS:
        current.parent_assessment_complete = parent_assessment_complete
    current.version += 1
    current.full_clean()
    current.save()
    casework.facts_changed(current.child_id)
    return current


@transaction.atomic
def placement_plan_record(
    *, placement: Placement, recorded_by: User, completed_on: date, notes: str = "", today: date | None = None
) -> PlacementPlan:
    """Record the placement plan (CPPCR reg 9(2): within 5 working days of the placement's start); it meets the
    clock's placement-plan item. A plan cannot be dated before the placement, after its end, or in the future."""
    today = today or timezone.localdate()
    episode = placement.episode
    if completed_on is None:
        raise ValidationError({"completed_on": "Enter the date the plan was agreed"})
    if completed_on > today:
        raise ValidationError({"completed_on": "The date the plan was agreed must be today or in the past"})
    if completed_on < episode.start_on:
        raise ValidationError(
            {
                "completed_on": f"The date the plan was agreed must be on or after the placement started, "
                f"{episode.start_on:%-d %B %Y}"
            }
        )
    if episode.end_on is not None and completed_on > episode.end_on:
        raise ValidationError(
            {"completed_on": f"The placement ended on {episode.end_on:%-d %B %Y}: the plan must be dated before then"}
        )
    plan = PlacementPlan(
        child_id=placement.child_id,
        placement=placement,
        completed_on=completed_on,
        notes=notes,
        recorded_by=recorded_by,
        recorded_at=timezone.now(),
    )
    plan.full_clean()
    plan.save()
    casework.facts_changed(placement.child_id)
    return plan


@transaction.atomic
def carer_visit_record(
    *,
    setting: Setting,
    worker: User,
    recorded_by: User,
    visited_on: date,
    mode: str,
    children_seen: list[visits.ChildSeenInput],
    notes: str = "",
    today: date | None = None,
) -> CarerVisit:
    """Record a supervising social worker's visit to carers. Each child placed there who was seen is recorded on
    their own record as a statutory looked-after visit (seed 002), counted by the same rules as any visit (the
    operating model in force on its date decides whether its mode counts)."""
    today = today or timezone.localdate()
    if visited_on is None:
        raise ValidationError({"visited_on": "Enter the date of the visit"})
    if visited_on > today:
        raise ValidationError({"visited_on": "The date of the visit must be today or in the past"})
    placed = {p.child_id for p in Placement.objects.filter(selectors._open_on(visited_on), setting=setting)}
    for entry in children_seen:
        if entry.child.pk not in placed:
            raise ValidationError(
                {"children_seen": f"{entry.child.full_name} was not placed with {setting.name} on that date"}
            )
    visit = CarerVisit(
        setting=setting,
        visited_on=visited_on,
        mode=mode,
        worker=worker,
        notes=notes,
        recorded_by=recorded_by,
        recorded_at=timezone.now(),
    )
    visit.full_clean()
    visit.save()
    for entry in children_seen:
        if not entry.was_seen:
            continue
        child_visit = visits.visit_record(
            children_seen=[replace(entry, purpose=VisitPurpose.STATUTORY_LAC)],
            worker=worker,
            recorded_by=recorded_by,
            visited_on=visited_on,
            mode=mode,
            purpose=VisitPurpose.STATUTORY_LAC,
            notes=f"Seen on the supervising social worker's visit to {setting.name}. {notes}".strip(),
            today=today,
        )
        visit.child_visits.add(child_visit)
    return visit
