"""Downloads are safe to open and accounted for: no formula comes alive in a spreadsheet, every download of named
children is audited like a view of each record, and nothing personal stays in a cache."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from auditlog.models import LogEntry
from django.urls import reverse
from openpyxl import load_workbook

from caseboard.reporting import exports

from .test_timeliness import assessment

DANGEROUS = ['=HYPERLINK("http://x","y")', "+1", "-2+3", "@SUM(A1)", "\tx", "\rx"]


def test_csv_neutralises_every_formula_character():
    single_line = [value for value in DANGEROUS if "\r" not in value]
    text = exports.csv_text(["Name", "Count"], [[value, -5] for value in single_line])
    rows = list(csv.reader(io.StringIO(text, newline="")))[1:]
    assert [row[0] for row in rows] == ["'" + value for value in single_line]
    assert exports.csv_text(["Name"], [["\rx"]]) == "Name\n'\rx\n"
    assert {row[1] for row in rows} == {"-5"}  # numbers are numbers, negative or not
    assert exports.neutralised("Ava") == "Ava" and exports.neutralised(3) == 3


def test_xlsx_writes_text_as_text_never_as_a_formula():
    workbook = load_workbook(io.BytesIO(exports.xlsx_bytes([("Children", ["Name"], [[v] for v in DANGEROUS], {})])))
    sheet = workbook["Children"]
    cells = [sheet.cell(row=row, column=1) for row in range(2, 2 + len(DANGEROUS))]
    assert [cell.value for cell in cells] == DANGEROUS
    assert {cell.data_type for cell in cells} == {"s"}
    assert all(cell.quotePrefix for cell in cells)


@pytest.mark.django_db
def test_a_child_named_like_a_formula_downloads_as_text_and_the_download_is_audited(client, council):
    child = council.own_child
    child.first_name = '=HYPERLINK("http://evil.example","Click")'
    child.save()
    assessment(child, date(2020, 4, 1), date(2020, 6, 9), council.worker)
    client.force_login(council.performance)
    url = reverse("reporting:timeliness-records", args=["assessments"])
    before = LogEntry.objects.filter(action=LogEntry.Action.ACCESS).count()
    csv = client.get(url, {"from": "2020-06-01", "to": "2020-06-30", "format": "csv"})
    assert csv.status_code == 200
    assert "'=HYPERLINK" in csv.content.decode() and ",=HYPERLINK" not in csv.content.decode()
    assert "no-store" in csv["Cache-Control"]
    xlsx = client.get(url, {"from": "2020-06-01", "to": "2020-06-30", "format": "xlsx"})
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    names = [cell for row in sheet.iter_rows(min_row=2) for cell in row if "HYPERLINK" in str(cell.value)]
    assert names and all(cell.data_type == "s" for cell in names)
    entries = LogEntry.objects.filter(action=LogEntry.Action.ACCESS).order_by("pk")[before:]
    assert [(e.object_pk, e.actor, e.additional_data["via"]) for e in entries] == [
        (str(child.pk), council.performance, "Timeliness records download (csv)"),
        (str(child.pk), council.performance, "Timeliness records download (xlsx)"),
    ]
    assert all(entry.remote_addr == "127.0.0.1" for entry in entries)


@pytest.mark.django_db
def test_demand_downloads_are_audited_for_each_child(client, council):
    from django.utils import timezone

    from caseboard.frontdoor.models import Referral

    for child in (council.own_child, council.team_child):
        Referral.objects.create(
            child=child,
            received_on=date(2020, 6, 3),
            source="1A",
            primary_need="N1",
            recorded_by=council.worker,
            recorded_at=timezone.now(),
        )
    client.force_login(council.performance)
    response = client.get(
        reverse("reporting:demand-records"),
        {"what": "referrals", "from": "2020-06-01", "to": "2020-06-30", "format": "csv"},
    )
    assert response.status_code == 200
    audited = set(
        LogEntry.objects.filter(
            action=LogEntry.Action.ACCESS, additional_data__via="Demand records download (csv)"
        ).values_list("object_pk", flat=True)
    )
    assert audited == {str(council.own_child.pk), str(council.team_child.pk)}
