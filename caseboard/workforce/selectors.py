"""Reads of the workforce: who may see whom, availability as each viewer may see it, due check-ins, capacity
against the caseload, offices, PPE stock."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from caseboard.accounts.models import ORGANISATION_WIDE_ROLES, Role, Service, Team, User
from caseboard.casework.models import Allocation, AllocationRole
from caseboard.people.selectors import children_visible_to

from .models import (
    AVAILABLE_STATUSES,
    HEALTH_STATUSES,
    Availability,
    AvailabilityStatus,
    BuddyPair,
    CheckIn,
    CoverArrangement,
    DeskCapacity,
    DutyShift,
    IndividualNeed,
    LedgerKind,
    Office,
    OfficeBooking,
    PpeLedgerEntry,
    PpeStock,
    StaffDueItem,
    StaffDueKind,
    SupervisionSession,
)

# Roles that see the whole workforce (not its health reasons, except HR).
WHOLE_WORKFORCE_ROLES = frozenset({*ORGANISATION_WIDE_ROLES, Role.HR_ADVISER, Role.ASSISTANT_DIRECTOR})
MANAGING_ROLES = frozenset({Role.TEAM_MANAGER, Role.HEAD_OF_SERVICE, Role.ASSISTANT_DIRECTOR, Role.ADMINISTRATOR})
CASE_ROLES = (AllocationRole.SOCIAL_WORKER, AllocationRole.PERSONAL_ADVISER)


def line_manager_id_of(person: User) -> int | None:
    """The person's line manager (``User.line_manager``), when the account records one."""
    return person.line_manager_id


def _line_reports(user: User) -> Q:
    return Q(line_manager_id=user.pk)


def staff_visible_to(user: User) -> QuerySet[User]:
    """Staff whose workforce records this user may see: their own teams' members (a team manager's teams, a head of
    service's service), their line reports and themselves; HR, assistant directors, performance officers and
    administrators everyone. Fails closed: no role, nobody."""
    if not (getattr(user, "is_authenticated", False) and user.is_active and user.role):
        return User.objects.none()
    staff = User.objects.filter(is_active=True).exclude(role="")
    if user.role in WHOLE_WORKFORCE_ROLES:
        return staff
    scope = Q(pk=user.pk) | Q(teams__in=user.teams.values("pk")) | _line_reports(user)
    if user.role == Role.HEAD_OF_SERVICE and user.service_id:
        scope |= Q(teams__service_id=user.service_id)
    return staff.filter(pk__in=User.objects.filter(scope).values("pk"))


def staff_member_for(*, user: User, pk: object) -> User | None:
    """One member of staff, if this user may see their record (the same rule as ``staff_visible_to``)."""
    return staff_visible_to(user).filter(pk=pk).first() if str(pk).isdigit() else None


def sees_health_reason(viewer: User, person: User) -> bool:
    """Health reasons are special-category data: only the person, their line manager and HR advisers see them."""
    return viewer.pk == person.pk or line_manager_id_of(person) == viewer.pk or viewer.role == Role.HR_ADVISER


def manages(user: User, person: User) -> bool:
    """Whether ``user`` manages ``person``: their line manager, a team manager of one of their teams, the head of
    their service, or an administrator."""
    if user.role == Role.ADMINISTRATOR or line_manager_id_of(person) == user.pk:
        return True
    if user.role == Role.TEAM_MANAGER:
        return person.teams.filter(pk__in=user.teams.values("pk")).exists()
    if user.role == Role.HEAD_OF_SERVICE and user.service_id:
        return person.teams.filter(service_id=user.service_id).exists()
    return user.role == Role.ASSISTANT_DIRECTOR


def teams_managed(user: User) -> QuerySet[Team]:
    """Teams whose workforce pages (buddies, capacity, missed check-ins) this user may open."""
    teams = Team.objects.select_related("service").order_by("service__name", "name")
    if user.role in WHOLE_WORKFORCE_ROLES - {Role.HR_ADVISER}:
        return teams
    if user.role == Role.HEAD_OF_SERVICE:
        return teams.filter(Q(service_id=user.service_id) | Q(pk__in=user.teams.values("pk")))
    if user.role == Role.TEAM_MANAGER:
        return teams.filter(pk__in=user.teams.values("pk"))
    return teams.none()


