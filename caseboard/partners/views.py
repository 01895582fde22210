"""The partners directory, a child's professionals, and the information sharing log on the child's record and as a
report (with CSV)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from caseboard.core.audit import record_download
from caseboard.core.exports import csv_response
from caseboard.core.forms import PeriodForm, apply_validation_error
from caseboard.people.access import child_page, open_child

from . import services
from .forms import AgencyForm, ContactForm, EscalateForm, ProblemForm, ProfessionalForm, ResolveForm, ShareForm
from .models import AgencyContact, AgencyKind, Problem, ProblemStatus
from .selectors import agencies_matching, agency_for, problems_list, sharing_log

PAGE_SIZE = 50


def _saved(form, run) -> bool:
    try:
        run()
    except ValidationError as error:
        apply_validation_error(form, error)
        return False
    return True


def agencies(request: HttpRequest) -> HttpResponse:
    """The directory of partner agencies, by name and kind."""
    query, kind = request.GET.get("q", ""), request.GET.get("kind", "")
    page = Paginator(agencies_matching(query=query, kind=kind), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "partners/agencies.html",
        {
            "page": page,
            "q": query,
            "kind": kind,
            "kinds": AgencyKind.choices,
            "may_change": request.user.has_perm("partners.change_directory"),
        },
    )


def agency_new(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("partners.change_directory"):
        raise PermissionDenied
    form = AgencyForm(request.POST or None)
    created = []
    if (
        request.method == "POST"
        and form.is_valid()
        and _saved(form, lambda: created.append(services.agency_add(recorded_by=request.user, **form.cleaned_data)))
    ):
        messages.success(request, f"{created[0].name} is added to the directory")
        return redirect("partners:agency", pk=created[0].pk)
    return render(request, "partners/form_page.html", {"form": form, "heading": "Add an agency"})


def agency_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """An agency and its people; anyone who edits records adds a person."""
    agency = agency_for(pk)
    if agency is None:
        raise Http404("No such agency")
    may_change = request.user.has_perm("partners.change_directory")
    form = ContactForm(request.POST or None) if may_change else None
    if request.method == "POST":
        if not may_change:
            raise PermissionDenied
        if form.is_valid() and _saved(
            form, lambda: services.contact_add(agency=agency, recorded_by=request.user, **form.cleaned_data)
        ):
            messages.success(request, "The person is added")
            return redirect(reverse("partners:agency", args=[agency.pk]) + "#people")
    return render(
        request,
        "partners/agency.html",
        {"agency": agency, "contacts": list(agency.contacts.filter(is_active=True)), "form": form},
    )


def _require_record(request: HttpRequest, child) -> None:
    if not request.user.has_perm("partners.record_for_child", child):
        raise PermissionDenied


def _directory():
    return list(agencies_matching().filter(is_active=True)[:500])


@child_page
def professional_new(request: HttpRequest, pk: int) -> HttpResponse:
    """Name a professional in the child's life: their school, GP, health visitor, IRO, solicitor."""
    child = open_child(request, pk, via="add a professional page")
    _require_record(request, child)
    contacts = list(AgencyContact.objects.filter(is_active=True, agency__is_active=True).select_related("agency")[:500])
    form = ProfessionalForm(request.POST or None, agencies=_directory(), contacts=contacts)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if _saved(
            form,
            lambda: services.professional_add(
                child=child,
                role=data["role"],
                started_on=data["started_on"],
                agency=form.agencies.get(data["agency"]),
                contact=form.contacts.get(data["contact"]),
                person_name=data["person_name"],
                recorded_by=request.user,
            ),
        ):
            messages.success(request, "The professional is added")
            return redirect(reverse("casework:child", args=[child.pk]) + "#professionals")
    return render(request, "partners/form_page.html", {"form": form, "child": child, "heading": "Add a professional"})


@child_page
def share_new(request: HttpRequest, pk: int) -> HttpResponse:
    """Log information shared about the child: what, with whom, when, on what lawful basis, and consent."""
    child = open_child(request, pk, via="record information shared page")
    _require_record(request, child)
    form = ShareForm(request.POST or None, agencies=_directory())
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["agency"] = form.agencies.get(data["agency"])
        if _saved(form, lambda: services.share_record(child=child, recorded_by=request.user, **data)):
            messages.success(request, "The information shared is recorded")
            return redirect(reverse("casework:child", args=[child.pk]) + "#information-sharing")
    return render(
        request,
        "partners/form_page.html",
        {"form": form, "child": child, "heading": "Record information shared"},
    )


