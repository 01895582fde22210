"""Family time downloads use the shared export helpers: a name never becomes a live formula."""

from __future__ import annotations

import io
from decimal import Decimal

from openpyxl import load_workbook

from caseboard.familytime.exports import download

HEADERS = ["Child", "Team", "Share direct"]
ROWS = [['=HYPERLINK("http://example.invalid")', "CIN team 1", Decimal("33.33")]]


def test_csv_neutralises_formula_characters():
    response = download("csv", "report", HEADERS, ROWS)
    assert response["Content-Disposition"] == 'attachment; filename="report.csv"'
    lines = response.content.decode().splitlines()
    assert lines[0] == "Child,Team,Share direct"
    assert lines[1].startswith("\"'=HYPERLINK(")


def test_xlsx_writes_text_as_text_and_percentages_as_numbers():
    response = download("xlsx", "report", HEADERS, ROWS)
    assert response["Content-Disposition"] == 'attachment; filename="report.xlsx"'
    sheet = load_workbook(io.BytesIO(response.content)).active
    name, _, share = (cell for cell in sheet[2])
    assert name.data_type == "s" and name.value.startswith("=HYPERLINK") and name.quotePrefix
    assert share.value == 33.33 and share.number_format == "0.00"
    assert [cell.value for cell in sheet[1]] == HEADERS and sheet.freeze_panes == "A2"
