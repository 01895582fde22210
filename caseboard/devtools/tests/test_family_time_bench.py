"""The benchmark's family time measures run and measure what they say: four weeks generated for every looked-after
child, and a venue booked solid for a month where the slot finder still finds the one free slot."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from caseboard.casework.demo import DemoBuilder
from caseboard.devtools.benchmark import family_time_full_month, family_time_generation
from caseboard.familytime.models import Arrangement, Session
from caseboard.familytime.selectors import find_slots

pytestmark = pytest.mark.django_db


def test_family_time_bench_measures():
    today = timezone.localdate()
    DemoBuilder(children=150, seed=2, today=today).build()
    generated = family_time_generation(today=today)
    assert generated["arrangements"] > 0 and generated["sessions"] >= generated["arrangements"] * 3
    assert generated["sessions_per_second"] > 0
    pk = family_time_full_month(today=today)
    arrangement = Arrangement.objects.get(pk=pk)
    assert Session.objects.filter(venue=arrangement.venue).count() == 20 * 28
    slots = find_slots(arrangement=arrangement, from_day=today + timedelta(days=1), days=28, count=20)
    # Rooms are booked 9:00-11:45, 12:00-14:45, 15:00-17:45 (two rooms miss the last): only evenings of those two.
    assert slots and all(slot.start.astimezone().hour >= 15 for slot in slots)
