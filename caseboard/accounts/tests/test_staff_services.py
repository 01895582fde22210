"""Staff services: the rules shared by pages, API and import; history rows; deactivation; one-time links."""

from __future__ import annotations

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.urls import reverse

from caseboard.accounts import services
from caseboard.accounts.models import Role, StaffChange, StaffChangeKind, StaffHistoryError, User
from caseboard.conftest import PASSWORD
from caseboard.core import hooks


def _new(council, **changes):
    details = {
        "created_by": council.admin,
        "username": "nstarter",
        "first_name": "Nia",
        "last_name": "Starter",
        "email": "nia@example.org",
        "role": Role.SOCIAL_WORKER,
        "teams": [council.cin_team],
        "line_manager": council.manager,
        "job_title": "Social worker",
    }
    details.update(changes)
    return services.staff_create(**details)


def _update(member, by, **changes):
    details = {
        "first_name": member.first_name,
        "last_name": member.last_name,
        "email": member.email,
        "role": member.role,
        "teams": list(member.teams.all()),
        "line_manager": member.line_manager,
        "job_title": member.job_title,
        "service": member.service,
    }
    details.update(changes)
    return services.staff_update(member=member, updated_by=by, **details)


@pytest.mark.django_db
def test_a_new_member_of_staff_is_audited_and_has_no_password_until_they_set_one(council):
    member = _new(council)
    assert not member.has_usable_password() and member.is_active
    row = StaffChange.objects.get(member=member)
    assert row.kind == StaffChangeKind.ADDED and row.to_value == "Social worker, CIN team 1"
    assert row.changed_by == council.admin
    entry = LogEntry.objects.get(
        content_type=ContentType.objects.get_for_model(User), object_pk=str(member.pk), action=LogEntry.Action.CREATE
    )
    assert entry.actor is None or entry.actor == council.admin
    assert "password" not in (entry.changes_dict or {})


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"username": ""}, "username", "Enter a username"),
        ({"username": "has space"}, "username", "Username must contain only letters"),
        ({"username": "WORKER"}, "username", "The username WORKER is already used by another member of staff"),
        ({"first_name": ""}, "first_name", "Enter the first name"),
        ({"last_name": ""}, "last_name", "Enter the last name"),
        ({"email": ""}, "email", "Enter the email address"),
        ({"email": "nia@"}, "email", "Enter an email address in the correct format"),
        ({"role": ""}, "role", "Select the role"),
        ({"role": "wizard"}, "role", "Select a role from the list"),
        ({"teams": []}, "teams", "Select at least one team for a social worker"),
        ({"role": Role.HEAD_OF_SERVICE, "teams": []}, "service", "Select the service this head of service leads"),
        ({"job_title": "x" * 101}, "job_title", "Job title must be 100 characters or fewer"),
    ],
)
@pytest.mark.django_db
def test_bad_details_are_refused_field_by_field_and_nothing_is_written(council, changes, field, message):
    before = User.objects.count()
    with pytest.raises(ValidationError) as error:
        _new(council, **changes)
    assert message in error.value.message_dict[field][0]
    assert User.objects.count() == before and not StaffChange.objects.exists()


@pytest.mark.django_db
def test_a_duplicate_email_is_refused_whatever_its_case(council):
    _new(council)
    with pytest.raises(ValidationError) as error:
        _new(council, username="other", email="NIA@example.org")
    assert "already used by another member of staff" in error.value.message_dict["email"][0]


@pytest.mark.django_db
def test_each_change_is_kept_as_a_row_saying_who_changed_what(council):
    member = _new(council)
    _update(member, council.admin, role=Role.TEAM_MANAGER, teams=[council.cin_team, council.cin_team_2])
    _update(User.objects.get(pk=member.pk), council.admin, line_manager=council.head, job_title="Team manager")
    rows = list(StaffChange.objects.filter(member=member).order_by("pk").values_list("kind", "from_value", "to_value"))
    assert rows[1:] == [
        (StaffChangeKind.ROLE, "Social worker", "Team manager"),
        (StaffChangeKind.TEAMS, "CIN team 1", "CIN team 1, CIN team 2"),
        (StaffChangeKind.LINE_MANAGER, str(council.manager), str(council.head)),
        (StaffChangeKind.JOB_TITLE, "Social worker", "Team manager"),
    ]
    # Saving with no change adds nothing.
    _update(User.objects.get(pk=member.pk), council.admin)
    assert StaffChange.objects.filter(member=member).count() == 5


