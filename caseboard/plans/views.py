"""Plans on the child's record, their actions, services and reviews; delays recorded with their cause; and the
delays report (by cause, team and month, and the pandemic-attributed delays by child), with its CSV."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from caseboard.core.audit import record_download, record_view
from caseboard.core.exports import csv_response
from caseboard.core.forms import PeriodForm, apply_validation_error
from caseboard.people.access import child_page, open_child

from . import services
from .forms import (
    ActionForm,
    ActionUpdateForm,
    DelayForm,
    EndForm,
    ObjectiveForm,
    PlanForm,
    ReviewForm,
    ServiceForm,
)
from .models import ActionStatus
from .operating import delay_reasons
from .selectors import action_for, delay_report, latest_delays, plan_for, plan_meetings, work_for_child


def _plan(request: HttpRequest, pk: int, *, via: str):
    plan = plan_for(user=request.user, pk=pk)
    if plan is None:
        raise Http404("No such plan")
    record_view(plan, via=via)
    return plan


def _require_change(request: HttpRequest, plan) -> None:
    if not request.user.has_perm("plans.change_plan", plan):
        raise PermissionDenied


def _saved(form, run) -> bool:
    try:
        run()
    except ValidationError as error:
        apply_validation_error(form, error)
        return False
    return True


@child_page
def plan_new(request: HttpRequest, pk: int) -> HttpResponse:
    """Start a plan for a child."""
    child = open_child(request, pk, via="start a plan page")
    if not request.user.has_perm("plans.record_plan", child):
        raise PermissionDenied
    form = PlanForm(request.POST or None, initial={"kind": request.GET.get("kind", "")})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        created = []
        if _saved(
            form,
            lambda: created.append(
                services.plan_start(
                    child=child,
                    kind=data["kind"],
                    started_on=data["started_on"],
                    summary=data["summary"],
                    recorded_by=request.user,
                )
            ),
        ):
            messages.success(request, f"The {created[0].get_kind_display().lower()} is started")
            return redirect("plans:plan", pk=created[0].pk)
    return render(request, "plans/plan_new.html", {"form": form, "child": child})


def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A plan: its objectives, actions (with any delay and its cause), services, reviews and progress."""
    plan = _plan(request, pk, via="plan page")
    may_change = request.user.has_perm("plans.change_plan", plan) and plan.is_open
    objective_form = ObjectiveForm(request.POST if "add_objective" in request.POST else None)
    service_form = ServiceForm(request.POST if "add_service" in request.POST else None)
    end_form = EndForm(request.POST if "end_plan" in request.POST else None)
    if request.method == "POST":
        if not may_change:
            raise PermissionDenied
        anchor, done = "", False
        if "add_objective" in request.POST and objective_form.is_valid():
            anchor = "objectives"
            done = _saved(
                objective_form,
                lambda: services.objective_add(
                    plan=plan, text=objective_form.cleaned_data["text"], recorded_by=request.user
                ),
            )
        elif "add_service" in request.POST and service_form.is_valid():
            anchor = "services"
            done = _saved(
                service_form,
                lambda: services.service_add(plan=plan, recorded_by=request.user, **service_form.cleaned_data),
            )
        elif "end_plan" in request.POST and end_form.is_valid():
            done = _saved(
                end_form,
                lambda: services.plan_end(
                    plan=plan, ended_on=end_form.cleaned_data["ended_on"], recorded_by=request.user
                ),
            )
        if done:
            messages.success(request, "The plan is updated")
            return redirect(reverse("plans:plan", args=[plan.pk]) + (f"#{anchor}" if anchor else ""))
    actions = list(plan.actions.select_related("objective"))
    delays = latest_delays(actions)
    forms = [f for f in (objective_form, service_form, end_form) if f.is_bound]
    return render(
        request,
        "plans/plan.html",
        {
            "plan": plan,
            "child": plan.child,
            "objectives": list(plan.objectives.all()),
            "actions": [(action, delays.get(action.pk)) for action in actions],
            "services": list(plan.services.all()),
            "reviews": list(plan.reviews.select_related("meeting", "recorded_by")),
            "may_change": may_change,
            "objective_form": objective_form,
            "service_form": service_form,
            "end_form": end_form,
            "form": forms[0] if forms else None,
        },
    )


