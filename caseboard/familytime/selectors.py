"""Reads of family time, each starting from what the user may see: a child's family time through
``children_visible_to``; a supervisor the sessions they supervise (and only what they need of the child); a
coordinator the bookings of their venues. And the slot finder's reads of the database."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Case, Count, Exists, F, Max, OuterRef, Q, QuerySet, Value, When
from django.utils import timezone

from caseboard.accounts.models import ORGANISATION_WIDE_ROLES, Role, User
from caseboard.people.models import Child
from caseboard.people.selectors import child_is_visible, children_visible_to

from .models import (
    DIRECT_MODES,
    Arrangement,
    ArrangementChange,
    RiskAssessment,
    Room,
    RoomClosure,
    Session,
    SessionStatus,
    Source,
    SupervisorTask,
    Venue,
    WaitingListEntry,
)
from .operating import SettingsByDay
from .slots import Interval, Request, RoomDay, Slot, free_slots, virtual_slots

LIVE = (SessionStatus.BOOKED, SessionStatus.HELD)


def _local(moment: datetime) -> datetime:
    return timezone.localtime(moment)


def _day_bounds(first: date, last: date) -> tuple[datetime, datetime]:
    zone = timezone.get_current_timezone()
    return (
        datetime.combine(first, time.min, tzinfo=zone),
        datetime.combine(last + timedelta(days=1), time.min, tzinfo=zone),
    )


def _naive(moment: datetime) -> datetime:
    return _local(moment).replace(tzinfo=None)


# --- roles ----------------------------------------------------------------------------------------------------
def is_coordinator(user: User) -> bool:
    return getattr(user, "role", "") in {Role.FAMILY_TIME_COORDINATOR, Role.ADMINISTRATOR}


def is_supervisor(user: User) -> bool:
    return getattr(user, "role", "") == Role.FAMILY_TIME_SUPERVISOR


def venues_for(user: User) -> QuerySet[Venue]:
    """The venues a coordinator manages (an administrator: all)."""
    if getattr(user, "role", "") == Role.ADMINISTRATOR:
        return Venue.objects.all()
    if getattr(user, "role", "") == Role.FAMILY_TIME_COORDINATOR:
        return Venue.objects.filter(coordinators=user)
    return Venue.objects.none()


def venue_for(*, user: User, pk: object) -> Venue | None:
    try:
        return venues_for(user).get(pk=pk)
    except (Venue.DoesNotExist, ValueError, TypeError):
        return None


# --- sessions within need to know ----------------------------------------------------------------------------
def sessions_visible_to(user: User) -> QuerySet[Session]:
    """Sessions of children the user may see; a supervisor's own sessions; a coordinator's venues' sessions (and
    the sessions of arrangements at those venues)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active or not user.role:
        return Session.objects.none()
    if user.role == Role.FAMILY_TIME_SUPERVISOR:
        return Session.objects.filter(supervisor=user)
    if user.role == Role.FAMILY_TIME_COORDINATOR:
        venues = venues_for(user).values("pk")
        return Session.objects.filter(Q(venue__in=venues) | Q(arrangement__venue__in=venues)).filter(
            child__is_restricted=False
        )
    return Session.objects.filter(child__in=children_visible_to(user))


def session_for(*, user: User, pk: object) -> Session | None:
    """One session, if the user may see it (the single-record form of ``sessions_visible_to``)."""
    try:
        return (
            sessions_visible_to(user)
            .select_related("arrangement", "child", "venue", "room", "supervisor", "replaces")
            .get(pk=pk)
        )
    except (Session.DoesNotExist, ValueError, TypeError):
        return None


def sees_child_record(user: User, child: Child) -> bool:
    """Whether the user sees the child's whole record (else only what a supervisor or coordinator needs)."""
    return child_is_visible(user, child)


def arrangements_visible_to(user: User) -> QuerySet[Arrangement]:
    if not getattr(user, "is_authenticated", False) or not user.is_active or not user.role:
        return Arrangement.objects.none()
    if user.role == Role.FAMILY_TIME_SUPERVISOR:
        return Arrangement.objects.filter(Q(supervisor=user) | Q(sessions__supervisor=user)).distinct()
    if user.role == Role.FAMILY_TIME_COORDINATOR:
        return Arrangement.objects.filter(venue__in=venues_for(user).values("pk"), child__is_restricted=False)
    return Arrangement.objects.filter(child__in=children_visible_to(user))


