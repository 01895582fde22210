"""Capacity against the caseload: red and amber children whose worker is unavailable need cover; a temporary cover
allocation goes through the allocation service and back when it ends."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from caseboard.accounts.models import Team
from caseboard.casework.models import Allocation
from caseboard.casework.selectors import caseload_for
from caseboard.workforce import selectors, services
from caseboard.workforce.models import CoverArrangement

pytestmark = pytest.mark.django_db


def _isolate(wf, person):
    today = timezone.localdate()
    return services.availability_record(
        person=person, recorded_by=person, status="self_isolating", starts_on=today, ends_on=today + timedelta(days=9)
    )


def test_capacity_counts_staff_and_children_by_rag(wf):
    council = wf.council
    _isolate(wf, council.worker)
    capacity = selectors.capacity_for(
        user=council.manager, teams=Team.objects.filter(pk=council.cin_team.pk), today=timezone.localdate()
    )
    [row] = capacity.rows
    # worker, colleague, manager, cover (the account with no role is not staff)
    assert row.staff == 4
    assert row.available_today == 3
    # own_child (red) and the restricted child, both the worker's; team_child (amber), the colleague's
    assert row.children["red"] == 1
    assert row.children["amber"] == 1
    assert row.needs_cover == 1
    [need] = capacity.needs_cover
    assert need.child_id == council.own_child.pk
    assert need.availability.startswith("Self-isolating until")  # the manager is the line manager


def test_needs_cover_masks_the_reason_for_others(wf):
    council = wf.council
    _isolate(wf, council.worker)
    capacity = selectors.capacity_for(
        user=council.head, teams=Team.objects.filter(service=council.cin), today=timezone.localdate()
    )
    assert capacity.needs_cover[0].availability.startswith("Unavailable until")


def test_capacity_queries_are_fixed(wf, django_assert_num_queries):
    council = wf.council
    _isolate(wf, council.worker)
    teams = Team.objects.filter(service=council.cin)
    with django_assert_num_queries(8):
        selectors.capacity_for(user=council.head, teams=teams, today=timezone.localdate())


def test_cover_goes_through_the_allocation_service_and_back(wf):
    council = wf.council
    today = timezone.localdate()
    _isolate(wf, council.worker)
    arrangement = services.cover_arrange(
        child=council.own_child, cover_worker=wf.cover, ends_on=today + timedelta(days=9), arranged_by=council.manager
    )
    assert council.own_child in caseload_for(user=wf.cover, worker=wf.cover)
    assert council.own_child not in caseload_for(user=council.worker, worker=council.worker)
    assert arrangement.cover_allocation.worker == wf.cover
    with pytest.raises(ValidationError):
        services.cover_arrange(
            child=council.own_child, cover_worker=council.colleague, ends_on=today, arranged_by=council.manager
        )
    # The daily job ends covers whose end date has passed (here, as if the end date had been yesterday).
    arrangement.ends_on = today - timedelta(days=1)
    arrangement.save()
    assert services.covers_end_due(today=today, ended_by=council.manager) == 1
    current = Allocation.objects.get(child=council.own_child, ended_on__isnull=True)
    assert current.worker == council.worker
    arrangement.refresh_from_db()
    assert arrangement.ended_at is not None


def test_cover_ending_in_the_past_is_refused(wf):
    council = wf.council
    with pytest.raises(ValidationError) as error:
        services.cover_arrange(
            child=council.own_child,
            cover_worker=wf.cover,
            ends_on=timezone.localdate() - timedelta(days=1),
            arranged_by=council.manager,
        )
    assert "ends_on" in error.value.message_dict
    assert not CoverArrangement.objects.exists()


def test_capacity_page_and_cover_form(wf, client):
    council = wf.council
    _isolate(wf, council.worker)
    client.force_login(council.manager)
    response = client.get(f"/workforce/capacity/teams/{council.cin_team.pk}/")
    assert response.status_code == 200
    assert "Ava Brown" in response.content.decode()
    response = client.post(
        f"/workforce/cover/{council.own_child.pk}/",
        {"cover_worker": str(wf.cover.pk), "ends_on_0": "", "ends_on_1": "", "ends_on_2": ""},
    )
    assert response.status_code == 200
    assert "Enter the date the cover ends" in response.content.decode()
    assert not CoverArrangement.objects.exists()
    end = timezone.localdate() + timedelta(days=5)
    response = client.post(
        f"/workforce/cover/{council.own_child.pk}/",
        {"cover_worker": str(wf.cover.pk), "ends_on_0": end.day, "ends_on_1": end.month, "ends_on_2": end.year},
    )
    assert response.status_code == 302
    assert CoverArrangement.objects.get().cover_allocation.worker == wf.cover


def test_a_worker_cannot_open_capacity(wf, client):
    client.force_login(wf.council.worker)
    assert client.get(f"/workforce/capacity/teams/{wf.council.cin_team.pk}/").status_code == 404
    assert client.get("/workforce/capacity/").status_code == 403


def test_the_daily_command_hands_back_ended_cover(wf, capsys):
    from django.core.management import call_command

    council = wf.council
    today = timezone.localdate()
    arrangement = services.cover_arrange(
        child=council.own_child, cover_worker=wf.cover, ends_on=today, arranged_by=council.manager
    )
    arrangement.ends_on = today - timedelta(days=1)
    arrangement.save()
    call_command("workforce_daily")
    assert "1 cover arrangements ended" in capsys.readouterr().out
    assert Allocation.objects.get(child=council.own_child, ended_on__isnull=True).worker == council.worker


def test_capacity_queries_do_not_grow_with_the_service(wf):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from caseboard.conftest import allocate, make_child, make_user, open_cin

    council = wf.council
    _isolate(wf, council.worker)
    teams = Team.objects.filter(service=council.cin)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            selectors.capacity_for(user=council.head, teams=teams, today=timezone.localdate())
        return len(queries)

    before = count()
    team = Team.objects.create(name="CIN team 3", service=council.cin)
    for n in range(12):
        person = make_user(f"w{n}", "social_worker", team)
        child = make_child(f"X{n}", "Child", f"Number{n}")
        open_cin(child)
        allocate(child, person, team)
        if n % 3 == 0:
            _isolate(wf, person)
    assert count() == before
