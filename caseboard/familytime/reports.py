"""Family time reports, each counted over what the user may see (children through ``children_visible_to``, venues a
coordinator manages):

- looked-after children with no direct family time since a date, by team (seed 004's worry);
- sessions held per week, direct against virtual, in the shape of the weekly visits return;
- each venue's use per day against its capacity under the operating model in force, and against the capacity
  before the change (21 against 6);
- the waiting list week by week;
- court-ordered arrangements not met in the last weeks, and how the spirit of the order was kept.

Percentages are of the row total, rounded half up to 2 places (``Decimal``)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Max, Q
from django.utils import timezone

from caseboard.accounts.models import Role, User
from caseboard.casework.models import Allocation, AllocationRole, Episode, EpisodeKind
from caseboard.core.forms import asked_day
from caseboard.people.models import Child
from caseboard.people.selectors import children_visible_to

from .models import (
    DIRECT_MODES,
    PERIOD_DAYS,
    VIRTUAL_MODES,
    Arrangement,
    Session,
    SessionStatus,
    Source,
    Venue,
    WaitingListEntry,
)
from .operating import day_rules, settings_on
from .selectors import venues_for
from .slots import is_open

REPORT_ROLES = {
    Role.TEAM_MANAGER,
    Role.HEAD_OF_SERVICE,
    Role.PERFORMANCE_OFFICER,
    Role.ADMINISTRATOR,
    Role.FAMILY_TIME_COORDINATOR,
}


def may_see_reports(user: User) -> bool:
    return getattr(user, "role", "") in REPORT_ROLES


def percent(part: int, whole: int) -> Decimal:
    if not whole:
        return Decimal("0.00")
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _bounds(first: date, last: date) -> tuple[datetime, datetime]:
    zone = timezone.get_current_timezone()
    return datetime.combine(first, time.min, tzinfo=zone), datetime.combine(
        last + timedelta(days=1), time.min, tzinfo=zone
    )


def looked_after_on(children, day: date):
    lac = Episode.objects.filter(kind=EpisodeKind.LOOKED_AFTER, start_on__lte=day).filter(
        Q(end_on__isnull=True) | Q(end_on__gte=day)
    )
    return children.filter(pk__in=lac.values("child_id"))


# --- 1. no direct family time since a date --------------------------------------------------------------------
@dataclass(frozen=True)
class NoDirectRow:
    team: str
    looked_after: int
    without_direct: int
    percent: Decimal


@dataclass
class NoDirectReport:
    since: date
    today: date
    rows: list[NoDirectRow]
    children: list[tuple[Child, str, datetime | None]]

    HEADERS = ("Team", "Looked after", "No direct family time since", "%")

    def table_rows(self) -> list[tuple]:
        return [(r.team, r.looked_after, r.without_direct, r.percent) for r in self.rows]


def no_direct_since(*, user: User, since: date, today: date | None = None) -> NoDirectReport:
    """Looked-after children (today) with no direct (in-person) family time held since ``since``, by the team of
    their allocated social worker; "All" is the sum."""
    today = today or timezone.localdate()
    start, _ = _bounds(since, since)
    children = list(
        looked_after_on(children_visible_to(user), today)
        .annotate(
            last_direct=Max(
                "family_time_sessions__starts_at",
                filter=Q(
                    family_time_sessions__status=SessionStatus.HELD,
                    family_time_sessions__mode_held__in=list(DIRECT_MODES),
                ),
            )
        )
        .order_by("last_name", "first_name", "pk")
    )
    teams = dict(
        Allocation.objects.filter(
            child__in=[c.pk for c in children], role=AllocationRole.SOCIAL_WORKER, ended_on__isnull=True
        ).values_list("child_id", "team__name")
    )
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    listed = []
    for child in children:
        team = teams.get(child.pk, "Not allocated")
        totals[team][0] += 1
        if child.last_direct is None or child.last_direct < start:
            totals[team][1] += 1
            listed.append((child, team, child.last_direct))
    rows = [NoDirectRow(team, n, k, percent(k, n)) for team, (n, k) in sorted(totals.items())]
    all_n, all_k = sum(r.looked_after for r in rows), sum(r.without_direct for r in rows)
    rows.append(NoDirectRow("All", all_n, all_k, percent(all_k, all_n)))
    return NoDirectReport(since=since, today=today, rows=rows, children=listed)


# --- 2. sessions per week, direct and virtual ----------------------------------------------------------------
@dataclass(frozen=True)
class WeekRow:
    week_start: date
    total: int
    direct: int
    direct_percent: Decimal
    virtual: int
    virtual_percent: Decimal


WEEK_HEADERS = ("Week commencing", "Total", "Direct", "Direct %", "Virtual", "Virtual %")


def sessions_by_week(*, user: User, last_week: date, weeks: int = 12) -> list[WeekRow]:
    """Sessions held each week (Monday to Sunday, UK time), direct (in person) against virtual (video or phone), by
    the mode as held; letters and cards are not sessions held and are not counted."""
    last_monday = last_week - timedelta(days=last_week.weekday())
    first_monday = last_monday - timedelta(days=7 * (weeks - 1))
    start, end = _bounds(first_monday, last_monday + timedelta(days=6))
    counts: dict[date, list[int]] = defaultdict(lambda: [0, 0])
    held = Session.objects.filter(
        child__in=children_visible_to(user), status=SessionStatus.HELD, starts_at__gte=start, starts_at__lt=end
    ).values_list("starts_at", "mode_held")
    for starts_at, mode in held:
        day = timezone.localtime(starts_at).date()
        monday = day - timedelta(days=day.weekday())
        if mode in DIRECT_MODES:
            counts[monday][0] += 1
        elif mode in VIRTUAL_MODES:
            counts[monday][1] += 1
    rows = []
    for index in range(weeks):
        monday = first_monday + timedelta(days=7 * index)
        direct, virtual = counts.get(monday, [0, 0])
        total = direct + virtual
        rows.append(WeekRow(monday, total, direct, percent(direct, total), virtual, percent(virtual, total)))
    return rows


# --- 3. a venue's use against capacity -----------------------------------------------------------------------
@dataclass(frozen=True)
class UseRow:
    day: date
    sessions: int
    capacity: int
    use_percent: Decimal
    capacity_before: int
    use_before_percent: Decimal


USE_HEADERS = (
    "Day",
    "Sessions",
    "Capacity (operating model in force)",
    "Use %",
    "Capacity before the change",
    "Use % of the capacity before",
)


def capacity_before(day: date) -> int:
    """Sessions a day under the version in force before the one in force on ``day`` (the same if none)."""
    from caseboard.policy.selectors import version_in_force

    version = version_in_force(day)
    if version is None:
        return settings_on(day).sessions_per_day
    return settings_on(version.effective_from - timedelta(days=1)).sessions_per_day


def venue_use(*, venue: Venue, first: date, last: date) -> list[UseRow]:
    """Each open day's direct sessions (booked or held) at the venue, against the operating model's sessions a day
    then, and against the capacity before the version in force took effect."""
    start, end = _bounds(first, last)
    counts: dict[date, int] = defaultdict(int)
    for starts_at in Session.objects.filter(
        venue=venue,
        mode__in=list(DIRECT_MODES),
        status__in=[SessionStatus.BOOKED, SessionStatus.HELD],
        starts_at__gte=start,
        starts_at__lt=end,
    ).values_list("starts_at", flat=True):
        counts[timezone.localtime(starts_at).date()] += 1
    rows = []
    day = first
    before_cache: dict[date, int] = {}
    while day <= last:
        rules = settings_on(day)
        # The days the venues open (the operating model's), and any other day on which sessions were held.
        if is_open(day, day_rules(rules, day)) or counts.get(day):
            if day not in before_cache:
                before_cache[day] = capacity_before(day)
            used = counts.get(day, 0)
            rows.append(
                UseRow(
                    day,
                    used,
                    rules.sessions_per_day,
                    percent(used, rules.sessions_per_day),
                    before_cache[day],
                    percent(used, before_cache[day]),
                )
            )
        day += timedelta(days=1)
    return rows


# --- 4. the waiting list over time ---------------------------------------------------------------------------
@dataclass(frozen=True)
class WaitingRow:
    week_start: date
    waiting: int
    added: int
    resolved: int


WAITING_HEADERS = ("Week commencing", "Waiting on the Monday", "Added in the week", "Off the list in the week")


def waiting_over_time(*, user: User, last_week: date, weeks: int = 26) -> list[WaitingRow]:
    """On each Monday, how many arrangements were waiting; and how many joined and left the list that week."""
    last_monday = last_week - timedelta(days=last_week.weekday())
    first_monday = last_monday - timedelta(days=7 * (weeks - 1))
    entries = list(
        WaitingListEntry.objects.filter(
            Q(venue__in=venues_for(user).values("pk")) | Q(arrangement__child__in=children_visible_to(user))
        )
        .filter(Q(resolved_on__isnull=True) | Q(resolved_on__gte=first_monday))
        .distinct()
        .values_list("added_on", "resolved_on")
    )
    rows = []
    for index in range(weeks):
        monday = first_monday + timedelta(days=7 * index)
        sunday = monday + timedelta(days=6)
        waiting = sum(1 for added, resolved in entries if added <= monday and (resolved is None or resolved > monday))
        added = sum(1 for added, _ in entries if monday <= added <= sunday)
        resolved = sum(1 for _, r in entries if r is not None and monday <= r <= sunday)
        rows.append(WaitingRow(monday, waiting, added, resolved))
    return rows


# --- 5. court-ordered contact not met ------------------------------------------------------------------------
@dataclass(frozen=True)
class CourtOrderRow:
    arrangement: Arrangement
    expected: int
    held_direct: int
    held_virtual: int
    not_held: int
    spirit_of_the_order: str


COURT_HEADERS = (
    "Child",
    "Arrangement",
    "Expected in the period",
    "Held in person",
    "Held by video or phone",
    "Not held or cancelled",
    "How the spirit of the order was kept",
)


def expected_sessions(arrangement: Arrangement, first: date, last: date) -> int:
    """Sessions the arrangement's frequency expects over the days it was in force in [first, last]."""
    start = max(first, arrangement.starts_on)
    end = min(last, arrangement.ends_on) if arrangement.ends_on else last
    if end < start:
        return 0
    days = (end - start).days + 1
    return (days * arrangement.times) // PERIOD_DAYS[arrangement.period]


