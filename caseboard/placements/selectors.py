"""Every read of placements: the settings register, one setting, a child's placements, who a supervising social
worker may see, vacancies, sufficiency and the placement finder. Children always come through
``children_visible_to``."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from caseboard.accounts.models import Role, User
from caseboard.casework.models import Episode, EpisodeKind
from caseboard.casework.selectors import teams_managed_by
from caseboard.people.models import Child
from caseboard.people.selectors import children_visible_to

from . import postcodes
from .models import (
    CARER_KINDS,
    TEMPORARY_KINDS,
    UNAVAILABLE_KINDS,
    AnnualReview,
    Approval,
    ApprovalKind,
    HouseholdHealth,
    Placement,
    RegistrationStatus,
    Setting,
    SettingKind,
)
from .rules import sees_placements


def _open_on(day: date) -> Q:
    """Placements whose episode is open on ``day``."""
    return Q(episode__start_on__lte=day) & (Q(episode__end_on__isnull=True) | Q(episode__end_on__gte=day))


def supervised_child_ids(user: User) -> QuerySet | None:
    """The children placed now with carers this supervising social worker supervises (need to know, seed 002); None
    for other roles."""
    if getattr(user, "role", "") != Role.SUPERVISING_SOCIAL_WORKER or not user.is_active:
        return None
    return Placement.objects.filter(setting__supervising_social_worker_id=user.pk, episode__end_on__isnull=True).values(
        "child_id"
    )


def settings_for(*, user: User) -> QuerySet[Setting]:
    """The settings register, for those who may see it (none otherwise)."""
    if not sees_placements(user):
        return Setting.objects.none()
    return Setting.objects.all()


def setting_for(*, user: User, pk: object) -> Setting | None:
    try:
        return settings_for(user=user).select_related("supervising_social_worker").get(pk=pk)
    except (Setting.DoesNotExist, ValueError, TypeError):
        return None


def occupied(day: date) -> QuerySet:
    """Placements open on ``day`` per setting, for annotating vacancies."""
    return Placement.objects.filter(_open_on(day), setting=OuterRef("pk"))


def register(*, user: User, day: date, kind: str = "", query: str = "") -> QuerySet[Setting]:
    """The settings register with each setting's children placed on ``day`` (``placed``), in one query."""
    settings = settings_for(user=user).filter(Q(closed_on__isnull=True) | Q(closed_on__gte=day))
    if kind:
        settings = settings.filter(kind=kind)
    if query:
        settings = settings.filter(Q(name__icontains=query) | Q(postcode__istartswith=query.replace(" ", "")[:4]))
    return (
        settings.annotate(placed=Count("placements", filter=_open_on_prefix(day), distinct=True))
        .select_related("supervising_social_worker")
        .order_by("name", "pk")
    )


def _open_on_prefix(day: date) -> Q:
    return Q(placements__episode__start_on__lte=day) & (
        Q(placements__episode__end_on__isnull=True) | Q(placements__episode__end_on__gte=day)
    )


def placed_children(*, user: User, setting: Setting, day: date) -> list[Placement]:
    """The children placed at a setting on ``day`` whose records this user may see."""
    visible = children_visible_to(user)
    return list(
        Placement.objects.filter(_open_on(day), setting=setting, child__in=visible)
        .select_related("child", "episode")
        .order_by("episode__start_on", "pk")
    )


def placements_of(*, child: Child) -> list[Placement]:
    """A child's placements, newest first, with their plans (the caller opened the child through ``child_for``)."""
    return list(
        Placement.objects.filter(child=child)
        .select_related("setting", "episode", "approval", "exception_decision")
        .prefetch_related("plans")
        .order_by("-episode__start_on", "-pk")
    )


def current_placement(*, child: Child, day: date) -> Placement | None:
    return (
        Placement.objects.filter(_open_on(day), child=child)
        .select_related("setting", "episode")
        .order_by("-episode__start_on", "-pk")
        .first()
    )


def approval_in_force(setting: Setting, day: date) -> Approval | None:
    """The carers' approval in force on ``day``: the latest given by then, not replaced and not lapsed."""
    for approval in setting.approvals.filter(approved_on__lte=day).order_by("-approved_on", "-pk"):
        return approval if approval.in_force_on(day) else None
    return None


