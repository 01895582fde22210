"""The demo council's carers, homes and settings, and where each looked-after child lives.

- Supervising social workers in a fostering team (the demo account ``ssw`` among them), each supervising a share
  of the council's carer households.
- A setting for every looked-after episode's placement, from its SSDA903 codes: foster households of one to three
  places (in-house, and agency ones for private provision), one connected-person household per child placed with
  family or friends, children's homes with URNs (a few unregistered, with Ofsted and the DfE told), supported
  accommodation, residential schools and placements with parents. Each has a real postcode (``core.demo_postcodes``:
  the City of London's districts, whose codes the demo council borrows, and a few districts out of area) and, where
  the SSDA903 return asks for one, an Ofsted URN (supported accommodation, residential schools and family centres
  as well as homes). The demo's proportions are the casework demo's
  (about 60% fostered, 13% in a home, 7% with parents); three in four children placed short term with family or
  friends in the last 16 weeks are in a reg 24 placement with a temporary approval (about 4% of those looked after).
- Approvals with their ranges, DBS-checked households, annual reviews (some virtual), placement plans for most
  placements (mostly within 5 working days), supervising social workers' visits.
- In the ``covid-2020`` scenario (a date in 2020): carers self-isolating with a risk discussion, approved adopters
  approved as temporary foster carers (SI 2020/445), and a children's home closing for lack of staff with Ofsted told.

Deterministic for a seed and ``today``; written in bulk inside an ``audit_bypass`` (loading demo data is not a
change anyone made).
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from caseboard.accounts.models import Role, Service, Team, User
from caseboard.casework.models import Allocation, Episode, EpisodeKind
from caseboard.clock.approvals import temporary_approval_ends
from caseboard.clock.calendar import add_working_days
from caseboard.core.audit import audit_bypass
from caseboard.core.demo_postcodes import OUT_OF_AREA_DISTRICTS, home_postcode, postcode_in
from caseboard.decisions import services as decisions

from .models import (
    AnnualReview,
    Approval,
    ApprovalKind,
    CarerVisit,
    HealthKind,
    HouseholdHealth,
    HouseholdMember,
    MeetingMode,
    NoticeKind,
    Placement,
    PlacementPlan,
    RegistrationStatus,
    Setting,
    SettingKind,
    SettingNotice,
)
from .operating import settings_on

FOSTERING_TEAM = "Fostering team 1"
SSWS = (("ssw", "Maya", "Osei"), ("ssw.2", "Daniel", "Frost"), ("ssw.3", "Ruth", "Bell"), ("ssw.4", "Imran", "Qureshi"))
CARER_FIRST = ["Sarah", "Tom", "Janet", "Paul", "Aisha", "Kwame", "Linda", "Gary", "Mei", "Dev", "Claire", "Joe"]
CARER_LAST = ["Hughes", "Patel", "Walsh", "Morgan", "Adeyemi", "Clarke", "Nowak", "Evans", "Begum", "Reilly"]
HOMES = ("Oak House", "Willow Lodge", "The Beeches", "Hillside", "Meadow View", "Brook House", "Elm Court", "Ashgrove")
SI_2020_445 = (date(2020, 4, 24), date(2020, 9, 25))
# Placement types of which the SSDA903 return records no Ofsted URN (rules 218 and 222; the return's own list, by
# collection year, is ``interchange.layouts``).
URN_NOT_ASKED = frozenset({"P1", "P3", "R1", "R2", "R5", "T0", "T1", "T2", "T3", "T4", "Z11", "Z12", "Z13", "Z14"})


def _kind(placement_type: str, provider: str) -> str:
    if placement_type in ("U1", "U2", "U3"):
        return SettingKind.CONNECTED_PERSON
    if placement_type in ("U4", "U5", "U6"):
        return SettingKind.FOSTER_AGENCY if provider in ("PR4", "PR5") else SettingKind.FOSTER_IN_HOUSE
    return {
        "K1": SettingKind.SECURE_UNIT,
        "K2": SettingKind.CHILDRENS_HOME,
        "R1": SettingKind.CHILDRENS_HOME,
        "K3": SettingKind.SUPPORTED_ACCOMMODATION,
        "S1": SettingKind.RESIDENTIAL_SCHOOL,
        "P1": SettingKind.WITH_PARENTS,
    }.get(placement_type, SettingKind.OTHER)


def _postcode(rng: random.Random, *, near: bool = True, in_area: bool = False) -> str:
    """A real postcode (``core.demo_postcodes``): in the council's area, or for a setting not ``near``, out of area
    three times in ten. A setting ``in_area`` is always in it: the council's own provision other than foster carers
    (SSDA903 rule 1015) and supported accommodation (rule 241). The draws are the same either way, so the rest of
    the demo does not change with them."""
    if near or rng.random() < 0.7:
        letters = rng.choice("ABDEFGHJLNPQRSTUWXYZ") + rng.choice("ABDEHJLNPQRSTUWXYZ")
        return home_postcode(rng.randint(1, 19), rng.randint(1, 9), letters)
    district = rng.choice(OUT_OF_AREA_DISTRICTS)
    digit = rng.randint(1, 9)
    if in_area:
        return home_postcode(OUT_OF_AREA_DISTRICTS.index(district) + 1, digit, district)
    return postcode_in(district, digit)


def _urn(kind: str, placement_type: str, number: int) -> str:
    """The Ofsted URN of a setting the DfE asks one of (SSDA903 rule 218) other than a children's home or secure
    unit (whose URNs the demo draws): supported accommodation, residential schools, residential family centres.
    Drawn from no random numbers, so the rest of the demo does not change with it."""
    if placement_type in URN_NOT_ASKED or placement_type.startswith(("A", "U")):
        return ""
    if kind in (SettingKind.SUPPORTED_ACCOMMODATION, SettingKind.RESIDENTIAL_SCHOOL, SettingKind.OTHER):
        return f"SC{800001 + number:06d}"
    return ""


def _ssws(password: str) -> list[User]:
    service = Service.objects.order_by("pk").filter(slug="children-in-care").first() or Service.objects.first()
    team = Team.objects.filter(name=FOSTERING_TEAM).first()
    if team is None and service is not None:
        team = Team.objects.create(name=FOSTERING_TEAM, service=service)
    users = []
    for username, first, last in SSWS:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User.objects.create(
                username=username,
                first_name=first,
                last_name=last,
                role=Role.SUPERVISING_SOCIAL_WORKER,
                job_title=f"Supervising social worker, {FOSTERING_TEAM}",
                email=f"{username}@caseboard.invalid",
                password=password,
            )
            if team is not None:
                user.teams.add(team)
        users.append(user)
    return users


def add_demo_placements(seed: int, today: date) -> str:
    """The demo council's settings, carers and placements (see the module's docstring); once per database."""
    if Setting.objects.filter(from_episode_codes=False).exists():
        return "placements already present"
    rng = random.Random(seed * 6151 + 20)
    covid = SI_2020_445[0] <= today < SI_2020_445[1]
    now = timezone.now()
    worker = User.objects.filter(username="worker").first()
    admin = User.objects.filter(role=Role.ADMINISTRATOR).order_by("pk").first()
    with transaction.atomic(), audit_bypass("loading fictional demo data"):
        ssws = _ssws(worker.password if worker else "!")
        recorder = ssws[0] if ssws else admin
        episodes = list(
            Episode.objects.filter(kind=EpisodeKind.LOOKED_AFTER, start_on__lte=today, placement__isnull=True)
            .select_related("child")
            .order_by("child_id", "start_on", "pk")
        )
        settings: list[Setting] = []
        assign: list[tuple[Episode, int]] = []  # (episode, index into settings)
        open_foster: dict[str, list[int]] = {}  # kind -> settings with room
        homes: dict[str, int] = {}
        connected_for_child: dict[int, int] = {}
        with_parents: dict[int, int] = {}
        fill: dict[int, int] = {}
        for episode in episodes:
            kind = _kind(episode.placement_type, episode.placement_provider)
            if kind in (SettingKind.FOSTER_IN_HOUSE, SettingKind.FOSTER_AGENCY):
                candidates = [i for i in open_foster.get(kind, []) if fill[i] < settings[i].places]
                if candidates and rng.random() < 0.5:
                    index = candidates[0]
                else:
                    places = rng.choice([1, 2, 2, 3])
                    name = f"{rng.choice(CARER_FIRST)} and {rng.choice(CARER_FIRST)} {rng.choice(CARER_LAST)}"
                    settings.append(
                        Setting(
                            kind=kind,
                            name=name,
                            provider_name="" if kind == SettingKind.FOSTER_IN_HOUSE else "Northmoor Fostering Agency",
                            placement_provider=episode.placement_provider,
                            postcode=_postcode(rng, near=kind == SettingKind.FOSTER_IN_HOUSE),
                            places=places + (1 if rng.random() < 0.2 else 0),
                            age_from=rng.choice([0, 0, 5, 8]),
                            age_to=rng.choice([11, 17, 17]),
                            takes_sibling_groups=places > 1 and rng.random() < 0.6,
                            can_self_isolate=rng.random() < 0.3,
                            opened_on=date(rng.randint(2008, 2019), rng.randint(1, 12), 1),
                        )
                    )
                    index = len(settings) - 1
                    fill[index] = 0
                    open_foster.setdefault(kind, []).append(index)
            elif kind == SettingKind.CONNECTED_PERSON:
                index = connected_for_child.get(episode.child_id, -1)
                if index < 0:
                    settings.append(
                        Setting(
                            kind=kind,
                            name=f"{rng.choice(CARER_FIRST)} {episode.child.last_name} (family)",
                            placement_provider=episode.placement_provider,
                            postcode=_postcode(rng),
                            places=1,
                            age_from=0,
                            age_to=17,
                        )
                    )
                    index = len(settings) - 1
                    fill[index] = 0
                    connected_for_child[episode.child_id] = index
            elif kind == SettingKind.WITH_PARENTS:
                index = with_parents.get(episode.child_id, -1)
                if index < 0:
                    settings.append(
                        Setting(
                            kind=kind,
                            name=f"Parents of {episode.child.first_name} {episode.child.last_name}",
                            placement_provider="PR0",
                            postcode=episode.child.postcode,
                            places=1,
                            age_from=0,
                            age_to=17,
                        )
                    )
                    index = len(settings) - 1
                    fill[index] = 0
                    with_parents[episode.child_id] = index
            else:
                key = f"{kind}:{episode.placement_type}:{episode.placement_provider}:{rng.randint(0, 5)}"
                index = homes.get(key, -1)
                if index < 0:
                    is_home = kind in (SettingKind.CHILDRENS_HOME, SettingKind.SECURE_UNIT)
                    # A few unregistered homes (seed 000): the third children's home and one in eight after it.
                    homes_so_far = sum(1 for k in homes if k.startswith(SettingKind.CHILDRENS_HOME))
                    unregistered = kind == SettingKind.CHILDRENS_HOME and homes_so_far % 8 == 2
                    base = HOMES[len(homes) % len(HOMES)]
                    suffix = len(homes) // len(HOMES)
                    settings.append(
                        Setting(
                            kind=kind,
                            name=(
                                f"{episode.get_placement_type_display()[4:]} {len(homes) + 1}"
                                if kind == SettingKind.OTHER
                                else f"{base}{f' {suffix + 1}' if suffix else ''}"
                                + {
                                    SettingKind.SUPPORTED_ACCOMMODATION: " (supported lodgings)",
                                    SettingKind.RESIDENTIAL_SCHOOL: " School",
                                }.get(kind, "")
                            ),
                            provider_name="Northmoor Care Ltd" if episode.placement_provider == "PR4" else "",
                            placement_provider=episode.placement_provider,
                            postcode=_postcode(
                                rng,
                                near=False,
                                in_area=episode.placement_provider == "PR1"
                                or kind == SettingKind.SUPPORTED_ACCOMMODATION,
                            ),
                            urn=f"SC{rng.randint(100000, 999999)}"
                            if is_home and not unregistered
                            else ""
                            if is_home
                            else _urn(kind, episode.placement_type, len(homes)),
                            registration_status=(
                                RegistrationStatus.UNREGISTERED
                                if unregistered
                                else RegistrationStatus.REGISTERED
                                if is_home or kind == SettingKind.SUPPORTED_ACCOMMODATION
                                else RegistrationStatus.NOT_REQUIRED
                            ),
                            ofsted_notified_on=today - timedelta(days=rng.randint(20, 200)) if unregistered else None,
                            dfe_notified_on=today - timedelta(days=rng.randint(5, 19)) if unregistered else None,
                            places=rng.randint(4, 8),
                            age_from=11 if kind != SettingKind.SUPPORTED_ACCOMMODATION else 16,
                            age_to=17,
                            can_self_isolate=rng.random() < 0.5,
                        )
                    )
                    index = len(settings) - 1
                    fill[index] = 0
                    homes[key] = index
            if episode.end_on is None:
                fill[index] = fill.get(index, 0) + 1
                if settings[index].places < fill[index]:
                    settings[index].places = fill[index]
            assign.append((episode, index))
        for index, setting in enumerate(settings):
            if setting.kind in (SettingKind.FOSTER_IN_HOUSE, SettingKind.FOSTER_AGENCY, SettingKind.CONNECTED_PERSON):
                setting.supervising_social_worker = ssws[index % len(ssws)] if ssws else None
        Setting.objects.bulk_create(settings, batch_size=2000)
        settings = list(Setting.objects.filter(from_episode_codes=False).order_by("pk"))

        approvals: list[Approval] = []
        reg24_settings: set[int] = set()
        members: list[HouseholdMember] = []
        reviews: list[AnnualReview] = []
        first_episode = {}
        for episode, index in assign:
            first_episode.setdefault(index, episode)
        for index, setting in enumerate(settings):
            if not setting.is_carer_household:
                continue
            first = first_episode.get(index)
            start = first.start_on if first is not None else today - timedelta(days=400)
            # Most children placed short term with family or friends in the last 16 weeks are there under reg 24.
            temporary = (
                setting.kind == SettingKind.CONNECTED_PERSON
                and first is not None
                and first.end_on is None
                and first.placement_type == "U3"
                and (today - start).days < 16 * 7
                and rng.random() < 0.75
            )
            if temporary:
                weeks = settings_on(start).temporary_approval_weeks
                approvals.append(
                    Approval(
                        setting=setting,
                        kind=ApprovalKind.TEMPORARY,
                        approved_on=start,
                        ends_on=temporary_approval_ends(start, weeks=weeks),
                        weeks=weeks,
                        places=1,
                        age_from=0,
                        age_to=17,
                        for_child_id=first.child_id,
                        recorded_by=recorder,
                        recorded_at=now,
                    )
                )
                reg24_settings.add(setting.pk)
            else:
                approved = min(start, setting.opened_on or start) - timedelta(days=rng.randint(30, 300))
                approvals.append(
                    Approval(
                        setting=setting,
                        kind=ApprovalKind.CONNECTED_PERSON
                        if setting.kind == SettingKind.CONNECTED_PERSON
                        else ApprovalKind.MAINSTREAM,
                        approved_on=approved,
                        panel_on=approved - timedelta(days=rng.randint(1, 14)),
                        places=setting.places,
                        age_from=setting.age_from,
                        age_to=setting.age_to,
                        takes_sibling_groups=setting.takes_sibling_groups,
                        recorded_by=recorder,
                        recorded_at=now,
                    )
                )
                held = today - timedelta(days=rng.randint(20, 400))
                if held > approved:
                    virtual = date(2020, 3, 23) <= held <= date(2021, 7, 19) or rng.random() < 0.1
                    reviews.append(
                        AnnualReview(
                            setting=setting,
                            held_on=held,
                            mode=MeetingMode.VIRTUAL if virtual else MeetingMode.IN_PERSON,
                            recorded_by=recorder,
                            recorded_at=now,
                        )
                    )
            carers = setting.name.replace(" (family)", "").split(" and ")
            surname = setting.name.split()[-1] if "(family)" not in setting.name else setting.name.split()[1]
            for number, first_name in enumerate(carers[:2]):
                members.append(
                    HouseholdMember(
                        setting=setting,
                        full_name=f"{first_name.split()[0]} {surname}",
                        role=HouseholdMember.Role.CARER if number == 0 else HouseholdMember.Role.SECOND_CARER,
                        dbs_checked_on=today - timedelta(days=rng.randint(30, 900)),
                        dbs_outcome=HouseholdMember.DbsOutcome.CLEAR,
                    )
                )
        Approval.objects.bulk_create(approvals, batch_size=2000)
        HouseholdMember.objects.bulk_create(members, batch_size=2000)
        AnnualReview.objects.bulk_create(reviews, batch_size=2000)
        approval_of = {a.setting_id: a for a in Approval.objects.filter(setting__in=settings)}

        placements: list[Placement] = []
        for episode, index in assign:
            setting = settings[index]
            approval = approval_of.get(setting.pk)
            reg24 = setting.pk in reg24_settings and episode.end_on is None
            placements.append(
                Placement(
                    child_id=episode.child_id,
                    episode=episode,
                    setting=setting,
                    approval=approval,
                    is_reg24_placement=reg24,
                    is_emergency=reg24,
                    parent_assessment_complete=not (
                        setting.kind == SettingKind.WITH_PARENTS and (today - episode.start_on).days < 120
                    ),
                    risk_of_breakdown=episode.end_on is None and rng.random() < 0.05,
                    breakdown_noted_on=None,
                    placed_by=worker,
                    recorded_at=now,
                )
            )
        for placement in placements:
            if placement.risk_of_breakdown:
                placement.breakdown_noted_on = today - timedelta(days=rng.randint(1, 30))
            placement.planned_end_on = _planned_end(rng, today, placement, approval_of.get(placement.setting_id))
        Placement.objects.bulk_create(placements, batch_size=2000)
        exceptions = _exceptions(rng, today, settings, now)

        plans: list[PlacementPlan] = []
        for placement in Placement.objects.filter(setting__in=settings).select_related("episode"):
            if rng.random() > 0.85:
                continue
            start = placement.episode.start_on
            late = rng.random() < 0.12
            done = add_working_days(start, rng.randint(6, 15) if late else rng.randint(0, 5))
            if done > today or (placement.episode.end_on is not None and done > placement.episode.end_on):
                continue
            plans.append(
                PlacementPlan(
                    child_id=placement.child_id,
                    placement=placement,
                    completed_on=done,
                    recorded_by=worker or recorder,
                    recorded_at=now,
                )
            )
        PlacementPlan.objects.bulk_create(plans, batch_size=2000)

        visits: list[CarerVisit] = []
        for setting in settings:
            if setting.supervising_social_worker_id is None:
                continue
            for _ in range(rng.randint(1, 3)):
                visits.append(
                    CarerVisit(
                        setting=setting,
                        visited_on=today - timedelta(days=rng.randint(3, 120)),
                        mode="in_person_home",
                        worker_id=setting.supervising_social_worker_id,
                        notes="Supervision visit to the carers.",
                        recorded_by_id=setting.supervising_social_worker_id,
                        recorded_at=now,
                    )
                )
        CarerVisit.objects.bulk_create(visits, batch_size=2000)

        notices: list[SettingNotice] = []
        for setting in settings:
            if setting.is_unregistered:
                notices.append(
                    SettingNotice(
                        setting=setting,
                        kind=NoticeKind.UNREGISTERED,
                        told="Ofsted",
                        told_on=setting.ofsted_notified_on,
                        details="A child placed in an unregistered children's home while a registered place is found.",
                        recorded_by=recorder,
                        recorded_at=now,
                    )
                )
                notices.append(
                    SettingNotice(
                        setting=setting,
                        kind=NoticeKind.UNREGISTERED,
                        told="The DfE",
                        told_on=setting.dfe_notified_on,
                        recorded_by=recorder,
                        recorded_at=now,
                    )
                )
        extra = ""
        if covid:
            extra = _covid(rng, today, settings, recorder, now, notices)
        SettingNotice.objects.bulk_create(notices, batch_size=2000)
    reg24 = sum(1 for p in placements if p.is_reg24_placement)
    return (
        f"{len(settings):,} settings and carer households, {len(placements):,} placements ({reg24:,} reg 24), "
        f"{len(plans):,} placement plans, {len(visits):,} supervising social workers' visits, "
        f"{sum(1 for p in placements if p.planned_end_on):,} placements planned to end, {exceptions} placed outside "
        f"the carers' approval with a key decision{extra}"
    )


def _planned_end(rng: random.Random, today: date, placement: Placement, approval: Approval | None) -> date | None:
    """Some current placements are planned to end: a reg 24 placement when its temporary approval ends (the child
    moves on or the carers are fully approved by then), and about one in twelve others (short-term and bridging
    placements), some within the sufficiency page's window and a few past their planned end."""
    episode = placement.episode
    if episode.end_on is not None:
        return None
    if placement.is_reg24_placement and approval is not None and approval.ends_on is not None:
        return approval.ends_on
    if placement.setting.kind == SettingKind.WITH_PARENTS or rng.random() >= 1 / 12:
        return None
    return max(episode.start_on, today + timedelta(days=rng.randint(-10, 120)))


