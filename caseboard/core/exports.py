"""Downloads of tables (reports, family time, workforce...): CSV and XLSX, the same rows as the page shows.

``csv_response(filename, headers, rows)`` and ``xlsx_response(filename, sheets)``, where ``sheets`` is a list of
``(title, headers, rows, number_formats)`` and ``number_formats`` maps a column index (0-based) to an openpyxl number
format such as ``"0.00"``. Both return an attachment. Text never becomes a formula: CSV cells that start with a
formula character get a leading apostrophe, and XLSX cells are written as text."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PERCENT_FORMAT = "0.00"  # percentages are stored as numbers such as 88.36, not fractions
DATE_FORMAT = "dd/mm/yyyy"

Sheet = tuple[str, Sequence[str], Iterable[Sequence[Any]], Mapping[int, str]]


def _attachment(response: HttpResponse, filename: str) -> HttpResponse:
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# A spreadsheet treats text starting with one of these as a formula (OWASP "CSV injection"): a child named
# "=HYPERLINK(...)" must come out as the name, not as a live link.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralised(value: Any) -> Any:
    """Text that a spreadsheet would read as a formula, with a leading apostrophe so it stays text."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_text(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """The table as CSV text (dates ISO, decimals as written, e.g. 88.36); text that a spreadsheet would read as a
    formula is neutralised."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([neutralised(header) for header in headers])
    for row in rows:
        writer.writerow(["" if value is None else neutralised(value) for value in row])
    return buffer.getvalue()


def csv_response(filename: str, headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> HttpResponse:
    """The table as a CSV download."""
    response = HttpResponse(csv_text(headers, rows), content_type="text/csv; charset=utf-8")
    return _attachment(response, filename)


def _cell_value(value: Any) -> Any:
    # openpyxl writes Decimal as a number; dates stay dates so Excel can sort them.
    if isinstance(value, Decimal):
        return float(value)
    return value


def _as_text(cell: Any) -> None:
    """Text is written as text, never as a formula (openpyxl reads a string starting with "=" as one), and marked
    so that editing the cell in Excel keeps it text."""
    if isinstance(cell.value, str):
        cell.data_type = "s"
        if cell.value.startswith(FORMULA_STARTS):
            cell.quotePrefix = True


def xlsx_bytes(sheets: Sequence[Sheet]) -> bytes:
    """A workbook with one sheet per table: bold header row, panes frozen below it, number formats by column."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, headers, rows, number_formats in sheets:
        sheet = workbook.create_sheet(title=title[:31])
        sheet.append(list(headers))
        for cell in sheet[1]:
            cell.font = Font(bold=True)
            _as_text(cell)
        widths = [len(str(header)) for header in headers]
        for row in rows:
            sheet.append([_cell_value(value) for value in row])
            for cell in sheet[sheet.max_row]:
                _as_text(cell)
            for index, value in enumerate(row):
                if index < len(widths):
                    widths[index] = max(widths[index], len(str(value)))
        for index, number_format in number_formats.items():
            for (cell,) in sheet.iter_rows(min_row=2, min_col=index + 1, max_col=index + 1):
                cell.number_format = number_format
        for column in range(1, sheet.max_column + 1):
            for (cell,) in sheet.iter_rows(min_row=2, min_col=column, max_col=column):
                if isinstance(cell.value, date | datetime) and column - 1 not in number_formats:
                    cell.number_format = DATE_FORMAT
        for index, width in enumerate(widths, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = min(max(width + 2, 10), 60)
        sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_response(filename: str, sheets: Sequence[Sheet]) -> HttpResponse:
    """The tables as an Excel download."""
    return _attachment(HttpResponse(xlsx_bytes(sheets), content_type=XLSX_CONTENT_TYPE), filename)
