"""Pages of the front door: the queue, contacts and their decisions, referrals with screening, assessments."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.forms.utils import ErrorDict
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from caseboard.core.audit import record_view
from caseboard.core.forms import apply_validation_error
from caseboard.core.idempotency import submitted_once
from caseboard.decisions.rules import WHO_PROPOSES
from caseboard.people.models import Child
from caseboard.policy.selectors import version_in_force

from . import selectors, services
from .forms import (
    AgencyCheckForm,
    AssessmentForm,
    AssessmentStartForm,
    ContactForm,
    DecisionForm,
    PauseEndForm,
    PauseForm,
    ScreeningForm,
    yes_no,
)
from .models import AssessmentPause, ContactDecision

PAGE_SIZE = 50


def strategy_discussion_url(child: Child) -> str:
    """Where to arrange a strategy discussion for a child: the meetings app's form with the kind chosen."""
    return reverse("meetings:schedule", args=[child.pk]) + "?kind=strategy_discussion"


def _strategy_link(request: HttpRequest, child: Child) -> str:
    """The link to arrange a child's strategy discussion, or "" for someone who may not (they are told who can)."""
    return strategy_discussion_url(child) if request.user.has_perm("meetings.record_meeting", child) else ""


def _require_front_door(request: HttpRequest) -> None:
    if not selectors.works_at_front_door(request.user):
        raise PermissionDenied


def queue(request: HttpRequest) -> HttpResponse:
    """Contacts awaiting a decision, due today and overdue, soonest due first (and those decided recently)."""
    if not request.user.has_perm("frontdoor.view_queue"):
        raise PermissionDenied
    today = timezone.localdate()
    show = request.GET.get("show", "awaiting")
    if show not in selectors.QUEUE_VIEWS:
        show = "awaiting"
    page = Paginator(selectors.front_door_queue(user=request.user, show=show, today=today), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "frontdoor/queue.html",
        {
            "page": page,
            "show": show,
            "views": selectors.QUEUE_VIEWS,
            "counts": selectors.queue_counts(user=request.user, today=today),
            "today": today,
            "can_record": selectors.works_at_front_door(request.user),
        },
    )


