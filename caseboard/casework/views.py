from __future__ import annotations

import secrets

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from caseboard.core.forms import apply_validation_error
from caseboard.core.hooks import apply_caseload_filters, caseload_filters, panels_for
from caseboard.people.access import child_page, open_child
from caseboard.people.forms import ChildForm, SearchForm
from caseboard.people.selectors import children_matching, siblings_on_record

from . import services
from .forms import AllocationEndForm, AllocationForm, EpisodeForm, EpisodeKindForm
from .models import EpisodeKind
from .selectors import (
    SORTS,
    allocation_for,
    caseload_for,
    child_record,
    episode_for,
    team_caseload,
    team_for,
    teams_managed_by,
    teams_with_counts,
    with_case_summary,
    workers_in,
)

PAGE_SIZE = 25


# Searches kept in the session (server-side), newest last; the results page is addressed by a random token.
SEARCHES_KEPT = 20


def _remember_search(request: HttpRequest, query: str) -> str:
    searches = dict(request.session.get("searches", {}))
    token = secrets.token_urlsafe(12)
    searches[token] = query
    request.session["searches"] = dict(list(searches.items())[-SEARCHES_KEPT:])
    return token


def search(request: HttpRequest) -> HttpResponse:
    """Find a child by name, local ID, date of birth or UPN, among the children the user may see.

    The terms never go in the address, so access logs and browser history hold no names or dates of birth: the form
    is posted, the terms are kept in the session under a random token, and the results page (sortable, paginated)
    is addressed by the token. An address with ``?q=`` from before still works.
    """
    if request.method == "POST":
        form = SearchForm(request.POST)
        if form.is_valid() and form.cleaned_data["q"]:
            return redirect(f"{reverse('casework:search')}?s={_remember_search(request, form.cleaned_data['q'])}")
    else:
        token = request.GET.get("s")
        query_given = request.session.get("searches", {}).get(token) if token else request.GET.get("q")
        form = SearchForm({"q": query_given} if query_given is not None else None)
    page = None
    query = ""
    sort = request.GET.get("sort", "name")
    if request.method == "GET" and form.is_valid() and form.cleaned_data["q"]:
        query = form.cleaned_data["q"]
        results = with_case_summary(children_matching(user=request.user, query=query), sort)
        page = Paginator(results, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "people/search.html",
        {
            "form": form,
            "page": page,
            "query": query or (form.data.get("q", "") if form.is_bound else ""),
            "sort": sort,
            "sorts": SORTS,
            "can_add": request.user.has_perm("people.add_child"),
        },
    )


@child_page
def child_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A child's record: summary, episodes, allocations and family."""
    child = open_child(request, pk, via="child record page")
    record = child_record(child=child)
    user = request.user
    siblings = siblings_on_record(user=user, child=child)
    return render(
        request,
        "people/child_detail.html",
        {
            "record": record,
            "child": child,
            "break_glass": request.break_glass,
            "can_edit": user.has_perm("people.change_child", child),
            "can_allocate": user.has_perm("people.allocate_child", child),
            "can_view_history": user.has_perm("people.view_child_history", child),
            "panels": panels_for(request, child),
            "siblings": siblings,
            "visible_sibling_ids": {entry.child.pk for entry in siblings.visible},
            "household": child.current_household,
        },
    )


def child_create(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("people.add_child"):
        raise PermissionDenied
    form = ChildForm(request.POST or None, submit_label="Add child")
    if request.method == "POST" and form.is_valid():
        try:
            child = services.child_register(registered_by=request.user, **form.child_fields())
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, f"{child.full_name} has been added")
            return redirect("casework:child", pk=child.pk)
    return render(request, "people/child_form.html", {"form": form, "title": "Add a child"})


def my_caseload(request: HttpRequest) -> HttpResponse:
    """The children allocated to me, with what is open on each."""
    sort = request.GET.get("sort", "name")
    children = apply_caseload_filters(caseload_for(user=request.user, worker=request.user, sort=sort), request.GET)
    page = Paginator(children, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "casework/my_caseload.html",
        {
            "page": page,
            "sort": sort,
            "sorts": SORTS,
            "perms_teams": teams_managed_by(request.user).exists(),
            "filters": _filters(request),
        },
    )


def _filters(request: HttpRequest) -> list[dict]:
    """The table filters feature apps offer (e.g. RAG), with what is chosen now."""
    return [
        {"parameter": parameter, "label": label, "choices": choices, "value": request.GET.get(parameter, "")}
        for parameter, (label, choices, _apply) in caseload_filters.items()
    ]


