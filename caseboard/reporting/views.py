"""The reports index, the checks every report page shares, and the PDF service briefing."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from .forms import ReportDateForm
from .returns import selectors as weekly
from .rules import may_see_stored_returns

PAGE_SIZE = 50


def check_reports(request: HttpRequest) -> None:
    if not request.user.has_perm("reporting.view_reports"):
        raise PermissionDenied


def asked_week(request: HttpRequest) -> tuple[ReportDateForm, date]:
    """The week asked for (?week=), moved to its Monday with a message; last full week by default."""
    form = ReportDateForm(
        request.GET, name="week", noun="the week", default=weekly.last_complete_week(timezone.localdate())
    )
    day = form.day
    monday = weekly.monday_of(day)
    if monday != day:
        messages.info(request, f"{day:%A %-d %B %Y} is not a Monday: showing the week from Monday {monday:%-d %B %Y}")
    return form, monday


def asked_date(request: HttpRequest) -> tuple[ReportDateForm, date]:
    form = ReportDateForm(request.GET, name="date", noun="the snapshot date", default=timezone.localdate())
    return form, form.day


def index(request: HttpRequest) -> HttpResponse:
    """The reports a user may open."""
    check_reports(request)
    extra = [
        (label, url)
        for label, url in (
            ("Timeliness", reverse("reporting:timeliness")),
            ("Demand: contacts and referrals", reverse("reporting:demand")),
            (
                "Family time: no direct family time since a date, sessions per week, each venue's use against its "
                "capacity, the waiting list over time and court-ordered contact not met",
                reverse("familytime:reports") if request.user.has_perm("familytime.view_reports") else None,
            ),
            (
                "Delays and their causes: by cause, team and month, and the delays caused by the pandemic by child",
                reverse("plans:delays-report") if request.user.has_perm("plans.view_delay_report") else None,
            ),
            (
                "Information sharing log: what was shared with partners, on what basis, with or without consent",
                reverse("partners:sharing-report"),
            ),
            (
                "DfE returns: CIN census, SSDA903 and Annex A, checked by the DfE validators",
                reverse("interchange:index") if request.user.has_perm("interchange.generate_returns") else None,
            ),
            (
                "Return health: the CIN census and SSDA903 errors and queries by rule, team and week, and the "
                "children to fix",
                reverse("interchange:health") if request.user.has_perm("interchange.generate_returns") else None,
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


# --- the PDF service briefing ----------------------------------------------------------------------------------
def briefing(request: HttpRequest) -> HttpResponse:
    """The service briefing for committees as a PDF, counted over the children the user may see."""
    check_reports(request)
    from .briefing import briefing_pdf

    _, monday = asked_week(request)
    _, on = asked_date(request)
    content = briefing_pdf(user=request.user, week_start=monday, on=on)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="service-briefing-{on.isoformat()}.pdf"'
    return response


def check_demand(request: HttpRequest) -> None:
    # The front door sees its own demand as well as those who see every report (reporting/rules.py).
    if not request.user.has_perm("reporting.view_demand"):
        raise PermissionDenied


def local_today() -> date:
    return timezone.localdate()
