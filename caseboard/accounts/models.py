"""Staff, their roles, and the teams and services they work in."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.contrib.auth.models import UserManager as DjangoUserManager
from django.db import models
from django.utils import timezone

from caseboard.core.audit import AuditedManager, AuditedQuerySet


class Service(models.Model):
    """A group of teams under one head of service, e.g. "Child protection"."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=50, unique=True)

    objects = AuditedManager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Team(models.Model):
    """A team of social workers or personal advisers, managed by one or more team managers."""

    name = models.CharField(max_length=100, unique=True)
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="teams")

    objects = AuditedManager()

    class Meta:
        ordering = ["service__name", "name"]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    SOCIAL_WORKER = "social_worker", "Social worker"
    PERSONAL_ADVISER = "personal_adviser", "Personal adviser"
    TEAM_MANAGER = "team_manager", "Team manager"
    HEAD_OF_SERVICE = "head_of_service", "Head of service"
    IRO = "iro", "Independent reviewing officer"
    FRONT_DOOR = "front_door", "Front door practitioner"
    PERFORMANCE_OFFICER = "performance_officer", "Performance officer"
    ADMINISTRATOR = "administrator", "Administrator"
    ASSISTANT_DIRECTOR = "assistant_director", "Assistant director"
    TEAM_COORDINATOR = "team_coordinator", "Team coordinator"
    FAMILY_TIME_COORDINATOR = "family_time_coordinator", "Family time coordinator"
    FAMILY_TIME_SUPERVISOR = "family_time_supervisor", "Family time supervisor"
    SUPERVISING_SOCIAL_WORKER = "supervising_social_worker", "Supervising social worker"
    HR_ADVISER = "hr_adviser", "HR adviser"


# Roles that hold a caseload of their own.
CASEHOLDING_ROLES = frozenset({Role.SOCIAL_WORKER, Role.PERSONAL_ADVISER, Role.FRONT_DOOR, Role.TEAM_MANAGER})
# Roles that see every non-restricted record (for returns, data quality and administration).
ORGANISATION_WIDE_ROLES = frozenset({Role.PERFORMANCE_OFFICER, Role.ADMINISTRATOR})


class UserManager(DjangoUserManager.from_queryset(AuditedQuerySet)):
    """Django's user manager (``normalize_email``, ``get_by_natural_key``, ``with_perm``, which the admin's forms and
    ``createsuperuser`` rely on), with the audited queryset. ``create_user`` takes the password second, as the rest
    of the code calls it; ``email`` may be given by keyword."""

    use_in_migrations = True

    def create_user(self, username: str, password: str | None = None, **extra: object) -> User:
        email = self.normalize_email(str(extra.pop("email", "") or ""))
        user = self.model(username=self.model.normalize_username(username), email=email, **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, username: str, password: str | None = None, **extra: object) -> User:
        extra.setdefault("role", Role.ADMINISTRATOR)
        return self.create_user(username, password, is_staff=True, is_superuser=True, **extra)


class User(AbstractUser):
    """A member of staff. ``teams`` are the teams they work in (or manage); ``service`` is the service a head of
    service leads."""

    role = models.CharField(max_length=30, choices=Role.choices, blank=True)
    job_title = models.CharField(max_length=100, blank=True)
    teams = models.ManyToManyField(Team, blank=True, related_name="members")
    service = models.ForeignKey(
        Service,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="heads",
        help_text="The service a head of service leads.",
    )
    line_manager = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="line_reports",
        help_text="The person this member of staff reports to (supervision, welfare, leave).",
    )

    objects = UserManager()

    class Meta:
        ordering = ["last_name", "first_name", "username"]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def is_administrator(self) -> bool:
        return self.role == Role.ADMINISTRATOR

    @property
    def is_manager(self) -> bool:
        return self.role in {Role.TEAM_MANAGER, Role.HEAD_OF_SERVICE}


class Notification(models.Model):
    """Something a member of staff needs to know: shown in the app and sent by email by the task queue."""

    recipient = models.ForeignKey(User, on_delete=models.CASCADE, related_name="notifications")
    message = models.TextField()
    link = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self) -> str:
        return self.message[:60]


