"""Administrators' pages for staff, teams and services. Each view checks ``accounts.manage_staff`` (the same
predicate that shows the links), reads through ``selectors`` and writes through one service."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from caseboard.accounts import second_factor
from caseboard.accounts import services as accounts_services
from caseboard.accounts.models import Role
from caseboard.accounts.staff_import import COLUMN_HELP, COLUMNS, StaffImportError, staff_import, template_csv
from caseboard.core.audit import record_view
from caseboard.core.forms import apply_validation_error

from . import selectors, services
from .forms import LeaverForm, ServiceForm, StaffForm, StaffImportForm, TeamForm

PAGE_SIZE = 50


def _bound(request: HttpRequest, *, files: bool = False) -> Any:
    """The posted data for a form (even when empty, so an empty POST shows the errors), or None on GET."""
    if request.method != "POST":
        return (None, None) if files else None
    return (request.POST, request.FILES) if files else request.POST


def administrators_only(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.has_perm("accounts.manage_staff"):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


@require_GET
@administrators_only
def staff_index(request: HttpRequest) -> HttpResponse:
    """Everyone who works in the service, by name: filter by team, role and whether they are active."""
    query = request.GET.get("q", "").strip()
    status = request.GET.get("status", "active")
    if status not in {"active", "inactive", "all"}:
        status = "active"
    role = request.GET.get("role", "")
    if role not in Role.values:
        role = ""
    teams = selectors.teams_visible_to(request.user)
    team = teams.filter(pk=request.GET["team"]).first() if request.GET.get("team", "").isdigit() else None
    staff = selectors.staff_list(user=request.user, query=query, team=team, role=role, status=status)
    page = Paginator(staff, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "staff/index.html",
        {
            "page": page,
            "query": query,
            "status": status,
            "role": role,
            "roles": Role.choices,
            "team": team,
            "teams": teams,
        },
    )


@administrators_only
def staff_add(request: HttpRequest) -> HttpResponse:
    form = StaffForm(_bound(request))
    if request.method == "POST" and form.is_valid():
        try:
            member = accounts_services.staff_create(
                created_by=request.user,
                username=form.cleaned_data["username"].strip(),
                send_password_link=form.cleaned_data["send_password_link"],
                **form.details(),
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            sent = " and emailed a link to set their password" if form.cleaned_data["send_password_link"] else ""
            messages.success(request, f"{member} has been added{sent}")
            return redirect("staff:member", pk=member.pk)
    return render(request, "staff/member_form.html", {"form": form, "title": "Add a member of staff"})


@require_GET
@administrators_only
def staff_member(request: HttpRequest, pk: int) -> HttpResponse:
    """A member of staff's record: details, teams, line reports, open allocations and the history of changes."""
    member = selectors.staff_member_for(user=request.user, pk=pk)
    record_view(member, via="staff member page")
    history = Paginator(selectors.staff_history(member), 25).get_page(request.GET.get("page"))
    return render(
        request,
        "staff/member.html",
        {
            "member": member,
            "history": history,
            "line_reports": list(selectors.line_reports_of(member)),
            "open_allocations": selectors.open_allocations_of(user=request.user, member=member).count(),
            "is_self": member.pk == request.user.pk,
            "has_second_factor": second_factor.has_app(member),
            "second_factor_required": second_factor.second_factor_required(member),
        },
    )


@administrators_only
def staff_change(request: HttpRequest, pk: int) -> HttpResponse:
    member = selectors.staff_member_for(user=request.user, pk=pk)
    if request.method == "POST":
        form = StaffForm(request.POST, member=member)
        if form.is_valid():
            try:
                accounts_services.staff_update(
                    member=member,
                    updated_by=request.user,
                    expected_version=form.cleaned_data["version"],
                    **form.details(),
                )
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(request, f"The changes to {member} have been saved")
                return redirect("staff:member", pk=member.pk)
    else:
        form = StaffForm(
            member=member,
            initial={
                "first_name": member.first_name,
                "last_name": member.last_name,
                "email": member.email,
                "role": member.role,
                "teams": list(member.teams.all()),
                "line_manager": member.line_manager,
                "job_title": member.job_title,
                "service": member.service,
                "version": accounts_services.staff_version(member),
            },
        )
    return render(
        request, "staff/member_form.html", {"form": form, "member": member, "title": f"Change {member}'s details"}
    )