def services_managed(user: User) -> QuerySet[Service]:
    if user.role in WHOLE_WORKFORCE_ROLES - {Role.HR_ADVISER}:
        return Service.objects.order_by("name")
    if user.role == Role.HEAD_OF_SERVICE and user.service_id:
        return Service.objects.filter(pk=user.service_id)
    return Service.objects.none()


# --- availability ------------------------------------------------------------------------------------------------
def availability_label(period: Availability | None, *, shows_reason: bool) -> str:
    """What a viewer reads for a person's availability: the status, or for a health reason they may not see only
    "Unavailable until ..." (the day before the person is back)."""
    if period is None:
        return "Available (nothing recorded)"
    until = f" until {period.ends_on:%-d %B %Y}" if period.ends_on else ""
    if period.status in HEALTH_STATUSES and not shows_reason:
        return f"Unavailable{until}"
    label = AvailabilityStatus(period.status).label
    if period.status == AvailabilityStatus.REDEPLOYED and period.redeployed_to:
        label = f"{label} to {period.redeployed_to}"
    return f"{label}{until}"


def periods_on(person_ids: Any, day: date) -> dict[int, Availability]:
    """Each person's availability period covering ``day`` (one query; people with none are absent)."""
    periods = Availability.objects.filter(person_id__in=person_ids, starts_on__lte=day).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=day)
    )
    return {period.person_id: period for period in periods.order_by("starts_on", "pk")}


def periods_between(person_ids: Any, start: date, end: date) -> dict[int, list[Availability]]:
    """Each person's periods overlapping ``start`` to ``end``, by start date (one query)."""
    found: dict[int, list[Availability]] = defaultdict(list)
    periods = Availability.objects.filter(person_id__in=person_ids, starts_on__lte=end).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=start)
    )
    for period in periods.order_by("starts_on", "pk"):
        found[period.person_id].append(period)
    return found


def is_available_on(periods: list[Availability], day: date) -> bool:
    """Available unless a period covering the day says otherwise (nothing recorded: available)."""
    for period in periods:
        if period.covers(day):
            return period.status in AVAILABLE_STATUSES
    return True


@dataclass(frozen=True)
class TimelineRow:
    period: Availability
    label: str
    health_note: str
    is_current: bool


def availability_timeline(*, viewer: User, person: User, today: date) -> list[TimelineRow]:
    """A person's availability periods, newest first, as this viewer may see them."""
    shows = sees_health_reason(viewer, person)
    rows = []
    for period in Availability.objects.filter(person=person).select_related("recorded_by").order_by("-starts_on"):
        rows.append(
            TimelineRow(
                period=period,
                label=availability_label(period, shows_reason=shows),
                health_note=period.health_note if shows else "",
                is_current=period.covers(today),
            )
        )
    return rows


@dataclass(frozen=True)
class StaffRow:
    person: User
    availability: str
    is_available: bool


def staff_list(*, user: User, today: date, team: Team | None = None) -> list[StaffRow]:
    """The staff this user may see (or one team's), by name, each with today's availability as they may see it.
    Three queries whatever the number of staff."""
    staff = staff_visible_to(user)
    if team is not None:
        staff = staff.filter(teams=team)
    people = list(staff.order_by("last_name", "first_name", "pk"))
    current = periods_on([p.pk for p in people], today)
    return [
        StaffRow(
            person=person,
            availability=availability_label(current.get(person.pk), shows_reason=sees_health_reason(user, person)),
            is_available=current.get(person.pk) is None or current[person.pk].status in AVAILABLE_STATUSES,
        )
        for person in people
    ]


# --- welfare -----------------------------------------------------------------------------------------------------
def open_pairs(team: Team) -> QuerySet[BuddyPair]:
    return BuddyPair.objects.filter(team=team, ends_on__isnull=True).select_related("first", "second")


def without_buddy(team: Team) -> QuerySet[User]:
    """Members of the team with no open buddy pair in it."""
    paired = BuddyPair.objects.filter(ends_on__isnull=True)
    return (
        team.members.filter(is_active=True)
        .exclude(pk__in=paired.values("first_id"))
        .exclude(pk__in=paired.values("second_id"))
        .order_by("last_name", "first_name", "pk")
    )


