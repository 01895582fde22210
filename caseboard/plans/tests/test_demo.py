"""Demo plans: consistent with each child's episodes, deterministic by seed, and in the 2020 scenario with actions
delayed by the pandemic that the delays report lists."""

from __future__ import annotations

from datetime import date

import pytest

from caseboard.casework.demo import DemoBuilder
from caseboard.plans.demo import add_demo_plans
from caseboard.plans.models import PANDEMIC, Action, Delay, Plan

pytestmark = pytest.mark.django_db
SCENARIO_TODAY = date(2020, 6, 4)


def build(today: date) -> str:
    DemoBuilder(children=200, seed=3, today=today).build()
    return add_demo_plans(3, today)


def test_demo_plans_follow_the_episodes_and_the_pandemic_delays_them():
    summary = build(SCENARIO_TODAY)
    assert "plans" in summary and Plan.objects.exists()
    for plan in Plan.objects.select_related("episode", "child"):
        assert plan.episode is not None and plan.started_on >= plan.episode.start_on
        assert plan.child.date_of_birth is None or plan.started_on >= plan.child.date_of_birth
    assert all(a.due_on >= a.plan.started_on for a in Action.objects.select_related("plan"))
    pandemic = Delay.objects.filter(reason=PANDEMIC)
    assert pandemic.exists()
    assert all(date(2020, 3, 23) <= d.was_due_on <= SCENARIO_TODAY for d in pandemic)
    assert all(d.team_id for d in Delay.objects.all())


def test_demo_plans_are_deterministic():
    first = build(SCENARIO_TODAY)
    rows = list(Action.objects.order_by("pk").values_list("text", "due_on", "status"))
    Plan.objects.all().delete()
    Delay.objects.all().delete()
    assert add_demo_plans(3, SCENARIO_TODAY) == first
    assert list(Action.objects.order_by("pk").values_list("text", "due_on", "status")) == rows
