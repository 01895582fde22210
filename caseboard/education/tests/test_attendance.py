from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from caseboard.education import selectors, services
from caseboard.education.models import Attendance, AttendanceImport

MONDAY = date(2020, 3, 23)


def test_a_week_is_imported_and_the_isolating_child_is_listed(council):
    text = "child,date,code\nC1,2020-03-23,isolating\nC1,2020-03-24,attending\nC2,2020-03-23,setting_closed\n"
    batch = services.attendance_import(user=council.worker, week_starting=MONDAY, file_name="w.csv", text=text)
    assert batch.rows == 3
    mine = list(selectors.not_attending(user=council.worker, week_starting=MONDAY, worker=council.worker))
    assert [(a.child, a.code) for a in mine] == [(council.own_child, "isolating")]
    team = selectors.not_attending(user=council.worker, week_starting=MONDAY)
    assert {a.child for a in team} == {council.own_child, council.team_child}


def test_a_file_with_problems_writes_nothing_and_names_every_line(council):
    text = (
        "child,date,code\nC1,2020-03-23,isolating\nZZ9,2020-03-23,attending\n"
        "C1,2020-04-01,attending\nC2,2020-03-24,sick\n"
    )
    with pytest.raises(ValidationError) as error:
        services.attendance_import(user=council.worker, week_starting=MONDAY, file_name="w.csv", text=text)
    problems = error.value.message_dict["file"]
    assert any(p.startswith("Line 3, child") for p in problems)
    assert any(p.startswith("Line 4, date") for p in problems)
    assert any(p.startswith("Line 5, code") for p in problems)
    assert not Attendance.objects.exists() and not AttendanceImport.objects.exists()


def test_a_child_the_importer_may_not_see_is_unknown(council):
    text = "child,date,code\nC3,2020-03-23,attending\n"
    with pytest.raises(ValidationError):
        services.attendance_import(user=council.worker, week_starting=MONDAY, file_name="w.csv", text=text)


def test_reimport_replaces_the_day(council):
    services.attendance_record(child=council.own_child, day=MONDAY, code="attending", recorded_by=council.worker)
    text = "child,date,code\nC1,2020-03-23,isolating\n"
    services.attendance_import(user=council.worker, week_starting=MONDAY, file_name="w.csv", text=text)
    assert Attendance.objects.get().code == "isolating"


def test_pages(client, council):
    client.force_login(council.worker)
    upload = SimpleUploadedFile("w.csv", b"child,date,code\nC1,2020-03-23,nope\n", content_type="text/csv")
    response = client.post("/education/attendance/import/", {"week_starting": "2020-03-23", "file": upload})
    assert response.status_code == 200 and b"Line 2, code" in response.content
    upload = SimpleUploadedFile("w.csv", b"child,date,code\nC1,2020-03-23,isolating\n", content_type="text/csv")
    response = client.post("/education/attendance/import/", {"week_starting": "2020-03-23", "file": upload})
    assert response.status_code == 302
    response = client.get(response["Location"])
    assert b"Ava Brown" in response.content and b"Isolating" in response.content
