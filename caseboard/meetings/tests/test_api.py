"""The meetings API: scoped by need to know (404 outside it), the same rules as the pages with 400 field errors."""

from __future__ import annotations

from datetime import date

import pytest
from rest_framework.test import APIClient

from caseboard.meetings.models import Meeting, MeetingStatus, Section47Enquiry

from .conftest import arrange, hold

pytestmark = pytest.mark.django_db


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_list_and_retrieve_are_scoped(council):
    mine = arrange(council.worker, "cin_review", council.own_child, on=date(2026, 6, 1))
    theirs = arrange(council.other_worker, "cin_review", council.other_team_child, on=date(2026, 6, 1))
    client = api(council.worker)
    ids = [row["id"] for row in client.get("/api/v1/meetings/").json()["results"]]
    assert ids == [mine.pk]
    assert client.get(f"/api/v1/meetings/{theirs.pk}/").status_code == 404
    body = client.get(f"/api/v1/meetings/{mine.pk}/").json()
    assert body["children"] == [council.own_child.pk] and body["kind"] == "cin_review"


def test_create_hold_postpone_cancel(council):
    client = api(council.cp_worker)
    response = client.post(
        "/api/v1/meetings/",
        {
            "kind": "strategy_discussion",
            "children": [council.cp_child.pk],
            "scheduled_for": "2026-04-20T10:00:00+01:00",
            "format": "split_calls",
            "invitees": [{"name": "DC Rowe", "role": "Police"}],
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    meeting_id = response.json()["id"]
    police = next(i for i in response.json()["invitees"] if i["name"] == "DC Rowe")
    response = client.post(
        f"/api/v1/meetings/{meeting_id}/hold/",
        {
            "held_on": "2026-04-20",
            "format": "split_calls",
            "attendance": [{"invitee": 99999, "took_part": "telephone"}],
            "outcome": "s47_enquiry",
        },
        format="json",
    )
    assert response.status_code == 400 and "was not invited to this meeting" in response.json()["attendance"][0]
    response = client.post(
        f"/api/v1/meetings/{meeting_id}/hold/",
        {
            "held_on": "2026-04-20",
            "format": "split_calls",
            "attendance": [{"invitee": police["id"], "took_part": "telephone"}],
            "outcome": "s47_enquiry",
        },
        format="json",
    )
    assert response.status_code == 200 and response.json()["status"] == "held"
    enquiry = Section47Enquiry.objects.get()
    assert client.get(f"/api/v1/section-47-enquiries/{enquiry.pk}/").status_code == 200
    response = client.post(
        f"/api/v1/section-47-enquiries/{enquiry.pk}/complete/",
        {"outcome": "icpc_needed", "completed_on": "2026-04-28"},
        format="json",
    )
    assert response.status_code == 200 and response.json()["outcome"] == "icpc_needed"

    response = client.post(
        "/api/v1/meetings/",
        {
            "kind": "initial_conference",
            "children": [council.cp_child.pk],
            "scheduled_for": "2026-04-17T10:00:00+01:00",
            "format": "virtual",
        },
        format="json",
    )
    assert response.status_code == 400
    assert "before the strategy discussion on 20 April 2026" in response.json()["scheduled_for"][0]
    response = client.post(
        "/api/v1/meetings/",
        {
            "kind": "initial_conference",
            "children": [council.cp_child.pk],
            "scheduled_for": "2026-05-12T10:00:00+01:00",
            "format": "virtual",
        },
        format="json",
    )
    assert response.status_code == 201 and response.json()["due_on"] == "2026-05-12"
    conference = response.json()["id"]
    response = client.post(
        f"/api/v1/meetings/{conference}/postpone/",
        {"new_scheduled_for": "2026-05-19T10:00:00+01:00", "reason": "Chair unwell"},
        format="json",
    )
    assert response.status_code == 200
    assert response.json()["due_on"] == "2026-05-12"
    assert response.json()["postponed"] == "Postponed: due 12 May 2026, now 19 May 2026 (5 working days late)"
    response = client.post(f"/api/v1/meetings/{conference}/cancel/", {"reason": "No"}, format="json")
    assert response.status_code == 400 and "needs an approved key decision" in response.json()["non_field_errors"][0]
    assert Meeting.objects.get(pk=conference).status == MeetingStatus.SCHEDULED


def test_create_field_errors_and_scope(council):
    client = api(council.worker)
    response = client.post("/api/v1/meetings/", {"kind": "nonsense", "children": []}, format="json")
    assert response.status_code == 400 and {"kind", "children", "scheduled_for", "format"} <= set(response.json())
    response = client.post(
        "/api/v1/meetings/",
        {
            "kind": "cin_review",
            "children": [council.other_team_child.pk],
            "scheduled_for": "2026-06-01T10:00:00Z",
            "format": "virtual",
        },
        format="json",
    )
    assert response.status_code == 400 and "children" in response.json()
    response = client.post(
        "/api/v1/meetings/",
        {
            "kind": "core_group",
            "children": [council.own_child.pk],
            "scheduled_for": "2026-06-01T10:00:00Z",
            "format": "virtual",
        },
        format="json",
    )
    assert response.json() == {
        "kind": ["Ava Brown has no child protection plan: a core group is for a child on a plan"]
    }


def test_performance_officer_cannot_write(council):
    meeting = arrange(council.worker, "cin_review", council.own_child, on=date(2026, 6, 1))
    client = api(council.performance)
    assert client.get(f"/api/v1/meetings/{meeting.pk}/").status_code == 200
    response = client.post(f"/api/v1/meetings/{meeting.pk}/cancel/", {"reason": "x"}, format="json")
    assert response.status_code == 403
    hold(meeting, council.worker, on=date(2026, 6, 1))
