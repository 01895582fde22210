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
    AdoptersLegalStatus,
    AdoptersSex,
    CareLeaverAccommodation,
    CareLeaverActivity,
    CareLeaverStatus,
    CategoryOfAbuse,
    InTouch,
    LegalStatus,
    MissingKind,
    PlacementProvider,
    PlacementType,
    PreviousPermanenceKind,
    PrimaryNeed,
    ReasonEpisodeCeased,
    ReasonForClosure,
    ReasonPlaceChange,
    ReasonPlacedCeased,
    ReferralSource,
    SdqReason,
    SocialWorkerChangeReason,
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
        "reason_place_change",
        "category_of_need",
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
    category_of_need = models.CharField(
        "Category of need",
        max_length=2,
        choices=PrimaryNeed.choices,
        blank=True,
        help_text="SSDA903 CIN, where it differs from the child in need episode's primary need (e.g. imported).",
    )
    reason_place_change = models.CharField(
        "Reason for the change of placement",
        max_length=6,
        choices=ReasonPlaceChange.choices,
        blank=True,
        help_text="SSDA903 REASON_PLACE_CHANGE, for an episode that ends because the placement changes.",
    )
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
    change_reason = models.CharField(
        "Why the child's social worker changed to this one",
        max_length=6,
        choices=SocialWorkerChangeReason.choices,
        blank=True,
        help_text="SSDA903 SW_REASON, for a social worker's allocation to a looked-after child.",
    )

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


# --- What the SSDA903 return asks of a looked-after child's record beyond episodes (DOMAIN.md section 9.2) ---------


def _dates_in_order(start: date | None, end: date | None, *, start_field: str, end_field: str) -> dict[str, str]:
    errors: dict[str, str] = {}
    today = timezone.localdate()
    if start and start > today:
        errors[start_field] = "The start date must be today or in the past"
    if start and end and end < start:
        errors[end_field] = "The end date must be the same as or after the start date"
    elif end and end > today:
        errors[end_field] = "The end date must be today or in the past"
    return errors


class MissingEpisode(models.Model):
    """A time a looked-after child was missing from their placement, or away from it without authorisation
    (SSDA903 Missing: MISSING, MIS_START, MIS_END)."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="missing_episodes")
    kind = models.CharField(max_length=1, choices=MissingKind.choices)
    started_on = models.DateField("Start date")
    ended_on = models.DateField("End date", null=True, blank=True)

    objects = AuditedManager()

    class Meta:
        ordering = ["child", "started_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True) | models.Q(ended_on__gte=models.F("started_on")),
                name="missing_end_not_before_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} from {self.started_on:%-d %b %Y}"

    def clean(self) -> None:
        errors = _dates_in_order(self.started_on, self.ended_on, start_field="started_on", end_field="ended_on")
        if errors:
            raise ValidationError(errors)


class AsylumSeekingStatus(models.Model):
    """A child's status as an unaccompanied asylum-seeking child (UASC), with the date it ceased (SSDA903 UASC:
    DUC), usually the 18th birthday or the date the child was granted leave or assessed as an adult."""

    child = models.OneToOneField(Child, on_delete=models.CASCADE, related_name="asylum_seeking_status")
    since_on = models.DateField("Unaccompanied asylum-seeking child since", null=True, blank=True)
    ceased_on = models.DateField("Date the status ceased", null=True, blank=True)

    objects = AuditedManager()

    class Meta:
        verbose_name = "unaccompanied asylum-seeking child status"
        verbose_name_plural = "unaccompanied asylum-seeking child statuses"

    def __str__(self) -> str:
        return "Unaccompanied asylum-seeking child"

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.since_on and self.since_on > timezone.localdate():
            errors["since_on"] = "The date the child became an unaccompanied asylum seeker must be in the past"
        if self.since_on and self.ceased_on and self.ceased_on < self.since_on:
            errors["ceased_on"] = "The date the status ceased must be after the date it began"
        if errors:
            raise ValidationError(errors)


class HealthOutcome(models.Model):
    """A looked-after child's health and offending outcomes for a year ending 31 March, for children looked after
    for at least 12 months (SSDA903 OC2)."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="health_outcomes")
    year_ending_on = models.DateField("Year ending", help_text="31 March of the collection year")
    sdq_score = models.PositiveSmallIntegerField("Strengths and difficulties (SDQ) score", null=True, blank=True)
    sdq_reason = models.CharField("Why there is no SDQ score", max_length=4, choices=SdqReason.choices, blank=True)
    convicted = models.BooleanField(
        "Convicted or given a final warning or reprimand in the year", null=True, blank=True
    )
    health_check = models.BooleanField("Health assessment up to date", null=True, blank=True)
    immunisations = models.BooleanField("Immunisations up to date", null=True, blank=True)
    teeth_check = models.BooleanField("Teeth checked by a dentist in the year", null=True, blank=True)
    health_assessment = models.BooleanField("Annual health assessment done", null=True, blank=True)
    substance_misuse = models.BooleanField("Identified as having a substance misuse problem", null=True, blank=True)
    intervention_received = models.BooleanField("Received an intervention for substance misuse", null=True, blank=True)
    intervention_offered = models.BooleanField("Offered an intervention and refused it", null=True, blank=True)

    objects = AuditedManager()

    class Meta:
        ordering = ["child", "year_ending_on"]
        constraints = [models.UniqueConstraint(fields=["child", "year_ending_on"], name="one_health_outcome_a_year")]

    def __str__(self) -> str:
        return f"Health outcomes, year ending {self.year_ending_on:%-d %B %Y}"

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.year_ending_on and (self.year_ending_on.month, self.year_ending_on.day) != (3, 31):
            errors["year_ending_on"] = "The year ends on 31 March: enter 31 March of the collection year"
        if self.sdq_score is not None and self.sdq_score > 40:
            errors["sdq_score"] = "The SDQ score must be between 0 and 40"
        if self.sdq_score is not None and self.sdq_reason:
            errors["sdq_reason"] = "Leave the reason empty when there is an SDQ score"
        if self.substance_misuse is False and (self.intervention_received or self.intervention_offered):
            errors["intervention_received"] = "An intervention applies only to a child with a substance misuse problem"
        if errors:
            raise ValidationError(errors)


