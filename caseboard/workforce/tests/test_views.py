"""Every workforce page opens for the people it is for, refuses others, and lists in a fixed number of queries."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import timezone

from caseboard.accounts.models import Role
from caseboard.conftest import make_user
from caseboard.workforce import services
from caseboard.workforce.models import DeskCapacity, Office, PpeStock

pytestmark = pytest.mark.django_db


@pytest.fixture
def offices(wf):
    office = Office.objects.create(name="Riverside House", ppe_lead=wf.council.manager)
    DeskCapacity.objects.create(
        office=office,
        effective_from=date(2020, 8, 3),
        desks=12,
        risk_assessment="COVID-secure",
        recorded_by=wf.council.manager,
    )
    stock = PpeStock.objects.create(office=office, item="gloves", reorder_level=50)
    services.ppe_delivery_record(stock=stock, quantity=100, recorded_by=wf.council.manager, on=timezone.localdate())
    services.duty_shift_add(
        kind="duty_team", on=timezone.localdate(), person=wf.council.worker, added_by=wf.council.manager
    )
    return office, stock


def test_every_page_opens_for_a_manager(wf, offices, client):
    office, stock = offices
    council = wf.council
    client.force_login(council.manager)
    pages = [
        "/workforce/",
        "/workforce/staff/",
        f"/workforce/staff/{council.worker.pk}/",
        f"/workforce/staff/{council.worker.pk}/edit/",
        f"/workforce/staff/{council.worker.pk}/availability/new/",
        f"/workforce/teams/{council.cin_team.pk}/buddies/",
        "/workforce/check-ins/new/",
        "/workforce/check-ins/missed/",
        "/workforce/supervision/",
        "/workforce/supervision/new/",
        "/workforce/capacity/",
        f"/workforce/capacity/teams/{council.cin_team.pk}/",
        "/workforce/offices/",
        f"/workforce/offices/{office.pk}/",
        f"/workforce/offices/{office.pk}/capacity/",
        f"/workforce/offices/{office.pk}/rota/",
        "/workforce/duty/",
        "/workforce/ppe/",
        f"/workforce/ppe/{stock.pk}/",
        "/workforce/surveys/",
        "/workforce/reports/availability/",
        "/workforce/reports/check-ins/",
        "/workforce/reports/ppe/",
    ]
    for path in pages:
        assert client.get(path).status_code == 200, path
    client.force_login(council.head)
    assert client.get(f"/workforce/capacity/services/{council.cin.pk}/").status_code == 200
    assert client.get("/workforce/surveys/new/").status_code == 200


def test_a_worker_is_refused_manager_pages(wf, offices, client):
    _office, stock = offices
    council = wf.council
    client.force_login(council.worker)
    assert client.get(f"/workforce/staff/{council.colleague.pk}/edit/").status_code == 403
    assert client.get(f"/workforce/staff/{council.colleague.pk}/availability/new/").status_code == 403
    assert client.get(f"/workforce/teams/{council.cin_team.pk}/buddies/").status_code == 404
    assert client.get("/workforce/supervision/new/").status_code == 403
    assert client.get("/workforce/reports/availability/").status_code == 403
    assert client.get("/workforce/surveys/new/").status_code == 403
    response = client.post(
        f"/workforce/ppe/{stock.pk}/",
        {"form": "movement", "movement": "delivery", "quantity": "5", "on_0": "1", "on_1": "6", "on_2": "2026"},
    )
    assert response.status_code == 403
    # Their own availability they may record.
    assert client.get(f"/workforce/staff/{council.worker.pk}/availability/new/").status_code == 200


def test_front_door_queue_shows_who_is_on_duty(wf, offices, client):
    council = wf.council
    frontdoor = make_user("fd", Role.FRONT_DOOR, council.cin_team)
    client.force_login(frontdoor)
    response = client.get("/front-door/")
    assert response.status_code == 200
    assert "On duty today" in response.content.decode()
    assert "Duty team: Worker Test" in response.content.decode()


def test_staff_list_has_a_fixed_number_of_queries(wf, client):
    client.force_login(wf.hr)
    client.get("/workforce/staff/")
    for n in range(20):
        make_user(f"extra{n}", Role.SOCIAL_WORKER, wf.council.cin_team)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get("/workforce/staff/")
    for n in range(30):
        make_user(f"more{n}", Role.SOCIAL_WORKER, wf.council.cin_team)
    with CaptureQueriesContext(connection) as many:
        client.get("/workforce/staff/")
    assert len(few) == len(many)


def test_supervision_writes_management_oversight_on_the_child(wf, client):
    council = wf.council
    client.force_login(council.manager)
    today = timezone.localdate()
    response = client.post(
        "/workforce/supervision/new/",
        {
            "supervisee": council.worker.pk,
            "held_on_0": today.day,
            "held_on_1": today.month,
            "held_on_2": today.year,
            "mode": "video",
            "reflective_notes": "Managing the caseload well",
            "child_1": council.own_child.pk,
            "oversight_1": "Agreed weekly video contact; review in 2 weeks",
        },
    )
    assert response.status_code == 302
    client.force_login(council.worker)
    page = client.get(f"/children/{council.own_child.pk}/").content.decode()
    assert "Management oversight" in page
    assert "Agreed weekly video contact" in page
    # The reflective notes are private to the two of them.
    client.force_login(council.head)
    session_page = client.get(response.url).content.decode()
    assert "Managing the caseload well" not in session_page
