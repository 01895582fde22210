"""Who may see which child: every read of a child's record starts here (DESIGN.md section 5, "Need to know")."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from caseboard.accounts.models import ORGANISATION_WIDE_ROLES, Role, User

from .models import BreakGlassAccess, Child, FamilyMember, Household, HouseholdMember, SiblingLink

# Allocations live in casework, above people: casework registers where the open ones are read from (its ``ready()``),
# so the dependency stays one way. With none registered nobody sees an allocated child (fail closed).
_allocation_sources: list[Callable[[], QuerySet]] = []


def register_open_allocations(source: Callable[[], QuerySet]) -> None:
    """Where children are allocated: a callable returning the open allocations (``child_id``, ``worker_id``,
    ``team``) as a queryset."""
    _allocation_sources[:] = [source]


# Other reasons a member of staff needs to know a child, registered by the apps that hold them (the placements app:
# a supervising social worker and the children placed with the carers they supervise): callable(user) returning a
# queryset of ``child_id`` values, or None when the reason does not apply to the user. Restricted records still need
# the user to be named.
_visibility_sources: list[Callable[[User], QuerySet | None]] = []


def register_visibility_source(source: Callable[[User], QuerySet | None]) -> None:
    if source not in _visibility_sources:
        _visibility_sources.append(source)


def _other_reasons(user: User) -> list[QuerySet]:
    return [ids for source in _visibility_sources if (ids := source(user)) is not None]


def _open_allocations() -> QuerySet:
    if not _allocation_sources:
        raise LookupError("No source of allocations is registered (the casework app registers one)")
    return _allocation_sources[0]()


def _named_on_restricted(user: User) -> QuerySet:
    return Child.restricted_to.through.objects.filter(user_id=user.pk).values("child_id")


def _can_see_anything(user: User) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active and user.role)


def _allocation_scope(user: User) -> Q | None:
    """The open allocations that bring a child into this user's view; None for organisation-wide roles."""
    if user.role in ORGANISATION_WIDE_ROLES:
        return None
    scope = Q(worker_id=user.pk) | Q(team__in=user.teams.values("pk"))
    if user.role == Role.HEAD_OF_SERVICE and user.service_id:
        scope |= Q(team__service_id=user.service_id)
    return scope


def children_visible_to(user: User) -> QuerySet[Child]:
    """Children this user may see: own allocations and own teams' children; a team manager their teams; a head of
    service their service; performance officers and administrators everyone. Restricted records only if named.

    Fails closed: an inactive user or one with no role sees nothing.
    """
    if not _can_see_anything(user):
        return Child.objects.none()
    children = Child.objects.all()
    scope = _allocation_scope(user)
    if scope is not None:
        reasons = Q(pk__in=_open_allocations().filter(scope).values("child_id"))
        for ids in _other_reasons(user):
            reasons |= Q(pk__in=ids)
        children = children.filter(reasons)
    return children.filter(Q(is_restricted=False) | Q(pk__in=_named_on_restricted(user)))


def child_is_visible(user: User, child: Child) -> bool:
    """The single-record form of ``children_visible_to``: the same rule, asked of one child (a test walks every
    role and child through both). ``child_access_for`` notes a positive answer on the child it opens, so the
    permission checks on the same page do not ask again."""
    known = child.__dict__.get("_visible_to", {})
    if user.pk in known:
        return known[user.pk]
    return _child_is_visible(user, child)


def _child_is_visible(user: User, child: Child) -> bool:
    if not _can_see_anything(user):
        return False
    if child.is_restricted and not _named_on_restricted(user).filter(child_id=child.pk).exists():
        return False
    scope = _allocation_scope(user)
    if scope is None or _open_allocations().filter(child_id=child.pk).filter(scope).exists():
        return True
    return any(ids.filter(child_id=child.pk).exists() for ids in _other_reasons(user))


def active_break_glass(user: User, child: Child) -> BreakGlassAccess | None:
    """The user's unexpired break-glass access to this child, if any (never for a restricted record)."""
    if child.is_restricted:
        return None
    return (
        BreakGlassAccess.objects.filter(user_id=user.pk, child_id=child.pk, expires_at__gt=timezone.now())
        .order_by("-expires_at")
        .first()
    )