def arrangement_for(*, user: User, pk: object) -> Arrangement | None:
    try:
        return arrangements_visible_to(user).select_related("child", "venue", "supervisor", "recorded_by").get(pk=pk)
    except (Arrangement.DoesNotExist, ValueError, TypeError):
        return None


# --- a child's family time -----------------------------------------------------------------------------------
@dataclass
class ArrangementSummary:
    arrangement: Arrangement
    upcoming: list[Session]
    recent: list[Session]
    missed_in_a_row: int
    flagged: bool
    pending_change: ArrangementChange | None


def missed_in_a_row(sessions: list[Session]) -> int:
    """How many of the latest recorded sessions, counting back, were not held (cancelled or not held)."""
    count = 0
    for session in sorted(sessions, key=lambda s: s.starts_at, reverse=True):
        if session.status == SessionStatus.BOOKED:
            continue
        if session.status == SessionStatus.HELD:
            break
        if session.replaced_by_id_list:
            continue
        count += 1
    return count


def _with_replacements(sessions: QuerySet[Session]) -> list[Session]:
    rows = list(sessions)
    replaced = set(Session.objects.filter(replaces__in=[s.pk for s in rows]).values_list("replaces_id", flat=True))
    for session in rows:
        session.replaced_by_id_list = session.pk in replaced
    return rows


def family_time_for_child(*, child: Child, today: date | None = None) -> list[ArrangementSummary]:
    """The child's arrangements with their upcoming and recent sessions and the missed-in-a-row flag."""
    from .operating import settings_on

    today = today or timezone.localdate()
    threshold = settings_on(today).missed_in_a_row
    arrangements = list(
        Arrangement.objects.filter(child=child).select_related("venue", "supervisor").order_by("-starts_on", "pk")
    )
    now = timezone.now()
    pending = {
        change.arrangement_id: change
        for change in ArrangementChange.objects.filter(
            arrangement__child=child, status="awaiting_decision"
        ).select_related("decision")
    }
    sessions = _with_replacements(
        Session.objects.filter(child=child).select_related("room", "venue", "supervisor").order_by("starts_at", "pk")
    )
    summaries = []
    for arrangement in arrangements:
        own = [s for s in sessions if s.arrangement_id == arrangement.pk]
        past = [s for s in own if s.starts_at <= now]
        missed = missed_in_a_row(past)
        summaries.append(
            ArrangementSummary(
                arrangement=arrangement,
                upcoming=[s for s in own if s.starts_at > now and s.status == SessionStatus.BOOKED][:6],
                recent=list(reversed(past))[:6],
                missed_in_a_row=missed,
                flagged=missed >= threshold,
                pending_change=pending.get(arrangement.pk),
            )
        )
    return summaries


def arrangement_history(arrangement: Arrangement) -> list[ArrangementChange]:
    return list(arrangement.changes.select_related("decision", "proposed_by").order_by("-proposed_at", "-pk"))


def risk_assessment_covering(arrangement: Arrangement, day: date, valid_days: int) -> RiskAssessment | None:
    """The latest risk assessment recorded within ``valid_days`` before the day (operating model setting)."""
    return (
        RiskAssessment.objects.filter(
            arrangement=arrangement, assessed_on__lte=day, assessed_on__gte=day - timedelta(days=valid_days)
        )
        .order_by("-assessed_on", "-pk")
        .first()
    )


# --- booking checks -------------------------------------------------------------------------------------------
def people_coming(arrangement: Arrangement) -> int:
    """Everyone in the room: the child, brothers and sisters, family members and the supervisor."""
    members = arrangement.family_members.count() or (1 if arrangement.with_whom else 0)
    return 1 + arrangement.siblings.count() + members + (1 if arrangement.supervisor_id else 0)


def _live(exclude: Session | None) -> QuerySet[Session]:
    sessions = Session.objects.filter(status__in=LIVE)
    return sessions.exclude(pk=exclude.pk) if exclude is not None else sessions


def venue_sessions_on(venue: Venue, day: date, exclude: Session | None = None) -> int:
    start, end = _day_bounds(day, day)
    return _live(exclude).filter(venue=venue, mode__in=DIRECT_MODES, starts_at__gte=start, starts_at__lt=end).count()