def due_items_for(user: User) -> QuerySet[StaffDueItem]:
    """The check-ins, meetings and supervisions this user is responsible for, soonest first."""
    return StaffDueItem.objects.filter(responsible=user).select_related("subject", "team").order_by("due_on", "pk")


def missed_checkins(*, user: User, today: date, team: Team | None = None) -> QuerySet[StaffDueItem]:
    """Check-ins now overdue in the teams this user manages (a head of service: the service), or in one team."""
    teams = teams_managed(user)
    if team is not None:
        teams = teams.filter(pk=team.pk)
    members = User.objects.filter(teams__in=teams.values("pk")).values("pk")
    return (
        StaffDueItem.objects.filter(due_on__lt=today)
        .exclude(kind=StaffDueKind.SUPERVISION)
        .filter(Q(responsible__in=members) | Q(subject__in=members) | Q(team__in=teams.values("pk")))
        .select_related("responsible", "subject", "team")
        .order_by("due_on", "pk")
    )


def checkins_by(user: User) -> QuerySet[CheckIn]:
    return CheckIn.objects.filter(Q(by=user) | Q(with_person=user)).select_related("by", "with_person", "team")


def supervisions_for(user: User) -> QuerySet[SupervisionSession]:
    """Sessions this user gave or received (a manager also sees their teams' sessions)."""
    scope = Q(supervisor=user) | Q(supervisee=user)
    if user.role in MANAGING_ROLES:
        scope |= Q(supervisee__in=staff_visible_to(user).values("pk"))
    return SupervisionSession.objects.filter(scope).select_related("supervisor", "supervisee").distinct()


def supervision_for(*, user: User, pk: object) -> SupervisionSession | None:
    return supervisions_for(user).filter(pk=pk).first() if str(pk).isdigit() else None


def sees_reflective_notes(user: User, session: SupervisionSession) -> bool:
    """Reflective notes are private to the supervisor and supervisee."""
    return user.pk in {session.supervisor_id, session.supervisee_id}


# --- capacity ----------------------------------------------------------------------------------------------------
RAGS = ("red", "amber", "green", "none")


@dataclass
class TeamCapacity:
    team: Team
    staff: int = 0
    available_today: int = 0
    available_all_week: int = 0
    children: dict[str, int] = field(default_factory=lambda: dict.fromkeys(RAGS, 0))
    needs_cover: int = 0

    @property
    def children_total(self) -> int:
        return sum(self.children.values())

    @property
    def unavailable_today(self) -> int:
        return self.staff - self.available_today


@dataclass(frozen=True)
class CoverNeed:
    child_id: int
    child_name: str
    rag: str
    worker: User
    team: Team
    availability: str


@dataclass(frozen=True)
class Capacity:
    today: date
    week_start: date
    rows: list[TeamCapacity]
    needs_cover: list[CoverNeed]
    needs_cover_total: int

    @property
    def total(self) -> TeamCapacity:
        total = TeamCapacity(team=Team(name="All teams"))
        for row in self.rows:
            total.staff += row.staff
            total.available_today += row.available_today
            total.available_all_week += row.available_all_week
            total.needs_cover += row.needs_cover
            for rag in RAGS:
                total.children[rag] += row.children[rag]
        return total


NEEDS_COVER_SHOWN = 100


