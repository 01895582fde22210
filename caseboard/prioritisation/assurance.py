"""Assurance views of RAG ratings: counts by rating per team and service, red and amber children
not seen in person within the operating model's review period, and movement between ratings week by week. Every
read starts from ``children_visible_to(user)`` and the teams the user may review (``teams_managed_by``)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import CharField, Count, DateField, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from caseboard.accounts.models import Team, User
from caseboard.casework.models import Allocation
from caseboard.casework.selectors import teams_managed_by
from caseboard.clock.vocabulary import EFFECT_COVERS, ClockEffect, DueStatus
from caseboard.compliance.models import DueItem
from caseboard.people.models import Child
from caseboard.people.selectors import children_visible_to
from caseboard.policy.models import OperatingModelVersion
from caseboard.policy.selectors import version_in_force
from caseboard.visits.models import IN_PERSON_MODES, ChildSeen

from .models import RagRating, RatingColour
from .selectors import annotate_current_rag

COLUMNS = (*RatingColour.values, "not_rated")
SEVERITY = {RatingColour.GREEN.value: 1, RatingColour.AMBER.value: 2, RatingColour.RED.value: 3}
WEEKS = 8


def may_see_assurance(user: User) -> bool:
    """Team managers, heads of service, performance officers and administrators: anyone with a team to review."""
    return teams_managed_by(user).exists()


def _allocated_in(teams: QuerySet[Team]) -> QuerySet[Allocation]:
    return Allocation.objects.filter(ended_on__isnull=True, team__in=teams.values("pk"))


# --- counts by rating ------------------------------------------------------------------------------------------
@dataclass
class CountRow:
    label: str
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(COLUMNS, 0))
    team: Team | None = None

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def cells(self) -> list[int]:
        return [self.counts[column] for column in COLUMNS]

    def add(self, other: CountRow) -> None:
        for column in COLUMNS:
            self.counts[column] += other.counts[column]


@dataclass(frozen=True)
class RagCounts:
    teams: list[CountRow]
    services: list[CountRow]
    total: CountRow


def rag_counts(*, user: User) -> RagCounts:
    """For each team the user may review, the children allocated there (that the user may see) by current rating;
    totals per service and overall (a child allocated in two teams counts in each). Two queries whatever the
    number of teams."""
    teams = list(teams_managed_by(user))
    latest = RagRating.objects.filter(child_id=OuterRef("child_id")).order_by("-rated_at", "-pk")
    tallies = (
        Allocation.objects.filter(ended_on__isnull=True, team_id__in=[team.pk for team in teams])
        .filter(child_id__in=children_visible_to(user).values("pk"))
        .annotate(current=Subquery(latest.values("rating")[:1], output_field=CharField()))
        .values("team_id", "current")
        .annotate(children=Count("child_id", distinct=True))
        .order_by()
    )
    rows = {team.pk: CountRow(label=team.name, team=team) for team in teams}
    for tally in tallies:
        rows[tally["team_id"]].counts[tally["current"] or "not_rated"] += tally["children"]
    services: dict[object, CountRow] = {}
    total = CountRow(label="All your teams")
    for team in teams:
        service = services.setdefault(team.service_id, CountRow(label=team.service.name if team.service else "—"))
        service.add(rows[team.pk])
        total.add(rows[team.pk])
    return RagCounts(teams=[rows[team.pk] for team in teams], services=list(services.values()), total=total)


# --- red and amber children not seen in person -----------------------------------------------------------------
def review_days(today: date) -> dict[str, int]:
    """The operating model's review period for red and amber (the field defaults when no version is in force)."""
    version = version_in_force(today)
    days = {}
    for rating in (RatingColour.RED, RatingColour.AMBER):
        name = f"rag_review_{rating.value}_days"
        days[rating.value] = getattr(version, name) if version else OperatingModelVersion._meta.get_field(name).default
    return days


