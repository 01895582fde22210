"""Reads of visits, checks and case notes, from the children the user may see; and whether a visit counted."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Count,
    DateField,
    Exists,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.utils import timezone

from caseboard.accounts.models import Team, User
from caseboard.casework.models import Allocation, Episode, EpisodeKind
from caseboard.clock import visit_counts
from caseboard.clock.vocabulary import VisitCounting
from caseboard.clock.vocabulary import VisitFact as Fact
from caseboard.clock.vocabulary import VisitMode as FactMode
from caseboard.people.models import Child
from caseboard.people.selectors import children_visible_to
from caseboard.policy.selectors import version_in_force
from caseboard.prioritisation.visit_rules import rated_counting

from .models import IN_PERSON_MODES, CaseNote, ChildSeen, PreVisitCheck, Visit, VisitPurpose


def visits_visible_to(user: User) -> QuerySet[Visit]:
    """Visits every child of which the user may see."""
    visible = children_visible_to(user).values("pk")
    return (
        Visit.objects.exclude(children_seen__child__in=Child.objects.exclude(pk__in=visible).values("pk"))
        .filter(children_seen__child__in=visible)
        .distinct()
    )


def visit_for(*, user: User, pk: object) -> Visit | None:
    try:
        return (
            visits_visible_to(user)
            .select_related("worker", "recorded_by", "pre_visit_check")
            .filter(pk=int(pk))
            .first()
        )
    except (TypeError, ValueError):
        return None


def checks_visible_to(user: User) -> QuerySet[PreVisitCheck]:
    """The pre-visit checks every child of which the user may see (need to know, as ``check_for``)."""
    hidden = Child.objects.exclude(pk__in=children_visible_to(user).values("pk"))
    return PreVisitCheck.objects.exclude(children__in=hidden.values("pk")).distinct()


def check_for(*, user: User, pk: object) -> PreVisitCheck | None:
    visible = children_visible_to(user).values("pk")
    try:
        check = PreVisitCheck.objects.filter(pk=int(pk)).first()
    except (TypeError, ValueError):
        return None
    if check is None or check.children.exclude(pk__in=visible).exists():
        return None
    return check


def visits_for_child(*, child: Child, limit: int = 10) -> list[ChildSeen]:
    return list(
        child.visits_seen.select_related("visit", "visit__worker").order_by("-visit__visited_on", "-visit_id")[:limit]
    )


def case_notes_for_child(*, child: Child, limit: int = 10) -> list[CaseNote]:
    return list(child.case_notes.select_related("recorded_by").order_by("-occurred_on", "-pk")[:limit])


def recent_checks_for_child(*, child: Child) -> list[PreVisitCheck]:
    since = timezone.now() - timedelta(days=2)
    return list(child.pre_visit_checks.filter(checked_at__gte=since).order_by("-checked_at"))


@dataclass(frozen=True)
class Counted:
    child: Child
    counts: bool
    reason: str
    purpose: str = ""

    @property
    def purpose_label(self) -> str:
        return VisitPurpose(self.purpose).label if self.purpose in VisitPurpose.values else ""


def counting_for(visit: Visit) -> list[Counted]:
    """For each child on a visit: whether it counts towards the statutory visiting clock, and why (the operating
    model in force on the visit date decides)."""
    from caseboard.decisions.selectors import decision_in_force

    version = version_in_force(visit.visited_on)
    counting = VisitCounting(version.visit_counting) if version else VisitCounting.IN_PERSON_ONLY
    label = f"{version.operating_model.name}, version {version.number}" if version else "no operating model"
    # The kinds of key decision that make a virtual visit count under that version.
    kinds = sorted(r.kind for r in version.deviation_rules.all() if r.counts_virtual_visit) if version else []
    results = []
    for seen in visit.children_seen.select_related("child"):
        in_person = visit.mode in IN_PERSON_MODES
        decision = None
        for kind in [] if in_person else kinds:
            decision = decision_in_force(child=seen.child, kind=kind, on=visit.visited_on)
            if decision is not None:
                break
        fact = Fact(
            id=visit.pk,
            on=visit.visited_on,
            mode=FactMode.IN_PERSON if in_person else FactMode.VIRTUAL,
            child_seen=seen.was_seen,
            covered_by_decision=decision is not None,
        )
        rated = (
            None
            if in_person or version is None
            else rated_counting(child=seen.child, on=visit.visited_on, version=version)
        )
        child_counting = rated[0] if rated is not None else counting
        counts = seen.purpose != VisitPurpose.OTHER and visit_counts(fact, child_counting)
        if seen.purpose == VisitPurpose.OTHER:
            reason = "Not a statutory visit (purpose: other)"
        elif not seen.was_seen:
            reason = "The child was not seen"
        elif in_person:
            reason = f"An in-person visit in which the child was seen ({label})"
        elif rated is not None and not counts and rated[0] == VisitCounting.IN_PERSON_ONLY:
            reason = f"Does not count: {rated[1]} under {label}"
        elif counts and decision is not None:
            reason = f"A virtual visit covered by the approved key decision of {decision.starts_on:%-d %B %Y} ({label})"
        elif counts:
            reason = f"Virtual visits count under {label}"
        elif child_counting == VisitCounting.VIRTUAL_WITH_DECISION:
            reason = f"No approved key decision for a virtual visit was in force on the date ({label})"
            if rated is not None:
                reason += f"; {rated[1]}"
        else:
            reason = f"Only in-person visits count under {label}"
        results.append(Counted(seen.child, counts, reason, seen.purpose))
    return results


def annotate_last_visit(children: QuerySet[Child]) -> QuerySet[Child]:
    """Adds ``last_visit_on`` and ``last_visit_mode``: the latest visit in which the child was seen."""
    last = ChildSeen.objects.filter(child_id=OuterRef("pk"), was_seen=True).order_by("-visit__visited_on", "-visit_id")
    return children.annotate(
        last_visit_on=Subquery(last.values("visit__visited_on")[:1], output_field=DateField()),
        last_visit_mode=Subquery(last.values("visit__mode")[:1], output_field=CharField()),
    )


def not_seen_since(*, user: User, team: Team, days: int = 28, today: date | None = None) -> QuerySet[Child]:
    """Children allocated in a team who have not been seen in person for ``days`` (28 by default)."""
    today = today or timezone.localdate()
    allocated = Allocation.objects.filter(team=team, ended_on__isnull=True).values("child_id")
    recently = ChildSeen.objects.filter(
        was_seen=True, visit__mode__in=list(IN_PERSON_MODES), visit__visited_on__gt=today - timedelta(days=days)
    ).values("child_id")
    return annotate_last_visit(children_visible_to(user).filter(pk__in=allocated).exclude(pk__in=recently)).order_by(
        "last_visit_on", "last_name", "pk"
    )


# --- the weekly visits return (DOMAIN.md sections 2 and 8.1) ---------------------------------------------------
# A child counts once, in the highest of these open on the date: Caseboard's convention, LAC > CP > CIN.
REPORT_GROUPS: tuple[tuple[str, str], ...] = (
    ("LAC", EpisodeKind.LOOKED_AFTER),
    ("CP", EpisodeKind.CHILD_PROTECTION),
    ("CIN", EpisodeKind.CHILD_IN_NEED),
)
REPORT_ROWS = ("CIN", "CP", "LAC")


def involvement_group(*, child_ref: str, on: date | OuterRef) -> Case:
    """An expression for the row a child counts in on a date: "LAC", "CP", "CIN" (the highest kind of episode open
    on the date, LAC > CP > CIN), or "" when none is open. ``child_ref`` names the outer query's child id."""

    def is_open(kind: str) -> Exists:
        return Exists(
            Episode.objects.filter(child_id=OuterRef(child_ref), kind=kind, start_on__lte=on).filter(
                Q(end_on__isnull=True) | Q(end_on__gte=on)
            )
        )

    return Case(
        *(When(is_open(kind), then=Value(group)) for group, kind in REPORT_GROUPS),
        default=Value(""),
        output_field=CharField(),
    )


