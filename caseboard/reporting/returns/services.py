"""Writes of the reporting app: storing a return (never changed afterwards) and recording who downloaded it; and
the comparison of a stored return with a re-run now."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from caseboard.accounts.models import User

from ..models import DownloadFormat, ReturnDownload, ReturnKind, StoredReturn
from ..survey.selectors import survey_cells, survey_snapshot
from .selectors import monday_of, weekly_cells, weekly_visits_return


def figures_hash(figures: dict[str, Any]) -> str:
    """SHA-256 of the figures as canonical JSON (sorted keys, no spaces): the same figures give the same hash."""
    text = json.dumps(figures, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def return_period(*, kind: str, start: date) -> tuple[date, date]:
    """The dates a return covers: a weekly visits return Monday to Sunday; a survey the 7 days ending on its
    snapshot date (``start`` is the snapshot date for a survey)."""
    if kind == ReturnKind.WEEKLY_VISITS:
        return start, start + timedelta(days=6)
    return start - timedelta(days=6), start


def council_figures(*, kind: str, period_start: date, period_end: date) -> dict[str, Any]:
    """A return's figures over the whole council, computed now (the statutory figures: no user's view applies)."""
    if kind == ReturnKind.WEEKLY_VISITS:
        return weekly_visits_return(children=None, week_start=period_start).figures()
    return survey_snapshot(children=None, on=period_end).figures()


def figure_cells(*, kind: str, figures: dict[str, Any]) -> dict[tuple[str, str], str]:
    return weekly_cells(figures) if kind == ReturnKind.WEEKLY_VISITS else survey_cells(figures)


@transaction.atomic
def stored_return_generate(
    *, kind: str, start: date, generated_by: User | None, only_if_missing: bool = False
) -> StoredReturn:
    """Compute a return over the whole council and keep it as it stands now, with a hash of its figures.
    ``generated_by`` None means the schedule. With ``only_if_missing`` (the Monday job, run by cron or the
    worker) an existing scheduled return for the same period is returned instead of a second one."""
    if kind not in ReturnKind.values:
        raise ValidationError({"kind": "Select the kind of return"})
    if kind == ReturnKind.WEEKLY_VISITS and start.weekday() != 0:
        raise ValidationError({"week": "The week of a weekly visits return starts on a Monday"})
    today = timezone.localdate()
    period_start, period_end = return_period(kind=kind, start=start)
    if period_start > today:
        raise ValidationError({"week": "The week must have started: choose this week or an earlier one"})
    if only_if_missing:
        existing = StoredReturn.objects.filter(kind=kind, period_start=period_start, generated_by__isnull=True).first()
        if existing is not None:
            return existing
    figures = council_figures(kind=kind, period_start=period_start, period_end=period_end)
    stored = StoredReturn(
        kind=kind,
        period_start=period_start,
        period_end=period_end,
        generated_at=timezone.now(),
        generated_by=generated_by,
        figures=figures,
        content_hash=figures_hash(figures),
    )
    stored.full_clean()
    stored.save()
    return stored


def weekly_return_store_previous(*, today: date) -> StoredReturn:
    """The Monday job: store last week's weekly visits return (Monday to Sunday before ``today``'s week), once."""
    return stored_return_generate(
        kind=ReturnKind.WEEKLY_VISITS,
        start=monday_of(today) - timedelta(days=7),
        generated_by=None,
        only_if_missing=True,
    )


def return_download_record(*, stored_return: StoredReturn, user: User, format: str) -> ReturnDownload:
    """Note that ``user`` downloaded a stored return in ``format`` (csv, xlsx, json, pdf)."""
    if format not in DownloadFormat.values:
        raise ValidationError({"format": "Choose CSV, Excel, JSON or PDF"})
    download = ReturnDownload(
        stored_return=stored_return, downloaded_by=user, downloaded_at=timezone.now(), format=format
    )
    download.save()
    return download


@dataclass(frozen=True)
class Difference:
    row: str
    column: str
    stored: str
    now: str


def rerun_differences(stored: StoredReturn) -> list[Difference]:
    """Cell by cell, what a re-run of a stored return now would change (e.g. after a visit entered late). The stored
    return itself is never changed."""
    now = council_figures(kind=stored.kind, period_start=stored.period_start, period_end=stored.period_end)
    before = figure_cells(kind=stored.kind, figures=stored.figures)
    after = figure_cells(kind=stored.kind, figures=now)
    return [
        Difference(row, column, before.get((row, column), ""), after.get((row, column), ""))
        for row, column in dict.fromkeys([*before, *after])
        if before.get((row, column)) != after.get((row, column))
    ]
