from datetime import date

import pytest
from django.core.exceptions import ValidationError

from caseboard.casework import services
from caseboard.casework.models import Allocation, AllocationRole, Episode, EpisodeKind


@pytest.mark.django_db
def test_same_kind_episodes_may_not_overlap_but_different_kinds_may(council):
    child = council.own_child  # has an open CIN episode from 5 Jan 2026
    with pytest.raises(ValidationError) as error:
        services.episode_open(
            child=child,
            opened_by=council.worker,
            kind=EpisodeKind.CHILD_IN_NEED,
            start_on=date(2026, 2, 1),
            referral_source="6",
            primary_need="N1",
        )
    assert "overlaps" in error.value.message_dict["start_on"][0]
    cp = services.episode_open(
        child=child,
        opened_by=council.worker,
        kind=EpisodeKind.CHILD_PROTECTION,
        start_on=date(2026, 2, 1),
        initial_category_of_abuse="NEG",
    )
    assert cp.pk


@pytest.mark.django_db
def test_episode_end_before_start_is_refused(council):
    with pytest.raises(ValidationError) as error:
        services.episode_open(
            child=council.own_child,
            opened_by=council.worker,
            kind=EpisodeKind.EARLY_HELP,
            start_on=date(2025, 6, 1),
            end_on=date(2025, 5, 1),
        )
    assert "same as or after the start date" in error.value.message_dict["end_on"][0]


@pytest.mark.parametrize(
    ("kind", "fields", "missing"),
    [
        (EpisodeKind.LOOKED_AFTER, {"legal_status": "C2", "placement_type": "U4"}, "placement_provider"),
        (EpisodeKind.CHILD_PROTECTION, {}, "initial_category_of_abuse"),
        (EpisodeKind.CARE_LEAVER, {}, "care_leaver_status"),
    ],
)
@pytest.mark.django_db
def test_kind_requires_its_codes(council, kind, fields, missing):
    with pytest.raises(ValidationError) as error:
        services.episode_open(
            child=council.team_child, opened_by=council.worker, kind=kind, start_on=date(2026, 3, 1), **fields
        )
    assert missing in error.value.message_dict


@pytest.mark.django_db
def test_codes_must_come_from_the_lists(council):
    with pytest.raises(ValidationError) as error:
        services.episode_open(
            child=council.team_child,
            opened_by=council.worker,
            kind=EpisodeKind.LOOKED_AFTER,
            start_on=date(2026, 3, 1),
            legal_status="Z9",
            placement_type="U4",
            placement_provider="PR1",
        )
    assert "legal_status" in error.value.message_dict


@pytest.mark.django_db
def test_closing_a_cin_episode_needs_a_reason(council):
    episode = council.own_child.episodes.get()
    with pytest.raises(ValidationError) as error:
        services.episode_update(episode=episode, updated_by=council.worker, expected_version=1, end_on=date(2026, 3, 1))
    assert "reason_for_closure" in error.value.message_dict
    services.episode_update(
        episode=episode,
        updated_by=council.worker,
        expected_version=1,
        end_on=date(2026, 3, 1),
        reason_for_closure="RC8",
    )
    episode.refresh_from_db()
    assert (episode.end_on, episode.version) == (date(2026, 3, 1), 2)


@pytest.mark.django_db
def test_reallocation_ends_the_previous_allocation_and_keeps_history(council):
    child = council.own_child
    services.allocation_create(
        child=child,
        worker=council.colleague,
        team=council.cin_team,
        role=AllocationRole.SOCIAL_WORKER,
        started_on=date(2026, 3, 2),
        allocated_by=council.manager,
    )
    rows = list(Allocation.objects.filter(child=child).order_by("started_on"))
    assert [(a.worker, a.ended_on) for a in rows] == [(council.worker, date(2026, 3, 1)), (council.colleague, None)]


@pytest.mark.django_db
def test_allocation_worker_must_be_in_the_team(council):
    with pytest.raises(ValidationError) as error:
        services.allocation_create(
            child=council.own_child,
            worker=council.cp_worker,
            team=council.cin_team,
            role=AllocationRole.SOCIAL_WORKER,
            started_on=date(2026, 3, 2),
            allocated_by=council.manager,
        )
    assert "not a member" in error.value.message_dict["worker"][0]
    assert Allocation.objects.filter(child=council.own_child, ended_on__isnull=True).get().worker == council.worker


@pytest.mark.django_db
def test_allocation_cannot_start_before_the_current_one(council):
    with pytest.raises(ValidationError):
        services.allocation_create(
            child=council.own_child,
            worker=council.colleague,
            team=council.cin_team,
            role=AllocationRole.SOCIAL_WORKER,
            started_on=date(2025, 12, 1),
            allocated_by=council.manager,
        )


@pytest.mark.django_db
def test_episode_overlap_ignores_the_episode_itself(council):
    episode = Episode.objects.get(child=council.own_child)
    services.episode_update(episode=episode, updated_by=council.worker, expected_version=1, notes="Updated")