def teams(request: HttpRequest) -> HttpResponse:
    """The teams a manager may review, with how many children each holds."""
    managed = teams_managed_by(request.user)
    if not managed.exists():
        raise PermissionDenied
    return render(request, "casework/teams.html", {"teams": teams_with_counts(request.user)})


def team_detail(request: HttpRequest, pk: int) -> HttpResponse:
    team = team_for(user=request.user, pk=pk)
    if team is None:
        raise Http404("No such team")
    sort = request.GET.get("sort", "name")
    children = apply_caseload_filters(team_caseload(user=request.user, team=team, sort=sort), request.GET)
    page = Paginator(children, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request, "casework/team_caseload.html", {"team": team, "page": page, "sort": sort, "filters": _filters(request)}
    )


@child_page
def episode_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Add an episode: first choose its kind, then fill in that kind's fields."""
    child = open_child(request, pk, via="add episode page")
    if not request.user.has_perm("people.change_child", child):
        raise PermissionDenied
    kind = request.GET.get("kind") or request.POST.get("kind")
    if kind not in EpisodeKind.values:
        chosen = "kind" in request.GET or "continue" in request.GET
        kind_form = EpisodeKindForm(request.GET if chosen else None)
        if kind_form.is_bound:
            kind_form.is_valid()
        return render(request, "casework/episode_kind.html", {"form": kind_form, "child": child})
    form = EpisodeForm(request.POST or None, kind=kind, submit_label="Save episode")
    if request.method == "POST" and form.is_valid():
        try:
            services.episode_open(child=child, opened_by=request.user, kind=kind, **form.episode_fields())
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, f"{EpisodeKind(kind).label} episode added")
            return redirect("casework:child", pk=child.pk)
    return render(
        request,
        "casework/episode_form.html",
        {"form": form, "child": child, "kind": kind, "title": f"Add a {EpisodeKind(kind).label.lower()} episode"},
    )


@child_page
def episode_edit(request: HttpRequest, pk: int) -> HttpResponse:
    episode = episode_for(user=request.user, pk=pk)
    child = open_child(request, episode.child_id, via="edit episode page")
    if not request.user.has_perm("people.change_child", child):
        raise PermissionDenied
    if request.method == "POST":
        form = EpisodeForm(request.POST, kind=episode.kind, submit_label="Save changes")
        if form.is_valid():
            try:
                services.episode_update(
                    episode=episode,
                    updated_by=request.user,
                    expected_version=form.cleaned_data["version"] or 0,
                    **form.episode_fields(),
                )
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(request, "The episode has been saved")
                return redirect("casework:child", pk=child.pk)
    else:
        initial = {name: getattr(episode, name) for name in EpisodeForm.base_fields if hasattr(episode, name)}
        form = EpisodeForm(initial=initial, kind=episode.kind, submit_label="Save changes")
    return render(
        request,
        "casework/episode_form.html",
        {
            "form": form,
            "child": child,
            "kind": episode.kind,
            "title": f"Change the {episode.get_kind_display().lower()} episode",
        },
    )


@child_page
def allocation_add(request: HttpRequest, pk: int) -> HttpResponse:
    child = open_child(request, pk, via="allocate page")
    if not request.user.has_perm("people.allocate_child", child):
        raise PermissionDenied
    teams_qs = teams_managed_by(request.user)
    form = AllocationForm(request.POST or None, teams=teams_qs, workers=workers_in(teams_qs))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.allocation_create(
                child=child,
                worker=data["worker"],
                team=data["team"],
                role=data["role"],
                started_on=data["started_on"],
                allocated_by=request.user,
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, f"{child.full_name} is now allocated to {data['worker']}")
            return redirect("casework:child", pk=child.pk)
    return render(request, "casework/allocation_form.html", {"form": form, "child": child})


@child_page
def allocation_end(request: HttpRequest, pk: int) -> HttpResponse:
    allocation = allocation_for(user=request.user, pk=pk)
    child = open_child(request, allocation.child_id, via="end allocation page")
    if not request.user.has_perm("people.allocate_child", child):
        raise PermissionDenied
    form = AllocationEndForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.allocation_end(
                allocation=allocation, ended_on=form.cleaned_data["ended_on"], ended_by=request.user
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, f"The allocation to {allocation.worker} has ended")
            return redirect("casework:child", pk=child.pk)
    return render(request, "casework/allocation_end.html", {"form": form, "child": child, "allocation": allocation})
