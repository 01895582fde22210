"""A child's involvement with the service: dated, overlapping episodes, and who the case is allocated to."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from caseboard.accounts.models import Team
from caseboard.core.audit import AuditedManager
from caseboard.people.models import Child

from .codes import (
    CareLeaverStatus,
    CategoryOfAbuse,
    LegalStatus,
    PlacementProvider,
    PlacementType,
    PrimaryNeed,
    ReasonEpisodeCeased,
    ReasonForClosure,
    ReferralSource,
)


class EpisodeKind(models.TextChoices):
    EARLY_HELP = "early_help", "Early Help"
    CHILD_IN_NEED = "cin", "Child in need"
    CHILD_PROTECTION = "cp", "Child protection plan"
    LOOKED_AFTER = "lac", "Looked after"
    CARE_LEAVER = "care_leaver", "Care leaver"
    PRIVATE_FOSTERING = "private_fostering", "Private fostering"


# The fields each kind of episode must have, and those it may have (beyond dates and notes).
KIND_REQUIRED_FIELDS: dict[str, tuple[str, ...]] = {
    EpisodeKind.EARLY_HELP: (),
    EpisodeKind.CHILD_IN_NEED: ("referral_source", "primary_need"),
    EpisodeKind.CHILD_PROTECTION: ("initial_category_of_abuse",),
    EpisodeKind.LOOKED_AFTER: ("legal_status", "placement_type", "placement_provider"),
    EpisodeKind.CARE_LEAVER: ("care_leaver_status",),
    EpisodeKind.PRIVATE_FOSTERING: (),
}
KIND_FIELDS: dict[str, tuple[str, ...]] = {
    EpisodeKind.EARLY_HELP: (),
    EpisodeKind.CHILD_IN_NEED: ("referral_source", "primary_need", "reason_for_closure"),
    EpisodeKind.CHILD_PROTECTION: ("initial_category_of_abuse", "latest_category_of_abuse"),
    EpisodeKind.LOOKED_AFTER: (
        "legal_status",
        "placement_type",
        "placement_provider",
        "placement_intended_until_18",
        "reason_episode_ceased",
    ),
    EpisodeKind.CARE_LEAVER: ("care_leaver_status",),
    EpisodeKind.PRIVATE_FOSTERING: (),
}
KIND_FIELD_NAMES = frozenset(name for names in KIND_FIELDS.values() for name in names)

REQUIRED_MESSAGES = {
    "referral_source": "Select the referral source",
    "primary_need": "Select the primary need",
    "initial_category_of_abuse": "Select the initial category of abuse",
    "legal_status": "Select the legal status",
    "placement_type": "Select the placement type",
    "placement_provider": "Select the placement provider",
    "care_leaver_status": "Select the care leaver status",
}


class Episode(models.Model):
    """A period of one kind of involvement. Episodes of different kinds overlap; of the same kind they do not."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="episodes")
    kind = models.CharField(max_length=20, choices=EpisodeKind.choices)
    start_on = models.DateField("Start date")
    end_on = models.DateField("End date", null=True, blank=True)
    # Child in need (CIN census CINdetails)
    referral_source = models.CharField(max_length=2, choices=ReferralSource.choices, blank=True)
    primary_need = models.CharField(max_length=2, choices=PrimaryNeed.choices, blank=True)
    reason_for_closure = models.CharField(max_length=3, choices=ReasonForClosure.choices, blank=True)
    # Child protection plan
    initial_category_of_abuse = models.CharField(max_length=3, choices=CategoryOfAbuse.choices, blank=True)
    latest_category_of_abuse = models.CharField(max_length=3, choices=CategoryOfAbuse.choices, blank=True)
    # Looked after (SSDA903 episode)
    legal_status = models.CharField(max_length=2, choices=LegalStatus.choices, blank=True)
    placement_type = models.CharField(max_length=2, choices=PlacementType.choices, blank=True)
    placement_provider = models.CharField(max_length=3, choices=PlacementProvider.choices, blank=True)
    placement_intended_until_18 = models.BooleanField("Placement intended to last until 18", default=False)
    reason_episode_ceased = models.CharField(max_length=3, choices=ReasonEpisodeCeased.choices, blank=True)
    # Care leaver
    care_leaver_status = models.CharField(max_length=20, choices=CareLeaverStatus.choices, blank=True)
    notes = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1)

    objects = AuditedManager()

    class Meta:
        ordering = ["child", "start_on", "pk"]
        indexes = [models.Index(fields=["kind", "end_on"]), models.Index(fields=["child", "kind"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_on__isnull=True) | models.Q(end_on__gte=models.F("start_on")),
                name="episode_end_not_before_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} from {self.start_on:%d %b %Y}"

    @property
    def is_open(self) -> bool:
        return self.end_on is None

    def is_open_on(self, day: date) -> bool:
        return self.start_on <= day and (self.end_on is None or self.end_on >= day)

    def clean(self) -> None:
        errors: dict[str, str] = {}
        today = timezone.localdate()
        if self.start_on and self.start_on > today:
            errors["start_on"] = "Start date must be today or in the past"
        if self.end_on and self.start_on and self.end_on < self.start_on:
            errors["end_on"] = "End date must be the same as or after the start date"
        elif self.end_on and self.end_on > today:
            errors["end_on"] = "End date must be today or in the past"
        for name in KIND_REQUIRED_FIELDS.get(self.kind, ()):
            if not getattr(self, name):
                errors[name] = REQUIRED_MESSAGES[name]
        allowed = set(KIND_FIELDS.get(self.kind, ()))
        for name in KIND_FIELD_NAMES - allowed:
            value = getattr(self, name)
            if value not in ("", None, False):
                errors[name] = f"{self._meta.get_field(name).verbose_name.capitalize()} does not apply to this kind"
        if self.end_on and self.kind == EpisodeKind.CHILD_IN_NEED and not self.reason_for_closure:
            errors["reason_for_closure"] = "Select the reason for closure"
        if self.end_on and self.kind == EpisodeKind.LOOKED_AFTER and not self.reason_episode_ceased:
            errors["reason_episode_ceased"] = "Select the reason the episode ceased"
        if self.child_id and self.start_on and "start_on" not in errors and "end_on" not in errors:
            clash = self._overlapping_episode()
            if clash is not None:
                errors["start_on"] = (
                    f"This overlaps the {clash.get_kind_display().lower()} episode from "
                    f"{clash.start_on:%-d %B %Y}: end that episode first or change the dates"
                )
        if errors:
            raise ValidationError(errors)

    def _overlapping_episode(self) -> Episode | None:
        others = Episode.objects.filter(child_id=self.child_id, kind=self.kind).exclude(pk=self.pk)
        if self.end_on is not None:
            others = others.filter(start_on__lte=self.end_on)
        others = others.filter(models.Q(end_on__isnull=True) | models.Q(end_on__gte=self.start_on))
        return others.order_by("start_on").first()


class AllocationRole(models.TextChoices):
    SOCIAL_WORKER = "social_worker", "Allocated social worker"
    PERSONAL_ADVISER = "personal_adviser", "Personal adviser"
    IRO = "iro", "Independent reviewing officer"
    FAMILY_SUPPORT = "family_support", "Family support worker"
    EARLY_HELP = "early_help", "Early Help worker"


class Allocation(models.Model):
    """A child's case held by a worker in a team, from one date to another. History is kept: ending an allocation
    sets ``ended_on``; a new worker gets a new row."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="allocations")
    worker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="allocations")
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="allocations")
    role = models.CharField(max_length=20, choices=AllocationRole.choices, default=AllocationRole.SOCIAL_WORKER)
    started_on = models.DateField("Start date")
    ended_on = models.DateField("End date", null=True, blank=True)

    objects = AuditedManager()

    class Meta:
        ordering = ["child", "-started_on", "pk"]
        indexes = [
            models.Index(fields=["worker", "ended_on"]),
            models.Index(fields=["team", "ended_on"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True) | models.Q(ended_on__gte=models.F("started_on")),
                name="allocation_end_not_before_start",
            ),
            models.UniqueConstraint(
                fields=["child", "role"],
                condition=models.Q(ended_on__isnull=True),
                name="one_open_allocation_per_role",
                violation_error_message="This child already has an open allocation in this role",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.worker} ({self.get_role_display()}, {self.team})"

    @property
    def is_open(self) -> bool:
        return self.ended_on is None

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.started_on and self.started_on > timezone.localdate():
            errors["started_on"] = "Start date must be today or in the past"
        if self.ended_on and self.started_on and self.ended_on < self.started_on:
            errors["ended_on"] = "End date must be the same as or after the start date"
        if self.worker_id and self.team_id and not self.worker.teams.filter(pk=self.team_id).exists():
            errors["worker"] = f"{self.worker} is not a member of {self.team}: choose a worker in the team"
        if errors:
            raise ValidationError(errors)
