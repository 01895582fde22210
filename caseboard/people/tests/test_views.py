from datetime import date

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from caseboard.conftest import allocate, make_child, open_cin
from caseboard.people.models import BreakGlassAccess, Child


def accesses(child):
    return LogEntry.objects.get_for_object(child).filter(action=LogEntry.Action.ACCESS)


@pytest.mark.django_db
def test_child_record_shows_and_audits_the_view(client, council):
    client.force_login(council.worker)
    response = client.get(reverse("casework:child", args=[council.own_child.pk]), REMOTE_ADDR="10.1.2.3")
    assert response.status_code == 200
    assert b"Ava Brown" in response.content
    entry = accesses(council.own_child).get()
    assert entry.actor == council.worker
    assert entry.remote_addr == "10.1.2.3"
    assert entry.additional_data == {"via": "child record page"}


@pytest.mark.django_db
def test_outside_need_to_know_gets_the_break_glass_prompt_and_no_content(client, council):
    client.force_login(council.worker)
    response = client.get(reverse("casework:child", args=[council.cp_child.pk]))
    assert response.status_code == 403
    assert b"not on your caseload" in response.content
    assert b"Evans" not in response.content
    assert not accesses(council.cp_child).exists()


@pytest.mark.django_db
def test_break_glass_opens_the_record_and_is_reported(client, council):
    client.force_login(council.worker)
    url = reverse("people:break-glass", args=[council.cp_child.pk])
    response = client.post(url, {"reason": "short"})
    assert response.status_code == 200
    assert b"at least 10 characters" in response.content
    response = client.post(url, {"reason": "Police called out of hours about this child"})
    assert response.status_code == 302
    response = client.get(reverse("casework:child", args=[council.cp_child.pk]))
    assert response.status_code == 200
    assert b"You opened this record outside your caseload" in response.content
    assert accesses(council.cp_child).filter(additional_data__break_glass_reason__startswith="Police").count() == 2
    # The head of the CP service sees it on the access report; the CIN head does not.
    client.force_login(council.cp_head)
    report = client.get(reverse("people:access-report"))
    assert b"Police called out of hours" in report.content
    client.force_login(council.head)
    assert b"Police called" not in client.get(reverse("people:access-report")).content
    client.force_login(council.worker)
    assert client.get(reverse("people:access-report")).status_code == 403


@pytest.mark.django_db
def test_restricted_record_page(client, council):
    client.force_login(council.performance)
    response = client.get(reverse("casework:child", args=[council.restricted_child.pk]))
    assert response.status_code == 403
    assert b"This record is restricted" in response.content
    assert b"Fisher" not in response.content
    assert (
        client.post(
            reverse("people:break-glass", args=[council.restricted_child.pk]), {"reason": "I want to see it please"}
        ).status_code
        == 403
    )
    assert not BreakGlassAccess.objects.exists()
    client.force_login(council.manager)
    assert client.get(reverse("casework:child", args=[council.restricted_child.pk])).status_code == 200


@pytest.mark.django_db
def test_missing_child_is_404(client, council):
    client.force_login(council.admin)
    assert client.get(reverse("casework:child", args=[999999])).status_code == 404


