"""The staff, teams and services API: administrators only, the same services and rules as the pages."""

from __future__ import annotations

import pytest
from auditlog.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from caseboard.accounts.models import Role, Service, StaffChange, StaffChangeKind, Team, User
from caseboard.accounts.staff_import import COLUMNS
from caseboard.casework.models import Allocation

ENDPOINTS = ["/api/v1/staff/", "/api/v1/teams/", "/api/v1/services/"]


@pytest.fixture
def api(council):
    client = APIClient()
    client.force_authenticate(council.admin)
    return client


@pytest.mark.django_db
def test_only_administrators_may_use_the_staff_api(council):
    client = APIClient()
    for url in ENDPOINTS:
        assert client.get(url).status_code in {401, 403}
    for user in council.users:
        client.force_authenticate(user)
        for url in ENDPOINTS:
            expected = 200 if user == council.admin else 403
            assert client.get(url).status_code == expected, (user.username, url)
        response = client.post("/api/v1/staff/", {"username": "x"}, format="json")
        assert response.status_code == (400 if user == council.admin else 403)
        response = client.post(f"/api/v1/staff/{council.worker.pk}/deactivate/", {}, format="json")
        assert response.status_code == (400 if user == council.admin else 403)
    council.worker.refresh_from_db()
    assert council.worker.is_active


@pytest.mark.django_db
def test_add_a_member_of_staff_answers_400_with_the_same_field_errors_as_the_page(api, council):
    response = api.post(
        "/api/v1/staff/",
        {"username": "worker", "first_name": "", "email": "bad", "role": Role.SOCIAL_WORKER},
        format="json",
    )
    assert response.status_code == 400
    errors = response.json()
    assert errors["username"] == ["The username worker is already used by another member of staff"]
    assert errors["first_name"] == ["Enter the first name"]
    assert errors["email"] == ["Enter an email address in the correct format, like name@example.org"]
    assert errors["teams"] == ["Select at least one team for a social worker"]
    assert not User.objects.filter(first_name="").exclude(role="").exists()


