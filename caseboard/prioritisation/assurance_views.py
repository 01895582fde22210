"""Assurance pages for RAG ratings: counts by team and service, red and amber children not seen in person, and
movement between ratings. For anyone with teams to review (team managers, heads of service, performance officers,
administrators); 403 for everyone else."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from caseboard.accounts.models import Service, Team
from caseboard.accounts.rules import is_head_of_service, is_manager
from caseboard.casework.selectors import teams_managed_by
from caseboard.core.forms import apply_validation_error

from .assurance import (
    by_team,
    may_see_assurance,
    movement,
    not_seen_in_person,
    rag_counts,
    red_amber_visit_rows,
    seen_in_person_trend,
    teams_of,
)
from .forms import CampaignForm
from .selectors import campaign_for, campaign_progress, campaigns_visible_to
from .services import campaign_start

PAGE_SIZE = 50
CHART = {"left": 40, "top": 20, "height": 160, "group": 76, "bar": 20}
BARS = (("up", "Moved up", "#d4351c"), ("down", "Moved down", "#00703c"), ("same", "Stayed the same", "#505a5f"))


def _check(request: HttpRequest) -> None:
    if not may_see_assurance(request.user):
        raise PermissionDenied


def _team_filter(request: HttpRequest) -> tuple[list[Team], Team | None]:
    teams = list(teams_managed_by(request.user))
    wanted = request.GET.get("team", "")
    chosen = next((team for team in teams if str(team.pk) == wanted), None)
    return teams, chosen


def counts_page(request: HttpRequest) -> HttpResponse:
    _check(request)
    return render(request, "prioritisation/assurance_counts.html", {"counts": rag_counts(user=request.user)})


def not_seen_page(request: HttpRequest) -> HttpResponse:
    _check(request)
    teams, chosen = _team_filter(request)
    children, days = not_seen_in_person(user=request.user, team=chosen)
    page = Paginator(children, PAGE_SIZE).get_page(request.GET.get("page"))
    names = teams_of(user=request.user, children=list(page.object_list))
    rows = [(child, names.get(child.pk, [])) for child in page.object_list]
    return render(
        request,
        "prioritisation/assurance_not_seen.html",
        {"page": page, "rows": rows, "days": days, "teams": teams, "chosen": chosen},
    )


def visits_by_rating_page(request: HttpRequest) -> HttpResponse:
    """Red and amber children whose last counting visit was virtual or whose visit is overdue, by team, with the
    decision covering it; and the share of children of each rating seen in person in the last 4 weeks, week by
    week."""
    _check(request)
    teams, chosen = _team_filter(request)
    page = Paginator(red_amber_visit_rows(user=request.user, team=chosen), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "prioritisation/assurance_visits_by_rating.html",
        {
            "page": page,
            "by_team": by_team(list(page.object_list)),
            "trend": seen_in_person_trend(user=request.user, team=chosen),
            "teams": teams,
            "chosen": chosen,
        },
    )


def _chart(weeks, largest: int) -> dict:
    scale = max(largest, 1)
    bottom = CHART["top"] + CHART["height"]
    groups = []
    for index, week in enumerate(weeks):
        x0 = CHART["left"] + index * CHART["group"] + 6
        bars = []
        for offset, (key, label, colour) in enumerate(BARS):
            value = week.counts[key]
            height = round(value * CHART["height"] / scale)
            x = x0 + offset * CHART["bar"]
            bars.append(
                {"x": x, "y": bottom - height, "height": height, "value": value, "label": label, "fill": colour}
            )
        groups.append({"week": week, "bars": bars, "label_x": x0 + CHART["bar"] * 3 // 2})
    legend = [
        {"x": CHART["left"] + n * 170, "label": label, "fill": colour} for n, (_, label, colour) in enumerate(BARS)
    ]
    width = CHART["left"] + CHART["group"] * len(weeks) + 10
    return {"groups": groups, "bottom": bottom, "width": width, "height": bottom + 60, "legend": legend}


def movement_page(request: HttpRequest) -> HttpResponse:
    _check(request)
    teams, chosen = _team_filter(request)
    result = movement(user=request.user, team=chosen)
    return render(
        request,
        "prioritisation/assurance_movement.html",
        {"movement": result, "chart": _chart(result.weeks, result.largest), "teams": teams, "chosen": chosen},
    )


# --- rating campaigns --------------------------------------------------------------------------------------------
def _campaign_scopes(user) -> list[tuple[str, str]]:
    """What the user may start a campaign for: a head of service's own service, then the teams they manage."""
    scopes: list[tuple[str, str]] = []
    if is_head_of_service(user) and user.service_id:
        scopes.append((f"service-{user.service_id}", f"Every team in {user.service.name}"))
    if is_manager(user):
        scopes += [(f"team-{team.pk}", team.name) for team in teams_managed_by(user)]
    return scopes


def campaigns_page(request: HttpRequest) -> HttpResponse:
    _check(request)
    campaigns = list(campaigns_visible_to(request.user))
    may_start = is_manager(request.user)
    return render(request, "prioritisation/campaigns.html", {"campaigns": campaigns, "may_start": may_start})


def campaign_new(request: HttpRequest) -> HttpResponse:
    if not is_manager(request.user):
        raise PermissionDenied
    scopes = _campaign_scopes(request.user)
    form = CampaignForm(request.POST if request.method == "POST" else None, scopes=scopes)
    if request.method == "POST" and form.is_valid():
        kind, _, pk = form.cleaned_data["scope"].partition("-")
        service = Service.objects.filter(pk=pk).first() if kind == "service" else None
        team = Team.objects.filter(pk=pk).first() if kind == "team" else None
        try:
            campaign = campaign_start(
                started_by=request.user,
                name=form.cleaned_data["name"],
                deadline=form.cleaned_data["deadline"],
                service=service,
                team=team,
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, f"Campaign \u201c{campaign.name}\u201d started")
            return redirect("prioritisation:campaign", pk=campaign.pk)
    return render(request, "prioritisation/campaign_new.html", {"form": form})


def campaign_page(request: HttpRequest, pk: int) -> HttpResponse:
    _check(request)
    campaign = campaign_for(user=request.user, pk=pk)
    if campaign is None:
        raise Http404("No such campaign")
    progress = campaign_progress(user=request.user, campaign=campaign)
    return render(request, "prioritisation/campaign.html", {"campaign": campaign, "progress": progress})
