"""Reads for the return health page: how the CIN census and the SSDA903 return stand with the DfE validators, for
the current collection year so far and the last complete year, worked out from the stored, validated builds
(``GeneratedReturn``: the nightly refresh and any built on demand). Errors and queries by rule and by team (the
child's allocated team), the trend by week, and the children to fix.

Every figure comes from what was stored when a build was checked; the number of queries is fixed whatever the
number of builds or children: one for the builds, one for the latest builds' results, one for the teams (and the
page adds one for the children on it that the reader may open).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.utils import timezone

from caseboard.accounts.models import User
from caseboard.casework.models import Allocation, AllocationRole

from .fixes import field_home
from .layouts import YEARS, year_containing
from .models import GeneratedReturn, ReturnFormat, ReturnKind

# The returns the DfE validators check, and the format the nightly refresh builds each in (Annex A has no validator).
HEALTH_RETURNS: tuple[tuple[str, str], ...] = (
    (ReturnKind.CIN_CENSUS, ReturnFormat.XML),
    (ReturnKind.SSDA903, ReturnFormat.CSV),
)
WORKING = {GeneratedReturn.Status.QUEUED, GeneratedReturn.Status.BUILDING, GeneratedReturn.Status.VALIDATING}
# A build still waiting or being built this long after it was asked for has stopped (its worker was ended).
STALE_AFTER = timedelta(hours=12)
NO_TEAM = "No team"
WHOLE_RETURN = "The whole return (no one child)"
# Above this many children with failures, the teams are read for every allocated child at once rather than named in
# the query (still one query, and within every database's limit on a query's parameters).
TEAM_LOOKUP_LIMIT = 5000


def health_years(today: date | None = None) -> tuple[str, ...]:
    """The collection years the page shows: the current one (so far) and the last complete one, newest first."""
    current = year_containing(today or timezone.localdate())
    start = int(current.name[:4])
    last = f"{start - 1}-{str(start)[2:]}"
    return (current.name, last) if last in YEARS else (current.name,)


@dataclass
class TrendPoint:
    week_starting: date
    errors: int
    queries: int
    built_at: datetime
    generated_id: int


@dataclass
class ChildToFix:
    local_id: str
    errors: int = 0
    queries: int = 0
    failures: list[dict[str, Any]] = field(default_factory=list)
    child_pk: int | None = None
    child_name: str = ""


@dataclass
class ReturnHealth:
    """How one return stands for one collection year."""

    kind: str
    year: str
    is_current: bool
    latest: dict[str, Any] | None = None  # the latest checked build: pk, requested_at, generated_at, counts
    unchecked: dict[str, Any] | None = None  # a later build the validator could not check (and why)
    refreshing: bool = False
    by_rule: list[dict[str, Any]] = field(default_factory=list)
    by_team: list[dict[str, Any]] = field(default_factory=list)
    trend: list[TrendPoint] = field(default_factory=list)
    children: list[ChildToFix] = field(default_factory=list)
    failed_rules: list[dict[str, Any]] = field(default_factory=list)
    suppressed: int = 0

    @property
    def kind_label(self) -> str:
        return ReturnKind(self.kind).label

    @property
    def errors(self) -> int | None:
        return self.latest["error_count"] if self.latest else None

    @property
    def queries(self) -> int | None:
        return self.latest["query_count"] if self.latest else None

    @property
    def children_with_errors(self) -> int:
        return sum(1 for child in self.children if child.errors)


def _week_starting(moment: datetime) -> date:
    day = timezone.localtime(moment).date()
    return day - timedelta(days=day.weekday())


def _teams_of(local_ids: set[str]) -> dict[str, str]:
    """The team of each child's open social worker allocation, by local ID (one query)."""
    allocations = Allocation.objects.filter(role=AllocationRole.SOCIAL_WORKER, ended_on__isnull=True)
    if len(local_ids) <= TEAM_LOOKUP_LIMIT:
        allocations = allocations.filter(child__local_id__in=sorted(local_ids))
    return {
        local_id: team
        for local_id, team in allocations.values_list("child__local_id", "team__name")
        if local_id in local_ids
    }


def _issue_row(issue: dict[str, Any]) -> dict[str, Any]:
    label, home = field_home(issue.get("table"), issue.get("field"))
    return {
        "rule": str(issue.get("rule", "")),
        "type": issue.get("type", ""),
        "message": issue.get("message", ""),
        "table": issue.get("table") or "",
        "field": issue.get("field") or "",
        "field_label": label,
        "home": home,
    }


