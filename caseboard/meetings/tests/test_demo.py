"""Demo meetings: consistent with each child's episodes, deterministic by seed, mostly virtual in the 2020 scenario,
and what the statutory clock makes of them (initial conferences met, looked-after reviews mostly not overdue)."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest

from caseboard.casework.demo import DemoBuilder
from caseboard.casework.models import Episode, EpisodeKind
from caseboard.compliance.models import DueItem
from caseboard.compliance.services import due_items_recompute_all
from caseboard.meetings.demo import add_demo_meetings
from caseboard.meetings.models import Meeting, MeetingStatus, Section47Enquiry

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 24)


def build(today: date, children: int = 300) -> str:
    DemoBuilder(children=children, seed=3, today=today).build()
    return add_demo_meetings(3, today)


def snapshot() -> list[tuple]:
    return list(
        Meeting.objects.order_by("pk").values_list("kind", "scheduled_for", "status", "format", "due_on", "held_on")
    )


def test_meetings_follow_the_episodes():
    summary = build(TODAY)
    assert summary.endswith("meetings") and Meeting.objects.exists()
    for plan in Episode.objects.filter(kind=EpisodeKind.CHILD_PROTECTION, end_on__isnull=True):
        conference = Meeting.objects.get(children=plan.child_id, kind="initial_conference")
        assert conference.held_on == plan.start_on and conference.outcome == "cp_plan"
        discussion = Meeting.objects.get(children=plan.child_id, kind="strategy_discussion")
        assert discussion.held_on < conference.held_on
        assert Section47Enquiry.objects.filter(strategy_discussion=discussion).count() == 1
    for meeting in Meeting.objects.filter(kind__in=["core_group", "review_conference"]):
        plan = Episode.objects.get(child__in=meeting.children.all(), kind=EpisodeKind.CHILD_PROTECTION)
        assert plan.start_on <= meeting.scheduled_for.date()
    assert not Meeting.objects.filter(status=MeetingStatus.HELD, held_on__gt=TODAY).exists()
    assert not Meeting.objects.filter(status=MeetingStatus.SCHEDULED, scheduled_for__date__lt=TODAY).exists()

    due_items_recompute_all(today=TODAY)
    icpc = DueItem.objects.filter(kind="initial_conference")
    assert icpc.exists() and not icpc.filter(met_on__isnull=True).exists()
    reviews = Counter(DueItem.objects.filter(kind="lac_review").values_list("status", flat=True))
    assert reviews and reviews["overdue"] <= sum(reviews.values()) * 0.2, reviews


def test_deterministic_by_seed():
    build(TODAY, children=120)
    first = snapshot()
    Section47Enquiry.objects.all().delete()
    Meeting.objects.all().delete()
    add_demo_meetings(3, TODAY)
    assert [row[:2] for row in snapshot()] == [row[:2] for row in first]


def test_meetings_from_23_march_2020_are_mostly_virtual_in_the_2020_scenario():
    build(date(2020, 6, 4))
    formats = Counter(
        Meeting.objects.filter(scheduled_for__date__gte=date(2020, 3, 23)).values_list("format", flat=True)
    )
    remote = formats["virtual"] + formats["split_calls"]
    assert remote > 0.7 * sum(formats.values()), formats
