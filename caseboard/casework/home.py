"""Home page cards: the worker's caseload and the manager's teams."""

from __future__ import annotations

from typing import Any

from django.db.models import Count
from django.urls import reverse

from caseboard.accounts.rules import oversees_teams
from caseboard.core.home import Cell, Figure, Link, home_card
from caseboard.core.hooks import Panel
from caseboard.people.selectors import children_visible_to

from .models import Allocation, Episode, EpisodeKind
from .selectors import teams_with_counts

# The kinds of involvement a worker's caseload is counted by, most serious first.
CASELOAD_KINDS = (EpisodeKind.CHILD_PROTECTION, EpisodeKind.LOOKED_AFTER, EpisodeKind.CHILD_IN_NEED)


def caseload_card(request: Any) -> Panel | None:
    """The children allocated to the user, by involvement. Nothing for a user with no allocations."""
    user = request.user
    allocated = Allocation.objects.filter(worker=user, ended_on__isnull=True).values("child_id")
    children = children_visible_to(user).filter(pk__in=allocated)
    total = children.count()
    if not total:
        return None
    by_kind = dict(
        Episode.objects.filter(end_on__isnull=True, child__in=children.values("pk"), kind__in=CASELOAD_KINDS)
        .values_list("kind")
        .annotate(n=Count("child", distinct=True))
    )
    url = reverse("casework:my-caseload")
    figures = [Figure("children allocated to you", total, url)]
    figures += [Figure(kind.label.lower(), by_kind[kind.value]) for kind in CASELOAD_KINDS if by_kind.get(kind.value)]
    return home_card(10, "caseload", "Your caseload", figures=figures, link=Link("See your caseload", url))


def teams_card(request: Any) -> Panel | None:
    """The teams a manager or head of service reviews, with their children and workers."""
    user = request.user
    if not oversees_teams(user):
        return None
    teams = list(teams_with_counts(user))
    if not teams:
        return None
    rows = [
        (
            Cell(team.name, reverse("casework:team", args=[team.pk])),
            Cell(str(team.children_count)),
            Cell(str(team.members_count)),
        )
        for team in teams
    ]
    title = "Your teams" if len(teams) > 1 else team_title(teams[0])
    return home_card(
        20,
        "teams",
        title,
        headers=("Team", "Children", "Staff"),
        rows=rows,
        link=Link("See all teams", reverse("casework:teams")),
    )


def team_title(team: Any) -> str:
    return f"Your team: {team.name}"
