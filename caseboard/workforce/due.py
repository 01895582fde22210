"""Staff due items: the next welfare check-in, team meeting or supervision each person is responsible for, from the
cadences of the operating model in force (``rules_in_force``) and the last one held. A derived table, replaced as a
whole after every check-in, supervision, buddy pair or availability change (on commit) and nightly."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.db.models import Max

from caseboard.accounts.models import Role, User

from .cadence import Cadence, next_due
from .models import (
    AVAILABLE_STATUSES,
    NEEDS_END,
    BuddyPair,
    CheckIn,
    CheckInKind,
    StaffDueItem,
    StaffDueKind,
    StaffRecord,
    SupervisionSession,
)
from .rules_in_force import cadence_for, settings_on, supervision_cadence
from .selectors import line_manager_id_of, periods_on


@dataclass(frozen=True)
class Duty:
    """One recurring responsibility: ``responsible`` checks in with ``subject`` (or holds ``team``'s meeting)."""

    kind: str
    responsible_id: int
    subject_id: int | None
    team_id: int | None
    cadence: Cadence
    since: date
    last: date | None


def _since(settings: object, floor: date) -> date:
    version = getattr(settings, "version", None) if getattr(settings, "version_id", None) else None
    start = version.effective_from if version is not None else floor
    return max(start, floor)


def _last_between(kinds: list[str]) -> dict[tuple[str, frozenset[int]], date]:
    """The latest check-in of each kind between each two people, in either direction (one query)."""
    rows = (
        CheckIn.objects.filter(kind__in=kinds, with_person__isnull=False)
        .values("kind", "by_id", "with_person_id")
        .annotate(last=Max("held_on"))
        .order_by()
    )
    found: dict[tuple[str, frozenset[int]], date] = {}
    for row in rows:
        key = (row["kind"], frozenset({row["by_id"], row["with_person_id"]}))
        found[key] = max(found.get(key, row["last"]), row["last"])
    return found


def duties_on(today: date) -> list[Duty]:
    """Every recurring check-in and supervision due under the operating model in force on ``today``."""
    settings = settings_on(today)
    duties: list[Duty] = []
    staff = {u.pk: u for u in User.objects.filter(is_active=True).exclude(role="")}
    memberships: dict[int, list[int]] = defaultdict(list)  # team -> members
    teams_of: dict[int, list[int]] = defaultdict(list)
    service_of_team: dict[int, int] = {}
    for team_id, user_id, service_id in User.teams.through.objects.values_list(
        "team_id", "user_id", "team__service_id"
    ):
        if user_id in staff:
            memberships[team_id].append(user_id)
            teams_of[user_id].append(team_id)
            service_of_team[team_id] = service_id
    managers_of_team = {
        team_id: sorted(pk for pk in members if staff[pk].role == Role.TEAM_MANAGER)
        for team_id, members in memberships.items()
    }
    last = _last_between([k.value for k in CheckInKind if k != CheckInKind.TEAM_MEETING])
    floor = today.replace(year=today.year - 1)
    today_periods = periods_on(list(staff), today)

    buddy = cadence_for(settings, StaffDueKind.BUDDY)
    if buddy:
        for pair in BuddyPair.objects.filter(ends_on__isnull=True, starts_on__lte=today):
            when = last.get((CheckInKind.BUDDY, frozenset({pair.first_id, pair.second_id})))
            for a, b in ((pair.first_id, pair.second_id), (pair.second_id, pair.first_id)):
                if a in staff and b in staff:
                    duties.append(
                        Duty(
                            StaffDueKind.BUDDY,
                            a,
                            b,
                            pair.team_id,
                            buddy,
                            max(pair.starts_on, _since(settings, floor)),
                            when,
                        )
                    )

    leader = cadence_for(settings, StaffDueKind.TEAM_LEADER)
    away = cadence_for(settings, StaffDueKind.UNAVAILABLE)
    if leader or away:
        for person_id, person in staff.items():
            if person.role in {Role.TEAM_MANAGER, Role.HEAD_OF_SERVICE, Role.ASSISTANT_DIRECTOR, Role.ADMINISTRATOR}:
                continue
            responsible = _line_manager(person, teams_of, managers_of_team)
            if responsible is None or responsible not in staff:
                continue
            period = today_periods.get(person_id)
            isolating = period is not None and period.status in NEEDS_END
            cadence, kind = (away, StaffDueKind.UNAVAILABLE) if isolating else (leader, StaffDueKind.TEAM_LEADER)
            if period is not None and period.status not in AVAILABLE_STATUSES and not isolating:
                continue  # on leave, sick or redeployed: no routine call
            if cadence is None:
                continue
            since = max(period.starts_on, _since(settings, floor)) if isolating else _since(settings, floor)
            when = last.get((CheckInKind.TEAM_LEADER, frozenset({responsible, person_id})))
            team_id = teams_of[person_id][0] if teams_of[person_id] else None
            duties.append(Duty(kind, responsible, person_id, team_id, cadence, since, when))

    meeting = cadence_for(settings, StaffDueKind.TEAM_MEETING)
    if meeting:
        held = dict(
            CheckIn.objects.filter(kind=CheckInKind.TEAM_MEETING, team__isnull=False)
            .values("team_id")
            .annotate(last=Max("held_on"))
            .values_list("team_id", "last")
        )
        for team_id, managers in managers_of_team.items():
            if managers:
                duties.append(
                    Duty(
                        StaffDueKind.TEAM_MEETING,
                        managers[0],
                        None,
                        team_id,
                        meeting,
                        _since(settings, floor),
                        held.get(team_id),
                    )
                )

    head = cadence_for(settings, StaffDueKind.HEAD_OF_SERVICE)
    if head:
        heads = {u.service_id: u.pk for u in staff.values() if u.role == Role.HEAD_OF_SERVICE and u.service_id}
        for team_id, managers in managers_of_team.items():
            head_id = heads.get(service_of_team.get(team_id))
            for manager_id in managers:
                if head_id:
                    when = last.get((CheckInKind.HEAD_OF_SERVICE, frozenset({head_id, manager_id})))
                    duties.append(
                        Duty(
                            StaffDueKind.HEAD_OF_SERVICE,
                            head_id,
                            manager_id,
                            team_id,
                            head,
                            _since(settings, floor),
                            when,
                        )
                    )

    director = cadence_for(settings, StaffDueKind.ASSISTANT_DIRECTOR)
    if director:
        for ad in (u for u in staff.values() if u.role == Role.ASSISTANT_DIRECTOR):
            for hos in (u for u in staff.values() if u.role == Role.HEAD_OF_SERVICE):
                when = last.get((CheckInKind.ASSISTANT_DIRECTOR, frozenset({ad.pk, hos.pk})))
                duties.append(
                    Duty(StaffDueKind.ASSISTANT_DIRECTOR, ad.pk, hos.pk, None, director, _since(settings, floor), when)
                )

    duties += _supervision_duties(settings, staff, teams_of, managers_of_team, service_of_team, today)
    return duties


def _line_manager(person: User, teams_of: dict[int, list[int]], managers_of_team: dict[int, list[int]]) -> int | None:
    """The line manager on the account, else the first team manager of the person's first team."""
    manager_id = line_manager_id_of(person)
    if manager_id:
        return manager_id
    for team_id in teams_of.get(person.pk, []):
        managers = [m for m in managers_of_team.get(team_id, []) if m != person.pk]
        if managers:
            return managers[0]
    return None


def _supervision_duties(
    settings: object,
    staff: dict[int, User],
    teams_of: dict[int, list[int]],
    managers_of_team: dict[int, list[int]],
    service_of_team: dict[int, int],
    today: date,
) -> list[Duty]:
    records = {r.user_id: r for r in StaffRecord.objects.all()}
    last = dict(
        SupervisionSession.objects.values("supervisee_id")
        .annotate(last=Max("held_on"))
        .values_list("supervisee_id", "last")
    )
    heads = {u.service_id: u.pk for u in staff.values() if u.role == Role.HEAD_OF_SERVICE and u.service_id}
    duties = []
    for person_id, person in staff.items():
        if person.role in {Role.ADMINISTRATOR, Role.PERFORMANCE_OFFICER, Role.HEAD_OF_SERVICE, Role.ASSISTANT_DIRECTOR}:
            continue
        if person.role == Role.TEAM_MANAGER:
            supervisor = line_manager_id_of(person)
            if supervisor is None:
                services = [service_of_team[t] for t in teams_of.get(person_id, []) if t in service_of_team]
                supervisor = heads.get(services[0]) if services else None
        else:
            supervisor = _line_manager(person, teams_of, managers_of_team)
        if supervisor is None or supervisor not in staff:
            continue
        record = records.get(person_id)
        cadence = supervision_cadence(
            settings, role=person.role, first_year=bool(record and record.in_first_year_on(today))
        )
        if cadence is None:
            continue
        since = max(person.date_joined.date(), today.replace(year=today.year - 1))
        team_id = teams_of[person_id][0] if teams_of.get(person_id) else None
        duties.append(
            Duty(StaffDueKind.SUPERVISION, supervisor, person_id, team_id, cadence, since, last.get(person_id))
        )
    return duties


def basis(duty: Duty) -> str:
    what = StaffDueKind(duty.kind).label
    after = f"the last on {duty.last:%-d %B %Y}" if duty.last and duty.last >= duty.since else f"{duty.since:%-d %B %Y}"
    return f"{what} {duty.cadence.words} (operating model setting {duty.cadence.setting}), counted from {after}"


@transaction.atomic
def staff_due_recompute(*, today: date, people: list[int] | None = None) -> int:
    """Replace the staff due items with those due under the operating model in force ``today``. ``people`` is
    accepted for callers that know who changed; the whole table is rebuilt either way (it is small: a few rows per
    member of staff), so that no item is ever stale. Returns the number of items."""
    duties = duties_on(today)
    StaffDueItem.objects.all().delete()
    items = [
        StaffDueItem(
            kind=duty.kind,
            responsible_id=duty.responsible_id,
            subject_id=duty.subject_id,
            team_id=duty.team_id,
            due_on=next_due(duty.cadence, since=duty.since, last=duty.last),
            last_on=duty.last,
            basis=basis(duty)[:300],
            computed_on=today,
        )
        for duty in duties
    ]
    StaffDueItem.objects.bulk_create(items, batch_size=1000)
    return len(items)
