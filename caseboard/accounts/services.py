"""Every write to staff, teams and services, and notifications.

Staff records are changed only here (the app's pages, the API, the CSV import and Django admin all come through
these functions), so each change is validated by one set of rules, audited, and kept as an added ``StaffChange``
row saying who changed what and when.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.text import slugify

from caseboard.core.hooks import deactivation_checks

from .models import CASEHOLDING_ROLES, Notification, Role, Service, StaffChange, StaffChangeKind, Team, User

# Roles that may lead a service (``User.service``).
SERVICE_LEADING_ROLES = frozenset({Role.HEAD_OF_SERVICE, Role.ASSISTANT_DIRECTOR})


def notify(*, recipient: User, message: str, link: str = "") -> Notification:
    """Tell someone something: an in-app notification now, and an email sent by the worker (never in the request,
    and never for a write that is rolled back)."""
    notification = Notification.objects.create(recipient=recipient, message=message, link=link)
    if recipient.email:
        from .tasks import send_notification_email

        transaction.on_commit(lambda: send_notification_email.enqueue(notification.pk))
    return notification


def notifications_mark_read(*, user: User) -> int:
    """Mark all of a user's notifications read (not audited: derived, per-user state)."""
    unread = list(Notification.objects.filter(recipient=user, read_at__isnull=True))
    now = timezone.now()
    for notification in unread:
        notification.read_at = now
        notification.save(update_fields=["read_at"])
    return len(unread)


# --- staff: the rules every way in shares ------------------------------------------------------------------------
def staff_problems(
    *,
    member: User | None,
    username: str,
    first_name: str,
    last_name: str,
    email: str,
    role: str,
    teams: Iterable[Team],
    line_manager: User | None,
    service: Service | None,
    job_title: str,
    taken_usernames: Iterable[str] = (),
    taken_emails: Iterable[str] = (),
) -> dict[str, str]:
    """What is wrong with these details for a new member of staff (``member`` None) or an existing one, one message
    per field, in GOV.UK style. ``taken_usernames`` and ``taken_emails`` (lower case) are others not yet saved, such
    as earlier lines of an import file."""
    problems: dict[str, str] = {}
    others = User.objects.exclude(pk=member.pk) if member is not None else User.objects.all()
    if not username:
        problems["username"] = "Enter a username"
    elif len(username) > 150:
        problems["username"] = "Username must be 150 characters or fewer"
    else:
        try:
            UnicodeUsernameValidator()(username)
        except ValidationError:
            problems["username"] = "Username must contain only letters, numbers and the characters @ . + - _"
        else:
            if username.lower() in set(taken_usernames) or others.filter(username__iexact=username).exists():
                problems["username"] = f"The username {username} is already used by another member of staff"
    if not first_name:
        problems["first_name"] = "Enter the first name"
    elif len(first_name) > 150:
        problems["first_name"] = "First name must be 150 characters or fewer"
    if not last_name:
        problems["last_name"] = "Enter the last name"
    elif len(last_name) > 150:
        problems["last_name"] = "Last name must be 150 characters or fewer"
    if not email:
        problems["email"] = "Enter the email address (the link to set a password goes to it)"
    else:
        try:
            validate_email(email)
        except ValidationError:
            problems["email"] = "Enter an email address in the correct format, like name@example.org"
        else:
            if email.lower() in set(taken_emails) or others.filter(email__iexact=email).exists():
                problems["email"] = f"The email address {email} is already used by another member of staff"
    if not role:
        problems["role"] = "Select the role"
    elif role not in Role.values:
        problems["role"] = "Select a role from the list"
    elif role in CASEHOLDING_ROLES and not list(teams):
        problems["teams"] = f"Select at least one team for a {Role(role).label.lower()}"
    if role in Role.values:
        if service is None and role == Role.HEAD_OF_SERVICE:
            problems["service"] = "Select the service this head of service leads"
        elif service is not None and role not in SERVICE_LEADING_ROLES:
            problems["service"] = "Only a head of service or an assistant director leads a service: leave it empty"
    if line_manager is not None:
        if member is not None and line_manager.pk == member.pk:
            problems["line_manager"] = "A member of staff cannot be their own line manager"
        elif not line_manager.is_active:
            problems["line_manager"] = f"{line_manager} has been deactivated: choose an active line manager"
        elif member is not None and _reports_to(line_manager, member):
            problems["line_manager"] = f"{line_manager} reports to {member}: choose someone they do not manage"
    if len(job_title) > 100:
        problems["job_title"] = "Job title must be 100 characters or fewer"
    return problems


