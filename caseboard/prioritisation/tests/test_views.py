"""RAG pages: the panel on the child's record, the rating form, the history, the team review page with bulk
confirmation; need to know on each; caseload tags; query counts."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.urls import reverse

from caseboard.conftest import allocate, make_child, open_cin
from caseboard.prioritisation.models import RagRating

from .factories import rate

pytestmark = pytest.mark.django_db

RED_TAG = '<strong class="govuk-tag govuk-tag--red">Red</strong>'
AMBER_TAG = '<strong class="govuk-tag govuk-tag--orange">Amber</strong>'


def rate_url(child):
    return reverse("prioritisation:rate", args=[child.pk])


def team_url(team):
    return reverse("prioritisation:team-review", args=[team.pk])


def test_the_child_record_shows_the_rating_with_text_and_the_banner_too(client, council):
    client.force_login(council.worker)
    page = client.get(reverse("casework:child", args=[council.own_child.pk])).content.decode()
    assert 'id="rag">RAG rating</h2>' in page and "This child has not been rated." in page
    assert "Rate this child" in page
    rate(council, rationale="")
    page = client.get(reverse("casework:child", args=[council.own_child.pk])).content.decode()
    assert page.count(AMBER_TAG) == 2  # the banner and the panel
    assert "Out of school or childcare" in page and "Not confirmed" in page and "Change the rating" in page
    assert "Confirm the rating" not in page  # the rater cannot confirm


def test_a_manager_sees_confirm_and_the_team_review_link(client, council):
    rating = rate(council)
    client.force_login(council.manager)
    page = client.get(reverse("casework:child", args=[council.own_child.pk])).content.decode()
    assert "Confirm the rating" in page and f'href="{team_url(council.cin_team)}"' in page
    response = client.post(reverse("prioritisation:confirm", args=[rating.pk]))
    assert response.status_code == 302
    rating.refresh_from_db()
    assert rating.confirmed_by == council.manager


def test_rating_form_happy_path(client, council):
    client.force_login(council.worker)
    assert client.get(rate_url(council.own_child)).status_code == 200
    response = client.post(
        rate_url(council.own_child),
        {"amber_factors": ["out_of_school", "no_other_professional"], "rating": "amber", "rationale": ""},
    )
    assert response.status_code == 302
    assert RagRating.objects.get(child=council.own_child).rating == "amber"


def test_an_override_without_reasons_shows_the_suggestion_and_keeps_what_was_typed(client, council):
    client.force_login(council.worker)
    response = client.post(rate_url(council.own_child), {"amber_factors": ["out_of_school"], "rating": "green"})
    page = response.content.decode()
    assert response.status_code == 400
    assert "<title>Error: " in page and "govuk-error-summary" in page
    assert "Explain why your rating differs from the suggested amber" in page
    assert "Suggested amber because: out of school or childcare" in page
    assert re.search(r'<input[^>]*value="out_of_school"[^>]*checked', page)  # kept what was ticked
    assert re.search(r'<input[^>]*value="green"[^>]*checked', page)
    assert not RagRating.objects.exists()
    response = client.post(rate_url(council.own_child), {})
    assert "Select red, amber or green" in response.content.decode()


@pytest.mark.parametrize("path", ["rate", "history"])
def test_need_to_know_on_child_pages(client, council, path):
    url = reverse(f"prioritisation:{path}", args=[council.other_team_child.pk])
    client.force_login(council.worker)
    response = client.get(url)
    assert response.status_code == 403 and "Cara" not in response.content.decode()
    assert client.get(reverse(f"prioritisation:{path}", args=[99999])).status_code == 404
    client.force_login(council.manager)
    restricted = reverse(f"prioritisation:{path}", args=[council.restricted_child.pk])
    assert client.get(restricted).status_code == 200
    client.force_login(council.colleague)
    assert client.get(restricted).status_code == 403


def test_roles_that_do_not_edit_records_cannot_rate(client, council):
    client.force_login(council.performance)
    assert client.get(rate_url(council.own_child)).status_code == 403


def test_confirm_is_404_outside_need_to_know(client, council):
    rating = rate(council)
    client.force_login(council.cp_head)
    assert client.post(reverse("prioritisation:confirm", args=[rating.pk])).status_code == 404
    rating.refresh_from_db()
    assert not rating.is_confirmed


def test_history_lists_every_rating(client, council):
    rate(council)
    rate(council, rating="red", codes=["recent_incident"])
    client.force_login(council.worker)
    page = client.get(reverse("prioritisation:history", args=[council.own_child.pk])).content.decode()
    assert page.count('<tr class="govuk-table__row">') == 3 and RED_TAG in page and AMBER_TAG in page


def test_caseload_and_search_show_the_rating(client, council):
    rate(council, rating="red", codes=["under_one"])
    client.force_login(council.worker)
    page = client.get(reverse("casework:my-caseload")).content.decode()
    assert RED_TAG in page
    page = client.get(reverse("casework:search"), {"q": "Ava"}).content.decode()
    assert RED_TAG in page
    client.force_login(council.manager)
    page = client.get(reverse("casework:team", args=[council.cin_team.pk])).content.decode()
    assert RED_TAG in page and '<td class="govuk-table__cell">Not rated</td>' in page


# --- the team review page --------------------------------------------------------------------------------------
def test_team_review_lists_unconfirmed_first_with_counts(client, council):
    rate(council, child=council.team_child, by=council.colleague, rating="red", codes=["under_one"])
    confirmed = rate(council)
    confirmed.confirmed_by, confirmed.confirmed_at = council.manager, confirmed.rated_at
    confirmed.save()
    client.force_login(council.manager)
    response = client.get(team_url(council.cin_team))
    review = response.context["review"]
    assert [row.child for row in review.rows] == [council.team_child, council.restricted_child, council.own_child]
    assert review.counts == {"red": 1, "amber": 1, "green": 0, "not_rated": 1} and review.unconfirmed == 1
    assert "Confirm selected" in response.content.decode()


def test_bulk_confirm_on_the_team_review_page(client, council):
    ben = rate(council, child=council.team_child, by=council.colleague)
    ava = rate(council)
    client.force_login(council.manager)
    response = client.post(team_url(council.cin_team), {"ratings": [ben.pk, ava.pk]})
    assert response.status_code == 302
    assert set(RagRating.objects.values_list("confirmed_by", flat=True)) == {council.manager.pk}
    response = client.post(team_url(council.cin_team), {})
    assert response.status_code == 400 and "Select the ratings to confirm" in response.content.decode()


def test_bulk_confirm_refuses_a_rating_from_another_team(client, council):
    other = rate(council, child=council.other_team_child, by=council.other_worker)
    client.force_login(council.manager)
    response = client.post(team_url(council.cin_team), {"ratings": [other.pk]})
    assert response.status_code == 400
    other.refresh_from_db()
    assert not other.is_confirmed


def test_team_review_need_to_know(client, council):
    for user in (council.worker, council.cp_head, council.nobody):
        client.force_login(user)
        assert client.get(team_url(council.cin_team)).status_code == 404
    client.force_login(council.head)
    assert client.get(team_url(council.cin_team)).status_code == 200
    client.force_login(council.performance)
    assert client.get(team_url(council.cin_team)).status_code == 200
    assert client.post(team_url(council.cin_team), {}).status_code == 403


def test_team_review_query_count_does_not_grow(client, council, django_assert_max_num_queries):
    client.force_login(council.manager)
    rate(council)
    with django_assert_max_num_queries(40) as few:
        client.get(team_url(council.cin_team))
    for n in range(20):
        child = make_child(f"T{n}", f"Kid{n}", "Many", dob=date(2016, 1, 1))
        open_cin(child)
        allocate(child, council.worker, council.cin_team)
        colour, code = ("red", "under_one") if n % 2 else ("amber", "out_of_school")
        rate(council, child=child, rating=colour, codes=[code])
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(team_url(council.cin_team))
    assert len(response.context["review"].rows) == 23


def test_the_suggestion_is_shown_from_the_start_and_checked_without_javascript(client, council):
    client.force_login(council.worker)
    page = client.get(rate_url(council.own_child)).content.decode()
    # Nothing ticked yet: green, said on the page before anything is submitted, in a live region the script updates.
    assert re.search(r'id="rag-suggestion"[^>]*aria-live="polite"', page)
    assert "Suggested green because: no factor applies" in page
    assert re.search(r'<button[^>]*name="check"[^>]*data-rag-check', page)
    assert "caseboard/rag-suggestion" in page
    # "Check the suggestion": the page again with the suggestion for what was ticked, what was typed kept, no error
    # and nothing saved.
    response = client.post(
        rate_url(council.own_child),
        {"amber_factors": ["out_of_school"], "rating": "green", "rationale": "Half typed", "check": ""},
    )
    page = response.content.decode()
    assert response.status_code == 200 and "govuk-error-summary" not in page
    assert "Suggested amber because: out of school or childcare" in page
    assert re.search(r'<input[^>]*value="out_of_school"[^>]*checked', page)
    assert re.search(r'<input[^>]*value="green"[^>]*checked', page) and "Half typed" in page
    assert not RagRating.objects.exists()
