import json
from datetime import date

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import load_workbook

pytestmark = pytest.mark.django_db

HAND_BUILT_CSV = (
    "group,total,physical,physical_pct,virtual,virtual_pct\n"
    "CIN,7,4,57.14,3,42.86\n"
    "CP,2,1,50.00,1,50.00\n"
    "LAC,2,1,50.00,1,50.00\n"
    "All,11,6,54.55,5,45.45\n"
)


def test_csv_of_a_hand_built_week_counts_the_whole_council(week, capsys):
    call_command("report", "weekly-visits", "--week", "2026-03-23", "--format", "csv")
    assert capsys.readouterr().out == HAND_BUILT_CSV


def test_a_date_that_is_not_a_monday_is_moved_to_its_monday(week, capsys):
    call_command("report", "weekly-visits", "--week", "2026-03-29", "--format", "csv")
    captured = capsys.readouterr()
    assert captured.out == HAND_BUILT_CSV
    assert "Sunday 29 March 2026 is not a Monday" in captured.err


def test_json(week, capsys):
    call_command("report", "weekly-visits", "--week", "2026-03-23", "--format", "json")
    data = json.loads(capsys.readouterr().out)
    assert data["week_start"] == "2026-03-23"
    assert data["rows"][0] == {
        "group": "CIN",
        "total": 7,
        "physical": 4,
        "physical_pct": "57.14",
        "virtual": 3,
        "virtual_pct": "42.86",
    }


def test_xlsx_has_bold_headers_frozen_panes_and_percent_formats(week, tmp_path):
    path = tmp_path / "week.xlsx"
    call_command("report", "weekly-visits", "--week", "2026-03-23", "--format", "xlsx", "--output", str(path))
    sheet = load_workbook(path).active
    assert [cell.value for cell in sheet[1]] == ["group", "total", "physical", "physical_pct", "virtual", "virtual_pct"]
    assert all(cell.font.bold for cell in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert [cell.value for cell in sheet[5]] == ["All", 11, 6, 54.55, 5, 45.45]
    assert sheet["D2"].number_format == "0.00"
    assert sheet["F5"].number_format == "0.00"
    assert sheet["B2"].number_format == "General"


def test_output_file_and_bad_arguments(week, tmp_path):
    path = tmp_path / "week.csv"
    call_command("report", "weekly-visits", "--week", "2026-03-23", "--output", str(path))
    assert path.read_text() == HAND_BUILT_CSV
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("report", "weekly-visits", "--week", "23/03/2026")
    with pytest.raises(CommandError, match="--output"):
        call_command("report", "weekly-visits", "--week", "2026-03-23", "--format", "xlsx")


def test_survey_command(week, capsys, tmp_path):
    call_command("report", "survey", "--date", "2026-03-29", "--format", "csv")
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == (
        "group,children,seen_in_person,seen_in_person_pct,seen_virtually,seen_virtually_pct,not_seen,not_seen_pct"
    )
    assert lines[1] == "LAC,1,1,100.00,0,0.00,0,0.00"
    path = tmp_path / "survey.xlsx"
    call_command("report", "survey", "--date", "2026-03-29", "--format", "xlsx", "--output", str(path))
    workbook = load_workbook(path)
    assert workbook.sheetnames == ["Cohorts", "Referrals and starts"]
    assert workbook["Referrals and starts"]["A2"].number_format == "dd/mm/yyyy"


def test_the_covid_2020_scenario_prints_seed_004s_table_exactly(capsys):
    call_command("seed_demo", scenario="covid-2020", children=1500, seed=1)
    capsys.readouterr()
    call_command("report", "weekly-visits", "--week", "2020-05-11", "--format", "csv")
    assert capsys.readouterr().out == (
        "group,total,physical,physical_pct,virtual,virtual_pct\n"
        "CIN,438,387,88.36,51,11.64\n"
        "CP,342,318,92.98,24,7.02\n"
        "LAC,147,116,78.91,31,21.09\n"
        "All,927,821,88.57,106,11.43\n"
    )
    assert date(2020, 5, 11).weekday() == 0
    # The survey's staff unavailable because of COVID-19 on 4 June 2020, from the workforce's availability.
    call_command("report", "survey", "--date", "2020-06-04", "--format", "json")
    figures = json.loads(capsys.readouterr().out)
    assert figures["staff_unavailable"] == "Social workers 11 of 134 (8.21%); residential staff 0 of 5 (0.00%)"
    assert figures["staff_unavailable_groups"][0]["more_than_threshold"] is False