# No session lasts a day (at most 480 minutes, form and API alike): a session overlapping a time started less than a
# day before it. The lower bound lets the (resource, starts_at) indexes serve the clash checks, which would otherwise
# read every earlier session.
LONGEST_SESSION = timedelta(days=1)


def _overlapping(exclude: Session | None, starts_at: datetime, ends_at: datetime) -> QuerySet[Session]:
    return _live(exclude).filter(
        starts_at__gt=starts_at - LONGEST_SESSION, starts_at__lt=ends_at, ends_at__gt=starts_at
    )


def room_clash(room: Room, starts_at: datetime, *, ends_on: datetime, gap: int, exclude: Session | None) -> bool:
    margin = timedelta(minutes=gap)
    return _overlapping(exclude, starts_at - margin, ends_on + margin).filter(room=room).exists()


def supervisor_clash(supervisor: User, starts_at: datetime, ends_at: datetime, exclude: Session | None) -> bool:
    return _overlapping(exclude, starts_at, ends_at).filter(supervisor=supervisor).exists()


def family_ids(arrangement: Arrangement) -> list[int]:
    """The child and the brothers and sisters on the arrangement (and any who name the child as theirs)."""
    ids = {arrangement.child_id, *arrangement.siblings.values_list("pk", flat=True)}
    ids |= set(Arrangement.objects.filter(siblings=arrangement.child_id).values_list("child_id", flat=True))
    return sorted(ids)


def _family_sessions(arrangement: Arrangement) -> QuerySet[Session]:
    ids = family_ids(arrangement)
    # A subquery rather than a join, so that no DISTINCT is needed and each side of the OR uses its index.
    with_siblings = Arrangement.objects.filter(siblings__in=ids).values("pk")
    return Session.objects.filter(Q(child_id__in=ids) | Q(arrangement_id__in=with_siblings))


def family_clash(arrangement: Arrangement, starts_at: datetime, ends_at: datetime, exclude: Session | None) -> bool:
    return _overlapping(exclude, starts_at, ends_at).filter(pk__in=_family_sessions(arrangement).values("pk")).exists()


def school_hours_for(child: Child, day: date, by_day: SettingsByDay | None = None) -> tuple[time, time] | None:
    """The school day, for a child of school age on that date (weekdays in term time, outside the council's school
    holidays), as the operating model in force that day sets it (``school_day_starts_at`` to ``school_day_ends_at``,
    ages ``school_age_from`` to ``school_age_to``)."""
    by_day = by_day or SettingsByDay()
    if by_day.is_school_holiday(day):
        return None
    return by_day.on(day).school_hours_on(day, child.age_on(day))