def return_health(*, today: date | None = None) -> list[ReturnHealth]:
    """The health of the CIN census and the SSDA903 return for the current and the last complete collection year,
    from the stored builds (council-wide figures, as the returns are; the page names only children the reader may
    see)."""
    years = health_years(today)
    kinds = [kind for kind, _ in HEALTH_RETURNS]
    sections = {
        (kind, year): ReturnHealth(kind=kind, year=year, is_current=index == 0)
        for kind in kinds
        for index, year in enumerate(years)
    }
    builds = (
        GeneratedReturn.objects.filter(kind__in=kinds, collection_year__in=years)
        .order_by("requested_at", "pk")
        .values(
            "pk",
            "kind",
            "collection_year",
            "status",
            "requested_at",
            "generated_at",
            "children",
            "error_count",
            "query_count",
            "validation__unavailable",
        )
    )
    weekly: dict[tuple[str, str], dict[date, TrendPoint]] = defaultdict(dict)
    latest_requested: dict[tuple[str, str], dict[str, Any]] = {}
    for build in builds:
        key = (build["kind"], build["collection_year"])
        section = sections[key]
        latest_requested[key] = build
        if build["status"] != GeneratedReturn.Status.READY:
            continue
        if build["error_count"] is None:
            section.unchecked = {**build, "reason": build["validation__unavailable"] or "It was not checked"}
            continue
        section.latest = build
        section.unchecked = None
        # One point a week: the last checked build of the week.
        weekly[key][_week_starting(build["requested_at"])] = TrendPoint(
            week_starting=_week_starting(build["requested_at"]),
            errors=build["error_count"],
            queries=build["query_count"] or 0,
            built_at=build["generated_at"] or build["requested_at"],
            generated_id=build["pk"],
        )
    for key, section in sections.items():
        section.trend = [weekly[key][week] for week in sorted(weekly[key])]
        asked = latest_requested.get(key)
        section.refreshing = bool(
            asked and asked["status"] in WORKING and asked["requested_at"] >= timezone.now() - STALE_AFTER
        )

    latest_ids = {section.latest["pk"]: section for section in sections.values() if section.latest}
    children_of: dict[tuple[str, str], dict[str, ChildToFix]] = {}
    if latest_ids:
        for generated_id, validation in GeneratedReturn.objects.filter(pk__in=latest_ids).values_list(
            "pk", "validation"
        ):
            section = latest_ids[generated_id]
            validation = validation or {}
            section.by_rule = list(validation.get("by_rule", []))
            section.failed_rules = list(validation.get("failed_rules", []))
            section.suppressed = len(validation.get("suppressed", []))
            children: dict[str, ChildToFix] = {}
            for issue in validation.get("issues", []):
                local_id = str(issue.get("child") or "")
                if not local_id:
                    continue
                child = children.setdefault(local_id, ChildToFix(local_id=local_id))
                if issue.get("type") == "error":
                    child.errors += 1
                else:
                    child.queries += 1
                child.failures.append(_issue_row(issue))
            children_of[(section.kind, section.year)] = children
            section.by_team = [{"team": WHOLE_RETURN, "errors": 0, "queries": 0, "children": 0}]
            for row in validation.get("return_level", []):
                section.by_team[0]["errors" if row.get("type") == "error" else "queries"] += 1
            if not section.by_team[0]["errors"] and not section.by_team[0]["queries"]:
                section.by_team = []
    teams = _teams_of({local_id for children in children_of.values() for local_id in children}) if children_of else {}
    for key, children in children_of.items():
        section = sections[key]
        errors: Counter[str] = Counter()
        queries: Counter[str] = Counter()
        counted: Counter[str] = Counter()
        for child in children.values():
            team = teams.get(child.local_id, NO_TEAM)
            errors[team] += child.errors
            queries[team] += child.queries
            counted[team] += 1
            child.failures.sort(key=lambda row: (row["type"] != "error", row["rule"], row["field"]))
        section.by_team = (
            sorted(
                (
                    {"team": team, "errors": errors[team], "queries": queries[team], "children": counted[team]}
                    for team in counted
                ),
                key=lambda row: (-row["errors"], -row["queries"], row["team"] == NO_TEAM, row["team"]),
            )
            + section.by_team
        )
        section.children = sorted(children.values(), key=lambda c: (-c.errors, -c.queries, c.local_id))
    return [sections[(kind, year)] for kind in kinds for year in years]


def health_section(sections: list[ReturnHealth], *, kind: str, year: str) -> ReturnHealth | None:
    return next((s for s in sections if s.kind == kind and s.year == year), None)


def name_children(children: list[ChildToFix], *, user: User) -> list[Any]:
    """Fill in the name and record of each child ``user`` may see (one query); the others keep only their local ID.
    Returns the records named, for the audit of the list."""
    from .selectors import visible_children_by_local_id

    found = visible_children_by_local_id(user=user, local_ids=sorted({c.local_id for c in children}))
    for child in children:
        record = found.get(child.local_id)
        if record is not None:
            child.child_pk = record.pk
            child.child_name = record.full_name
    return list(found.values())


def health_as_dict(section: ReturnHealth) -> dict[str, Any]:
    """The figures of one return and year, as the API gives them (no child is named here)."""
    latest = section.latest
    return {
        "kind": section.kind,
        "collection_year": section.year,
        "is_current_year": section.is_current,
        "refreshing": section.refreshing,
        "latest": None
        if latest is None
        else {
            "id": latest["pk"],
            "requested_at": latest["requested_at"],
            "generated_at": latest["generated_at"],
            "children": latest["children"],
            "error_count": latest["error_count"],
            "query_count": latest["query_count"],
        },
        "not_checked": None
        if section.unchecked is None
        else {"id": section.unchecked["pk"], "reason": section.unchecked["reason"]},
        "children_with_errors": section.children_with_errors,
        "children_with_failures": len(section.children),
        "by_rule": section.by_rule,
        "by_team": section.by_team,
        "trend": [
            {
                "week_starting": point.week_starting,
                "errors": point.errors,
                "queries": point.queries,
                "generated_id": point.generated_id,
            }
            for point in section.trend
        ],
    }
