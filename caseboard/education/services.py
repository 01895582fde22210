"""Every write to education records: attendance from a school's or the council's file, and by hand."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction

from caseboard.accounts.models import User
from caseboard.people.models import Child
from caseboard.people.selectors import children_visible_to

from .models import Attendance, AttendanceCode, AttendanceImport

COLUMNS = ("child", "date", "code")
CODES = {code.value for code in AttendanceCode}


def _parse(*, user: User, week_starting: date, text: str) -> tuple[list[tuple[int, date, str]], list[str]]:
    """The file's rows as (child id, day, code), and every problem by line and field."""
    problems: list[str] = []
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        return [], [f"Line 1: the file has no column {', '.join(missing)} (it needs child, date, code)"]
    raw = list(reader)
    wanted = {(row.get("child") or "").strip() for row in raw}
    children = dict(children_visible_to(user).filter(local_id__in=wanted).values_list("local_id", "pk"))
    week_end = week_starting + timedelta(days=6)
    rows: list[tuple[int, date, str]] = []
    seen: set[tuple[int, date]] = set()
    for line, row in enumerate(raw, start=2):
        local_id = (row.get("child") or "").strip()
        child_id = children.get(local_id)
        if child_id is None:
            problems.append(f"Line {line}, child: no child with the local ID {local_id or '(blank)'}")
        day_text = (row.get("date") or "").strip()
        try:
            day = date.fromisoformat(day_text)
        except ValueError:
            problems.append(f"Line {line}, date: enter the date as YYYY-MM-DD, not {day_text or '(blank)'}")
            day = None
        if day is not None and not week_starting <= day <= week_end:
            problems.append(
                f"Line {line}, date: {day:%d/%m/%Y} is outside the week {week_starting:%d/%m/%Y} to {week_end:%d/%m/%Y}"
            )
            day = None
        code = (row.get("code") or "").strip().lower()
        if code not in CODES:
            listed = ", ".join(sorted(CODES))
            problems.append(f"Line {line}, code: {code or '(blank)'} is not an attendance code ({listed})")
        if child_id is not None and day is not None and code in CODES:
            if (child_id, day) in seen:
                problems.append(f"Line {line}: the child {local_id} is already in the file for {day:%d/%m/%Y}")
            seen.add((child_id, day))
            rows.append((child_id, day, code))
    if not raw:
        problems.append("Line 2: the file has no rows")
    return rows, problems


@transaction.atomic
def attendance_import(*, user: User, week_starting: date, file_name: str, text: str) -> AttendanceImport:
    """Import a week's attendance: every row or none. A child and day already recorded take the file's code."""
    if week_starting.weekday() != 0:
        raise ValidationError({"week_starting": "The week must start on a Monday"})
    rows, problems = _parse(user=user, week_starting=week_starting, text=text)
    if problems:
        raise ValidationError({"file": problems})
    batch = AttendanceImport.objects.create(
        week_starting=week_starting, file_name=file_name[:200], rows=len(rows), imported_by=user
    )
    existing = _existing(rows)
    for start in range(0, len(existing), 500):
        Attendance.objects.filter(pk__in=existing[start : start + 500]).delete()
    Attendance.objects.bulk_create(
        [Attendance(child_id=c, day=d, code=code, source=batch, recorded_by=user) for c, d, code in rows],
        batch_size=2000,
    )
    return batch


def _existing(rows: list[tuple[int, date, str]]) -> list[int]:
    keys = {(c, d) for c, d, _ in rows}
    days = {d for _, d, _ in rows}
    children = {c for c, _, _ in rows}
    found = Attendance.objects.filter(child_id__in=children, day__in=days).values_list("pk", "child_id", "day")
    return [pk for pk, c, d in found if (c, d) in keys]


@transaction.atomic
def attendance_record(*, child: Child, day: date, code: str, recorded_by: User) -> Attendance:
    """Record (or correct) one child's attendance on one day by hand."""
    if code not in CODES:
        raise ValidationError({"code": "Select an attendance code"})
    attendance, _ = Attendance.objects.update_or_create(
        child=child, day=day, defaults={"code": code, "recorded_by": recorded_by, "source": None}
    )
    return attendance
