from __future__ import annotations

from datetime import date, timedelta

import pytest
from rest_framework.test import APIClient

from .conftest import record_contact
from .test_services import decide


@pytest.fixture
def api():
    return APIClient()


@pytest.mark.django_db
def test_contacts_api_records_decides_and_answers_field_errors(api, council, front_door):
    api.force_authenticate(front_door.practitioner)
    response = api.post(
        "/api/v1/contacts/",
        {
            "referrer_name": "",
            "referrer_agency": "6",
            "method": "phone",
            "concerns": "x",
            "received_at": "2026-11-24T09:00:00Z",
            "children": [],
        },
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["referrer_name"] == ["This field may not be blank."] or "referrer_name" in response.json()
    response = api.post(
        "/api/v1/contacts/",
        {
            "referrer_name": "PC Ahmed",
            "referrer_agency": "6",
            "method": "phone",
            "concerns": "Domestic incident",
            "received_at": "2026-11-24T09:00:00Z",
            "new_children": [{"first_name": "Ruby", "last_name": "Hill", "sex": "F", "date_of_birth": "2014-04-03"}],
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    contact_id = response.json()["id"]
    assert response.json()["decision_due_on"] == "2026-11-25"
    response = api.post(
        f"/api/v1/contacts/{contact_id}/decide/", {"decision": "referral", "reasons": "Met"}, format="json"
    )
    assert response.status_code == 400 and response.json() == {"primary_need": ["Select the primary need"]}
    response = api.post(
        f"/api/v1/contacts/{contact_id}/decide/",
        {"decision": "referral", "reasons": "Met", "primary_need": "N1"},
        format="json",
    )
    assert response.status_code == 200 and len(response.json()["referrals"]) == 1
    referral_id = response.json()["referrals"][0]
    screening = api.get("/api/v1/screenings/?format=json").json()["results"][0]
    assert screening["referral"] == referral_id and screening["outstanding"]
    response = api.patch(f"/api/v1/screenings/{screening['id']}/", {"parents_spoken_to": False}, format="json")
    assert response.status_code == 400 and "parents_not_spoken_reason" in response.json()


@pytest.mark.django_db
def test_api_scoping_is_need_to_know(api, council, front_door):
    contact = record_contact(front_door, children=[council.own_child])
    referral = decide(contact, front_door).referrals[0]
    api.force_authenticate(council.other_worker)
    assert api.get(f"/api/v1/contacts/{contact.pk}/").status_code == 404
    assert api.get(f"/api/v1/referrals/{referral.pk}/").status_code == 404
    assert api.get("/api/v1/referrals/").json()["results"] == []
    api.force_authenticate(council.worker)
    assert api.get(f"/api/v1/referrals/{referral.pk}/").status_code == 200
    assert api.post("/api/v1/contacts/", {}, format="json").status_code in (400, 403)


@pytest.mark.django_db
def test_assessments_api(api, council, front_door):
    contact = record_contact(front_door, children=[council.own_child])
    referral = decide(contact, front_door).referrals[0]
    api.force_authenticate(council.worker)
    today = date.today()
    future = (today + timedelta(days=5)).isoformat()
    response = api.post("/api/v1/assessments/", {"referral": referral.pk, "started_on": future}, format="json")
    assert response.status_code == 400 and response.json()["started_on"] == [
        "The start date must be today or in the past"
    ]
    response = api.post(
        "/api/v1/assessments/", {"referral": referral.pk, "started_on": today.isoformat()}, format="json"
    )
    assert response.status_code == 201
    pk = response.json()["id"]
    response = api.patch(
        f"/api/v1/assessments/{pk}/",
        {"factors": ["21", "3B"], "completed_on": today.isoformat(), "outcome": "cin_plan"},
        format="json",
    )
    assert response.status_code == 400 and "factors" in response.json()
    response = api.post(
        f"/api/v1/assessments/{pk}/pause/", {"decision": None, "starts_on": today.isoformat()}, format="json"
    )
    assert response.status_code == 400 and response.json()["decision"][0].startswith("Pausing an assessment needs")
    api.force_authenticate(council.other_worker)
    assert api.get(f"/api/v1/assessments/{pk}/").status_code == 404