def unavailable_on(setting: Setting, day: date) -> HouseholdHealth | None:
    """Whether the household cannot take a new placement on ``day`` (self-isolating or unwell)."""
    return (
        setting.health.filter(kind__in=UNAVAILABLE_KINDS, takes_new_placements=False, started_on__lte=day)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=day))
        .order_by("-started_on")
        .first()
    )


# --- sufficiency and the finder ------------------------------------------------------------------------------------


@dataclass
class VacancyRow:
    kind: str
    label: str
    settings: int = 0
    places: int = 0
    placed: int = 0
    sibling_places: int = 0
    ages: list[str] = field(default_factory=list)

    @property
    def vacancies(self) -> int:
        return max(self.places - self.placed, 0)


@dataclass
class Sufficiency:
    day: date
    by_kind: list[VacancyRow]
    waiting: int  # looked-after children with no placement recorded
    ending_soon: int  # children in a placement planned to end within the window (or past its planned end)
    at_risk: int  # children in a placement at risk of breakdown
    lapsing: list[Approval]
    unregistered: list[Setting]
    unavailable: list[HouseholdHealth]
    unavailable_children: dict[int, int]
    reviews_due: list[ReviewDue] = field(default_factory=list)

    @property
    def unavailable_rows(self) -> list[tuple[HouseholdHealth, int]]:
        """Each unavailable household with the number of children placed there (whose records the user may see)."""
        return [(health, self.unavailable_children.get(health.setting_id, 0)) for health in self.unavailable]


@dataclass(frozen=True)
class ReviewDue:
    setting: Setting
    due_on: date
    since: date  # the last review, or the approval when there has been none


def _review_since() -> Coalesce:
    approved = (
        Approval.objects.filter(setting=OuterRef("pk"), ended_on__isnull=True)
        .exclude(kind__in=TEMPORARY_KINDS)
        .order_by("-approved_on", "-pk")
        .values("approved_on")[:1]
    )
    held = AnnualReview.objects.filter(setting=OuterRef("pk")).order_by("-held_on").values("held_on")[:1]
    return Coalesce(Subquery(held), Subquery(approved))


def reviews_due(*, settings: QuerySet[Setting], day: date, months: int, within_days: int) -> list[ReviewDue]:
    """Carer households whose review (Fostering Services Regulations 2011 reg 28; operating model setting
    ``annual_review_months``) is due within ``within_days`` of ``day`` or overdue, soonest first: a year (or the
    council's period) from the last review, or from the approval when none has been held. Temporary approvals have
    no review. One query; at most 100."""
    latest_since = day + timedelta(days=within_days) - relativedelta(months=months)
    rows = (
        settings.filter(kind__in=CARER_KINDS)
        .filter(Q(closed_on__isnull=True) | Q(closed_on__gte=day))
        .annotate(review_since=_review_since())
        .filter(review_since__isnull=False, review_since__lte=latest_since)
        .order_by("review_since", "pk")[:100]
    )
    return [ReviewDue(row, row.review_since + relativedelta(months=months), row.review_since) for row in rows]


def review_due_on(*, setting: Setting, months: int) -> date | None:
    """When a carer household's next review is due (see ``reviews_due``); None for other settings or without an
    approval that is not temporary."""
    if not setting.is_carer_household:
        return None
    since = Setting.objects.filter(pk=setting.pk).annotate(since=_review_since()).values_list("since", flat=True)
    found = since.first()
    return found + relativedelta(months=months) if found else None