class ChildNotAvailable(Exception):
    """The record is missing or the user may not see it. ``reason`` tells a page what to show: 'missing',
    'restricted' or 'need_to_know' (may break glass). The API answers 404 for all three."""

    def __init__(self, pk: object, reason: str) -> None:
        super().__init__(f"Child {pk} is not available: {reason}")
        self.pk = pk
        self.reason = reason


@dataclass(frozen=True)
class ChildAccess:
    child: Child
    break_glass: BreakGlassAccess | None


def child_access_for(*, user: User, pk: object) -> ChildAccess:
    """Open one child's record for this user, by need to know or an unexpired break-glass access."""
    try:
        child = Child.objects.get(pk=pk)
    except (Child.DoesNotExist, ValueError, TypeError):
        raise ChildNotAvailable(pk, "missing") from None
    if child_is_visible(user, child):
        child._visible_to = {user.pk: True}
        return ChildAccess(child=child, break_glass=None)
    if child.is_restricted:
        raise ChildNotAvailable(pk, "restricted")
    grant = active_break_glass(user, child)
    if grant is None:
        raise ChildNotAvailable(pk, "need_to_know")
    return ChildAccess(child=child, break_glass=grant)


def child_for(*, user: User, pk: object) -> Child:
    """The one door for opening a child's record: raises ``ChildNotAvailable`` if missing or not visible."""
    return child_access_for(user=user, pk=pk).child


DATE_PATTERNS = ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d %m %Y")
UPN_PATTERN = re.compile(r"^[A-Za-z][0-9]{11}[0-9A-Za-z]$")


def parse_search_date(text: str) -> date | None:
    for pattern in DATE_PATTERNS:
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


def children_matching(*, user: User, query: str) -> QuerySet[Child]:
    """Search the children this user may see by name, local ID, date of birth (dd/mm/yyyy) or UPN."""
    query = " ".join(query.split())
    children = children_visible_to(user)
    if not query:
        return children.none()
    day = parse_search_date(query)
    if day is not None:
        return children.filter(Q(date_of_birth=day) | Q(expected_date_of_birth=day))
    if UPN_PATTERN.match(query):
        return children.filter(Q(upn=query.upper()) | Q(local_id__iexact=query))
    condition = Q(local_id__iexact=query)
    words = query.split(" ")
    name = Q()
    for word in words:
        name &= Q(first_name__istartswith=word) | Q(last_name__istartswith=word) | Q(preferred_name__istartswith=word)
    return children.filter(condition | name)


def break_glass_report(*, user: User) -> QuerySet[BreakGlassAccess]:
    """Break-glass accesses a head of service or administrator may review: their service's children, or all."""
    accesses = BreakGlassAccess.objects.select_related("user", "child")
    if user.role == Role.ADMINISTRATOR:
        return accesses.order_by("-opened_at", "-pk")
    if user.role == Role.HEAD_OF_SERVICE and user.service_id:
        in_service = _open_allocations().filter(child_id=OuterRef("child_id"), team__service_id=user.service_id)
        return accesses.filter(Exists(in_service)).order_by("-opened_at", "-pk")
    return accesses.none()


def child_for_break_glass(*, pk: object) -> Child:
    """The record a user asks to open by break-glass: any non-restricted child (raises ``ChildNotAvailable``)."""
    try:
        child = Child.objects.get(pk=pk)
    except (Child.DoesNotExist, ValueError, TypeError):
        raise ChildNotAvailable(pk, "missing") from None
    if child.is_restricted:
        raise ChildNotAvailable(pk, "restricted")
    return child


def record_history(*, child: Child) -> QuerySet:
    """Audit entries for a child's record and everything on it (episodes, allocations, family, links to brothers
    and sisters, household memberships), newest first."""
    from auditlog.models import LogEntry
    from django.contrib.contenttypes.models import ContentType

    related = {
        name: Child._meta.get_field(name).related_model for name in ("episodes", "allocations", "family_members")
    }
    types = ContentType.objects.get_for_models(Child, SiblingLink, HouseholdMember, *related.values())
    condition = Q(content_type=types[Child], object_id=child.pk)
    for name, model in related.items():
        ids = getattr(child, name).values("pk")
        condition |= Q(content_type=types[model], object_id__in=ids)
    # Links to brothers and sisters (either side) and the child's household memberships are on the record too.
    links = SiblingLink.objects.filter(Q(child_id=child.pk) | Q(sibling_id=child.pk)).values("pk")
    condition |= Q(content_type=types[SiblingLink], object_id__in=links)
    memberships = HouseholdMember.objects.filter(child_id=child.pk).values("pk")
    condition |= Q(content_type=types[HouseholdMember], object_id__in=memberships)
    return LogEntry.objects.filter(condition).select_related("actor", "content_type").order_by("-timestamp", "-pk")


