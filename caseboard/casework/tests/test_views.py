from datetime import date

import pytest
from django.urls import reverse

from caseboard.casework.models import Allocation, Episode
from caseboard.conftest import allocate, make_child, open_cin
from caseboard.testing.factories import EpisodeFactory


@pytest.mark.django_db
def test_my_caseload_lists_only_my_open_allocations(client, council):
    client.force_login(council.worker)
    response = client.get(reverse("casework:my-caseload"))
    content = response.content.decode()
    assert ">Ava Brown</a>" in content
    assert "Ben Clarke" not in content  # the colleague's child: visible, but not on my caseload
    assert "Finn Green" not in content  # allocation ended
    assert "Eve Fisher" not in content  # restricted and I am not named


@pytest.mark.django_db
def test_caseload_sorts(client, council):
    allocate(council.team_child, council.worker, council.cin_team, role="family_support")
    client.force_login(council.worker)
    names = client.get(reverse("casework:my-caseload"), {"sort": "-name"}).content.decode()
    assert names.index("Ben Clarke") < names.index("Ava Brown")
    names = client.get(reverse("casework:my-caseload"), {"sort": "name"}).content.decode()
    assert names.index("Ava Brown") < names.index("Ben Clarke")


@pytest.mark.django_db
def test_caseload_query_count_is_fixed(client, council, django_assert_num_queries):
    client.force_login(council.worker)
    url = reverse("casework:my-caseload")
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for i in range(40):
        child = make_child(f"K{i}", "Kai", f"Jones{i}")
        open_cin(child)
        EpisodeFactory(child=child, early_help=True, start_on=date(2026, 2, 1))
        allocate(child, council.worker, council.cin_team)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert response.context["page"].paginator.count == 41
    assert len(many.captured_queries) == len(one.captured_queries)


@pytest.mark.django_db
def test_teams_pages_for_managers_only(client, council):
    client.force_login(council.worker)
    assert client.get(reverse("casework:teams")).status_code == 403
    assert client.get(reverse("casework:team", args=[council.cin_team.pk])).status_code == 404
    client.force_login(council.manager)
    response = client.get(reverse("casework:teams"))
    assert b"CIN team 1" in response.content and b"CIN team 2" not in response.content
    response = client.get(reverse("casework:team", args=[council.cin_team.pk]))
    assert b">Ava Brown</a>" in response.content and b">Ben Clarke</a>" in response.content
    assert client.get(reverse("casework:team", args=[council.cin_team_2.pk])).status_code == 404
    client.force_login(council.head)
    assert client.get(reverse("casework:team", args=[council.cin_team_2.pk])).status_code == 200


@pytest.mark.django_db
def test_manager_allocates_through_the_form(client, council):
    client.force_login(council.manager)
    url = reverse("casework:allocation-add", args=[council.own_child.pk])
    response = client.post(
        url,
        {
            "team": council.cin_team.pk,
            "worker": council.colleague.pk,
            "role": "social_worker",
            "started_on_0": "2",
            "started_on_1": "3",
            "started_on_2": "2026",
        },
    )
    assert response.status_code == 302
    current = Allocation.objects.get(child=council.own_child, ended_on__isnull=True)
    assert current.worker == council.colleague
    # A worker outside the manager's teams is not offered, and is refused if posted.
    response = client.post(
        url,
        {
            "team": council.cin_team.pk,
            "worker": council.cp_worker.pk,
            "role": "social_worker",
            "started_on_0": "3",
            "started_on_1": "3",
            "started_on_2": "2026",
        },
    )
    assert b"Select a worker from the list" in response.content
    client.force_login(council.worker)
    assert client.get(url).status_code == 403


@pytest.mark.django_db
def test_add_episode_journey_and_errors(client, council):
    client.force_login(council.worker)
    url = reverse("casework:episode-add", args=[council.own_child.pk])
    assert b"What kind of episode?" in client.get(url).content
    assert b"Select the kind of episode" not in client.get(url).content
    form = client.get(url, {"kind": "lac"})
    assert b"Legal status" in form.content
    response = client.post(
        url,
        {
            "kind": "lac",
            "start_on_0": "1",
            "start_on_1": "2",
            "start_on_2": "2026",
            "end_on_0": "1",
            "end_on_1": "1",
            "end_on_2": "2026",
            "legal_status": "C2",
            "placement_type": "U4",
            "placement_provider": "",
        },
    )
    content = response.content.decode()
    assert "Select the placement provider" in content
    assert "There is a problem" in content
    assert not Episode.objects.filter(kind="lac").exists()
    assert '<option value="C2" selected>' in content
    response = client.post(
        url,
        {
            "kind": "lac",
            "start_on_0": "1",
            "start_on_1": "2",
            "start_on_2": "2026",
            "legal_status": "C2",
            "placement_type": "U4",
            "placement_provider": "PR1",
        },
    )
    assert response.status_code == 302
    assert Episode.objects.get(kind="lac").placement_provider == "PR1"


@pytest.mark.django_db
def test_edit_episode_needs_need_to_know(client, council):
    episode = Episode.objects.get(child=council.cp_child)
    client.force_login(council.worker)
    assert client.get(reverse("casework:episode-edit", args=[episode.pk])).status_code == 403
    client.force_login(council.cp_worker)
    response = client.post(
        reverse("casework:episode-edit", args=[episode.pk]),
        {
            "start_on_0": "5",
            "start_on_1": "1",
            "start_on_2": "2026",
            "end_on_0": "1",
            "end_on_1": "3",
            "end_on_2": "2026",
            "referral_source": "2A",
            "primary_need": "N1",
            "reason_for_closure": "RC8",
            "version": "1",
        },
    )
    assert response.status_code == 302
    episode.refresh_from_db()
    assert episode.end_on == date(2026, 3, 1)


@pytest.mark.django_db
def test_anonymous_users_are_sent_to_sign_in(client, council):
    response = client.get(reverse("casework:my-caseload"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
