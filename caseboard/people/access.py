"""How pages open a child's record: one door, audited, with the restricted and break-glass pages."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from caseboard.core.audit import record_view

from .models import Child
from .selectors import ChildNotAvailable, child_access_for


class ChildPageDenied(Exception):
    """Carries the page to show instead of the record (restricted, or the break-glass form)."""

    def __init__(self, response: HttpResponse) -> None:
        super().__init__("child page denied")
        self.response = response


def open_child(request: HttpRequest, pk: object, *, via: str, audit: bool = True) -> Child:
    """Open a child's record for a page, or raise ``ChildPageDenied``/``Http404``. Writes an access audit entry."""
    try:
        access = child_access_for(user=request.user, pk=pk)
    except ChildNotAvailable as denied:
        if denied.reason == "missing":
            raise Http404("No such child") from None
        if denied.reason == "restricted":
            raise ChildPageDenied(render(request, "people/restricted.html", status=403)) from None
        raise ChildPageDenied(render(request, "people/break_glass_prompt.html", {"child_pk": pk}, status=403)) from None
    if audit:
        record_view(access.child, via=via, reason=access.break_glass.reason if access.break_glass else "")
    request.break_glass = access.break_glass
    return access.child


def child_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Turn a refused child record (restricted, or outside need-to-know) into the page that explains it."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except ChildPageDenied as denied:
            return denied.response

    return wrapper