def staff_who_may_be_named(*, child: Child) -> QuerySet[User]:
    """Staff who could be named on a restricted record: the child's current workers, their teams' managers and
    the heads of those teams' services, plus anyone already named."""
    allocations = _open_allocations().filter(child_id=child.pk)
    team_ids = allocations.values("team_id")
    service_ids = allocations.values("team__service_id")
    return (
        User.objects.filter(is_active=True)
        .filter(
            Q(pk__in=allocations.values("worker_id"))
            | Q(teams__in=team_ids, role=Role.TEAM_MANAGER)
            | Q(role=Role.HEAD_OF_SERVICE, service_id__in=service_ids)
            | Q(pk__in=Child.restricted_to.through.objects.filter(child_id=child.pk).values("user_id"))
        )
        .distinct()
        .order_by("last_name", "first_name", "pk")
    )


# --- brothers and sisters, and households ----------------------------------------------------------------------
def active_sibling_links(*, child_ids: list[int] | set[int]) -> QuerySet[SiblingLink]:
    """Links (not removed) with any of these children on either side."""
    ids = list(child_ids)
    return SiblingLink.objects.filter(removed_at__isnull=True).filter(Q(child_id__in=ids) | Q(sibling_id__in=ids))


def sibling_ids_of(child: Child) -> set[int]:
    """Ids of the child's brothers and sisters known to the service, whoever may see them: active sibling links in
    either direction, and family member entries linked to another child's record (either child's entry). Two
    queries."""
    ids: set[int] = set()
    for link_child, link_sibling in active_sibling_links(child_ids=[child.pk]).values_list("child_id", "sibling_id"):
        ids.add(link_sibling if link_child == child.pk else link_child)
    entries = FamilyMember.objects.filter(Q(child_id=child.pk, sibling__isnull=False) | Q(sibling_id=child.pk))
    for entry_child, entry_sibling in entries.values_list("child_id", "sibling_id"):
        ids.add(entry_sibling if entry_child == child.pk else entry_child)
    ids.discard(child.pk)
    return ids


def household_child_ids(child: Child) -> set[int]:
    """Ids of the other children living now in the child's current household."""
    current = HouseholdMember.objects.filter(child_id=child.pk, ended_on__isnull=True).values("household_id")
    return set(
        HouseholdMember.objects.filter(household_id__in=current, ended_on__isnull=True, child__isnull=False)
        .exclude(child_id=child.pk)
        .values_list("child_id", flat=True)
    )


def siblings_visible_to(*, user: User, child: Child) -> QuerySet[Child]:
    """The child's brothers and sisters whose records this user may see."""
    return children_visible_to(user).filter(pk__in=sibling_ids_of(child)).order_by("date_of_birth", "last_name", "pk")


def household_and_siblings_visible_to(*, user: User, child: Child) -> QuerySet[Child]:
    """The children a visit, a pre-visit check, a key decision or a meeting may cover with this child: their
    brothers and sisters and the other children living in their household now, as far as this user may see them."""
    ids = sibling_ids_of(child) | household_child_ids(child)
    return children_visible_to(user).filter(pk__in=ids).order_by("date_of_birth", "last_name", "pk")


@dataclass(frozen=True)
class SiblingEntry:
    link: SiblingLink | None  # None: a family member entry linked to the record, without a sibling link
    child: Child
    kind_label: str


@dataclass(frozen=True)
class SiblingsOnRecord:
    visible: list[SiblingEntry]
    not_shown: int  # brothers and sisters outside this user's need to know (restricted records never counted)