EXCEPTION_REASON = (
    "Placed with their brother or sister, who already lives with these carers: they are approved for one child "
    "fewer. The carers agreed, the bedroom is suitable, and the fostering panel will consider widening the approval."
)


def _exceptions(rng: random.Random, today: date, settings: list[Setting], now) -> int:
    """A few foster households with one more child placed than their approval allows, each the exception recorded
    with a manager's approved key decision "Placement outside approval" for the child placed last (proposed by the
    child's social worker, approved by their team manager, from the day the child was placed)."""
    current = (
        Placement.objects.filter(
            setting__in=[s for s in settings if s.kind == SettingKind.FOSTER_IN_HOUSE],
            episode__end_on__isnull=True,
            child__is_restricted=False,
        )
        .select_related("episode", "child", "setting")
        .order_by("setting_id", "episode__start_on", "pk")
    )
    by_setting: dict[int, list[Placement]] = {}
    for placement in current:
        by_setting.setdefault(placement.setting_id, []).append(placement)
    crowded = [rows for rows in by_setting.values() if len(rows) >= 2 and rows[-1].episode.start_on < today]
    made = 0
    for rows in rng.sample(crowded, min(len(crowded), max(2, len(crowded) // 25))):
        placement = rows[-1]
        allocation = (
            Allocation.objects.filter(child=placement.child, ended_on__isnull=True)
            .select_related("worker", "team")
            .order_by("pk")
            .first()
        )
        if allocation is None:
            continue
        manager = User.objects.filter(role=Role.TEAM_MANAGER, teams=allocation.team_id, is_active=True).first()
        if manager is None:
            continue
        start = placement.episode.start_on
        decision = decisions.decision_propose(
            children=[placement.child],
            proposed_by=allocation.worker,
            kind="placement_outside_approval",
            rationale=EXCEPTION_REASON,
            risks_considered="The carers stretched with one more child; the brothers' rooms shared.",
            mitigations="Weekly supervision calls with the carers; respite offered; the approval reviewed at panel.",
            starts_on=start,
            today=start,
            notify_approvers=False,
        )
        decisions.decision_approve(decision=decision, approved_by=manager, today=start)
        places = len(rows) - 1
        Setting.objects.filter(pk=placement.setting_id).update(places=places)
        Approval.objects.filter(setting_id=placement.setting_id, ended_on__isnull=True).update(places=places)
        Placement.objects.filter(pk=placement.pk).update(exception_reason=EXCEPTION_REASON, exception_decision=decision)
        made += 1
    return made


def _covid(
    rng: random.Random, today: date, settings: list[Setting], recorder: User, now, notices: list[SettingNotice]
) -> str:
    """Spring 2020: carers self-isolating, adopters fostering temporarily, a home closing for lack of staff."""
    carers = [s for s in settings if s.is_carer_household]
    isolating = rng.sample(carers, min(len(carers), max(3, len(carers) // 20)))
    HouseholdHealth.objects.bulk_create(
        [
            HouseholdHealth(
                setting=setting,
                kind=HealthKind.SELF_ISOLATING if number % 3 else HealthKind.SHIELDING,
                started_on=today - timedelta(days=rng.randint(2, 12)),
                ended_on=None,
                risk_discussed_on=today - timedelta(days=1),
                risk_discussion="Placement continues while the household self-isolates (seed 001); the supervising "
                "social worker calls daily and visits by video.",
                recorded_by=recorder,
                recorded_at=now,
            )
            for number, setting in enumerate(isolating)
        ]
    )
    adopters = []
    for number in range(3):
        approved = date(2020, 4, 28) + timedelta(days=7 * number)
        if approved > today:
            break
        setting = Setting.objects.create(
            kind=SettingKind.FOSTER_IN_HOUSE,
            name=f"{CARER_FIRST[number]} and {CARER_FIRST[number + 5]} {CARER_LAST[number + 3]} (adopters)",
            placement_provider="PR1",
            postcode=home_postcode(number + 2, 3, "AD"),
            places=1,
            age_from=0,
            age_to=10,
            supervising_social_worker=settings[0].supervising_social_worker if settings else None,
        )
        weeks = settings_on(approved).temporary_approval_weeks
        adopters.append(
            Approval(
                setting=setting,
                kind=ApprovalKind.TEMPORARY,
                approved_on=approved,
                ends_on=temporary_approval_ends(approved, weeks=weeks),
                weeks=weeks,
                places=1,
                age_from=0,
                age_to=10,
                is_adopter=True,
                recorded_by=recorder,
                recorded_at=now,
            )
        )
    Approval.objects.bulk_create(adopters)
    home = next((s for s in settings if s.kind == SettingKind.CHILDRENS_HOME and not s.is_unregistered), None)
    if home is not None:
        notices.append(
            SettingNotice(
                setting=home,
                kind=NoticeKind.STAFFING,
                told="Ofsted and placing councils",
                told_on=today - timedelta(days=10),
                details="Half the staff self-isolating or shielding; agency cover not available.",
                recorded_by=recorder,
                recorded_at=now,
            )
        )
        notices.append(
            SettingNotice(
                setting=home,
                kind=NoticeKind.CLOSURE,
                told="Ofsted",
                told_on=today - timedelta(days=3),
                effective_on=today + timedelta(days=14),
                details="Closing for lack of staff; children to move to other homes or foster carers.",
                recorded_by=recorder,
                recorded_at=now,
            )
        )
    return f"; {len(isolating)} carer households isolating or shielding, {len(adopters)} adopters fostering temporarily"