def capacity_for(*, user: User, teams: QuerySet[Team], today: date) -> Capacity:
    """For each team: staff, those available today and every working day this week, their children by current RAG
    rating, and red and amber children whose allocated worker is unavailable today ("needs cover"). A fixed
    number of queries whatever the size of the service (the children are counted in the database)."""
    from caseboard.prioritisation.selectors import annotate_current_rag

    team_list = list(teams.order_by("service__name", "name"))
    team_ids = [team.pk for team in team_list]
    rows = {team.pk: TeamCapacity(team=team) for team in team_list}
    memberships = list(
        User.teams.through.objects.filter(team_id__in=team_ids, user__is_active=True)
        .exclude(user__role__in=["", Role.HEAD_OF_SERVICE, Role.ADMINISTRATOR, Role.PERFORMANCE_OFFICER])
        .values_list("team_id", "user_id")
    )
    person_ids = sorted({user_id for _, user_id in memberships})
    week_start = today - timedelta(days=today.weekday())
    week_days = [week_start + timedelta(days=n) for n in range(5)]
    periods = periods_between(person_ids, week_start, week_days[-1])
    unavailable_today = {pk for pk in person_ids if not is_available_on(periods.get(pk, []), today)}
    for team_id, user_id in memberships:
        row = rows[team_id]
        row.staff += 1
        if user_id not in unavailable_today:
            row.available_today += 1
        if all(is_available_on(periods.get(user_id, []), day) for day in week_days):
            row.available_all_week += 1
    visible = children_visible_to(user)
    allocations = Allocation.objects.filter(
        team_id__in=team_ids, ended_on__isnull=True, role__in=CASE_ROLES, child__in=visible.values("pk")
    )
    rated = annotate_current_rag(visible.filter(pk__in=allocations.values("child_id")))
    by_child = dict(rated.values_list("pk", "current_rag"))
    counted: set[tuple[int, int]] = set()
    cover_rows: list[tuple[int, int, int]] = []
    for child_id, team_id, worker_id in allocations.values_list("child_id", "team_id", "worker_id"):
        if (child_id, team_id) in counted:
            continue
        counted.add((child_id, team_id))
        rag = by_child.get(child_id) or "none"
        rows[team_id].children[rag] += 1
        if rag in {"red", "amber"} and worker_id in unavailable_today:
            rows[team_id].needs_cover += 1
            cover_rows.append((child_id, team_id, worker_id))
    cover_rows.sort(key=lambda r: (by_child.get(r[0]) != "red", r[1], r[0]))
    shown = cover_rows[:NEEDS_COVER_SHOWN]
    needs: list[CoverNeed] = []
    if shown:
        children = {c.pk: c for c in visible.filter(pk__in=[r[0] for r in shown]).only("pk", "first_name", "last_name")}
        workers = {w.pk: w for w in User.objects.filter(pk__in={r[2] for r in shown})}
        today_periods = periods_on(list(workers), today)
        for child_id, team_id, worker_id in shown:
            worker = workers[worker_id]
            needs.append(
                CoverNeed(
                    child_id=child_id,
                    child_name=children[child_id].full_name,
                    rag=by_child.get(child_id) or "none",
                    worker=worker,
                    team=rows[team_id].team,
                    availability=availability_label(
                        today_periods.get(worker_id), shows_reason=sees_health_reason(user, worker)
                    ),
                )
            )
    return Capacity(
        today=today,
        week_start=week_start,
        rows=list(rows.values()),
        needs_cover=needs,
        needs_cover_total=len(cover_rows),
    )


def cover_workers(*, child_team: Team, exclude: int, today: date) -> list[User]:
    """Who can cover a child of this team: case-holding staff of the team's service available today."""
    from caseboard.accounts.models import CASEHOLDING_ROLES

    candidates = list(
        User.objects.filter(is_active=True, role__in=CASEHOLDING_ROLES, teams__service_id=child_team.service_id)
        .exclude(pk=exclude)
        .distinct()
        .order_by("last_name", "first_name", "pk")
    )
    current = periods_on([c.pk for c in candidates], today)
    return [c for c in candidates if c.pk not in current or current[c.pk].status in AVAILABLE_STATUSES]


def covers_for_child(child_id: int) -> QuerySet[CoverArrangement]:
    return CoverArrangement.objects.filter(child_id=child_id).select_related(
        "original_allocation__worker", "cover_allocation__worker"
    )


# --- offices and rotas -------------------------------------------------------------------------------------------
def capacity_on(office: Office, day: date) -> DeskCapacity | None:
    return office.capacities.filter(effective_from__lte=day).order_by("-effective_from").first()


def individual_need_on(person: User, day: date) -> IndividualNeed | None:
    """The person's recorded individual need, if it applies on ``day``."""
    need = IndividualNeed.objects.filter(person=person).first()
    return need if need is not None and need.applies_on(day) else None


def sees_individual_need(viewer: User, person: User) -> bool:
    """An individual need is private, like a health reason: only the person, their line manager and HR see it."""
    return sees_health_reason(viewer, person)


