from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from caseboard.accounts.rules import is_manager
from caseboard.casework.selectors import team_for
from caseboard.core.audit import record_view
from caseboard.core.forms import apply_validation_error
from caseboard.people.access import child_page, open_child
from caseboard.people.rules import edits_records

from . import services
from .forms import ConfirmForm, RateForm
from .hooks import factor_evidence
from .models import RagRating
from .scoring import suggest
from .selectors import (
    current_rating,
    factors_for,
    is_care_leaver,
    rating_for,
    ratings_for_child,
    team_review,
)


@child_page
def rate(request: HttpRequest, pk: int) -> HttpResponse:
    """Rate a child (or, for a manager, change the rating): the factors, the suggested rating and why, the rating
    and the reasons."""
    child = open_child(request, pk, via="RAG rating page")
    if not request.user.has_perm("people.change_child", child):
        raise PermissionDenied
    care_leaver = is_care_leaver(child)
    factors = list(factors_for(care_leaver=care_leaver))
    current = current_rating(child=child)
    # The factors the records show (a placement at risk of breakdown) are ticked alongside the current rating's.
    evidence = {code: why for code, why in factor_evidence(child).items() if code in {f.code for f in factors}}
    codes = set(evidence) | ({factor.code for factor in current.factors.all()} if current is not None else set())
    initial: dict[str, list[str]] = {}
    if codes:
        initial = {
            f"{c}_factors": [f.code for f in factors if f.code in codes and f.pushes_towards == c]
            for c in ("red", "amber")
        }
    checking = request.method == "POST" and "check" in request.POST
    if checking:
        # "Check the suggestion" (without JavaScript): the page again with what was ticked and typed, nothing saved.
        posted = RateForm(request.POST, factors=factors)
        initial = {
            "red_factors": [],
            "amber_factors": [],
            "rating": request.POST.get("rating", ""),
            "rationale": request.POST.get("rationale", ""),
        }
        for code in posted.ticked():
            colour = next(f.pushes_towards for f in factors if f.code == code)
            initial[f"{colour}_factors"].append(code)
    bound = request.method == "POST" and not checking
    form = RateForm(request.POST if bound else None, initial=initial, factors=factors)
    chosen = set(form.ticked())
    suggestion = suggest(factor.as_factor() for factor in factors if factor.code in chosen)
    if bound and form.is_valid():
        try:
            services.rag_rating_record(
                child=child,
                rated_by=request.user,
                rating=form.cleaned_data["rating"],
                factor_codes=form.factor_codes(),
                rationale=form.cleaned_data["rationale"],
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, f"The rating of {child.full_name} is saved")
            return redirect(f"/children/{child.pk}/#rag")
    return render(
        request,
        "prioritisation/rate.html",
        {
            "form": form,
            "child": child,
            "current": current,
            "suggestion": suggestion,
            "care_leaver": care_leaver,
            "evidence": [(f.label, evidence[f.code]) for f in factors if f.code in evidence],
        },
        status=400 if form.errors else 200,
    )


@child_page
def history(request: HttpRequest, pk: int) -> HttpResponse:
    """Every rating of a child, newest first."""
    child = open_child(request, pk, via="RAG rating history")
    return render(request, "prioritisation/history.html", {"child": child, "ratings": ratings_for_child(child=child)})


def _next(request: HttpRequest, rating: RagRating) -> str:
    team = request.POST.get("team", "")
    return f"/teams/{int(team)}/rag/" if team.isdigit() else f"/children/{rating.child_id}/#rag"


@require_POST
def confirm(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm one rating, from the child's record."""
    rating = rating_for(user=request.user, pk=pk)
    if rating is None:
        raise Http404("No such rating")
    record_view(rating.child, via="confirm RAG rating")
    try:
        services.rag_rating_confirm(rating=rating, confirmed_by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"The rating of {rating.child.full_name} is confirmed")
    return redirect(_next(request, rating))


def team_review_page(request: HttpRequest, pk: int) -> HttpResponse:
    """A team's children with their current ratings, those waiting for confirmation first; a manager confirms
    several at once."""
    team = team_for(user=request.user, pk=pk)
    if team is None:
        raise Http404("No such team")
    review = team_review(user=request.user, team=team)
    can_confirm = is_manager(request.user)
    confirmable = [row.rating.pk for row in review.rows if row.rating is not None and not row.rating.is_confirmed]
    form = ConfirmForm(request.POST if request.method == "POST" else None, rating_ids=confirmable)
    if request.method == "POST":
        if not can_confirm:
            raise PermissionDenied
        if form.is_valid():
            wanted = set(form.cleaned_data["ratings"])
            ratings = [row.rating for row in review.rows if row.rating is not None and row.rating.pk in wanted]
            try:
                confirmed = services.rag_ratings_confirm(ratings=ratings, confirmed_by=request.user)
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                count = len(confirmed)
                messages.success(request, f"{count} rating{'s' if count != 1 else ''} confirmed")
                return redirect("prioritisation:team-review", pk=team.pk)
    return render(
        request,
        "prioritisation/team_review.html",
        {
            "team": team,
            "review": review,
            "form": form,
            "can_confirm": can_confirm,
            # The rating page asks people.change_child: every row here is a child the user sees, so the role half
            # of that rule decides (without a query per row).
            "can_rate": edits_records(request.user),
        },
        status=400 if form.errors else 200,
    )
