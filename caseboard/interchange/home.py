"""Home page card: the health of the DfE returns (the latest build of each and what the DfE validator found)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone

from caseboard.core.home import Cell, Link, home_card
from caseboard.core.hooks import Panel
from caseboard.reporting.rules import may_generate_returns

from .models import GeneratedReturn, ReturnKind


def _state(built: GeneratedReturn | None) -> Cell:
    if built is None:
        return Cell(tag="Not built", colour="grey")
    if built.status == GeneratedReturn.Status.FAILED:
        return Cell(tag="Could not be built", colour="red")
    if built.status != GeneratedReturn.Status.READY:
        return Cell(tag=built.get_status_display(), colour="blue")
    if built.error_count:
        return Cell(tag=f"{built.error_count} to fix", colour="red")
    return Cell(tag="Passes the validator", colour="green")


def returns_card(request: Any) -> Panel | None:
    if not may_generate_returns(request.user):
        return None
    rows = []
    for kind in ReturnKind:  # one query per kind of return, served by the (kind, year, requested) index
        built = (
            GeneratedReturn.objects.defer("files", "validation")
            .filter(kind=kind)
            .order_by("-requested_at", "-pk")
            .first()
        )
        when = f"{built.collection_year}, built {timezone.localtime(built.requested_at):%-d %b %Y}" if built else ""
        link = reverse("interchange:return", args=[built.pk]) if built else ""
        rows.append((Cell(kind.label, link), Cell(when), _state(built)))
    return home_card(
        45,
        "returns",
        "DfE returns",
        headers=("Return", "Latest", "Validator"),
        rows=rows,
        link=Link("Build or check a return", reverse("interchange:index")),
        links=[Link("Return health: errors and queries by rule and team", reverse("interchange:health"))],
    )
