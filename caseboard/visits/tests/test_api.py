"""Visits, pre-visit checks and case notes in the REST API: the services' rules as 400s with field errors, scoping
by the children the caller may see, audited reads, and the due items following a recorded visit."""

from __future__ import annotations

from datetime import timedelta

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from rest_framework.test import APIClient

from caseboard.clock.calendar import add_working_days
from caseboard.compliance.models import DueItem
from caseboard.compliance.services import due_items_recompute
from caseboard.testing.factories import FamilyMemberFactory
from caseboard.visits import services
from caseboard.visits.models import CaseNote, PreVisitCheck, Visit

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
YESTERDAY = TODAY - timedelta(days=1)
ANSWERS = {
    "anyone_symptomatic": False,
    "anyone_isolating": False,
    "anyone_tested_positive": False,
    "anyone_clinically_vulnerable": False,
    "can_meet_outdoors": True,
}


@pytest.fixture
def api():
    return APIClient()


def visit_body(*children, **overrides):
    body = {
        "visited_on": str(YESTERDAY),
        "mode": "in_person_home",
        "purpose": "statutory_cin",
        "children_seen": [{"child": child.pk, "was_seen": True} for child in children],
    }
    return body | overrides


def record(council, *children, recorded_by=None, **extra):
    fields = {"visited_on": YESTERDAY, "mode": "in_person_home", "purpose": "statutory_cin"} | extra
    return services.visit_record(
        children_seen=[services.ChildSeenInput(child=child, was_seen=True) for child in children],
        worker=council.worker,
        recorded_by=recorded_by or council.worker,
        **fields,
    )


def access_entries(instance):
    return LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(type(instance)),
        object_pk=str(instance.pk),
        action=LogEntry.Action.ACCESS,
    )


# --- visits ----------------------------------------------------------------------------------------------------
def test_recording_a_visit_moves_the_childs_next_visit_due(api, council, django_capture_on_commit_callbacks):
    child = council.own_child
    due_items_recompute(child_ids=[child.pk])
    before = DueItem.objects.get(child=child, kind="cin_visit").due_on
    api.force_authenticate(council.worker)
    body = visit_body(child, ppe_used=["mask"], notes="Seen at home")
    body["children_seen"][0] |= {"seen_alone": True, "bedroom_seen": True, "child_views": "Likes school"}
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post("/api/v1/visits/", body, format="json")
    assert response.status_code == 201, response.json()
    data = response.json()
    visit = Visit.objects.get()
    assert data["id"] == visit.pk and data["worker"] == data["recorded_by"] == council.worker.pk
    assert data["ppe_used"] == ["mask"] and data["pre_visit_check"] is None and data["version"] == 1
    [seen] = data["children_seen"]
    assert seen["child"] == child.pk and seen["seen_alone"] and seen["bedroom_seen"]
    assert seen["child_views"] == "Likes school" and seen["counts"] is True
    assert "in-person visit" in seen["reason"]
    after = DueItem.objects.get(child=child, kind="cin_visit").due_on
    assert after != before and after == add_working_days(YESTERDAY, 20)


def test_visits_to_siblings_in_one_household(api, council):
    FamilyMemberFactory(child=council.own_child, name="Ben Clarke", relationship="sibling", sibling=council.team_child)
    api.force_authenticate(council.worker)
    response = api.post("/api/v1/visits/", visit_body(council.own_child, council.team_child), format="json")
    assert response.status_code == 201, response.json()
    assert sorted(seen["child"] for seen in response.json()["children_seen"]) == sorted(
        [council.own_child.pk, council.team_child.pk]
    )
    response = api.post("/api/v1/visits/", visit_body(council.own_child, council.restricted_child), format="json")
    assert response.status_code == 400
    assert response.json() == {"children_seen": ["Select children whose records you can see"]}


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"visited_on": str(TODAY + timedelta(days=1))}, "visited_on", "must be today or in the past"),
        ({"purpose": "statutory_lac"}, "purpose", "needs an open lac episode"),
        ({"alone_not_seen": True}, "children_seen", "cannot be seen alone without being seen"),
        ({"children": "cp_child"}, "children_seen", "Select children whose records you can see"),
        ({"children": "missing"}, "children_seen", "Select children whose records you can see"),
        ({"children": "none"}, "children_seen", "Select the child or children"),
        ({"ppe_used": ["spacesuit"]}, "ppe_used", "Select PPE from the list"),
        ({"pre_visit_check": 999999}, "pre_visit_check", "Select a pre-visit check"),
    ],
)
def test_bad_visits_are_400s_with_field_errors_and_nothing_is_written(api, council, overrides, field, message):
    api.force_authenticate(council.worker)
    overrides = dict(overrides)
    children = {"cp_child": [council.cp_child], "none": [], "missing": None}.get(
        overrides.pop("children", ""), [council.own_child]
    )
    body = visit_body(*(children or []), **overrides)
    if children is None:
        body["children_seen"] = [{"child": 999999, "was_seen": True}]
    if body.pop("alone_not_seen", False):
        body["children_seen"] = [{"child": council.own_child.pk, "was_seen": False, "seen_alone": True}]
    response = api.post("/api/v1/visits/", body, format="json")
    assert response.status_code == 400, response.json()
    errors = response.json()
    assert field in errors, errors
    assert message in str(errors[field])
    assert not Visit.objects.exists()


