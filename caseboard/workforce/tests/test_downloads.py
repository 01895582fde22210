"""CSV and XLSX downloads of the workforce reports: the page's figures, text that never becomes a formula, no-store,
the health reason only for those who may see it, and an audit entry for every person a download names."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from openpyxl import load_workbook

from caseboard.accounts.models import User
from caseboard.workforce import reports, services
from caseboard.workforce.models import Availability, DeskCapacity, Office, PpeStock

pytestmark = pytest.mark.django_db

ON = date(2020, 6, 4)


def _period(person, status, start, end=None, covid=False):
    return Availability.objects.create(
        person=person,
        status=status,
        starts_on=start,
        ends_on=end,
        is_covid_related=covid,
        recorded_by=person,
        recorded_at=timezone.now(),
    )


def _csv(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode())))


def _sheets(response) -> dict[str, list[tuple]]:
    workbook = load_workbook(io.BytesIO(response.content))
    return {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in workbook.worksheets}


@pytest.fixture
def away(wf):
    council = wf.council
    _period(council.worker, "self_isolating", date(2020, 6, 1), date(2020, 6, 10))
    _period(council.colleague, "annual_leave", date(2020, 6, 3), date(2020, 6, 5))
    return wf


def test_availability_by_week_downloads_as_csv_and_xlsx(away, client):
    council = away.council
    client.force_login(council.manager)
    response = client.get("/workforce/reports/availability/", {"date": "2020-06-04", "format": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="availability-by-team-by-week-2020-06-04.csv"' in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    rows = _csv(response)
    assert rows[0] == ["Week beginning", "Service", "Team", "Staff", "Available every working day", "Available (%)"]
    week = [r for r in rows[1:] if r[0] == "2020-06-01" and r[2] == council.cin_team.name]
    weeks = reports.availability_by_week(
        teams=council.cin_team.__class__.objects.filter(pk=council.cin_team.pk), end=ON, weeks=1
    )
    staff, available = weeks.weeks[0].teams[council.cin_team.pk]
    assert week == [
        [
            "2020-06-01",
            council.cin_team.service.name,
            council.cin_team.name,
            str(staff),
            str(available),
            str(reports.percent(available, staff)),
        ]
    ]
    assert available == staff - 2  # the worker isolating and the colleague on leave that week

    response = client.get("/workforce/reports/availability/", {"date": "2020-06-04", "format": "xlsx"})
    sheets = _sheets(response)
    assert set(sheets) == {"Availability by team by week", "Unavailable because of COVID-19"}
    assert sheets["Unavailable because of COVID-19"][1][0] == "Social workers"
    assert sheets["Unavailable because of COVID-19"][1][2] == 1


def test_checkins_and_ppe_download(wf, client):
    council = wf.council
    office = Office.objects.create(name='=HYPERLINK("http://x")', ppe_lead=council.manager)
    DeskCapacity.objects.create(
        office=office, effective_from=ON, desks=4, risk_assessment="COVID-secure", recorded_by=council.manager
    )
    stock = PpeStock.objects.create(office=office, item="gloves", reorder_level=10)
    services.ppe_delivery_record(stock=stock, quantity=100, recorded_by=council.manager, on=ON)
    client.force_login(council.manager)
    response = client.get("/workforce/reports/ppe/", {"from": "2020-06-01", "to": "2020-06-30", "format": "csv"})
    rows = _csv(response)
    assert rows[0][0] == "Office" and rows[0][-1] == "In stock"
    assert rows[1][0].startswith("'=HYPERLINK")  # neutralised: a spreadsheet shows it as text
    assert rows[1][2] == "100" and rows[1][-1] == "100"
    response = client.get("/workforce/reports/ppe/", {"from": "2020-06-01", "to": "2020-06-30", "format": "xlsx"})
    workbook = load_workbook(io.BytesIO(response.content))
    cell = workbook["PPE by office"]["A2"]
    assert cell.data_type == "s" and cell.value.startswith("=HYPERLINK")
    response = client.get("/workforce/reports/check-ins/", {"from": "2020-06-01", "to": "2020-06-30", "format": "csv"})
    rows = _csv(response)
    assert rows[0] == ["Check-in or supervision", "Cadence", "Due", "On time", "Late or missed", "On time (%)"]
    page = client.get("/workforce/reports/check-ins/", {"from": "2020-06-01", "to": "2020-06-30"})
    for row in reports.on_time_by_kind(start=date(2020, 6, 1), end=date(2020, 6, 30)):
        assert [row.label, row.cadence, str(row.result.due)] in [r[:3] for r in rows[1:]]
    assert b"format=csv" in page.content and b"format=xlsx" in page.content


def test_staff_unavailable_hides_the_health_reason_from_others(away, client):
    council = away.council
    other_manager = council.head  # a head of service sees the team, but is not the worker's line manager
    table = reports.unavailable_staff(viewer=other_manager, on=ON)
    by_name = {p.person.pk: p for p in table}
    assert by_name[council.worker.pk].availability == "Unavailable until 10 June 2020"
    assert by_name[council.worker.pk].covid is None
    assert by_name[council.colleague.pk].availability == "Annual leave until 5 June 2020"
    assert by_name[council.colleague.pk].covid is False
    mine = {p.person.pk: p for p in reports.unavailable_staff(viewer=council.manager, on=ON)}
    assert mine[council.worker.pk].availability == "Self-isolating until 10 June 2020"
    assert mine[council.worker.pk].covid is True
    hr = {p.person.pk: p for p in reports.unavailable_staff(viewer=away.hr, on=ON)}
    assert hr[council.worker.pk].availability.startswith("Self-isolating")

    client.force_login(other_manager)
    response = client.get("/workforce/reports/staff-unavailable/", {"date": "2020-06-04", "format": "csv"})
    assert "no-store" in response["Cache-Control"]
    text = response.content.decode()
    assert "Self-isolating" not in text and "Unavailable until 10 June 2020" in text


def test_staff_unavailable_download_audits_every_person_named(away, client):
    council = away.council
    client.force_login(council.manager)
    user_type = ContentType.objects.get_for_model(User)
    before = LogEntry.objects.filter(content_type=user_type, action=LogEntry.Action.ACCESS).count()
    response = client.get("/workforce/reports/staff-unavailable/", {"date": "2020-06-04", "format": "xlsx"})
    assert response.status_code == 200
    sheets = _sheets(response)
    names = {row[0] for row in sheets["Staff unavailable"][1:]}
    assert names == {council.worker.get_full_name(), council.colleague.get_full_name()}
    entries = LogEntry.objects.filter(content_type=user_type, action=LogEntry.Action.ACCESS).order_by("pk")[before:]
    assert {int(e.object_pk) for e in entries} == {council.worker.pk, council.colleague.pk}
    assert all(e.actor_id == council.manager.pk for e in entries)
    assert all("staff unavailable (xlsx)" in e.additional_data["via"] for e in entries)
    shown = float(reports.staff_unavailable(on=ON).social_workers.percent)
    assert sheets["Unavailable because of COVID-19"][1][3] == shown


def test_staff_unavailable_page_queries_do_not_grow_with_staff(away, client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from caseboard.conftest import make_user

    council = away.council
    client.force_login(council.manager)
    client.get("/workforce/reports/staff-unavailable/", {"date": "2020-06-04"})  # warm the per-process caches
    with CaptureQueriesContext(connection) as few:
        client.get("/workforce/reports/staff-unavailable/", {"date": "2020-06-04"})
    for n in range(6):
        person = make_user(f"extra{n}", "social_worker", council.cin_team, line_manager=council.manager)
        _period(person, "sick", date(2020, 6, 1), date(2020, 6, 8), covid=bool(n % 2))
    with CaptureQueriesContext(connection) as many:
        response = client.get("/workforce/reports/staff-unavailable/", {"date": "2020-06-04"})
    assert response.status_code == 200
    assert len(many) == len(few)


def test_reports_refused_to_a_social_worker(away, client):
    client.force_login(away.council.worker)
    for url in ("/workforce/reports/staff-unavailable/", "/workforce/reports/ppe/"):
        assert client.get(url, {"format": "csv"}).status_code == 403


def test_percent_columns_are_numbers_in_the_workbook(away, client):
    client.force_login(away.council.manager)
    response = client.get("/workforce/reports/availability/", {"date": "2020-06-04", "format": "xlsx"})
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook["Availability by team by week"]
    assert sheet["F2"].number_format == "0.00"
    assert isinstance(sheet["F2"].value, int | float)
    assert Decimal(str(sheet["D2"].value)) >= 0
