"""The service briefing for committees as a PDF (WeasyPrint, from an HTML template): the weekly visits return, the
survey, current RAG ratings, visits by rating (red and amber children overdue or last seen virtually, the share of
each rating seen in person) and, where the reporting app has them, the timeliness and demand figures. Counted over
the children the user may see."""

from __future__ import annotations

import logging
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Count
from django.template.loader import render_to_string
from django.utils import timezone

from caseboard.accounts.models import User
from caseboard.people.selectors import children_visible_to
from caseboard.prioritisation.assurance import red_amber_visits, seen_in_person_trend
from caseboard.prioritisation.models import RatingColour
from caseboard.prioritisation.selectors import annotate_current_rag

from .demand import selectors as demand
from .returns.selectors import HIERARCHY, PHYSICAL_MODES, VIRTUAL_MODES, weekly_visits_return
from .rules import scope_description
from .survey.selectors import survey_snapshot
from .timeliness import selectors as timeliness

DEMAND_WEEKS = 4
# fontTools logs every glyph it subsets at INFO and DEBUG; keep the logs to warnings.
logging.getLogger("fontTools").setLevel(logging.WARNING)
logging.getLogger("weasyprint").setLevel(logging.WARNING)


def rag_counts_by_rating(*, user: User) -> list[tuple[str, int]]:
    """The children the user may see by their latest RAG rating (one query): red, amber, green, not rated."""
    rated = annotate_current_rag(children_visible_to(user)).values("current_rag").annotate(n=Count("pk")).order_by()
    tallies = {row["current_rag"]: row["n"] for row in rated}
    return [(label, tallies.get(value, 0)) for value, label in RatingColour.choices] + [
        ("Not rated", tallies.get(None, 0))
    ]


def rated_visits_by_team(*, user: User, on: date) -> list[tuple[str, int, int]]:
    """For each of the user's teams: how many red and amber children's visits are overdue or last counted
    virtually, and how many of those a key decision covers (``prioritisation.assurance.red_amber_visits``)."""
    rows = []
    for group in red_amber_visits(user=user, today=on):
        children = {row.child.pk for row in group.rows}
        covered = {row.child.pk for row in group.rows if row.item.decision}
        rows.append((group.team.name, len(children), len(covered)))
    return rows


def _timeliness(user: User, start: date, end: date) -> list[Any]:
    return list(timeliness.summary(start, end, user))


def _demand(user: User, end: date) -> list[Any]:
    return list(demand.weekly_series(weeks=DEMAND_WEEKS, end=end, user=user))


def briefing_context(*, user: User, week_start: date, on: date) -> dict[str, Any]:
    children = children_visible_to(user)
    visits = weekly_visits_return(children=children, week_start=week_start)
    survey = survey_snapshot(children=children, on=on)
    return {
        "council_name": settings.COUNCIL_NAME,
        "generated_at": timezone.localtime(),
        "user": user,
        "scope": scope_description(user),
        "visits": visits,
        "hierarchy": HIERARCHY,
        "physical_modes": PHYSICAL_MODES,
        "virtual_modes": VIRTUAL_MODES,
        "survey": survey,
        "survey_rows": [*survey.cohorts, survey.all_row],
        "trend": list(zip(survey.referrals, survey.started_looked_after, strict=True)),
        "rag": rag_counts_by_rating(user=user),
        "rated_visits": rated_visits_by_team(user=user, on=on),
        "rating_trend": seen_in_person_trend(user=user, today=on),
        "timeliness": _timeliness(user, week_start, week_start + timedelta(days=6)),
        "demand": _demand(user, week_start + timedelta(days=6)),
    }


def briefing_html(*, user: User, week_start: date, on: date) -> str:
    return render_to_string("reporting/briefing_pdf.html", briefing_context(user=user, week_start=week_start, on=on))


def briefing_pdf(*, user: User, week_start: date, on: date) -> bytes:
    """The briefing as PDF bytes."""
    from weasyprint import HTML  # imported here: it loads Pango, which only this page needs

    return HTML(string=briefing_html(user=user, week_start=week_start, on=on)).write_pdf()