@pytest.mark.django_db
def test_add_change_and_read_the_history_of_a_member_of_staff(api, council):
    response = api.post(
        "/api/v1/staff/",
        {
            "username": "nstarter",
            "first_name": "Nia",
            "last_name": "Starter",
            "email": "nia@example.org",
            "role": Role.SOCIAL_WORKER,
            "teams": [council.cin_team.pk],
            "line_manager": council.manager.pk,
            "job_title": "Social worker",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["teams"] == [council.cin_team.pk] and body["line_manager"] == council.manager.pk
    assert body["open_allocations"] == 0 and "password" not in body
    pk = body["id"]
    change = {"role": Role.TEAM_MANAGER, "teams": [council.cp_team.pk]}
    response = api.patch(f"/api/v1/staff/{pk}/", change, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["role"] == Role.TEAM_MANAGER and response.json()["first_name"] == "Nia"
    response = api.patch(f"/api/v1/staff/{pk}/", {"line_manager": pk}, format="json")
    assert response.status_code == 400
    assert response.json()["line_manager"] == ["A member of staff cannot be their own line manager"]
    history = api.get(f"/api/v1/staff/{pk}/history/").json()["results"]
    assert [row["kind"] for row in history] == [StaffChangeKind.TEAMS, StaffChangeKind.ROLE, StaffChangeKind.ADDED]
    assert history[1]["from_value"] == "Social worker" and history[1]["changed_by"] == council.admin.pk
    api.get(f"/api/v1/staff/{pk}/")
    assert LogEntry.objects.filter(
        object_pk=str(pk), action=LogEntry.Action.ACCESS, additional_data__via="staff API"
    ).exists()


@pytest.mark.django_db
def test_deactivate_a_leaver_through_the_api_moves_every_open_allocation(api, council):
    listed = api.get(f"/api/v1/staff/{council.worker.pk}/open-allocations/").json()
    assert len(listed) == 2
    restricted = [row for row in listed if row["child"] is None]
    assert len(restricted) == 1 and restricted[0]["child_name"] == "Restricted record"
    assert all(council.colleague.pk in row["workers"] and council.worker.pk not in row["workers"] for row in listed)
    # Leaving one behind is refused, and nothing moves.
    response = api.post(
        f"/api/v1/staff/{council.worker.pk}/deactivate/",
        {"moves": [{"allocation": listed[0]["allocation"], "worker": council.colleague.pk}]},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()[f"allocation_{listed[1]['allocation']}"] == ["Choose who takes on this child"]
    assert Allocation.objects.filter(worker=council.worker, ended_on__isnull=True).count() == 2
    # A worker outside the child's team is refused by the allocation service.
    response = api.post(
        f"/api/v1/staff/{council.worker.pk}/deactivate/",
        {"moves": [{"allocation": row["allocation"], "worker": council.cp_worker.pk} for row in listed]},
        format="json",
    )
    assert response.status_code == 400 and "is not a member of CIN team 1" in str(response.json())
    assert Allocation.objects.filter(worker=council.worker, ended_on__isnull=True).count() == 2
    response = api.post(
        f"/api/v1/staff/{council.worker.pk}/deactivate/",
        {
            "moves": [{"allocation": row["allocation"], "worker": council.colleague.pk} for row in listed],
            "new_line_manager": council.manager.pk,
        },
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert response.json()["is_active"] is False and response.json()["open_allocations"] == 0
    assert Allocation.objects.filter(worker=council.colleague, ended_on__isnull=True).count() == 3


@pytest.mark.django_db
def test_password_link_by_api(api, council, mailoutbox, django_capture_on_commit_callbacks):
    response = api.post(f"/api/v1/staff/{council.worker.pk}/password-link/", {"send_email": False}, format="json")
    assert response.status_code == 200 and "/accounts/set-password/" in response.json()["link"]
    assert "no-store" in response["Cache-Control"]
    response = api.post(f"/api/v1/staff/{council.worker.pk}/password-link/", {"send_email": True}, format="json")
    assert response.status_code == 400 and "no email address" in response.json()["non_field_errors"][0]
    council.worker.email = "worker@example.org"
    council.worker.save()
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post(f"/api/v1/staff/{council.worker.pk}/password-link/", {}, format="json")
    assert response.json() == {"emailed": True} and len(mailoutbox) == 1


@pytest.mark.django_db
def test_import_by_api_lists_problems_by_line_and_field(api, council):
    bad = ",".join(COLUMNS) + "\r\nasmith,Amy,Smith,amy@example.org,Social worker,Nowhere,,,\r\n"
    response = api.post(
        "/api/v1/staff/import/", {"file": SimpleUploadedFile("staff.csv", bad.encode())}, format="multipart"
    )
    assert response.status_code == 400
    assert response.json() == {
        "problems": [
            {"line": 2, "field": "teams", "message": "There is no team called Nowhere: add it first, or check the name"}
        ]
    }
    good = bad.replace("Nowhere", "CIN team 1")
    response = api.post(
        "/api/v1/staff/import/", {"file": SimpleUploadedFile("staff.csv", good.encode())}, format="multipart"
    )
    assert response.status_code == 201 and len(response.json()["created"]) == 1


@pytest.mark.django_db
def test_teams_and_services_by_api(api, council):
    response = api.post("/api/v1/services/", {"name": "Fostering"}, format="json")
    assert response.status_code == 201 and response.json()["slug"] == "fostering"
    service = response.json()["id"]
    response = api.post("/api/v1/teams/", {"name": "CIN TEAM 1", "service": service}, format="json")
    assert response.status_code == 400 and response.json()["name"] == ["There is already a team called CIN TEAM 1"]
    response = api.post("/api/v1/teams/", {"name": "Fostering team 1", "service": service}, format="json")
    assert response.status_code == 201
    team = response.json()["id"]
    assert api.patch(f"/api/v1/teams/{team}/", {"name": "Fostering north"}, format="json").status_code == 200
    assert (
        api.patch(f"/api/v1/services/{service}/", {"name": "Fostering and adoption"}, format="json").json()["name"]
        == "Fostering and adoption"
    )
    assert Team.objects.get(pk=team).name == "Fostering north"
    assert Service.objects.get(pk=service).name == "Fostering and adoption"
    members = api.get(f"/api/v1/teams/{council.cin_team.pk}/").json()["members"]
    assert council.worker.pk in members
    assert StaffChange.objects.count() == 0
