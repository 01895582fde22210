"""The demo council's accounts and staff records.

- ``DEMO_ACCOUNTS``: the sign-in accounts. The sign-in page lists them in demo mode, the demo builder
  (``caseboard.casework.demo``) makes them, and README.md's "First ten minutes as each role" follows them. A test
  builds the demo and checks each account exists with the role and team said here.
- Line managers (each worker reports to a team manager of their first team, the demo ``worker`` to ``manager``; each
  team manager to the head of their team's service) and a history back to 2019 (when each joined, and for some a
  move between teams or a promotion to team manager). Deterministic for a seed and ``today``. Written in bulk inside
  an ``audit_bypass`` (loading demo data is not a change anyone made).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from caseboard.core.audit import audit_bypass

from .models import Role, StaffChange, StaffChangeKind, Team, User

HISTORY_FROM = date(2019, 1, 7)
DEMO_NOTE = "Loaded with the demo council"

# The demo accounts the README's journeys follow report to the demo manager and head.
DEMO_LINE_MANAGERS = {"worker": "manager", "manager": "head"}


def add_demo_line_managers(seed: int, today: date) -> str:
    users = {user.pk: user for user in User.objects.prefetch_related("teams").order_by("pk")}
    by_username = {user.username: user for user in users.values()}
    heads = {user.service_id: user for user in users.values() if user.role == Role.HEAD_OF_SERVICE and user.service_id}
    managers: dict[int, list[User]] = {}
    for user in users.values():
        if user.role == Role.TEAM_MANAGER:
            for team in user.teams.all():
                managers.setdefault(team.pk, []).append(user)
    services = dict(Team.objects.values_list("pk", "service_id"))
    changed: list[User] = []
    for user in users.values():
        teams = sorted(user.teams.all(), key=lambda team: team.pk)
        line_manager: User | None = None
        if user.username in DEMO_LINE_MANAGERS:
            line_manager = by_username.get(DEMO_LINE_MANAGERS[user.username])
        elif user.role == Role.TEAM_MANAGER and teams:
            line_manager = heads.get(services[teams[0].pk])
        elif teams and managers.get(teams[0].pk):
            candidates = managers[teams[0].pk]
            line_manager = candidates[user.pk % len(candidates)]
        if line_manager is not None and line_manager.pk != user.pk and user.line_manager_id != line_manager.pk:
            user.line_manager = line_manager
            changed.append(user)
    with audit_bypass("loading fictional demo data"), transaction.atomic():
        User.objects.bulk_update(changed, ["line_manager"], batch_size=500)
    return f"{len(changed):,} staff with a line manager"


def _at(day: date, rng: random.Random) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(9, rng.randrange(0, 60))))


def add_demo_staff_history(seed: int, today: date) -> str:
    """When each member of staff joined (most in January 2019, when the council started with Caseboard; others
    since), and for about one in ten a move from another team of
    their service, for about half the team managers their promotion from social worker; once per database."""
    if StaffChange.objects.exists():
        return "staff history already loaded"
    rng = random.Random(seed * 4099)
    admin = User.objects.filter(role=Role.ADMINISTRATOR).order_by("pk").first()
    teams_by_service: dict[int, list[Team]] = {}
    for team in Team.objects.order_by("pk"):
        teams_by_service.setdefault(team.service_id, []).append(team)
    span = max((today - timedelta(days=60) - HISTORY_FROM).days, 1)
    rows: list[StaffChange] = []
    joined: list[User] = []
    for user in User.objects.prefetch_related("teams").order_by("pk"):
        teams = sorted(user.teams.all(), key=lambda team: team.pk)
        # Most staff were already in post when the council started using Caseboard; the rest joined since.
        start = HISTORY_FROM + timedelta(days=rng.randrange(5) if rng.random() < 0.6 else rng.randrange(span))
        first_role = user.get_role_display()
        promoted = user.role == Role.TEAM_MANAGER and rng.random() < 0.5
        if promoted:
            first_role = Role.SOCIAL_WORKER.label
        names = [team.name for team in teams]
        moved_from: Team | None = None
        if teams and rng.random() < 0.1:
            others = [team for team in teams_by_service.get(teams[0].service_id, []) if team not in teams]
            moved_from = rng.choice(others) if others else None
        first_teams = [moved_from.name, *names[1:]] if moved_from else names
        summary = first_role + (f", {', '.join(sorted(first_teams))}" if first_teams else "")
        rows.append(
            StaffChange(
                member=user,
                kind=StaffChangeKind.ADDED,
                to_value=summary,
                note=DEMO_NOTE,
                changed_by=admin,
                changed_at=_at(start, rng),
            )
        )
        user.date_joined = _at(start, rng)
        joined.append(user)
        later = start + timedelta(days=rng.randrange(30, max((today - start).days, 31)))
        if promoted and later < today:
            rows.append(
                StaffChange(
                    member=user,
                    kind=StaffChangeKind.ROLE,
                    from_value=Role.SOCIAL_WORKER.label,
                    to_value=user.get_role_display(),
                    changed_by=admin,
                    changed_at=_at(later, rng),
                )
            )
        if moved_from is not None and later < today:
            rows.append(
                StaffChange(
                    member=user,
                    kind=StaffChangeKind.TEAMS,
                    from_value=", ".join(sorted(first_teams)),
                    to_value=", ".join(sorted(names)),
                    changed_by=admin,
                    changed_at=_at(later + timedelta(days=1), rng),
                )
            )
    with audit_bypass("loading fictional demo data"), transaction.atomic():
        StaffChange.objects.bulk_create(rows, batch_size=1000)
        User.objects.bulk_update(joined, ["date_joined"], batch_size=500)
    return f"{len(rows):,} staff history rows from {HISTORY_FROM:%B %Y}"


DEMO_PASSWORD = "caseboard-demo"


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: str  # the Role value
    where: str  # the team or service, as the sign-in page shows it ("" for council-wide roles)
    try_first: str  # the journey to try first, in a few words

    @property
    def description(self) -> str:
        label = Role(self.role).label
        return f"{label}, {self.where}" if self.where else label


DEMO_ACCOUNTS: tuple[DemoAccount, ...] = (
    DemoAccount("worker", "social_worker", "Children in need team 1", "My caseload, a pre-visit check and a visit"),
    DemoAccount("manager", "team_manager", "Children in need team 1", "Approvals, the team's RAG ratings, allocation"),
    DemoAccount("head", "head_of_service", "Children in need", "The operating model, approvals, the access report"),
    DemoAccount("cp.worker", "social_worker", "Child protection team 1", "Propose no face-to-face visit on a CP case"),
    DemoAccount("cp.manager", "team_manager", "Child protection team 1", "Core groups, conferences, the team worklist"),
    DemoAccount("cp.head", "head_of_service", "Child protection", "Approve no face-to-face visit on a CP case"),
    DemoAccount("iro", "iro", "Independent reviewing team 1", "My looked-after reviews, chairing a conference"),
    DemoAccount("pa", "personal_adviser", "Leaving care team 1", "Care leavers' contact by RAG rating"),
    DemoAccount("frontdoor", "front_door", "MASH team 1", "Record a contact and decide on it, screening"),
    DemoAccount("tm.mash-team-1", "team_manager", "MASH team 1", "Front door decisions, a remote initial visit"),
    DemoAccount("coordinator", "family_time_coordinator", "Riverside Family Centre", "Family time: rooms and sessions"),
    DemoAccount("supervisor", "family_time_supervisor", "Riverside Family Centre", "Family time sessions to supervise"),
    DemoAccount("performance", "performance_officer", "", "Reports, the weekly visits return, stored returns"),
    DemoAccount("hr", "hr_adviser", "", "Staff availability and its health reasons"),
    DemoAccount("admin", "administrator", "", "Django admin, recompute due items, the operating model"),
)
