from datetime import date, time
from decimal import Decimal

import pytest

from caseboard.people.models import Child
from caseboard.people.selectors import children_visible_to
from caseboard.reporting.returns.selectors import monday_of, visits_behind, weekly_visits_return
from caseboard.visits.selectors import percent

from .conftest import NEXT_MONDAY, WEEK, table, visit

pytestmark = pytest.mark.django_db


def test_every_figure_of_a_hand_built_week_over_the_whole_council(week):
    result = weekly_visits_return(children=None, week_start=WEEK)
    assert table(result) == {"CIN": (7, 4, 3), "CP": (2, 1, 1), "LAC": (2, 1, 1), "All": (11, 6, 5)}
    cin, cp, _lac, total = result.rows
    assert (cin.physical_pct, cin.virtual_pct) == (Decimal("57.14"), Decimal("42.86"))
    assert (cp.physical_pct, cp.virtual_pct) == (Decimal("50.00"), Decimal("50.00"))
    assert (total.physical_pct, total.virtual_pct) == (Decimal("54.55"), Decimal("45.45"))
    assert result.week_end == date(2026, 3, 29)


def test_sunday_2359_bst_is_in_the_week_and_monday_0000_is_not(council):
    # 29 March 2026: the clocks went forward at 01:00, so 23:59 that Sunday is 22:59 UTC.
    visit(council.own_child, date(2026, 3, 29), "phone", at=time(23, 59))
    visit(council.own_child, NEXT_MONDAY, at=time(0, 0))
    assert table(weekly_visits_return(children=None, week_start=WEEK))["All"] == (1, 0, 1)
    assert table(weekly_visits_return(children=None, week_start=NEXT_MONDAY))["All"] == (1, 1, 0)


def test_sunday_2359_gmt_after_the_clocks_go_back_is_in_the_week(council):
    # 25 October 2026: the clocks went back at 02:00 (a 25-hour day).
    visit(council.own_child, date(2026, 10, 25), "video", at=time(23, 59))
    visit(council.own_child, date(2026, 10, 26), at=time(0, 0))
    assert table(weekly_visits_return(children=None, week_start=date(2026, 10, 19)))["All"] == (1, 0, 1)
    assert table(weekly_visits_return(children=None, week_start=date(2026, 10, 26)))["All"] == (1, 1, 0)


def test_a_child_moving_from_cp_to_lac_mid_week_counts_in_cp_before_and_lac_after(week):
    cp_child = week.council.cp_child
    rows = {
        (seen.visit.visited_on, seen.report_group)
        for seen in visits_behind(
            children=Child.objects.filter(pk=cp_child.pk), week_start=WEEK, group="All", mode="all"
        )
    }
    assert rows == {
        (date(2026, 3, 24), "CP"),
        (date(2026, 3, 25), "CP"),
        (date(2026, 3, 26), "LAC"),
        (date(2026, 3, 28), "LAC"),
    }


def test_visits_for_the_purpose_other_and_to_children_with_no_cin_cp_or_lac_are_not_counted(council):
    visit(council.own_child, date(2026, 3, 24), purpose="other")
    council.closed_child.episodes.all().delete()
    visit(council.closed_child, date(2026, 3, 24), worker=council.worker)
    assert table(weekly_visits_return(children=None, week_start=WEEK))["All"] == (0, 0, 0)


def test_a_restricted_record_is_not_counted_for_the_performance_officer(week):
    mine = weekly_visits_return(children=children_visible_to(week.council.performance), week_start=WEEK)
    assert table(mine) == {"CIN": (6, 3, 3), "CP": (2, 1, 1), "LAC": (2, 1, 1), "All": (10, 5, 5)}


def test_a_team_manager_counts_their_teams_children_only(week):
    mine = weekly_visits_return(children=children_visible_to(week.council.manager), week_start=WEEK)
    assert table(mine) == {"CIN": (6, 4, 2), "CP": (0, 0, 0), "LAC": (0, 0, 0), "All": (6, 4, 2)}


def test_a_user_with_no_role_counts_nothing(week):
    mine = weekly_visits_return(children=children_visible_to(week.council.nobody), week_start=WEEK)
    assert table(mine)["All"] == (0, 0, 0)


@pytest.mark.parametrize(
    ("count", "total", "expected"),
    [
        (1, 8, "12.50"),
        (2, 3, "66.67"),
        (1, 3, "33.33"),
        (1, 800, "0.13"),  # 0.125 exactly: half up gives 0.13 (float round() gives 0.12)
        (387, 438, "88.36"),
        (821, 927, "88.57"),
        (0, 0, "0.00"),
        (5, 5, "100.00"),
    ],
)
def test_percentages_round_half_up_to_2_places(count, total, expected):
    assert percent(count, total) == Decimal(expected)
    assert str(percent(count, total)) == expected


def test_the_list_behind_each_number_has_that_many_visits(week):
    children = children_visible_to(week.council.performance)
    result = weekly_visits_return(children=children, week_start=WEEK)
    for row in result.rows:
        for mode, expected in (("all", row.total), ("physical", row.physical), ("virtual", row.virtual)):
            assert visits_behind(children=children, week_start=WEEK, group=row.group, mode=mode).count() == expected
    listed = visits_behind(children=children, week_start=WEEK, group="All", mode="all")
    assert week.council.restricted_child.pk not in {seen.child_id for seen in listed}


def test_monday_of():
    assert monday_of(date(2020, 5, 13)) == date(2020, 5, 11)
    assert monday_of(date(2020, 5, 17)) == date(2020, 5, 11)
    assert monday_of(date(2020, 5, 11)) == date(2020, 5, 11)


def test_a_household_visit_counts_each_child_by_their_own_purpose_and_involvement(council):
    """One in-person household visit on Tuesday 24 March 2026 to Ava (child in need), Dan (looked after, placed
    at home) and Ben (child in need, visited for another reason): Ava counts in CIN and Dan in LAC, each once;
    Ben's purpose is "other", so he is left out. The same visit by video on Wednesday counts as virtual for both."""
    from caseboard.casework.models import EpisodeKind
    from caseboard.visits.models import ChildSeen

    from .conftest import episode

    episode(council.cp_child, EpisodeKind.LOOKED_AFTER, date(2026, 3, 2))
    household = visit(council.own_child, date(2026, 3, 24), purpose="statutory_cin")
    household.purpose = ""  # the children's purposes differ
    household.save()
    ChildSeen.objects.create(visit=household, child=council.cp_child, was_seen=True, purpose="statutory_lac")
    ChildSeen.objects.create(visit=household, child=council.team_child, was_seen=True, purpose="other")
    by_video = visit(council.own_child, date(2026, 3, 25), "video", purpose="statutory_cin")
    ChildSeen.objects.create(visit=by_video, child=council.cp_child, was_seen=False, purpose="statutory_lac")
    result = weekly_visits_return(children=None, week_start=WEEK)
    assert table(result) == {"CIN": (2, 1, 1), "CP": (0, 0, 0), "LAC": (2, 1, 1), "All": (4, 2, 2)}
    assert [row.physical_pct for row in result.rows] == [Decimal("50.00"), Decimal("0.00"), Decimal("50.00")] + [
        Decimal("50.00")
    ]
    behind = list(visits_behind(children=Child.objects.all(), week_start=WEEK, group="All", mode="physical"))
    assert [(seen.child_id, seen.purpose, seen.household_visit) for seen in behind] == [
        (council.own_child.pk, "statutory_cin", True),
        (council.cp_child.pk, "statutory_lac", True),
    ]
