"""Reads for the front door, each starting from what the user may see.

Who sees what (DESIGN.md section 5, need to know):
- Front door practitioners and the managers of a front door team (a team with a front door practitioner in it)
  work every contact and referral: a contact can be about any child, so they see all, and may find any child by
  name or date of birth to link a contact to an existing record. Heads of service, performance officers and
  administrators see all too. Restricted records stay hidden unless the user is named on them.
- Everyone else sees the contacts, referrals and assessments of the children they may see
  (``children_visible_to``), through the child's record.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Prefetch, Q, QuerySet

from caseboard.accounts.models import Role, Team, User
from caseboard.casework.models import Allocation, Episode
from caseboard.clock.assessments import assessment_pause_days
from caseboard.clock.calendar import add_working_days
from caseboard.decisions.models import DecisionStatus, KeyDecision
from caseboard.people.models import Child
from caseboard.people.selectors import (
    UPN_PATTERN,
    child_is_visible,
    children_matching,
    children_visible_to,
    parse_search_date,
)
from caseboard.policy.models import DeviationKind, OperatingModelVersion
from caseboard.policy.selectors import approved_council_versions, in_force_among

from .models import Assessment, AssessmentPause, Contact, ContactDecision, Referral, Screening

SEE_ALL_ROLES = frozenset({Role.HEAD_OF_SERVICE, Role.PERFORMANCE_OFFICER, Role.ADMINISTRATOR})
QUEUE_VIEWS = {
    "awaiting": "Awaiting a decision",
    "today": "Due today",
    "overdue": "Overdue",
    "decided": "Decided in the last 7 days",
}
ASSESSMENT_WORKING_DAYS = 45  # Working Together, when no operating model is in force


def works_at_front_door(user: User) -> bool:
    """Front door practitioners, and team managers of a team with a front door practitioner in it: they record
    contacts, decide on them and screen referrals."""
    if not (getattr(user, "is_authenticated", False) and user.is_active):
        return False
    if user.role == Role.FRONT_DOOR:
        return True
    if user.role == Role.TEAM_MANAGER:
        cache = user.__dict__.setdefault("_front_door_manager", {})
        if "answer" not in cache:
            # Filtering ``user.teams`` by ``members`` would reuse the user's own membership join: ask the teams.
            cache["answer"] = Team.objects.filter(
                pk__in=user.teams.values("pk"), members__role=Role.FRONT_DOOR
            ).exists()
        return cache["answer"]
    return False


def sees_all_contacts(user: User) -> bool:
    """Who sees every contact and referral (restricted records aside)."""
    if not (getattr(user, "is_authenticated", False) and user.is_active):
        return False
    return user.role in SEE_ALL_ROLES or works_at_front_door(user)


def _hidden_restricted(user: User) -> QuerySet[Child]:
    named = Child.restricted_to.through.objects.filter(user_id=user.pk).values("child_id")
    return Child.objects.filter(is_restricted=True).exclude(pk__in=named)


def _hidden_children(user: User) -> QuerySet[Child]:
    if sees_all_contacts(user):
        return _hidden_restricted(user)
    return Child.objects.exclude(pk__in=children_visible_to(user).values("pk"))


def may_see_child(user: User, child: Child) -> bool:
    """The single-record form of the rule above, for one child."""
    if sees_all_contacts(user):
        return not child.is_restricted or child.restricted_to.filter(pk=user.pk).exists()
    return child_is_visible(user, child)


def may_work_on_child(user: User, child: Child) -> bool:
    """Front door staff screen and assess any child they may see; others need to be able to change the record."""
    if works_at_front_door(user):
        return may_see_child(user, child)
    return user.has_perm("people.change_child", child)


def contacts_visible_to(user: User) -> QuerySet[Contact]:
    """Contacts the user may see: all for front door staff and organisation-wide roles; otherwise those whose every
    child the user may see."""
    if not (getattr(user, "is_authenticated", False) and user.is_active and user.role):
        return Contact.objects.none()
    if not sees_all_contacts(user):
        visible = children_visible_to(user).values("pk")
        contacts = Contact.objects.filter(children__in=visible).distinct()
        return contacts.exclude(children__in=_hidden_children(user).values("pk"))
    return Contact.objects.exclude(children__in=_hidden_restricted(user).values("pk"))


def referrals_visible_to(user: User) -> QuerySet[Referral]:
    if not (getattr(user, "is_authenticated", False) and user.is_active and user.role):
        return Referral.objects.none()
    if sees_all_contacts(user):
        return Referral.objects.exclude(child__in=_hidden_restricted(user).values("pk"))
    return Referral.objects.filter(child__in=children_visible_to(user).values("pk"))


def assessments_visible_to(user: User) -> QuerySet[Assessment]:
    return Assessment.objects.filter(referral__in=referrals_visible_to(user).values("pk"))


def screenings_visible_to(user: User) -> QuerySet[Screening]:
    return Screening.objects.filter(referral__in=referrals_visible_to(user).values("pk"))


def _children_prefetch() -> Prefetch:
    return Prefetch("children", queryset=Child.objects.order_by("last_name", "first_name", "pk"))


def contact_for(*, user: User, pk: object) -> Contact | None:
    try:
        return (
            contacts_visible_to(user)
            .select_related("recorded_by", "decided_by")
            .prefetch_related(_children_prefetch(), "referrals__child")
            .filter(pk=int(pk))
            .first()
        )
    except (TypeError, ValueError):
        return None


def referral_for(*, user: User, pk: object) -> Referral | None:
    try:
        return (
            referrals_visible_to(user)
            .select_related("child", "contact", "episode", "recorded_by", "screening")
            .filter(pk=int(pk))
            .first()
        )
    except (TypeError, ValueError):
        return None


def assessment_for(*, user: User, pk: object) -> Assessment | None:
    try:
        return (
            assessments_visible_to(user)
            .select_related("child", "referral", "recorded_by")
            .prefetch_related(Prefetch("pauses", queryset=AssessmentPause.objects.select_related("decision")))
            .filter(pk=int(pk))
            .first()
        )
    except (TypeError, ValueError):
        return None


def front_door_queue(*, user: User, show: str, today: date) -> QuerySet[Contact]:
    """Contacts awaiting a decision (all, due today, or overdue), soonest due first; or those decided in the last
    7 days, newest first. A fixed number of queries whatever the page size."""
    contacts = (
        contacts_visible_to(user).select_related("recorded_by", "decided_by").prefetch_related(_children_prefetch())
    )
    if show == "decided":
        from datetime import timedelta

        return (
            contacts.exclude(decision=ContactDecision.AWAITING)
            .filter(decided_at__date__gte=today - timedelta(days=7))
            .order_by("-decided_at", "-pk")
        )
    awaiting = contacts.filter(decision=ContactDecision.AWAITING)
    if show == "today":
        awaiting = awaiting.filter(decision_due_on=today)
    elif show == "overdue":
        awaiting = awaiting.filter(decision_due_on__lt=today)
    return awaiting.order_by("decision_due_on", "received_at", "pk")


def queue_counts(*, user: User, today: date) -> dict[str, int]:
    """How many contacts await a decision, are due today and are overdue, in one query."""
    counts = (
        contacts_visible_to(user)
        .filter(decision=ContactDecision.AWAITING)
        .aggregate(
            awaiting=Count("pk", distinct=True),
            today=Count("pk", filter=Q(decision_due_on=today), distinct=True),
            overdue=Count("pk", filter=Q(decision_due_on__lt=today), distinct=True),
        )
    )
    return {key: value or 0 for key, value in counts.items()}


def awaiting_count(user: User) -> int:
    """For the navigation: contacts awaiting a decision that are due today or overdue."""
    if not works_at_front_door(user):
        return 0
    from django.utils import timezone

    return (
        contacts_visible_to(user)
        .filter(decision=ContactDecision.AWAITING, decision_due_on__lte=timezone.localdate())
        .count()
    )


def children_to_link(*, user: User, query: str) -> QuerySet[Child]:
    """Children a contact can be linked to, by name, local ID, date of birth (dd/mm/yyyy) or UPN. Front door staff
    search every record (restricted ones only if named): a contact can be about any child, and the front door
    checks whether the child is known. Others search the children they may see."""
    if not works_at_front_door(user):
        return children_matching(user=user, query=query)
    query = " ".join(query.split())
    children = linkable_children(user=user)
    if not query:
        return children.none()
    day = parse_search_date(query)
    if day is not None:
        return children.filter(Q(date_of_birth=day) | Q(expected_date_of_birth=day))
    if UPN_PATTERN.match(query):
        return children.filter(Q(upn=query.upper()) | Q(local_id__iexact=query))
    name = Q()
    for word in query.split(" "):
        name &= Q(first_name__istartswith=word) | Q(last_name__istartswith=word) | Q(preferred_name__istartswith=word)
    return children.filter(Q(local_id__iexact=query) | name)


def linkable_children(*, user: User) -> QuerySet[Child]:
    """Every child a contact may be linked to by this user (to check ids posted by a form)."""
    if works_at_front_door(user):
        return Child.objects.exclude(pk__in=_hidden_restricted(user).values("pk"))
    return children_visible_to(user)


def managers_for_screening(*, user: User) -> QuerySet[User]:
    """Managers who can make the screening decision: team managers of the user's teams and heads of service."""
    return (
        User.objects.filter(is_active=True)
        .filter(
            Q(role=Role.TEAM_MANAGER, teams__in=user.teams.values("pk"))
            | Q(role=Role.HEAD_OF_SERVICE)
            | Q(pk=user.pk, role__in=[Role.TEAM_MANAGER, Role.HEAD_OF_SERVICE])
        )
        .distinct()
        .order_by("last_name", "first_name", "pk")
    )


