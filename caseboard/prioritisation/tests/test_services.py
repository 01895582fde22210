"""Recording and confirming RAG ratings: the rules each service enforces, and what it leaves untouched on error."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError

from caseboard.clock.vocabulary import DueKind
from caseboard.compliance.models import DueItem
from caseboard.policy.selectors import version_in_force
from caseboard.prioritisation import services
from caseboard.prioritisation.defaults import DEFAULT_FACTORS
from caseboard.prioritisation.models import RagFactor, RagRating

from .factories import TODAY, make_care_leaver, rate

pytestmark = pytest.mark.django_db
NOT_A_MANAGER = "Only a team manager of a team holding Ava Brown, or the head of its service, can confirm the rating"


def confirmations(rating: RagRating) -> int:
    """Audit entries that record a confirmation of this rating."""
    entries = LogEntry.objects.get_for_object(rating).filter(action=LogEntry.Action.UPDATE)
    return sum(1 for entry in entries if "confirmed_by" in (entry.changes_dict or {}))


def messages(error: ValidationError) -> dict[str, list[str]]:
    return error.value.message_dict


# --- the default list ------------------------------------------------------------------------------------------
def test_the_default_factor_list_is_installed_without_household_infection_status():
    assert RagFactor.objects.count() == len(DEFAULT_FACTORS) == 17
    assert set(RagFactor.objects.filter(applies_to="care_leaver").values_list("code", flat=True)) == {
        "exploitation",
        "mental_health",
        "isolation",
        "accommodation",
        "money_and_food",
        "digital_access",
        "education_or_employment",
    }
    labels = " ".join(RagFactor.objects.values_list("label", flat=True)).lower()
    for word in ("symptom", "shielding", "isolating", "infection", "covid"):
        assert word not in labels


# --- recording -------------------------------------------------------------------------------------------------
def test_a_rating_that_agrees_with_the_suggestion_needs_no_rationale(council):
    rating = rate(council)
    assert (rating.rating, rating.suggested_rating, rating.rationale) == ("amber", "amber", "")
    assert sorted(rating.factors.values_list("code", flat=True)) == ["no_other_professional", "out_of_school"]
    assert rating.rated_by == council.worker and not rating.is_confirmed and not rating.is_care_leaver_rating


@pytest.mark.parametrize(
    ("rating", "codes", "suggested"),
    [("green", ["out_of_school"], "amber"), ("amber", ["under_one"], "red"), ("red", [], "green")],
)
def test_a_rating_that_differs_from_the_suggestion_needs_a_rationale(council, rating, codes, suggested):
    with pytest.raises(ValidationError) as error:
        rate(council, rating=rating, codes=codes)
    assert messages(error) == {"rationale": [f"Explain why your rating differs from the suggested {suggested}"]}
    assert not RagRating.objects.exists()
    with pytest.raises(ValidationError):
        rate(council, rating=rating, codes=codes, rationale="   ")
    override = rate(council, rating=rating, codes=codes, rationale="Seen daily at school by the nurse")
    assert (override.rating, override.suggested_rating) == (rating, suggested)


def test_the_database_refuses_an_override_without_a_rationale(council):
    rating = rate(council)
    rating.rating = "green"
    with pytest.raises(ValidationError):
        rating.full_clean()


def test_factors_must_be_active_and_on_the_childs_list(council):
    with pytest.raises(ValidationError) as error:
        rate(council, codes=["out_of_school", "shielding"])
    assert messages(error) == {"factor_codes": ["shielding is not on the children's factor list"]}
    with pytest.raises(ValidationError) as error:
        rate(council, codes=["exploitation"], rating="red")
    assert "factor_codes" in messages(error)
    factor = RagFactor.objects.get(code="out_of_school")
    factor.is_active = False
    factor.save()
    with pytest.raises(ValidationError):
        rate(council, codes=["out_of_school"])
    assert not RagRating.objects.exists()


def test_a_care_leaver_is_rated_on_the_care_leavers_list(council):
    make_care_leaver(council.own_child)
    with pytest.raises(ValidationError) as error:
        rate(council, codes=["out_of_school"])
    assert messages(error) == {"factor_codes": ["out_of_school is not on the care leavers' factor list"]}
    rating = rate(council, rating="red", codes=["exploitation", "isolation"])
    assert rating.is_care_leaver_rating and rating.suggested_rating == "red"


def test_bad_rating_value_and_invisible_or_closed_children_are_refused(council):
    with pytest.raises(ValidationError) as error:
        rate(council, rating="purple")
    assert messages(error) == {"rating": ["Select red, amber or green"]}
    with pytest.raises(ValidationError) as error:
        rate(council, child=council.other_team_child)
    assert messages(error) == {"child": ["You can only rate children whose records you can see"]}
    for episode in council.own_child.episodes.all():
        episode.end_on = date(2026, 6, 1)
        episode.save()
    with pytest.raises(ValidationError) as error:
        rate(council)
    assert messages(error) == {"child": ["This child has no open case: only open cases are rated"]}
    assert not RagRating.objects.exists()


@pytest.mark.parametrize(("rating", "codes", "days"), [("red", ["under_one"], 7), ("amber", [], 14), ("green", [], 28)])
def test_the_review_is_scheduled_from_the_operating_model(council, rating, codes, days):
    version = version_in_force(TODAY)
    record = rate(council, rating=rating, codes=codes, rationale="" if rating != "amber" else "Worried")
    assert (record.review_after_days, record.next_review_on) == (days, TODAY + timedelta(days=days))
    assert record.operating_model_version == version


def test_the_review_follows_a_changed_operating_model(council):
    version = version_in_force(TODAY)
    version.rag_review_amber_days = 10
    version.save()
    assert rate(council).next_review_on == TODAY + timedelta(days=10)


def test_the_review_becomes_a_due_item_on_commit(council, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        rating = rate(council, today=date.today())
    item = DueItem.objects.get(child=council.own_child, kind=DueKind.RAG_REVIEW)
    assert item.due_on == rating.next_review_on
    assert "Amber rating given on" in item.basis and "review within 14 days" in item.basis
    # A newer rating replaces the review: only the current rating is due.
    with django_capture_on_commit_callbacks(execute=True):
        rate(council, rating="red", codes=["recent_incident"], today=date.today())
    reviews = DueItem.objects.filter(child=council.own_child, kind=DueKind.RAG_REVIEW)
    assert list(reviews.values_list("due_on", flat=True)) == [date.today() + timedelta(days=7)]


def test_ratings_are_audited(council):
    rating = rate(council)
    assert LogEntry.objects.get_for_object(rating).filter(action=LogEntry.Action.CREATE).exists()


# --- confirming ------------------------------------------------------------------------------------------------
def test_a_team_manager_or_head_of_service_confirms(council):
    rating = services.rag_rating_confirm(rating=rate(council), confirmed_by=council.manager)
    assert rating.confirmed_by == council.manager and rating.confirmed_at is not None
    assert confirmations(rating) == 1
    theirs = rate(council, child=council.team_child, by=council.colleague)
    other = services.rag_rating_confirm(rating=theirs, confirmed_by=council.head)
    assert other.confirmed_by == council.head


@pytest.mark.parametrize(
    ("who", "message"),
    [
        ("worker", "You rated Ava Brown: another manager must confirm it"),
        ("colleague", NOT_A_MANAGER),
        ("cp_head", NOT_A_MANAGER),
        ("iro", NOT_A_MANAGER),
    ],
)
def test_confirmation_is_refused_to_the_rater_workers_and_other_services(council, who, message):
    rating = rate(council)
    with pytest.raises(ValidationError) as error:
        services.rag_rating_confirm(rating=rating, confirmed_by=getattr(council, who))
    assert error.value.messages == [message]
    rating.refresh_from_db()
    assert not rating.is_confirmed


def test_a_manager_of_another_team_cannot_confirm(council):
    from caseboard.accounts.models import Role
    from caseboard.conftest import make_user

    other_manager = make_user("othermanager", Role.TEAM_MANAGER, council.cin_team_2)
    with pytest.raises(ValidationError):
        services.rag_rating_confirm(rating=rate(council), confirmed_by=other_manager)


def test_a_superseded_or_confirmed_rating_cannot_be_confirmed(council):
    first = rate(council)
    rate(council, rating="red", codes=["recent_incident"])
    with pytest.raises(ValidationError) as error:
        services.rag_rating_confirm(rating=first, confirmed_by=council.manager)
    assert error.value.messages == ["Ava Brown has a newer rating: confirm that one"]
    second = RagRating.objects.filter(child=council.own_child).first()
    services.rag_rating_confirm(rating=second, confirmed_by=council.manager)
    with pytest.raises(ValidationError) as error:
        services.rag_rating_confirm(rating=second, confirmed_by=council.head)
    assert error.value.messages == ["The rating of Ava Brown is already confirmed"]


def test_a_manager_changes_a_rating_with_a_reason_as_a_new_confirmed_row(council):
    first = rate(council)
    with pytest.raises(ValidationError) as error:
        rate(council, by=council.manager, rating="red", codes=["recent_incident"])
    assert messages(error) == {"rationale": ["Explain why you are changing the rating"]}
    changed = rate(council, by=council.manager, rating="red", codes=["recent_incident"], rationale="Police call-out")
    assert changed.pk != first.pk and changed.confirmed_by == council.manager
    first.refresh_from_db()
    assert first.rating == "amber" and RagRating.objects.filter(child=council.own_child).count() == 2


def test_bulk_confirmation_is_all_or_nothing(council):
    mine = rate(council, by=council.worker)
    theirs = rate(council, child=council.team_child, by=council.colleague)
    confirmed = services.rag_ratings_confirm(ratings=[mine, theirs], confirmed_by=council.manager)
    assert [r.confirmed_by for r in confirmed] == [council.manager, council.manager]
    for rating in (mine, theirs):
        assert confirmations(rating) == 1

    a = rate(council, rating="red", codes=["under_one"])
    b = rate(council, child=council.team_child, by=council.manager, rating="red", codes=["under_one"], rationale="x")
    with pytest.raises(ValidationError):
        services.rag_ratings_confirm(ratings=[a, b], confirmed_by=council.manager)
    a.refresh_from_db()
    assert not a.is_confirmed
    with pytest.raises(ValidationError) as error:
        services.rag_ratings_confirm(ratings=[], confirmed_by=council.manager)
    assert messages(error) == {"ratings": ["Select the ratings to confirm"]}
