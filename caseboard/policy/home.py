"""Home page card: the operating model in force, drafts waiting for approval and versions starting soon."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone

from caseboard.core.home import Cell, Figure, Link, home_card
from caseboard.core.hooks import Panel

from .models import OperatingModelVersion, VersionStatus
from .rules import manages_operating_models
from .selectors import version_in_force


def operating_model_card(request: Any) -> Panel | None:
    if not manages_operating_models(request.user):
        return None
    today = timezone.localdate()
    in_force = version_in_force(today)
    waiting = list(
        OperatingModelVersion.objects.filter(operating_model__is_council_model=True)
        .filter(status=VersionStatus.DRAFT)
        .select_related("operating_model")
        .order_by("effective_from", "number")
    )
    starting = list(
        OperatingModelVersion.objects.filter(
            operating_model__is_council_model=True, status=VersionStatus.APPROVED, effective_from__gt=today
        )
        .select_related("operating_model")
        .order_by("effective_from", "number")
    )
    rows = [
        (
            Cell(str(version), reverse("policy:version", args=[version.pk])),
            Cell(f"from {version.effective_from:%-d %b %Y}"),
            Cell(tag="Draft", colour="grey")
            if version.status == VersionStatus.DRAFT
            else Cell(tag="Approved", colour="green"),
        )
        for version in [*waiting, *starting]
    ]
    figures = [Figure("drafts waiting for approval", len(waiting), reverse("policy:index"), warning=bool(waiting))]
    in_force_text = (
        f"In force: {in_force}, since {in_force.effective_from:%-d %B %Y}." if in_force else "No version is in force."
    )
    return home_card(
        50,
        "operating-model",
        "Operating model",
        figures=figures,
        headers=("Version", "In force", "Status"),
        rows=rows,
        empty="" if in_force else in_force_text,
        links=[Link(in_force_text, reverse("policy:version", args=[in_force.pk]))] if in_force else [],
        link=Link("See the operating model", reverse("policy:index")),
    )
