"""Reads of RAG ratings, starting from the children the user may see; the caseload annotation; and who may confirm
a rating."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django.db.models import (
    Case,
    CharField,
    DateTimeField,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)

from caseboard.accounts.models import Role, Team, User
from caseboard.casework.models import Allocation, Episode, EpisodeKind
from caseboard.casework.selectors import teams_managed_by
from caseboard.people.models import Child
from caseboard.people.selectors import children_visible_to

from .models import FactorList, RagFactor, RagRating, RatingCampaign, RatingColour

CONFIRMING_ROLES = frozenset({Role.TEAM_MANAGER, Role.HEAD_OF_SERVICE})


def _latest(child_ref: OuterRef | str = "pk") -> QuerySet[RagRating]:
    return RagRating.objects.filter(child_id=OuterRef(child_ref)).order_by("-rated_at", "-pk")


def annotate_latest_rating_id(children: QuerySet[Child]) -> QuerySet[Child]:
    """Adds ``current_rag_id`` and ``current_rag_confirmed_at``: the latest rating's id and when (if) a manager
    confirmed it."""
    latest = _latest()
    return children.annotate(
        current_rag_id=Subquery(latest.values("pk")[:1], output_field=IntegerField()),
        current_rag_confirmed_at=Subquery(latest.values("confirmed_at")[:1], output_field=DateTimeField()),
    )


def unconfirmed_in(children: QuerySet[Child]) -> QuerySet[Child]:
    """Of these children, those whose latest rating no manager has confirmed yet."""
    return annotate_latest_rating_id(children).filter(
        current_rag_id__isnull=False, current_rag_confirmed_at__isnull=True
    )


def annotate_current_rag(children: QuerySet[Child]) -> QuerySet[Child]:
    """Adds ``current_rag`` (red, amber, green or None) and ``current_rag_confirmed_at``: the latest rating."""
    latest = _latest()
    return children.annotate(
        current_rag=Subquery(latest.values("rating")[:1], output_field=CharField()),
        current_rag_confirmed_at=Subquery(latest.values("confirmed_at")[:1], output_field=DateTimeField()),
    )


def filter_by_rag(children: QuerySet[Child], value: str) -> QuerySet[Child]:
    """Children whose current rating is ``value`` ("none": not rated)."""
    return children.filter(current_rag__isnull=True) if value == "none" else children.filter(current_rag=value)


def annotate_child_rag(items: QuerySet) -> QuerySet:
    """Adds the child's current rating (``child_rag``) to rows that belong to a child (e.g. due items)."""
    latest = RagRating.objects.filter(child_id=OuterRef("child_id")).order_by("-rated_at", "-pk")
    return items.annotate(child_rag=Subquery(latest.values("rating")[:1], output_field=CharField()))


def order_by_rag(children: QuerySet[Child], descending: bool) -> QuerySet[Child]:
    """Red first (then amber, green, not rated); ``descending`` puts the not rated and green first."""
    rank = Case(
        When(current_rag="red", then=Value(0)),
        When(current_rag="amber", then=Value(1)),
        When(current_rag="green", then=Value(2)),
        default=Value(3),
        output_field=IntegerField(),
    )
    ordering = rank.desc() if descending else rank.asc()
    return children.order_by(ordering, "last_name", "first_name", "pk")


def is_care_leaver(child: Child) -> bool:
    """The child has an open care leaver episode: rated on the care leavers' factor list (seed 002)."""
    return Episode.objects.filter(child=child, kind=EpisodeKind.CARE_LEAVER, end_on__isnull=True).exists()


def has_open_case(child: Child) -> bool:
    return Episode.objects.filter(child=child, end_on__isnull=True).exists()


def factors_for(*, care_leaver: bool) -> QuerySet[RagFactor]:
    """The active factors of the list that applies, in the council's order."""
    applies_to = FactorList.CARE_LEAVER if care_leaver else FactorList.CHILD
    return RagFactor.objects.filter(applies_to=applies_to, is_active=True).order_by("order", "pk")


def _with_people(ratings: QuerySet[RagRating]) -> QuerySet[RagRating]:
    return ratings.select_related("rated_by", "confirmed_by").prefetch_related(
        Prefetch("factors", queryset=RagFactor.objects.order_by("order", "pk"))
    )


def current_rating(*, child: Child) -> RagRating | None:
    """The child's latest rating (the caller opened the child through ``child_for``)."""
    return _with_people(child.rag_ratings.order_by("-rated_at", "-pk")).first()


def ratings_for_child(*, child: Child) -> list[RagRating]:
    """Every rating of a child, newest first (the caller opened the child through ``child_for``)."""
    return list(_with_people(child.rag_ratings.order_by("-rated_at", "-pk")))


def ratings_visible_to(user: User) -> QuerySet[RagRating]:
    """Ratings of children the user may see, newest first."""
    return _with_people(
        RagRating.objects.filter(child__in=children_visible_to(user).values("pk")).order_by("-rated_at", "-pk")
    )


def rating_for(*, user: User, pk: object) -> RagRating | None:
    """One rating, if the user may see its child."""
    try:
        return ratings_visible_to(user).filter(pk=int(pk)).first()
    except (TypeError, ValueError):
        return None


def may_confirm(user: User, child: Child) -> bool:
    """A team manager of a team holding the child, or the head of that team's service (or a manager in the team
    holding it)."""
    if not user.is_active or user.role not in CONFIRMING_ROLES:
        return False
    scope = Q(team__in=user.teams.values("pk"))
    if user.role == Role.HEAD_OF_SERVICE and user.service_id:
        scope |= Q(team__service_id=user.service_id)
    return Allocation.objects.filter(child=child, ended_on__isnull=True).filter(scope).exists()


