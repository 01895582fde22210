"""One set of validation rules: the same bad input through a form and through the API is refused on the same field,
with the same message where the shared rule decides, and nothing is written."""

from __future__ import annotations

import pytest
from django.urls import reverse

from caseboard.api.tests.tokens import token_client
from caseboard.core import validation
from caseboard.people.models import Child

pytestmark = pytest.mark.django_db

GOOD = {"first_name": "Lu", "last_name": "Li", "local_id": "N9", "sex": "F", "ethnicity": "WBRI"}


def form_data(**changes):
    data = {**GOOD, "date_of_birth_0": "1", "date_of_birth_1": "1", "date_of_birth_2": "2019"}
    data.update({"upn_unknown": "", "has_video_device": "", **changes})
    return data


def api_data(**changes):
    return {**GOOD, "date_of_birth": "2019-01-01", **changes}


def form_errors(client, data) -> dict[str, list[str]]:
    response = client.post(reverse("casework:child-create"), data)
    assert response.status_code == 200, "the form should have been shown again with errors"
    return {name: list(errors) for name, errors in response.context["form"].errors.items()}


def api_errors(api, data) -> dict[str, list[str]]:
    response = api.post("/api/v1/children/", data, format="json")
    assert response.status_code == 400, response.content
    return response.json()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("first_name", "\u202eavA"),  # right-to-left override
        ("last_name", "Li\u2066"),  # isolate
        ("first_name", "A\x07va"),  # bell
        ("last_name", "Li\nSmith"),  # a line break in a name
        ("preferred_name", "\x1bLu"),  # escape
    ],
)
def test_names_with_control_or_direction_characters_are_refused_alike(client, council, field, value):
    client.force_login(council.worker)
    api = token_client(council.worker)
    from_form = form_errors(client, form_data(**{field: value}))
    from_api = api_errors(api, api_data(**{field: value}))
    assert from_form[field] == from_api[field]
    assert not Child.objects.filter(local_id="N9").exists()


def test_nul_is_refused_alike(client, council):
    client.force_login(council.worker)
    from_form = form_errors(client, form_data(first_name="A\x00va"))
    from_api = api_errors(token_client(council.worker), api_data(first_name="A\x00va"))
    assert from_form["first_name"] == from_api["first_name"] == ["Null characters are not allowed."]


def test_dates_out_of_bounds_are_refused_by_both_doors(client, council):
    client.force_login(council.worker)
    api = token_client(council.worker)
    for year in ("1", "1899", "9999"):
        assert "date_of_birth" in form_errors(client, form_data(date_of_birth_2=year)), year
        assert "date_of_birth" in api_errors(api, api_data(date_of_birth=f"{int(year):04d}-01-01")), year
    assert api_errors(api, api_data(date_of_birth="0001-01-01"))["date_of_birth"] == [
        "Date of birth must be between 1 January 1900 and 31 December 2100"
    ]
    assert not Child.objects.filter(local_id="N9").exists()


def test_an_episode_from_455_ad_and_a_meeting_in_9999_are_refused(council):
    api = token_client(council.worker)
    response = api.post(
        "/api/v1/episodes/",
        {"child": council.own_child.pk, "kind": "early_help", "start_on": "0455-06-01"},
        format="json",
    )
    assert response.status_code == 400 and "start_on" in response.json()
    response = api.post(
        "/api/v1/meetings/",
        {
            "kind": "cin_review",
            "children": [council.own_child.pk],
            "scheduled_for": "9999-06-01T10:00:00Z",
            "format": "virtual",
        },
        format="json",
    )
    assert response.status_code == 400 and "scheduled_for" in response.json()


def test_the_shared_rules_allow_what_people_really_write():
    assert validation.text_problem("Zoë-Ann O’Brien", "Name", multiline=False) is None
    assert validation.text_problem("محمد", "Name", multiline=False) is None
    assert validation.text_problem("Line one\nLine two\tindented", "Notes", multiline=True) is None
    assert validation.text_problem("x" * 50_001, "Notes", multiline=True) == "Notes must be 50,000 characters or fewer"