def sufficiency(*, user: User, day: date, lapse_within_days: int, review_months: int = 12) -> Sufficiency:
    """Vacancies by kind of setting against the children waiting for a placement or in a placement planned to end
    within ``lapse_within_days`` (the operating model's window), with those whose placement is at risk of breakdown;
    temporary approvals lapsing soon; unregistered placements with their notifications; carers unavailable and the
    children placed with them; carers' reviews due within ``lapse_within_days`` or overdue."""
    settings = settings_for(user=user)
    rows: dict[str, VacancyRow] = {kind: VacancyRow(kind, label) for kind, label in SettingKind.choices}
    open_settings = (
        settings.filter(Q(closed_on__isnull=True) | Q(closed_on__gte=day))
        .annotate(placed=Count("placements", filter=_open_on_prefix(day), distinct=True))
        .values_list("kind", "places", "placed", "takes_sibling_groups", "age_from", "age_to")
    )
    ranges: dict[str, set[tuple[int, int]]] = {}
    for kind, places, placed, siblings, age_from, age_to in open_settings:
        row = rows[kind]
        row.settings += 1
        row.places += places
        row.placed += placed
        if siblings:
            row.sibling_places += max(places - placed, 0)
        ranges.setdefault(kind, set()).add((age_from, age_to))
    for kind, spans in ranges.items():
        low = min(a for a, _ in spans)
        high = max(b for _, b in spans)
        rows[kind].ages = [f"{low} to {high}"]
    has_placement = Placement.objects.filter(_open_on(day), episode=OuterRef("pk"))
    visible = children_visible_to(user) if sees_placements(user) else Child.objects.none()
    looked_after = Episode.objects.filter(kind=EpisodeKind.LOOKED_AFTER, start_on__lte=day, child__in=visible).filter(
        Q(end_on__isnull=True) | Q(end_on__gte=day)
    )
    waiting = looked_after.filter(~Exists(has_placement)).count()
    # One query for both: a placement planned to end by the end of the window (one past its planned end date and
    # still open is counted too: the child still needs somewhere to go), and one at risk of breakdown.
    current = Placement.objects.filter(_open_on(day), child__in=visible).aggregate(
        ending=Count("child", filter=Q(planned_end_on__lte=day + timedelta(days=lapse_within_days)), distinct=True),
        at_risk=Count("child", filter=Q(risk_of_breakdown=True), distinct=True),
    )
    lapsing = list(
        Approval.objects.filter(
            setting__in=settings,
            kind=ApprovalKind.TEMPORARY,
            ended_on__isnull=True,
            ends_on__gte=day,
            ends_on__lte=day + timedelta(days=lapse_within_days),
        )
        .select_related("setting")
        .order_by("ends_on", "pk")[:100]
    )
    unregistered = list(
        settings.filter(registration_status=RegistrationStatus.UNREGISTERED)
        .filter(Q(closed_on__isnull=True) | Q(closed_on__gte=day))
        .prefetch_related("notices")
        .order_by("ofsted_notified_on", "pk")[:100]
    )
    unavailable = list(
        HouseholdHealth.objects.filter(setting__in=settings, kind__in=UNAVAILABLE_KINDS, started_on__lte=day)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=day))
        .select_related("setting")
        .order_by("started_on", "pk")[:100]
    )
    counts = dict(
        Placement.objects.filter(_open_on(day), setting__in=[h.setting_id for h in unavailable], child__in=visible)
        .values_list("setting_id")
        .annotate(n=Count("pk"))
        .values_list("setting_id", "n")
    )
    return Sufficiency(
        day=day,
        by_kind=[row for row in rows.values() if row.settings],
        waiting=waiting,
        ending_soon=current["ending"],
        at_risk=current["at_risk"],
        lapsing=lapsing,
        unregistered=unregistered,
        unavailable=unavailable,
        unavailable_children=counts,
        reviews_due=reviews_due(settings=settings, day=day, months=review_months, within_days=lapse_within_days),
    )


@dataclass(frozen=True)
class Match:
    setting: Setting
    vacancies: int
    distance_km: float | None


def finder(
    *, user: User, day: date, age: int | None, siblings: int, postcode: str, kinds: list[str], self_isolate: bool
) -> list[Match]:
    """Settings with a vacancy on ``day`` that fit a child (age, brothers and sisters placed together, a place to
    self-isolate), nearest first by postcode district (a centroid list shipped with the code; no lookups)."""
    needed = 1 + max(siblings, 0)
    settings = settings_for(user=user).filter(Q(closed_on__isnull=True) | Q(closed_on__gte=day))
    settings = settings.exclude(kind=SettingKind.WITH_PARENTS).filter(from_episode_codes=False)
    if kinds:
        settings = settings.filter(kind__in=kinds)
    if age is not None:
        settings = settings.filter(age_from__lte=age, age_to__gte=age)
    if siblings:
        settings = settings.filter(takes_sibling_groups=True)
    if self_isolate:
        settings = settings.filter(can_self_isolate=True)
    unavailable = HouseholdHealth.objects.filter(
        setting=OuterRef("pk"), kind__in=UNAVAILABLE_KINDS, takes_new_placements=False, started_on__lte=day
    ).filter(Q(ended_on__isnull=True) | Q(ended_on__gte=day))
    lapsed_carers = Q(kind__in=CARER_KINDS) & ~Exists(
        Approval.objects.filter(setting=OuterRef("pk"), approved_on__lte=day)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=day))
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=day))
    )
    rows = (
        settings.annotate(placed=Count("placements", filter=_open_on_prefix(day), distinct=True))
        .filter(~Exists(unavailable))
        .exclude(lapsed_carers)
        .values("pk", "places", "placed", "postcode")
    )
    origin = postcodes.centroid(postcode)
    candidates: list[tuple[float, int, int]] = []
    for row in rows.iterator():
        free = row["places"] - row["placed"]
        if free < needed:
            continue
        distance = postcodes.distance_km(origin, postcodes.centroid(row["postcode"])) if origin else None
        candidates.append((distance if distance is not None else float("inf"), row["pk"], free))
    candidates.sort()
    top = candidates[:50]
    by_pk = Setting.objects.in_bulk([pk for _, pk, _ in top])
    return [
        Match(by_pk[pk], free, None if distance == float("inf") else round(distance, 1)) for distance, pk, free in top
    ]