def teams_for_review(*, user: User, child: Child) -> QuerySet[Team]:
    """The teams holding the child whose ratings this user may review (for the link from the child's record)."""
    if user.role not in CONFIRMING_ROLES:
        return Team.objects.none()
    scope = Q(pk__in=user.teams.values("pk"))
    if user.role == Role.HEAD_OF_SERVICE and user.service_id:
        scope |= Q(service_id=user.service_id)
    held = Allocation.objects.filter(child=child, ended_on__isnull=True).values("team_id")
    return Team.objects.filter(scope, pk__in=held).order_by("name", "pk")


@dataclass(frozen=True)
class TeamRow:
    child: Child
    rating: RagRating | None


@dataclass(frozen=True)
class TeamReview:
    rows: list[TeamRow]
    counts: dict[str, int]  # red, amber, green, not_rated
    unconfirmed: int


def team_review(*, user: User, team: Team) -> TeamReview:
    """Every child allocated in the team that the user may see, with the current rating: ratings waiting for
    confirmation first, then children not rated, then confirmed ratings; by name within each. Four queries
    however many children."""
    allocated = Allocation.objects.filter(team=team, ended_on__isnull=True).values("child_id")
    children = list(
        annotate_latest_rating_id(children_visible_to(user).filter(pk__in=allocated))
        .annotate(
            needs_action=Case(
                When(current_rag_id__isnull=False, current_rag_confirmed_at__isnull=True, then=Value(0)),
                When(current_rag_id__isnull=True, then=Value(1)),
                default=Value(2),
                output_field=IntegerField(),
            )
        )
        .order_by("needs_action", "last_name", "first_name", "pk")
    )
    ids = [child.current_rag_id for child in children if child.current_rag_id is not None]
    ratings = {rating.pk: rating for rating in _with_people(RagRating.objects.filter(pk__in=ids))}
    rows = [TeamRow(child=child, rating=ratings.get(child.current_rag_id)) for child in children]
    tally = Counter(row.rating.rating if row.rating else "not_rated" for row in rows)
    counts = {colour: tally.get(colour, 0) for colour in [*RatingColour.values, "not_rated"]}
    unconfirmed = sum(1 for row in rows if row.rating is not None and not row.rating.is_confirmed)
    return TeamReview(rows=rows, counts=counts, unconfirmed=unconfirmed)


# --- rating campaigns --------------------------------------------------------------------------------------------
def campaign_teams(campaign: RatingCampaign) -> QuerySet[Team]:
    """The teams a campaign covers: its team, or every team of its service."""
    if campaign.team_id:
        return Team.objects.filter(pk=campaign.team_id)
    return Team.objects.filter(service_id=campaign.service_id).order_by("name", "pk")


def campaign_allocations(campaign: RatingCampaign) -> QuerySet[Allocation]:
    """Open allocations in the campaign's teams of children with an open episode."""
    open_children = Episode.objects.filter(end_on__isnull=True).values("child_id")
    return Allocation.objects.filter(
        ended_on__isnull=True, team__in=campaign_teams(campaign).values("pk"), child_id__in=open_children
    )


def campaigns_visible_to(user: User) -> QuerySet[RatingCampaign]:
    """Campaigns for a team the user may review, or for a service one of those teams is in."""
    teams = teams_managed_by(user)
    return (
        RatingCampaign.objects.filter(Q(team__in=teams.values("pk")) | Q(service__in=teams.values("service_id")))
        .select_related("team", "service", "started_by")
        .order_by("-started_on", "-pk")
    )


def campaign_for(*, user: User, pk: object) -> RatingCampaign | None:
    try:
        return campaigns_visible_to(user).filter(pk=int(pk)).first()
    except (TypeError, ValueError):
        return None


@dataclass
class CampaignRow:
    team: Team | None
    label: str
    rated: int = 0
    confirmed: int = 0
    outstanding: int = 0

    @property
    def total(self) -> int:
        return self.rated + self.outstanding


@dataclass(frozen=True)
class CampaignProgress:
    rows: list[CampaignRow]
    total: CampaignRow


def campaign_progress(*, user: User, campaign: RatingCampaign) -> CampaignProgress:
    """For each team the campaign covers and the user may review, the children in scope that the user may see:
    rated since the campaign started, of those confirmed, and outstanding (a child in two teams counts in each).
    Three queries whatever the number of teams."""
    teams = list(campaign_teams(campaign).filter(pk__in=teams_managed_by(user).values("pk")).order_by("name", "pk"))
    latest = RagRating.objects.filter(child_id=OuterRef("child_id"), rated_on__gte=campaign.started_on).order_by(
        "-rated_at", "-pk"
    )
    pairs = (
        campaign_allocations(campaign)
        .filter(team_id__in=[team.pk for team in teams], child_id__in=children_visible_to(user).values("pk"))
        .annotate(
            since=Subquery(latest.values("pk")[:1], output_field=IntegerField()),
            since_confirmed_at=Subquery(latest.values("confirmed_at")[:1], output_field=DateTimeField()),
        )
        .values_list("team_id", "child_id", "since", "since_confirmed_at")
        .distinct()
    )
    rows = {team.pk: CampaignRow(team=team, label=team.name) for team in teams}
    seen: set[tuple[int, int]] = set()
    for team_id, child_id, since, confirmed_at in pairs:
        if (team_id, child_id) in seen:
            continue
        seen.add((team_id, child_id))
        row = rows[team_id]
        if since is None:
            row.outstanding += 1
        else:
            row.rated += 1
            row.confirmed += confirmed_at is not None
    total = CampaignRow(team=None, label="Total")
    for row in rows.values():
        total.rated += row.rated
        total.confirmed += row.confirmed
        total.outstanding += row.outstanding
    return CampaignProgress(rows=list(rows.values()), total=total)
