"""Demand pages: contacts and referrals against the same weeks of earlier years, over the whole council (a trend
against earlier years must count cases since closed; the figures name nobody); the lists behind them show only the
records the user may see and say how many others there are; the alert settings."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from caseboard.core.audit import record_download
from caseboard.core.forms import apply_validation_error
from caseboard.people.selectors import children_visible_to

from .. import charts, exports
from ..forms import PeriodForm, last_complete_sunday
from ..models import DemandAlertSetting
from ..views import PAGE_SIZE, check_demand, check_reports, local_today
from . import selectors as demand
from . import services as demand_services
from .forms import AlertSettingForm

DEMAND_LISTS = {
    "contacts": "Contacts received",
    "converted": "Contacts that became referrals",
    "referrals": "Referrals received",
    "re_referrals": "Re-referrals (within 12 months)",
    "open_screenings": "Referrals with screening not complete",
}


# --- demand ------------------------------------------------------------------------------------------------------
def _settings() -> DemandAlertSetting:
    return DemandAlertSetting.current()


WEEK_HEADERS = [
    "Week starting",
    "Contacts",
    "Usual contacts",
    "Contacts change %",
    "Referrals",
    "Usual referrals",
    "Referrals change %",
    "Contacts converted to referrals %",
    "Re-referrals",
    "Re-referrals %",
]


DAY_HEADERS = ["Date", "Contacts", "Usual contacts", "Referrals", "Usual referrals"]


def _week_row(week: demand.DemandWeek) -> list[Any]:
    return [
        week.starts_on,
        week.contacts,
        week.baseline_contacts,
        week.contact_change_pct,
        week.referrals,
        week.baseline_referrals,
        week.referral_change_pct,
        week.conversion_pct,
        week.re_referrals,
        week.re_referral_pct,
    ]


def _day_row(day: demand.DayPoint) -> list[Any]:
    return [day.on, day.contacts, day.baseline_contacts, day.referrals, day.baseline_referrals]


def _demand_end(request: HttpRequest) -> tuple[PeriodForm, date]:
    """The day demand is shown up to: ``?to=`` (for example the spring of 2020), or today; never after today."""
    today = local_today()
    form = PeriodForm(request.GET, today=today)
    chosen = form.cleaned_data.get("date_to") if form.is_valid() else None
    if chosen is not None and chosen > today:
        form.add_error("date_to", "The end of the period must be today or in the past")
        chosen = None
    return form, chosen or today


def demand_page(request: HttpRequest) -> HttpResponse:
    """The front door's demand: per day for the last 4 weeks and per week for the last 52, against the same days
    and weeks of earlier years; conversion, re-referrals and open screening work."""
    check_demand(request)
    form, today = _demand_end(request)
    setting = _settings()
    weeks = demand.weekly_series(weeks=52, end=today, baseline_years=setting.baseline_years)
    days = demand.daily_series(days=28, end=today, baseline_years=setting.baseline_years)
    fmt = request.GET.get("format")
    if fmt in {"csv", "xlsx", "days.csv"}:
        week_body = [_week_row(w) for w in weeks]
        day_body = [_day_row(d) for d in days]
        if fmt == "csv":
            return exports.csv_response(f"demand-weeks-to-{today.isoformat()}.csv", WEEK_HEADERS, week_body)
        if fmt == "days.csv":
            return exports.csv_response(f"demand-days-to-{today.isoformat()}.csv", DAY_HEADERS, day_body)
        formats = {3: exports.PERCENT_FORMAT, 6: exports.PERCENT_FORMAT, 7: exports.PERCENT_FORMAT}
        return exports.xlsx_response(
            f"demand-to-{today.isoformat()}.xlsx",
            [
                ("Weeks", WEEK_HEADERS, week_body, formats | {9: exports.PERCENT_FORMAT}),
                ("Days", DAY_HEADERS, day_body, {}),
            ],
        )
    # The last complete week: the series' last week unless it ends after the day shown (this week, still running).
    last_week = weeks[-2] if len(weeks) > 1 and weeks[-1].ends_on > today else weeks[-1]
    week_chart = charts.line_chart_svg(
        "Contacts and referrals per week, with the usual level from earlier years",
        [
            ("Contacts", [w.contacts for w in weeks]),
            (f"Usual contacts ({setting.baseline_years}-year mean)", [w.baseline_contacts for w in weeks]),
            ("Referrals", [w.referrals for w in weeks]),
            (f"Usual referrals ({setting.baseline_years}-year mean)", [w.baseline_referrals for w in weeks]),
        ],
        [f"{w.starts_on:%-d %b %y}" for w in weeks],
        y_label="Number per week",
    )
    day_chart = charts.bar_chart_svg(
        "Referrals per day for the last 4 weeks, with the usual level",
        [
            ("Referrals", [d.referrals for d in days]),
            ("Usual referrals", [d.baseline_referrals for d in days]),
        ],
        [f"{d.on:%a %-d %b}" for d in days],
        y_label="Referrals per day",
    )
    screenings = demand.open_screenings().count()
    return render(
        request,
        "reporting/demand.html",
        {
            "weeks": list(reversed(weeks)),
            "days": list(reversed(days)),
            "last_week": last_week,
            "week_chart": week_chart,
            "day_chart": day_chart,
            "setting": setting,
            "open_screenings": screenings,
            "may_change": demand_services.may_change_alert_settings(request.user),
            "alert": request.GET.get("alert", ""),
            "form": form,
            "end": today,
            "asked_to": form.cleaned_data.get("date_to") if form.is_valid() else None,
        },
    )


def demand_service_page(request: HttpRequest) -> HttpResponse:
    """The service-level demand report: 26 weeks against earlier years, and referrals by source."""
    check_reports(request)
    form, today = _demand_end(request)
    setting = _settings()
    weeks = demand.weekly_series(weeks=26, end=last_complete_sunday(today), baseline_years=setting.baseline_years)
    sources = demand.referrals_by_source(
        weeks=12, end=last_complete_sunday(today), baseline_years=setting.baseline_years
    )
    source_headers = ["Referral source", "Code", "Referrals in the last 12 weeks", "Usual level"]
    source_body = [[label, code, count, baseline] for code, label, count, baseline in sources]
    week_body = [_week_row(w) for w in weeks]
    fmt = request.GET.get("format")
    if fmt == "csv":
        return exports.csv_response(f"demand-service-{today.isoformat()}.csv", WEEK_HEADERS, week_body)
    if fmt == "sources.csv":
        return exports.csv_response(f"demand-sources-{today.isoformat()}.csv", source_headers, source_body)
    if fmt == "xlsx":
        return exports.xlsx_response(
            f"demand-service-{today.isoformat()}.xlsx",
            [
                ("Weeks", WEEK_HEADERS, week_body, {3: exports.PERCENT_FORMAT, 6: exports.PERCENT_FORMAT}),
                ("Referral sources", source_headers, source_body, {}),
            ],
        )
    chart = charts.bar_chart_svg(
        "Referrals per week for the last 12 weeks, against the usual level",
        [
            ("Referrals", [w.referrals for w in weeks[-12:]]),
            ("Usual referrals", [w.baseline_referrals for w in weeks[-12:]]),
        ],
        [f"{w.starts_on:%-d %b}" for w in weeks[-12:]],
        y_label="Referrals per week",
    )
    return render(
        request,
        "reporting/demand_service.html",
        {
            "weeks": list(reversed(weeks)),
            "sources": sources,
            "chart": chart,
            "setting": setting,
            "source_start": weeks[-12].starts_on if len(weeks) >= 12 else weeks[0].starts_on,
            "form": form,
            "end": today,
            "asked_to": form.cleaned_data.get("date_to") if form.is_valid() else None,
        },
    )


def _demand_queryset(what: str, start: date, end: date, user: Any) -> tuple[QuerySet, QuerySet]:
    """(the records the user may see, all the records) behind one demand number."""
    from caseboard.frontdoor.models import Contact, Referral

    visible = children_visible_to(user)
    if what in {"contacts", "converted"}:
        everything = Contact.objects.filter(received_on__range=(start, end))
        if what == "converted":
            everything = everything.filter(decision__in=demand.referral_decisions())
        # A contact is shown when the user may see every child it is about.
        hidden_children = Contact.children.through.objects.exclude(child_id__in=visible.values("pk"))
        shown = (
            everything.exclude(pk__in=hidden_children.values("contact_id"))
            .filter(children__isnull=False)
            .distinct()
            .prefetch_related(Prefetch("children", queryset=visible.order_by("last_name", "first_name", "pk")))
            .order_by("received_at", "pk")
        )
        return shown, everything
    if what in {"referrals", "re_referrals"}:
        everything = Referral.objects.filter(received_on__range=(start, end))
        if what == "re_referrals":
            everything = everything.filter(is_re_referral=True)
        shown = everything.filter(child__in=visible.values("pk")).select_related("child").order_by("received_on", "pk")
        return shown, everything
    everything = demand.open_screenings()
    shown = demand.open_screenings(user).select_related("referral__child").order_by("referral__received_on", "pk")
    return shown, everything


def _demand_children(what: str, shown: Any) -> list[Any]:
    """The children named in a demand list (for the audit of its download)."""
    if what in {"contacts", "converted"}:
        return [child for contact in shown for child in contact.children.all()]
    if what in {"referrals", "re_referrals"}:
        return [referral.child for referral in shown]
    return [screening.referral.child for screening in shown]


def demand_records(request: HttpRequest) -> HttpResponse:
    """The contacts, referrals or screenings behind one demand number, among the children the user may see."""
    check_demand(request)
    what = request.GET.get("what", "")
    if what not in DEMAND_LISTS:
        raise Http404("No such list")
    form = PeriodForm(request.GET, today=local_today())
    start, end, _ = form.period
    shown, everything = _demand_queryset(what, start, end, request.user)
    fmt = request.GET.get("format")
    if fmt in {"csv", "xlsx"}:
        headers, body = _demand_table(what, shown)
        record_download(_demand_children(what, shown), via=f"Demand records download ({fmt})")
        filename = f"demand-{what}-{start.isoformat()}-to-{end.isoformat()}"
        if fmt == "csv":
            return exports.csv_response(f"{filename}.csv", headers, body)
        return exports.xlsx_response(f"{filename}.xlsx", [(DEMAND_LISTS[what], headers, body, {})])
    page = Paginator(shown, PAGE_SIZE).get_page(request.GET.get("page"))
    total = everything.count()
    return render(
        request,
        "reporting/demand_records.html",
        {
            "what": what,
            "title": DEMAND_LISTS[what],
            "start": start,
            "end": end,
            "page": page,
            "hidden": max(total - page.paginator.count, 0),
            "query": request.GET.urlencode(),
            "is_contacts": what in {"contacts", "converted"},
            "is_screenings": what == "open_screenings",
        },
    )


def _demand_table(what: str, shown: QuerySet) -> tuple[list[str], list[list[Any]]]:
    if what in {"contacts", "converted"}:
        headers = ["Received", "Children", "Referrer's agency", "Method", "Decision"]
        return headers, [
            [
                timezone.localtime(c.received_at).replace(tzinfo=None),
                "; ".join(f"{child.first_name} {child.last_name}" for child in c.children.all()),
                c.get_referrer_agency_display(),
                c.get_method_display(),
                c.get_decision_display(),
            ]
            for c in shown
        ]
    if what == "open_screenings":
        headers = ["Referral date", "Child", "Local ID"]
        return headers, [
            [
                s.referral.received_on,
                f"{s.referral.child.first_name} {s.referral.child.last_name}",
                s.referral.child.local_id,
            ]
            for s in shown
        ]
    headers = ["Referral date", "Child", "Local ID", "Source", "Primary need", "Re-referral"]
    return headers, [
        [
            r.received_on,
            f"{r.child.first_name} {r.child.last_name}",
            r.child.local_id,
            r.get_source_display(),
            r.get_primary_need_display(),
            "Yes" if r.is_re_referral else "No",
        ]
        for r in shown
    ]


def demand_alert_settings(request: HttpRequest) -> HttpResponse:
    """Heads of service and administrators change the demand alert thresholds (audited)."""
    if not demand_services.may_change_alert_settings(request.user):
        raise PermissionDenied
    setting = _settings()
    initial = {
        "surge_above_pct": setting.surge_above_pct,
        "fall_below_pct": setting.fall_below_pct,
        "baseline_years": setting.baseline_years,
    }
    form = AlertSettingForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            demand_services.demand_alert_setting_update(updated_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, "The demand alert thresholds are saved")
            return redirect("reporting:demand")
    return render(request, "reporting/demand_alerts.html", {"form": form, "setting": setting})