def test_only_roles_that_edit_records_may_record_a_visit(api, council):
    api.force_authenticate(council.performance)  # sees every child, edits none
    response = api.post("/api/v1/visits/", visit_body(council.own_child), format="json")
    assert response.status_code == 403
    assert not Visit.objects.exists()


def test_visits_are_scoped_to_children_the_caller_may_see(api, council):
    FamilyMemberFactory(
        child=council.own_child, name="Cara Dixon", relationship="sibling", sibling=council.other_team_child
    )
    own = record(council, council.own_child)
    both = record(council, council.own_child, council.other_team_child, recorded_by=council.head)
    theirs = record(council, council.other_team_child, recorded_by=council.head)

    api.force_authenticate(council.worker)  # sees Ava, not Cara (another team)
    assert [v["id"] for v in api.get("/api/v1/visits/").json()["results"]] == [own.pk]
    assert api.get(f"/api/v1/visits/{both.pk}/").status_code == 404  # not every child on it is visible
    assert api.get(f"/api/v1/visits/{theirs.pk}/").status_code == 404
    assert api.get("/api/v1/visits/abc/").status_code == 404
    assert not access_entries(both).exists()

    api.force_authenticate(council.head)
    ids = {v["id"] for v in api.get("/api/v1/visits/").json()["results"]}
    assert ids == {own.pk, both.pk, theirs.pk}
    filtered = api.get(f"/api/v1/visits/?child={council.other_team_child.pk}").json()["results"]
    assert {v["id"] for v in filtered} == {both.pk, theirs.pk}

    api.force_authenticate(council.cp_worker)
    assert api.get("/api/v1/visits/").json()["results"] == []


def test_reading_a_visit_is_audited_and_says_whether_it_counts(api, council):
    video = record(council, council.own_child, mode="video")
    api.force_login(council.worker)  # through the middleware, so the audit entry names the actor
    data = api.get(f"/api/v1/visits/{video.pk}/").json()
    [seen] = data["children_seen"]
    assert seen["counts"] is False
    assert seen["reason"].startswith("Only in-person visits count under")
    entry = access_entries(video).get()
    assert entry.actor == council.worker and entry.additional_data == {"via": "API"}
    listed = api.get("/api/v1/visits/").json()["results"][0]["children_seen"][0]
    assert "counts" not in listed  # the list is not a read of each visit's counting
    assert access_entries(video).count() == 1