def siblings_on_record(*, user: User, child: Child) -> SiblingsOnRecord:
    """The brothers and sisters shown on a child's record: those the user may see, named, with the kind of link;
    of the others only how many there are (never a restricted record), so no sibling is named to someone outside
    need to know. A fixed number of queries."""
    ids = sibling_ids_of(child)
    links = {link.other(child.pk): link for link in active_sibling_links(child_ids=[child.pk]).order_by("pk")}
    visible = {
        other.pk: other
        for other in children_visible_to(user).filter(pk__in=ids).order_by("date_of_birth", "last_name", "pk")
    }
    entries = [
        SiblingEntry(
            link=links.get(pk),
            child=other,
            kind_label=links[pk].get_kind_display() if pk in links else "Brother or sister",
        )
        for pk, other in visible.items()
    ]
    hidden = Child.objects.filter(pk__in=ids - set(visible), is_restricted=False).count()
    return SiblingsOnRecord(visible=entries, not_shown=hidden)


def sibling_link_for(*, user: User, pk: object) -> SiblingLink | None:
    """An active sibling link both of whose children this user may see (None otherwise)."""
    try:
        link = SiblingLink.objects.select_related("child", "sibling").filter(pk=int(pk), removed_at__isnull=True)
    except (TypeError, ValueError):
        return None
    link = link.first()
    if link is None or not (child_is_visible(user, link.child) and child_is_visible(user, link.sibling)):
        return None
    return link


def sibling_links_visible_to(user: User) -> QuerySet[SiblingLink]:
    """Active sibling links both of whose children this user may see."""
    visible = children_visible_to(user).values("pk")
    return SiblingLink.objects.filter(removed_at__isnull=True, child__in=visible, sibling__in=visible)


def sibling_candidates(*, user: User, child: Child, query: str) -> QuerySet[Child]:
    """Children this user may see, found by name, local ID, date of birth or UPN, who could be linked to ``child``
    as a brother or sister (not the child, not already linked)."""
    return (
        children_matching(user=user, query=query)
        .exclude(pk=child.pk)
        .exclude(pk__in=sibling_ids_of(child))
        .order_by("last_name", "first_name", "pk")
    )


def households_visible_to(user: User) -> QuerySet[Household]:
    """Households with at least one child (now or before) whose record this user may see."""
    visible = children_visible_to(user).values("pk")
    return Household.objects.filter(
        pk__in=HouseholdMember.objects.filter(child__in=visible).values("household_id")
    ).order_by("postcode", "address", "pk")


def household_for(*, user: User, pk: object) -> Household | None:
    """One household, if this user may see a child in it (the single-record form of ``households_visible_to``)."""
    try:
        household = Household.objects.filter(pk=int(pk)).first()
    except (TypeError, ValueError):
        return None
    if household is None:
        return None
    child_ids = household.members.filter(child__isnull=False).values_list("child_id", flat=True)
    if not children_visible_to(user).filter(pk__in=list(child_ids)).exists():
        return None
    return household


@dataclass(frozen=True)
class HouseholdView:
    household: Household
    children: list[HouseholdMember]  # the children the user may see, now and before
    adults: list[HouseholdMember]
    children_not_shown: int  # outside the user's need to know (restricted records never counted)


def household_views(*, user: User, households: list[Household]) -> dict[int, HouseholdView]:
    """What household pages and the API show for each household: its adults, and only the children this user may
    see. With ``members`` prefetched (``households_with_members``), one query for any number of households."""
    members_of = {household.pk: list(household.members.all()) for household in households}
    child_ids = {member.child_id for members in members_of.values() for member in members if member.child_id}
    visible = set(children_visible_to(user).filter(pk__in=child_ids).values_list("pk", flat=True))
    views = {}
    for household in households:
        members = members_of[household.pk]
        hidden = {
            member.child_id
            for member in members
            if member.child_id and member.child_id not in visible and not member.child.is_restricted
        }
        views[household.pk] = HouseholdView(
            household=household,
            children=[member for member in members if member.child_id in visible],
            adults=[member for member in members if not member.child_id],
            children_not_shown=len(hidden),
        )
    return views


def households_with_members(households: QuerySet[Household]) -> QuerySet[Household]:
    """Households with their members (and the members' child records) fetched in one more query."""
    members = HouseholdMember.objects.select_related("child").order_by("ended_on", "started_on", "name", "pk")
    return households.prefetch_related(Prefetch("members", queryset=members))


def household_view(*, user: User, household: Household) -> HouseholdView:
    """What a household page shows: its adults, and only the children this user may see. Three queries."""
    household = households_with_members(Household.objects.filter(pk=household.pk)).get()
    return household_views(user=user, households=[household])[household.pk]


def current_household_of(child: Child) -> Household | None:
    """The household the child lives in now."""
    return child.current_household
