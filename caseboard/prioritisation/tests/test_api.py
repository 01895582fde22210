from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from caseboard.prioritisation.models import RagRating

from .factories import rate

pytestmark = pytest.mark.django_db
URL = "/api/v1/rag-ratings/"


@pytest.fixture
def api():
    return APIClient()


def test_record_list_and_confirm_through_the_api(api, council):
    api.force_authenticate(council.worker)
    response = api.post(
        URL,
        {"child": council.own_child.pk, "rating": "amber", "factor_codes": ["out_of_school", "no_other_professional"]},
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["rating"], body["suggested_rating"], body["confirmed_by"]) == ("amber", "amber", None)
    assert sorted(body["factors"]) == ["no_other_professional", "out_of_school"]
    assert api.post(f"{URL}{body['id']}/confirm/").status_code == 400  # the rater
    api.force_authenticate(council.manager)
    response = api.post(f"{URL}{body['id']}/confirm/")
    assert response.status_code == 200 and response.json()["confirmed_by"] == "Manager Test"
    assert [r["id"] for r in api.get(URL, {"child": council.own_child.pk}).json()["results"]] == [body["id"]]
    assert api.get(URL, {"child": council.team_child.pk}).json()["results"] == []


def test_api_400s(api, council):
    api.force_authenticate(council.worker)
    cases = [
        ({"child": council.own_child.pk, "rating": "green", "factor_codes": ["out_of_school"]}, "rationale"),
        ({"child": council.own_child.pk, "rating": "amber", "factor_codes": ["nope"]}, "factor_codes"),
        ({"child": council.own_child.pk, "rating": "purple"}, "rating"),
        ({"child": council.cp_child.pk, "rating": "green"}, "child"),
    ]
    for data, field in cases:
        response = api.post(URL, data, format="json")
        assert response.status_code == 400 and field in response.json(), (data, response.json())
    assert not RagRating.objects.exists()


def test_scoped_to_visible_children(api, council):
    rating = rate(council)
    api.force_authenticate(council.cp_worker)
    assert api.get(URL).json()["results"] == []
    assert api.get(f"{URL}{rating.pk}/").status_code == 404
    api.force_authenticate(council.cp_head)
    assert api.post(f"{URL}{rating.pk}/confirm/").status_code == 404
    api.force_authenticate(council.performance)
    assert api.post(URL, {"child": council.own_child.pk, "rating": "green"}, format="json").status_code == 403


def test_factors_are_readable(api, council):
    api.force_authenticate(council.worker)
    body = api.get("/api/v1/rag-factors/", {"active": "true"}).json()
    codes = [row["code"] for row in body["results"]] if isinstance(body, dict) else [row["code"] for row in body]
    assert "exploitation" in codes and "out_of_school" in codes