CSV_HEADERS = ("Date", "Child", "Local ID", "Shared or received", "With whom", "What", "Lawful basis", "Consent", "Why")


def sharing_report(request: HttpRequest) -> HttpResponse:
    """Information shared in a period about the children the user may see; ``?show=without_consent`` narrows it."""
    period = PeriodForm(request.GET, today=timezone.localdate())
    first, last = period.period
    without = request.GET.get("show") == "without_consent"
    shares = sharing_log(user=request.user, first=first, last=last, without_consent_only=without)
    if request.GET.get("format") == "csv":
        rows = list(shares)
        record_download({s.child for s in rows}, via="information sharing log CSV")
        return csv_response(
            f"information-sharing-{first.isoformat()}-to-{last.isoformat()}.csv",
            CSV_HEADERS,
            [
                [
                    s.shared_on,
                    f"{s.child.first_name} {s.child.last_name}",
                    s.child.local_id,
                    s.get_direction_display(),
                    s.with_whom,
                    s.what,
                    s.get_lawful_basis_display(),
                    "Yes" if s.with_consent else "No",
                    s.without_consent_reason,
                ]
                for s in rows
            ],
        )
    page = Paginator(shares, PAGE_SIZE).get_page(request.GET.get("page"))
    record_download({s.child for s in page}, via="information sharing log")
    return render(
        request,
        "partners/sharing_report.html",
        {
            "page": page,
            "form": period,
            "first": first,
            "last": last,
            "without": without,
        },
    )


def problems(request: HttpRequest) -> HttpResponse:
    """The problem log: problems raised with partners, unresolved first by target date (``?status=`` narrows)."""
    status = request.GET.get("status", "")
    page = Paginator(problems_list(status=status), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "partners/problems.html",
        {
            "page": page,
            "status": status,
            "statuses": ProblemStatus.choices,
            "today": timezone.localdate(),
            "may_change": request.user.has_perm("partners.change_directory"),
        },
    )


def problem_new(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("partners.change_directory"):
        raise PermissionDenied
    form = ProblemForm(request.POST or None, agencies=_directory())
    created = []
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["agency"] = form.agencies.get(data["agency"])
        if _saved(form, lambda: created.append(services.problem_raise(recorded_by=request.user, **data))):
            messages.success(request, "The problem is logged")
            return redirect("partners:problem", pk=created[0].pk)
    return render(request, "partners/form_page.html", {"form": form, "heading": "Log a problem"})


def problem_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A problem, its escalations, and (for those who may) forms to escalate or resolve it."""
    problem = Problem.objects.select_related("agency").filter(pk=pk).first()
    if problem is None:
        raise Http404("No such problem")
    may_change = request.user.has_perm("partners.change_directory") and problem.status != ProblemStatus.RESOLVED
    escalate = EscalateForm(request.POST if "escalate" in request.POST else None)
    resolve = ResolveForm(request.POST if "resolve" in request.POST else None)
    if request.method == "POST":
        if not may_change:
            raise PermissionDenied
        done = False
        if escalate.is_bound and escalate.is_valid():
            done = _saved(
                escalate,
                lambda: services.problem_escalate(problem=problem, recorded_by=request.user, **escalate.cleaned_data),
            )
        elif resolve.is_bound and resolve.is_valid():
            done = _saved(
                resolve,
                lambda: services.problem_resolve(problem=problem, recorded_by=request.user, **resolve.cleaned_data),
            )
        if done:
            messages.success(request, "The problem is updated")
            return redirect("partners:problem", pk=problem.pk)
    bound = [f for f in (escalate, resolve) if f.is_bound]
    return render(
        request,
        "partners/problem.html",
        {
            "problem": problem,
            "escalations": list(problem.escalations.all()),
            "may_change": may_change,
            "escalate_form": escalate,
            "resolve_form": resolve,
            "form": bound[0] if bound else None,
        },
    )