class CareLeaverOutcome(models.Model):
    """Whether the council is in touch with a care leaver around their birthday, and their activity and
    accommodation (SSDA903 OC3), for care leavers aged 17 to 21."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="care_leaver_outcomes")
    year_ending_on = models.DateField("Year ending", help_text="31 March of the collection year")
    in_touch = models.CharField("In touch", max_length=4, choices=InTouch.choices)
    activity = models.CharField("Main activity", max_length=2, choices=CareLeaverActivity.choices, blank=True)
    accommodation = models.CharField("Accommodation", max_length=2, choices=CareLeaverAccommodation.choices, blank=True)

    objects = AuditedManager()

    class Meta:
        ordering = ["child", "year_ending_on"]
        constraints = [
            models.UniqueConstraint(fields=["child", "year_ending_on"], name="one_care_leaver_outcome_a_year")
        ]

    def __str__(self) -> str:
        return f"Care leaver outcomes, year ending {self.year_ending_on:%-d %B %Y}"

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.year_ending_on and (self.year_ending_on.month, self.year_ending_on.day) != (3, 31):
            errors["year_ending_on"] = "The year ends on 31 March: enter 31 March of the collection year"
        in_touch = self.in_touch in {InTouch.YES, InTouch.NREQ, InTouch.RHOM}
        if in_touch and not self.activity:
            errors["activity"] = "Select the care leaver's main activity"
        if in_touch and not self.accommodation:
            errors["accommodation"] = "Select the care leaver's accommodation"
        if self.in_touch in {InTouch.DIED, InTouch.REFU, InTouch.NO} and (self.activity or self.accommodation):
            errors["activity"] = "Leave activity and accommodation empty when the council is not in touch"
        if errors:
            raise ValidationError(errors)


class PreviousPermanence(models.Model):
    """Whether a child was adopted or under a special guardianship or child arrangements order before coming into
    care (SSDA903 PrevPerm: PREV_PERM, LA_PERM, DATE_PERM)."""

    child = models.OneToOneField(Child, on_delete=models.CASCADE, related_name="previous_permanence")
    arrangement = models.CharField(max_length=2, choices=PreviousPermanenceKind.choices)
    local_authority = models.CharField(
        "Council that made the arrangement", max_length=9, blank=True, help_text="Its 3-digit or 9-character code"
    )
    made_on = models.DateField("Date the order was made", null=True, blank=True)

    objects = AuditedManager()

    class Meta:
        verbose_name_plural = "previous permanence arrangements"

    def __str__(self) -> str:
        return self.get_arrangement_display()

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.arrangement == PreviousPermanenceKind.Z1 and (self.made_on or self.local_authority):
            errors["made_on"] = "Leave the date and council empty when there was no previous permanence"
        if self.made_on and self.made_on > timezone.localdate():
            errors["made_on"] = "The date the order was made must be in the past"
        if errors:
            raise ValidationError(errors)


class AdoptionDecision(models.Model):
    """The council's decision that a child should be placed for adoption, and when and why it ceased (SSDA903
    PlacedAdoption: DATE_PLACED, DATE_PLACED_CEASED, REASON_PLACED_CEASED)."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="adoption_decisions")
    decided_on = models.DateField("Date of the decision that the child should be placed for adoption")
    ceased_on = models.DateField("Date the decision ceased", null=True, blank=True)
    reason_ceased = models.CharField("Why it ceased", max_length=3, choices=ReasonPlacedCeased.choices, blank=True)

    objects = AuditedManager()

    class Meta:
        ordering = ["child", "decided_on", "pk"]

    def __str__(self) -> str:
        return f"Decision to place for adoption, {self.decided_on:%-d %b %Y}"

    def clean(self) -> None:
        errors = _dates_in_order(self.decided_on, self.ceased_on, start_field="decided_on", end_field="ceased_on")
        if self.ceased_on and not self.reason_ceased:
            errors["reason_ceased"] = "Select why the decision ceased"
        if self.reason_ceased and not self.ceased_on:
            errors["ceased_on"] = "Enter the date the decision ceased"
        if errors:
            raise ValidationError(errors)