def not_seen_in_person(
    *, user: User, team: Team | None = None, today: date | None = None
) -> tuple[QuerySet[Child], dict[str, int]]:
    """Children currently rated red or amber, allocated in the user's teams (or ``team``), with no in-person visit
    at which they were seen within the review period for their rating: seen exactly N days ago counts as seen.
    Each child has ``current_rag`` and ``last_seen_in_person_on`` (None when never). Returns the days used too."""
    today = today or timezone.localdate()
    days = review_days(today)
    teams = teams_managed_by(user)
    if team is not None:
        teams = teams.filter(pk=team.pk)
    seen = ChildSeen.objects.filter(
        child_id=OuterRef("pk"), was_seen=True, visit__mode__in=IN_PERSON_MODES, visit__visited_on__lte=today
    ).order_by("-visit__visited_on")
    children = annotate_current_rag(
        children_visible_to(user).filter(pk__in=_allocated_in(teams).values("child_id"))
    ).annotate(last_seen_in_person_on=Subquery(seen.values("visit__visited_on")[:1], output_field=DateField()))
    overdue = Q()
    for rating, period in days.items():
        cutoff = today - timedelta(days=period)
        overdue |= Q(current_rag=rating) & (
            Q(last_seen_in_person_on__isnull=True) | Q(last_seen_in_person_on__lt=cutoff)
        )
    ordered = children.filter(overdue).order_by("last_seen_in_person_on", "last_name", "first_name", "pk")
    return ordered, days


def teams_of(*, user: User, children: list[Child]) -> dict[int, list[str]]:
    """The names of the user's teams each child is allocated in (one query, for a page of children)."""
    names: dict[int, list[str]] = defaultdict(list)
    allocations = (
        _allocated_in(teams_managed_by(user))
        .filter(child_id__in=[child.pk for child in children])
        .values_list("child_id", "team__name")
        .order_by("team__name")
        .distinct()
    )
    for child_id, name in allocations:
        if name not in names[child_id]:
            names[child_id].append(name)
    return names


# --- movement between ratings ----------------------------------------------------------------------------------
DIRECTIONS = ("up", "down", "same", "first")


@dataclass
class WeekRow:
    starts_on: date
    team: Team | None = None
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(DIRECTIONS, 0))

    @property
    def ends_on(self) -> date:
        return self.starts_on + timedelta(days=6)

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass(frozen=True)
class Movement:
    weeks: list[WeekRow]  # all the teams together, oldest week first (what the chart shows)
    by_team: list[WeekRow]  # week by week, team by team
    largest: int


def direction(previous: str | None, rating: str) -> str:
    """Up is towards red, down towards green; a child's first rating has nothing to compare with."""
    if previous is None:
        return "first"
    change = SEVERITY[rating] - SEVERITY[previous]
    return "up" if change > 0 else "down" if change < 0 else "same"


def week_starts(today: date, weeks: int = WEEKS) -> list[date]:
    monday = today - timedelta(days=today.weekday())
    return [monday - timedelta(weeks=n) for n in range(weeks - 1, -1, -1)]


def movement(*, user: User, team: Team | None = None, today: date | None = None) -> Movement:
    """For the last eight weeks (Monday to Sunday, this week last), how many ratings recorded that week (by date of
    rating) of children allocated in each of the user's teams moved up, down or stayed the same compared with the
    child's previous rating. Three queries whatever the number of teams or weeks."""
    today = today or timezone.localdate()
    starts = week_starts(today)
    teams = teams_managed_by(user)
    if team is not None:
        teams = teams.filter(pk=team.pk)
    team_list = list(teams)
    allocations = _allocated_in(teams).filter(child_id__in=children_visible_to(user).values("pk"))
    child_teams: dict[int, set[int]] = defaultdict(set)
    for child_id, team_id in allocations.values_list("child_id", "team_id"):
        child_teams[child_id].add(team_id)
    earlier = RagRating.objects.filter(child_id=OuterRef("child_id")).filter(
        Q(rated_at__lt=OuterRef("rated_at")) | Q(rated_at=OuterRef("rated_at"), pk__lt=OuterRef("pk"))
    )
    ratings = (
        RagRating.objects.filter(child_id__in=list(child_teams), rated_on__gte=starts[0], rated_on__lte=today)
        .annotate(previous=Subquery(earlier.order_by("-rated_at", "-pk").values("rating")[:1]))
        .values_list("child_id", "rated_on", "rating", "previous")
    )
    weeks = {start: WeekRow(starts_on=start) for start in starts}
    cells = {(start, t.pk): WeekRow(starts_on=start, team=t) for start in starts for t in team_list}
    for child_id, rated_on, rating, previous in ratings:
        start = rated_on - timedelta(days=rated_on.weekday())
        moved = direction(previous, rating)
        weeks[start].counts[moved] += 1
        for team_id in child_teams[child_id]:
            cells[(start, team_id)].counts[moved] += 1
    by_team = [cells[(start, t.pk)] for start in starts for t in team_list]
    largest = max((row.counts[d] for row in weeks.values() for d in ("up", "down", "same")), default=0)
    return Movement(weeks=list(weeks.values()), by_team=by_team, largest=largest)