class SlotFinder:
    """The free slots for one arrangement over a range of days, from a fixed number of queries: the venue's rooms,
    closures and sessions, the supervisor's and the family's sessions; then the pure rules of ``slots``."""

    def __init__(
        self,
        arrangement: Arrangement,
        first: date,
        last: date,
        *,
        by_day: SettingsByDay | None = None,
        now: datetime | None = None,
        supervisor: User | None = None,
    ) -> None:
        self.arrangement = arrangement
        self.first, self.last = first, last
        self.by_day = by_day or SettingsByDay()
        self.now = now or timezone.now()
        self.supervisor = supervisor if supervisor is not None else arrangement.supervisor
        self.direct = arrangement.is_direct
        self.duration = timedelta(minutes=arrangement.duration_minutes)
        self.people = people_coming(arrangement)
        start, end = _day_bounds(first, last)
        venue = arrangement.venue
        self.rooms = list(Room.objects.filter(venue=venue)) if venue and self.direct else []
        self._rooms_by_id = {room.pk: room for room in self.rooms}
        self.closures: dict[int, list[RoomClosure]] = {}
        for closure in RoomClosure.objects.filter(room__in=self.rooms, starts_on__lte=last).exclude(ends_on__lt=first):
            self.closures.setdefault(closure.room_id, []).append(closure)
        self.room_booked: dict[tuple[int, date], list[Interval]] = {}
        self.venue_count: dict[date, int] = {}
        if venue and self.direct:
            for session in Session.objects.filter(
                venue=venue, status__in=LIVE, starts_at__gte=start, starts_at__lt=end
            ).only("room_id", "starts_at", "ends_at", "mode"):
                self._add_venue(session)
        self.supervisor_busy: dict[date, list[Interval]] = {}
        if self.supervisor is not None:
            for session in Session.objects.filter(
                supervisor=self.supervisor, status__in=LIVE, starts_at__gte=start, starts_at__lt=end
            ).only("starts_at", "ends_at"):
                self.supervisor_busy.setdefault(_local(session.starts_at).date(), []).append(self._interval(session))
        self.family_busy: dict[date, list[Interval]] = {}
        for session in (
            _family_sessions(arrangement)
            .filter(status__in=LIVE, starts_at__gte=start, starts_at__lt=end)
            .only("starts_at", "ends_at")
        ):
            self.family_busy.setdefault(_local(session.starts_at).date(), []).append(self._interval(session))

    @staticmethod
    def _interval(session: Session) -> Interval:
        return Interval(_naive(session.starts_at), _naive(session.ends_at))

    def _add_venue(self, session: Session) -> None:
        day = _local(session.starts_at).date()
        if session.mode in DIRECT_MODES:
            self.venue_count[day] = self.venue_count.get(day, 0) + 1
        if session.room_id:
            self.room_booked.setdefault((session.room_id, day), []).append(self._interval(session))

    def add(self, session: Session) -> None:
        """Take a session just booked into account (when generating several)."""
        day = _local(session.starts_at).date()
        if self.arrangement.venue_id and session.venue_id == self.arrangement.venue_id:
            self._add_venue(session)
        if self.supervisor is not None and session.supervisor_id == self.supervisor.pk:
            self.supervisor_busy.setdefault(day, []).append(self._interval(session))
        self.family_busy.setdefault(day, []).append(self._interval(session))

    def room(self, pk: int) -> Room:
        return self._rooms_by_id[pk]

    def _in_use(self, room: Room, day: date) -> bool:
        return not any(closure.covers(day) for closure in self.closures.get(room.pk, []))

    def on(self, day: date, limit: int = 0) -> list[Slot]:
        rules = self.by_day.rules(day, self.arrangement.venue if self.rooms else None)
        request = Request(
            duration=self.duration,
            people=self.people,
            supervisor_busy=tuple(self.supervisor_busy.get(day, ())),
            family_busy=tuple(self.family_busy.get(day, ())),
            school_hours=school_hours_for(self.arrangement.child, day, self.by_day),
            not_before=_naive(self.now),
        )
        if not self.rooms:
            # A call, or direct family time away from a family centre (the community, the family home): times only.
            from .slots import is_open

            if not is_open(day, rules):
                return []
            starts = virtual_slots(day=day, rules=rules, request=request, limit=limit)
            return [Slot(0, "", timezone.make_aware(s), timezone.make_aware(s + self.duration)) for s in starts]
        rooms = [
            RoomDay(
                room_id=room.pk,
                name=room.name,
                capacity=room.capacity,
                in_use=self._in_use(room, day),
                booked=tuple(self.room_booked.get((room.pk, day), ())),
            )
            for room in self.rooms
        ]
        found = free_slots(
            day=day,
            rules=rules,
            rooms=rooms,
            request=request,
            sessions_that_day=self.venue_count.get(day, 0),
            limit=limit,
        )
        return [Slot(s.room_id, s.room_name, timezone.make_aware(s.start), timezone.make_aware(s.end)) for s in found]

    def first_free(self, first: date, last: date) -> Slot | None:
        day = first
        while day <= last:
            found = self.on(day, limit=1)
            if found:
                return found[0]
            day += timedelta(days=1)
        return None

    def next_free(self, count: int = 10, per_day: int = 3) -> list[Slot]:
        """The next ``count`` free slots from the first day, at most ``per_day`` a day."""
        found: list[Slot] = []
        day = self.first
        while day <= self.last and len(found) < count:
            found += self.on(day, limit=per_day)[: count - len(found)]
            day += timedelta(days=1)
        return found


def find_slots(
    *, arrangement: Arrangement, from_day: date, days: int = 28, count: int = 10, now: datetime | None = None
) -> list[Slot]:
    """The next free slots for an arrangement from ``from_day`` over ``days`` days."""
    finder = SlotFinder(arrangement, from_day, from_day + timedelta(days=days - 1), now=now)
    return finder.next_free(count=count)


