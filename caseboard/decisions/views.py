from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from caseboard.accounts.rules import is_manager
from caseboard.core.audit import record_view
from caseboard.core.drafts import draft_discard, draft_get
from caseboard.core.forms import apply_validation_error
from caseboard.core.idempotency import submitted_once
from caseboard.people.access import child_page, open_child

from . import services
from .forms import DecideForm, ProposeForm, ReviewForm, proposal_draft_name
from .models import DecisionStatus, KeyDecision
from .pdf import decision_pdf
from .selectors import (
    awaiting_approval,
    decision_events,
    decision_for,
    effects_of,
    may_approve,
    reviews_due,
    siblings_of,
)


def _decision(request: HttpRequest, pk: int, *, via: str) -> KeyDecision:
    decision = decision_for(user=request.user, pk=pk)
    if decision is None:
        raise Http404("No such decision")
    record_view(decision, via=via)
    return decision


@child_page
@submitted_once
def propose(request: HttpRequest, pk: int) -> HttpResponse:
    """Propose a key decision for a child (and any of their brothers and sisters)."""
    child = open_child(request, pk, via="propose key decision page")
    if not request.user.has_perm("decisions.propose_decision", child):
        raise PermissionDenied
    can_record = is_manager(request.user)
    # A link may choose the kind (e.g. "Statutory meeting cancelled"); a pre-visit check that said "do not visit in
    # person" leaves its answers in a draft on the server (never in the address: they are health data).
    initial = {"kind": request.GET["kind"]} if "kind" in request.GET else {}
    initial.update(draft_get(request, proposal_draft_name(child)))
    form = ProposeForm(
        request.POST or None,
        initial=initial,
        siblings=siblings_of(user=request.user, child=child),
        can_record_and_approve=can_record,
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        children = [child, *data.pop("siblings", [])]
        one_step = data.pop("record_and_approve", False)
        try:
            if one_step:
                decision = services.decision_record_and_approve(children=children, recorded_by=request.user, **data)
            else:
                decision = services.decision_propose(children=children, proposed_by=request.user, **data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            draft_discard(request, proposal_draft_name(child))
            messages.success(
                request,
                "The decision is recorded and approved" if one_step else "The decision has been sent for approval",
            )
            return redirect("decisions:decision", pk=decision.pk)
    return render(request, "decisions/propose.html", {"form": form, "child": child})


def _page_context(request: HttpRequest, decision: KeyDecision, **extra: object) -> dict:
    """What the decision page shows this user: which actions they may take."""
    user = request.user
    may_act = decision.proposed_by_id != user.pk and may_approve(user, decision)
    can_decide = decision.status == DecisionStatus.PROPOSED and may_act
    return {
        "decision": decision,
        "events": decision_events(decision),
        "children": list(decision.children.all()),
        "can_decide": can_decide,
        "can_review": decision.status == DecisionStatus.APPROVED and may_act,
        "can_withdraw": decision.status == DecisionStatus.PROPOSED and decision.proposed_by_id == user.pk,
        "decide_form": DecideForm() if can_decide else None,
        **extra,
    }


def decision_detail(request: HttpRequest, pk: int) -> HttpResponse:
    decision = _decision(request, pk, via="key decision page")
    return render(request, "decisions/decision.html", _page_context(request, decision))


@require_POST
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    """Approve or reject, from the decision page or the approvals list."""
    decision = _decision(request, pk, via="approve key decision")
    form = DecideForm(request.POST)
    if form.is_valid():
        try:
            if form.cleaned_data["outcome"] == "approve":
                services.decision_approve(
                    decision=decision, approved_by=request.user, reason=form.cleaned_data["reason"]
                )
                messages.success(request, "The decision is approved")
            else:
                services.decision_reject(
                    decision=decision, rejected_by=request.user, reason=form.cleaned_data["reason"]
                )
                messages.success(request, "The decision is rejected")
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            next_url = request.POST.get("next", "")
            safe = url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure())
            return redirect(next_url if safe else f"/decisions/{decision.pk}/")
    context = _page_context(request, decision, form=form)
    if context["can_decide"]:
        context["decide_form"] = form
    return render(request, "decisions/decision.html", context, status=400)


def review(request: HttpRequest, pk: int) -> HttpResponse:
    decision = _decision(request, pk, via="review key decision page")
    if not _page_context(request, decision)["can_review"]:
        raise PermissionDenied("Only someone who could approve this decision reviews it, once it is approved")
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.decision_review(decision=decision, reviewed_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, "The review is recorded")
            return redirect("decisions:decision", pk=decision.pk)
    return render(
        request,
        "decisions/review.html",
        {"form": form, "decision": decision, "effect": effects_of([decision])[decision.pk]},
    )


@require_POST
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    decision = _decision(request, pk, via="withdraw key decision")
    try:
        services.decision_withdraw(decision=decision, withdrawn_by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "The decision has been withdrawn")
    return redirect("decisions:decision", pk=decision.pk)


def approvals(request: HttpRequest) -> HttpResponse:
    """Decisions waiting for my approval (newest first) and reviews due, with approve or reject on each."""
    if not is_manager(request.user):
        raise PermissionDenied
    pending = awaiting_approval(user=request.user)
    effects = effects_of(pending)
    for decision in pending:
        decision.effect = effects.get(decision.pk)
    return render(
        request,
        "decisions/approvals.html",
        {
            "pending": pending,
            "reviews": reviews_due(user=request.user),
            "form": DecideForm(),
        },
    )


def download(request: HttpRequest, pk: int) -> HttpResponse:
    """The decision and its history as a PDF, for court bundles."""
    decision = _decision(request, pk, via="key decision PDF")
    response = HttpResponse(decision_pdf(decision, list(decision_events(decision))), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="key-decision-{decision.pk}.pdf"'
    return response