def prefetch_members(settings: QuerySet[Setting]) -> QuerySet[Setting]:
    from .models import HouseholdMember

    return settings.prefetch_related(Prefetch("members", queryset=HouseholdMember.objects.order_by("role", "pk")))


def breakdown_evidence(child: Child) -> dict[str, str]:
    """For the RAG rating page: the RAG factor a current placement at risk of breakdown shows, with why."""
    placement = current_placement(child=child, day=timezone.localdate())
    if placement is None or not placement.risk_of_breakdown:
        return {}
    since = f" since {placement.breakdown_noted_on:%-d %B %Y}" if placement.breakdown_noted_on else ""
    return {"placement_at_risk": f"the placement with {placement.setting.name} is at risk of breakdown{since}"}


# --- carers' reviews on the supervising social worker's worklist ---------------------------------------------------

# Managers who see the reviews of the carers supervised by the supervising social workers in their teams.
REVIEW_MANAGER_ROLES = frozenset({Role.TEAM_MANAGER, Role.HEAD_OF_SERVICE})
# Whose worklist has carers' reviews: supervising social workers and their managers.
REVIEWING_ROLES = REVIEW_MANAGER_ROLES | {Role.SUPERVISING_SOCIAL_WORKER}


@dataclass(frozen=True)
class PanelDue:
    """A fostering panel to which a carers' review goes (its date recorded with the review)."""

    setting: Setting
    panel_on: date
    held_on: date


def supervised_by_or_managed(user: User) -> QuerySet[Setting]:
    """The carer households whose reviews are on this user's worklist: those they supervise and, for a team manager
    or head of service, those supervised by the supervising social workers in the teams they manage."""
    mine = Q(supervising_social_worker=user)
    if user.role in REVIEW_MANAGER_ROLES:
        workers = User.objects.filter(
            role=Role.SUPERVISING_SOCIAL_WORKER, teams__in=teams_managed_by(user).values("pk")
        ).values("pk")
        mine |= Q(supervising_social_worker__in=workers)
    return Setting.objects.filter(mine, kind__in=CARER_KINDS)


def carer_reviews_on_worklist(*, user: User, day: date, months: int, within_days: int) -> list[ReviewDue]:
    """Carers' reviews overdue or due within ``within_days`` for the households on this user's worklist (see
    ``supervised_by_or_managed``), soonest first, each with its supervising social worker. Two queries."""
    if user.role not in REVIEWING_ROLES:
        return []
    settings = supervised_by_or_managed(user).select_related("supervising_social_worker")
    return reviews_due(settings=settings, day=day, months=months, within_days=within_days)


def panels_on_worklist(*, user: User, day: date, within_days: int) -> list[PanelDue]:
    """Fostering panels to come, within ``within_days``, for reviews of the households on this user's worklist."""
    if user.role not in REVIEWING_ROLES:
        return []
    rows = (
        AnnualReview.objects.filter(
            setting__in=supervised_by_or_managed(user),
            panel_on__gte=day,
            panel_on__lte=day + timedelta(days=within_days),
        )
        .select_related("setting", "setting__supervising_social_worker")
        .order_by("panel_on", "pk")[:100]
    )
    return [PanelDue(row.setting, row.panel_on, row.held_on) for row in rows]
