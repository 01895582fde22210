from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from caseboard.accounts.rules import is_front_door_practitioner
from caseboard.core.audit import record_download

from . import selectors, services
from .forms import ImportForm


def _guard(request: HttpRequest) -> None:
    if is_front_door_practitioner(request.user):
        raise PermissionDenied


def index(request: HttpRequest, team: bool = False) -> HttpResponse:
    """Children expected in education and not attending this week: mine, or my teams' (the ?team=1 view)."""
    _guard(request)
    try:
        week = selectors.week_of(date.fromisoformat(request.GET.get("week", "")))
    except ValueError:
        week = selectors.week_of(timezone.localdate())
    rows = list(selectors.not_attending(user=request.user, week_starting=week, worker=None if team else request.user))
    record_download({row.child for row in rows}, via="education not attending list")
    return render(request, "education/index.html", {"rows": rows, "week": week, "team": team})


def attendance_import(request: HttpRequest) -> HttpResponse:
    """Import a week's attendance from a school's or the council's CSV file."""
    _guard(request)
    form = ImportForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            text = upload.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            form.add_error("file", "The file must be a CSV file saved as UTF-8")
        else:
            try:
                batch = services.attendance_import(
                    user=request.user,
                    week_starting=form.cleaned_data["week_starting"],
                    file_name=upload.name,
                    text=text,
                )
            except ValidationError as error:
                details = error.message_dict
                problems = details.pop("file", [])
                for field, errors in details.items():
                    for message in errors:
                        form.add_error(field, message)
                if problems:
                    form.add_error("file", f"The file was not imported: {len(problems)} problems, listed below")
            else:
                messages.success(
                    request, f"Imported {batch.rows} attendance rows for the week of {batch.week_starting:%d %B %Y}"
                )
                return redirect(f"{reverse('education:team')}?week={batch.week_starting.isoformat()}")
    return render(request, "education/import.html", {"form": form, "problems": problems})
