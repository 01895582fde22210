"""The staff pages: administrators only (pages and links), forms keep what was typed, audit, query counts."""

from __future__ import annotations

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from caseboard.accounts.models import Role, StaffChange, StaffChangeKind, Team, User
from caseboard.casework.models import Allocation
from caseboard.conftest import allocate, make_child, make_user, open_cin

PAGES = [
    ("staff:index", False),
    ("staff:add", False),
    ("staff:import", False),
    ("staff:import-template", False),
    ("staff:teams", False),
    ("staff:team-add", False),
    ("staff:member", "member"),
    ("staff:change", "member"),
    ("staff:password-link", "member"),
    ("staff:deactivate", "member"),
    ("staff:team", "team"),
    ("staff:team-change", "team"),
    ("staff:service-change", "service"),
]


def _url(council, name: str, arg: object) -> str:
    if arg == "member":
        return reverse(name, args=[council.worker.pk])
    if arg == "team":
        return reverse(name, args=[council.cin_team.pk])
    if arg == "service":
        return reverse(name, args=[council.cin.pk])
    return reverse(name)


@pytest.mark.django_db
def test_every_staff_page_is_for_administrators_only(client, council):
    for user in council.users:
        client.force_login(user)
        for name, arg in PAGES:
            response = client.get(_url(council, name, arg))
            expected = 200 if user == council.admin else 403
            assert response.status_code == expected, (user.username, name, response.status_code)


@pytest.mark.django_db
def test_the_staff_link_is_shown_only_to_administrators(client, council):
    for user in council.users:
        client.force_login(user)
        # Staff is with the settings: the operating model's page opens that group of the navigation.
        content = client.get(reverse("policy:index")).content.decode()
        assert (f'href="{reverse("staff:index")}"' in content) == (user == council.admin), user.username


