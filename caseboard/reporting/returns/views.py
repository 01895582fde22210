"""Pages of the weekly visits return and the stored returns: the figures counted over the children the user may see,
the visits behind each number, stored returns over the whole council, their downloads and "Generate now"."""

from __future__ import annotations

import json
from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from caseboard.people.selectors import children_visible_to

from .. import exports
from ..models import DownloadFormat, ReturnKind
from ..rules import may_generate_returns, may_see_stored_returns, scope_description
from ..views import PAGE_SIZE, asked_week, check_reports
from . import selectors as weekly
from .selectors import downloads_for, stored_return_for, stored_returns_for
from .services import figure_cells, rerun_differences, return_download_record
from .tasks import generate_return


# --- the weekly visits return ----------------------------------------------------------------------------------
def _weekly_sheet(result: weekly.WeeklyVisitsReturn) -> exports.Sheet:
    formats = dict.fromkeys(weekly.PERCENT_COLUMNS, exports.PERCENT_FORMAT)
    return (f"Visits w-c {result.week_start:%d-%m-%Y}", weekly.CSV_HEADERS, result.table_rows(), formats)


def weekly_visits(request: HttpRequest) -> HttpResponse:
    """The weekly visits return for the user's children, with CSV and Excel downloads."""
    check_reports(request)
    form, monday = asked_week(request)
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
    check_reports(request)
    _, monday = asked_week(request)
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
