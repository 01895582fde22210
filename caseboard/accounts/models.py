"""Staff, their roles, and the teams and services they work in."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.contrib.auth.models import UserManager as DjangoUserManager
from django.db import models

from caseboard.core.audit import AuditedManager, AuditedQuerySet


class Service(models.Model):
    """A group of teams under one head of service, e.g. "Child protection"."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=50, unique=True)

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