@pytest.mark.django_db
def test_add_a_member_of_staff_keeps_what_was_typed_on_error(client, council):
    client.force_login(council.admin)
    before = User.objects.count()
    response = client.post(
        reverse("staff:add"),
        {
            "first_name": "Nia",
            "last_name": "",
            "username": "worker",
            "email": "not-an-email",
            "role": Role.SOCIAL_WORKER,
            "job_title": "Newly qualified social worker",
        },
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in content
    assert "Enter the last name" in content
    assert "The username worker is already used by another member of staff" in content
    assert "Enter an email address in the correct format" in content
    assert "Select at least one team for a social worker" in content
    assert 'value="Nia"' in content and 'value="Newly qualified social worker"' in content
    assert User.objects.count() == before
    assert not StaffChange.objects.exists()


@pytest.mark.django_db
def test_add_a_member_of_staff_then_change_their_role_and_team_with_history(
    client, council, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(council.admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("staff:add"),
            {
                "first_name": "Nia",
                "last_name": "Starter",
                "username": "nstarter",
                "email": "nia.starter@example.org",
                "role": Role.SOCIAL_WORKER,
                "teams": [council.cin_team.pk],
                "line_manager": council.manager.pk,
                "job_title": "Social worker",
                "send_password_link": "on",
            },
        )
    member = User.objects.get(username="nstarter")
    assert response.status_code == 302 and response["Location"] == reverse("staff:member", args=[member.pk])
    assert member.line_manager == council.manager and list(member.teams.all()) == [council.cin_team]
    assert not member.has_usable_password()
    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["nia.starter@example.org"]
    assert "Starter" not in mailoutbox[0].subject and "Nia" not in mailoutbox[0].subject

    response = client.post(
        reverse("staff:change", args=[member.pk]),
        {
            "first_name": "Nia",
            "last_name": "Starter",
            "email": "nia.starter@example.org",
            "role": Role.TEAM_MANAGER,
            "teams": [council.cin_team_2.pk],
            "line_manager": council.head.pk,
            "job_title": "Team manager",
        },
    )
    assert response.status_code == 302
    kinds = list(StaffChange.objects.filter(member=member).order_by("pk").values_list("kind", "from_value", "to_value"))
    assert kinds[0][0] == StaffChangeKind.ADDED and kinds[1][0] == StaffChangeKind.PASSWORD_LINK
    assert (StaffChangeKind.ROLE, "Social worker", "Team manager") in kinds
    assert (StaffChangeKind.TEAMS, "CIN team 1", "CIN team 2") in kinds
    assert (StaffChangeKind.LINE_MANAGER, str(council.manager), str(council.head)) in kinds
    assert all(row.changed_by == council.admin for row in StaffChange.objects.filter(member=member)), (
        "every row says who made the change"
    )
    page = client.get(reverse("staff:member", args=[member.pk])).content.decode()
    assert "Team manager" in page and "CIN team 2" in page and "Social worker" in page


@pytest.mark.django_db
def test_opening_a_staff_record_is_audited(client, council):
    client.force_login(council.admin)
    client.get(reverse("staff:member", args=[council.worker.pk]))
    entry = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(User),
        object_pk=str(council.worker.pk),
        action=LogEntry.Action.ACCESS,
    ).get()
    assert entry.actor == council.admin and entry.additional_data == {"via": "staff member page"}


@pytest.mark.django_db
def test_deactivate_a_leaver_moves_their_children_and_stops_sign_in(client, council):
    leaver_client = client.__class__()
    leaver_client.force_login(council.worker)
    assert leaver_client.get(reverse("casework:my-caseload")).status_code == 200
    client.force_login(council.admin)
    open_ids = list(
        Allocation.objects.filter(worker=council.worker, ended_on__isnull=True).values_list("pk", flat=True)
    )
    assert len(open_ids) == 2
    page = client.get(reverse("staff:deactivate", args=[council.worker.pk])).content.decode()
    assert "Ava Brown" in page and "Restricted record" in page and "Eve Fisher" not in page
    # Nothing chosen: refused, nothing moved, still active.
    response = client.post(reverse("staff:deactivate", args=[council.worker.pk]), {})
    assert response.status_code == 200 and "Choose who takes on Ava Brown" in response.content.decode()
    council.worker.refresh_from_db()
    assert council.worker.is_active
    # One worker for the team, one child moved to the manager instead.
    response = client.post(
        reverse("staff:deactivate", args=[council.worker.pk]),
        {f"team_{council.cin_team.pk}": council.colleague.pk, f"allocation_{open_ids[0]}": council.manager.pk},
    )
    assert response.status_code == 302
    council.worker.refresh_from_db()
    assert not council.worker.is_active
    assert not Allocation.objects.filter(worker=council.worker, ended_on__isnull=True).exists()
    moved = dict(
        Allocation.objects.filter(ended_on__isnull=True, child__allocations__pk__in=open_ids).values_list(
            "child_id", "worker__username"
        )
    )
    first_child = Allocation.objects.get(pk=open_ids[0]).child_id
    assert moved[first_child] == "manager" and sorted(moved.values()) == ["colleague", "manager"]
    # Their open session ends at once.
    response = leaver_client.get(reverse("casework:my-caseload"))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]
    # Nothing of their history is lost: ended allocations still name them.
    assert Allocation.objects.filter(worker=council.worker).count() == 3
    assert StaffChange.objects.filter(member=council.worker, kind=StaffChangeKind.DEACTIVATED).exists()


@pytest.mark.django_db
def test_deactivating_a_line_manager_hands_their_reports_to_the_new_one(client, council):
    """Each report's line manager changes under a row lock (on PostgreSQL the lock cannot reach the nullable side of
    the join to their current line manager, so it is taken on the member of staff alone)."""
    leaver = make_user("leaving", Role.TEAM_MANAGER, council.cin_team)
    reports = [
        make_user(f"report{number}", Role.SOCIAL_WORKER, council.cin_team, line_manager=leaver) for number in (1, 2)
    ]
    client.force_login(council.admin)
    page = client.get(reverse("staff:deactivate", args=[leaver.pk])).content.decode()
    assert "New line manager for the people who report to them" in page
    response = client.post(reverse("staff:deactivate", args=[leaver.pk]), {"new_line_manager": council.manager.pk})
    assert response.status_code == 302, response.content.decode()
    leaver.refresh_from_db()
    assert not leaver.is_active
    for report in reports:
        report.refresh_from_db()
        assert report.line_manager == council.manager
        change = StaffChange.objects.get(member=report, kind=StaffChangeKind.LINE_MANAGER)
        assert change.changed_by == council.admin
    assert not User.objects.filter(line_manager=leaver, is_active=True).exists()