def pause_decisions_for(*, child: Child) -> QuerySet[KeyDecision]:
    """Key decisions to pause an assessment that cover the child, approved or awaiting approval (to choose from when
    pausing; only an approved one can pause it)."""
    return child.key_decisions.filter(
        kind=DeviationKind.PARENTING_ASSESSMENT_PAUSED, status__in=[DecisionStatus.APPROVED, DecisionStatus.PROPOSED]
    ).order_by("-starts_on", "-pk")


# --- the assessment clock, as the statutory clock computes it -----------------------------------------------------


@dataclass(frozen=True)
class AssessmentClock:
    due_on: date
    working_days: int
    paused_days: int
    pause_words: tuple[str, ...]
    status: str  # "Completed on time", "Completed late", "Overdue", "Due …"
    tag: str  # GOV.UK tag colour


def assessment_working_days(referral_on: date, versions: list[OperatingModelVersion] | None = None) -> int:
    """The assessment timescale (working days) of the operating model in force on the referral date."""
    versions = versions if versions is not None else approved_council_versions()
    in_force = in_force_among(versions, referral_on)
    return in_force.assessment_working_days if in_force else ASSESSMENT_WORKING_DAYS


def assessment_clock(
    assessment: Assessment,
    today: date,
    pauses: list[AssessmentPause] | None = None,
    versions: list[OperatingModelVersion] | None = None,
) -> AssessmentClock:
    """When the assessment is due (45 working days from the referral under the operating model in force that day,
    plus the working days paused) and where it stands: the same arithmetic as the statutory clock."""
    referral_on = assessment.referral.received_on
    working_days = assessment_working_days(referral_on, versions)
    pauses = pauses if pauses is not None else list(assessment.pauses.all())
    paused, words = assessment_pause_days(
        [(pause.starts_on, pause.ends_on) for pause in pauses], referral_on, assessment.completed_on, today
    )
    due = add_working_days(add_working_days(referral_on, working_days), paused)
    done = assessment.completed_on
    if done is not None and done <= today:
        status, tag = ("Completed on time", "green") if done <= due else ("Completed late", "orange")
    elif due < today:
        status, tag = "Overdue", "red"
    elif due == today:
        status, tag = "Due today", "yellow"
    else:
        status, tag = f"Due {due:%-d %B %Y}", "blue"
    return AssessmentClock(due, working_days, paused, tuple(words), status, tag)


