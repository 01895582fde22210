"""Reads for the returns: children's records as the returns see them (``child_records``), generated returns and
imports, and who may do what. Returns are built over the whole council, as the DfE asks; the pages that show a
return's failures name only the children the reader may see."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator
from datetime import date, timedelta

from django.db.models import Q, QuerySet

from caseboard.accounts.models import Role, User
from caseboard.casework.models import (
    Adoption,
    AdoptionDecision,
    Allocation,
    AllocationRole,
    AsylumSeekingStatus,
    CareLeaverOutcome,
    ChildInNeedPlan,
    Episode,
    EpisodeKind,
    HealthOutcome,
    MissingEpisode,
    Motherhood,
    PreviousPermanence,
)
from caseboard.compliance.calendar import add_working_days
from caseboard.frontdoor.models import Assessment
from caseboard.meetings.models import Meeting, MeetingKind, MeetingStatus, Section47Enquiry, Section47Outcome
from caseboard.people.models import Child
from caseboard.people.selectors import children_visible_to
from caseboard.placements.models import Placement

from . import facts as f
from .layouts import CollectionYear
from .models import GeneratedReturn, ImportRun, LookedAfterReviewParticipation

RETURN_ROLES = frozenset({Role.PERFORMANCE_OFFICER, Role.ADMINISTRATOR, Role.HEAD_OF_SERVICE})
IMPORT_ROLES = frozenset({Role.ADMINISTRATOR})
CHUNK = 1000
CIN_NEEDS_903 = {"N1", "N2", "N3", "N4", "N5", "N6", "N7", "N8"}


def may_generate_returns(user: User) -> bool:
    """Performance officers, heads of service and administrators build, check and download DfE returns."""
    return bool(user.is_authenticated and user.is_active and user.role in RETURN_ROLES)


def may_import(user: User) -> bool:
    """Only administrators bring children in from another system."""
    return bool(user.is_authenticated and user.is_active and user.role in IMPORT_ROLES)


def generated_returns_for(user: User) -> QuerySet[GeneratedReturn]:
    if not may_generate_returns(user):
        return GeneratedReturn.objects.none()
    return GeneratedReturn.objects.select_related("requested_by").order_by("-requested_at", "-pk")


def generated_return_for(*, user: User, pk: int) -> GeneratedReturn | None:
    return generated_returns_for(user).filter(pk=pk).first()


def import_runs_for(user: User) -> QuerySet[ImportRun]:
    if not may_import(user):
        return ImportRun.objects.none()
    return ImportRun.objects.select_related("requested_by").order_by("-requested_at", "-pk")


def visible_children_by_local_id(*, user: User, local_ids: list[str]) -> dict[str, Child]:
    """The children among ``local_ids`` that ``user`` may see, so a failure links only to a record they can open."""
    found: dict[str, Child] = {}
    for start in range(0, len(local_ids), CHUNK):
        chunk = local_ids[start : start + CHUNK]
        for child in (
            children_visible_to(user).filter(local_id__in=chunk).only("pk", "local_id", "first_name", "last_name")
        ):
            found[child.local_id] = child
    return found


# --- the record as the returns see it ----------------------------------------------------------------------------


def _in_scope_child_ids(year: CollectionYear) -> list[int]:
    """Children with any involvement the returns for ``year`` might report (a referral, a plan, care, leaving care)."""
    kinds = [EpisodeKind.CHILD_IN_NEED, EpisodeKind.CHILD_PROTECTION, EpisodeKind.LOOKED_AFTER, EpisodeKind.CARE_LEAVER]
    ids = (
        Episode.objects.filter(kind__in=kinds, start_on__lte=year.end)
        .filter(Q(end_on__isnull=True) | Q(end_on__gte=year.start - timedelta(days=366 * 4)))
        .values_list("child_id", flat=True)
        .distinct()
    )
    return sorted(set(ids))


def _by_child(queryset: QuerySet) -> dict[int, list]:
    grouped: dict[int, list] = defaultdict(list)
    for row in queryset:
        grouped[row.child_id].append(row)
    return grouped


def _rne(previous: Episode | None, episode: Episode) -> str:
    """SSDA903 reason for new episode: S a new period of care; else what changed from the episode before (which
    ended with X1 the day before: Caseboard's episodes of one kind do not share a day)."""
    if (
        previous is None
        or previous.end_on is None
        or previous.reason_episode_ceased != "X1"
        or previous.end_on + timedelta(days=1) != episode.start_on
    ):
        return "S"
    legal = previous.legal_status != episode.legal_status
    placement = previous.placement_type != episode.placement_type or (
        previous.placement_provider != episode.placement_provider
    )
    if legal and placement:
        return "U"
    if legal:
        return "L"
    return "P"


def _chunk_facts(ids: list[int], year: CollectionYear) -> list[f.ChildFacts]:
    children = list(Child.objects.filter(pk__in=ids).order_by("pk"))
    episodes = _by_child(Episode.objects.filter(child_id__in=ids).order_by("start_on", "pk"))
    assessments_by_episode: dict[int, list[Assessment]] = defaultdict(list)
    for assessment in (
        Assessment.objects.filter(child_id__in=ids, referral__episode__isnull=False)
        .select_related("referral")
        .order_by("started_on", "pk")
    ):
        assessments_by_episode[assessment.referral.episode_id].append(assessment)
    cin_plans: dict[int, list[ChildInNeedPlan]] = defaultdict(list)
    for plan in ChildInNeedPlan.objects.filter(child_id__in=ids).order_by("started_on", "pk"):
        cin_plans[plan.episode_id].append(plan)
    s47s = _by_child(
        Section47Enquiry.objects.filter(child_id__in=ids).select_related("strategy_discussion").order_by("started_on")
    )
    meetings: dict[int, list[tuple[str, date, int]]] = defaultdict(list)
    through = Meeting.children.through
    for child_id, kind, held_on, meeting_id in (
        through.objects.filter(
            child_id__in=ids,
            meeting__status=MeetingStatus.HELD,
            meeting__kind__in=[MeetingKind.INITIAL_CONFERENCE, MeetingKind.REVIEW_CONFERENCE, MeetingKind.LAC_REVIEW],
        )
        .order_by("meeting__held_on", "meeting_id")
        .values_list("child_id", "meeting__kind", "meeting__held_on", "meeting_id")
    ):
        meetings[child_id].append((kind, held_on, meeting_id))
    participation = {
        (p.meeting_id, p.child_id): p.code for p in LookedAfterReviewParticipation.objects.filter(child_id__in=ids)
    }
    allocations = _by_child(
        Allocation.objects.filter(child_id__in=ids, role=AllocationRole.SOCIAL_WORKER).order_by("started_on", "pk")
    )
    missing = _by_child(MissingEpisode.objects.filter(child_id__in=ids).order_by("started_on", "pk"))
    uasc = {s.child_id: s for s in AsylumSeekingStatus.objects.filter(child_id__in=ids)}
    health = _by_child(HealthOutcome.objects.filter(child_id__in=ids).order_by("year_ending_on"))
    leavers = _by_child(CareLeaverOutcome.objects.filter(child_id__in=ids).order_by("year_ending_on"))
    permanence = {p.child_id: p for p in PreviousPermanence.objects.filter(child_id__in=ids)}
    adoptions = {a.child_id: a for a in Adoption.objects.filter(child_id__in=ids)}
    mothers = {m.child_id: m for m in Motherhood.objects.filter(child_id__in=ids)}
    decisions = _by_child(AdoptionDecision.objects.filter(child_id__in=ids).order_by("decided_on", "pk"))
    # Where each looked-after episode placed the child: its setting's postcode and Ofsted URN (SSDA903 PL_POST and
    # URN; the DfE derives the placement's local authority, IN/OUT and distance from the postcodes).
    settings_of = {
        episode_id: (postcode, urn)
        for episode_id, postcode, urn in Placement.objects.filter(child_id__in=ids).values_list(
            "episode_id", "setting__postcode", "setting__urn"
        )
    }

    out = []
    for child in children:
        own = episodes.get(child.pk, [])
        cin_episodes = [e for e in own if e.kind == EpisodeKind.CHILD_IN_NEED]
        cp_episodes = [e for e in own if e.kind == EpisodeKind.CHILD_PROTECTION]
        lac_episodes = [e for e in own if e.kind == EpisodeKind.LOOKED_AFTER]
        held = meetings.get(child.pk, [])
        icpcs = [day for kind, day, _ in held if kind == MeetingKind.INITIAL_CONFERENCE]
        rcpcs = [day for kind, day, _ in held if kind == MeetingKind.REVIEW_CONFERENCE]
        details = []
        for cin in cin_episodes:
            end = cin.end_on or date.max

            def inside(day: date | None, start: date = cin.start_on, end: date = end) -> bool:
                return day is not None and start <= day <= end

            assessments = [
                f.AssessmentFacts(
                    started_on=a.started_on,
                    authorised_on=a.authorised_on,
                    factors=tuple(a.factors or ()) if a.authorised_on else (),
                )
                for a in assessments_by_episode.get(cin.pk, [])
            ]
            plans = [f.PlanPeriod(started_on=p.started_on, ended_on=p.ended_on) for p in cin_plans.get(cin.pk, [])]
            section_47s = []
            for s in s47s.get(child.pk, []):
                if not inside(s.started_on):
                    continue
                discussed = s.strategy_discussion.held_on or s.started_on
                icpc = next((day for day in icpcs if day >= s.started_on), None)
                not_required = s.outcome == Section47Outcome.CONFERENCE_NOT_NEEDED
                section_47s.append(
                    f.Section47Facts(
                        started_on=s.started_on,
                        icpc_target_on=add_working_days(discussed, 15),
                        icpc_on=None if not_required else icpc,
                        icpc_not_required=not_required,
                    )
                )
            protection = []
            for plan in cp_episodes:
                if not inside(plan.start_on):
                    continue
                previous = sum(1 for other in cp_episodes if other.end_on and other.end_on < plan.start_on)
                plan_end = plan.end_on or date.max
                protection.append(
                    f.ProtectionPlanFacts(
                        started_on=plan.start_on,
                        ended_on=plan.end_on,
                        initial_category=plan.initial_category_of_abuse,
                        latest_category=plan.latest_category_of_abuse or plan.initial_category_of_abuse,
                        previous_plans=previous,
                        reviews=tuple(day for day in rcpcs if plan.start_on < day <= plan_end),
                    )
                )
            details.append(
                f.CinDetailsFacts(
                    referral_on=cin.start_on,
                    referral_source=cin.referral_source,
                    primary_need=cin.primary_need,
                    closed_on=cin.end_on,
                    reason_for_closure=cin.reason_for_closure,
                    # An initial conference is recorded once: on its section 47 enquiry if it has one, else here
                    # (CIN census rule 2884).
                    icpc_on=next(
                        (day for day in icpcs if inside(day) and day not in {s.icpc_on for s in section_47s}), None
                    ),
                    assessments=tuple(assessments),
                    cin_plans=tuple(plans),
                    section_47s=tuple(section_47s),
                    protection_plans=tuple(protection),
                )
            )
        lac = []
        previous_episode = None
        for episode in lac_episodes:
            need = next((c.primary_need for c in reversed(cin_episodes) if c.start_on <= episode.start_on), "")
            lac.append(
                f.LacEpisodeFacts(
                    started_on=episode.start_on,
                    reason_new_episode=_rne(previous_episode, episode),
                    legal_status=episode.legal_status,
                    cin_need=episode.category_of_need or (need if need in CIN_NEEDS_903 else ""),
                    placement=episode.placement_type,
                    placement_provider=episode.placement_provider,
                    # SSDA903 has consecutive episodes share the date: the next starts the day this one ends.
                    ended_on=episode.end_on + timedelta(days=1)
                    if episode.end_on and episode.reason_episode_ceased == "X1"
                    else episode.end_on,
                    reason_ceased=episode.reason_episode_ceased,
                    reason_place_change=episode.reason_place_change,
                    home_postcode=child.postcode,
                    placement_postcode=settings_of.get(episode.pk, ("", ""))[0],
                    urn=settings_of.get(episode.pk, ("", ""))[1],
                )
            )
            previous_episode = episode
        reviews = []
        for kind, day, meeting_id in held:
            if kind != MeetingKind.LAC_REVIEW:
                continue
            code = participation.get((meeting_id, child.pk), "")
            if not code and child.date_of_birth and child.age_on(day) is not None and child.age_on(day) < 4:
                code = "PN0"
            reviews.append(f.ReviewFacts(held_on=day, participation=code))
        status = uasc.get(child.pk)
        perm = permanence.get(child.pk)
        adoption = adoptions.get(child.pk)
        mother = mothers.get(child.pk)
        out.append(
            f.ChildFacts(
                pk=child.pk,
                local_id=child.local_id,
                sex=child.sex,
                ethnicity=child.ethnicity,
                birth_on=child.date_of_birth,
                expected_birth_on=child.expected_date_of_birth,
                death_on=child.date_of_death,
                upn=child.upn,
                upn_unknown=child.upn_unknown,
                disabilities=tuple(child.disabilities or ()),
                postcode=child.postcode,
                is_mother=mother.is_mother if mother else None,
                mothers_child_born_on=mother.childs_birth_on if mother else None,
                cin_details=tuple(details),
                lac_episodes=tuple(lac),
                reviews=tuple(reviews),
                is_uasc=status is not None,
                uasc_ceased_on=status.ceased_on if status else None,
                health=tuple(
                    f.HealthFacts(
                        year_ending_on=h.year_ending_on,
                        sdq_score=h.sdq_score,
                        sdq_reason=h.sdq_reason,
                        convicted=h.convicted,
                        health_check=h.health_check,
                        immunisations=h.immunisations,
                        teeth_check=h.teeth_check,
                        health_assessment=h.health_assessment,
                        substance_misuse=h.substance_misuse,
                        intervention_received=h.intervention_received,
                        intervention_offered=h.intervention_offered,
                    )
                    for h in health.get(child.pk, [])
                ),
                care_leaver=tuple(
                    f.CareLeaverFacts(
                        year_ending_on=c.year_ending_on,
                        in_touch=c.in_touch,
                        activity=c.activity,
                        accommodation=c.accommodation,
                    )
                    for c in leavers.get(child.pk, [])
                ),
                adoption=None
                if adoption is None
                else f.AdoptionFacts(
                    should_be_placed_on=adoption.should_be_placed_on,
                    matched_on=adoption.matched_on,
                    by_foster_carer=adoption.by_foster_carer,
                    number_of_adopters=adoption.number_of_adopters,
                    adopters_sex=adoption.adopters_sex,
                    adopters_legal_status=adoption.adopters_legal_status,
                ),
                adoption_decisions=tuple(
                    f.AdoptionDecisionFacts(
                        decided_on=d.decided_on, ceased_on=d.ceased_on, reason_ceased=d.reason_ceased
                    )
                    for d in decisions.get(child.pk, [])
                ),
                previous_permanence=None
                if perm is None
                else f.PreviousPermanenceFacts(
                    arrangement=perm.arrangement, local_authority=perm.local_authority, made_on=perm.made_on
                ),
                missing=tuple(
                    f.MissingFacts(kind=m.kind, started_on=m.started_on, ended_on=m.ended_on)
                    for m in missing.get(child.pk, [])
                ),
                social_workers=tuple(
                    f.SocialWorkerFacts(
                        worker_id=f"SW{a.worker_id}",
                        started_on=a.started_on,
                        ended_on=a.ended_on,
                        reason=a.change_reason,
                    )
                    for a in allocations.get(child.pk, [])
                )
                if lac_episodes
                else (),
            )
        )
    return out


def child_records(
    *, year: CollectionYear, progress: Callable[[int, int], None] | None = None
) -> Iterator[f.ChildFacts]:
    """Every child the returns for ``year`` might report, as facts, in chunks of a fixed number of queries."""
    ids = _in_scope_child_ids(year)
    for start in range(0, len(ids), CHUNK):
        yield from _chunk_facts(ids[start : start + CHUNK], year)
        if progress:
            progress(min(start + CHUNK, len(ids)), len(ids))
