"""Rating campaigns: starting one (messages, who may, for what), progress by team (rated,
confirmed, outstanding), the outstanding children as a due item for their worker, and need to know on every page."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from caseboard.clock.vocabulary import DueKind
from caseboard.compliance.models import DueItem
from caseboard.compliance.services import due_items_recompute
from caseboard.prioritisation.models import RatingCampaign
from caseboard.prioritisation.selectors import campaign_progress
from caseboard.prioritisation.services import campaign_start, rag_rating_confirm

from .factories import TODAY, rate

pytestmark = pytest.mark.django_db


def start(council, by=None, **extra):
    fields = {"name": "Rate everyone", "deadline": TODAY + timedelta(days=7), "team": council.cin_team}
    fields.update(extra)
    return campaign_start(started_by=by or council.manager, today=TODAY, **fields)


def refused(council, **extra) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as error:
        start(council, **extra)
    return error.value.message_dict


# --- starting a campaign ---------------------------------------------------------------------------------------
def test_start_checks_the_name_deadline_and_scope(council):
    assert refused(council, name="  ")["name"] == ["Enter a name for the campaign"]
    assert refused(council, deadline=TODAY - timedelta(days=1))["deadline"] == [
        "The deadline must be today or in the future"
    ]
    assert refused(council, team=council.cin_team_2)["scope"] == ["Choose a team you manage"]
    assert refused(council, team=None)["scope"] == ["Choose a team you manage"]
    assert refused(council, team=None, service=council.cin)["scope"] == ["Choose your own service"]
    assert refused(council, by=council.worker)["__all__"] == [
        "Only a team manager or a head of service can start a rating campaign"
    ]
    assert not RatingCampaign.objects.exists()
    campaign = start(council, deadline=TODAY)
    assert (campaign.started_on, campaign.started_by, campaign.team) == (TODAY, council.manager, council.cin_team)


def test_a_head_of_service_starts_one_for_their_service_only(council):
    campaign = start(council, by=council.head, team=None, service=council.cin)
    assert campaign.scope_label == "Children in need"
    assert refused(council, by=council.cp_head, team=None, service=council.cin)["scope"] == ["Choose your own service"]
    assert refused(council, by=council.cp_head, team=council.cin_team)["scope"] == ["Choose a team you manage"]


# --- progress --------------------------------------------------------------------------------------------------
def test_progress_counts_rated_confirmed_and_outstanding_since_the_start(council):
    rate(council, child=council.team_child, by=council.colleague, today=TODAY - timedelta(days=1))  # before: owes
    campaign = start(council, by=council.head, team=None, service=council.cin)
    rate(council, child=council.own_child, today=TODAY)
    rated = rate(council, child=council.other_team_child, by=council.other_worker, today=TODAY)
    rag_rating_confirm(rating=rated, confirmed_by=council.head)
    progress = campaign_progress(user=council.head, campaign=campaign)
    rows = {row.label: (row.rated, row.confirmed, row.outstanding) for row in progress.rows}
    # The head is not named on the restricted child; the closed child's allocation has ended.
    assert rows == {"CIN team 1": (1, 0, 1), "CIN team 2": (1, 1, 0)}
    assert (progress.total.rated, progress.total.confirmed, progress.total.outstanding) == (2, 1, 1)
    manager_rows = campaign_progress(user=council.manager, campaign=campaign).rows
    assert [(row.label, row.rated, row.outstanding) for row in manager_rows] == [("CIN team 1", 1, 2)]


# --- the due item ----------------------------------------------------------------------------------------------
def test_an_unrated_child_owes_a_due_item_until_rated(council, django_capture_on_commit_callbacks):
    today = date.today()
    with django_capture_on_commit_callbacks(execute=True):
        campaign = campaign_start(
            started_by=council.manager, name="Autumn", deadline=today + timedelta(days=3), team=council.cin_team
        )
    due_items_recompute(child_ids=[council.own_child.pk, council.other_team_child.pk], today=today)
    item = DueItem.objects.get(child=council.own_child, kind=DueKind.RATING_CAMPAIGN)
    assert item.due_on == campaign.deadline and "Autumn" in item.basis
    assert item.get_kind_display() == "RAG rating (campaign)"
    assert not DueItem.objects.filter(child=council.other_team_child, kind=DueKind.RATING_CAMPAIGN).exists()
    with django_capture_on_commit_callbacks(execute=True):
        rate(council, child=council.own_child, today=today)
    due_items_recompute(child_ids=[council.own_child.pk], today=today)
    assert not DueItem.objects.filter(child=council.own_child, kind=DueKind.RATING_CAMPAIGN).exists()


# --- pages and need to know ------------------------------------------------------------------------------------
def test_pages_are_for_managers_and_heads_only(client, council):
    campaign = start(council)
    cp_campaign = start(council, by=council.cp_head, team=None, service=council.cp)
    client.force_login(council.worker)
    for url in (reverse("prioritisation:campaigns"), reverse("prioritisation:campaign-new")):
        assert client.get(url).status_code == 403
    assert client.get(reverse("prioritisation:campaign", args=[campaign.pk])).status_code == 403
    client.force_login(council.manager)
    assert client.get(reverse("prioritisation:campaign", args=[cp_campaign.pk])).status_code == 404
    page = client.get(reverse("prioritisation:campaigns")).content.decode()
    assert "Rate everyone" in page and "Start a campaign" in page and "Child protection" not in page
    client.force_login(council.performance)
    assert "Start a campaign" not in client.get(reverse("prioritisation:campaigns")).content.decode()
    assert client.get(reverse("prioritisation:campaign-new")).status_code == 403


def test_the_form_shows_errors_and_keeps_what_was_typed(client, council):
    client.force_login(council.manager)
    url = reverse("prioritisation:campaign-new")
    data = {"name": "Winter check", "scope": f"team-{council.cin_team_2.pk}"}
    data.update({"deadline_0": "1", "deadline_1": "1", "deadline_2": "2020"})
    page = client.post(url, data).content.decode()
    assert "govuk-error-summary" in page and "Choose a team you manage" in page and 'value="Winter check"' in page
    data["scope"] = f"team-{council.cin_team.pk}"
    page = client.post(url, data).content.decode()
    assert "The deadline must be today or in the future" in page
    future = date.today() + timedelta(days=10)
    data.update({"deadline_0": str(future.day), "deadline_1": str(future.month), "deadline_2": str(future.year)})
    response = client.post(url, data)
    campaign = RatingCampaign.objects.get()
    assert response.status_code == 302 and response.url == reverse("prioritisation:campaign", args=[campaign.pk])
    page = client.get(response.url).content.decode()
    assert "Progress by team" in page and "CIN team 1" in page and ">Total</th>" in page
    assert reverse("prioritisation:campaigns") in client.get(reverse("prioritisation:assurance")).content.decode()


@pytest.mark.django_db
def test_campaigns_through_the_api(council):
    from datetime import timedelta

    from django.utils import timezone
    from rest_framework.test import APIClient

    api = APIClient()
    deadline = str(timezone.localdate() + timedelta(days=14))
    api.force_authenticate(council.worker)
    response = api.post(
        "/api/v1/rag-campaigns/",
        {"name": "Rate everyone", "deadline": deadline, "team": council.cin_team.pk},
        format="json",
    )
    assert response.status_code == 400
    api.force_authenticate(council.manager)
    response = api.post(
        "/api/v1/rag-campaigns/", {"name": "", "deadline": deadline, "team": council.cin_team.pk}, format="json"
    )
    assert response.status_code == 400 and "name" in response.json()
    response = api.post(
        "/api/v1/rag-campaigns/",
        {"name": "Rate everyone", "deadline": deadline, "team": council.cin_team.pk},
        format="json",
    )
    assert response.status_code == 201, response.json()
    listed = api.get("/api/v1/rag-campaigns/").json()["results"]
    assert listed[0]["name"] == "Rate everyone" and listed[0]["progress"]["outstanding"] >= 1
    api.force_authenticate(council.cp_head)
    assert api.get("/api/v1/rag-campaigns/").json()["results"] == []
