"""Importing staff from a CSV file: all or nothing, every problem by line and column."""

from __future__ import annotations

import pytest
from auditlog.models import LogEntry

from caseboard.accounts.models import Role, StaffChange, User
from caseboard.accounts.staff_import import COLUMNS, StaffImportError, staff_import, template_csv

HEADER = ",".join(COLUMNS)


def _csv(*lines: str) -> bytes:
    return ("\r\n".join([HEADER, *lines]) + "\r\n").encode()


@pytest.mark.django_db
def test_a_good_file_adds_everyone_with_line_managers_from_the_file_or_caseboard(council):
    data = _csv(
        "asmith,Amy,Smith,amy@example.org,Social worker,CIN team 1,tjones,Social worker,",
        "tjones,Tom,Jones,tom@example.org,team_manager,CIN team 1;CIN team 2,head,Team manager,",
        "bnew,Bea,New,bea@example.org,Personal adviser,CP team 1,manager,,",
    )
    created = staff_import(data=data, imported_by=council.admin, send_password_links=False)
    assert [member.username for member in created] == ["asmith", "tjones", "bnew"]
    amy, tom, bea = created
    assert amy.line_manager == tom and tom.line_manager == council.head and bea.line_manager == council.manager
    assert sorted(team.name for team in tom.teams.all()) == ["CIN team 1", "CIN team 2"]
    assert tom.role == Role.TEAM_MANAGER and bea.role == Role.PERSONAL_ADVISER
    assert StaffChange.objects.filter(member__in=created, note="Imported from a CSV file").count() == 3


@pytest.mark.django_db
def test_a_bad_file_lists_every_problem_by_line_and_column_and_writes_nothing(council):
    data = _csv(
        "asmith,Amy,Smith,amy@example.org,Social worker,CIN team 1,,,",
        "asmith,Ann,Smith,AMY@example.org,Social worker,CIN team 1,,,",
        "worker,Wes,Orker,wes@example.org,Wizard,,,,",
        "cnew,Cal,New,cal@example.org,Social worker,No such team,nobody.here,,",
        "dnew,,New,dee,Social worker,,,,",
    )
    users, changes, entries = User.objects.count(), StaffChange.objects.count(), LogEntry.objects.count()
    with pytest.raises(StaffImportError) as error:
        staff_import(data=data, imported_by=council.admin, send_password_links=True)
    problems = [(p.line, p.field, p.message) for p in error.value.problems]
    assert problems == [
        (3, "username", "The username asmith is also on line 2"),
        (3, "email", "The email address AMY@example.org is also on line 2"),
        (4, "username", "The username worker is already used by another member of staff"),
        (4, "role", "Wizard is not a role: use one of the roles in the guidance"),
        (5, "teams", "There is no team called No such team: add it first, or check the name"),
        (
            5,
            "line_manager",
            "No line manager nobody.here: give the username or email of someone already in Caseboard or on "
            "another line of the file",
        ),
        (6, "first_name", "Enter the first name"),
        (6, "email", "Enter an email address in the correct format, like name@example.org"),
        (6, "teams", "Select at least one team for a social worker"),
    ]
    assert User.objects.count() == users
    assert StaffChange.objects.count() == changes
    assert LogEntry.objects.count() == entries


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"", [(1, "file", "The file is empty: use the template, with one member of staff a line")]),
        (HEADER.encode() + b"\r\n", [(2, "file", "The file has no staff in it: add one member of staff a line")]),
        (b"username,first_name,colour\r\n", None),
        ("\ufeffusername,first_name,last_name,email,role\r\nzé,Zoé,Ré,z@ex.org,performance_officer\r\n".encode(), []),
        (b"\xff\xfe\x00bad", [(1, "file", "The file must be a CSV file saved as UTF-8")]),
    ],
)
@pytest.mark.django_db
def test_file_level_problems(council, data, expected):
    if expected == []:
        created = staff_import(data=data, imported_by=council.admin, send_password_links=False)
        assert created[0].first_name == "Zoé"
        return
    with pytest.raises(StaffImportError) as error:
        staff_import(data=data, imported_by=council.admin, send_password_links=False)
    problems = [(p.line, p.field, p.message) for p in error.value.problems]
    if expected is None:
        fields = {field for _, field, _ in problems}
        assert {"last_name", "email", "role", "colour"} <= fields
    else:
        assert problems == expected


@pytest.mark.django_db
def test_line_managers_in_a_loop_are_refused(council):
    data = _csv(
        "aone,A,One,a@example.org,Team manager,CIN team 1,btwo,,",
        "btwo,B,Two,b@example.org,Team manager,CIN team 1,aone,,",
    )
    with pytest.raises(StaffImportError) as error:
        staff_import(data=data, imported_by=council.admin, send_password_links=False)
    assert {(p.line, p.field) for p in error.value.problems} == {(2, "line_manager"), (3, "line_manager")}


@pytest.mark.django_db
def test_imported_staff_can_be_emailed_a_link(council, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        staff_import(
            data=_csv("asmith,Amy,Smith,amy@example.org,Social worker,CIN team 1,,,"),
            imported_by=council.admin,
            send_password_links=True,
        )
    assert [email.to for email in mailoutbox] == [["amy@example.org"]]


def test_the_template_is_the_header_row():
    assert template_csv() == HEADER + "\r\n"


@pytest.mark.django_db
def test_the_command_imports_all_or_nothing(council, tmp_path):
    from django.core.management import CommandError, call_command

    bad = tmp_path / "bad.csv"
    bad.write_bytes(_csv("asmith,Amy,Smith,amy@example.org,Wizard,CIN team 1,,,"))
    with pytest.raises(CommandError, match="Nobody imported: 1 problem"):
        call_command("import_staff", str(bad), "--by", "admin")
    with pytest.raises(CommandError, match="worker is not an active administrator"):
        call_command("import_staff", str(bad), "--by", "worker")
    good = tmp_path / "good.csv"
    good.write_bytes(_csv("asmith,Amy,Smith,amy@example.org,Social worker,CIN team 1,,,"))
    call_command("import_staff", str(good), "--by", "admin")
    assert User.objects.filter(username="asmith").exists()