@dataclass(frozen=True)
class DeskRule:
    """How an office day's desks are shared out: of ``desks``, ``held`` (the operating model's share, rounded up)
    are kept for staff with a recorded individual need until ``opens_on`` (``desks_held_until_days`` before the
    day); from then, or once people with a need have taken that many, every free desk is open to anyone."""

    day: date
    desks: int
    booked: int
    booked_with_need: int
    held: int
    opens_on: date

    @property
    def free(self) -> int:
        return max(self.desks - self.booked, 0)

    def still_held(self, today: date) -> int:
        """Desks still kept back for individual needs on ``today`` (never more than are free)."""
        if today >= self.opens_on:
            return 0
        return min(max(self.held - self.booked_with_need, 0), self.free)

    def free_for(self, *, has_need: bool, today: date) -> int:
        return self.free if has_need else self.free - self.still_held(today)


def held_desks(desks: int, percent: int) -> int:
    """The desks held back for individual needs: ``percent`` of ``desks``, rounded up (never all of them when
    less than 100%, so a one-desk office stays bookable)."""
    if desks <= 0 or percent <= 0:
        return 0
    held = -(-desks * percent // 100)
    return desks if percent >= 100 else min(held, desks - 1)


def desk_rule(*, office: Office, day: date, desks: int) -> DeskRule:
    """The share-out of an office day's ``desks`` under the operating model in force on the day."""
    from .rules_in_force import settings_on

    settings = settings_on(day)
    counts = OfficeBooking.objects.filter(office=office, booked_on=day).aggregate(
        booked=Count("pk"), with_need=Count("pk", filter=Q(has_priority=True))
    )
    return DeskRule(
        day=day,
        desks=desks,
        booked=counts["booked"],
        booked_with_need=counts["with_need"],
        held=held_desks(desks, settings.desks_held_for_needs_percent),
        opens_on=day - timedelta(days=settings.desks_held_until_days),
    )


@dataclass(frozen=True)
class OfficeDay:
    day: date
    desks: int
    booked: int
    teams: list[str]
    mine: OfficeBooking | None
    held: int = 0  # desks still kept back for individual needs today

    @property
    def free(self) -> int:
        return max(self.desks - self.booked, 0)


def office_week(*, office: Office, user: User, week_start: date, today: date | None = None) -> list[OfficeDay]:
    """Monday to Friday at an office: desks, bookings, the teams whose rota day it is, the desks still held for
    individual needs, and the user's booking."""
    from .rules_in_force import settings_on

    today = today or timezone.localdate()
    days = [week_start + timedelta(days=n) for n in range(5)]
    capacities = list(office.capacities.filter(effective_from__lte=days[-1]).order_by("effective_from"))
    counts = {
        row["booked_on"]: row
        for row in OfficeBooking.objects.filter(office=office, booked_on__range=(days[0], days[-1]))
        .values("booked_on")
        .annotate(n=Count("pk"), with_need=Count("pk", filter=Q(has_priority=True)))
    }
    booked = {day: row["n"] for day, row in counts.items()}
    settings = settings_on(days[0])
    mine = {b.booked_on: b for b in OfficeBooking.objects.filter(person=user, booked_on__range=(days[0], days[-1]))}
    rota = list(office.rota_days.select_related("team"))
    result = []
    for day in days:
        desks = 0
        for capacity in capacities:
            if capacity.effective_from <= day:
                desks = capacity.desks
        teams = [
            r.team.name
            for r in rota
            if r.weekday == day.weekday() and r.starts_on <= day and (r.ends_on is None or day <= r.ends_on)
        ]
        rule = DeskRule(
            day=day,
            desks=desks,
            booked=booked.get(day, 0),
            booked_with_need=counts[day]["with_need"] if day in counts else 0,
            held=held_desks(desks, settings.desks_held_for_needs_percent),
            opens_on=day - timedelta(days=settings.desks_held_until_days),
        )
        result.append(OfficeDay(day, desks, booked.get(day, 0), teams, mine.get(day), rule.still_held(today)))
    return result


def duty_on(day: date) -> list[DutyShift]:
    """Who is on duty on a day (duty team, front door, LADO, out of hours), in order."""
    return list(DutyShift.objects.filter(on=day).select_related("person", "team", "office"))


def duty_between(start: date, end: date) -> list[DutyShift]:
    return list(DutyShift.objects.filter(on__range=(start, end)).select_related("person", "team", "office"))


# --- PPE ---------------------------------------------------------------------------------------------------------
SIGN = {
    LedgerKind.DELIVERY: 1,
    LedgerKind.ISSUE: -1,
    LedgerKind.RETURN: 1,
    LedgerKind.WRITE_OFF: -1,
    LedgerKind.USE: 0,
}


def _sum(kind: str) -> Any:
    return Coalesce(Sum("entries__quantity", filter=Q(entries__kind=kind)), 0)


def stock_level(stock: PpeStock) -> int:
    """The office's stock of an item: deliveries less issues, plus returns, less write-offs."""
    totals = dict(
        PpeLedgerEntry.objects.filter(stock=stock).values("kind").annotate(n=Sum("quantity")).values_list("kind", "n")
    )
    return sum(SIGN[LedgerKind(kind)] * n for kind, n in totals.items())


def held_by(stock: PpeStock, worker: User) -> int:
    """What a worker holds of an item from an office: issued less returned, less used on visits."""
    totals = dict(
        PpeLedgerEntry.objects.filter(stock=stock, worker=worker)
        .values("kind")
        .annotate(n=Sum("quantity"))
        .values_list("kind", "n")
    )
    return totals.get("issue", 0) - totals.get("return", 0) - totals.get("use", 0)


@dataclass(frozen=True)
class StockRow:
    stock: PpeStock
    level: int
    used_in_window: int
    window_days: int

    @property
    def per_day(self) -> float:
        return self.used_in_window / self.window_days

    @property
    def days_left(self) -> int | None:
        """Days of stock left at the window's rate of use; None when nothing was used."""
        if self.used_in_window <= 0:
            return None
        return int(self.level / self.per_day)

    @property
    def needs_reorder(self) -> bool:
        return self.level <= self.stock.reorder_level


def stock_rows(*, today: date, window_days: int, offices: QuerySet[Office] | None = None) -> list[StockRow]:
    """Every office's stock of every item: the level, and what left the store (issued less returned, plus written
    off) over the window to today, for the days of stock left. One query."""
    start = today - timedelta(days=window_days - 1)
    window = Q(entries__on__range=(start, today))
    stocks = PpeStock.objects.select_related("office", "office__ppe_lead").annotate(
        delivered=_sum(LedgerKind.DELIVERY),
        issued=_sum(LedgerKind.ISSUE),
        returned=_sum(LedgerKind.RETURN),
        written_off=_sum(LedgerKind.WRITE_OFF),
        issued_w=Coalesce(Sum("entries__quantity", filter=window & Q(entries__kind=LedgerKind.ISSUE)), 0),
        returned_w=Coalesce(Sum("entries__quantity", filter=window & Q(entries__kind=LedgerKind.RETURN)), 0),
        written_off_w=Coalesce(Sum("entries__quantity", filter=window & Q(entries__kind=LedgerKind.WRITE_OFF)), 0),
    )
    if offices is not None:
        stocks = stocks.filter(office__in=offices)
    return [
        StockRow(
            stock=s,
            level=s.delivered - s.issued + s.returned - s.written_off,
            used_in_window=s.issued_w - s.returned_w + s.written_off_w,
            window_days=window_days,
        )
        for s in stocks.order_by("office__name", "item")
    ]


def stock_for(pk: object) -> PpeStock | None:
    return PpeStock.objects.select_related("office").filter(pk=pk).first() if str(pk).isdigit() else None


def worker_holdings(worker: User) -> list[tuple[PpeStock, int]]:
    """What a worker holds, item by item and office by office (one query)."""
    rows = (
        PpeLedgerEntry.objects.filter(worker=worker)
        .values("stock")
        .annotate(
            issued=Coalesce(Sum("quantity", filter=Q(kind=LedgerKind.ISSUE)), 0),
            back=Coalesce(Sum("quantity", filter=Q(kind__in=[LedgerKind.RETURN, LedgerKind.USE])), 0),
        )
    )
    stocks = PpeStock.objects.in_bulk([r["stock"] for r in rows])
    return [(stocks[r["stock"]], r["issued"] - r["back"]) for r in rows if r["issued"] - r["back"] > 0]
