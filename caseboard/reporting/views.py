"""Report pages: the weekly visits return, the vulnerable children survey, the lists behind their numbers, stored
returns and the PDF service briefing. Figures on a page are counted over the children the user may see; stored
returns and the command are over the whole council."""

from __future__ import annotations

import json
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from caseboard.people.selectors import children_visible_to

from . import exports, survey, weekly
from .forms import ReportDateForm
from .models import DownloadFormat, ReturnKind
from .selectors import (
    downloads_for,
    may_generate_returns,
    may_see_stored_returns,
    scope_description,
    stored_return_for,
    stored_returns_for,
)
from .services import figure_cells, rerun_differences, return_download_record
from .tasks import generate_return

PAGE_SIZE = 50


def _check(request: HttpRequest) -> None:
    if not request.user.has_perm("reporting.view_reports"):
        raise PermissionDenied


def _week(request: HttpRequest) -> tuple[ReportDateForm, date]:
    """The week asked for (?week=), moved to its Monday with a message; last full week by default."""
    form = ReportDateForm(
        request.GET, name="week", noun="the week", default=weekly.last_complete_week(timezone.localdate())
    )
    day = form.day
    monday = weekly.monday_of(day)
    if monday != day:
        messages.info(request, f"{day:%A %-d %B %Y} is not a Monday: showing the week from Monday {monday:%-d %B %Y}")
    return form, monday


def _snapshot(request: HttpRequest) -> tuple[ReportDateForm, date]:
    form = ReportDateForm(request.GET, name="date", noun="the snapshot date", default=timezone.localdate())
    return form, form.day


def _optional_link(name: str) -> str | None:
    try:
        return reverse(name)
    except NoReverseMatch:
        return None


def index(request: HttpRequest) -> HttpResponse:
    """The reports a user may open."""
    _check(request)
    extra = [
        (label, url)
        for label, url in (
            ("Timeliness", _optional_link("reporting:timeliness")),
            ("Demand: contacts and referrals", _optional_link("reporting:demand")),
            (
                "DfE returns: CIN census, SSDA903 and Annex A, checked by the DfE validators",
                _optional_link("interchange:index") if request.user.has_perm("interchange.generate_returns") else None,
            ),
        )
        if url
    ]
    return render(
        request,
        "reporting/index.html",
        {
            "extra": extra,
            "may_see_stored": may_see_stored_returns(request.user),
            "last_week": weekly.last_complete_week(timezone.localdate()),
        },
    )


# --- the weekly visits return ----------------------------------------------------------------------------------
def _weekly_sheet(result: weekly.WeeklyVisitsReturn) -> exports.Sheet:
    formats = dict.fromkeys(weekly.PERCENT_COLUMNS, exports.PERCENT_FORMAT)
    return (f"Visits w-c {result.week_start:%d-%m-%Y}", weekly.CSV_HEADERS, result.table_rows(), formats)


def weekly_visits(request: HttpRequest) -> HttpResponse:
    """The weekly visits return for the user's children, with CSV and Excel downloads."""
    _check(request)
    form, monday = _week(request)
    result = weekly.weekly_visits_return(children=children_visible_to(request.user), week_start=monday)
    filename = f"weekly-visits-{monday.isoformat()}"
    fmt = request.GET.get("format")
    if fmt == "csv":
        return exports.csv_response(f"{filename}.csv", weekly.CSV_HEADERS, result.table_rows())
    if fmt == "xlsx":
        return exports.xlsx_response(f"{filename}.xlsx", [_weekly_sheet(result)])
    return render(
        request,
        "reporting/weekly_visits.html",
        {
            "form": form,
            "result": result,
            "scope": scope_description(request.user),
            "physical_modes": weekly.PHYSICAL_MODES,
            "virtual_modes": weekly.VIRTUAL_MODES,
            "hierarchy": weekly.HIERARCHY,
            "previous_week": monday - timedelta(days=7),
            "next_week": monday + timedelta(days=7),
            "has_next": monday + timedelta(days=7) <= timezone.localdate(),
        },
    )


