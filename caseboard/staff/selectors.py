"""Reads for the staff pages and API: every one starts from ``staff_visible_to(user)`` (administrators see every
member of staff; everyone else none), and fetches what the page shows in a fixed number of queries."""

from __future__ import annotations

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404

from caseboard.accounts.models import Service, StaffChange, Team, User
from caseboard.casework.models import Allocation
from caseboard.casework.selectors import workers_in
from caseboard.people.selectors import children_visible_to

OPEN = Q(allocations__ended_on__isnull=True)


def staff_visible_to(user: User) -> QuerySet[User]:
    """The staff records a user may see and manage: every one for an administrator, none for anyone else."""
    if not user.has_perm("accounts.manage_staff"):
        return User.objects.none()
    return User.objects.all()


def staff_list(*, user: User, query: str = "", team: Team | None = None, role: str = "", status: str = "active"):
    """Staff for the list page, by name, with their teams, line manager and number of open allocations (three
    queries whatever the page size: the count, the page, and its teams)."""
    staff = staff_visible_to(user).select_related("line_manager", "service")
    if status == "active":
        staff = staff.filter(is_active=True)
    elif status == "inactive":
        staff = staff.filter(is_active=False)
    if query:
        for word in query.split():
            staff = staff.filter(
                Q(first_name__icontains=word)
                | Q(last_name__icontains=word)
                | Q(username__icontains=word)
                | Q(email__icontains=word)
            )
    if team is not None:
        staff = staff.filter(teams=team)
    if role:
        staff = staff.filter(role=role)
    return (
        staff.annotate(open_allocations=Count("allocations", filter=OPEN))
        .prefetch_related(Prefetch("teams", queryset=Team.objects.order_by("name")))
        .order_by("last_name", "first_name", "pk")
    )


def staff_member_for(*, user: User, pk: object) -> User:
    """One member of staff, if the user may manage staff (404 otherwise, whether or not they exist)."""
    member = (
        staff_visible_to(user)
        .select_related("line_manager", "service")
        .prefetch_related(Prefetch("teams", queryset=Team.objects.select_related("service").order_by("name")))
        .filter(pk=pk)
        .first()
    )
    if member is None:
        raise Http404("No such member of staff")
    return member


def staff_history(member: User) -> QuerySet[StaffChange]:
    """What changed on a member of staff's record, newest first, with who changed it."""
    return member.staff_changes.select_related("changed_by").order_by("-changed_at", "-pk")


def line_reports_of(member: User) -> QuerySet[User]:
    return member.line_reports.filter(is_active=True).order_by("last_name", "first_name", "pk")


def teams_visible_to(user: User) -> QuerySet[Team]:
    if not user.has_perm("accounts.manage_staff"):
        return Team.objects.none()
    return Team.objects.select_related("service").order_by("service__name", "name")


def services_with_teams(*, user: User) -> QuerySet[Service]:
    """Every service with its teams and how many active members and open allocations each has (two queries)."""
    if not user.has_perm("accounts.manage_staff"):
        return Service.objects.none()
    teams = Team.objects.annotate(
        active_members=Count("members", filter=Q(members__is_active=True), distinct=True),
    ).order_by("name")
    return Service.objects.prefetch_related(Prefetch("teams", queryset=teams)).order_by("name")


def team_for(*, user: User, pk: object) -> Team:
    team = teams_visible_to(user).filter(pk=pk).first()
    if team is None:
        raise Http404("No such team")
    return team


def service_for(*, user: User, pk: object) -> Service:
    if not user.has_perm("accounts.manage_staff"):
        raise Http404("No such service")
    service = Service.objects.filter(pk=pk).first()
    if service is None:
        raise Http404("No such service")
    return service


def team_members(*, team: Team, active: bool = True) -> QuerySet[User]:
    """A team's members, with their line manager, their other teams and the children each holds in this team
    (two queries whatever the number of members)."""
    in_team = Q(allocations__ended_on__isnull=True, allocations__team=team)
    return (
        team.members.filter(is_active=active)
        .select_related("line_manager")
        .annotate(caseload=Count("allocations", filter=in_team))
        .prefetch_related(Prefetch("teams", queryset=Team.objects.order_by("name")))
        .order_by("last_name", "first_name", "pk")
    )


def open_allocations_of(*, user: User, member: User) -> QuerySet[Allocation]:
    """A member of staff's open allocations, to hand on before they leave. Every one is listed (none may be left
    behind); ``is_visible`` says whether the user may see the child's name (restricted records show no name)."""
    visible = children_visible_to(user).filter(pk=OuterRef("child_id"))
    return (
        Allocation.objects.filter(worker=member, ended_on__isnull=True)
        .select_related("child", "team")
        .annotate(is_visible=Exists(visible))
        .order_by("team__name", "child__last_name", "child__first_name", "pk")
    )


def reallocation_choices(*, member: User, teams: list[Team]) -> dict[int, list[User]]:
    """For each team, the active staff in it who can take a case, other than the leaver (one query)."""
    choices: dict[int, list[User]] = {team.pk: [] for team in teams}
    workers = workers_in(Team.objects.filter(pk__in=[team.pk for team in teams])).exclude(pk=member.pk)
    for worker in workers.prefetch_related("teams"):
        for team in worker.teams.all():
            if team.pk in choices:
                choices[team.pk].append(worker)
    return choices


def open_allocations_check(member: User) -> list[str]:
    """For deactivation: a leaver's open allocations must be moved to other workers first."""
    count = Allocation.objects.filter(worker=member, ended_on__isnull=True).count()
    if not count:
        return []
    return [f"{count} open allocation{'s' if count != 1 else ''} (children allocated to them)"]