# --- pre-visit checks ------------------------------------------------------------------------------------------
def test_record_a_pre_visit_check_and_use_it_for_a_visit(api, council):
    api.force_authenticate(council.worker)
    body = {
        "children": [council.own_child.pk],
        "asked_who": "Mother",
        "asked_how": "phone",
        **ANSWERS,
        "anyone_symptomatic": True,
        "outcome": "go_ahead_with_ppe",
        "ppe_needed": ["mask", "gloves"],
    }
    response = api.post("/api/v1/pre-visit-checks/", body, format="json")
    assert response.status_code == 201, response.json()
    data = response.json()
    check = PreVisitCheck.objects.get()
    assert data["child_ids"] == [council.own_child.pk] and data["recorded_by"] == council.worker.pk
    assert "Outcome: Go ahead with PPE; PPE: Fluid-resistant surgical mask, Gloves." in data["risk_summary"]

    response = api.post("/api/v1/visits/", visit_body(council.own_child, pre_visit_check=check.pk), format="json")
    assert response.json() == {
        "pre_visit_check": ["The pre-visit check must be on the day of the visit or the day before"]
    }
    body = visit_body(council.own_child, visited_on=str(TODAY), pre_visit_check=check.pk)
    response = api.post("/api/v1/visits/", body, format="json")
    assert response.json() == {"ppe_used": ["The pre-visit check said to use PPE: record the PPE used"]}
    body = visit_body(council.own_child, visited_on=str(TODAY), pre_visit_check=check.pk, ppe_used=["mask", "gloves"])
    response = api.post("/api/v1/visits/", body, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["pre_visit_check"] == check.pk

    assert api.get(f"/api/v1/pre-visit-checks/{check.pk}/").json()["outcome"] == "go_ahead_with_ppe"
    assert access_entries(check).count() == 1
    api.force_authenticate(council.other_worker)
    assert api.get(f"/api/v1/pre-visit-checks/{check.pk}/").status_code == 404
    body = visit_body(council.other_team_child, pre_visit_check=check.pk)
    response = api.post("/api/v1/visits/", body, format="json")
    assert response.status_code == 400 and "pre_visit_check" in response.json()


def test_bad_pre_visit_checks_are_400s(api, council):
    api.force_authenticate(council.worker)
    base = {"children": [council.own_child.pk], "asked_who": "Mother", "asked_how": "phone", **ANSWERS}
    response = api.post("/api/v1/pre-visit-checks/", base | {"outcome": "go_ahead_with_ppe"}, format="json")
    assert response.status_code == 400 and response.json() == {"ppe_needed": ["Select the PPE to use"]}
    bad_ppe = base | {"outcome": "go_ahead_with_ppe", "ppe_needed": ["mask", "spacesuit"]}
    response = api.post("/api/v1/pre-visit-checks/", bad_ppe, format="json")
    assert response.json() == {"ppe_needed": ["Select PPE from the list"]}
    response = api.post(
        "/api/v1/pre-visit-checks/", base | {"outcome": "go_ahead", "anyone_isolating": True}, format="json"
    )
    assert response.status_code == 400 and "outcome" in response.json()
    response = api.post(
        "/api/v1/pre-visit-checks/", base | {"outcome": "go_ahead", "children": [council.cp_child.pk]}, format="json"
    )
    assert response.json() == {"children": ["Select children whose records you can see"]}
    without_answers = {k: v for k, v in base.items() if k not in ANSWERS} | {"outcome": "go_ahead"}
    response = api.post("/api/v1/pre-visit-checks/", without_answers, format="json")
    assert response.status_code == 400 and set(ANSWERS) <= set(response.json())
    assert not PreVisitCheck.objects.exists()


# --- case notes ------------------------------------------------------------------------------------------------
def test_case_notes_are_recorded_and_listed_per_child(api, council):
    api.force_authenticate(council.worker)
    body = {"child": council.own_child.pk, "kind": "phone_parent", "occurred_on": str(TODAY), "text": "Mum called"}
    response = api.post("/api/v1/case-notes/", body, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["child"] == council.own_child.pk and response.json()["recorded_by"] == council.worker.pk
    response = api.post("/api/v1/case-notes/", body | {"child": council.team_child.pk}, format="json")
    assert response.status_code == 201

    listed = api.get(f"/api/v1/case-notes/?child={council.own_child.pk}").json()["results"]
    assert [(n["child"], n["text"]) for n in listed] == [(council.own_child.pk, "Mum called")]
    assert access_entries(council.own_child).filter(additional_data__via="API case notes").count() == 1
    assert len(api.get("/api/v1/case-notes/").json()["results"]) == 2

    response = api.post("/api/v1/case-notes/", body | {"occurred_on": str(TODAY + timedelta(days=1))}, format="json")
    assert response.json() == {"occurred_on": ["The date of the contact must be today or in the past"]}
    response = api.post("/api/v1/case-notes/", body | {"text": "  "}, format="json")
    assert response.status_code == 400 and "text" in response.json()
    for child in (council.cp_child.pk, 999999):
        response = api.post("/api/v1/case-notes/", body | {"child": child}, format="json")
        assert response.json() == {"child": ["Select children whose records you can see"]}
    assert CaseNote.objects.count() == 2

    api.force_authenticate(council.cp_worker)
    assert api.get(f"/api/v1/case-notes/?child={council.own_child.pk}").json()["results"] == []
    assert api.get("/api/v1/case-notes/").json()["results"] == []


def test_a_check_answers_the_operating_models_questions_by_key_and_returns_them_as_asked(api, council):
    from caseboard.policy.models import PreVisitQuestion
    from caseboard.policy.selectors import version_in_force

    version = version_in_force(TODAY)
    PreVisitQuestion.objects.create(version=version, key="dog", text="Is there a dog in the house?", position=9)
    api.force_authenticate(council.worker)
    base = {"children": [council.own_child.pk], "asked_who": "Mother", "asked_how": "phone", "outcome": "go_ahead"}
    response = api.post("/api/v1/pre-visit-checks/", base | ANSWERS, format="json")
    assert response.status_code == 400 and response.json() == {
        "dog": ["Answer every question: Is there a dog in the house?"]
    }
    response = api.post("/api/v1/pre-visit-checks/", base | {"answers_by_key": ANSWERS | {"dog": True}}, format="json")
    assert response.status_code == 201, response.json()
    answers = response.json()["answers"]
    assert answers[0] == {
        "key": "anyone_symptomatic",
        "question": "Does anyone in the household have symptoms?",
        "answer": False,
    }
    assert answers[-1] == {"key": "dog", "question": "Is there a dog in the house?", "answer": True}