@dataclass(frozen=True)
class ChildFrontDoor:
    referrals: list[Referral]
    contacts: list[Contact]
    clocks: dict[int, AssessmentClock]


def front_door_for_child(*, child: Child, today: date) -> ChildFrontDoor:
    """A child's referrals (with screening and assessments) and contacts, for the child's record. The caller opened
    the child through ``open_child``."""
    referrals = list(
        child.referrals.select_related("screening", "contact")
        .prefetch_related(
            Prefetch(
                "assessments",
                queryset=Assessment.objects.select_related("referral")
                .prefetch_related("pauses")
                .order_by("-started_on", "-pk"),
            )
        )
        .order_by("-received_on", "-pk")[:20]
    )
    contacts = list(child.contacts.order_by("-received_at", "-pk")[:10])
    versions = approved_council_versions()
    clocks = {
        assessment.pk: assessment_clock(assessment, today, list(assessment.pauses.all()), versions)
        for referral in referrals
        for assessment in referral.assessments.all()
    }
    return ChildFrontDoor(referrals, contacts, clocks)


def children_already_open(contact: Contact) -> list[Child]:
    """Each of the contact's children who is already open, with their open episodes and allocations (the workers
    the front door may send the contact to). Children with no open episode are left out."""
    children = list(contact.children.all())
    episodes = Episode.objects.filter(child__in=children, end_on__isnull=True).order_by("start_on", "pk")
    allocations = (
        Allocation.objects.filter(child__in=children, ended_on__isnull=True)
        .select_related("worker", "team")
        .order_by("role", "pk")
    )
    open_children = []
    for child in children:
        child.open_episode_list = [episode for episode in episodes if episode.child_id == child.pk]
        child.open_allocation_list = [allocation for allocation in allocations if allocation.child_id == child.pk]
        if child.open_episode_list:
            open_children.append(child)
    return open_children


def screenings_to_confirm(*, user: User) -> QuerySet[Screening]:
    """Screening decisions recorded in this manager's name that they have not confirmed yet (their queue), oldest
    referral first, for children they may see."""
    if getattr(user, "role", "") not in (Role.TEAM_MANAGER, Role.HEAD_OF_SERVICE):
        return Screening.objects.none()
    return (
        screenings_visible_to(user)
        .filter(manager=user, initial_visit_needed__isnull=False, manager_confirmed_at__isnull=True)
        .select_related("referral__child", "updated_by")
        .order_by("referral__received_on", "pk")
    )