@pytest.mark.django_db
def test_staff_list_runs_a_fixed_number_of_queries(client, council, django_assert_num_queries):
    client.force_login(council.admin)
    url = reverse("staff:index")
    client.get(url)
    with django_assert_num_queries(_count(client, url)) as first:
        client.get(url)
    for number in range(40):
        make_user(f"extra{number}", Role.SOCIAL_WORKER, council.cin_team, line_manager=council.manager)
    with django_assert_num_queries(len(first.captured_queries)):
        response = client.get(url)
    assert "extra39" in response.content.decode()


@pytest.mark.django_db
def test_team_members_page_runs_a_fixed_number_of_queries(client, council, django_assert_num_queries):
    client.force_login(council.admin)
    url = reverse("staff:team", args=[council.cin_team.pk])
    with django_assert_num_queries(_count(client, url)) as first:
        client.get(url)
    for number in range(30):
        member = make_user(f"extra{number}", Role.SOCIAL_WORKER, council.cin_team, council.cp_team)
        child = make_child(f"X{number}", "Extra", f"Child{number}")
        open_cin(child)
        allocate(child, member, council.cin_team)
    with django_assert_num_queries(len(first.captured_queries)):
        response = client.get(url)
    content = response.content.decode()
    assert "Extra0 Test" in content or "Extra0" in content


def _count(client, url: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as context:
        client.get(url)
    return len(context.captured_queries)


@pytest.mark.django_db
def test_teams_and_services_are_added_and_renamed_with_audit(client, council):
    client.force_login(council.admin)
    response = client.post(reverse("staff:service-add"), {"name": "Fostering"})
    assert response.status_code == 302
    response = client.post(reverse("staff:team-add"), {"name": "Fostering team 1", "service": ""})
    assert "Select the service the team is in" in response.content.decode()
    from caseboard.accounts.models import Service

    fostering = Service.objects.get(name="Fostering")
    client.post(reverse("staff:team-add"), {"name": "Fostering team 1", "service": fostering.pk})
    team = Team.objects.get(name="Fostering team 1")
    change = reverse("staff:team-change", args=[team.pk])
    response = client.post(change, {"name": "cin TEAM 1", "service": fostering.pk})
    assert "There is already a team called cin TEAM 1" in response.content.decode()
    client.post(reverse("staff:team-change", args=[team.pk]), {"name": "Fostering north", "service": fostering.pk})
    client.post(reverse("staff:service-change", args=[fostering.pk]), {"name": "Fostering and adoption"})
    team.refresh_from_db()
    fostering.refresh_from_db()
    assert team.name == "Fostering north" and fostering.name == "Fostering and adoption"
    for model, obj in ((Team, team), (Service, fostering)):
        entries = LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(model), object_pk=str(obj.pk))
        assert entries.filter(action=LogEntry.Action.CREATE, actor=council.admin).exists()
        assert entries.filter(action=LogEntry.Action.UPDATE, actor=council.admin).exists()
    page = client.get(reverse("staff:team", args=[council.cin_team.pk])).content.decode()
    assert "Worker Test" in page and "Colleague Test" in page


@pytest.mark.django_db
def test_two_administrators_editing_one_record_do_not_overwrite_each_other(client, council):
    other = make_user("admin2", Role.ADMINISTRATOR, is_staff=True, is_superuser=True)
    council.worker.email = "worker@example.org"
    council.worker.save()
    client.force_login(council.admin)
    form = client.get(reverse("staff:change", args=[council.worker.pk])).context["form"]
    version = form.initial["version"]
    second = client.__class__()
    second.force_login(other)
    data = {
        "first_name": "Worker",
        "last_name": "Test",
        "email": "worker@example.org",
        "role": Role.SOCIAL_WORKER,
        "teams": [council.cin_team.pk],
        "job_title": "Senior social worker",
        "version": version,
    }
    response = second.post(reverse("staff:change", args=[council.worker.pk]), data)
    assert response.status_code == 302, response.context["form"].errors
    response = client.post(reverse("staff:change", args=[council.worker.pk]), {**data, "job_title": "Practice lead"})
    assert response.status_code == 200
    assert "Someone else changed Worker Test’s record while you were editing it" in response.content.decode()
    assert 'value="Practice lead"' in response.content.decode()
    council.worker.refresh_from_db()
    assert council.worker.job_title == "Senior social worker"