def _reports_to(person: User, manager: User) -> bool:
    """Whether ``manager`` is somewhere up ``person``'s line of management (a loop would follow)."""
    seen: set[int] = set()
    current: User | None = person
    while current is not None and current.pk not in seen:
        if current.pk == manager.pk:
            return True
        seen.add(current.pk)
        current = current.line_manager
    return False


@dataclass(frozen=True)
class StaffSnapshot:
    """What a member of staff's record says, in words, to compare before and after a change."""

    name: str
    username: str
    email: str
    role: str
    teams: str
    line_manager: str
    job_title: str
    service: str
    is_active: bool

    @classmethod
    def of(cls, member: User) -> StaffSnapshot:
        return cls(
            name=member.get_full_name(),
            username=member.username,
            email=member.email,
            role=member.get_role_display(),
            teams=", ".join(sorted(team.name for team in member.teams.all())),
            line_manager=str(member.line_manager) if member.line_manager_id else "",
            job_title=member.job_title,
            service=str(member.service) if member.service_id else "",
            is_active=member.is_active,
        )


SNAPSHOT_KINDS = {
    "name": StaffChangeKind.NAME,
    "username": StaffChangeKind.USERNAME,
    "email": StaffChangeKind.EMAIL,
    "role": StaffChangeKind.ROLE,
    "teams": StaffChangeKind.TEAMS,
    "line_manager": StaffChangeKind.LINE_MANAGER,
    "job_title": StaffChangeKind.JOB_TITLE,
    "service": StaffChangeKind.SERVICE,
}


def staff_history_record(
    *, member: User, before: StaffSnapshot, changed_by: User | None, note: str = ""
) -> list[StaffChange]:
    """Add a history row for each thing that differs between ``before`` and the member's record now (used by every
    way of changing a record, Django admin included)."""
    member = User.objects.select_related("line_manager", "service").prefetch_related("teams").get(pk=member.pk)
    after = StaffSnapshot.of(member)
    rows: list[StaffChange] = []
    for field, kind in SNAPSHOT_KINDS.items():
        old, new = getattr(before, field), getattr(after, field)
        if old != new:
            rows.append(_history(member, kind, changed_by, from_value=old, to_value=new, note=note))
    if before.is_active != after.is_active:
        kind = StaffChangeKind.REACTIVATED if after.is_active else StaffChangeKind.DEACTIVATED
        rows.append(_history(member, kind, changed_by, note=note))
    return rows


def staff_added_record(*, member: User, added_by: User | None, note: str = "") -> StaffChange:
    """The first history row of a member of staff added outside ``staff_create`` (Django admin)."""
    teams = ", ".join(sorted(team.name for team in member.teams.all()))
    summary = member.get_role_display() + (f", {teams}" if teams else "")
    return _history(member, StaffChangeKind.ADDED, added_by, to_value=summary, note=note)


def _history(
    member: User, kind: str, changed_by: User | None, *, from_value: str = "", to_value: str = "", note: str = ""
) -> StaffChange:
    row = StaffChange(
        member=member,
        kind=kind,
        from_value=from_value[:500],
        to_value=to_value[:500],
        note=note[:300],
        changed_by=changed_by,
    )
    row.save()
    return row


# The history rows that change what the staff form shows: an edit started before one of these is refused.
DETAIL_KINDS = [
    *SNAPSHOT_KINDS.values(),
    StaffChangeKind.ADDED,
    StaffChangeKind.DEACTIVATED,
    StaffChangeKind.REACTIVATED,
]


def staff_version(member: User) -> int:
    """A number that changes whenever the member's details change (the latest such history row), for the staff
    form to check that nobody else saved the record while it was being edited."""
    latest = member.staff_changes.filter(kind__in=DETAIL_KINDS).order_by("-pk").values_list("pk", flat=True).first()
    return latest or 0


def _admin_flags(member: User) -> None:
    """Django admin is for administrators: the flags follow the role given in Caseboard."""
    member.is_staff = member.role == Role.ADMINISTRATOR
    member.is_superuser = member.role == Role.ADMINISTRATOR


