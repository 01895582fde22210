"""Children and young people, and the people in their lives."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone

from caseboard.core.audit import AuditedManager

from .codes import Disability, Ethnicity, Sex, UPNUnknown

local_id_validator = RegexValidator(
    r"^[A-Za-z0-9]{1,20}$", "Local ID must be 1 to 20 letters or numbers, with no spaces or symbols"
)
upn_validator = RegexValidator(
    r"^[A-Z][0-9]{11}[0-9A-Z]$",
    "UPN must be 13 characters: a capital letter, 11 numbers, then a number or capital letter",
)


def validate_nhs_number(value: str) -> None:
    """An NHS number is 10 digits whose last is a modulus 11 check digit (NHS Data Dictionary)."""
    digits = value.replace(" ", "")
    if len(digits) != 10 or not digits.isdigit():
        raise ValidationError("NHS number must be 10 numbers, like 943 476 5919")
    total = sum(int(d) * (10 - i) for i, d in enumerate(digits[:9]))
    check = 11 - total % 11
    check = 0 if check == 11 else check
    if check == 10 or check != int(digits[9]):
        raise ValidationError("Enter a valid NHS number: the check digit does not match")


class Child(models.Model):
    """A child or young person known to children's social care (also an unborn child, by expected date)."""

    local_id = models.CharField("Local ID", max_length=20, unique=True, validators=[local_id_validator])
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    preferred_name = models.CharField(max_length=100, blank=True)
    date_of_birth = models.DateField(null=True, blank=True)
    expected_date_of_birth = models.DateField(null=True, blank=True)
    date_of_death = models.DateField(null=True, blank=True)
    sex = models.CharField(max_length=1, choices=Sex.choices)
    ethnicity = models.CharField(max_length=4, choices=Ethnicity.choices, default=Ethnicity.NOBT)
    upn = models.CharField("UPN", max_length=13, blank=True, validators=[upn_validator])
    upn_unknown = models.CharField("Reason UPN is unknown", max_length=3, choices=UPNUnknown.choices, blank=True)
    nhs_number = models.CharField("NHS number", max_length=12, blank=True, validators=[validate_nhs_number])
    disabilities = models.JSONField(default=list, blank=True)
    address = models.TextField(blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    is_restricted = models.BooleanField("Restricted record", default=False)
    restricted_to = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="restricted_children",
        help_text="The only people who may open a restricted record.",
    )
    version = models.PositiveIntegerField(default=1, help_text="Incremented on every edit, to stop lost updates.")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = AuditedManager()

    class Meta:
        verbose_name_plural = "children"
        ordering = ["last_name", "first_name", "pk"]
        indexes = [
            models.Index(fields=["last_name", "first_name"]),
            models.Index(fields=["date_of_birth"]),
            models.Index(fields=["upn"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(date_of_birth__isnull=False) | models.Q(expected_date_of_birth__isnull=False),
                name="child_has_birth_or_expected_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.local_id})"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def is_unborn(self) -> bool:
        return self.date_of_birth is None

    @property
    def disability_labels(self) -> str:
        return ", ".join(Disability(code).label for code in self.disabilities or [] if code in Disability.values)

    @property
    def current_household(self) -> Household | None:
        """The household the child lives in now (one at a time), or None if none is recorded."""
        cached = self.__dict__.get("_current_household", ...)
        if cached is not ...:
            return cached
        member = (
            self.household_memberships.filter(ended_on__isnull=True).select_related("household").order_by("-pk").first()
        )
        self._current_household = member.household if member else None
        return self._current_household

    @property
    def has_video_device(self) -> bool | None:
        """Whether the child's household has a device for video calls (held on the household)."""
        household = self.current_household
        return household.has_video_device if household else None

    @property
    def has_internet_access(self) -> bool | None:
        """Whether the child's household has internet access (held on the household)."""
        household = self.current_household
        return household.has_internet_access if household else None

    def age_on(self, today: date) -> int | None:
        """Age in whole years on ``today``; None for an unborn child."""
        if self.date_of_birth is None:
            return None
        dob = self.date_of_birth
        return today.year - dob.year - ((today.month, today.day) < (dob.month, dob.day))

    def clean(self) -> None:
        errors: dict[str, str] = {}
        today = timezone.localdate()
        if self.date_of_birth is None and self.expected_date_of_birth is None:
            errors["date_of_birth"] = "Enter the date of birth, or the expected date of birth for an unborn child"
        if self.date_of_birth and self.date_of_birth > today:
            errors["date_of_birth"] = "Date of birth must be today or in the past"
        if self.date_of_birth and self.expected_date_of_birth:
            errors["expected_date_of_birth"] = "Leave the expected date of birth empty once the child is born"
        if self.date_of_death:
            if self.date_of_death > today:
                errors["date_of_death"] = "Date of death must be today or in the past"
            elif self.date_of_birth is None:
                errors["date_of_death"] = "Enter the date of birth as well as the date of death"
            elif self.date_of_death < self.date_of_birth:
                errors["date_of_death"] = "Date of death must be on or after the date of birth"
        codes = list(self.disabilities or [])
        unknown = [c for c in codes if c not in Disability.values]
        if unknown:
            errors["disabilities"] = f"Disability codes must come from the CIN census list (not {', '.join(unknown)})"
        elif Disability.NONE in codes and len(codes) > 1:
            errors["disabilities"] = "Select 'No disability' on its own, or the disabilities that apply"
        if self.upn and self.upn_unknown:
            errors["upn_unknown"] = "Leave the reason UPN is unknown empty when the UPN is given"
        if errors:
            raise ValidationError(errors)


class Relationship(models.TextChoices):
    MOTHER = "mother", "Mother"
    FATHER = "father", "Father"
    STEP_PARENT = "step_parent", "Step-parent"
    PARENTS_PARTNER = "parents_partner", "Parent's partner"
    SIBLING = "sibling", "Brother or sister"
    GRANDPARENT = "grandparent", "Grandparent"
    AUNT_UNCLE = "aunt_uncle", "Aunt or uncle"
    FOSTER_CARER = "foster_carer", "Foster carer"
    FAMILY_FRIEND = "family_friend", "Family friend"
    OTHER = "other", "Other"


class FamilyMember(models.Model):
    """Someone in a child's life: a parent, sibling, carer or friend, with their relationship to the child."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="family_members")
    name = models.CharField(max_length=200)
    relationship = models.CharField(max_length=20, choices=Relationship.choices)
    has_parental_responsibility = models.BooleanField(default=False)
    lives_with_child = models.BooleanField(default=False)
    sibling = models.ForeignKey(
        Child,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Where the family member is a child also known to the service.",
    )
    phone = models.CharField(max_length=30, blank=True)
    notes = models.TextField(blank=True)

    objects = AuditedManager()

    class Meta:
        ordering = ["child", "relationship", "name", "pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_relationship_display()})"


class Household(models.Model):
    """Where children and adults live together: the address, and whether the household can make video calls (a
    device and internet access), asked once for brothers and sisters rather than per child. Its children and adults
    are ``HouseholdMember`` rows with dates."""

    address = models.TextField(blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    has_video_device = models.BooleanField("Household has a device for video calls", null=True, blank=True)
    has_internet_access = models.BooleanField("Household has internet access", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    version = models.PositiveIntegerField(default=1, help_text="Incremented on every edit, to stop lost updates.")

    objects = AuditedManager()

    class Meta:
        ordering = ["postcode", "address", "pk"]
        indexes = [models.Index(fields=["postcode"])]

    def __str__(self) -> str:
        first_line = self.address.strip().splitlines()[0] if self.address.strip() else "Address not recorded"
        return f"{first_line}{', ' + self.postcode if self.postcode else ''}"


class HouseholdMember(models.Model):
    """A child (a record known to the service) or an adult living in a household, from a date to a date. A child
    lives in one household at a time."""

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="members")
    child = models.ForeignKey(
        Child, null=True, blank=True, on_delete=models.CASCADE, related_name="household_memberships"
    )
    name = models.CharField("Name", max_length=200, blank=True, help_text="For an adult (not a child's record)")
    description = models.CharField(
        "Who they are", max_length=100, blank=True, help_text="For example, mother, mother's partner, grandparent"
    )
    started_on = models.DateField("Lives here from", null=True, blank=True, help_text="Empty when not known")
    ended_on = models.DateField("Lives here until", null=True, blank=True)

    objects = AuditedManager()

    class Meta:
        ordering = ["household", "child__date_of_birth", "name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(child__isnull=False) & models.Q(name=""))
                | (models.Q(child__isnull=True) & ~models.Q(name="")),
                name="household_member_child_or_adult",
            ),
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True)
                | models.Q(started_on__isnull=True)
                | models.Q(ended_on__gte=models.F("started_on")),
                name="household_member_dates_in_order",
            ),
            models.UniqueConstraint(
                fields=["child"],
                condition=models.Q(child__isnull=False, ended_on__isnull=True),
                name="one_current_household_per_child",
            ),
        ]
        indexes = [models.Index(fields=["child", "ended_on"])]

    def __str__(self) -> str:
        return self.name or str(self.child)

    @property
    def is_current(self) -> bool:
        return self.ended_on is None

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.child_id is None and not self.name.strip():
            errors["name"] = "Enter the adult's name"
        if self.started_on and self.ended_on and self.ended_on < self.started_on:
            errors["ended_on"] = "The date they left must be the same as or after the date they moved in"
        if errors:
            raise ValidationError(errors)


class SiblingKind(models.TextChoices):
    FULL = "full", "Full brother or sister"
    HALF = "half", "Half brother or sister"
    STEP = "step", "Stepbrother or stepsister"
    NOT_RECORDED = "not_recorded", "Brother or sister (full, half or step not recorded)"


class SiblingLink(models.Model):
    """Two children's records linked as brothers and sisters (full, half or step), in both directions: stored
    once, with the lower id first. Made from a family member entry or by search; removed (never deleted) with who
    removed it and why, so the audit history keeps it."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="sibling_links")
    sibling = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="sibling_links_to")
    kind = models.CharField(max_length=20, choices=SiblingKind.choices)
    family_member = models.ForeignKey(
        FamilyMember,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="sibling_links",
        help_text="The family member entry the link was made from, if any.",
    )
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    linked_at = models.DateTimeField()
    removed_at = models.DateTimeField(null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    removal_reason = models.TextField(blank=True)

    objects = AuditedManager()

    class Meta:
        ordering = ["child", "sibling", "pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(child__lt=models.F("sibling")), name="sibling_link_ordered"),
            models.UniqueConstraint(
                fields=["child", "sibling"], condition=models.Q(removed_at__isnull=True), name="one_active_sibling_link"
            ),
        ]
        indexes = [models.Index(fields=["sibling", "removed_at"]), models.Index(fields=["child", "removed_at"])]

    def __str__(self) -> str:
        return f"{self.child} and {self.sibling}: {self.get_kind_display()}"

    @property
    def is_active(self) -> bool:
        return self.removed_at is None

    def other(self, child_id: int) -> int:
        """The id of the other child in the link."""
        return self.sibling_id if self.child_id == child_id else self.child_id


class BreakGlassAccess(models.Model):
    """A member of staff outside need-to-know who opened a child's record, with the reason they gave. It lets them
    see that record until ``expires_at``; every one is listed on the access report for heads of service."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="break_glass")
    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="break_glass")
    reason = models.TextField()
    opened_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    ip_address = models.GenericIPAddressField(null=True, blank=True)

    objects = AuditedManager()

    class Meta:
        ordering = ["-opened_at", "-pk"]
        indexes = [models.Index(fields=["user", "child", "expires_at"])]

    def __str__(self) -> str:
        return f"{self.user} opened {self.child} at {self.opened_at:%d %b %Y %H:%M}"
