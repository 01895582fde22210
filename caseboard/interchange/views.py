"""DfE returns pages: ask for a return, follow it being built and checked, see every failure linked to the child
and the field to fix, and download it (every download noted). Imports from another system for administrators."""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from caseboard.core.audit import record_download
from caseboard.reporting import charts

from .fixes import field_home
from .forms import ImportForm, ReturnRequestForm
from .health import health_section, health_years, name_children, return_health
from .imports import import_request
from .models import GeneratedReturn, ImportRun, ReturnKind
from .selectors import (
    generated_return_for,
    generated_returns_for,
    import_runs_for,
    may_generate_returns,
    may_import,
    visible_children_by_local_id,
)
from .services import download_content, health_refresh, return_download_record, return_request
from .tasks import generate_return, run_import
from .validation import validator_python, validators_available

PAGE_SIZE = 50


def _check(request: HttpRequest) -> None:
    if not may_generate_returns(request.user):
        raise PermissionDenied


def index(request: HttpRequest) -> HttpResponse:
    """Build a return: which, for which year; and the returns built so far, newest first."""
    _check(request)
    form = ReturnRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        kind, fmt = form.kind_and_format()
        try:
            generated = return_request(
                kind=kind,
                year_name=form.cleaned_data["collection_year"],
                fmt=fmt,
                as_at=form.cleaned_data.get("as_at"),
                requested_by=request.user,
            )
        except ValidationError as error:
            for field, problems in error.message_dict.items():
                form.add_error(field if field in form.fields else None, problems)
        else:
            generate_return.enqueue(generated.pk)
            return redirect("interchange:return", pk=generated.pk)
    page = Paginator(generated_returns_for(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "interchange/index.html",
        {
            "form": form,
            "page": page,
            "may_import": may_import(request.user),
            "validator_note": "csc-validator-be-cin or csc-validator-be-903",
        },
    )


def _issue_rows(request: HttpRequest, generated: GeneratedReturn) -> tuple[Any, list[dict]]:
    validation = generated.validation or {}
    issues = validation.get("issues", [])
    wanted = request.GET.get("rule", "")
    kind = request.GET.get("type", "")
    if wanted:
        issues = [issue for issue in issues if str(issue["rule"]) == wanted]
    if kind in {"error", "query"}:
        issues = [issue for issue in issues if issue["type"] == kind]
    issues = sorted(issues, key=lambda i: (i["type"] != "error", str(i.get("child") or ""), str(i["rule"])))
    page = Paginator(issues, PAGE_SIZE).get_page(request.GET.get("page"))
    children = visible_children_by_local_id(
        user=request.user, local_ids=sorted({str(i["child"]) for i in page.object_list if i.get("child")})
    )
    rows = []
    for issue in page.object_list:
        label, home = field_home(issue.get("table"), issue.get("field"))
        child = children.get(str(issue.get("child") or ""))
        rows.append(
            {
                **issue,
                "field_label": label,
                "home": home,
                "child_url": reverse("casework:child", args=[child.pk]) if child else "",
                "child_name": child.full_name if child else "",
            }
        )
    return page, rows


def return_page(request: HttpRequest, pk: int) -> HttpResponse:
    """One generated return: its progress while it is built and checked, then every failure by rule and by child."""
    _check(request)
    generated = generated_return_for(user=request.user, pk=pk)
    if generated is None:
        raise Http404("No such return")
    page, rows = _issue_rows(request, generated)
    validation = generated.validation or {}
    children_failing = len({i.get("child") for i in validation.get("issues", []) if i["type"] == "error"})
    by_table = Counter(str(i.get("table")) for i in validation.get("issues", []))
    return render(
        request,
        "interchange/return.html",
        {
            "generated": generated,
            "is_working": generated.status
            in {GeneratedReturn.Status.QUEUED, GeneratedReturn.Status.BUILDING, GeneratedReturn.Status.VALIDATING},
            "validation": validation,
            "by_rule": validation.get("by_rule", []),
            "by_table": sorted(by_table.items()),
            "children_failing": children_failing,
            "page": page,
            "rows": rows,
            "rule": request.GET.get("rule", ""),
            "type": request.GET.get("type", ""),
            "files": sorted(generated.files),
            "downloads": list(generated.downloads.select_related("downloaded_by")[:20]),
            "checks": generated.kind != ReturnKind.ANNEX_A,
        },
    )


@require_POST
def download(request: HttpRequest, pk: int) -> HttpResponse:
    """Download a generated return as it was built; the download is noted with who and when."""
    _check(request)
    generated = generated_return_for(user=request.user, pk=pk)
    if generated is None:
        raise Http404("No such return")
    try:
        return_download_record(generated=generated, user=request.user)
    except ValidationError:
        messages.error(request, "This return is not ready to download yet")
        return redirect("interchange:return", pk=pk)
    name, content, content_type = download_content(generated)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def imports(request: HttpRequest) -> HttpResponse:
    """Bring children in from another system's CIN census or SSDA903 files: a dry run, then all or nothing."""
    if not may_import(request.user):
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        uploaded = form.cleaned_data["files"]
        try:
            run = import_request(
                kind=form.cleaned_data["kind"],
                year_name=form.cleaned_data["collection_year"],
                files={f.name: f.read() for f in uploaded},
                user=request.user,
                dry_run=form.cleaned_data["is_dry_run"],
            )
        except ValidationError as error:
            for field, problems in error.message_dict.items():
                form.add_error(field if field in form.fields else None, problems)
        else:
            run_import.enqueue(run.pk)
            return redirect("interchange:import", pk=run.pk)
    page = Paginator(import_runs_for(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "interchange/imports.html", {"form": form, "page": page})


def import_page(request: HttpRequest, pk: int) -> HttpResponse:
    """One import: its progress, then every problem by file, line and field, and what had no home in Caseboard."""
    if not may_import(request.user):
        raise PermissionDenied
    run = import_runs_for(request.user).filter(pk=pk).first()
    if run is None:
        raise Http404("No such import")
    problems = Paginator(run.problems, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "interchange/import.html",
        {
            "run": run,
            "problems": problems,
            "is_working": run.status in {ImportRun.Status.QUEUED, ImportRun.Status.RUNNING},
        },
    )


def health(request: HttpRequest, kind: str = ReturnKind.CIN_CENSUS, year: str = "") -> HttpResponse:
    """Return health: the CIN census and the SSDA903 return, this collection year so far and the last complete one,
    from the stored nightly (and on-demand) builds: errors and queries by rule and by team, the trend by week and the
    children to fix (a list of named children: audited as a view of each record shown)."""
    _check(request)
    sections = return_health()
    chosen = health_section(sections, kind=kind, year=year or health_years()[0])
    if chosen is None:
        raise Http404("The return health page covers the CIN census and the SSDA903 return, this year and last")
    page = Paginator(chosen.children, PAGE_SIZE).get_page(request.GET.get("page"))
    named = name_children(list(page.object_list), user=request.user)
    if named:
        record_download(named, via=f"return health: children to fix ({chosen.kind} {chosen.year})")
    chart = None
    if len(chosen.trend) > 1:
        chart = charts.line_chart_svg(
            f"Errors and queries by week, {chosen.kind_label} {chosen.year}",
            [("Errors", [p.errors for p in chosen.trend]), ("Queries", [p.queries for p in chosen.trend])],
            [f"{p.week_starting:%-d %b %y}" for p in chosen.trend],
            y_label="Number in the return",
        )
    return render(
        request,
        "interchange/health.html",
        {
            "sections": sections,
            "chosen": chosen,
            "page": page,
            "chart": chart,
            "trend_newest_first": list(reversed(chosen.trend)),
            "validators_available": validators_available(),
            "validator_python": validator_python(),
            "refreshing": any(section.refreshing for section in sections),
        },
    )


@require_POST
def health_refresh_now(request: HttpRequest) -> HttpResponse:
    """Build and check both returns for both years again now, in the background (each request is audited)."""
    _check(request)
    asked = health_refresh(requested_by=request.user)
    if asked:
        messages.success(
            request, f"{len(asked)} return{'s' if len(asked) != 1 else ''} asked for: the figures are being refreshed"
        )
    else:
        messages.info(request, "The figures are already being refreshed")
    return redirect("interchange:health")