class Adoption(models.Model):
    """A looked-after child's adoption: the decision, the match and the adopters (SSDA903 AD1)."""

    child = models.OneToOneField(Child, on_delete=models.CASCADE, related_name="adoption")
    should_be_placed_on = models.DateField("Date of the decision that the child should be placed for adoption")
    matched_on = models.DateField("Date the child was matched with the adopters")
    by_foster_carer = models.BooleanField("Adopted by their foster carer", default=False)
    number_of_adopters = models.PositiveSmallIntegerField("Number of adopters", choices=[(1, "1"), (2, "2")])
    adopters_sex = models.CharField("Sex of the adopters", max_length=2, choices=AdoptersSex.choices)
    adopters_legal_status = models.CharField(
        "Legal status of the adopters", max_length=3, choices=AdoptersLegalStatus.choices
    )

    objects = AuditedManager()

    def __str__(self) -> str:
        return f"Adoption matched {self.matched_on:%-d %b %Y}"

    def clean(self) -> None:
        errors = _dates_in_order(
            self.should_be_placed_on, self.matched_on, start_field="should_be_placed_on", end_field="matched_on"
        )
        single = self.adopters_sex in {AdoptersSex.M1, AdoptersSex.F1}
        if self.number_of_adopters and self.adopters_sex and single != (self.number_of_adopters == 1):
            errors["adopters_sex"] = "The sex of the adopters must match the number of adopters"
        if self.adopters_legal_status == AdoptersLegalStatus.L0 and self.adopters_sex and not single:
            errors["adopters_legal_status"] = "A single adopter's legal status is L0: choose one adopter"
        if errors:
            raise ValidationError(errors)


class Motherhood(models.Model):
    """Whether a looked-after girl or young woman is herself a mother, and her child's date of birth (SSDA903
    header MOTHER and MC_DOB)."""

    child = models.OneToOneField(Child, on_delete=models.CASCADE, related_name="motherhood")
    is_mother = models.BooleanField("Is a mother")
    childs_birth_on = models.DateField("Her child's date of birth", null=True, blank=True)

    objects = AuditedManager()

    def __str__(self) -> str:
        return "A mother" if self.is_mother else "Not a mother"

    def clean(self) -> None:
        if self.childs_birth_on and not self.is_mother:
            raise ValidationError({"childs_birth_on": "Leave her child's date of birth empty unless she is a mother"})
        if self.is_mother and not self.childs_birth_on:
            raise ValidationError({"childs_birth_on": "Enter her child's date of birth"})
        if self.childs_birth_on and self.childs_birth_on > timezone.localdate():
            raise ValidationError({"childs_birth_on": "Her child's date of birth must be in the past"})


class ChildInNeedPlan(models.Model):
    """A child in need plan within a child in need episode, from the assessment that made it until it ended
    (CIN census CINPlanDates). A child protection plan or care replaces it."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="cin_plans")
    episode = models.ForeignKey(Episode, on_delete=models.CASCADE, related_name="cin_plans")
    started_on = models.DateField("Start date")
    ended_on = models.DateField("End date", null=True, blank=True)

    objects = AuditedManager()

    class Meta:
        ordering = ["child", "started_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True) | models.Q(ended_on__gte=models.F("started_on")),
                name="cin_plan_end_not_before_start",
            )
        ]

    def __str__(self) -> str:
        return f"Child in need plan from {self.started_on:%-d %b %Y}"

    def clean(self) -> None:
        errors = _dates_in_order(self.started_on, self.ended_on, start_field="started_on", end_field="ended_on")
        episode = self.episode if self.episode_id else None
        if episode is not None and self.started_on and not errors:
            if episode.kind != EpisodeKind.CHILD_IN_NEED:
                errors["episode"] = "A child in need plan belongs to a child in need episode"
            elif self.started_on < episode.start_on or (episode.end_on and self.started_on > episode.end_on):
                errors["started_on"] = "The plan must start within its child in need episode"
            elif episode.end_on and self.ended_on and self.ended_on > episode.end_on:
                errors["ended_on"] = "The plan must end by the end of its child in need episode"
        if errors:
            raise ValidationError(errors)