# --- visits by rating: red and amber children's visits, and who was seen in person -----------------------------
LAST_VIRTUAL = "Last qualifying visit: virtual visit"
RATED_VISIT_KINDS = sorted(EFFECT_COVERS[ClockEffect.VISITS])
TREND_WEEKS = 8
SEEN_WITHIN = timedelta(weeks=4)


@dataclass(frozen=True)
class RatedVisitRow:
    """A red or amber child's visit whose last counting visit was virtual, or that is overdue."""

    child: Child
    rating: str
    item: DueItem
    why: str  # "Overdue since 3 May 2020" / "Last counting visit was virtual (on 4 May 2020)"


@dataclass(frozen=True)
class TeamVisits:
    team: Team
    rows: list[RatedVisitRow]


def red_amber_visit_rows(
    *, user: User, team: Team | None = None, today: date | None = None
) -> list[tuple[Team, RatedVisitRow]]:
    """For each of the user's teams (or ``team``), in the order of ``teams_managed_by``, the children currently rated
    red or amber allocated there whose next statutory visit is overdue or whose last counting visit was virtual (or
    who were last seen virtually, in a visit that did not count), with the key decision covering it if any (the due
    item's); within a team by due date. One (team, row) a line, for a page to paginate. Five queries whatever the
    number of teams or children."""
    today = today or timezone.localdate()
    teams = teams_managed_by(user)
    if team is not None:
        teams = teams.filter(pk=team.pk)
    team_list = list(teams)
    children = {
        child.pk: child
        for child in annotate_current_rag(
            children_visible_to(user).filter(pk__in=_allocated_in(teams).values("child_id"))
        ).filter(current_rag__in=[RatingColour.RED, RatingColour.AMBER])
    }
    rows: dict[int, list[RatedVisitRow]] = defaultdict(list)
    items = DueItem.objects.filter(child_id__in=list(children), kind__in=RATED_VISIT_KINDS).exclude(
        status=DueStatus.MET
    )
    last_seen: dict[int, tuple[date, str]] = {}
    for child_id, visited_on, mode in (
        ChildSeen.objects.filter(child_id__in=list(children), was_seen=True, visit__visited_on__lte=today)
        .order_by("child_id", "-visit__visited_on", "-visit_id")
        .values_list("child_id", "visit__visited_on", "visit__mode")
    ):
        last_seen.setdefault(child_id, (visited_on, mode))
    for item in items.order_by("due_on", "pk"):
        last_virtual = next((fact for fact in item.facts if fact.startswith(LAST_VIRTUAL)), None)
        seen_on, mode = last_seen.get(item.child_id, (None, ""))
        if item.status == DueStatus.OVERDUE:
            why = f"Overdue since {item.due_on:%-d %B %Y}"
        elif last_virtual is not None:
            why = "Last counting visit was " + last_virtual.removeprefix("Last qualifying visit: ")
        elif seen_on is not None and mode not in IN_PERSON_MODES:
            why = f"Last seen virtually, on {seen_on:%-d %B %Y}: that visit did not count"
        else:
            continue
        child = children[item.child_id]
        rows[item.child_id].append(RatedVisitRow(child=child, rating=child.current_rag, item=item, why=why))
    by_team: dict[int, list[RatedVisitRow]] = defaultdict(list)
    for child_id, team_id in (
        _allocated_in(teams).filter(child_id__in=list(rows)).values_list("child_id", "team_id").distinct()
    ):
        by_team[team_id] += rows[child_id]
    lines = []
    for t in team_list:
        found = sorted(by_team.get(t.pk, ()), key=lambda row: (row.item.due_on, row.item.pk))
        lines += [(t, row) for row in found]
    return lines


