"""The demo council's accounts.

- ``DEMO_ACCOUNTS``: the sign-in accounts. The sign-in page lists them in demo mode, the demo builder
  (``caseboard.casework.demo``) makes them, and README.md's "First ten minutes as each role" follows them. A test
  builds the demo and checks each account exists with the role and team said here.
- ``add_demo_line_managers``: line managers for the demo council's staff: each worker reports to a team manager of
  their first team (the demo ``worker`` to ``manager``), each team manager to the head of their team's service.
  Deterministic: the same staff get the same line managers. Written in bulk inside an ``audit_bypass`` (loading demo
  data is not a change anyone made).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import transaction

from caseboard.core.audit import audit_bypass

from .models import Role, Team, User

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
    DemoAccount("admin", "administrator", "", "Django admin, recompute due items, the operating model"),
)
