"""Line managers for the demo council's staff: each worker reports to a team manager of their first team (the
demo ``worker`` to ``manager``), each team manager to the head of their team's service. Deterministic: the same
staff get the same line managers. Written in bulk inside an ``audit_bypass`` (loading demo data is not a change
anyone made)."""

from __future__ import annotations

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