def visits_in_week(*, children: QuerySet[Child] | None, week_start: date) -> QuerySet[ChildSeen]:
    """The visits the weekly return counts in the 7 days from ``week_start``: one ``ChildSeen`` row per child
    visited (a household visit to two siblings counts twice), seen or not, whose own purpose on the visit is not
    "other" (each child on a household visit has theirs), to a child with a CIN, CP or LAC episode open on the
    visit date. Annotated with ``report_group`` (LAC > CP > CIN on the
    visit date) and ``is_physical`` (in person: ``IN_PERSON_MODES``). ``children`` limits it to the children a user
    may see (None: the whole council, for the statutory return)."""
    week_end = week_start + timedelta(days=6)
    seen = ChildSeen.objects.filter(visit__visited_on__range=(week_start, week_end)).exclude(purpose=VisitPurpose.OTHER)
    if children is not None:
        seen = seen.filter(child_id__in=children.values("pk"))
    return (
        seen.annotate(
            report_group=involvement_group(child_ref="child_id", on=OuterRef("visit__visited_on")),
            is_physical=Case(
                When(visit__mode__in=list(IN_PERSON_MODES), then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            ),
        )
        .exclude(report_group="")
        .order_by()
    )


def weekly_visits_counts(*, children: QuerySet[Child] | None, week_start: date) -> dict[str, tuple[int, int, int]]:
    """Visits in the week as {"CIN"|"CP"|"LAC"|"All": (total, physical, virtual)}, in one query; All is the sum of
    the rows (see ``visits_in_week`` for what counts)."""
    counts = {row: [0, 0] for row in REPORT_ROWS}
    tallies = (
        visits_in_week(children=children, week_start=week_start)
        .values("report_group", "is_physical")
        .annotate(visits=Count("pk"))
        .order_by()
    )
    for tally in tallies:
        counts[tally["report_group"]][0 if tally["is_physical"] else 1] += tally["visits"]
    table = {row: (physical + virtual, physical, virtual) for row, (physical, virtual) in counts.items()}
    total, physical, virtual = (sum(values) for values in zip(*table.values(), strict=True))
    table["All"] = (total, physical, virtual)
    return table


def percent(count: int, total: int) -> Decimal:
    """count / total × 100, rounded half up to 2 dp (DOMAIN.md section 8.1: Decimal, not float ``round()``); 0.00
    when the total is 0."""
    if not total:
        return Decimal("0.00")
    return (Decimal(count) * 100 / Decimal(total)).quantize(Decimal("0.01"), ROUND_HALF_UP)
