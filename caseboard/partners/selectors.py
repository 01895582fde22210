"""Reads of the partners directory and of what is recorded about children with partners, always from the children
the user may see (``children_visible_to``)."""

from __future__ import annotations

from datetime import date

from django.db.models import Count, Q, QuerySet

from caseboard.accounts.models import User
from caseboard.people.models import Child
from caseboard.people.selectors import children_visible_to

from .models import Agency, AgencyKind, ChildProfessional, InformationShare, Problem, ProblemStatus


def agencies_matching(*, query: str = "", kind: str = "") -> QuerySet[Agency]:
    """The directory (not personal data about children), filtered by name and kind, with each agency's people."""
    agencies = Agency.objects.annotate(people=Count("contacts", filter=Q(contacts__is_active=True)))
    if query.strip():
        agencies = agencies.filter(name__icontains=query.strip())
    if kind in AgencyKind.values:
        agencies = agencies.filter(kind=kind)
    return agencies.order_by("name", "pk")


def agency_for(pk: object) -> Agency | None:
    return Agency.objects.filter(pk=pk).first()


def professionals_for_child(*, child: Child) -> list[ChildProfessional]:
    return list(
        ChildProfessional.objects.filter(child=child)
        .select_related("agency", "contact", "contact__agency")
        .order_by("ended_on", "role", "-started_on", "pk")
    )


def shares_for_child(*, child: Child, limit: int = 20) -> list[InformationShare]:
    return list(InformationShare.objects.filter(child=child).select_related("agency", "recorded_by")[:limit])


def shares_visible_to(user: User) -> QuerySet[InformationShare]:
    return InformationShare.objects.filter(child__in=children_visible_to(user).values("pk"))


def sharing_log(
    *, user: User, first: date, last: date, without_consent_only: bool = False
) -> QuerySet[InformationShare]:
    """Information shared in a period about the children the user may see, newest first."""
    shares = shares_visible_to(user).filter(shared_on__gte=first, shared_on__lte=last)
    if without_consent_only:
        shares = shares.filter(with_consent=False)
    return shares.select_related("child", "agency", "recorded_by").order_by("-shared_on", "-pk")


def problems_list(*, status: str = "") -> QuerySet[Problem]:
    """The problem log: unresolved first by target date, or one status; with each problem's escalation count."""
    problems = Problem.objects.select_related("agency").annotate(escalated=Count("escalations"))
    if status in ProblemStatus.values:
        problems = problems.filter(status=status)
    elif status != "all":
        problems = problems.exclude(status=ProblemStatus.RESOLVED)
    return problems.order_by("target_on", "pk")
