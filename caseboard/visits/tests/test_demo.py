from collections import Counter
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from dateutil.relativedelta import relativedelta
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction

from caseboard.casework.demo import DemoBuilder
from caseboard.casework.models import Allocation, AllocationRole, Episode
from caseboard.conftest import make_child
from caseboard.devtools.scenarios import SEED_004_TABLE, group_for, weekly_visits_table
from caseboard.people.models import Child
from caseboard.policy.models import OperatingModelVersion
from caseboard.policy.selectors import version_in_force
from caseboard.testing.factories import EpisodeFactory, VisitFactory
from caseboard.visits.demo import add_demo_visits
from caseboard.visits.models import PURPOSE_EPISODE, ChildSeen, Visit

TODAY = date(2026, 11, 24)
WEEK = date(2020, 5, 11)
LONDON = ZoneInfo("Europe/London")
VISITED_KINDS = {"cin", "cp", "lac", "care_leaver", "private_fostering"}


def open_on(episodes, child_id, day):
    return {kind for kind, start, end in episodes.get(child_id, ()) if start <= day and (end is None or end >= day)}


def all_episodes():
    found = {}
    for child_id, kind, start, end in Episode.objects.values_list("child_id", "kind", "start_on", "end_on"):
        found.setdefault(child_id, []).append((kind, start, end))
    return found


# --- the covid-2020 scenario ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_covid_scenario_gives_exactly_seed_004s_week_of_11_may(capsys):
    call_command("seed_demo", scenario="covid-2020", children=1500, seed=1)
    out = capsys.readouterr().out
    assert weekly_visits_table(WEEK) == SEED_004_TABLE
    assert "CIN     438       387   88.36%       51   11.64%" in out
    assert "All     927       821   88.57%      106   11.43%" in out

    # Every visit that week is to one child, for the purpose of the child's row on the day.
    week = ChildSeen.objects.filter(visit__visited_on__range=(WEEK, WEEK + timedelta(days=6)))
    assert set(Counter(week.values_list("visit_id", flat=True)).values()) == {1}
    episodes = all_episodes()
    purposes = {"CIN": "statutory_cin", "CP": "statutory_cp", "LAC": "statutory_lac"}
    for child_id, on, purpose in week.values_list("child_id", "visit__visited_on", "visit__purpose"):
        group = group_for(open_on(episodes, child_id, on))
        assert purpose == (purposes[group] if group else "pa_contact")

    # The COVID-19 model is in force from 23 March 2020; visits run from 1 January, virtual ones mostly after.
    assert version_in_force(date(2020, 3, 22)).visit_counting == "in_person_only"
    covid = version_in_force(date(2020, 3, 23))
    assert covid.effective_from == date(2020, 3, 23) and covid.status == "approved"
    assert covid.visit_counting == "virtual_with_decision" and covid.pre_visit_check_required
    assert covid.visit_frequencies.count() and covid.deviation_rules.count()
    dates = Visit.objects.values_list("visited_on", flat=True)
    assert min(dates) >= date(2020, 1, 1) and max(dates) <= date(2020, 6, 4)
    after = Visit.objects.filter(visited_on__gte=date(2020, 3, 23))
    assert 0.08 < after.exclude(mode__in=["in_person_home", "in_person_elsewhere"]).count() / after.count() < 0.18
    assert not after.filter(mode__startswith="in_person", pre_visit_check__isnull=True).exists()

    # The ratings from April 2020 drive the visits: red and amber children seen in person, greens mostly virtually.
    from caseboard.devtools.scenarios import rating_colours

    colour = rating_colours()
    by_colour: dict[str | None, Counter] = {}
    for child_id, on, mode in ChildSeen.objects.filter(visit__visited_on__gte=date(2020, 4, 1)).values_list(
        "child_id", "visit__visited_on", "visit__mode"
    ):
        by_colour.setdefault(colour(child_id, on), Counter())[mode.startswith("in_person")] += 1
    assert by_colour["red"][False] == by_colour["amber"][False] == 0
    assert by_colour["red"][True] and by_colour["amber"][True]
    assert by_colour["green"][False] > by_colour["green"][True]

    # Seed 002's "Arrangements for Early Help and CSC" end on 14 April 2020 and a second version extends them from
    # the 15th: no due item on any of these dates differs from one unending version.
    from dataclasses import replace

    from caseboard.clock import Timeline, compute_due_items
    from caseboard.compliance.facts import facts_for
    from caseboard.policy.selectors import council_timeline

    extended = version_in_force(date(2020, 4, 15))
    assert covid.ends_on == date(2020, 4, 14) and extended.pk != covid.pk and extended.ends_on is None
    assert extended.effective_from == date(2020, 4, 15) and extended.visit_counting == covid.visit_counting
    rules = council_timeline()
    unending = [
        replace(r, ends_on=None) if r.version_id == covid.pk else r for r in rules if r.version_id != extended.pk
    ]
    split, merged = Timeline(rules), Timeline(unending)
    facts = facts_for(Child.objects.values_list("pk", flat=True))
    assert len(facts) >= 1500 and len(split.versions) == len(merged.versions) + 1
    compared = 0
    for on in (date(2020, 4, 14), date(2020, 4, 15), date(2020, 5, 11), date(2020, 6, 4)):
        for child in facts:
            dates = [
                sorted((i.kind, i.episode_id, i.due_on, i.status) for i in compute_due_items(child, timeline, on))
                for timeline in (split, merged)
            ]
            assert dates[0] == dates[1], (child.child_id, on)
            compared += len(dates[0])
    assert compared > 10_000

    # PPE follows the in-person visits from the lockdown, short early on, from the offices' stores.
    from caseboard.accounts.models import Notification
    from caseboard.workforce.models import PpeLedgerEntry

    uses = PpeLedgerEntry.objects.filter(kind="use")
    assert uses.exists() and not uses.filter(on__lt=date(2020, 3, 23)).exists()
    assert not uses.filter(visit__isnull=True).exists()
    assert uses.count() <= sum(len(items) for items in after.exclude(ppe_used=[]).values_list("ppe_used", flat=True))
    assert Notification.objects.filter(message__startswith="Reorder").exists()  # the early shortage
    assert "reorder alerts" in out and "fewest days of masks left" in out


