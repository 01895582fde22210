"""The retention report: children's records due for review, for administrators (information governance)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from caseboard.accounts.rules import is_administrator
from caseboard.core.audit import record_download

from .selectors import children_due_for_review, due_rows

PAGE_SIZE = 50


@require_GET
def retention_page(request: HttpRequest) -> HttpResponse:
    """Records due for review under the retention periods in force; the names listed are audited as views."""
    if not is_administrator(request.user):
        raise PermissionDenied
    today = timezone.localdate()
    children, periods, until = children_due_for_review(user=request.user, today=today)
    page = Paginator(children, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = due_rows(list(page), periods)
    record_download([row.child for row in rows], via="retention report")
    return render(request, "reporting/retention.html", {"page": page, "rows": rows, "periods": periods, "until": until})
