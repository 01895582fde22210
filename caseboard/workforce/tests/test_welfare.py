"""Buddies, check-ins and the due items their cadences create (operating-model settings: none under the baseline
but supervision; seed 002's under the COVID-19 preset)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from caseboard.accounts.models import Notification
from caseboard.compliance.calendar import add_working_days
from caseboard.devtools.scenarios import install_covid_version
from caseboard.workforce import selectors, services
from caseboard.workforce.due import staff_due_recompute
from caseboard.workforce.models import BuddyPair, CheckIn, CheckInKind, StaffDueItem, StaffDueKind
from caseboard.workforce.rules_in_force import settings_on

pytestmark = pytest.mark.django_db


def test_the_baseline_sets_no_welfare_cadence_but_supervision(wf):
    settings = settings_on(timezone.localdate())
    assert settings.buddy_checkin_working_days == 0
    assert settings.team_leader_checkin_working_days == 0
    assert settings.supervision_social_worker_days == 28
    staff_due_recompute(today=timezone.localdate())
    kinds = set(StaffDueItem.objects.values_list("kind", flat=True))
    assert kinds == {StaffDueKind.SUPERVISION}


def test_the_covid_preset_sets_seed_002s_cadences(wf):
    install_covid_version()
    settings = settings_on(date(2020, 4, 1))
    assert (
        settings.buddy_checkin_working_days,
        settings.team_leader_checkin_working_days,
        settings.unavailable_checkin_days,
        settings.team_meeting_days,
        settings.head_of_service_checkin_working_days,
        settings.assistant_director_checkin_working_days,
    ) == (1, 2, 7, 7, 1, 2)
    assert settings_on(date(2020, 3, 20)).team_leader_checkin_working_days == 0


def test_a_buddy_must_be_in_the_same_team(wf):
    council = wf.council
    with pytest.raises(ValidationError) as error:
        services.buddy_pair_assign(
            team=council.cin_team,
            first=council.worker,
            second=council.other_worker,
            assigned_by=council.manager,
            starts_on=date(2026, 6, 1),
        )
    assert error.value.message_dict["second"] == [
        f"{council.other_worker} is not in CIN team 1: a buddy must be in the same team"
    ]
    assert not BuddyPair.objects.exists()


def test_one_buddy_at_a_time_and_the_unpaired_are_listed(wf):
    council = wf.council
    services.buddy_pair_assign(
        team=council.cin_team,
        first=council.worker,
        second=council.colleague,
        assigned_by=council.manager,
        starts_on=date(2026, 6, 1),
    )
    with pytest.raises(ValidationError):
        services.buddy_pair_assign(
            team=council.cin_team,
            first=wf.cover,
            second=council.worker,
            assigned_by=council.manager,
            starts_on=date(2026, 6, 1),
        )
    unpaired = {u.username for u in selectors.without_buddy(council.cin_team)}
    assert "worker" not in unpaired and "colleague" not in unpaired
    assert "cover" in unpaired and "manager" in unpaired


def test_a_check_in_in_the_future_is_refused(wf):
    council = wf.council
    with pytest.raises(ValidationError) as error:
        services.checkin_record(
            kind=CheckInKind.TEAM_LEADER,
            by=council.manager,
            with_person=council.worker,
            held_on=date(2026, 6, 3),
            mode="phone",
            today=date(2026, 6, 2),
        )
    assert error.value.message_dict == {"held_on": ["The date of the check-in must be today or in the past"]}
    assert not CheckIn.objects.exists()


def test_a_buddy_check_in_needs_the_buddy(wf):
    council = wf.council
    with pytest.raises(ValidationError) as error:
        services.checkin_record(
            kind=CheckInKind.BUDDY,
            by=council.worker,
            with_person=council.colleague,
            held_on=date(2026, 6, 1),
            mode="phone",
            today=date(2026, 6, 2),
        )
    assert "is not your welfare buddy" in error.value.message_dict["with_person"][0]


def test_a_concern_goes_to_the_line_manager_without_the_private_note(wf, django_capture_on_commit_callbacks):
    council = wf.council
    services.buddy_pair_assign(
        team=council.cin_team,
        first=council.worker,
        second=council.colleague,
        assigned_by=council.manager,
        starts_on=date(2026, 6, 1),
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.checkin_record(
            kind=CheckInKind.BUDDY,
            by=council.worker,
            with_person=council.colleague,
            held_on=date(2026, 6, 1),
            mode="video",
            private_note="Struggling with home schooling",
            concern="Sounds exhausted",
            today=date(2026, 6, 2),
        )
    note = Notification.objects.get(recipient=council.manager)
    assert "raised a welfare concern" in note.message
    assert "home schooling" not in note.message and "exhausted" not in note.message


def test_team_leader_call_every_other_working_day_is_due_and_met_by_recording_it(
    wf, django_capture_on_commit_callbacks
):
    install_covid_version()
    council = wf.council
    today = timezone.localdate()
    staff_due_recompute(today=today)
    item = StaffDueItem.objects.get(kind=StaffDueKind.TEAM_LEADER, responsible=council.manager, subject=council.worker)
    assert item.due_on < today  # never called since the cadence applied: overdue
    assert "every other working day" in item.basis
    assert item in selectors.missed_checkins(user=council.manager, today=today)
    with django_capture_on_commit_callbacks(execute=True):
        services.checkin_record(
            kind=CheckInKind.TEAM_LEADER, by=council.manager, with_person=council.worker, held_on=today, mode="phone"
        )
    item = StaffDueItem.objects.get(kind=StaffDueKind.TEAM_LEADER, responsible=council.manager, subject=council.worker)
    assert item.due_on == add_working_days(today, 2)
    assert item.last_on == today
    assert item not in selectors.missed_checkins(user=council.manager, today=today)


def test_someone_self_isolating_gets_a_weekly_call_instead(wf, django_capture_on_commit_callbacks):
    install_covid_version()
    council = wf.council
    today = timezone.localdate()
    with django_capture_on_commit_callbacks(execute=True):
        services.availability_record(
            person=council.worker,
            recorded_by=council.worker,
            status="self_isolating",
            starts_on=today,
            ends_on=today + timedelta(days=13),
        )
    item = StaffDueItem.objects.exclude(kind=StaffDueKind.SUPERVISION).get(
        responsible=council.manager, subject=council.worker
    )
    assert item.kind == StaffDueKind.UNAVAILABLE
    assert item.due_on == today + timedelta(days=7)


def test_buddies_are_due_daily_and_one_check_in_meets_both(wf, django_capture_on_commit_callbacks):
    install_covid_version()
    council = wf.council
    today = timezone.localdate()
    with django_capture_on_commit_callbacks(execute=True):
        services.buddy_pair_assign(
            team=council.cin_team,
            first=council.worker,
            second=council.colleague,
            assigned_by=council.manager,
            starts_on=today,
        )
    with django_capture_on_commit_callbacks(execute=True):
        services.checkin_record(
            kind=CheckInKind.BUDDY, by=council.colleague, with_person=council.worker, held_on=today, mode="phone"
        )
    items = StaffDueItem.objects.filter(kind=StaffDueKind.BUDDY)
    assert {(i.responsible.username, i.due_on) for i in items} == {
        ("worker", add_working_days(today, 1)),
        ("colleague", add_working_days(today, 1)),
    }


def test_supervision_first_year_is_fortnightly(wf, django_capture_on_commit_callbacks):
    council = wf.council
    today = timezone.localdate()
    with django_capture_on_commit_callbacks(execute=True):
        services.staff_record_save(
            person=council.worker,
            updated_by=wf.hr,
            expected_version=None,
            working_pattern="full_time",
            qualified_on=today - timedelta(days=100),
        )
        services.supervision_record(
            supervisor=council.manager, supervisee=council.worker, held_on=today, mode="in_person"
        )
        services.supervision_record(
            supervisor=council.manager, supervisee=council.colleague, held_on=today, mode="in_person"
        )
    due = dict(
        StaffDueItem.objects.filter(kind=StaffDueKind.SUPERVISION, responsible=council.manager).values_list(
            "subject__username", "due_on"
        )
    )
    assert due["worker"] == today + timedelta(days=14)
    assert due["colleague"] == today + timedelta(days=28)


# --- every cadence of seed 002 makes due items for the person responsible -----------------------------------------
def test_weekly_team_meeting_is_due_for_the_team_manager_and_met_by_holding_it(wf, django_capture_on_commit_callbacks):
    install_covid_version()
    council = wf.council
    today = timezone.localdate()
    staff_due_recompute(today=today)
    item = StaffDueItem.objects.get(kind=StaffDueKind.TEAM_MEETING, team=council.cin_team)
    assert item.responsible == council.manager and item.subject is None
    assert "every week" in item.basis and "team_meeting_days" in item.basis
    with django_capture_on_commit_callbacks(execute=True):
        services.checkin_record(
            kind=CheckInKind.TEAM_MEETING, by=council.manager, team=council.cin_team, held_on=today, mode="video"
        )
    item = StaffDueItem.objects.get(kind=StaffDueKind.TEAM_MEETING, team=council.cin_team)
    assert (item.last_on, item.due_on) == (today, today + timedelta(days=7))


def test_head_of_service_meets_each_team_manager_every_working_day(wf, django_capture_on_commit_callbacks):
    install_covid_version()
    council = wf.council
    today = timezone.localdate()
    with django_capture_on_commit_callbacks(execute=True):
        services.checkin_record(
            kind=CheckInKind.HEAD_OF_SERVICE, by=council.head, with_person=council.manager, held_on=today, mode="video"
        )
    item = StaffDueItem.objects.get(kind=StaffDueKind.HEAD_OF_SERVICE, subject=council.manager)
    assert item.responsible == council.head
    assert item.due_on == add_working_days(today, 1)
    assert "every working day" in item.basis
    # The head of another service has no meeting with this manager.
    assert not StaffDueItem.objects.filter(kind=StaffDueKind.HEAD_OF_SERVICE, responsible=council.cp_head).exists()


def test_assistant_director_meets_the_heads_of_service_every_other_working_day(wf, django_capture_on_commit_callbacks):
    from caseboard.accounts.models import Role
    from caseboard.conftest import make_user

    install_covid_version()
    council = wf.council
    director = make_user("ad", Role.ASSISTANT_DIRECTOR)
    today = timezone.localdate()
    with django_capture_on_commit_callbacks(execute=True):
        services.checkin_record(
            kind=CheckInKind.ASSISTANT_DIRECTOR, by=director, with_person=council.head, held_on=today, mode="video"
        )
    items = {
        i.subject_id: i for i in StaffDueItem.objects.filter(kind=StaffDueKind.ASSISTANT_DIRECTOR, responsible=director)
    }
    assert set(items) == {council.head.pk, council.cp_head.pk}
    assert items[council.head.pk].due_on == add_working_days(today, 2)
    assert items[council.cp_head.pk].due_on < today  # never met since the cadence applied: overdue
    assert "every other working day" in items[council.head.pk].basis


def test_the_baseline_makes_none_of_the_welfare_meetings(wf):
    from caseboard.accounts.models import Role
    from caseboard.conftest import make_user

    make_user("ad", Role.ASSISTANT_DIRECTOR)
    staff_due_recompute(today=timezone.localdate())
    assert not StaffDueItem.objects.exclude(kind=StaffDueKind.SUPERVISION).exists()