@administrators_only
def password_link(request: HttpRequest, pk: int) -> HttpResponse:
    """Send a member of staff a one-time link to set their password, or show it to copy for a new starter."""
    member = selectors.staff_member_for(user=request.user, pk=pk)
    link = ""
    error = ""
    if request.method == "POST":
        send_email = request.POST.get("how") == "email"
        try:
            link = accounts_services.password_link_issue(member=member, issued_by=request.user, send_email=send_email)
        except ValidationError as problem:
            error = problem.messages[0]
        else:
            if send_email:
                messages.success(request, f"A link to set a password has been emailed to {member.email}")
                return redirect("staff:member", pk=member.pk)
    response = render(
        request,
        "staff/password_link.html",
        {"member": member, "link": link, "error": error, "link_days": accounts_services.password_link_lifetime()},
    )
    response["Cache-Control"] = "no-store"
    return response


@administrators_only
def staff_leave(request: HttpRequest, pk: int) -> HttpResponse:
    """Deactivate a leaver: hand on every open allocation to a worker in the same team, in the same step."""
    member = selectors.staff_member_for(user=request.user, pk=pk)
    if not member.is_active:
        messages.info(request, f"{member} has already been deactivated")
        return redirect("staff:member", pk=member.pk)
    allocations = list(selectors.open_allocations_of(user=request.user, member=member))
    teams = list({allocation.team_id: allocation.team for allocation in allocations}.values())
    choices = selectors.reallocation_choices(member=member, teams=teams)
    line_reports = list(selectors.line_reports_of(member))
    form = LeaverForm(
        _bound(request), allocations=allocations, choices=choices, line_reports=line_reports, member=member
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.staff_leave(
                member=member,
                deactivated_by=request.user,
                moves=form.moves(),
                new_line_manager=form.cleaned_data.get("new_line_manager"),
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            moved = f": {len(allocations)} children moved to other workers" if allocations else ""
            messages.success(request, f"{member} has been deactivated{moved}")
            return redirect("staff:member", pk=member.pk)
    return render(
        request,
        "staff/leave.html",
        {
            "member": member,
            "form": form,
            "allocations": allocations,
            "empty_teams": [team for team in teams if not choices.get(team.pk)],
            "line_reports": line_reports,
        },
    )


@require_POST
@administrators_only
def staff_reactivate(request: HttpRequest, pk: int) -> HttpResponse:
    member = selectors.staff_member_for(user=request.user, pk=pk)
    try:
        accounts_services.staff_reactivate(member=member, reactivated_by=request.user)
    except ValidationError as error:
        messages.info(request, error.messages[0])
    else:
        messages.success(request, f"{member} can sign in again once they set a new password: send them a link")
    return redirect("staff:member", pk=member.pk)


@require_POST
@administrators_only
def second_factor_reset(request: HttpRequest, pk: int) -> HttpResponse:
    """A lost phone: remove the member's authenticator app and recovery codes, so they set up a new one at their
    next sign-in. Audited on their record."""
    member = selectors.staff_member_for(user=request.user, pk=pk)
    if member.pk == request.user.pk:
        raise PermissionDenied("Another administrator resets your own second factor")
    second_factor.second_factor_reset(user=member, by=request.user)
    messages.success(request, f"{member}’s second factor is reset: they set up a new one when they next sign in")
    return redirect("staff:member", pk=member.pk)


@administrators_only
def staff_import_page(request: HttpRequest) -> HttpResponse:
    """Import staff from a CSV file: all or nothing, with every problem listed by line and column."""
    form = StaffImportForm(*_bound(request, files=True))
    problems = []
    if request.method == "POST" and form.is_valid():
        try:
            created = staff_import(
                data=form.cleaned_data["file"].read(),
                imported_by=request.user,
                send_password_links=form.cleaned_data["send_password_links"],
            )
        except StaffImportError as error:
            problems = error.problems
        else:
            sent = ", each emailed a link to set their password" if form.cleaned_data["send_password_links"] else ""
            messages.success(request, f"{len(created)} members of staff have been added{sent}")
            return redirect("staff:index")
    return render(
        request,
        "staff/import.html",
        {"form": form, "problems": problems, "columns": [(c, *COLUMN_HELP[c]) for c in COLUMNS], "roles": Role.choices},
    )


@require_GET
@administrators_only
def staff_import_template(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(template_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="caseboard-staff-template.csv"'
    return response


@require_GET
@administrators_only
def teams_index(request: HttpRequest) -> HttpResponse:
    return render(request, "staff/teams.html", {"services": selectors.services_with_teams(user=request.user)})


@require_GET
@administrators_only
def team_members(request: HttpRequest, pk: int) -> HttpResponse:
    """A team's members, with their role, line manager and the children each holds in the team."""
    team = selectors.team_for(user=request.user, pk=pk)
    return render(
        request,
        "staff/team.html",
        {
            "team": team,
            "members": list(selectors.team_members(team=team)),
            "former": list(selectors.team_members(team=team, active=False)),
        },
    )


@administrators_only
def team_add(request: HttpRequest) -> HttpResponse:
    initial = {"service": request.GET.get("service")} if request.GET.get("service", "").isdigit() else None
    form = TeamForm(_bound(request), initial=initial, submit_label="Add team")
    if request.method == "POST" and form.is_valid():
        try:
            team = accounts_services.team_create(
                name=form.cleaned_data["name"], service=form.cleaned_data["service"], created_by=request.user
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, f"{team.name} has been added to {team.service}")
            return redirect("staff:team", pk=team.pk)
    return render(request, "staff/simple_form.html", {"form": form, "title": "Add a team", "back": "staff:teams"})


@administrators_only
def team_change(request: HttpRequest, pk: int) -> HttpResponse:
    team = selectors.team_for(user=request.user, pk=pk)
    form = TeamForm(_bound(request), initial={"name": team.name, "service": team.service}, submit_label="Save changes")
    if request.method == "POST" and form.is_valid():
        try:
            accounts_services.team_update(
                team=team, name=form.cleaned_data["name"], service=form.cleaned_data["service"], updated_by=request.user
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, f"The team is now called {team.name}, in {team.service}")
            return redirect("staff:team", pk=team.pk)
    return render(
        request,
        "staff/simple_form.html",
        {"form": form, "title": f"Rename or move {team.name}", "back": "staff:teams", "caption": "Team"},
    )


@administrators_only
def service_add(request: HttpRequest) -> HttpResponse:
    form = ServiceForm(_bound(request), submit_label="Add service")
    if request.method == "POST" and form.is_valid():
        try:
            service = accounts_services.service_create(name=form.cleaned_data["name"], created_by=request.user)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, f"{service.name} has been added: now add its teams")
            return redirect("staff:teams")
    return render(request, "staff/simple_form.html", {"form": form, "title": "Add a service", "back": "staff:teams"})


@administrators_only
def service_change(request: HttpRequest, pk: int) -> HttpResponse:
    service = selectors.service_for(user=request.user, pk=pk)
    form = ServiceForm(_bound(request), initial={"name": service.name}, submit_label="Save changes")
    if request.method == "POST" and form.is_valid():
        try:
            accounts_services.service_update(service=service, name=form.cleaned_data["name"], updated_by=request.user)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, f"The service is now called {service.name}")
            return redirect("staff:teams")
    return render(
        request,
        "staff/simple_form.html",
        {"form": form, "title": f"Rename {service.name}", "back": "staff:teams", "caption": "Service"},
    )