def court_orders_not_met(*, user: User, weeks: int, today: date | None = None) -> list[CourtOrderRow]:
    """Court-ordered arrangements whose in-person sessions held in the last ``weeks`` weeks (to yesterday) fell
    short of the order's frequency, with the virtual sessions held and how the spirit of the order was kept."""
    today = today or timezone.localdate()
    last = today - timedelta(days=1)
    first = today - timedelta(days=7 * weeks)
    start, end = _bounds(first, last)
    arrangements = list(
        Arrangement.objects.filter(child__in=children_visible_to(user), source=Source.COURT_ORDER, starts_on__lte=last)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=first))
        .select_related("child")
        .order_by("child__last_name", "child__first_name", "pk")
    )
    tallies: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0])
    for arrangement_id, status, mode_held in Session.objects.filter(
        arrangement__in=[a.pk for a in arrangements], starts_at__gte=start, starts_at__lt=end
    ).values_list("arrangement_id", "status", "mode_held"):
        if status == SessionStatus.HELD and mode_held in DIRECT_MODES:
            tallies[arrangement_id][0] += 1
        elif status == SessionStatus.HELD and mode_held in VIRTUAL_MODES:
            tallies[arrangement_id][1] += 1
        elif status in (SessionStatus.NOT_HELD, SessionStatus.CANCELLED):
            tallies[arrangement_id][2] += 1
    rows = []
    for arrangement in arrangements:
        expected = expected_sessions(arrangement, first, last)
        direct, virtual, missed = tallies.get(arrangement.pk, [0, 0, 0])
        if direct < expected:
            rows.append(CourtOrderRow(arrangement, expected, direct, virtual, missed, arrangement.spirit_of_the_order))
    return rows