@pytest.mark.django_db
def test_add_child_with_errors_keeps_what_was_typed(client, council):
    client.force_login(council.worker)
    response = client.post(
        reverse("casework:child-create"),
        {
            "first_name": "Mia",
            "last_name": "",
            "local_id": "N200",
            "date_of_birth_0": "31",
            "date_of_birth_1": "2",
            "date_of_birth_2": "2019",
            "sex": "F",
            "ethnicity": "WBRI",
        },
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "There is a problem" in content
    assert "Enter the child&#x27;s last name" in content
    assert "The date of birth must be a real date" in content
    assert 'value="Mia"' in content and 'value="N200"' in content
    assert not Child.objects.filter(local_id="N200").exists()


@pytest.mark.django_db
def test_add_and_edit_child(client, council):
    client.force_login(council.worker)
    response = client.post(
        reverse("casework:child-create"),
        {
            "first_name": "Mia",
            "last_name": "Hall",
            "local_id": "N201",
            "date_of_birth_0": "1",
            "date_of_birth_1": "5",
            "date_of_birth_2": "2016",
            "sex": "F",
            "ethnicity": "WBRI",
            "disabilities": ["NONE"],
            "has_video_device": "yes",
        },
    )
    assert response.status_code == 302
    child = Child.objects.get(local_id="N201")
    assert child.date_of_birth == date(2016, 5, 1) and child.has_video_device is True
    # The worker who registered the child holds the case in their team, so the record opens.
    allocation = child.allocations.get()
    assert (allocation.worker, allocation.team, allocation.ended_on) == (council.worker, council.cin_team, None)
    assert client.get(reverse("casework:child", args=[child.pk])).status_code == 200
    edit = reverse("people:child-edit", args=[child.pk])
    client.force_login(council.admin)
    response = client.post(
        edit,
        {
            "first_name": "Mya",
            "last_name": "Hall",
            "local_id": "N201",
            "date_of_birth_0": "1",
            "date_of_birth_1": "5",
            "date_of_birth_2": "2016",
            "sex": "F",
            "ethnicity": "WBRI",
            "version": "1",
        },
    )
    assert response.status_code == 302
    child.refresh_from_db()
    assert child.first_name == "Mya" and child.version == 2
    stale = client.post(
        edit,
        {
            "first_name": "Myra",
            "last_name": "Hall",
            "local_id": "N201",
            "date_of_birth_0": "1",
            "date_of_birth_1": "5",
            "date_of_birth_2": "2016",
            "sex": "F",
            "ethnicity": "WBRI",
            "version": "1",
        },
    )
    assert b"Someone else changed this record" in stale.content
    assert b'value="Myra"' in stale.content


@pytest.mark.django_db
def test_roles_that_cannot_edit(client, council):
    client.force_login(council.iro)
    assert client.get(reverse("people:child-edit", args=[council.cp_child.pk])).status_code == 403
    client.force_login(council.performance)
    assert client.get(reverse("casework:child-create")).status_code == 403
    client.force_login(council.head)  # no team: would lose sight of the child
    assert client.get(reverse("casework:child-create")).status_code == 403


@pytest.mark.django_db
def test_history_is_for_managers(client, council):
    child = council.own_child
    child.first_name = "Ada"
    child.save()
    client.force_login(council.worker)
    assert client.get(reverse("people:child-history", args=[child.pk])).status_code == 403
    client.force_login(council.manager)
    response = client.get(reverse("people:child-history", args=[child.pk]))
    assert response.status_code == 200
    assert b"first_name: Ava" in response.content


@pytest.mark.django_db
def test_search_page(client, council):
    client.force_login(council.worker)
    response = client.get(reverse("casework:search"), {"q": "Brown"})
    assert b">Ava Brown</a>" in response.content
    response = client.get(reverse("casework:search"), {"q": "Dixon"})
    assert b"No children found" in response.content
    assert b"Cara" not in response.content


@pytest.mark.django_db
def test_search_query_count_does_not_grow_with_results(client, council, django_assert_max_num_queries):
    client.force_login(council.head)
    url = reverse("casework:search")
    # The bound covers the page and the navigation's counters (notifications, approvals, family time, workforce);
    # the invariant is that the count does not grow with the results.
    with django_assert_max_num_queries(18) as small:
        client.get(url, {"q": "Brown"})
    for i in range(30):
        child = make_child(f"S{i}", "Sam", "Brown")
        open_cin(child)
        allocate(child, council.colleague, council.cin_team)
    with django_assert_max_num_queries(18) as large:
        client.get(url, {"q": "Brown"})
    assert len(large.captured_queries) == len(small.captured_queries)


@pytest.mark.django_db
def test_manager_restricts_a_record(client, council):
    url = reverse("people:child-restriction", args=[council.own_child.pk])
    client.force_login(council.worker)
    assert client.get(url).status_code == 403
    client.force_login(council.manager)
    response = client.post(url, {"is_restricted": "on", "restricted_to": [council.worker.pk]})
    assert response.status_code == 302
    child = Child.objects.get(pk=council.own_child.pk)
    assert child.is_restricted
    assert set(child.restricted_to.all()) == {council.worker, council.manager}
    client.force_login(council.colleague)
    assert client.get(reverse("casework:child", args=[child.pk])).status_code == 403


@pytest.mark.django_db
def test_pages_search_and_api_agree_with_need_to_know_for_every_role(client, council):
    """For every role and every child: the record page, search and the API give the same answer as the list."""
    from caseboard.people.selectors import children_visible_to

    for user in council.users:
        client.force_login(user)
        visible = set(children_visible_to(user))
        for child in council.children:
            page = client.get(reverse("casework:child", args=[child.pk]))
            api = client.get(f"/api/v1/children/{child.pk}/")
            found = client.get(reverse("casework:search"), {"q": child.local_id}).content.decode()
            shown = f">{child.first_name} {child.last_name}</a>" in found
            if child in visible:
                assert (page.status_code, api.status_code, shown) == (200, 200, True), (user.username, child)
            else:
                assert page.status_code == 403 and api.status_code == 404 and not shown, (user.username, child)
                assert child.last_name not in page.content.decode()
