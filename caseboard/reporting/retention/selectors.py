"""The children whose records are due for review, from what the user may see."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import BooleanField, Case, Exists, F, Max, OuterRef, Q, QuerySet, Value, When
from django.db.models.functions import ExtractDay, ExtractMonth, ExtractYear

from caseboard.casework.models import Episode, EpisodeKind
from caseboard.people.models import Child
from caseboard.people.selectors import children_visible_to
from caseboard.policy.hooks import section_in_force

from .rules import RetentionPeriods, ReviewDue, birthday, review_due

SECTION_KEY = "retention"


@dataclass(frozen=True)
class DueForReview:
    child: Child
    due: ReviewDue
    last_ended_on: date | None


def retention_settings_on(day: date):  # type: ignore[no-untyped-def]
    """The retention settings in force on ``day`` (operating model section "Records retention")."""
    return section_in_force(SECTION_KEY, on=day)


def _latest_born(today: date, age: int) -> date:
    """The latest date of birth whose ``age``-th birthday is on or before ``today``."""
    try:
        return today.replace(year=today.year - age)
    except ValueError:  # 29 February in a year that has none
        return today.replace(year=today.year - age, day=28)


def with_died_before_18(children: QuerySet[Child]) -> QuerySet[Child]:
    """Annotate ``died_before_18`` in SQL (as ``rules.died_before_18``): fewer than 18 years between the years of
    birth and death, or 18 with the day of death earlier in the year than the birthday."""
    dead = Q(date_of_death__isnull=False, date_of_birth__isnull=False)
    return children.annotate(
        death_years=ExtractYear("date_of_death") - ExtractYear("date_of_birth"),
        death_day=ExtractMonth("date_of_death") * 100 + ExtractDay("date_of_death"),
        birth_day=ExtractMonth("date_of_birth") * 100 + ExtractDay("date_of_birth"),
    ).annotate(
        died_before_18=Case(
            When(dead & Q(death_years__lt=18), then=Value(True)),
            When(dead & Q(death_years=18, death_day__lt=F("birth_day")), then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        )
    )


def children_due_for_review(  # type: ignore[no-untyped-def]
    *, user, today: date
) -> tuple[QuerySet[Child], RetentionPeriods, date]:
    """Children the user may see whose record is due for review by ``today`` plus the review window: not known to
    the service now, and past the birthday their retention period ends on. Oldest first."""
    settings = retention_settings_on(today)
    periods = RetentionPeriods(settings.looked_after_until_age, settings.other_until_age, settings.after_death_years)
    until = today + timedelta(days=settings.review_within_days)
    looked_after = Episode.objects.filter(child=OuterRef("pk"), kind=EpisodeKind.LOOKED_AFTER)
    open_now = Episode.objects.filter(child=OuterRef("pk"), start_on__lte=until).filter(
        Q(end_on__isnull=True) | Q(end_on__gt=until)
    )
    children = (
        with_died_before_18(children_visible_to(user))
        .annotate(
            ever_looked_after=Exists(looked_after),
            known_now=Exists(open_now),
            last_ended_on=Max("episodes__end_on"),
        )
        .filter(known_now=False, date_of_birth__isnull=False)
        .filter(
            Q(
                ever_looked_after=True,
                died_before_18=True,
                date_of_death__lte=_latest_born(until, periods.after_death_years),
            )
            | Q(
                ever_looked_after=True,
                died_before_18=False,
                date_of_birth__lte=_latest_born(until, periods.looked_after_until_age),
            )
            | Q(ever_looked_after=False, date_of_birth__lte=_latest_born(until, periods.other_until_age))
        )
        .filter(Q(last_ended_on__isnull=True) | Q(last_ended_on__lte=until))
        .order_by("date_of_birth", "pk")
    )
    return children, periods, until


def due_rows(children: list[Child], periods: RetentionPeriods) -> list[DueForReview]:
    """One page's rows, each with its review date and basis."""
    rows = []
    for child in children:
        due = review_due(
            born=child.date_of_birth,
            died_on=child.date_of_death,
            ever_looked_after=child.ever_looked_after,
            known_now=child.known_now,
            last_ended_on=child.last_ended_on,
            periods=periods,
        )
        if due is not None:
            rows.append(DueForReview(child, due, child.last_ended_on))
    return rows


__all__ = ["birthday", "children_due_for_review", "due_rows"]