# --- staff: the writes ----------------------------------------------------------------------------------------
@transaction.atomic
def staff_create(
    *,
    created_by: User | None,
    username: str,
    first_name: str,
    last_name: str,
    email: str,
    role: str,
    teams: Iterable[Team] = (),
    line_manager: User | None = None,
    job_title: str = "",
    service: Service | None = None,
    send_password_link: bool = False,
    note: str = "",
) -> User:
    """Add a member of staff. They have no password until they follow a one-time link to set one (emailed now if
    ``send_password_link``, or later from their record)."""
    teams = list(teams)
    problems = staff_problems(
        member=None,
        username=username,
        first_name=first_name,
        last_name=last_name,
        email=email,
        role=role,
        teams=teams,
        line_manager=line_manager,
        service=service,
        job_title=job_title,
    )
    if problems:
        raise ValidationError(problems)
    member = User(
        username=username,
        first_name=first_name,
        last_name=last_name,
        email=User.objects.normalize_email(email),
        role=role,
        line_manager=line_manager,
        job_title=job_title,
        service=service,
    )
    _admin_flags(member)
    member.set_unusable_password()
    member.save()
    member.teams.set(teams)
    staff_added_record(member=member, added_by=created_by, note=note)
    if send_password_link:
        password_link_issue(member=member, issued_by=created_by, send_email=True)
    return member


@transaction.atomic
def staff_update(
    *,
    member: User,
    updated_by: User,
    first_name: str,
    last_name: str,
    email: str,
    role: str,
    teams: Iterable[Team],
    line_manager: User | None,
    job_title: str,
    service: Service | None,
    expected_version: int | None = None,
) -> User:
    """Change a member of staff's name, email, role, teams, line manager, job title or the service they lead. Each
    change is kept as a history row. An administrator cannot take the Administrator role away from themselves.
    With ``expected_version`` (from ``staff_version`` when the form was opened), refuses if someone else changed
    the record in between."""
    teams = list(teams)
    current = User.objects.select_for_update().get(pk=member.pk)
    if expected_version is not None and staff_version(current) != expected_version:
        raise ValidationError(
            {
                "__all__": f"Someone else changed {current}’s record while you were editing it. Your changes have "
                "not been saved: check the record and make them again."
            }
        )
    problems = staff_problems(
        member=current,
        username=current.username,
        first_name=first_name,
        last_name=last_name,
        email=email,
        role=role,
        teams=teams,
        line_manager=line_manager,
        service=service,
        job_title=job_title,
    )
    if current.pk == updated_by.pk and current.role == Role.ADMINISTRATOR and role != Role.ADMINISTRATOR:
        problems["role"] = "You cannot take the Administrator role away from yourself: ask another administrator"
    if problems:
        raise ValidationError(problems)
    before = StaffSnapshot.of(current)
    current.first_name, current.last_name = first_name, last_name
    current.email = User.objects.normalize_email(email)
    if current.role != role:
        current.role = role
        _admin_flags(current)
    current.line_manager = line_manager
    current.job_title = job_title
    current.service = service
    current.save()
    if {team.pk for team in current.teams.all()} != {team.pk for team in teams}:
        current.teams.set(teams)
    staff_history_record(member=current, before=before, changed_by=updated_by)
    return current


@transaction.atomic
def staff_follow_provider(
    *,
    member: User,
    first_name: str,
    last_name: str,
    email: str,
    role: str,
    teams: Iterable[Team],
    service: Service | None,
    note: str = "",
) -> User:
    """Bring a member of staff's name, email, role, teams and the service they lead into line with what the
    council's sign-in provider says at sign-in (``caseboard.accounts.oidc``): the provider is where the council
    keeps who does what, so its groups win over an edit made in Caseboard. Each change is a history row with no
    one as its author and ``note`` saying where it came from; the line manager and job title stay Caseboard's."""
    teams = list(teams)
    current = User.objects.select_for_update().get(pk=member.pk)
    problems = staff_problems(
        member=current,
        username=current.username,
        first_name=first_name,
        last_name=last_name,
        email=email,
        role=role,
        teams=teams,
        line_manager=None,  # not the provider's to change, nor to be refused for
        service=service,
        job_title=current.job_title,
    )
    if problems:
        raise ValidationError(problems)
    before = StaffSnapshot.of(current)
    email = User.objects.normalize_email(email)
    changed = (current.first_name, current.last_name, current.email, current.role, current.service_id) != (
        first_name,
        last_name,
        email,
        role,
        service.pk if service is not None else None,
    )
    if changed:
        current.first_name, current.last_name, current.email = first_name, last_name, email
        if current.role != role:
            current.role = role
            _admin_flags(current)
        current.service = service
        current.save()
    if {team.pk for team in current.teams.all()} != {team.pk for team in teams}:
        current.teams.set(teams)
        changed = True
    if changed:
        staff_history_record(member=current, before=before, changed_by=None, note=note)
    return current


