"""CSV and Excel downloads of the family time reports, through the shared export helpers (bold header, frozen
panes, ``0.00`` for percentages, text that never becomes a formula)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.http import HttpResponse

from caseboard.core.exports import PERCENT_FORMAT, csv_response, xlsx_response


def download(fmt: str, name: str, headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> HttpResponse:
    """One report table as ``name.csv`` or ``name.xlsx``; columns holding decimals are shown as percentages."""
    rows = [list(row) for row in rows]
    if fmt != "xlsx":
        return csv_response(f"{name}.csv", headers, rows)
    formats = {index: PERCENT_FORMAT for row in rows for index, value in enumerate(row) if isinstance(value, Decimal)}
    return xlsx_response(f"{name}.xlsx", [(name, headers, rows, formats)])
