from datetime import date

import pytest
from rest_framework.test import APIClient

from caseboard.decisions.models import DecisionStatus, KeyDecision


@pytest.fixture
def api():
    return APIClient()


@pytest.mark.django_db
def test_propose_decide_and_review_through_the_api(api, council):
    api.force_authenticate(council.worker)
    response = api.post(
        "/api/v1/key-decisions/",
        {
            "children": [council.own_child.pk],
            "kind": "visit_virtual",
            "rationale": "Household isolating",
            "starts_on": str(date.today()),
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    pk = response.json()["id"]
    assert api.post(f"/api/v1/key-decisions/{pk}/decide/", {"outcome": "approve"}, format="json").status_code == 400
    api.force_authenticate(council.manager)
    response = api.post(f"/api/v1/key-decisions/{pk}/decide/", {"outcome": "reject"}, format="json")
    assert response.status_code == 400 and "reason" in response.json()
    response = api.post(f"/api/v1/key-decisions/{pk}/decide/", {"outcome": "approve"}, format="json")
    assert response.json()["status"] == DecisionStatus.APPROVED and response.json()["next_review_on"]
    response = api.post(f"/api/v1/key-decisions/{pk}/review/", {"outcome": "end", "rationale": "Over"}, format="json")
    assert response.json()["status"] == DecisionStatus.ENDED
    assert [event["action"] for event in response.json()["events"]] == ["proposed", "approved", "reviewed_end"]


@pytest.mark.django_db
def test_bad_input_and_scoping(api, council):
    api.force_authenticate(council.worker)
    response = api.post(
        "/api/v1/key-decisions/",
        {"children": [council.cp_child.pk], "kind": "visit_virtual", "rationale": "x", "starts_on": "2026-11-24"},
        format="json",
    )
    assert response.status_code == 400 and "children" in response.json()
    response = api.post(
        "/api/v1/key-decisions/",
        {"children": [council.own_child.pk], "kind": "visit_virtual", "rationale": "", "starts_on": "2026-11-24"},
        format="json",
    )
    assert response.status_code == 400 and "rationale" in response.json()
    assert not KeyDecision.objects.exists()
    api.force_authenticate(council.cp_worker)
    assert api.get("/api/v1/key-decisions/").json()["results"] == []