def weekly_visits_list(request: HttpRequest) -> HttpResponse:
    """The visits behind one number of the weekly return, among the children the user may see."""
    _check(request)
    _, monday = _week(request)
    group = request.GET.get("group", "All")
    mode = request.GET.get("mode", "all")
    if group not in weekly.ROWS or mode not in weekly.MODES:
        raise Http404("No such row or column")
    visits = weekly.visits_behind(children=children_visible_to(request.user), week_start=monday, group=group, mode=mode)
    page = Paginator(visits, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "reporting/weekly_visits_list.html",
        {
            "page": page,
            "week_start": monday,
            "week_end": monday + timedelta(days=6),
            "group": group,
            "group_label": weekly.ROW_LABELS[group],
            "mode": mode,
            "scope": scope_description(request.user),
        },
    )


# --- the survey ------------------------------------------------------------------------------------------------
def _survey_sheets(result: survey.Survey) -> list[exports.Sheet]:
    formats = dict.fromkeys(survey.COHORT_PERCENT_COLUMNS, exports.PERCENT_FORMAT)
    return [
        ("Cohorts", survey.COHORT_HEADERS, result.cohort_table(), formats),
        ("Referrals and starts", survey.TREND_HEADERS, result.trend_table(), {}),
    ]


def survey_page(request: HttpRequest) -> HttpResponse:
    """The vulnerable children survey on a snapshot date, for the user's children."""
    _check(request)
    form, on = _snapshot(request)
    result = survey.survey_snapshot(children=children_visible_to(request.user), on=on)
    filename = f"survey-{on.isoformat()}"
    fmt = request.GET.get("format")
    if fmt == "csv":
        return exports.csv_response(f"{filename}.csv", survey.COHORT_HEADERS, result.cohort_table())
    if fmt == "xlsx":
        return exports.xlsx_response(f"{filename}.xlsx", _survey_sheets(result))
    return render(
        request,
        "reporting/survey.html",
        {
            "form": form,
            "result": result,
            "rows": [*result.cohorts, result.all_row],
            "trend": list(zip(result.referrals, result.started_looked_after, strict=True)),
            "scope": scope_description(request.user),
            "hierarchy": weekly.HIERARCHY.replace("on the date of the visit", "on the snapshot date").replace(
                "Each visit counts", "Each child counts"
            ),
            "staff_note": survey.STAFF_UNAVAILABLE_NOTE,
            "contact_days": survey.CONTACT_DAYS,
        },
    )


def survey_children(request: HttpRequest) -> HttpResponse:
    """The children behind one number of the survey, among those the user may see."""
    _check(request)
    _, on = _snapshot(request)
    group = request.GET.get("group", "All")
    status = request.GET.get("status", "all")
    if group not in (*survey.COHORTS, "All") or status not in (*survey.STATUSES, "all"):
        raise Http404("No such cohort or column")
    children = survey.children_behind(children=children_visible_to(request.user), on=on, group=group, status=status)
    page = Paginator(children, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "reporting/survey_children.html",
        {
            "page": page,
            "on": on,
            "contact_from": survey.contact_window(on)[0],
            "group_label": survey.COHORT_LABELS.get(group, "All cohorts"),
            "status_label": survey.STATUS_LABELS.get(status, "All"),
            "scope": scope_description(request.user),
        },
    )


# --- stored returns --------------------------------------------------------------------------------------------
def _check_stored(request: HttpRequest) -> None:
    if not may_see_stored_returns(request.user):
        raise PermissionDenied