# --- one door for the pages, the downloads and the API ---------------------------------------------------------
REPORT_NAMES = (
    "no-direct-family-time",
    "sessions-per-week",
    "venue-use",
    "waiting-list",
    "court-ordered-contact",
)


@dataclass
class AskedReport:
    """A report as asked for (its query read, its defaults applied): what the page shows (``result`` and
    ``context``), the table the downloads and the API give, and the children it names (for the audit)."""

    name: str
    filename: str
    headers: tuple[str, ...]
    rows: list[tuple]
    children: list[Child]
    result: Any
    context: dict[str, Any]


class NoVenues(Exception):
    """The venue-use report asked for with no venue in use."""


def _day(text: str | None, default: date) -> date:
    try:
        return date.fromisoformat(text or "")
    except ValueError:
        return default


def asked_report(name: str, *, user: User, params: Mapping[str, str], today: date) -> AskedReport:
    """The report ``name`` for ``user`` with the page's query parameters (``since``, ``week``, ``venue``, ``from``,
    ``weeks``), each defaulting as the page does. ``KeyError`` for a name not in ``REPORT_NAMES``."""
    if name == "no-direct-family-time":
        since, since_error = asked_day(params, "since", today - timedelta(days=28))
        report = no_direct_since(user=user, since=since, today=today)
        return AskedReport(
            name,
            f"no-direct-family-time-since-{since}",
            report.HEADERS,
            report.table_rows(),
            # The page names the first 200 children; each is a view of their record.
            [child for child, _team, _last in report.children[:200]],
            report,
            {"report": report, "since": since, "since_error": since_error},
        )
    if name == "sessions-per-week":
        week = _day(params.get("week"), today - timedelta(days=7))
        rows = sessions_by_week(user=user, last_week=week, weeks=12)
        table = [(r.week_start, r.total, r.direct, r.direct_percent, r.virtual, r.virtual_percent) for r in rows]
        last = rows[-1].week_start
        context = {"rows": rows, "week": last}
        return AskedReport(name, f"family-time-sessions-per-week-to-{last}", WEEK_HEADERS, table, [], rows, context)
    if name == "venue-use":
        venues = list(Venue.objects.filter(is_active=True))
        if not venues:
            raise NoVenues
        venue = next((v for v in venues if str(v.pk) == params.get("venue")), venues[0])
        first = _day(params.get("from"), today - timedelta(days=today.weekday()))
        last = first + timedelta(days=27)
        rows = venue_use(venue=venue, first=first, last=last)
        table = [(r.day, r.sessions, r.capacity, r.use_percent, r.capacity_before, r.use_before_percent) for r in rows]
        context = {"rows": rows, "venue": venue, "venues": venues, "first": first, "last": last}
        return AskedReport(name, f"venue-use-{first}", USE_HEADERS, table, [], rows, context)
    if name == "waiting-list":
        week = _day(params.get("week"), today)
        rows = waiting_over_time(user=user, last_week=week, weeks=26)
        table = [(r.week_start, r.waiting, r.added, r.resolved) for r in rows]
        last = rows[-1].week_start
        context = {"rows": rows, "week": last}
        return AskedReport(name, f"family-time-waiting-list-to-{last}", WAITING_HEADERS, table, [], rows, context)
    if name == "court-ordered-contact":
        default = settings_on(today).court_order_weeks
        try:
            weeks = max(1, min(52, int(params.get("weeks", default))))
        except (TypeError, ValueError):
            weeks = default
        rows = court_orders_not_met(user=user, weeks=weeks, today=today)
        table = [
            (
                r.arrangement.child.full_name,
                r.arrangement.frequency_text,
                r.expected,
                r.held_direct,
                r.held_virtual,
                r.not_held,
                r.spirit_of_the_order,
            )
            for r in rows
        ]
        children = [r.arrangement.child for r in rows]
        context = {"rows": rows, "weeks": weeks}
        filename = f"court-ordered-contact-not-met-{today}"
        return AskedReport(name, filename, COURT_HEADERS, table, children, rows, context)
    raise KeyError(name)
