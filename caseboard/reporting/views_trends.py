"""Timeliness and demand pages: the figures for a period, their trend week by week with a chart and the same numbers
in a table, the records behind every number (need to know), CSV and Excel downloads, and the demand alert settings.

Timeliness figures are counted over the children the user may see, like the other report pages. Demand figures
(contacts and referrals against the same weeks of earlier years) are counted over the whole council, because a
trend against earlier years must count children whose cases have since closed; they name nobody. The lists behind
them show only the records the user may see and say how many others there are."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from crispy_forms_gds.layout import Field, Submit
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from caseboard.clock.calendar import working_days_between
from caseboard.core.audit import record_download
from caseboard.core.forms import apply_validation_error, gds_helper
from caseboard.people.selectors import children_visible_to

from . import charts, demand, exports, timeliness
from .models import DemandAlertSetting
from .selectors import scope_description
from .timeliness import MEASURE_LABELS, MEASURE_SHORT, MEASURE_UNITS, VISIT_KIND_LABELS, Measure, TimelinessRecord

PAGE_SIZE = 50
DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]
STATUS_LABELS = {"on_time": "On time", "late": "Late", "overdue": "Still overdue"}
DEMAND_LISTS = {
    "contacts": "Contacts received",
    "converted": "Contacts that became referrals",
    "referrals": "Referrals received",
    "re_referrals": "Re-referrals (within 12 months)",
    "open_screenings": "Referrals with screening not complete",
}


def _check(request: HttpRequest) -> None:
    if not request.user.has_perm("reporting.view_reports"):
        raise PermissionDenied


def _check_demand(request: HttpRequest) -> None:
    # The front door sees its own demand as well as those who see every report (reporting/rules.py).
    if not request.user.has_perm("reporting.view_demand"):
        raise PermissionDenied


def _today() -> date:
    return timezone.localdate()


def last_complete_sunday(today: date) -> date:
    return today - timedelta(days=today.weekday() + 1)


class PeriodForm(forms.Form):
    """The period a report covers (?from=&to=, YYYY-MM-DD or dd/mm/yyyy) and how many weeks the trend shows."""

    date_from = forms.DateField(
        label="From",
        input_formats=DATE_FORMATS,
        required=False,
        error_messages={"invalid": "Enter the start of the period as a real date, like 2020-05-11"},
    )
    date_to = forms.DateField(
        label="To",
        input_formats=DATE_FORMATS,
        required=False,
        error_messages={"invalid": "Enter the end of the period as a real date, like 2020-06-07"},
    )
    weeks = forms.TypedChoiceField(
        label="Trend over",
        choices=[(12, "the last 12 weeks"), (26, "the last 26 weeks")],
        coerce=int,
        required=False,
        empty_value=12,
    )

    def __init__(self, data: Any, *, today: date) -> None:
        values = {"date_from": data.get("from", ""), "date_to": data.get("to", ""), "weeks": data.get("weeks", "")}
        super().__init__(values)
        self.default_to = last_complete_sunday(today)
        self.default_from = self.default_to - timedelta(days=7 * 12 - 1)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", "The end of the period must be the same as or after the start")
        return data

    @property
    def period(self) -> tuple[date, date, int]:
        if self.is_valid():
            start = self.cleaned_data.get("date_from") or self.default_from
            end = self.cleaned_data.get("date_to") or self.default_to
            return start, end, self.cleaned_data.get("weeks") or 12
        return self.default_from, self.default_to, 12

    def typed(self, name: str) -> str:
        value = self.data.get(name, "")
        if value:
            return value
        start, end, _ = self.period
        return (start if name == "date_from" else end).isoformat()


def _pct(value: Decimal | None) -> str:
    return "–" if value is None else f"{value}%"


def _in_period(record: TimelinessRecord, start: date, end: date) -> bool:
    day = record.done_on or record.due_on
    return start <= day <= end


def _timeliness_data(request: HttpRequest) -> dict[str, Any]:
    form = PeriodForm(request.GET, today=_today())
    start, end, weeks = form.period
    mondays = timeliness.week_starts(end, weeks)
    span_start = min(start, mondays[0])
    found = timeliness.all_records(span_start, end, user=request.user, today=_today())
    in_period = {m: [r for r in rs if _in_period(r, start, end)] for m, rs in found.items()}
    done_only = {m: [r for r in rs if r.done_on is not None] for m, rs in found.items()}
    return {
        "form": form,
        "typed_from": form.typed("date_from"),
        "typed_to": form.typed("date_to"),
        "start": start,
        "end": end,
        "weeks": weeks,
        "rows": timeliness.summary_rows(in_period),
        "trend": timeliness.trend(done_only, mondays),
        "bands": timeliness.bands(in_period[Measure.ASSESSMENTS]),
    }


def _trend_table(trend: list) -> tuple[list[str], list[list[Any]]]:
    headers = ["Week starting"]
    for row in trend[0][1] if trend else []:
        headers += [f"{row.label}: on time", f"{row.label}: total", f"{row.label}: %"]
    body = []
    for monday, rows in trend:
        line: list[Any] = [monday]
        for row in rows:
            line += [row.on_time, row.total, row.pct]
        body.append(line)
    return headers, body


SUMMARY_HEADERS = ["Measure", "On time", "Total", "Percentage on time", "Late", "Still overdue"]
BAND_HEADERS = ["Working days", "Counted from the referral", "Counted from the assessment's start"]


def timeliness_page(request: HttpRequest) -> HttpResponse:
    """Timeliness for a period: each measure as n of m and a percentage, the trend, DfE bands, and downloads."""
    _check(request)
    data = _timeliness_data(request)
    summary_body = [[r.label, r.on_time, r.total, r.pct, r.late, r.overdue] for r in data["rows"]]
    trend_headers, trend_body = _trend_table(data["trend"])
    fmt = request.GET.get("format")
    filename = f"timeliness-{data['start'].isoformat()}-to-{data['end'].isoformat()}"
    if fmt == "csv":
        return exports.csv_response(f"{filename}.csv", SUMMARY_HEADERS, summary_body)
    if fmt == "xlsx":
        percent_columns = dict.fromkeys(range(3, len(trend_headers), 3), exports.PERCENT_FORMAT)
        return exports.xlsx_response(
            f"{filename}.xlsx",
            [
                ("Timeliness", SUMMARY_HEADERS, summary_body, {3: exports.PERCENT_FORMAT}),
                ("Trend by week", trend_headers, trend_body, percent_columns),
                ("Assessment bands", BAND_HEADERS, data["bands"], {}),
            ],
        )
    if fmt == "trend.csv":
        return exports.csv_response(f"{filename}-trend.csv", trend_headers, trend_body)
    if fmt == "bands.csv":
        return exports.csv_response(f"{filename}-bands.csv", BAND_HEADERS, data["bands"])
    labels = [f"{monday:%-d %b}" for monday, _ in data["trend"]]
    measures = [MEASURE_SHORT[Measure(row.measure)] for row in data["trend"][0][1]] if data["trend"] else []
    series = [(label, [rows[index].pct for _, rows in data["trend"]]) for index, label in enumerate(measures)]
    chart = charts.line_chart_svg(
        f"Percentage on time, week by week, {len(labels)} weeks to {data['end']:%-d %B %Y}",
        series,
        labels,
        y_label="% on time",
        percent=True,
    )
    query = f"from={data['start'].isoformat()}&to={data['end'].isoformat()}"

    def link(measure: str, extra: str = "") -> str:
        base, _, kind = measure.partition(":")
        url = reverse("reporting:timeliness-records", args=[base])
        return f"{url}?{query}{f'&kind={kind}' if kind else ''}{extra}"

    summary = [{"row": row, "link": link(row.measure), "is_kind": ":" in row.measure} for row in data["rows"]]
    trend_rows = [
        (monday, [(row, link(row.measure, f"&week={monday.isoformat()}&status=done")) for row in rows])
        for monday, rows in data["trend"]
    ]
    return render(
        request,
        "reporting/timeliness.html",
        data
        | {
            "chart": chart,
            "query": query,
            "summary": summary,
            "trend_rows": list(reversed(trend_rows)),
            "trend_measures": measures,
            "bands_link": link(Measure.ASSESSMENTS.value, "&status=done"),
            "scope": scope_description(request.user),
        },
    )


def _records_filter(request: HttpRequest, found: list[TimelinessRecord]) -> tuple[list[TimelinessRecord], str]:
    """Narrow records to what the number clicked counted: a status, a visit kind, a week, a DfE band."""
    described = []
    status = request.GET.get("status", "")
    if status in {"on_time", "late", "overdue"}:
        found = [r for r in found if r.status == status]
        described.append(STATUS_LABELS[status].lower())
    elif status == "exceptions":
        found = [r for r in found if r.status != "on_time"]
        described.append("late or still overdue")
    elif status == "done":
        found = [r for r in found if r.done_on is not None]
    kind = request.GET.get("kind", "")
    if kind:
        found = [r for r in found if r.kind == kind]
        described.append(VISIT_KIND_LABELS.get(kind, kind).lower())
    band = request.GET.get("band", "")
    labels = [label for label, _low, _high in timeliness.BANDS]
    if band in labels:
        low, high = next((lo, hi) for label, lo, hi in timeliness.BANDS if label == band)
        counted_from = request.GET.get("from_start") == "1"

        def days(r: TimelinessRecord) -> int:
            origin = (r.extra.get("started_on") or r.day0) if counted_from else r.day0
            return working_days_between(origin, r.done_on) if r.done_on else -1

        found = [r for r in found if days(r) >= low and (high is None or days(r) <= high)]
        described.append(f"{band} working days from the {'start' if counted_from else 'referral'}")
    return found, ", ".join(described)


RECORD_HEADERS = ["Child", "Local ID", "Kind", "Day 0", "Due", "Done", "Status", "Working days late", "Why due then"]


def timeliness_records(request: HttpRequest, measure: str) -> HttpResponse:
    """The records behind one timeliness number, among the children the user may see, with downloads."""
    _check(request)
    try:
        measure = Measure(measure)
    except ValueError:
        raise Http404("No such measure") from None
    form = PeriodForm(request.GET, today=_today())
    start, end, _weeks = form.period
    week = request.GET.get("week", "")
    if week:
        try:
            start = timeliness.week_start(date.fromisoformat(week))
        except ValueError:
            raise Http404("No such week") from None
        end = start + timedelta(days=6)
    found = timeliness.records(measure, start, end, today=_today(), overdue=not week)
    found = [r for r in found if _in_period(r, start, end)]
    shown, hidden = timeliness.visible_records(found, request.user)
    shown, described = _records_filter(request, shown)
    fmt = request.GET.get("format")
    if fmt in {"csv", "xlsx"}:
        names = {c.pk: c for c in children_visible_to(request.user).filter(pk__in=_child_ids(shown))}
        body = [_record_row(r, names) for r in shown]
        record_download(names.values(), via=f"Timeliness records download ({fmt})")
        filename = f"timeliness-{measure.value}-{start.isoformat()}-to-{end.isoformat()}"
        if fmt == "csv":
            return exports.csv_response(f"{filename}.csv", RECORD_HEADERS, body)
        return exports.xlsx_response(f"{filename}.xlsx", [(MEASURE_LABELS[measure][:31], RECORD_HEADERS, body, {})])
    page = Paginator(shown, PAGE_SIZE).get_page(request.GET.get("page"))
    names = {c.pk: c for c in children_visible_to(request.user).filter(pk__in=_child_ids(page.object_list))}
    rows = [(r, [names[i] for i in r.child_ids if i in names]) for r in page.object_list]
    return render(
        request,
        "reporting/timeliness_records.html",
        {
            "measure": measure,
            "label": MEASURE_LABELS[measure],
            "unit": MEASURE_UNITS[measure],
            "start": start,
            "end": end,
            "described": described,
            "page": page,
            "rows": rows,
            "hidden": hidden,
            "kind_labels": {str(k): v for k, v in VISIT_KIND_LABELS.items()},
            "status_labels": STATUS_LABELS,
            "query": request.GET.urlencode(),
        },
    )


def _child_ids(found: Any) -> set[int]:
    return {child_id for record in found for child_id in record.child_ids}


def _record_row(record: TimelinessRecord, names: dict[int, Any]) -> list[Any]:
    children = [names[i] for i in record.child_ids if i in names]
    return [
        "; ".join(f"{c.first_name} {c.last_name}" for c in children),
        "; ".join(c.local_id for c in children),
        VISIT_KIND_LABELS.get(record.kind, ""),  # type: ignore[call-overload]
        record.day0,
        record.due_on,
        record.done_on,
        STATUS_LABELS[record.status],
        record.working_days_late,
        record.basis,
    ]


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
    today = _today()
    form = PeriodForm(request.GET, today=today)
    chosen = form.cleaned_data.get("date_to") if form.is_valid() else None
    if chosen is not None and chosen > today:
        form.add_error("date_to", "The end of the period must be today or in the past")
        chosen = None
    return form, chosen or today


def demand_page(request: HttpRequest) -> HttpResponse:
    """The front door's demand: per day for the last 4 weeks and per week for the last 52, against the same days
    and weeks of earlier years; conversion, re-referrals and open screening work."""
    _check_demand(request)
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
            "may_change": demand.may_change_alert_settings(request.user),
            "alert": request.GET.get("alert", ""),
            "form": form,
            "end": today,
            "typed_to": form.typed("date_to"),
        },
    )


def demand_service_page(request: HttpRequest) -> HttpResponse:
    """The service-level demand report: 26 weeks against earlier years, and referrals by source."""
    _check(request)
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
            "typed_to": form.typed("date_to"),
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
    _check_demand(request)
    what = request.GET.get("what", "")
    if what not in DEMAND_LISTS:
        raise Http404("No such list")
    form = PeriodForm(request.GET, today=_today())
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


class AlertSettingForm(forms.Form):
    """The demand alert thresholds: whole percentages from 1 to 500, and the number of earlier years."""

    surge_above_pct = forms.IntegerField(
        label="Alert when referrals are more than this percentage above the usual level",
        help_text="A whole number from 1 to 500, for example 20",
    )
    fall_below_pct = forms.IntegerField(
        label="Alert when referrals are more than this percentage below the usual level",
        help_text="A whole number from 1 to 500, for example 30",
    )
    baseline_years = forms.IntegerField(
        label="Number of earlier years the usual level is the mean of",
        help_text="A whole number from 1 to 10",
    )

    MESSAGES = {
        "surge_above_pct": "the percentage above the usual level",
        "fall_below_pct": "the percentage below the usual level",
        "baseline_years": "the number of earlier years",
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, words in self.MESSAGES.items():
            field = self.fields[name]
            highest = demand.MAX_BASELINE_YEARS if name == "baseline_years" else demand.MAX_PCT
            field.error_messages = {
                "required": f"Enter {words}",
                "invalid": f"Enter {words} as a whole number from 1 to {highest}",
            }
            # GOV.UK asks for a text input with a numeric keyboard rather than <input type="number">.
            field.widget = forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false"})
        self.helper = gds_helper(
            self,
            *(Field.text(name, field_width=4) for name in self.MESSAGES),
            Submit("submit", "Save the thresholds"),
        )


def demand_alert_settings(request: HttpRequest) -> HttpResponse:
    """Heads of service and administrators change the demand alert thresholds (audited)."""
    if not demand.may_change_alert_settings(request.user):
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
            demand.demand_alert_setting_update(updated_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, "The demand alert thresholds are saved")
            return redirect("reporting:demand")
    return render(request, "reporting/demand_alerts.html", {"form": form, "setting": setting})