def action_new(request: HttpRequest, pk: int) -> HttpResponse:
    """Add an action to a plan: who does what by when."""
    plan = _plan(request, pk, via="add a plan action page")
    _require_change(request, plan)
    objectives = list(plan.objectives.all())
    form = ActionForm(request.POST or None, objectives=objectives)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if _saved(
            form,
            lambda: services.action_add(
                plan=plan,
                text=data["text"],
                owner_name=data["owner_name"],
                due_on=data["due_on"],
                objective=form.objectives.get(data["objective"]),
                recorded_by=request.user,
            ),
        ):
            messages.success(request, "The action is added")
            return redirect(reverse("plans:plan", args=[plan.pk]) + "#actions")
    return render(request, "plans/action_new.html", {"form": form, "plan": plan})


def action_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Move an action on: in progress, done, or delayed with the cause of the delay."""
    action = action_for(user=request.user, pk=pk)
    if action is None:
        raise Http404("No such action")
    plan = action.plan
    record_view(action, via="plan action page")
    _require_change(request, plan)
    form = ActionUpdateForm(
        request.POST or None,
        reasons=delay_reasons(timezone.localdate()),
        initial={"status": action.status, "done_on": action.done_on, "version": action.version},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if _saved(
            form,
            lambda: services.action_update(
                action=action,
                status=data["status"],
                version=data["version"],
                done_on=data["done_on"],
                delay_reason=data["delay_reason"],
                delay_details=data["delay_details"],
                now_due_on=data["now_due_on"],
                recorded_by=request.user,
            ),
        ):
            messages.success(request, f"The action is {ActionStatus(data['status']).label.lower()}")
            return redirect(reverse("plans:plan", args=[plan.pk]) + "#actions")
    return render(request, "plans/action_edit.html", {"form": form, "plan": plan, "action": action})


def review_new(request: HttpRequest, pk: int) -> HttpResponse:
    """Record a review of the plan, at one of the child's meetings or on its own, and how far it has come."""
    plan = _plan(request, pk, via="review a plan page")
    _require_change(request, plan)
    form = ReviewForm(request.POST or None, meetings=list(plan_meetings(plan)[:50]))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if _saved(
            form,
            lambda: services.review_add(
                plan=plan,
                reviewed_on=data["reviewed_on"],
                progress=data["progress"],
                notes=data["notes"],
                meeting=form.meetings.get(data["meeting"]),
                recorded_by=request.user,
            ),
        ):
            messages.success(request, "The review is recorded")
            return redirect(reverse("plans:plan", args=[plan.pk]) + "#reviews")
    return render(request, "plans/review_new.html", {"form": form, "plan": plan})


@child_page
def delay_new(request: HttpRequest, pk: int) -> HttpResponse:
    """Record that a piece of the child's dated work is delayed, and why."""
    child = open_child(request, pk, via="record a delay page")
    if not request.user.has_perm("plans.record_plan", child):
        raise PermissionDenied
    work = work_for_child(child)
    form = DelayForm(request.POST or None, work=work, reasons=delay_reasons(timezone.localdate()))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        _key, label, record = next(item for item in work if item[0] == data["work"])
        if _saved(
            form,
            lambda: services.delay_record(
                child=child,
                work=record,
                work_label=label,
                reason=data["delay_reason"],
                details=data["delay_details"],
                was_due_on=getattr(record, "due_on", None),
                now_due_on=data["now_due_on"],
                recorded_by=request.user,
            ),
        ):
            messages.success(request, "The delay is recorded")
            return redirect(reverse("casework:child", args=[child.pk]) + "#plans")
    return render(request, "plans/delay_new.html", {"form": form, "child": child})


CSV_HEADERS = ("Child", "Local ID", "Team", "Month", "Cause", "Piece of work", "What happened", "Recorded on")


def delays_report(request: HttpRequest) -> HttpResponse:
    """Delays by cause, team and month, and every delay put down to the pandemic by child ("explicit to all")."""
    if not request.user.has_perm("plans.view_delay_report"):
        raise PermissionDenied
    period = PeriodForm(request.GET, today=timezone.localdate())
    first, last = period.period
    report = delay_report(user=request.user, first=first, last=last)
    if request.GET.get("format") == "csv":
        record_download(report.named, via="delays report CSV")
        return csv_response(
            f"delays-{first.isoformat()}-to-{last.isoformat()}.csv",
            CSV_HEADERS,
            [
                [r.child_name, r.local_id, r.team, f"{r.month:%Y-%m}", r.reason_label, r.work, r.details, r.recorded_on]
                for r in report.rows
            ],
        )
    record_download(report.named, via="delays report")
    query = f"from={first.isoformat()}&to={last.isoformat()}"
    return render(
        request,
        "plans/delays_report.html",
        {
            "report": report,
            "form": period,
            "first": first,
            "last": last,
            "csv_query": query,
        },
    )
