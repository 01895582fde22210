"""Timeliness pages: the figures for a period, their trend week by week (chart and table), the records behind every
number (need to know) and their downloads. Counted over the children the user may see, like the other reports."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from caseboard.clock.calendar import working_days_between
from caseboard.core.audit import record_download
from caseboard.people.selectors import children_visible_to

from .. import charts, exports
from ..forms import PeriodForm
from ..rules import scope_description
from ..views import PAGE_SIZE, check_reports, local_today
from . import selectors as timeliness
from .selectors import MEASURE_LABELS, MEASURE_SHORT, MEASURE_UNITS, VISIT_KIND_LABELS, Measure, TimelinessRecord

STATUS_LABELS = {"on_time": "On time", "late": "Late", "overdue": "Still overdue"}


def _pct(value: Decimal | None) -> str:
    return "–" if value is None else f"{value}%"


def _in_period(record: TimelinessRecord, start: date, end: date) -> bool:
    day = record.done_on or record.due_on
    return start <= day <= end


def _timeliness_data(request: HttpRequest) -> dict[str, Any]:
    form = PeriodForm(request.GET, today=local_today())
    start, end, weeks = form.period
    mondays = timeliness.week_starts(end, weeks)
    span_start = min(start, mondays[0])
    found = timeliness.all_records(span_start, end, user=request.user, today=local_today())
    in_period = {m: [r for r in rs if _in_period(r, start, end)] for m, rs in found.items()}
    done_only = {m: [r for r in rs if r.done_on is not None] for m, rs in found.items()}
    return {
        "form": form,
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
    check_reports(request)
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
    check_reports(request)
    try:
        measure = Measure(measure)
    except ValueError:
        raise Http404("No such measure") from None
    form = PeriodForm(request.GET, today=local_today())
    start, end, _weeks = form.period
    week = request.GET.get("week", "")
    if week:
        try:
            start = timeliness.week_start(date.fromisoformat(week))
        except ValueError:
            raise Http404("No such week") from None
        end = start + timedelta(days=6)
    found = timeliness.records(measure, start, end, today=local_today(), overdue=not week)
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