# --- pages: the coordinator, the supervisor, the social worker ------------------------------------------------
def last_direct_session_subquery() -> Max:
    return Max(
        "child__family_time_sessions__starts_at",
        filter=Q(
            child__family_time_sessions__status=SessionStatus.HELD,
            child__family_time_sessions__mode_held__in=list(DIRECT_MODES),
        ),
    )


def waiting_list(*, user: User, venue: Venue | None = None) -> QuerySet[WaitingListEntry]:
    """The open waiting list in order of need: court-ordered first, then by how long since the child's last direct
    session (never first), then by when added. Ordered in the database, so a page of it reads only that page."""
    entries = (
        WaitingListEntry.objects.filter(resolved_on__isnull=True, arrangement__child__is_restricted=False)
        .filter(
            Q(venue__in=venues_for(user).values("pk")) | Q(arrangement__in=arrangements_visible_to(user).values("pk"))
        )
        .select_related("arrangement__child", "venue")
        .annotate(
            last_direct=Max(
                "arrangement__child__family_time_sessions__starts_at",
                filter=Q(
                    arrangement__child__family_time_sessions__status=SessionStatus.HELD,
                    arrangement__child__family_time_sessions__mode_held__in=list(DIRECT_MODES),
                ),
            ),
            need=Case(When(arrangement__source=Source.COURT_ORDER, then=Value(0)), default=Value(1)),
        )
    )
    if venue is not None:
        entries = entries.filter(venue=venue)
    return entries.order_by("need", F("last_direct").asc(nulls_first=True), "added_on", "pk")


def bookings(*, user: User, venue: Venue | None = None, first: date, last: date) -> QuerySet[Session]:
    """The coordinator's booking list: sessions at their venues in a date range."""
    start, end = _day_bounds(first, last)
    sessions = sessions_visible_to(user).filter(starts_at__gte=start, starts_at__lt=end)
    if venue is not None:
        sessions = sessions.filter(venue=venue)
    return sessions.select_related("child", "room", "venue", "supervisor", "arrangement").order_by("starts_at", "pk")


@dataclass
class GridCell:
    session: Session | None
    span: int
    label: str


@dataclass
class VenueGrid:
    day: date
    times: list[time]
    rows: list[tuple[Room, bool, str, list[GridCell]]]  # room, in use, closure reason, cells
    sessions: int
    limit: int


def venue_day(*, venue: Venue, day: date) -> VenueGrid:
    """A venue's day: rooms as rows, start times as columns, each session spanning the columns it covers."""
    by_day = SettingsByDay()
    rules = by_day.rules(day, venue)
    step = timedelta(minutes=rules.slot_minutes)
    times: list[time] = []
    moment = datetime.combine(day, rules.opens_at)
    close = datetime.combine(day, rules.closes_at)
    while moment < close:
        times.append(moment.time())
        moment += step
    start, end = _day_bounds(day, day)
    sessions = list(
        Session.objects.filter(venue=venue, status__in=LIVE, starts_at__gte=start, starts_at__lt=end)
        .select_related("child", "supervisor", "arrangement")
        .order_by("starts_at")
    )
    closures = {}
    for closure in RoomClosure.objects.filter(room__venue=venue, starts_on__lte=day).exclude(ends_on__lt=day):
        closures[closure.room_id] = closure.reason
    rows = []
    for room in venue.rooms.all():
        own = [s for s in sessions if s.room_id == room.pk]
        grid_cells: list[GridCell] = []
        index = 0
        while index < len(times):
            at = datetime.combine(day, times[index])
            session = next((s for s in own if _naive(s.starts_at) <= at < _naive(s.ends_at)), None)
            if session is None:
                grid_cells.append(GridCell(None, 1, "Free" if room.pk not in closures else "Out of use"))
                index += 1
                continue
            span = 0
            while index < len(times) and datetime.combine(day, times[index]) < _naive(session.ends_at):
                span += 1
                index += 1
            grid_cells.append(GridCell(session, span, ""))
        rows.append((room, room.pk not in closures, closures.get(room.pk, ""), grid_cells))
    return VenueGrid(
        day=day, times=times, rows=rows, sessions=sum(1 for s in sessions if s.is_direct), limit=rules.sessions_per_day
    )


