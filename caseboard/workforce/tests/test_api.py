"""The workforce API: the same rules as the pages (the special-category rule, 400s with field errors, the PPE
ledger), scoped to the staff the caller may see."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from caseboard.workforce.models import Availability, CheckIn, Office, PpeLedgerEntry, PpeStock, SupervisionSession

pytestmark = pytest.mark.django_db


def _client(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_availability_masks_the_health_reason_for_others(wf):
    council = wf.council
    manager = _client(council.manager)
    response = manager.post(
        "/api/v1/availability/",
        {
            "person": council.worker.pk,
            "status": "self_isolating",
            "starts_on": "2026-06-01",
            "ends_on": "2026-06-10",
            "health_note": "Symptoms",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["health_note"] == "Symptoms"
    [row] = _client(council.colleague).get(f"/api/v1/availability/?person={council.worker.pk}").json()["results"]
    assert row["status"] == "unavailable"
    assert row["health_note"] == ""
    assert row["label"] == "Unavailable until 10 June 2026"
    [row] = _client(wf.hr).get(f"/api/v1/availability/?person={council.worker.pk}").json()["results"]
    assert row["status"] == "self_isolating"
    assert _client(council.cp_worker).get(f"/api/v1/availability/?person={council.worker.pk}").json()["results"] == []


def test_availability_bad_input_is_a_400_with_field_errors(wf):
    council = wf.council
    response = _client(council.worker).post(
        "/api/v1/availability/",
        {"person": council.worker.pk, "status": "shielding", "starts_on": "2026-06-01"},
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {"ends_on": ["Enter the date shielding ends"]}
    response = _client(council.worker).post(
        "/api/v1/availability/",
        {"person": council.colleague.pk, "status": "home", "starts_on": "2026-06-01"},
        format="json",
    )
    assert response.status_code == 403
    assert not Availability.objects.exists()


def test_check_in_in_the_future_is_refused(wf):
    council = wf.council
    tomorrow = date.fromordinal(timezone.localdate().toordinal() + 1)
    response = _client(council.manager).post(
        "/api/v1/check-ins/",
        {"kind": "team_leader", "with_person": council.worker.pk, "held_on": tomorrow.isoformat(), "mode": "phone"},
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {"held_on": ["The date of the check-in must be today or in the past"]}
    assert not CheckIn.objects.exists()
    response = _client(council.manager).post(
        "/api/v1/check-ins/",
        {
            "kind": "team_leader",
            "with_person": council.worker.pk,
            "held_on": timezone.localdate().isoformat(),
            "mode": "phone",
        },
        format="json",
    )
    assert response.status_code == 201
    assert _client(council.worker).get("/api/v1/check-ins/").json()["count"] == 1


def test_supervision_with_a_case_discussion(wf):
    council = wf.council
    response = _client(council.manager).post(
        "/api/v1/supervision/",
        {
            "supervisee": council.worker.pk,
            "held_on": timezone.localdate().isoformat(),
            "mode": "video",
            "reflective_notes": "Private",
            "discussions": [{"child": council.own_child.pk, "oversight": "Plan agreed"}],
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    session = SupervisionSession.objects.get()
    assert session.case_discussions.get().child == council.own_child
    [row] = _client(council.head).get("/api/v1/supervision/").json()["results"]
    assert row["reflective_notes"] is None
    response = _client(council.worker).post(
        "/api/v1/supervision/",
        {"supervisee": council.colleague.pk, "held_on": "2026-06-01", "mode": "video"},
        format="json",
    )
    assert response.status_code == 403


def test_ppe_movements_and_the_ledger(wf):
    council = wf.council
    office = Office.objects.create(name="Riverside House")
    stock = PpeStock.objects.create(office=office, item="gloves")
    manager = _client(council.manager)
    today = timezone.localdate().isoformat()
    assert (
        manager.post(
            f"/api/v1/ppe-stock/{stock.pk}/movements/",
            {"movement": "delivery", "quantity": 10, "on": today},
            format="json",
        ).status_code
        == 201
    )
    response = manager.post(
        f"/api/v1/ppe-stock/{stock.pk}/movements/",
        {"movement": "issue", "quantity": 11, "on": today, "worker": council.worker.pk},
        format="json",
    )
    assert response.status_code == 400
    assert "There are only 10" in response.json()["quantity"][0]
    assert PpeLedgerEntry.objects.count() == 1
    assert _client(council.worker).get("/api/v1/ppe-stock/").json()["results"][0]["level"] == 10
    assert (
        _client(council.worker)
        .post(
            f"/api/v1/ppe-stock/{stock.pk}/movements/",
            {"movement": "delivery", "quantity": 1, "on": today},
            format="json",
        )
        .status_code
        == 403
    )


def test_duty_rota_and_desk_bookings(wf):
    from caseboard.workforce.models import DeskCapacity

    council = wf.council
    today = timezone.localdate()
    response = _client(council.manager).post(
        "/api/v1/duty-rota/",
        {"kind": "out_of_hours", "on": today.isoformat(), "person": council.worker.pk},
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {"starts_at": ["Enter the time the shift starts"]}
    response = _client(council.manager).post(
        "/api/v1/duty-rota/", {"kind": "duty_team", "on": today.isoformat(), "person": council.worker.pk}, format="json"
    )
    assert response.status_code == 201
    assert _client(council.worker).get("/api/v1/duty-rota/").json()["results"][0]["is_available"] is True
    office = Office.objects.create(name="Riverside House")
    DeskCapacity.objects.create(
        office=office, effective_from=date(2020, 8, 3), desks=0, risk_assessment="Closed", recorded_by=council.manager
    )
    day = today
    while day.weekday() >= 5:
        day = date.fromordinal(day.toordinal() + 1)
    response = _client(council.worker).post(
        "/api/v1/office-bookings/", {"office": office.pk, "booked_on": day.isoformat()}, format="json"
    )
    assert response.status_code == 400
    assert "is full on" in response.json()["booked_on"][0]