@pytest.mark.django_db
def test_seed_demo_scenario_refuses_a_database_with_children():
    make_child("X1", "Ada", "Lovelace")
    with pytest.raises(CommandError, match="already has children"):
        call_command("seed_demo", scenario="covid-2020", children=1500)
    assert Child.objects.count() == 1
    assert not Visit.objects.exists()
    assert not OperatingModelVersion.objects.filter(
        effective_from=date(2020, 3, 23), operating_model__is_council_model=True
    ).exists()


@pytest.mark.django_db
def test_weekly_table_counts_each_child_once_by_lac_then_cp_then_cin(council):
    """The rule the Reporting feature reuses: one row per child per visit, by involvement on the visit date."""
    own, team, cp = council.own_child, council.team_child, council.cp_child
    EpisodeFactory(
        child=cp,
        child_protection=True,
        start_on=date(2026, 2, 1),
        end_on=date(2026, 11, 18),  # ends on the Wednesday: CIN from Thursday
        initial_category_of_abuse="NEG",
        latest_category_of_abuse="NEG",
    )
    EpisodeFactory(child=team, looked_after=True, start_on=date(2026, 3, 1), placement_type="U4")
    monday = date(2026, 11, 16)

    def visit(on, mode, children, purpose="statutory_cin"):
        VisitFactory(
            children=children,
            visited_on=on,
            worker=council.worker,
            mode=mode,
            purpose=purpose,
            recorded_at=datetime(2026, 11, 23, 12, tzinfo=LONDON),
        )

    visit(monday, "in_person_home", [own, team])  # a household visit: CIN 1 physical, LAC 1 physical
    visit(monday + timedelta(days=1), "video", [cp], "statutory_cp")  # CP virtual
    visit(monday + timedelta(days=3), "in_person_home", [cp])  # plan ended: CIN physical
    visit(monday + timedelta(days=6), "phone", [own])  # Sunday: CIN virtual
    visit(monday + timedelta(days=7), "in_person_home", [own])  # next week
    visit(monday - timedelta(days=1), "in_person_home", [own])  # the week before
    visit(monday + timedelta(days=2), "in_person_home", [own], "other")  # not a statutory visit
    assert weekly_visits_table(monday) == {
        "CIN": (3, 2, 1),
        "CP": (1, 0, 1),
        "LAC": (1, 1, 0),
        "All": (5, 3, 2),
    }


# --- the demo step ------------------------------------------------------------------------------------------------


def visits_snapshot(seed):
    """Run the step inside a savepoint that is rolled back; return what it wrote."""
    with transaction.atomic():
        summary = add_demo_visits(seed, TODAY)
        rows = list(
            ChildSeen.objects.order_by("child__local_id", "visit__visited_on").values_list(
                "child_id", "child__local_id", "visit__visited_on", "purpose", "visit__mode", "visit__worker_id"
            )
        )
        transaction.set_rollback(True)
    return summary, rows


@pytest.mark.django_db
def test_demo_visits_are_deterministic_and_only_for_open_episodes_with_matching_purposes():
    DemoBuilder(children=250, seed=5, today=TODAY).build()
    summary, rows = visits_snapshot(5)
    assert "over 18 months" in summary and len(rows) > 1000
    assert visits_snapshot(5)[1] == rows
    assert [row[2] for row in visits_snapshot(6)[1]] != [row[2] for row in rows]

    episodes = all_episodes()
    workers = dict(
        Allocation.objects.filter(
            ended_on__isnull=True, role__in=[AllocationRole.SOCIAL_WORKER, AllocationRole.PERSONAL_ADVISER]
        ).values_list("child_id", "worker_id")
    )
    visited = {row[0] for row in rows}
    with_open = {child_id for child_id in episodes if open_on(episodes, child_id, TODAY) & VISITED_KINDS}
    assert visited <= with_open
    assert len(visited) > 0.9 * len(with_open)
    earliest = TODAY - relativedelta(months=18)
    for child_id, _, on, purpose, _mode, worker_id in rows:
        assert earliest <= on <= TODAY
        assert PURPOSE_EPISODE[purpose] in open_on(episodes, child_id, on)
        assert worker_id == workers[child_id]
    virtual = sum(1 for row in rows if not row[4].startswith("in_person"))
    assert 0.02 < virtual / len(rows) < 0.08


@pytest.mark.django_db
def test_demo_visits_leave_some_children_overdue():
    DemoBuilder(children=300, seed=2, today=TODAY).build()
    add_demo_visits(2, TODAY)
    last = {}
    for child_id, on in ChildSeen.objects.filter(purpose="statutory_cin").values_list("child_id", "visit__visited_on"):
        last[child_id] = max(on, last.get(child_id, on))
    episodes = all_episodes()
    cin_only = [child_id for child_id in last if open_on(episodes, child_id, TODAY) & VISITED_KINDS == {"cin"}]
    late = [child_id for child_id in cin_only if (TODAY - last[child_id]).days > 28]
    assert 0.04 < len(late) / len(cin_only) < 0.3
