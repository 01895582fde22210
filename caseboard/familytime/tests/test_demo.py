"""Demo family time: a family centre with seven rooms, arrangements for most looked-after children, two years of
sessions that keep every booking rule, deterministic by seed; and the covid-2020 timeline."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

import pytest
from django.db.models import Count
from django.utils import timezone

from caseboard.casework.demo import DemoBuilder
from caseboard.casework.models import Episode, EpisodeKind
from caseboard.familytime.demo import add_demo_family_time
from caseboard.familytime.models import Arrangement, Room, RoomClosure, Session, SlotClaim, WaitingListEntry
from caseboard.familytime.reports import waiting_over_time

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 24)


def build(today: date, children: int = 200) -> str:
    DemoBuilder(children=children, seed=3, today=today).build()
    return add_demo_family_time(3, today)


def per_day(sessions) -> Counter:
    return Counter(timezone.localtime(s).date() for s in sessions.values_list("starts_at", flat=True))


def test_demo_family_time_is_plausible_and_keeps_the_rules():
    summary = build(TODAY)
    assert "arrangements" in summary
    assert Room.objects.count() == 7
    looked_after = Episode.objects.filter(kind=EpisodeKind.LOOKED_AFTER, end_on__isnull=True).count()
    assert Arrangement.objects.filter(status="active").count() >= looked_after * 0.6
    assert Arrangement.objects.filter(source="court_order").exists()
    centre = Session.objects.filter(room__isnull=False)
    assert centre.exists()
    assert max(per_day(centre).values()) <= 21
    assert Session.objects.filter(starts_at__date__lt=TODAY - timedelta(days=600)).exists()  # two years back
    assert not Session.objects.filter(status="booked", starts_at__date__lt=TODAY).exists()
    duplicates = SlotClaim.objects.values("resource", "day", "cell").annotate(n=Count("pk")).filter(n__gt=1)
    assert not duplicates.exists()


def test_deterministic_by_seed():
    build(TODAY, children=120)
    first = list(Session.objects.order_by("pk").values_list("starts_at", "status", "mode", "room__name"))
    Session.objects.all().delete()
    Arrangement.objects.all().delete()
    for model in (RoomClosure, Room):
        model.objects.all().delete()
    from caseboard.familytime.models import Venue

    Venue.objects.all().delete()
    add_demo_family_time(3, TODAY)
    assert list(Session.objects.order_by("pk").values_list("starts_at", "status", "mode", "room__name")) == first


def test_the_covid_2020_timeline():
    from caseboard.devtools.scenarios import install_covid_version

    scenario_today = date(2020, 6, 4)
    DemoBuilder(children=400, seed=3, today=scenario_today).build()
    install_covid_version()
    add_demo_family_time(3, scenario_today)
    centre = Session.objects.filter(room__isnull=False)
    before = per_day(centre.filter(starts_at__date__lt=date(2020, 3, 23)))
    assert before and max(before.values()) <= 21 and max(before.values()) > 6
    lockdown = Session.objects.filter(starts_at__date__gte=date(2020, 3, 23), starts_at__date__lt=date(2020, 7, 1))
    assert lockdown.exists() and not lockdown.filter(mode="in_person").exists()
    restart = per_day(centre.filter(starts_at__date__gte=date(2020, 7, 1)))
    assert restart and max(restart.values()) <= 6
    used = set(centre.filter(starts_at__date__gte=date(2020, 7, 1)).values_list("room__name", flat=True))
    assert not used & {"Rowan room", "Hazel room"}
    assert RoomClosure.objects.filter(starts_on=date(2020, 7, 1), ends_on__isnull=True).count() == 2
    from caseboard.accounts.models import User

    rows = waiting_over_time(user=User.objects.get(username="coordinator"), last_week=scenario_today, weeks=12)
    peak = max(r.waiting for r in rows)
    assert rows[0].waiting < peak and rows[-1].waiting < peak  # grows, then shrinks
    assert WaitingListEntry.objects.filter(resolved_on__isnull=True).exists()