@transaction.atomic
def line_manager_change(*, member: User, line_manager: User | None, changed_by: User) -> User:
    """Give a member of staff a new line manager (e.g. when theirs leaves), kept as a history row."""
    current = User.objects.select_for_update().select_related("line_manager").get(pk=member.pk)
    problem = ""
    if line_manager is not None:
        if line_manager.pk == current.pk:
            problem = "A member of staff cannot be their own line manager"
        elif not line_manager.is_active:
            problem = f"{line_manager} has been deactivated: choose an active line manager"
        elif _reports_to(line_manager, current):
            problem = f"{line_manager} reports to {current}: choose someone they do not manage"
    if problem:
        raise ValidationError({"line_manager": problem})
    if current.line_manager_id == (line_manager.pk if line_manager else None):
        return current
    before = StaffSnapshot.of(current)
    current.line_manager = line_manager
    current.save()
    staff_history_record(member=current, before=before, changed_by=changed_by)
    return current


def deactivation_blockers(member: User) -> list[str]:
    """What a member of staff still holds that must be handed on before they are deactivated."""
    return [reason for check in deactivation_checks for reason in check(member)]


@transaction.atomic
def staff_deactivate(*, member: User, deactivated_by: User | None, note: str = "") -> User:
    """Deactivate a leaver: they cannot sign in from now on, their open sessions end and their API tokens are
    revoked. Nothing of their record is removed (their allocations, visits and decisions keep their name).
    Refused while they hold work that would be left with nobody (their open allocations)."""
    current = User.objects.select_for_update().get(pk=member.pk)
    if not current.is_active:
        raise ValidationError({"__all__": f"{current} has already been deactivated"})
    if deactivated_by is not None and current.pk == deactivated_by.pk:
        raise ValidationError({"__all__": "You cannot deactivate your own account: ask another administrator"})
    if (
        current.role == Role.ADMINISTRATOR
        and not User.objects.filter(role=Role.ADMINISTRATOR, is_active=True).exclude(pk=current.pk).exists()
    ):
        raise ValidationError({"__all__": f"{current} is the only active administrator: add another one first"})
    blockers = deactivation_blockers(current)
    if blockers:
        raise ValidationError(
            {"__all__": f"{current} cannot be deactivated yet: " + "; ".join(blockers) + ". Move them first."}
        )
    current.is_active = False
    current.save()
    _history(current, StaffChangeKind.DEACTIVATED, deactivated_by, note=note)
    sign_in_end(member=current)
    return current


def sign_in_end(*, member: User) -> None:
    """End every way a member of staff is signed in: database sessions and API tokens (an inactive account is also
    refused on every request, whatever the session store)."""
    from django.contrib.sessions.models import Session

    # API tokens (django-rest-knox's, whichever model ``KNOX_TOKEN_MODEL`` names) through their reverse relation,
    # each deleted on its own so the audit log records the revocation.
    tokens = getattr(member, "auth_token_set", None)
    if tokens is not None:
        for token in tokens.all():
            token.delete()
    if settings.SESSION_ENGINE.endswith("sessions.backends.db") or settings.SESSION_ENGINE.endswith("cached_db"):
        user_id = str(member.pk)
        for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
            if session.get_decoded().get("_auth_user_id") == user_id:
                session.delete()


@transaction.atomic
def staff_reactivate(*, member: User, reactivated_by: User) -> User:
    """Let a member of staff sign in again (e.g. a leaver who returns); they set a new password with a link."""
    current = User.objects.select_for_update().get(pk=member.pk)
    if current.is_active:
        raise ValidationError({"__all__": f"{current} is already active"})
    current.is_active = True
    current.set_unusable_password()
    current.save()
    _history(current, StaffChangeKind.REACTIVATED, reactivated_by)
    return current