@pytest.mark.django_db
def test_history_rows_cannot_be_changed_or_deleted(council):
    row = StaffChange.objects.get(member=_new(council))
    row.to_value = "something else"
    with pytest.raises(StaffHistoryError):
        row.save()
    with pytest.raises(StaffHistoryError):
        row.delete()
    with pytest.raises(StaffHistoryError):
        StaffChange.objects.all().delete()
    assert StaffChange.objects.get(pk=row.pk).to_value == "Social worker, CIN team 1"


@pytest.mark.django_db
def test_line_management_cannot_loop(council):
    member = _new(council)
    with pytest.raises(ValidationError) as error:
        _update(council.manager, council.admin, email="manager@example.org", line_manager=member)
    assert "reports to" in error.value.message_dict["line_manager"][0]
    with pytest.raises(ValidationError) as error:
        _update(member, council.admin, line_manager=member)
    assert error.value.message_dict["line_manager"] == ["A member of staff cannot be their own line manager"]


@pytest.mark.django_db
def test_the_administrator_role_carries_django_admin_and_cannot_be_dropped_by_oneself(council):
    member = _new(council, role=Role.ADMINISTRATOR, teams=[])
    assert member.is_staff and member.is_superuser
    with pytest.raises(ValidationError) as error:
        _update(member, member, role=Role.PERFORMANCE_OFFICER)
    assert "cannot take the Administrator role away from yourself" in error.value.message_dict["role"][0]
    member = _update(member, council.admin, role=Role.PERFORMANCE_OFFICER)
    assert not member.is_staff and not member.is_superuser


@pytest.mark.django_db
def test_deactivation_is_refused_while_a_check_finds_open_work(council):
    def holds_work(member):
        return ["2 open allocations"] if member == council.worker else []

    hooks.register_deactivation_check(holds_work)
    try:
        with pytest.raises(ValidationError) as error:
            services.staff_deactivate(member=council.worker, deactivated_by=council.admin)
        assert "2 open allocations" in error.value.messages[0]
        council.worker.refresh_from_db()
        assert council.worker.is_active
    finally:
        hooks.deactivation_checks.remove(holds_work)


@pytest.mark.django_db
def test_deactivation_ends_sessions_and_tokens_at_once_and_keeps_the_record(client, council):
    member = _new(council)
    services.password_set(member=member, password=PASSWORD)
    response = client.post(reverse("accounts:login"), {"username": "nstarter", "password": PASSWORD})
    assert response.status_code == 302
    _token, secret = member.auth_token_set.model.objects.create(user=member, name="Test client")
    api = client.__class__(HTTP_AUTHORIZATION=f"Token {secret}")
    assert api.get("/api/v1/children/").status_code == 200

    services.staff_deactivate(member=member, deactivated_by=council.admin)

    assert client.get(reverse("casework:my-caseload")).status_code == 302
    refused = api.get("/api/v1/children/")
    assert refused.status_code == 401 and refused.json()["detail"] == "Invalid token."
    assert not member.auth_token_set.exists()
    from django.contrib.sessions.models import Session

    assert not [s for s in Session.objects.all() if s.get_decoded().get("_auth_user_id") == str(member.pk)]
    response = client.post(reverse("accounts:login"), {"username": "nstarter", "password": PASSWORD})
    assert response.status_code == 200 and "/accounts/login/" in response.request["PATH_INFO"]
    assert User.objects.filter(pk=member.pk).exists()
    assert StaffChange.objects.filter(member=member, kind=StaffChangeKind.DEACTIVATED).count() == 1


