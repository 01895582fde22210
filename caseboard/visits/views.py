from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from caseboard.core.audit import record_view
from caseboard.core.drafts import draft_put
from caseboard.core.forms import apply_validation_error
from caseboard.core.idempotency import submitted_once
from caseboard.decisions.forms import proposal_draft_name
from caseboard.decisions.selectors import siblings_of
from caseboard.people.access import child_page, open_child
from caseboard.policy.selectors import pre_visit_questions_in_force

from . import services
from .forms import CaseNoteForm, PreVisitCheckForm, VisitForm, VisitNotesForm, sibling_purposes
from .models import PPE, CheckOutcome
from .selectors import check_for, counting_for, recent_checks_for_child, visit_for


def _may_record(request: HttpRequest, child: object) -> None:
    if not request.user.has_perm("people.change_child", child):
        raise PermissionDenied


@child_page
def check_new(request: HttpRequest, pk: int) -> HttpResponse:
    """The pre-visit check: ask the household, record the answers and the outcome."""
    child = open_child(request, pk, via="pre-visit check page")
    _may_record(request, child)
    form = PreVisitCheckForm(
        request.POST or None,
        siblings=siblings_of(user=request.user, child=child),
        questions=[(q.key, q.text) for q in pre_visit_questions_in_force(timezone.localdate())],
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            check = services.pre_visit_check_record(
                children=[child, *data.get("siblings", [])],
                recorded_by=request.user,
                asked_who=data["asked_who"],
                asked_how=data["asked_how"],
                outcome=data["outcome"],
                ppe_needed=data["ppe_needed"],
                notes=data["notes"],
                answers=form.answers(),
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            if check.outcome == CheckOutcome.DO_NOT_VISIT:
                messages.info(
                    request,
                    "Do not visit in person: propose a key decision for a virtual or deferred "
                    "visit. The check is attached as its risk assessment.",
                )
                # The answers are health data: they go to the proposal form through the session, not the address.
                draft_put(
                    request,
                    proposal_draft_name(child),
                    {"kind": "visit_virtual", "risk_assessment_notes": check.risk_summary},
                )
                return redirect("decisions:propose", pk=child.pk)
            messages.success(request, "The pre-visit check is saved: record the visit")
            return redirect(reverse("visits:visit-new", args=[child.pk]) + f"?check={check.pk}")
    return render(
        request, "visits/check_form.html", {"form": form, "child": child, "household": child.current_household}
    )


@child_page
@submitted_once
def visit_new(request: HttpRequest, pk: int) -> HttpResponse:
    """Record a visit to the child (and any brothers and sisters seen at the same time)."""
    child = open_child(request, pk, via="record visit page")
    _may_record(request, child)
    checks = child.pre_visit_checks.order_by("-checked_at")[:5]
    today = timezone.localdate()
    siblings = siblings_of(user=request.user, child=child)
    initial = {"purpose": services.suggested_purpose(child, today)}
    wanted = request.GET.get("check", "")
    check = next((check for check in checks if str(check.pk) == wanted), None)
    if check is not None:
        # Filled from the pre-visit check just made: its date, the children it covered and the PPE it said to use.
        initial |= {
            "pre_visit_check": check.pk,
            "visited_on": timezone.localtime(check.checked_at).date(),
            "ppe_used": list(check.ppe_needed),
            "siblings": [other.pk for other in check.children.all() if other.pk != child.pk],
        }
    form = VisitForm(
        request.POST or None,
        initial=initial,
        checks=child.pre_visit_checks.filter(pk__in=[c.pk for c in checks]),
        siblings=siblings,
        suggested={sibling.pk: services.suggested_purpose(sibling, today) for sibling in siblings},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        main = services.ChildSeenInput(
            child=child,
            was_seen=data["was_seen"],
            seen_alone=data["seen_alone"],
            bedroom_seen=data["bedroom_seen"],
            others_present=data["others_present"],
            child_views=data["child_views"],
        )
        purposes = sibling_purposes(form)
        others = [
            services.ChildSeenInput(child=sibling, was_seen=True, purpose=purposes.get(sibling.pk, ""))
            for sibling in data.get("siblings", [])
        ]
        try:
            visit = services.visit_record(
                children_seen=[main, *others],
                worker=request.user,
                recorded_by=request.user,
                visited_on=data["visited_on"],
                mode=data["mode"],
                purpose=data["purpose"],
                pre_visit_check=data["pre_visit_check"],
                ppe_used=data["ppe_used"],
                notes=data["notes"],
            )
        except ValidationError as error:
            apply_validation_error(form, error, fields={"children_seen": "seen_alone"})
        else:
            messages.success(request, "The visit is recorded and the child's due dates are updated")
            return redirect("visits:visit", pk=visit.pk)
    return render(
        request,
        "visits/visit_form.html",
        {"form": form, "child": child, "recent_checks": recent_checks_for_child(child=child)},
    )


def visit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A visit, who was seen, and whether it counted towards each child's statutory clock and why."""
    visit = visit_for(user=request.user, pk=pk)
    if visit is None:
        raise Http404("No such visit")
    record_view(visit, via="visit page")
    children_seen = list(visit.children_seen.select_related("child"))
    can_edit = all(request.user.has_perm("people.change_child", seen.child) for seen in children_seen)
    if request.method == "POST" and not can_edit:
        raise PermissionDenied
    form = VisitNotesForm(request.POST or None, initial={"notes": visit.notes, "version": visit.version})
    if request.method == "POST" and form.is_valid():
        try:
            services.visit_update_notes(
                visit=visit,
                updated_by=request.user,
                expected_version=form.cleaned_data["version"],
                notes=form.cleaned_data["notes"],
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, "The notes are saved")
            return redirect("visits:visit", pk=visit.pk)
    late = (timezone.localtime(visit.recorded_at).date() - visit.visited_on).days > 1
    edited_late = visit.last_edited_at is not None and visit.last_edited_at - visit.recorded_at > timedelta(hours=24)
    return render(
        request,
        "visits/visit.html",
        {
            "visit": visit,
            "counting": counting_for(visit),
            "children_seen": children_seen,
            "ppe_used": [PPE(item).label for item in visit.ppe_used],
            "form": form if can_edit else None,
            "recorded_late": late,
            "edited_late": edited_late,
        },
    )


def check_detail(request: HttpRequest, pk: int) -> HttpResponse:
    check = check_for(user=request.user, pk=pk)
    if check is None:
        raise Http404("No such check")
    record_view(check, via="pre-visit check page")
    return render(request, "visits/check.html", {"check": check, "children": check.children.all()})


@child_page
@submitted_once
def case_note_new(request: HttpRequest, pk: int) -> HttpResponse:
    child = open_child(request, pk, via="case note page")
    _may_record(request, child)
    form = CaseNoteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.case_note_record(child=child, recorded_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, "The case note is saved")
            return redirect(reverse("casework:child", args=[child.pk]) + "#visits")
    return render(request, "visits/case_note_form.html", {"form": form, "child": child})


def not_seen(request: HttpRequest, pk: int) -> HttpResponse:
    """Children in a team not seen in person for 4 weeks (for team managers and heads of service)."""
    from django.core.paginator import Paginator

    from caseboard.casework.selectors import team_for

    from .selectors import not_seen_since

    team = team_for(user=request.user, pk=pk)
    if team is None:
        raise Http404("No such team")
    page = Paginator(not_seen_since(user=request.user, team=team), 50).get_page(request.GET.get("page"))
    return render(request, "visits/not_seen.html", {"team": team, "page": page, "days": 28})
