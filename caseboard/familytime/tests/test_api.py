"""The family time API: the same rules as the pages (400 with field errors), the same need to know (404)."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone
from rest_framework.test import APIClient

from caseboard.clock.calendar import is_working_day
from caseboard.familytime.models import Arrangement, ArrangementChange, Session

from .conftest import record


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def _next_weekday() -> date:
    day = timezone.localdate() + timedelta(days=1)
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def test_record_an_arrangement_and_bad_input(council, centre):
    body = {
        "child": council.own_child.pk,
        "family_members": [centre.mother.pk],
        "source": "court_order",
        "court_order_provision": "Twice a week",
        "times": 2,
        "period": "week",
        "duration_minutes": 90,
        "supervision": "supervised",
        "mode": "in_person",
        "venue_kind": "family_centre",
        "venue": centre.venue.pk,
        "starts_on": "2026-03-01",
    }
    response = api(council.worker).post("/api/v1/family-time/arrangements/", body, format="json")
    assert response.status_code == 201, response.json()
    bad = api(council.worker).post(
        "/api/v1/family-time/arrangements/", {**body, "ends_on": "2026-02-01"}, format="json"
    )
    assert bad.status_code == 400
    assert "ends_on" in bad.json()
    assert Arrangement.objects.count() == 1
    other = api(council.other_worker).post("/api/v1/family-time/arrangements/", body, format="json")
    assert other.status_code == 400 and "child" in other.json()


def test_slots_booking_and_need_to_know(council, centre):
    arrangement = record(council, centre, starts_on=date(2025, 7, 1))
    slots = api(centre.coordinator).get(f"/api/v1/family-time/arrangements/{arrangement.pk}/slots/")
    assert slots.status_code == 200 and slots.json()
    first = slots.json()[0]
    booked = api(centre.coordinator).post(
        "/api/v1/family-time/sessions/book/",
        {"arrangement": arrangement.pk, "starts_at": first["starts_at"], "room": first["room"]},
        format="json",
    )
    assert booked.status_code == 201, booked.json()
    again = api(centre.coordinator).post(
        "/api/v1/family-time/sessions/book/",
        {"arrangement": arrangement.pk, "starts_at": first["starts_at"], "room": first["room"]},
        format="json",
    )
    assert again.status_code == 400 and "starts_at" in again.json()
    assert Session.objects.count() == 1
    session_id = booked.json()["id"]
    assert api(council.worker).get(f"/api/v1/family-time/sessions/{session_id}/").status_code == 200
    assert api(centre.supervisor).get(f"/api/v1/family-time/sessions/{session_id}/").status_code == 200
    assert api(centre.other_supervisor).get(f"/api/v1/family-time/sessions/{session_id}/").status_code == 404
    assert api(council.other_worker).get(f"/api/v1/family-time/arrangements/{arrangement.pk}/").status_code == 404
    bad_day = api(centre.coordinator).get(f"/api/v1/family-time/arrangements/{arrangement.pk}/slots/?from=soon")
    assert bad_day.status_code == 400 and "from" in bad_day.json()


def test_propose_a_change_and_record_a_session(council, centre):
    arrangement = record(council, centre, starts_on=date(2025, 7, 1))
    response = api(council.worker).post(
        f"/api/v1/family-time/arrangements/{arrangement.pk}/propose-change/",
        {
            "reason": "Isolating",
            "applies_from": timezone.localdate().isoformat(),
            "mode": "video",
            "venue_kind": "carers_home",
            "venue": None,
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert ArrangementChange.objects.get().decision.kind == "court_ordered_contact_changed"
    empty = api(council.worker).post(
        f"/api/v1/family-time/arrangements/{arrangement.pk}/propose-change/",
        {"reason": "", "applies_from": timezone.localdate().isoformat()},
        format="json",
    )
    assert empty.status_code == 400


def test_venues(council, centre):
    response = api(centre.coordinator).get("/api/v1/family-time/venues/")
    assert response.status_code == 200
    assert [room["name"] for room in response.json()["results"][0]["rooms"]] == ["Room 1", "Room 2"]
