"""The placement pages: who sees what, the same predicate on links and views, errors kept with what was typed, and
every page's audit entry."""

from __future__ import annotations

from datetime import timedelta

import pytest
from auditlog.models import LogEntry

from caseboard.placements import services
from caseboard.placements.models import Placement

from .conftest import START

pytestmark = pytest.mark.django_db


def _place(council, fostering):
    services.approval_record(
        setting=fostering.connected, recorded_by=council.manager, kind="temporary", approved_on=START, places=1
    )
    return services.placement_start(
        child=council.own_child,
        setting=fostering.connected,
        placed_by=council.worker,
        start_on=START,
        placement_type="U3",
        legal_status="V2",
        today=START,
    )


def test_every_page_answers_for_a_social_worker(client, council, fostering):
    placement = _place(council, fostering)
    client.force_login(council.worker)
    for url in (
        "/placements/",
        f"/placements/settings/{fostering.connected.pk}/",
        "/placements/sufficiency/",
        "/placements/finder/",
        f"/placements/children/{council.own_child.pk}/",
        f"/placements/children/{council.own_child.pk}/new/",
        f"/placements/children/{council.own_child.pk}/find/",
        f"/placements/placements/{placement.pk}/plan/",
        f"/placements/placements/{placement.pk}/stability/",
    ):
        assert client.get(url).status_code == 200, url
    # A social worker does not change settings.
    assert client.get("/placements/settings/new/").status_code == 403
    assert client.get(f"/placements/settings/{fostering.connected.pk}/visits/new/").status_code == 403


def test_the_supervising_social_worker_opens_the_child_and_records_a_visit(client, council, fostering):
    _place(council, fostering)
    client.force_login(fostering.ssw)
    page = client.get(f"/placements/settings/{fostering.connected.pk}/").content.decode()
    assert council.own_child.full_name in page and "Record a visit to the carers" in page
    assert client.get(f"/children/{council.own_child.pk}/").status_code == 200
    assert LogEntry.objects.filter(object_pk=str(council.own_child.pk), action=LogEntry.Action.ACCESS).exists()
    # Not a child placed elsewhere, and no placing.
    assert client.get(f"/children/{council.team_child.pk}/").status_code == 403
    assert client.get(f"/placements/children/{council.own_child.pk}/new/").status_code == 403
    day = START + timedelta(days=2)
    response = client.post(
        f"/placements/settings/{fostering.connected.pk}/visits/new/",
        {
            "visited_on_0": day.day,
            "visited_on_1": day.month,
            "visited_on_2": day.year,
            "mode": "video",
            "children": [str(council.own_child.pk)],
        },
    )
    assert response.status_code == 302
    assert council.own_child.visits_seen.count() == 1


def test_a_refused_placement_keeps_what_was_typed(client, council, fostering):
    client.force_login(council.worker)
    response = client.post(
        f"/placements/children/{council.own_child.pk}/new/",
        {
            "setting": fostering.connected.pk,
            "start_on_0": "2",
            "start_on_1": "6",
            "start_on_2": "2025",
            "placement_type": "U3",
            "legal_status": "V2",
            "exception_reason": "Typed by the worker",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "have no approval in force on 2 June 2025" in page and "Typed by the worker" in page
    assert "govuk-error-summary" in page
    assert not Placement.objects.exists()


def test_a_child_outside_need_to_know_is_not_shown(client, council, fostering):
    client.force_login(council.other_worker)
    assert client.get(f"/placements/children/{council.own_child.pk}/").status_code == 403
    assert client.get(f"/placements/children/{council.own_child.pk}/find/").status_code == 403
