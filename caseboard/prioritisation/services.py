"""Every write to RAG ratings: record a rating (a worker, or a manager changing one) and confirm ratings. The review
date comes from the operating model in force on the day of the rating."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from caseboard.accounts.models import Role, Service, Team, User
from caseboard.casework.selectors import teams_managed_by
from caseboard.core.signals import child_facts_changed
from caseboard.people.models import Child
from caseboard.people.selectors import child_is_visible
from caseboard.policy.models import OperatingModelVersion
from caseboard.policy.selectors import version_in_force

from .models import RagRating, RatingCampaign, RatingColour
from .scoring import suggest
from .selectors import CONFIRMING_ROLES, campaign_allocations, factors_for, has_open_case, is_care_leaver, may_confirm


def review_period(rating: str, on: date) -> tuple[OperatingModelVersion | None, int]:
    """Days until a rating's review: operating model setting ``rag_review_<rating>_days`` of the version in force
    (the field's default, red 7, amber 14, green 28, when no version is in force)."""
    name = f"rag_review_{rating}_days"
    version = version_in_force(on)
    if version is None:
        return None, OperatingModelVersion._meta.get_field(name).default
    return version, getattr(version, name)


def _facts_changed(child: Child) -> None:
    child_id = child.pk
    transaction.on_commit(lambda: child_facts_changed.send(sender=RagRating, child_ids=[child_id]))


@transaction.atomic
def rag_rating_record(
    *,
    child: Child,
    rated_by: User,
    rating: str,
    factor_codes: Iterable[str],
    rationale: str = "",
    today: date | None = None,
) -> RagRating:
    """Rate a child red, amber or green with the factors that apply. The factors come from the care leavers' list
    when the child has an open care leaver episode. The rationale is required when the rating differs from the
    suggested one; and when a manager who may confirm changes a rating, the new rating is theirs and confirmed by
    them, with their reason."""
    today = today or timezone.localdate()
    rationale = (rationale or "").strip()
    codes = list(dict.fromkeys(factor_codes))
    if not child_is_visible(rated_by, child):
        raise ValidationError({"child": "You can only rate children whose records you can see"})
    if not has_open_case(child):
        raise ValidationError({"child": "This child has no open case: only open cases are rated"})
    errors: dict[str, str] = {}
    care_leaver = is_care_leaver(child)
    available = {factor.code: factor for factor in factors_for(care_leaver=care_leaver)}
    unknown = [code for code in codes if code not in available]
    if unknown:
        which = "care leavers'" if care_leaver else "children's"
        errors["factor_codes"] = f"{', '.join(unknown)} is not on the {which} factor list"
    if rating not in RatingColour.values:
        errors["rating"] = "Select red, amber or green"
    if errors:
        raise ValidationError(errors)
    chosen = [available[code] for code in codes]
    suggestion = suggest(factor.as_factor() for factor in chosen)
    manager_change = may_confirm(rated_by, child)
    if manager_change and not rationale:
        current = RagRating.objects.filter(child=child).order_by("-rated_at", "-pk").first()
        if current is not None and current.rated_by_id != rated_by.pk:
            raise ValidationError({"rationale": "Explain why you are changing the rating"})
    if rating != suggestion.rating and not rationale:
        raise ValidationError(
            {"rationale": f"Explain why your rating differs from the suggested {suggestion.rating.value}"}
        )
    version, days = review_period(rating, today)
    now = timezone.now()
    record = RagRating(
        child=child,
        rating=rating,
        suggested_rating=suggestion.rating.value,
        rationale=rationale,
        is_care_leaver_rating=care_leaver,
        rated_by=rated_by,
        rated_at=now,
        rated_on=today,
        confirmed_by=rated_by if manager_change else None,
        confirmed_at=now if manager_change else None,
        review_after_days=days,
        next_review_on=today + timedelta(days=days),
        operating_model_version=version,
    )
    record.full_clean()
    record.save()
    record.factors.set(chosen)
    _facts_changed(child)
    return record


def _check_confirmer(rating: RagRating, confirmed_by: User) -> None:
    name = rating.child.full_name
    if rating.rated_by_id == confirmed_by.pk:
        raise ValidationError({"__all__": f"You rated {name}: another manager must confirm it"})
    if not may_confirm(confirmed_by, rating.child):
        raise ValidationError(
            {
                "__all__": f"Only a team manager of a team holding {name}, or the head of its service, can "
                "confirm the rating"
            }
        )


@transaction.atomic
def rag_rating_confirm(*, rating: RagRating, confirmed_by: User) -> RagRating:
    """Confirm a child's current rating: a team manager of a team holding the child or the head of its service,
    never the person who gave it. A rating already superseded or confirmed cannot be confirmed."""
    current = RagRating.objects.select_for_update().select_related("child").get(pk=rating.pk)
    latest_id = (
        RagRating.objects.filter(child_id=current.child_id).order_by("-rated_at", "-pk").values_list("pk", flat=True)
    ).first()
    name = current.child.full_name
    if latest_id != current.pk:
        raise ValidationError({"__all__": f"{name} has a newer rating: confirm that one"})
    if current.is_confirmed:
        raise ValidationError({"__all__": f"The rating of {name} is already confirmed"})
    _check_confirmer(current, confirmed_by)
    current.confirmed_by = confirmed_by
    current.confirmed_at = timezone.now()
    current.save()
    return current


@transaction.atomic
def rag_ratings_confirm(*, ratings: Iterable[RagRating], confirmed_by: User) -> list[RagRating]:
    """Confirm several ratings at once (the team review page); each confirmation is its own audited change. All
    or none: if one cannot be confirmed, nothing is."""
    ratings = list(ratings)
    if not ratings:
        raise ValidationError({"ratings": "Select the ratings to confirm"})
    return [rag_rating_confirm(rating=rating, confirmed_by=confirmed_by) for rating in ratings]


@transaction.atomic
def campaign_start(
    *,
    started_by: User,
    name: str,
    deadline: date | None,
    service: Service | None = None,
    team: Team | None = None,
    today: date | None = None,
) -> RatingCampaign:
    """Start "rate every open child" for a service (a head of service: their own) or a team (a manager or head of
    service: a team they manage) by a deadline, today or later. The children in scope get a due item on commit."""
    today = today or timezone.localdate()
    name = (name or "").strip()
    if started_by.role not in CONFIRMING_ROLES or not started_by.is_active:
        raise ValidationError({"__all__": "Only a team manager or a head of service can start a rating campaign"})
    errors: dict[str, str] = {}
    if not name:
        errors["name"] = "Enter a name for the campaign"
    if deadline is None:
        errors["deadline"] = "Enter the deadline"
    elif deadline < today:
        errors["deadline"] = "The deadline must be today or in the future"
    if (service is None) == (team is None):
        errors["scope"] = (
            "Choose a team you manage" if started_by.role == Role.TEAM_MANAGER else "Choose a service or a team"
        )
    elif service is not None and (started_by.role != Role.HEAD_OF_SERVICE or service.pk != started_by.service_id):
        errors["scope"] = "Choose your own service"
    elif team is not None and not teams_managed_by(started_by).filter(pk=team.pk).exists():
        errors["scope"] = "Choose a team you manage"
    if errors:
        raise ValidationError(errors)
    campaign = RatingCampaign(
        name=name, service=service, team=team, deadline=deadline, started_on=today, started_by=started_by
    )
    campaign.full_clean()
    campaign.save()
    child_ids = sorted(set(campaign_allocations(campaign).values_list("child_id", flat=True)))
    if child_ids:
        transaction.on_commit(lambda: child_facts_changed.send(sender=RatingCampaign, child_ids=child_ids))
    return campaign