@pytest.mark.django_db
def test_an_administrator_cannot_deactivate_themselves_or_the_last_administrator(council):
    with pytest.raises(ValidationError) as error:
        services.staff_deactivate(member=council.admin, deactivated_by=council.admin)
    assert "your own account" in error.value.messages[0]
    with pytest.raises(ValidationError) as error:
        services.staff_deactivate(member=council.admin, deactivated_by=council.head)
    assert "only active administrator" in error.value.messages[0]


@pytest.mark.django_db
def test_a_one_time_link_sets_the_password_signs_in_and_then_stops_working(
    client, council, mailoutbox, django_capture_on_commit_callbacks
):
    member = _new(council)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.password_link_issue(member=member, issued_by=council.admin, send_email=True) == ""
    assert len(mailoutbox) == 1
    email = mailoutbox[0]
    assert email.subject == "Caseboard: set your password" and email.to == ["nia@example.org"]
    link = next(line for line in email.body.splitlines() if "/accounts/set-password/" in line)
    path = link[link.index("/accounts/") :]
    response = client.get(path)
    assert response.status_code == 302  # the token moves from the address into the session
    form_url = response["Location"]
    page = client.get(form_url)
    assert page.status_code == 200 and "Set your password" in page.content.decode()
    response = client.post(form_url, {"new_password1": "short", "new_password2": "short"})
    assert "This password is too short" in response.content.decode()
    response = client.post(form_url, {"new_password1": "a-long-new-password-3", "new_password2": "a-long-new-typo-3"})
    assert "Enter the same password in both boxes" in response.content.decode()
    response = client.post(
        form_url, {"new_password1": "a-long-new-password-3", "new_password2": "a-long-new-password-3"}
    )
    assert response.status_code == 302 and response["Location"] == reverse("home")
    assert client.get(reverse("casework:my-caseload")).status_code == 200
    member.refresh_from_db()
    assert member.check_password("a-long-new-password-3")
    kinds = list(StaffChange.objects.filter(member=member).order_by("pk").values_list("kind", "changed_by"))
    assert kinds[-2:] == [(StaffChangeKind.PASSWORD_LINK, council.admin.pk), (StaffChangeKind.PASSWORD_SET, member.pk)]
    # Used once: the same link no longer works.
    client.post(reverse("accounts:logout"))
    response = client.get(path, follow=True)
    assert "This link no longer works" in response.content.decode()


@pytest.mark.django_db
def test_a_copied_link_works_for_a_new_starter_and_not_after_deactivation(client, council):
    member = _new(council)
    link = services.password_link_issue(member=member, issued_by=council.admin, send_email=False)
    assert link.startswith("http") and "/accounts/set-password/" in link
    assert StaffChange.objects.filter(member=member, kind=StaffChangeKind.PASSWORD_LINK).get().to_value == (
        "Shown to an administrator to copy"
    )
    services.staff_deactivate(member=member, deactivated_by=council.admin)
    response = client.get(link[link.index("/accounts/") :], follow=True)
    assert "This link no longer works" in response.content.decode()
    with pytest.raises(ValidationError):
        services.password_link_issue(member=member, issued_by=council.admin, send_email=False)


@pytest.mark.django_db
def test_teams_and_services_are_named_uniquely(council):
    service = services.service_create(name="Fostering", created_by=council.admin)
    assert service.slug == "fostering"
    with pytest.raises(ValidationError) as error:
        services.service_create(name="fostering", created_by=council.admin)
    assert error.value.message_dict["name"] == ["There is already a service called fostering"]
    team = services.team_create(name="Fostering team 1", service=service, created_by=council.admin)
    with pytest.raises(ValidationError) as error:
        services.team_update(team=team, name="", service=None, updated_by=council.admin)
    assert set(error.value.message_dict) == {"name", "service"}
    team = services.team_update(team=team, name="Fostering north", service=council.cin, updated_by=council.admin)
    assert team.service == council.cin
