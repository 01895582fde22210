"""The weekly visits return (DOMAIN.md section 8.1, seed 004): visits Monday to Sunday by CIN, CP and LAC, physical
and virtual, with percentages rounded half up to 2 dp. The unit is a child on a visit with their own purpose: a
household visit to a looked-after child and their brother on a child in need plan counts once in LAC and once in
CIN, and only a child whose purpose on the visit is "other" is left out. The counting lives in ``visits.selectors``;
this module makes the rows, their JSON figures, their download tables and the drill-down list behind each number."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import Count, Exists, OuterRef, Prefetch, QuerySet

from caseboard.accounts.models import User
from caseboard.people.models import Child
from caseboard.visits.models import IN_PERSON_MODES, ChildSeen, VisitMode
from caseboard.visits.selectors import REPORT_ROWS, percent, visits_in_week, weekly_visits_counts

from ..models import ReturnDownload, StoredReturn
from ..rules import may_see_stored_returns

CSV_HEADERS = ("group", "total", "physical", "physical_pct", "virtual", "virtual_pct")
PAGE_HEADERS = ("Group", "Total visits", "Physical", "Physical %", "Virtual", "Virtual %")
PERCENT_COLUMNS = (3, 5)
ROWS = (*REPORT_ROWS, "All")
ROW_LABELS = {"CIN": "Child in need (CIN)", "CP": "Child protection (CP)", "LAC": "Looked after (LAC)", "All": "All"}
MODES = ("all", "physical", "virtual")
PHYSICAL_MODES = tuple(mode for mode in VisitMode if mode in IN_PERSON_MODES)
VIRTUAL_MODES = tuple(mode for mode in VisitMode if mode not in IN_PERSON_MODES)
HIERARCHY = (
    "Each visit counts once, by the child's involvement on the date of the visit: looked after (LAC) first, then a "
    "child protection plan (CP), then child in need (CIN). A child on a CP plan who is also looked after counts as LAC."
)


def monday_of(day: date) -> date:
    """The Monday of the week (Monday to Sunday) that contains ``day``."""
    return day - timedelta(days=day.weekday())


def last_complete_week(today: date) -> date:
    """The Monday of the last full week before ``today``'s week."""
    return monday_of(today) - timedelta(days=7)


@dataclass(frozen=True)
class WeeklyRow:
    group: str
    total: int
    physical: int
    virtual: int

    @property
    def label(self) -> str:
        return ROW_LABELS[self.group]

    @property
    def physical_pct(self) -> Decimal:
        return percent(self.physical, self.total)

    @property
    def virtual_pct(self) -> Decimal:
        return percent(self.virtual, self.total)

    def values(self) -> tuple[Any, ...]:
        return (self.group, self.total, self.physical, self.physical_pct, self.virtual, self.virtual_pct)


@dataclass(frozen=True)
class WeeklyVisitsReturn:
    week_start: date
    rows: tuple[WeeklyRow, ...]

    @property
    def week_end(self) -> date:
        return self.week_start + timedelta(days=6)

    def table_rows(self) -> list[tuple[Any, ...]]:
        """The rows as the CSV and XLSX give them: group, total, physical, physical %, virtual, virtual %."""
        return [row.values() for row in self.rows]

    def figures(self) -> dict[str, Any]:
        """The return as JSON-safe figures (what a stored return keeps; percentages as strings, e.g. "88.36")."""
        return {
            "week_start": self.week_start.isoformat(),
            "week_end": self.week_end.isoformat(),
            "rows": [
                {
                    "group": row.group,
                    "total": row.total,
                    "physical": row.physical,
                    "physical_pct": str(row.physical_pct),
                    "virtual": row.virtual,
                    "virtual_pct": str(row.virtual_pct),
                }
                for row in self.rows
            ],
        }


def weekly_visits_return(*, children: QuerySet[Child] | None, week_start: date) -> WeeklyVisitsReturn:
    """The return for the week from Monday ``week_start``, over ``children`` (those a user may see) or, with None,
    the whole council. One query."""
    counts = weekly_visits_counts(children=children, week_start=week_start)
    return WeeklyVisitsReturn(week_start=week_start, rows=tuple(WeeklyRow(group, *counts[group]) for group in ROWS))


def weekly_cells(figures: dict[str, Any]) -> dict[tuple[str, str], str]:
    """A stored return's figures as cells {(row, column): value}, for comparing a stored return with a re-run."""
    return {(row["group"], column): str(row[column]) for row in figures["rows"] for column in CSV_HEADERS[1:]}


def visits_behind(*, children: QuerySet[Child], week_start: date, group: str, mode: str) -> QuerySet[ChildSeen]:
    """The visits behind one number of the return (``group`` a row or "All"; ``mode`` "all", "physical" or
    "virtual"), among ``children``, by date then child: the same query as the counts, so the list and the number
    agree."""
    visits = visits_in_week(children=children, week_start=week_start)
    if group != "All":
        visits = visits.filter(report_group=group)
    if mode == "physical":
        visits = visits.filter(is_physical=True)
    elif mode == "virtual":
        visits = visits.filter(is_physical=False)
    household = ChildSeen.objects.filter(visit_id=OuterRef("visit_id")).exclude(pk=OuterRef("pk"))
    return (
        visits.annotate(household_visit=Exists(household))
        .select_related("visit", "visit__worker", "child")
        .order_by("visit__visited_on", "visit__visited_at_time", "visit_id", "child_id")
    )


# --- stored returns ---------------------------------------------------------------------------------------------
def stored_returns_for(user: User) -> QuerySet[StoredReturn]:
    """Stored returns, newest period first, with who generated them and how often each was downloaded."""
    if not may_see_stored_returns(user):
        return StoredReturn.objects.none()
    return (
        StoredReturn.objects.select_related("generated_by")
        .annotate(download_count=Count("downloads"))
        .defer("figures")
        .order_by("-period_start", "-generated_at", "-pk")
    )


def stored_return_for(*, user: User, pk: object) -> StoredReturn | None:
    try:
        key = int(pk)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return None
    if not may_see_stored_returns(user):
        return None
    return (
        StoredReturn.objects.select_related("generated_by")
        .prefetch_related(
            Prefetch("downloads", queryset=ReturnDownload.objects.select_related("downloaded_by").order_by("-pk"))
        )
        .filter(pk=key)
        .first()
    )


def downloads_for(*, stored_returns: list[StoredReturn]) -> dict[int, list[ReturnDownload]]:
    """Who downloaded each of these stored returns, newest first (one query)."""
    found: dict[int, list[ReturnDownload]] = {item.pk: [] for item in stored_returns}
    for download in (
        ReturnDownload.objects.filter(stored_return_id__in=found)
        .select_related("downloaded_by")
        .order_by("-downloaded_at", "-pk")
    ):
        found[download.stored_return_id].append(download)
    return found