# --- passwords ----------------------------------------------------------------------------------------------
def password_link_lifetime() -> str:
    """How long a link to set a password lasts, in words ("3 days")."""
    hours = settings.PASSWORD_RESET_TIMEOUT // 3600
    if hours >= 48 and hours % 24 == 0:
        return f"{hours // 24} days"
    return f"{hours} hour{'s' if hours != 1 else ''}"


def password_link_for(member: User) -> str:
    """A one-time link for the member to set their password (Django's token generator: it stops working once
    used, when they next sign in, or after ``PASSWORD_RESET_TIMEOUT``)."""
    uid = urlsafe_base64_encode(force_bytes(member.pk))
    token = default_token_generator.make_token(member)
    path = reverse("accounts:set-password", kwargs={"uidb64": uid, "token": token})
    return settings.SITE_URL.rstrip("/") + path


@transaction.atomic
def password_link_issue(*, member: User, issued_by: User | None, send_email: bool) -> str:
    """Make a one-time link for a member of staff to set their password: emailed to them by the worker after the
    transaction commits, or returned for an administrator to copy and give to a new starter. The link itself is
    never stored or logged."""
    member = User.objects.get(pk=member.pk)
    if not member.is_active:
        raise ValidationError({"__all__": f"{member} has been deactivated: reactivate them first"})
    if send_email and not member.email:
        raise ValidationError({"__all__": f"{member} has no email address: add one, or copy the link instead"})
    how = f"Emailed to {member.email}" if send_email else "Shown to an administrator to copy"
    _history(member, StaffChangeKind.PASSWORD_LINK, issued_by, to_value=how)
    if send_email:
        from .tasks import send_password_link_email

        member_id = member.pk
        transaction.on_commit(lambda: send_password_link_email.enqueue(member_id))
        return ""
    return password_link_for(member)


@transaction.atomic
def password_set(*, member: User, password: str) -> User:
    """A member of staff sets their own password from a one-time link (the link stops working)."""
    member.set_password(password)
    member.save()
    _history(member, StaffChangeKind.PASSWORD_SET, member)
    return member


# --- teams and services -------------------------------------------------------------------------------------
def _team_problems(*, team: Team | None, name: str, service: Service | None) -> dict[str, str]:
    problems: dict[str, str] = {}
    name = name.strip()
    others = Team.objects.exclude(pk=team.pk) if team is not None else Team.objects.all()
    if not name:
        problems["name"] = "Enter the team's name"
    elif len(name) > 100:
        problems["name"] = "Team name must be 100 characters or fewer"
    elif others.filter(name__iexact=name).exists():
        problems["name"] = f"There is already a team called {name}"
    if service is None:
        problems["service"] = "Select the service the team is in"
    return problems


@transaction.atomic
def team_create(*, name: str, service: Service | None, created_by: User) -> Team:
    """Add a team to a service."""
    problems = _team_problems(team=None, name=name, service=service)
    if problems:
        raise ValidationError(problems)
    team = Team(name=name.strip(), service=service)
    team.save()
    return team


@transaction.atomic
def team_update(*, team: Team, name: str, service: Service | None, updated_by: User) -> Team:
    """Rename a team or move it to another service (its members, allocations and history stay with it)."""
    problems = _team_problems(team=team, name=name, service=service)
    if problems:
        raise ValidationError(problems)
    team.name = name.strip()
    team.service = service
    team.save()
    return team


def _service_problems(*, service: Service | None, name: str) -> dict[str, str]:
    name = name.strip()
    others = Service.objects.exclude(pk=service.pk) if service is not None else Service.objects.all()
    if not name:
        return {"name": "Enter the service's name"}
    if len(name) > 100:
        return {"name": "Service name must be 100 characters or fewer"}
    if others.filter(name__iexact=name).exists():
        return {"name": f"There is already a service called {name}"}
    return {}


@transaction.atomic
def service_create(*, name: str, created_by: User) -> Service:
    """Add a service (a group of teams under a head of service)."""
    problems = _service_problems(service=None, name=name)
    if problems:
        raise ValidationError(problems)
    base = slugify(name)[:40] or "service"
    slug, number = base, 1
    while Service.objects.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    service = Service(name=name.strip(), slug=slug)
    service.save()
    return service


@transaction.atomic
def service_update(*, service: Service, name: str, updated_by: User) -> Service:
    """Rename a service (its short code stays, so links and reports keep working)."""
    problems = _service_problems(service=service, name=name)
    if problems:
        raise ValidationError(problems)
    service.name = name.strip()
    service.save()
    return service
