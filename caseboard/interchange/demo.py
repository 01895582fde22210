"""Demo records that only the returns ask for, added to the demo council after the children, episodes and meetings:
how each child took part in their looked-after reviews, health outcomes (OC2) for children in care for a year,
care leavers' outcomes (OC3), unaccompanied asylum-seeking children, missing episodes, previous permanence."""

from __future__ import annotations

import random
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

from caseboard.core.audit import audit_bypass


def add_demo_return_records(seed: int, today: date) -> str:
    from caseboard.accounts.models import Role, User
    from caseboard.casework.models import (
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
    from caseboard.meetings.models import Meeting, MeetingKind, MeetingStatus

    from .models import LookedAfterReviewParticipation

    rng = random.Random(seed * 7919 + 21)
    lac = list(
        Episode.objects.filter(kind=EpisodeKind.LOOKED_AFTER).select_related("child").order_by("child_id", "start_on")
    )
    if not lac:
        return "no looked-after children for the returns' records"
    first_by_child: dict[int, Episode] = {}
    for episode in lac:
        first_by_child.setdefault(episode.child_id, episode)
    participations = []
    through = Meeting.children.through
    for meeting_id, child_id, held_on in (
        through.objects.filter(meeting__kind=MeetingKind.LAC_REVIEW, meeting__status=MeetingStatus.HELD)
        .order_by("meeting_id", "child_id")
        .values_list("meeting_id", "child_id", "meeting__held_on")
    ):
        child = first_by_child.get(child_id)
        born = child.child.date_of_birth if child else None
        if born and (held_on - born).days < 4 * 365:
            code = "PN0"
        else:
            code = rng.choices(["PN1", "PN2", "PN3", "PN4", "PN5", "PN6", "PN7"], [40, 10, 5, 10, 15, 15, 5])[0]
        participations.append(LookedAfterReviewParticipation(meeting_id=meeting_id, child_id=child_id, code=code))
    health = []
    leavers = []
    uasc = []
    missing = []
    permanence = []
    year_ends = [date(y, 3, 31) for y in range(2020, today.year + 1) if date(y, 3, 31) <= today]
    for child_id, episode in first_by_child.items():
        child = episode.child
        permanence.append(PreviousPermanence(child_id=child_id, arrangement="Z1"))
        for year_end in year_ends:
            # OC2: children looked after for at least 12 months on 31 March.
            if (
                episode.start_on <= year_end - relativedelta(years=1) + timedelta(days=1)
                and (episode.end_on is None or episode.end_on >= year_end)
                and child.date_of_birth
            ):
                age = child.age_on(year_end) or 0
                # SSDA903 OC2 by age on 31 March: an SDQ from 4 to 16 (a reason otherwise, none under 4),
                # development checks under 5, offending from 10 (rules 188, 546, 542).
                scored = 4 <= age <= 16 and rng.random() < 0.85
                misuse = rng.random() < 0.04
                received = (rng.random() < 0.6) if misuse else None
                health.append(
                    HealthOutcome(
                        child_id=child_id,
                        year_ending_on=year_end,
                        sdq_score=rng.randint(5, 28) if scored else None,
                        sdq_reason="" if scored or age < 4 else ("SDQ1" if age > 16 else "SDQ4"),
                        convicted=(rng.random() < 0.03) if age >= 10 else None,
                        health_check=(rng.random() < 0.9) if age < 5 else None,
                        immunisations=rng.random() < 0.88,
                        teeth_check=rng.random() < 0.8,
                        health_assessment=rng.random() < 0.9,
                        substance_misuse=misuse,
                        intervention_received=received,
                        intervention_offered=(rng.random() < 0.3) if misuse and not received else None,
                    )
                )
        if child.date_of_birth and rng.random() < 0.04 and (child.age_on(episode.start_on) or 0) >= 14:
            uasc.append(
                AsylumSeekingStatus(
                    child_id=child_id,
                    since_on=episode.start_on,
                    ceased_on=child.date_of_birth + relativedelta(years=18),
                )
            )
        if rng.random() < 0.06 and child.date_of_birth and (child.age_on(today) or 0) >= 11:
            end = episode.end_on or today
            span = (end - episode.start_on).days
            if span > 30:
                start = episode.start_on + timedelta(days=rng.randint(5, span - 5))
                missing.append(
                    MissingEpisode(
                        child_id=child_id,
                        kind=rng.choice(["M", "M", "A"]),
                        started_on=start,
                        ended_on=min(start + timedelta(days=rng.randint(0, 3)), end),
                    )
                )
    for episode in Episode.objects.filter(kind=EpisodeKind.CARE_LEAVER).select_related("child").order_by("child_id"):
        child = episode.child
        if not child.date_of_birth:
            continue
        for year_end in year_ends:
            start = year_end - relativedelta(years=1) + timedelta(days=1)
            birthday = next(
                (
                    child.date_of_birth + relativedelta(years=age)
                    for age in range(17, 22)
                    if start <= child.date_of_birth + relativedelta(years=age) <= year_end
                ),
                None,
            )
            # OC3 asks about 17- and 18-year-olds only if they left care before that birthday (rule 1016).
            if (
                birthday is None
                or birthday < episode.start_on
                or ((birthday - child.date_of_birth).days < 19 * 365 and episode.start_on >= birthday)
            ):
                continue
            in_touch = rng.choices(["YES", "NO", "REFU"], [90, 6, 4])[0]
            leavers.append(
                CareLeaverOutcome(
                    child_id=child.pk,
                    year_ending_on=year_end,
                    in_touch=in_touch,
                    activity=rng.choice(["F1", "F2", "F4", "P4", "G5", "G6"]) if in_touch == "YES" else "",
                    accommodation=rng.choice(["U1", "D1", "E1", "Z1", "B1"]) if in_touch == "YES" else "",
                )
            )
    mothers = []
    decisions = []
    for child_id, episode in first_by_child.items():
        child = episode.child
        if child.sex == "F" and child.date_of_birth:
            is_mother = (child.age_on(today) or 0) >= 16 and rng.random() < 0.03
            born = today - timedelta(days=rng.randint(30, 700)) if is_mother else None
            mothers.append(Motherhood(child_id=child_id, is_mother=is_mother, childs_birth_on=born))
    for episode in lac:
        # A placement order or a placement for adoption follows the decision that the child should be placed for
        # adoption (SSDA903 PlacedAdoption; rules 551, 553).
        if (episode.legal_status == "E1" or episode.placement_type.startswith("A")) and episode.child_id not in {
            d.child_id for d in decisions
        }:
            decisions.append(
                AdoptionDecision(
                    child_id=episode.child_id,
                    decided_on=episode.start_on,
                )
            )
    # Care leavers had a social worker while they were looked after (the demo gives them only their personal
    # adviser): one allocation for their time in care, from a children in care team.
    in_care_workers = list(
        User.objects.filter(role=Role.SOCIAL_WORKER, teams__service__slug="children-in-care", is_active=True)
        .order_by("pk")
        .values_list("pk", "teams__pk")
    )
    past = []
    has_worker = set(Allocation.objects.filter(role=AllocationRole.SOCIAL_WORKER).values_list("child_id", flat=True))
    for child_id, episode in first_by_child.items():
        if episode.end_on is None or child_id in has_worker or not in_care_workers:
            continue
        worker_id, team_id = rng.choice(in_care_workers)
        past.append(
            Allocation(
                child_id=child_id,
                worker_id=worker_id,
                team_id=team_id,
                role=AllocationRole.SOCIAL_WORKER,
                started_on=episode.start_on,
                ended_on=episode.end_on,
            )
        )
    with audit_bypass("loading fictional demo data"):
        Allocation.objects.bulk_create(past, batch_size=2000)
    changed = []
    seen: set[int] = set()
    for allocation in Allocation.objects.filter(
        role=AllocationRole.SOCIAL_WORKER, child_id__in=list(first_by_child), change_reason=""
    ).order_by("child_id", "started_on", "pk"):
        # The first social worker in care took over as the case moved on; later ones for the usual reasons.
        first = allocation.child_id not in seen
        seen.add(allocation.child_id)
        allocation.change_reason = (
            "TSPROC" if first else rng.choices(["LEFTRL", "MANAGE", "ORGRST", "ABSENC"], [45, 25, 15, 15])[0]
        )
        changed.append(allocation)
    plans = _cin_plans()
    with audit_bypass("loading fictional demo data"):
        ChildInNeedPlan.objects.bulk_create(plans, batch_size=2000)
        Motherhood.objects.bulk_create(mothers, batch_size=2000)
        AdoptionDecision.objects.bulk_create(decisions, batch_size=2000)
        Allocation.objects.bulk_update(changed, ["change_reason"], batch_size=2000)
        LookedAfterReviewParticipation.objects.bulk_create(participations, batch_size=2000)
        HealthOutcome.objects.bulk_create(health, batch_size=2000)
        CareLeaverOutcome.objects.bulk_create(leavers, batch_size=2000)
        AsylumSeekingStatus.objects.bulk_create(uasc, batch_size=2000)
        MissingEpisode.objects.bulk_create(missing, batch_size=2000)
        PreviousPermanence.objects.bulk_create(permanence, batch_size=2000)
    return (
        f"{len(participations):,} review participations, {len(health):,} health outcomes, "
        f"{len(leavers):,} care leaver outcomes, {len(uasc):,} unaccompanied asylum-seeking children, "
        f"{len(missing):,} missing episodes, {len(plans):,} child in need plans"
    )


def _cin_plans() -> list:
    """A child in need plan for each assessment that made one: from its authorisation to the end of the child in
    need episode, or to the day before a child protection plan or care began (the census counts one at a time)."""
    from collections import defaultdict

    from caseboard.casework.models import ChildInNeedPlan, Episode, EpisodeKind
    from caseboard.frontdoor.models import Assessment, AssessmentOutcome

    later: dict[int, list[date]] = defaultdict(list)
    for child_id, start in Episode.objects.filter(
        kind__in=[EpisodeKind.CHILD_PROTECTION, EpisodeKind.LOOKED_AFTER]
    ).values_list("child_id", "start_on"):
        later[child_id].append(start)
    plans = []
    for assessment in (
        Assessment.objects.filter(
            outcome=AssessmentOutcome.CIN_PLAN, authorised_on__isnull=False, referral__episode__isnull=False
        )
        .select_related("referral__episode")
        .order_by("pk")
    ):
        episode = assessment.referral.episode
        start = assessment.authorised_on
        if start < episode.start_on or (episode.end_on and start > episode.end_on):
            continue
        end = episode.end_on
        for other in later.get(assessment.child_id, []):
            if start < other and (end is None or other <= end):
                end = other - timedelta(days=1)
        if end is None or end >= start:
            plans.append(ChildInNeedPlan(child_id=assessment.child_id, episode=episode, started_on=start, ended_on=end))
    return plans
