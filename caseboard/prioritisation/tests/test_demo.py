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