def stored_returns(request: HttpRequest) -> HttpResponse:
    """Stored returns, newest first, with who downloaded them; "Generate now" for those who may."""
    _check_stored(request)
    page = Paginator(stored_returns_for(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    downloads = downloads_for(stored_returns=list(page.object_list))
    rows = [(item, downloads[item.pk]) for item in page.object_list]
    return render(
        request,
        "reporting/stored_returns.html",
        {
            "page": page,
            "rows": rows,
            "may_generate": may_generate_returns(request.user),
            "last_week": weekly.last_complete_week(timezone.localdate()),
            "today": timezone.localdate(),
        },
    )


@require_POST
def generate_now(request: HttpRequest) -> HttpResponse:
    """Queue a stored return over the whole council (heads of service and performance officers)."""
    if not may_generate_returns(request.user):
        raise PermissionDenied
    kind = request.POST.get("kind", "")
    if kind not in ReturnKind.values:
        raise Http404("No such kind of return")
    if kind == ReturnKind.WEEKLY_VISITS:
        start = weekly.last_complete_week(timezone.localdate())
    else:
        start = timezone.localdate()
    generate_return.enqueue(kind, start.isoformat(), request.user.pk)
    messages.success(
        request, f"The {ReturnKind(kind).label.lower()} is being generated: it appears in this list when it is ready"
    )
    return redirect("reporting:returns")


def _stored_or_404(request: HttpRequest, pk: int) -> Any:
    _check_stored(request)
    stored = stored_return_for(user=request.user, pk=pk)
    if stored is None:
        raise Http404("No such stored return")
    return stored


def _stored_table(stored: Any) -> tuple[list[str], list[tuple[Any, ...]], dict[int, str], str]:
    """A stored return's figures as a download table: (headers, rows, number formats, sheet title)."""
    if stored.kind == ReturnKind.WEEKLY_VISITS:
        rows = [tuple(row[column] for column in weekly.CSV_HEADERS) for row in stored.figures["rows"]]
        formats = dict.fromkeys(weekly.PERCENT_COLUMNS, exports.PERCENT_FORMAT)
        return list(weekly.CSV_HEADERS), rows, formats, "Weekly visits"
    headers = ["group", "children", "seen_in_person", "seen_virtually", "not_seen"]
    rows = [tuple(row[column] for column in headers) for row in stored.figures["cohorts"]]
    return headers, rows, {}, "Survey cohorts"


def stored_return_page(request: HttpRequest, pk: int) -> HttpResponse:
    """One stored return as generated, and what a re-run now would change, cell by cell."""
    stored = _stored_or_404(request, pk)
    cells = figure_cells(kind=stored.kind, figures=stored.figures)
    headers, rows, _, _ = _stored_table(stored)
    return render(
        request,
        "reporting/stored_return.html",
        {
            "stored": stored,
            "headers": headers,
            "rows": rows,
            "cells": cells,
            "differences": rerun_differences(stored),
            "downloads": list(stored.downloads.all()),
            "formats": [(value, label) for value, label in DownloadFormat.choices if value != DownloadFormat.PDF],
        },
    )


def stored_return_download(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """Download a stored return as it was generated (CSV, Excel or JSON), noting who downloaded it."""
    stored = _stored_or_404(request, pk)
    headers, rows, formats, title = _stored_table(stored)
    filename = f"{stored.kind.replace('_', '-')}-{stored.period_start.isoformat()}-stored-{stored.pk}"
    if fmt == "csv":
        response = exports.csv_response(f"{filename}.csv", headers, rows)
    elif fmt == "xlsx":
        # Percentages are stored as text ("88.36"); Excel gets them as numbers with the 0.00 format.
        numbers = [tuple(Decimal(v) if i in formats else v for i, v in enumerate(row)) for row in rows]
        response = exports.xlsx_response(f"{filename}.xlsx", [(title, headers, numbers, formats)])
    elif fmt == "json":
        body = {"id": stored.pk, "kind": stored.kind, "content_hash": stored.content_hash, "figures": stored.figures}
        response = HttpResponse(json.dumps(body, indent=2), content_type="application/json")
        response["Content-Disposition"] = f'attachment; filename="{filename}.json"'
    else:
        raise Http404("No such format")
    try:
        return_download_record(stored_return=stored, user=request.user, format=fmt)
    except ValidationError:
        raise Http404("No such format") from None
    return response


# --- the PDF service briefing ----------------------------------------------------------------------------------
def briefing(request: HttpRequest) -> HttpResponse:
    """The service briefing for committees as a PDF, counted over the children the user may see."""
    _check(request)
    from .pdf import briefing_pdf

    _, monday = _week(request)
    _, on = _snapshot(request)
    content = briefing_pdf(user=request.user, week_start=monday, on=on)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="service-briefing-{on.isoformat()}.pdf"'
    return response
