"""The demo load is all or nothing: a failure midway (after the council is built, during the apps' demo steps)
leaves no row behind, so ``--if-empty`` does not take a half-built council for a loaded one, and a re-run builds it."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.core.management import call_command

from caseboard.devtools.management.commands import seed_demo
from caseboard.people.models import Child

pytestmark = pytest.mark.django_db


class Killed(Exception):
    pass


def row_counts() -> dict[str, int]:
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


def test_a_load_that_fails_midway_leaves_nothing_and_a_rerun_builds_the_council(monkeypatch):
    before = row_counts()
    steps = list(seed_demo.demo_steps)
    ran: list[str] = []

    def killed_midway(seed, today):
        ran.append("killed")
        assert Child.objects.exists()  # the council and the first steps are written by now
        raise Killed

    midway = len(steps) // 2
    monkeypatch.setattr(seed_demo, "demo_steps", [*steps[:midway], killed_midway, *steps[midway:]])
    with pytest.raises(Killed):
        call_command("seed_demo", children=20, seed=1, if_empty=True, verbosity=0)
    assert ran == ["killed"]
    after = row_counts()
    assert {label: n for label, n in after.items() if n != before[label]} == {}

    monkeypatch.setattr(seed_demo, "demo_steps", steps)
    call_command("seed_demo", children=20, seed=1, if_empty=True, verbosity=0)
    assert Child.objects.count() == 20
    built = row_counts()
    call_command("seed_demo", children=20, seed=1, if_empty=True, verbosity=0)  # loaded: nothing more
    assert row_counts() == built