def venue_week(*, venue: Venue, monday: date) -> list[tuple[Room, list[list[Session]]]]:
    """A venue's week: rooms as rows, days as columns, the sessions in each."""
    start, end = _day_bounds(monday, monday + timedelta(days=6))
    sessions = list(
        Session.objects.filter(venue=venue, status__in=LIVE, starts_at__gte=start, starts_at__lt=end)
        .select_related("child")
        .order_by("starts_at")
    )
    rows = []
    for room in venue.rooms.all():
        days = [[] for _ in range(7)]
        for session in sessions:
            if session.room_id == room.pk:
                days[(_local(session.starts_at).date() - monday).days].append(session)
        rows.append((room, days))
    return rows


def needing_attention(*, user: User) -> QuerySet[Session]:
    """The social worker's sessions needing attention: feedback to read and concerns raised, for the children
    allocated to them."""
    return (
        sessions_visible_to(user)
        .filter(
            child__allocations__worker=user,
            child__allocations__ended_on__isnull=True,
            read_by_worker_at__isnull=True,
        )
        .filter(Q(concern_raised=True) | ~Q(carer_feedback=""))
        .select_related("child", "arrangement")
        .distinct()
        .order_by("-concern_raised", "starts_at", "pk")
    )


def attention_count(user: User) -> int:
    if getattr(user, "role", "") not in {Role.SOCIAL_WORKER, Role.PERSONAL_ADVISER, Role.TEAM_MANAGER}:
        return 0
    return needing_attention(user=user).count()


def supervisor_sessions(*, user: User, first: date, last: date) -> QuerySet[Session]:
    start, end = _day_bounds(first, last)
    return (
        Session.objects.filter(supervisor=user, starts_at__gte=start, starts_at__lt=end)
        .select_related("child", "room", "venue", "arrangement")
        .order_by("starts_at", "pk")
    )


def supervisor_tasks(*, user: User) -> QuerySet[SupervisorTask]:
    return (
        SupervisorTask.objects.filter(supervisor=user, done_on__isnull=True)
        .select_related("session__child")
        .order_by("due_on", "pk")
    )


def flagged_arrangements(*, user: User, today: date | None = None) -> list[tuple[Arrangement, int]]:
    """Active arrangements the user may see whose latest sessions were missed in a row (the operating model's
    number)."""
    from .operating import settings_on

    today = today or timezone.localdate()
    threshold = settings_on(today).missed_in_a_row
    arrangements = list(arrangements_visible_to(user).filter(status="active").select_related("child").order_by("pk"))
    now = timezone.now()
    sessions = _with_replacements(
        Session.objects.filter(arrangement__in=[a.pk for a in arrangements], starts_at__lte=now)
    )
    by_arrangement: dict[int, list[Session]] = {}
    for session in sessions:
        by_arrangement.setdefault(session.arrangement_id, []).append(session)
    flagged = []
    for arrangement in arrangements:
        missed = missed_in_a_row(by_arrangement.get(arrangement.pk, []))
        if missed >= threshold:
            flagged.append((arrangement, missed))
    return flagged


def session_counts(sessions: QuerySet[Session]) -> dict[str, int]:
    return dict(sessions.values_list("status").annotate(n=Count("pk")))


def children_with_arrangements(user: User) -> QuerySet[Child]:
    return children_visible_to(user).filter(Exists(Arrangement.objects.filter(child=OuterRef("pk"))))


def organisation_wide(user: User) -> bool:
    return getattr(user, "role", "") in ORGANISATION_WIDE_ROLES


def nav_count(user: User) -> int:
    """Beside "Family time" in the navigation: a supervisor's observation notes due, a worker's sessions needing
    attention."""
    if is_supervisor(user):
        return SupervisorTask.objects.filter(supervisor=user, done_on__isnull=True).count()
    return attention_count(user)


def supervision_still_held(user: User) -> list[str]:
    """Before a member of staff leaves: the family time sessions still booked for them to supervise, and the
    arrangements they supervise (each must be handed on)."""
    held = []
    booked = Session.objects.filter(supervisor=user, status=SessionStatus.BOOKED, starts_at__gte=timezone.now()).count()
    if booked:
        held.append(f"{booked} booked family time session{'s' if booked != 1 else ''} to supervise")
    arrangements = Arrangement.objects.filter(supervisor=user, status="active").count()
    if arrangements:
        held.append(f"{arrangements} family time arrangement{'s' if arrangements != 1 else ''} they supervise")
    return held
