"""Searches stay out of addresses: the form is posted and the results page is addressed by a server-side token."""

import pytest
from django.urls import reverse

from caseboard.conftest import allocate, make_child, open_cin

pytestmark = pytest.mark.django_db


def test_the_search_form_posts_and_the_results_address_names_no_one(client, council):
    client.force_login(council.worker)
    url = reverse("casework:search")
    page = client.get(url).content.decode()
    assert 'method="post" role="search"' in page
    response = client.post(url, {"q": "Brown 27/03/2015"})
    assert response.status_code == 302
    location = response["Location"]
    assert location.startswith(url + "?s=") and "Brown" not in location and "2015" not in location
    response = client.post(url, {"q": "Brown"})
    results = client.get(response["Location"]).content.decode()
    assert ">Ava Brown</a>" in results and 'value="Brown"' in results


def test_a_search_token_means_nothing_in_another_session(client, council):
    client.force_login(council.worker)
    location = client.post(reverse("casework:search"), {"q": "Brown"})["Location"]
    client.logout()
    client.force_login(council.worker)
    page = client.get(location).content.decode()
    assert "Ava Brown" not in page and "No children found" not in page


def test_paging_and_sorting_keep_the_token_not_the_terms(client, council):
    for number in range(30):
        child = make_child(f"P{number}", "Pat", "Brown")
        open_cin(child)
        allocate(child, council.worker, council.cin_team)
    client.force_login(council.worker)
    location = client.post(reverse("casework:search"), {"q": "Brown"})["Location"]
    page = client.get(location).content.decode()
    assert "page=2" in page and "q=Brown" not in page
    token = location.split("s=")[1]
    assert client.get(location, {"page": 2}).status_code == 200
    assert f"s={token}" in page


def test_an_empty_or_too_long_search_stays_on_the_form(client, council):
    client.force_login(council.worker)
    response = client.post(reverse("casework:search"), {"q": "x" * 101})
    assert response.status_code == 200 and "There is a problem" in response.content.decode()
    assert client.post(reverse("casework:search"), {"q": ""}).status_code == 200
