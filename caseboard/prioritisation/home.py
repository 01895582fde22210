"""Home page card: RAG ratings in the manager's teams, the ratings waiting for confirmation and the red and amber
children not seen in person within their rating's review period."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from caseboard.accounts.rules import oversees_teams
from caseboard.casework.models import Allocation
from caseboard.casework.selectors import teams_managed_by
from caseboard.core.home import Figure, Link, home_card
from caseboard.core.hooks import Panel
from caseboard.people.selectors import children_visible_to

from .assurance import not_seen_in_person, rag_counts
from .selectors import unconfirmed_in


def ratings_to_confirm(user: Any) -> int:
    """Children allocated in the user's teams whose latest rating no manager has confirmed yet."""
    allocated = Allocation.objects.filter(ended_on__isnull=True, team__in=teams_managed_by(user).values("pk"))
    return unconfirmed_in(children_visible_to(user).filter(pk__in=allocated.values("child_id"))).count()


def rag_card(request: Any) -> Panel | None:
    user = request.user
    if not oversees_teams(user):
        return None
    counts = rag_counts(user=user).total.counts
    not_seen, _days = not_seen_in_person(user=user)
    unconfirmed = ratings_to_confirm(user)
    unseen = not_seen.count()
    assurance = reverse("prioritisation:assurance")
    return home_card(
        35,
        "rag",
        "RAG ratings in your teams",
        figures=[
            Figure("ratings to confirm", unconfirmed, reverse("casework:teams"), warning=bool(unconfirmed)),
            Figure(
                "red or amber, not seen in person", unseen, reverse("prioritisation:not-seen"), warning=bool(unseen)
            ),
            Figure("red", counts.get("red", 0), assurance),
            Figure("amber", counts.get("amber", 0), assurance),
            Figure("green", counts.get("green", 0), assurance),
            Figure("not rated", counts.get("not_rated", 0), assurance),
        ],
        link=Link("See RAG assurance", assurance),
    )
