"""Django admin: administrators add and change staff (the production set-up step in the README)."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from caseboard.accounts.models import Role, User


def _change_data(user: User, **changes: object) -> dict:
    data = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "is_active": "on",
        "role": user.role,
        "job_title": user.job_title,
        "teams": [team.pk for team in user.teams.all()],
        "line_manager": user.line_manager_id or "",
        "service": user.service_id or "",
        "date_joined_0": "2026-01-05",
        "date_joined_1": "09:00:00",
    }
    if user.is_staff:
        data["is_staff"] = "on"
    if user.is_superuser:
        data["is_superuser"] = "on"
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


@pytest.mark.django_db
def test_an_administrator_adds_a_member_of_staff_in_django_admin(client, council):
    client.force_login(council.admin)
    response = client.post(
        reverse("admin:accounts_user_add"),
        {
            "username": "newstarter",
            "usable_password": "true",
            "password1": "a-long-new-password-7",
            "password2": "a-long-new-password-7",
            "first_name": "Nia",
            "last_name": "Starter",
            "email": "Nia.Starter@Example.org",
            "role": Role.SOCIAL_WORKER,
            "job_title": "Social worker",
            "teams": [council.cin_team.pk],
            "line_manager": council.manager.pk,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    user = User.objects.get(username="newstarter")
    assert user.role == Role.SOCIAL_WORKER and user.line_manager == council.manager
    assert list(user.teams.all()) == [council.cin_team]
    assert user.check_password("a-long-new-password-7")


@pytest.mark.django_db
def test_an_administrator_changes_a_member_of_staff_in_django_admin(client, council):
    client.force_login(council.admin)
    response = client.post(
        reverse("admin:accounts_user_change", args=[council.worker.pk]),
        _change_data(council.worker, role=Role.TEAM_MANAGER, line_manager=council.head.pk),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    council.worker.refresh_from_db()
    assert council.worker.role == Role.TEAM_MANAGER and council.worker.line_manager == council.head


@pytest.mark.django_db
def test_createsuperuser_then_set_the_role_in_admin_as_the_readme_says(client, monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "a-long-first-password-9")
    call_command(
        "createsuperuser", username="firstadmin", email="firstadmin@example.org", interactive=False, verbosity=0
    )
    user = User.objects.get(username="firstadmin")
    assert user.is_superuser and user.is_staff
    client.post(reverse("accounts:login"), {"username": "firstadmin", "password": "a-long-first-password-9"})
    assert client.get("/admin/").status_code == 200
    response = client.post(
        reverse("admin:accounts_user_change", args=[user.pk]), _change_data(user, role=Role.ADMINISTRATOR)
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    user.refresh_from_db()
    assert user.role == Role.ADMINISTRATOR
    assert client.get(reverse("admin:accounts_user_changelist")).status_code == 200


@pytest.mark.django_db
def test_changes_in_django_admin_are_kept_in_the_staff_history(client, council):
    from caseboard.accounts.models import StaffChange, StaffChangeKind

    client.force_login(council.admin)
    client.post(
        reverse("admin:accounts_user_change", args=[council.colleague.pk]),
        _change_data(council.colleague, role=Role.TEAM_MANAGER, teams=[council.cin_team_2.pk]),
    )
    rows = set(StaffChange.objects.filter(member=council.colleague).values_list("kind", "from_value", "to_value"))
    assert rows == {
        (StaffChangeKind.ROLE, "Social worker", "Team manager"),
        (StaffChangeKind.TEAMS, "CIN team 1", "CIN team 2"),
    }
    assert set(StaffChange.objects.values_list("note", flat=True)) == {"Changed in Django admin"}


@pytest.mark.django_db
def test_django_admin_will_not_deactivate_someone_who_still_holds_children(client, council):
    client.force_login(council.admin)
    response = client.post(
        reverse("admin:accounts_user_change", args=[council.worker.pk]), _change_data(council.worker, is_active=None)
    )
    assert response.status_code == 200
    assert "still holds work: 2 open allocations" in response.content.decode()
    council.worker.refresh_from_db()
    assert council.worker.is_active
    # Someone with no open allocations can be deactivated here, and their sign-in ends.
    response = client.post(
        reverse("admin:accounts_user_change", args=[council.performance.pk]),
        _change_data(council.performance, is_active=None),
    )
    assert response.status_code == 302
    council.performance.refresh_from_db()
    assert not council.performance.is_active