@submitted_once
def contact_new(request: HttpRequest) -> HttpResponse:
    """Record a contact: who, how, the concerns, and the children (found on the record, or added)."""
    _require_front_door(request)
    data = request.POST if request.method == "POST" else None
    query = (data or {}).get("find", "").strip() if data else ""
    chosen = [pk for pk in (data.getlist("children") if data else []) if pk.isdigit()]
    found = list(selectors.children_to_link(user=request.user, query=query)[:20].values_list("pk", flat=True))
    children = (
        selectors.linkable_children(user=request.user)
        .filter(pk__in=[*chosen, *found])
        .order_by("last_name", "first_name", "pk")
    )
    searching = data is not None and data.get("action") == "find"
    form = ContactForm(data, children=children)
    if searching:
        form._errors = ErrorDict()  # a search is not a submission: keep what was typed, show no errors yet
        return render(request, "frontdoor/contact_form.html", {"form": form, "found": len(found), "query": query})
    if data is not None and form.is_valid():
        new_children = []
        if form.has_new_child():
            new_children.append(
                services.NewChild(
                    first_name=form.cleaned_data["new_first_name"],
                    last_name=form.cleaned_data["new_last_name"],
                    sex=form.cleaned_data["new_sex"],
                    date_of_birth=form.cleaned_data["new_date_of_birth"],
                )
            )
        try:
            contact = services.contact_record(
                recorded_by=request.user,
                received_at=form.received_at(),
                referrer_name=form.cleaned_data["referrer_name"],
                referrer_agency=form.cleaned_data["referrer_agency"],
                referrer_details=form.cleaned_data["referrer_details"],
                method=form.cleaned_data["method"],
                concerns=form.cleaned_data["concerns"],
                children=list(form.cleaned_data["children"]),
                new_children=new_children,
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(
                request, f"The contact is recorded: decide by {contact.decision_due_on:%-d %B %Y} (1 working day)"
            )
            return redirect("frontdoor:contact", pk=contact.pk)
    return render(request, "frontdoor/contact_form.html", {"form": form, "found": None, "query": query})


def contact_detail(request: HttpRequest, pk: int) -> HttpResponse:
    contact = selectors.contact_for(user=request.user, pk=pk)
    if contact is None:
        raise Http404("No such contact")
    record_view(contact, via="contact page")
    referrals = list(contact.referrals.select_related("child").order_by("child__last_name", "pk"))
    return render(
        request,
        "frontdoor/contact.html",
        {
            "contact": contact,
            "children": list(contact.children.all()),
            "referrals": referrals,
            "strategy_links": [
                (r.child, _strategy_link(request, r.child)) for r in referrals if r.needs_strategy_discussion
            ],
            "can_decide": contact.is_awaiting_decision and selectors.works_at_front_door(request.user),
            "today": timezone.localdate(),
        },
    )


def contact_decide(request: HttpRequest, pk: int) -> HttpResponse:
    """Decide the response to a contact, with the Early Help pause and its risk check when one is in force."""
    _require_front_door(request)
    contact = selectors.contact_for(user=request.user, pk=pk)
    if contact is None:
        raise Http404("No such contact")
    if not contact.is_awaiting_decision:
        messages.info(request, f"A decision was already recorded: {contact.get_decision_display()}")
        return redirect("frontdoor:contact", pk=contact.pk)
    version = version_in_force(timezone.localdate())
    paused = version is not None and not version.early_help_referrals_open
    form = DecisionForm(
        request.POST or None,
        paused=paused,
        pause_reason=version.early_help_pause_reason if paused else "",
        initial={"primary_need": ""},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            result = services.contact_decide(
                contact=contact,
                decided_by=request.user,
                decision=data["decision"],
                reasons=data["reasons"],
                primary_need=data["primary_need"],
                needs_urgent_social_work={"yes": True, "no": False}.get(data.get("needs_urgent_social_work", "")),
                risk_check_notes=data.get("risk_check_notes", ""),
                referrer_advised_to_rerefer=data.get("referrer_advised_to_rerefer", False),
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, result.message)
            if result.contact.decision == ContactDecision.REFERRAL and len(result.referrals) == 1:
                return redirect("frontdoor:screening", pk=result.referrals[0].pk)
            return redirect("frontdoor:contact", pk=contact.pk)
    return render(
        request,
        "frontdoor/decide.html",
        {
            "form": form,
            "contact": contact,
            "children": list(contact.children.all()),
            "already_open": selectors.children_already_open(contact),
            "paused": paused,
            "pause_reason": version.early_help_pause_reason if paused else "",
        },
    )


@require_POST
def contact_send(request: HttpRequest, pk: int) -> HttpResponse:
    """Send a contact about a child who is already open to their allocated worker."""
    _require_front_door(request)
    contact = selectors.contact_for(user=request.user, pk=pk)
    if contact is None:
        raise Http404("No such contact")
    worker_id = request.POST.get("worker", "")
    try:
        worker = services.contact_send_to_worker(
            contact=contact, worker_id=int(worker_id) if worker_id.isdigit() else None, sent_by=request.user
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"The contact is sent to {worker}")
    return redirect("frontdoor:decide", pk=contact.pk)


def referral_detail(request: HttpRequest, pk: int) -> HttpResponse:
    referral = selectors.referral_for(user=request.user, pk=pk)
    if referral is None:
        raise Http404("No such referral")
    record_view(referral, via="referral page")
    today = timezone.localdate()
    assessments = list(referral.assessments.prefetch_related("pauses").order_by("-started_on", "-pk"))
    from caseboard.policy.selectors import approved_council_versions

    versions = approved_council_versions()
    return render(
        request,
        "frontdoor/referral.html",
        {
            "referral": referral,
            "child": referral.child,
            "screening": referral.screening,
            "outstanding": services.screening_outstanding(referral.screening),
            "assessments": [
                (a, selectors.assessment_clock(a, today, list(a.pauses.all()), versions)) for a in assessments
            ],
            "can_work": selectors.may_work_on_child(request.user, referral.child),
            "strategy_url": _strategy_link(request, referral.child) if referral.needs_strategy_discussion else None,
            "strategy_needed": referral.needs_strategy_discussion,
            "may_open_child": request.user.has_perm("people.view_child", referral.child),
            "has_open_assessment": any(a.completed_on is None for a in assessments),
        },
    )


def screening(request: HttpRequest, pk: int) -> HttpResponse:
    """The screening checklist of a referral (seed 002)."""
    referral = selectors.referral_for(user=request.user, pk=pk)
    if referral is None:
        raise Http404("No such referral")
    if not selectors.may_work_on_child(request.user, referral.child):
        raise PermissionDenied
    current = referral.screening
    asks_child = services.speaks_to_child(current)
    initial = {name: getattr(current, name) for name in services.SCREENING_FIELDS}
    for name in ScreeningForm.YES_NO_FIELDS:
        initial[name] = yes_no(initial[name])
    initial["version"] = current.version
    form = ScreeningForm(
        request.POST or None,
        initial=initial,
        managers=selectors.managers_for_screening(user=request.user),
        asks_child=asks_child,
        age_note=f"The child was under {services.speak_to_child_from_age(current.referral.received_on)} on the "
        "referral date: screening does not ask whether they were spoken to.",
    )
    if request.method == "POST" and form.is_valid():
        try:
            current = services.screening_update(
                screening=current,
                updated_by=request.user,
                expected_version=form.cleaned_data["version"],
                **form.values(),
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            if current.is_complete:
                messages.success(request, "The screening is complete")
            else:
                messages.success(request, "The screening is saved")
            return redirect("frontdoor:screening", pk=referral.pk)
    else:
        record_view(current, via="screening page")
    return render(
        request,
        "frontdoor/screening.html",
        {
            "form": form,
            "referral": referral,
            "child": referral.child,
            "screening": current,
            "outstanding": services.screening_outstanding(current),
            "may_confirm": current.awaits_manager and current.manager_id == request.user.pk,
            "agency_checks": list(current.agency_checks.select_related("agency")),
        },
    )


def agency_check(request: HttpRequest, pk: int, check_pk: int | None = None) -> HttpResponse:
    """Add an agency asked at screening, or record its answer."""
    referral = selectors.referral_for(user=request.user, pk=pk)
    if referral is None:
        raise Http404("No such referral")
    if not selectors.may_work_on_child(request.user, referral.child):
        raise PermissionDenied
    screening = referral.screening
    check = None
    if check_pk is not None:
        check = screening.agency_checks.select_related("agency").filter(pk=check_pk).first()
        if check is None:
            raise Http404("No such agency check")
    initial = (
        {"agency": check.agency, "asked_on": check.asked_on, "answered_on": check.answered_on, "shared": check.shared}
        if check
        else {"asked_on": timezone.localdate()}
    )
    form = AgencyCheckForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.agency_check_record(
                screening=screening, recorded_by=request.user, check=check, **form.cleaned_data
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, "The agency check is saved")
            return redirect("frontdoor:screening", pk=referral.pk)
    elif check is not None:
        record_view(check, via="agency check page")
    return render(
        request,
        "frontdoor/agency_check.html",
        {"form": form, "referral": referral, "child": referral.child, "check": check},
    )


@require_POST
def screening_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    """The manager named confirms the screening decision recorded in their name."""
    referral = selectors.referral_for(user=request.user, pk=pk)
    if referral is None:
        raise Http404("No such referral")
    version = request.POST.get("version", "")
    try:
        services.screening_decision_confirm(
            screening=referral.screening,
            confirmed_by=request.user,
            expected_version=int(version) if version.isdigit() else None,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "You confirmed the screening decision")
    return redirect("frontdoor:screening", pk=referral.pk)


def assessment_new(request: HttpRequest, pk: int) -> HttpResponse:
    referral = selectors.referral_for(user=request.user, pk=pk)
    if referral is None:
        raise Http404("No such referral")
    if not selectors.may_work_on_child(request.user, referral.child):
        raise PermissionDenied
    form = AssessmentStartForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            assessment = services.assessment_start(
                referral=referral, started_by=request.user, started_on=form.cleaned_data["started_on"]
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, "The assessment is started")
            return redirect("frontdoor:assessment", pk=assessment.pk)
    return render(
        request, "frontdoor/assessment_new.html", {"form": form, "referral": referral, "child": referral.child}
    )


def assessment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """An assessment with its clock and pauses; record its dates, factors and outcome."""
    assessment = selectors.assessment_for(user=request.user, pk=pk)
    if assessment is None:
        raise Http404("No such assessment")
    can_work = selectors.may_work_on_child(request.user, assessment.child)
    if request.method == "POST" and not can_work:
        raise PermissionDenied
    form = AssessmentForm(
        request.POST or None,
        initial={
            "authorised_on": assessment.authorised_on,
            "completed_on": assessment.completed_on,
            "factors": assessment.factors,
            "outcome": assessment.outcome,
            "reason_late": assessment.reason_late,
            "delayed_by_pandemic": assessment.delayed_by_pandemic,
            "version": assessment.version,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.assessment_update(
                assessment=assessment,
                updated_by=request.user,
                expected_version=data["version"],
                authorised_on=data["authorised_on"],
                completed_on=data["completed_on"],
                factors=data["factors"],
                outcome=data["outcome"],
                reason_late=data["reason_late"],
                delayed_by_pandemic=data["delayed_by_pandemic"],
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, "The assessment is saved and the child's due dates are updated")
            return redirect("frontdoor:assessment", pk=assessment.pk)
    elif request.method != "POST":
        record_view(assessment, via="assessment page")
    pauses = list(assessment.pauses.all())
    return render(
        request,
        "frontdoor/assessment.html",
        {
            "assessment": assessment,
            "child": assessment.child,
            "clock": selectors.assessment_clock(assessment, timezone.localdate(), pauses),
            "pauses": pauses,
            "form": form if can_work else None,
            "can_work": can_work,
            "factor_labels": assessment.factors,
        },
    )


def assessment_pause(request: HttpRequest, pk: int) -> HttpResponse:
    """Pause an assessment by an approved key decision."""
    assessment = selectors.assessment_for(user=request.user, pk=pk)
    if assessment is None:
        raise Http404("No such assessment")
    if not selectors.may_work_on_child(request.user, assessment.child):
        raise PermissionDenied
    decisions = selectors.pause_decisions_for(child=assessment.child)
    form = PauseForm(request.POST or None, decisions=decisions)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.assessment_pause(
                assessment=assessment,
                recorded_by=request.user,
                decision=data["decision"],
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, "The assessment is paused: its due date moves on by the working days paused")
            return redirect("frontdoor:assessment", pk=assessment.pk)
    return render(
        request,
        "frontdoor/pause_form.html",
        {
            "form": form,
            "assessment": assessment,
            "child": assessment.child,
            "has_decisions": decisions.exists(),
            "may_propose": request.user.has_perm("decisions.propose_decision", assessment.child),
            "who_proposes": WHO_PROPOSES,
        },
    )


def pause_end(request: HttpRequest, pk: int) -> HttpResponse:
    pause = AssessmentPause.objects.filter(pk=pk).select_related("assessment").first()
    assessment = selectors.assessment_for(user=request.user, pk=pause.assessment_id) if pause else None
    if assessment is None:
        raise Http404("No such pause")
    if not selectors.may_work_on_child(request.user, assessment.child):
        raise PermissionDenied
    form = PauseEndForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.assessment_pause_end(pause=pause, ended_by=request.user, ends_on=form.cleaned_data["ends_on"])
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, "The pause is ended")
            return redirect("frontdoor:assessment", pk=assessment.pk)
    return render(
        request,
        "frontdoor/pause_end.html",
        {"form": form, "pause": pause, "assessment": assessment, "child": assessment.child},
    )
