"""Reads of caseloads and a child's involvement, always starting from what the user may see."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404

from caseboard.accounts.models import CASEHOLDING_ROLES, ORGANISATION_WIDE_ROLES, Role, Team, User
from caseboard.core.hooks import caseload_annotators, caseload_sorts
from caseboard.people.models import Child
from caseboard.people.selectors import children_visible_to

from .models import Allocation, Episode

SORTS = {
    "name": ("last_name", "first_name", "pk"),
    "-name": ("-last_name", "-first_name", "-pk"),
    "age": ("-date_of_birth", "pk"),
    "-age": ("date_of_birth", "pk"),
    "id": ("local_id", "pk"),
    "-id": ("-local_id", "-pk"),
}


def with_case_summary(children: QuerySet[Child], sort: str = "name") -> QuerySet[Child]:
    """Children with their open episodes and open allocations fetched in a fixed number of queries, plus what
    feature apps add (the next due item, the RAG rating) through ``core.hooks``."""
    for annotate in caseload_annotators:
        children = annotate(children)
    # Only the columns the tables show: building fewer, smaller objects is much of a caseload page's time.
    episodes = Episode.objects.filter(end_on__isnull=True).only("id", "child_id", "kind", "start_on")
    allocations = (
        Allocation.objects.filter(ended_on__isnull=True)
        .select_related("worker")
        .only("id", "child_id", "role", "worker__id", "worker__username", "worker__first_name", "worker__last_name")
    )
    children = children.prefetch_related(
        Prefetch("episodes", queryset=episodes.order_by("start_on", "pk"), to_attr="open_episodes"),
        Prefetch("allocations", queryset=allocations.order_by("role", "pk"), to_attr="open_allocations"),
    )
    key = sort.removeprefix("-")
    if key in caseload_sorts:
        return caseload_sorts[key](children, sort.startswith("-"))
    return children.order_by(*SORTS.get(sort, SORTS["name"]))


def caseload_for(*, user: User, worker: User, sort: str = "name") -> QuerySet[Child]:
    """The children allocated to ``worker`` now, as far as ``user`` may see them."""
    allocated = Allocation.objects.filter(worker=worker, ended_on__isnull=True).values("child_id")
    return with_case_summary(children_visible_to(user).filter(pk__in=allocated), sort)


def teams_managed_by(user: User) -> QuerySet[Team]:
    """The teams whose caseloads a user may review: a team manager's own teams, a head of service's service,
    every team for performance officers and administrators; none for anyone else."""
    teams = Team.objects.select_related("service").order_by("service__name", "name")
    if user.role in ORGANISATION_WIDE_ROLES:
        return teams
    if user.role == Role.HEAD_OF_SERVICE:
        return teams.filter(Q(service_id=user.service_id) | Q(pk__in=user.teams.values("pk")))
    if user.role == Role.TEAM_MANAGER:
        return teams.filter(pk__in=user.teams.values("pk"))
    return teams.none()


def teams_with_counts(user: User) -> QuerySet[Team]:
    """The teams a user may review, each with its number of allocated children (those the user may see: a count
    that included restricted records would tell them such a record exists) and of workers."""
    open_allocations = Q(
        allocations__ended_on__isnull=True, allocations__child__in=children_visible_to(user).values("pk")
    )
    return teams_managed_by(user).annotate(
        children_count=Count("allocations__child", filter=open_allocations, distinct=True),
        members_count=Count("members", distinct=True),
    )


def team_for(*, user: User, pk: object) -> Team | None:
    """One team, if the user may review it."""
    return teams_managed_by(user).filter(pk=pk).first()


def workers_in(teams: QuerySet[Team]) -> QuerySet[User]:
    """Active staff in these teams who can hold a case."""
    return (
        User.objects.filter(is_active=True, teams__in=teams.values("pk"), role__in=CASEHOLDING_ROLES | {Role.IRO})
        .distinct()
        .order_by("last_name", "first_name", "pk")
    )


def episode_for(*, user: User, pk: object) -> Episode:
    """An episode by id; the caller then opens its child through ``open_child`` (which checks need to know)."""
    episode = Episode.objects.filter(pk=pk).first()
    if episode is None:
        raise Http404("No such episode")
    return episode


def allocation_for(*, user: User, pk: object) -> Allocation:
    """An allocation by id; the caller then opens its child through ``open_child``."""
    allocation = Allocation.objects.select_related("worker", "team").filter(pk=pk).first()
    if allocation is None:
        raise Http404("No such allocation")
    return allocation


def team_caseload(*, user: User, team: Team, sort: str = "name") -> QuerySet[Child]:
    """The children with an open allocation in ``team``, as far as ``user`` may see them."""
    allocated = Allocation.objects.filter(team=team, ended_on__isnull=True).values("child_id")
    return with_case_summary(children_visible_to(user).filter(pk__in=allocated), sort)


@dataclass(frozen=True)
class ChildRecord:
    child: Child
    episodes: list[Episode]
    allocations: list[Allocation]
    family: list


def child_record(*, child: Child) -> ChildRecord:
    """Everything the child's record page shows, in a fixed number of queries. The caller has opened ``child``
    through ``child_for``."""
    episodes = list(child.episodes.order_by("-start_on", "-pk"))
    allocations = list(child.allocations.select_related("worker", "team").order_by("-started_on", "-pk"))
    family = list(child.family_members.select_related("sibling").order_by("relationship", "name", "pk"))
    return ChildRecord(child=child, episodes=episodes, allocations=allocations, family=family)
