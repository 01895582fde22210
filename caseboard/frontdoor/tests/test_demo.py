from __future__ import annotations

from datetime import date, timedelta

import pytest

from caseboard.casework.demo import DemoBuilder
from caseboard.frontdoor.demo import add_demo_front_door, weekly_factor, windows
from caseboard.frontdoor.models import Assessment, Contact, Referral
from caseboard.people.models import Child


def snapshot():
    return (
        list(Contact.objects.order_by("pk").values_list("received_on", "decision", "referrer_agency")),
        list(Referral.objects.order_by("pk").values_list("received_on", "child__local_id", "is_re_referral")),
        list(Assessment.objects.order_by("pk").values_list("started_on", "completed_on", "outcome")),
    )


@pytest.mark.django_db
def test_the_demo_front_door_is_valid():
    today = date(2020, 6, 4)
    DemoBuilder(children=60, seed=3, today=today).build()
    summary = add_demo_front_door(3, today)
    first = snapshot()
    assert "contacts" in summary and first[1]
    for referral in Referral.objects.select_related("episode")[:200]:
        assert referral.episode is None or referral.episode.start_on == referral.received_on
    for assessment in Assessment.objects.select_related("referral")[:500]:
        assert assessment.started_on >= assessment.referral.received_on
        assert assessment.completed_on is None or assessment.completed_on >= assessment.started_on
        assert assessment.completed_on is None or assessment.completed_on <= today
        assert assessment.factors == ["21"] or "21" not in assessment.factors
    children = Child.objects.count()
    assert children == 60  # the demo keeps its number of children


@pytest.mark.django_db
def test_the_same_seed_builds_the_same_front_door():
    from caseboard.casework.tests.test_demo import wipe

    today = date(2020, 6, 4)
    DemoBuilder(children=60, seed=3, today=today).build()
    add_demo_front_door(3, today)
    first = snapshot()
    Contact.objects.all().delete()
    Referral.objects.all().delete()
    wipe()
    DemoBuilder(children=60, seed=3, today=today).build()
    add_demo_front_door(3, today)
    assert snapshot() == first


@pytest.mark.django_db
def test_child_in_need_episodes_never_overlap():
    from caseboard.casework.models import Episode

    today = date(2026, 11, 24)
    DemoBuilder(children=60, seed=5, today=today).build()
    add_demo_front_door(5, today)
    spans: dict[int, list] = {}
    for child_id, start, end in (
        Episode.objects.filter(kind="cin")
        .order_by("child_id", "start_on")
        .values_list("child_id", "start_on", "end_on")
    ):
        previous = spans.setdefault(child_id, [])
        assert not previous or (previous[-1] is not None and previous[-1] < start), child_id
        previous.append(end)


def test_the_2020_pattern_and_the_windows():
    assert weekly_factor(date(2020, 3, 23)) == 0.7
    assert weekly_factor(date(2020, 5, 25)) == 0.7
    assert weekly_factor(date(2020, 6, 1)) > 0.7
    assert weekly_factor(date(2020, 10, 5)) == 1.2
    assert windows(date(2020, 6, 4), 3000) == [(date(2017, 4, 1), date(2020, 6, 4))]
    assert windows(date(2026, 11, 24), 3000) == [
        (date(2019, 4, 1), date(2020, 12, 31)),
        (date(2023, 11, 24), date(2026, 11, 24)),
    ]
    big = windows(date(2026, 11, 24), 100_000)
    assert big[-1] == (date(2026, 11, 24) - timedelta(weeks=13), date(2026, 11, 24))
