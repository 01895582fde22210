"""Pages of the vulnerable children survey: the snapshot on a date and the children behind each number."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from caseboard.people.selectors import children_visible_to

from .. import exports
from ..returns import selectors as weekly
from ..rules import scope_description
from ..views import PAGE_SIZE, asked_date, check_reports
from . import selectors as survey


# --- the survey ------------------------------------------------------------------------------------------------
def _survey_sheets(result: survey.Survey) -> list[exports.Sheet]:
    formats = dict.fromkeys(survey.COHORT_PERCENT_COLUMNS, exports.PERCENT_FORMAT)
    return [
        ("Cohorts", survey.COHORT_HEADERS, result.cohort_table(), formats),
        ("Referrals and starts", survey.TREND_HEADERS, result.trend_table(), {}),
    ]


def survey_page(request: HttpRequest) -> HttpResponse:
    """The vulnerable children survey on a snapshot date, for the user's children."""
    check_reports(request)
    form, on = asked_date(request)
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
            "contact_days": result.contact_days,
        },
    )


def survey_children(request: HttpRequest) -> HttpResponse:
    """The children behind one number of the survey, among those the user may see."""
    check_reports(request)
    _, on = asked_date(request)
    group = request.GET.get("group", "All")
    status = request.GET.get("status", "all")
    if group not in (*survey.COHORTS, "All") or status not in (*survey.STATUSES, "all"):
        raise Http404("No such cohort or column")
    days = survey.contact_days(on)
    children = survey.children_behind(
        children=children_visible_to(request.user), on=on, group=group, status=status, days=days
    )
    page = Paginator(children, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "reporting/survey_children.html",
        {
            "page": page,
            "on": on,
            "contact_from": survey.contact_window(on, days)[0],
            "group_label": survey.COHORT_LABELS.get(group, "All cohorts"),
            "status_label": survey.STATUS_LABELS.get(status, "All"),
            "scope": scope_description(request.user),
        },
    )
