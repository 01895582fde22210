"""Shared fixtures: a small council with one user of every role, and children placed so that need-to-know
can be checked from every side."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from caseboard.accounts.models import Role, Service, Team, User
from caseboard.casework.models import Allocation, AllocationRole, Episode
from caseboard.people.models import Child
from caseboard.testing.database import reinstall_migration_data
from caseboard.testing.factories import PASSWORD, AllocationFactory, ChildFactory, EpisodeFactory, UserFactory

__all__ = ["PASSWORD", "Council", "allocate", "make_child", "make_user", "open_cin"]


@dataclass
class Council:
    cin: Service
    cp: Service
    cin_team: Team
    cin_team_2: Team
    cp_team: Team
    worker: User
    colleague: User
    other_worker: User
    cp_worker: User
    manager: User
    head: User
    cp_head: User
    iro: User
    performance: User
    admin: User
    nobody: User
    own_child: Child
    team_child: Child
    other_team_child: Child
    cp_child: Child
    restricted_child: Child
    closed_child: Child

    @property
    def users(self) -> list[User]:
        return [
            self.worker,
            self.colleague,
            self.other_worker,
            self.cp_worker,
            self.manager,
            self.head,
            self.cp_head,
            self.iro,
            self.performance,
            self.admin,
            self.nobody,
        ]

    @property
    def children(self) -> list[Child]:
        return [
            self.own_child,
            self.team_child,
            self.other_team_child,
            self.cp_child,
            self.restricted_child,
            self.closed_child,
        ]


def make_user(username: str, role: str, *teams: Team, **extra: object) -> User:
    return UserFactory(username=username, role=role, first_name=username.title(), teams=list(teams), **extra)


def make_child(local_id: str, first: str, last: str, *, dob: date = date(2015, 3, 27), **extra: object) -> Child:
    return ChildFactory(local_id=local_id, first_name=first, last_name=last, date_of_birth=dob, **extra)


def allocate(
    child: Child,
    worker: User,
    team: Team,
    *,
    role: str = AllocationRole.SOCIAL_WORKER,
    started_on: date = date(2026, 1, 5),
    ended_on: date | None = None,
) -> Allocation:
    return AllocationFactory(child=child, worker=worker, team=team, role=role, started_on=started_on, ended_on=ended_on)


def open_cin(child: Child, start_on: date = date(2026, 1, 5)) -> Episode:
    return EpisodeFactory(child=child, start_on=start_on)


def _reinstall_migration_data() -> None:
    """What the data migrations install: a transactional test that ran before this one may have flushed it (the
    root conftest.py puts it back after each one; this covers a flush made some other way)."""
    reinstall_migration_data()


@pytest.fixture
def council(db) -> Council:
    _reinstall_migration_data()
    cin = Service.objects.create(name="Children in need", slug="cin")
    cp = Service.objects.create(name="Child protection", slug="cp")
    qa = Service.objects.create(name="Quality assurance", slug="qa")
    cin_team = Team.objects.create(name="CIN team 1", service=cin)
    cin_team_2 = Team.objects.create(name="CIN team 2", service=cin)
    cp_team = Team.objects.create(name="CP team 1", service=cp)
    iro_team = Team.objects.create(name="IRO team", service=qa)
    worker = make_user("worker", Role.SOCIAL_WORKER, cin_team)
    colleague = make_user("colleague", Role.SOCIAL_WORKER, cin_team)
    other_worker = make_user("otherworker", Role.SOCIAL_WORKER, cin_team_2)
    cp_worker = make_user("cpworker", Role.SOCIAL_WORKER, cp_team)
    manager = make_user("manager", Role.TEAM_MANAGER, cin_team)
    head = make_user("head", Role.HEAD_OF_SERVICE, service=cin)
    cp_head = make_user("cphead", Role.HEAD_OF_SERVICE, service=cp)
    iro = make_user("iro", Role.IRO, iro_team)
    performance = make_user("performance", Role.PERFORMANCE_OFFICER)
    admin = make_user("admin", Role.ADMINISTRATOR, is_staff=True, is_superuser=True)
    nobody = make_user("nobody", "", cin_team)

    own_child = make_child("C1", "Ava", "Brown")
    team_child = make_child("C2", "Ben", "Clarke")
    other_team_child = make_child("C3", "Cara", "Dixon")
    cp_child = make_child("C4", "Dan", "Evans")
    restricted_child = make_child("C5", "Eve", "Fisher", is_restricted=True)
    closed_child = make_child("C6", "Finn", "Green")
    for child in (own_child, team_child, other_team_child, cp_child, restricted_child, closed_child):
        open_cin(child)
    allocate(own_child, worker, cin_team)
    allocate(team_child, colleague, cin_team)
    allocate(other_team_child, other_worker, cin_team_2)
    allocate(cp_child, cp_worker, cp_team)
    allocate(cp_child, iro, iro_team, role=AllocationRole.IRO)
    allocate(restricted_child, worker, cin_team)
    restricted_child.restricted_to.set([manager])
    allocate(closed_child, worker, cin_team, started_on=date(2025, 1, 6), ended_on=date(2025, 6, 30))
    return Council(
        cin,
        cp,
        cin_team,
        cin_team_2,
        cp_team,
        worker,
        colleague,
        other_worker,
        cp_worker,
        manager,
        head,
        cp_head,
        iro,
        performance,
        admin,
        nobody,
        own_child,
        team_child,
        other_team_child,
        cp_child,
        restricted_child,
        closed_child,
    )


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Argon2 is deliberately slow; tests that are not about hashing use a fast hasher."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
