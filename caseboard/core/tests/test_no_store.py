"""Nothing personal stays in a browser's or a proxy's cache: no-store on every signed-in page, API answer and
download; static files keep their cache lifetimes."""

import pytest
from django.urls import reverse

from caseboard.api.tests.tokens import token_client


@pytest.mark.django_db
def test_signed_in_pages_api_answers_and_searches_are_not_stored(client, council):
    client.force_login(council.worker)
    for response in (
        client.get(reverse("casework:child", args=[council.own_child.pk])),
        client.get(reverse("casework:my-caseload")),
        client.get(client.post(reverse("casework:search"), {"q": "Brown"})["Location"]),
        token_client(council.worker).get(f"/api/v1/children/{council.own_child.pk}/"),
    ):
        assert response.status_code == 200
        assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]


@pytest.mark.django_db
def test_an_api_refusal_is_not_stored_either(client):
    assert "no-store" in client.get("/api/v1/children/")["Cache-Control"]
