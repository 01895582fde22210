"""Visits by RAG rating as the statutory clock reads them: the ``rating_visits`` section of each operating-model
version translated into ``OperatingRules.rating_rules`` (registered with ``policy.hooks.register_rules_contributor``),
and the rating history as facts (``RatingFact``)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Q

from caseboard.clock.ratings import COUNTING_WORDS, RatingHistory, rule_for
from caseboard.clock.vocabulary import (
    Interval,
    OperatingRules,
    RatingFact,
    RatingVisits,
    Unit,
    VisitCounting,
    VisitRule,
)
from caseboard.policy.hooks import section_for

from .models import KINDS_WITH_FREQUENCY, RATED_KINDS, RagRating, RatingColour, RatingVisitSettings

SECTION_KEY = "rating_visits"


def rating_rules(row: RatingVisitSettings) -> tuple[RatingVisits, ...]:
    """One version's rules by rating, for the clock: only the kinds and ratings it sets something for."""
    rules = []
    for kind, words in RATED_KINDS:
        for colour, colour_words in RatingColour.choices:
            prefix = f"{kind}_{colour}"
            visits = None
            every = getattr(row, f"{prefix}_every", 0) if kind in KINDS_WITH_FREQUENCY else 0
            if every:
                interval = Interval(every, Unit(getattr(row, f"{prefix}_unit")))
                source = f"Operating model: visits to {words.lower()} rated {colour_words.lower()}"
                visits = VisitRule(first_within=interval, interval=interval, statutory=False, source=source)
            counting_value = getattr(row, f"{prefix}_counting")
            counting = VisitCounting(counting_value) if counting_value else None
            if visits is not None or counting is not None:
                rules.append(RatingVisits(kind=kind, rating=colour, visits=visits, counting=counting))
    return tuple(rules)


def rules_by_rating(versions: list[Any]) -> dict[int, dict[str, Any]]:
    """``{version pk: {"rating_rules": ..., "not_rated_as": ...}}``: one query, and a row made for a version that
    has none yet (from the version it was copied from, or its preset)."""
    rows = {row.version_id: row for row in RatingVisitSettings.objects.filter(version__in=[v.pk for v in versions])}
    found = {}
    for version in versions:
        row = rows.get(version.pk) or section_for(version, SECTION_KEY)
        found[version.pk] = {"rating_rules": rating_rules(row), "not_rated_as": row.not_rated_as}
    return found


def rating_history(ratings: Any) -> tuple[RatingFact, ...]:
    """A child's ratings (``RagRating`` rows) as the clock's history."""
    return tuple(RatingFact(on=r.rated_on, rating=r.rating, id=r.pk) for r in ratings)


# A child's visit is judged under the highest kind of involvement open on its date (Caseboard's LAC > CP > CIN, then
# private fostering, care leavers and Early Help).
KIND_ORDER = ("lac", "cp", "cin", "private_fostering", "care_leaver", "early_help")


def counting_words(
    *, rules: OperatingRules, kind: str, history: tuple[RatingFact, ...], on: date
) -> tuple[VisitCounting, str] | None:
    """Which visits count for a child of this kind on a date under the rating then in force, and why ("red children
    are seen in person"), where the version has a rule for it; None when the rating changes nothing."""
    rating = RatingHistory(history).on(on)
    rule = rule_for(rules, kind, rating)
    if rule is None or rule.counting is None:
        return None
    who = (
        f"{rating.rating} children"
        if rating is not None
        else f"children not yet rated (treated as {rules.not_rated_as})"
    )
    if rule.counting is VisitCounting.IN_PERSON_ONLY:
        return rule.counting, f"{who} are seen in person"
    return rule.counting, f"for {who}, {COUNTING_WORDS[rule.counting]}"


def rated_counting(*, child: Any, on: date, version: Any) -> tuple[VisitCounting, str] | None:
    """For one child's visit on a date under a version (``OperatingModelVersion``): which visits count under the
    rating in force that day, and why, where the rating decides; None otherwise. Three queries."""
    from caseboard.casework.models import Episode
    from caseboard.policy.selectors import to_rules

    rules = to_rules(version)
    if not rules.rating_rules:
        return None
    open_kinds = set(
        Episode.objects.filter(child=child, start_on__lte=on)
        .filter(Q(end_on__isnull=True) | Q(end_on__gte=on))
        .values_list("kind", flat=True)
    )
    kind = next((k for k in KIND_ORDER if k in open_kinds), None)
    if kind is None:
        return None
    history = rating_history(RagRating.objects.filter(child=child, rated_on__lte=on).only("id", "rated_on", "rating"))
    return counting_words(rules=rules, kind=kind, history=history, on=on)
