"""Import staff from a CSV file, for a council's first day: all or nothing, with every problem listed by line and
column. Each row is checked by the same rules as the Add a member of staff page (``services.staff_problems``), then
every row is added through ``services.staff_create`` in one transaction."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction

from . import services
from .models import Role, Service, Team, User

COLUMNS = ["username", "first_name", "last_name", "email", "role", "teams", "line_manager", "job_title", "service"]
REQUIRED_COLUMNS = ["username", "first_name", "last_name", "email", "role"]
COLUMN_HELP = {
    "username": ("What they sign in with: letters, numbers and @ . + - _", "sokafor"),
    "first_name": ("First name", "Sam"),
    "last_name": ("Last name", "Okafor"),
    "email": ("Their work email address: the link to set a password goes to it", "sam.okafor@northmoor.gov.uk"),
    "role": ("One of the roles below, by name or code", "Social worker"),
    "teams": ("The names of their teams, separated by semicolons (;). Needed for a caseholding role", "CIN team 1"),
    "line_manager": ("The username or email of their line manager: already in Caseboard or on another line", "pshah"),
    "job_title": ("Their job title (optional)", "Senior social worker"),
    "service": ("For a head of service: the service they lead", ""),
}
MAX_ROWS = 5000
IMPORT_NOTE = "Imported from a CSV file"


@dataclass(frozen=True)
class ImportProblem:
    line: int
    field: str
    message: str


class StaffImportError(Exception):
    """The file was not imported; ``problems`` lists every reason, by line and column."""

    def __init__(self, problems: list[ImportProblem]) -> None:
        super().__init__(f"{len(problems)} problem(s) in the staff file")
        self.problems = problems


def template_csv() -> str:
    """The header row of a staff file, to fill in."""
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerow(COLUMNS)
    return out.getvalue()


def _role_code(value: str) -> str | None:
    wanted = value.strip().lower()
    for code, label in Role.choices:
        if wanted in {code, label.lower()}:
            return code
    return None


@dataclass
class _Row:
    line: int
    values: dict[str, str]
    role: str = ""
    teams: tuple[Team, ...] = ()
    service: Service | None = None
    line_manager: User | None = None
    line_manager_row: _Row | None = None


def _read(data: bytes) -> tuple[list[_Row], list[ImportProblem]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return [], [ImportProblem(1, "file", "The file must be a CSV file saved as UTF-8")]
    reader = csv.DictReader(io.StringIO(text))
    header = [name.strip().lower() for name in (reader.fieldnames or [])]
    if not header:
        return [], [ImportProblem(1, "file", "The file is empty: use the template, with one member of staff a line")]
    problems = [
        ImportProblem(1, column, f"The column {column} is missing from the first line")
        for column in REQUIRED_COLUMNS
        if column not in header
    ]
    problems += [
        ImportProblem(1, column, f"The column {column} is not one Caseboard knows: use the template's columns")
        for column in header
        if column and column not in COLUMNS
    ]
    if problems:
        return [], problems
    reader.fieldnames = header
    rows: list[_Row] = []
    for record in reader:
        values = {column: (record.get(column) or "").strip() for column in COLUMNS}
        if not any(values.values()):
            continue
        rows.append(_Row(line=reader.line_num, values=values))
        if len(rows) > MAX_ROWS:
            return [], [ImportProblem(reader.line_num, "file", f"A file can hold at most {MAX_ROWS:,} staff")]
    if not rows:
        problems.append(ImportProblem(2, "file", "The file has no staff in it: add one member of staff a line"))
    return rows, problems


def staff_import_check(data: bytes) -> tuple[list[_Row], list[ImportProblem]]:
    """Read and check a staff file without writing anything: the rows, and every problem by line and column."""
    rows, problems = _read(data)
    if problems:
        return rows, problems
    teams = {team.name.lower(): team for team in Team.objects.all()}
    service_by_name = {service.name.lower(): service for service in Service.objects.all()}
    by_username: dict[str, _Row] = {}
    by_email: dict[str, _Row] = {}
    for row in rows:
        values = row.values
        row_problems: dict[str, str] = {}
        username, email = values["username"], values["email"]
        if username and username.lower() in by_username:
            row_problems["username"] = f"The username {username} is also on line {by_username[username.lower()].line}"
        elif username:
            by_username[username.lower()] = row
        if email and email.lower() in by_email:
            row_problems["email"] = f"The email address {email} is also on line {by_email[email.lower()].line}"
        elif email:
            by_email[email.lower()] = row
        if values["role"]:
            code = _role_code(values["role"])
            if code is None:
                row_problems["role"] = f"{values['role']} is not a role: use one of the roles in the guidance"
            row.role = code or ""
        found: list[Team] = []
        for name in filter(None, (part.strip() for part in values["teams"].split(";"))):
            team = teams.get(name.lower())
            if team is None:
                row_problems.setdefault("teams", f"There is no team called {name}: add it first, or check the name")
            else:
                found.append(team)
        row.teams = tuple(found)
        if values["service"]:
            row.service = service_by_name.get(values["service"].lower())
            if row.service is None:
                row_problems["service"] = f"There is no service called {values['service']}"
        checked = services.staff_problems(
            member=None,
            username=username,
            first_name=values["first_name"],
            last_name=values["last_name"],
            email=email,
            role=row.role if values["role"] else "",
            # An unknown team is already reported: do not also ask for a team.
            teams=row.teams if "teams" not in row_problems else [None],
            line_manager=None,
            service=row.service,
            job_title=values["job_title"],
        )
        if "role" in row_problems:
            checked.pop("teams", None)
            checked.pop("service", None)
        for field, message in checked.items():
            row_problems.setdefault(field, message)
        problems += [ImportProblem(row.line, field, message) for field, message in row_problems.items()]
    for row in rows:
        wanted = row.values["line_manager"]
        if not wanted:
            continue
        in_file = by_username.get(wanted.lower()) or by_email.get(wanted.lower())
        if in_file is row:
            problems.append(ImportProblem(row.line, "line_manager", "A member of staff cannot manage themselves"))
        elif in_file is not None:
            row.line_manager_row = in_file
        else:
            manager = User.objects.filter(username__iexact=wanted).first() or (
                User.objects.filter(email__iexact=wanted).first() if "@" in wanted else None
            )
            if manager is None:
                problems.append(
                    ImportProblem(
                        row.line,
                        "line_manager",
                        f"No line manager {wanted}: give the username or email of someone "
                        "already in Caseboard or on another line of the file",
                    )
                )
            elif not manager.is_active:
                problems.append(ImportProblem(row.line, "line_manager", f"{manager} has been deactivated"))
            else:
                row.line_manager = manager
    for row in rows:
        seen, current = {row.line}, row.line_manager_row
        while current is not None:
            if current.line in seen:
                problems.append(
                    ImportProblem(row.line, "line_manager", "These lines' line managers manage each other in a loop")
                )
                break
            seen.add(current.line)
            current = current.line_manager_row
    problems.sort(key=lambda problem: (problem.line, COLUMNS.index(problem.field) if problem.field in COLUMNS else -1))
    return rows, problems


def _in_order(rows: list[_Row]) -> list[_Row]:
    """Line managers on the file before the people who report to them."""
    done: set[int] = set()
    ordered: list[_Row] = []

    def place(row: _Row) -> None:
        if row.line in done:
            return
        done.add(row.line)
        if row.line_manager_row is not None:
            place(row.line_manager_row)
        ordered.append(row)

    for row in rows:
        place(row)
    return ordered


@transaction.atomic
def staff_import(*, data: bytes, imported_by: User, send_password_links: bool) -> list[User]:
    """Add every member of staff in a CSV file, or none: if any line has a problem nothing is written and
    ``StaffImportError`` lists every problem by line and column. Each person is added as on the Add page (audited,
    with a history row) and, if asked, emailed a one-time link to set their password."""
    rows, problems = staff_import_check(data)
    if problems:
        raise StaffImportError(problems)
    created: dict[int, User] = {}
    for row in _in_order(rows):
        values = row.values
        line_manager = created[row.line_manager_row.line] if row.line_manager_row is not None else row.line_manager
        try:
            created[row.line] = services.staff_create(
                created_by=imported_by,
                username=values["username"],
                first_name=values["first_name"],
                last_name=values["last_name"],
                email=values["email"],
                role=row.role,
                teams=row.teams,
                line_manager=line_manager,
                job_title=values["job_title"],
                service=row.service,
                send_password_link=send_password_links,
                note=IMPORT_NOTE,
            )
        except ValidationError as error:  # a rule broken between the check and the write (someone else's change)
            raise StaffImportError(
                [ImportProblem(row.line, field, messages[0]) for field, messages in error.message_dict.items()]
            ) from None
    return [created[row.line] for row in rows]
