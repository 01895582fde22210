from datetime import date

import pytest

from caseboard.casework.models import EpisodeKind
from caseboard.people.models import Child
from caseboard.people.selectors import children_visible_to
from caseboard.reporting.survey import selectors as survey_module
from caseboard.reporting.survey.selectors import children_behind, looked_after_starts, survey_snapshot

from .conftest import episode, visit

pytestmark = pytest.mark.django_db
ON = date(2026, 3, 29)


def cohorts(result):
    return {row.group: (row.children, row.in_person, row.virtual, row.not_seen) for row in result.cohorts}


def test_cohorts_are_exclusive_and_contact_is_in_person_then_virtual_then_not_seen(week):
    result = survey_snapshot(children=None, on=ON)
    # own: in person; team: in person; other team: video only; restricted: in person; closed: not seen.
    assert cohorts(result) == {"LAC": (1, 1, 0, 0), "CP": (0, 0, 0, 0), "CIN": (5, 3, 1, 1)}
    assert (result.all_row.children, result.all_row.not_seen) == (6, 1)
    assert result.staff_unavailable == "Not recorded"


def test_contact_counts_the_4_weeks_to_the_snapshot_date_and_only_when_the_child_was_seen(council):
    visit(council.own_child, date(2026, 3, 2))  # 28 days before: in the window
    visit(council.team_child, date(2026, 3, 1))  # 29 days before: not
    visit(council.other_team_child, date(2026, 3, 20), seen=False)
    result = survey_snapshot(children=None, on=ON)
    assert cohorts(result)["CIN"] == (6, 1, 0, 5)
    not_seen = children_behind(children=Child.objects.all(), on=ON, group="CIN", status="not_seen")
    assert council.team_child in not_seen and council.other_team_child in not_seen
    assert council.own_child not in not_seen


def test_the_survey_window_is_the_operating_models(council):
    from caseboard.policy.hooks import section_for
    from caseboard.policy.selectors import version_in_force
    from caseboard.reporting.models import SURVEY_SECTION

    assert survey_module.contact_days(ON) == 28 and survey_module.contact_window(ON) == (date(2026, 3, 2), ON)
    visit(council.own_child, date(2026, 3, 2))  # 28 days before: in the 4 weeks
    assert cohorts(survey_snapshot(children=None, on=ON))["CIN"][1] == 1
    row = section_for(version_in_force(ON), SURVEY_SECTION)
    row.contact_days = 14
    row.save()
    result = survey_snapshot(children=None, on=ON)
    assert result.contact_days == 14 and result.contact_from == date(2026, 3, 16)
    assert cohorts(result)["CIN"][1] == 0


def test_the_performance_officer_does_not_see_restricted_records(week):
    result = survey_snapshot(children=children_visible_to(week.council.performance), on=ON)
    assert cohorts(result)["CIN"] == (4, 2, 1, 1)
    listed = children_behind(children=children_visible_to(week.council.performance), on=ON, group="All", status="all")
    assert week.council.restricted_child not in listed


def test_referrals_from_cin_episode_starts_this_week_and_the_same_week_in_earlier_years(council, monkeypatch):
    monkeypatch.setattr(survey_module, "referral_model", lambda: None)
    for child, start in (
        (council.team_child, date(2025, 3, 25)),  # 52 weeks before 24 March 2026 is 25 March 2025
        (council.other_team_child, date(2024, 3, 26)),
    ):
        child.episodes.update_or_create(kind="cin", defaults={"start_on": start, "referral_source": "2A"})
    result = survey_snapshot(children=None, on=ON)
    counts = [(period.start, period.end, period.count) for period in result.referrals]
    assert counts[0][:2] == (date(2026, 3, 23), date(2026, 3, 29))
    assert counts[1][:2] == (date(2025, 3, 24), date(2025, 3, 30))
    assert [count for _, _, count in counts] == [0, 1, 1, 0]
    assert "child-in-need episode" in result.referral_source


def test_referrals_from_the_front_door_when_it_holds_referrals(council):
    from django.utils import timezone

    from caseboard.frontdoor.models import Referral

    Referral.objects.create(
        child=council.own_child,
        received_on=date(2026, 3, 27),
        source="2A",
        primary_need="N1",
        recorded_by=council.worker,
        recorded_at=timezone.now(),
    )
    result = survey_snapshot(children=None, on=ON)
    assert [period.count for period in result.referrals] == [1, 0, 0, 0]
    assert "front door" in result.referral_source


def test_children_starting_to_be_looked_after_count_new_periods_of_care_only(council):
    episode(council.own_child, EpisodeKind.LOOKED_AFTER, date(2026, 3, 24))  # new period of care
    # A change of placement: the first episode ends the day before the next starts, so no new period of care.
    episode(council.team_child, EpisodeKind.LOOKED_AFTER, date(2026, 1, 5), date(2026, 3, 24))
    episode(council.team_child, EpisodeKind.LOOKED_AFTER, date(2026, 3, 25))
    # Back into care after a gap: a new period.
    episode(council.cp_child, EpisodeKind.LOOKED_AFTER, date(2026, 1, 5), date(2026, 2, 1))
    episode(council.cp_child, EpisodeKind.LOOKED_AFTER, date(2026, 3, 26))
    starts = looked_after_starts(children=Child.objects.all(), start=date(2026, 3, 23), end=ON)
    assert sorted(e.child_id for e in starts) == sorted([council.own_child.pk, council.cp_child.pk])
    assert survey_snapshot(children=None, on=ON).started_looked_after[0].count == 2