class StaffChangeKind(models.TextChoices):
    ADDED = "added", "Added"
    NAME = "name", "Name"
    USERNAME = "username", "Username"
    EMAIL = "email", "Email"
    ROLE = "role", "Role"
    TEAMS = "teams", "Teams"
    LINE_MANAGER = "line_manager", "Line manager"
    JOB_TITLE = "job_title", "Job title"
    SERVICE = "service", "Service led"
    DEACTIVATED = "deactivated", "Deactivated"
    REACTIVATED = "reactivated", "Reactivated"
    PASSWORD_LINK = "password_link", "Link to set a password"
    PASSWORD_SET = "password_set", "Password set"


class StaffChangeQuerySet(AuditedQuerySet):
    def delete(self) -> tuple[int, dict[str, int]]:
        raise StaffHistoryError("The history of a member of staff is kept: its rows cannot be deleted")


class StaffHistoryError(RuntimeError):
    """Raised when code tries to edit or delete a row of a member of staff's history."""


class StaffChange(models.Model):
    """One change to a member of staff's record, kept as an added row (who changed what, from what, to what, and
    when): their role and teams over time, who managed them, when they left. Never edited or deleted; the audit
    log holds the same changes for auditors."""

    member = models.ForeignKey(User, on_delete=models.PROTECT, related_name="staff_changes")
    kind = models.CharField(max_length=20, choices=StaffChangeKind.choices)
    from_value = models.CharField(max_length=500, blank=True)
    to_value = models.CharField(max_length=500, blank=True)
    note = models.CharField(max_length=300, blank=True)
    changed_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    changed_at = models.DateTimeField(default=timezone.now)

    objects = models.Manager.from_queryset(StaffChangeQuerySet)()

    class Meta:
        ordering = ["-changed_at", "-pk"]
        indexes = [models.Index(fields=["member", "changed_at"])]

    def __str__(self) -> str:
        return f"{self.member}: {self.get_kind_display()}"

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None and not kwargs.get("force_insert"):
            raise StaffHistoryError("The history of a member of staff is kept: add a row instead of changing one")
        super().save(*args, **kwargs)

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise StaffHistoryError("The history of a member of staff is kept: its rows cannot be deleted")


class ProviderGroup(models.Model):
    """A group at the council's sign-in provider (OpenID Connect: Microsoft Entra ID, say) and what belonging to it
    gives in Caseboard: a role, teams, the service a head of service leads. Group ids are the council's data, kept
    here by an administrator (Django admin, audited), never in code. Someone who signs in with their council account
    gets the teams of every mapped group they are in, and the role of the first of those groups (by ``precedence``)
    that gives one; with no mapped group they are refused."""

    group = models.CharField(
        max_length=255,
        unique=True,
        help_text="The group as the provider names it in the groups claim (in Entra ID, the group's Object ID).",
    )
    description = models.CharField(
        max_length=200, blank=True, help_text="What the group is, for people: its display name at the provider."
    )
    role = models.CharField(
        max_length=30, choices=Role.choices, blank=True, help_text="Leave empty for a group that only gives teams."
    )
    teams = models.ManyToManyField(Team, blank=True, related_name="provider_groups")
    service = models.ForeignKey(
        Service,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="provider_groups",
        help_text="The service led, for a head of service or an assistant director.",
    )
    precedence = models.PositiveSmallIntegerField(
        default=100,
        help_text="Someone in several groups with a role takes the role of the group with the lowest number.",
    )

    objects = AuditedManager()

    class Meta:
        ordering = ["precedence", "group"]

    def __str__(self) -> str:
        return self.description or self.group


class SignInIdentity(models.Model):
    """Who a member of staff is at the council's sign-in provider: the provider (``issuer``) and the stable id it
    gives them (``subject``: the ``sub`` claim, or Entra ID's ``oid``), so a change of name or email address at the
    provider still signs in the same person."""

    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="sign_in_identities")
    issuer = models.CharField(max_length=300)
    subject = models.CharField(max_length=255)
    created_at = models.DateTimeField(default=timezone.now)
    last_signed_in_at = models.DateTimeField(null=True, blank=True)

    objects = AuditedManager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["issuer", "subject"], name="sign_in_identity_unique_subject"),
            models.UniqueConstraint(fields=["issuer", "user"], name="sign_in_identity_one_per_provider"),
        ]

    def __str__(self) -> str:
        return f"{self.user} at {self.issuer}"