def by_team(lines: list[tuple[Team, RatedVisitRow]]) -> list[TeamVisits]:
    """(team, row) lines, in order, grouped by team."""
    groups: list[TeamVisits] = []
    for t, row in lines:
        if not groups or groups[-1].team.pk != t.pk:
            groups.append(TeamVisits(team=t, rows=[]))
        groups[-1].rows.append(row)
    return groups


def red_amber_visits(*, user: User, team: Team | None = None, today: date | None = None) -> list[TeamVisits]:
    """``red_amber_visit_rows`` grouped by team (teams with none left out)."""
    return by_team(red_amber_visit_rows(user=user, team=team, today=today))


@dataclass(frozen=True)
class SeenWeek:
    """At the end of one week: for each rating, how many children so rated that day were seen in person in the
    4 weeks to it, of how many."""

    ends_on: date
    seen: dict[str, tuple[int, int]]

    def share(self, rating: str) -> int | None:
        seen, of = self.seen[rating]
        return round(100 * seen / of) if of else None

    @property
    def cells(self) -> list[tuple[str, int, int, int | None]]:
        return [(rating, *self.seen[rating], self.share(rating)) for rating in RatingColour.values]


def seen_in_person_trend(*, user: User, team: Team | None = None, today: date | None = None) -> list[SeenWeek]:
    """For each of the last eight weeks (ending on Sunday; this week ending today), the share of red, amber and green
    children (rated so on that day, by the rating history) allocated in the user's teams on that day (by the
    allocation history: a child who moved team counts in the team they were in that week) who were seen in person in
    the 4 weeks to that day. The counts name nobody, so a child who has since left the user's teams still counts in
    the weeks they were there; a restricted record counts only for a user who may see it. Three queries whatever the
    number of weeks."""
    from caseboard.clock.ratings import RatingHistory

    from .visit_rules import rating_history

    today = today or timezone.localdate()
    ends = [min(start + timedelta(days=6), today) for start in week_starts(today, TREND_WEEKS)]
    teams = teams_managed_by(user)
    if team is not None:
        teams = teams.filter(pk=team.pk)
    spans: dict[int, list[tuple[date, date | None]]] = defaultdict(list)
    for child_id, started_on, ended_on in (
        Allocation.objects.filter(team__in=teams.values("pk"), started_on__lte=today)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=ends[0]))
        .filter(Q(child__is_restricted=False) | Q(child_id__in=children_visible_to(user).values("pk")))
        .values_list("child_id", "started_on", "ended_on")
    ):
        spans[child_id].append((started_on, ended_on))
    child_ids = set(spans)
    ratings: dict[int, list[RagRating]] = defaultdict(list)
    for rating in RagRating.objects.filter(child_id__in=child_ids, rated_on__lte=today).only(
        "id", "child_id", "rated_on", "rating"
    ):
        ratings[rating.child_id].append(rating)
    histories = {child_id: RatingHistory(rating_history(rows)) for child_id, rows in ratings.items()}
    seen_on: dict[int, list[date]] = defaultdict(list)
    for child_id, visited_on in ChildSeen.objects.filter(
        child_id__in=list(histories),
        was_seen=True,
        visit__mode__in=IN_PERSON_MODES,
        visit__visited_on__gt=ends[0] - SEEN_WITHIN,
        visit__visited_on__lte=today,
    ).values_list("child_id", "visit__visited_on"):
        seen_on[child_id].append(visited_on)
    weeks = []
    for end in ends:
        tally = {rating: [0, 0] for rating in RatingColour.values}
        for child_id, history in histories.items():
            rated = history.on(end)
            if rated is None or not any(
                began <= end and (ended is None or ended >= end) for began, ended in spans[child_id]
            ):
                continue
            tally[rated.rating][1] += 1
            if any(end - SEEN_WITHIN < day <= end for day in seen_on.get(child_id, ())):
                tally[rated.rating][0] += 1
        weeks.append(SeenWeek(ends_on=end, seen={rating: (s, of) for rating, (s, of) in tally.items()}))
    return weeks
