"""The placements API: the same rules as the pages (400 with field errors, nothing written), need to know (404)."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from caseboard.placements import services
from caseboard.placements.models import Placement, Setting

from .conftest import START

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


def test_place_a_child_and_record_the_plan(api, council, fostering):
    services.approval_record(
        setting=fostering.connected, recorded_by=council.manager, kind="temporary", approved_on=START, places=1
    )
    api.force_authenticate(council.worker)
    response = api.post(
        "/api/v1/placements/",
        {
            "child": council.own_child.pk,
            "setting": fostering.connected.pk,
            "start_on": "2025-06-02",
            "placement_type": "U3",
            "legal_status": "V2",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["is_reg24_placement"] is True
    pk = response.json()["id"]
    bad = api.post(f"/api/v1/placements/{pk}/plan/", {"completed_on": "2025-05-30"}, format="json")
    assert bad.status_code == 400
    expected = "The date the plan was agreed must be on or after the placement started, 2 June 2025"
    assert bad.json()["completed_on"] == [expected]
    good = api.post(f"/api/v1/placements/{pk}/plan/", {"completed_on": "2025-06-05"}, format="json")
    assert good.status_code == 201
    api.force_authenticate(council.other_worker)
    assert api.get(f"/api/v1/placements/{pk}/").status_code == 404


def test_bad_input_is_a_400_with_the_pages_messages(api, council, fostering):
    api.force_authenticate(council.manager)
    response = api.post(
        "/api/v1/placement-settings/",
        {
            "kind": "childrens_home",
            "name": "Flat 2",
            "placement_provider": "PR4",
            "registration_status": "unregistered",
        },
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["ofsted_notified_on"] == ["Enter the date Ofsted was told of the unregistered placement"]
    assert not Setting.objects.filter(name="Flat 2").exists()
    response = api.post(
        f"/api/v1/placement-settings/{fostering.connected.pk}/approve/",
        {"kind": "temporary", "approved_on": "2025-06-02", "places": 1, "weeks": 20},
        format="json",
    )
    assert response.status_code == 400 and "at most 16 weeks" in response.json()["weeks"][0]
    api.force_authenticate(council.worker)
    response = api.post(
        "/api/v1/placements/",
        {
            "child": council.own_child.pk,
            "setting": fostering.connected.pk,
            "start_on": "2025-06-02",
            "placement_type": "U3",
            "legal_status": "V2",
        },
        format="json",
    )
    assert response.status_code == 400 and "no approval in force" in response.json()["setting"][0]
    assert not Placement.objects.exists()
    assert api.get(f"/api/v1/placement-settings/{fostering.mainstream.pk}/vacancies/").json()["vacancies"] == 2


def test_a_carer_visit_through_the_api_counts_for_the_child_and_bad_input_is_a_400(api, council, fostering):
    from caseboard.placements.models import CarerVisit
    from caseboard.visits.models import ChildSeen

    services.approval_record(
        setting=fostering.connected, recorded_by=council.manager, kind="temporary", approved_on=START, places=1
    )
    placement = services.placement_start(
        child=council.own_child,
        setting=fostering.connected,
        placed_by=council.worker,
        start_on=START,
        placement_type="U3",
        legal_status="V2",
        today=START,
    )
    api.force_authenticate(council.other_worker)
    assert api.get(f"/api/v1/placements/{placement.pk}/").status_code == 404
    api.force_authenticate(fostering.ssw)
    body = {"setting": fostering.connected.pk, "visited_on": "2025-06-04", "mode": "in_person_home"}
    response = api.post("/api/v1/carer-visits/", {**body, "children_seen": [council.team_child.pk]}, format="json")
    assert response.status_code == 400 and response.json()["children_seen"] == [
        "Select children whose records you can see"
    ]
    response = api.post("/api/v1/carer-visits/", {**body, "visited_on": "2099-01-01"}, format="json")
    assert response.status_code == 400 and "today or in the past" in response.json()["visited_on"][0]
    assert not CarerVisit.objects.exists() and not ChildSeen.objects.exists()
    response = api.post("/api/v1/carer-visits/", {**body, "children_seen": [council.own_child.pk]}, format="json")
    assert response.status_code == 201
    assert ChildSeen.objects.get(child=council.own_child).purpose == "statutory_lac"
    api.force_authenticate(fostering.other_ssw)
    response = api.post("/api/v1/carer-visits/", body, format="json")
    assert response.status_code == 403


def test_a_carer_visits_notes_are_only_for_the_carers_supervisor_and_managers(api, council, fostering):
    services.carer_visit_record(
        setting=fostering.connected,
        worker=fostering.ssw,
        recorded_by=fostering.ssw,
        visited_on=START,
        mode="in_person_home",
        notes="Grandmother tired; the children's school worried",
        children_seen=[],
    )
    for user, sees_notes in (
        (fostering.ssw, True),
        (council.manager, True),
        (council.worker, False),
        (fostering.other_ssw, False),
    ):
        api.force_authenticate(user)
        (visit,) = api.get("/api/v1/carer-visits/").json()["results"]
        assert ("notes" in visit) is sees_notes, user.username
        assert visit["visited_on"] == str(START)
