from datetime import date

import pytest

from caseboard.casework.demo import DemoBuilder
from caseboard.prioritisation.demo import add_demo_ratings
from caseboard.prioritisation.models import RagRating


@pytest.mark.django_db
def test_demo_ratings_are_valid_and_deterministic():
    DemoBuilder(children=200, seed=4, today=date(2026, 11, 24)).build()
    add_demo_ratings(4, date(2026, 11, 24))
    ratings = list(
        RagRating.objects.order_by("child__local_id").values_list(
            "child__local_id", "rating", "suggested_rating", "rationale"
        )
    )
    assert len(ratings) > 100
    assert all(rating == suggested or rationale for _, rating, suggested, rationale in ratings)
    assert {rating for _, rating, _, _ in ratings} == {"red", "amber", "green"}
    assert RagRating.objects.filter(confirmed_by__isnull=False).exists()


@pytest.mark.django_db
def test_caseload_sorts_by_rag_red_first(client, council):
    from django.urls import reverse

    from caseboard.conftest import allocate
    from caseboard.prioritisation import services

    allocate(council.team_child, council.worker, council.cin_team, role="family_support")
    services.rag_rating_record(
        child=council.own_child, rated_by=council.worker, rating="green", factor_codes=[], rationale=""
    )
    services.rag_rating_record(
        child=council.team_child,
        rated_by=council.worker,
        rating="red",
        factor_codes=[],
        rationale="Police called last night",
    )
    client.force_login(council.worker)
    content = client.get(reverse("casework:my-caseload"), {"sort": "rag"}).content.decode()
    assert content.index("Ben Clarke") < content.index("Ava Brown")
    content = client.get(reverse("casework:my-caseload"), {"sort": "-rag"}).content.decode()
    assert content.index("Ava Brown") < content.index("Ben Clarke")


@pytest.mark.django_db
def test_caseload_filters_by_rag_and_worklists_show_the_rating(client, council):
    from django.urls import reverse

    from caseboard.compliance.services import due_items_recompute_all
    from caseboard.prioritisation import services

    services.rag_rating_record(
        child=council.own_child,
        rated_by=council.worker,
        rating="red",
        factor_codes=[],
        rationale="Police called last night",
    )
    client.force_login(council.worker)
    url = reverse("casework:my-caseload")
    assert ">Ava Brown</a>" in client.get(url, {"rag": "red"}).content.decode()
    assert ">Ava Brown</a>" not in client.get(url, {"rag": "green"}).content.decode()
    assert ">Ava Brown</a>" not in client.get(url, {"rag": "none"}).content.decode()
    due_items_recompute_all()
    worklist = client.get(reverse("compliance:my-worklist")).content.decode()
    assert '<strong class="govuk-tag govuk-tag--red">Red</strong>' in worklist
    client.force_login(council.manager)
    team = client.get(reverse("casework:team", args=[council.cin_team.pk]), {"rag": "red"}).content.decode()
    assert ">Ava Brown</a>" in team and ">Ben Clarke</a>" not in team
