from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from caseboard.casework.selectors import team_for, teams_managed_by, workers_in
from caseboard.clock.vocabulary import DUE_KIND_LABELS

from .forms import WorklistFilterForm
from .selectors import WorklistFilter, overdue_dashboard, worklist
from .tasks import recompute_all_due_items

PAGE_SIZE = 50


def _filters(form: WorklistFilterForm, **fixed: int) -> WorklistFilter:
    data = form.cleaned_data if form.is_valid() else {}
    return WorklistFilter(
        kind=data.get("kind") or "",
        status=data.get("status") or "",
        worker_id=fixed.get("worker_id") or data.get("worker"),
        team_id=fixed.get("team_id"),
    )


def my_worklist(request: HttpRequest) -> HttpResponse:
    """Due and overdue for the children allocated to me, soonest first."""
    form = WorklistFilterForm(request.GET or None)
    items = worklist(user=request.user, filters=_filters(form, worker_id=request.user.pk))
    page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "compliance/worklist.html",
        {
            "form": form,
            "page": page,
            "title": "Due and overdue",
            "caption": "Due items for the children allocated to you",
        },
    )


def team_worklist(request: HttpRequest, pk: int) -> HttpResponse:
    team = team_for(user=request.user, pk=pk)
    if team is None:
        raise Http404("No such team")
    form = WorklistFilterForm(request.GET or None, workers=workers_in(teams_managed_by(request.user).filter(pk=pk)))
    items = worklist(user=request.user, filters=_filters(form, team_id=team.pk))
    page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "compliance/worklist.html",
        {
            "form": form,
            "page": page,
            "team": team,
            "title": f"{team.name}: due and overdue",
            "caption": f"Due items for children allocated in {team.name}",
        },
    )


def dashboard(request: HttpRequest) -> HttpResponse:
    """Overdue items by kind and team, for heads of service and managers."""
    teams = teams_managed_by(request.user)
    if not teams.exists():
        raise PermissionDenied
    rows = overdue_dashboard(user=request.user, teams=teams)
    kinds = [
        (kind.value, label)
        for kind, label in DUE_KIND_LABELS.items()
        if any(row.counts.get(kind.value) for row in rows)
    ]
    table = [
        (row.team, [row.counts.get(kind, 0) for kind, _ in kinds], row.total, row.total - row.covered, row.covered)
        for row in rows
    ]
    totals = [sum(row.counts.get(kind, 0) for row in rows) for kind, _ in kinds]
    covered = sum(row.covered for row in rows)
    return render(
        request,
        "compliance/dashboard.html",
        {
            "kinds": kinds,
            "table": table,
            "totals": totals,
            "grand_total": sum(totals),
            "uncovered": sum(totals) - covered,
            "covered": covered,
        },
    )


@require_POST
def recompute(request: HttpRequest) -> HttpResponse:
    """Queue a recompute of every child's due items (administrators)."""
    if not request.user.has_perm("policy.recompute_due_items"):
        raise PermissionDenied
    recompute_all_due_items.enqueue()
    messages.success(request, "Every child's due items will be recomputed by the background worker")
    return redirect("policy:index")
