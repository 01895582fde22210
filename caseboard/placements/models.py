"""Where looked-after children live: settings (carer households and the homes and other providers), the carers and
their approvals, and each child's placements with their placement plans (DOMAIN.md: reg 24, CPPCR regs 9 and 28).

- ``Setting``: a carer household (in-house or agency foster carers, connected persons) or a provider's setting
  (a children's home with its Ofsted URN and registration status, supported accommodation, a residential school, a
  secure unit, a placement with parents); its postcode is the SSDA903 PL_POST and its URN the 903 URN.
- ``HouseholdMember`` (with DBS checks), ``Approval`` (mainstream, temporary under reg 24, emergency) and its range,
  ``HouseholdHealth`` (clinically vulnerable, self-isolating, unwell), ``SettingNotice`` (Ofsted and DfE told of an
  unregistered placement, a closure notice, a staffing concern), ``AnnualReview``, ``CarerVisit`` (the supervising
  social worker's visits).
- ``Placement``: a looked-after episode's setting, with the flags the statutory clock reads (a reg 24 placement; a
  child placed with a parent before the parent's assessment is complete) and the risk of breakdown.
- ``PlacementPlan``: recorded plans, which meet the clock's placement-plan item.
- ``PlacementSettings``: the operating model's rules for approvals (reg 24's 16 weeks, its 8-week extension, 24 weeks
  under SI 2020/445; annual reviews).
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from caseboard.casework.codes import PlacementProvider, PlacementType
from caseboard.casework.models import Episode
from caseboard.core.audit import AuditedManager
from caseboard.people.models import Child
from caseboard.policy.models import DeviationKind

# --- the operating model's rules ----------------------------------------------------------------------------------


class PlacementSettings(models.Model):
    """Approvals' rules under one operating-model version. The defaults are the statutory baseline; the COVID-19
    preset follows SI 2020/445 (24 Apr to 25 Sep 2020): any person may be approved temporarily, for 24 weeks."""

    version = models.OneToOneField("policy.OperatingModelVersion", on_delete=models.CASCADE, related_name="+")
    temporary_approval_weeks = models.PositiveSmallIntegerField(
        "Length of a temporary approval (weeks)",
        default=16,
        validators=[MinValueValidator(1), MaxValueValidator(52)],
        help_text="CPPCR reg 24: 16 weeks; 24 weeks while SI 2020/445 was in force.",
    )
    temporary_extension_weeks = models.PositiveSmallIntegerField(
        "Longest extension of a temporary approval (weeks)",
        default=8,
        validators=[MinValueValidator(0), MaxValueValidator(52)],
        help_text="CPPCR reg 25: one extension of at most 8 weeks.",
    )
    temporary_approval_any_person = models.BooleanField(
        "Any person may be approved temporarily, not only a connected person",
        default=False,
        help_text="SI 2020/445 allowed it from 24 April to 25 September 2020.",
    )
    annual_review_months = models.PositiveSmallIntegerField(
        "Carers' review (months)",
        default=12,
        validators=[MinValueValidator(1), MaxValueValidator(24)],
        help_text="Fostering Services Regulations 2011 reg 28: at least once a year.",
    )
    in_person_when_at_risk = models.BooleanField(
        "A child whose placement is at risk of breakdown is visited in person",
        default=True,
        help_text="From the date the risk is noted, only visits in person count towards the child's statutory "
        "visits, even while virtual visits count for others (seed 002: remote contact for settled placements, "
        "unless there is any risk of placement breakdown).",
    )
    lapse_warning_days = models.PositiveSmallIntegerField(
        "Show approvals lapsing, carers' reviews due and placements planned to end within (days)",
        default=28,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
        help_text="The sufficiency page's window, and how far ahead carers' reviews show on the supervising social "
        "worker's Due and overdue.",
    )

    objects = AuditedManager()

    class Meta:
        verbose_name = "placement settings"
        verbose_name_plural = "placement settings"

    def __str__(self) -> str:
        return f"Placement settings of version {self.version_id}"


SETTINGS_FIELDS = (
    "temporary_approval_weeks",
    "temporary_extension_weeks",
    "temporary_approval_any_person",
    "annual_review_months",
    "in_person_when_at_risk",
    "lapse_warning_days",
)
SETTINGS_PRESETS = {"covid": {"temporary_approval_weeks": 24, "temporary_approval_any_person": True}}


# --- settings -----------------------------------------------------------------------------------------------------


class SettingKind(models.TextChoices):
    FOSTER_IN_HOUSE = "foster_in_house", "Foster carers (the council's own)"
    FOSTER_AGENCY = "foster_agency", "Foster carers (independent fostering agency)"
    CONNECTED_PERSON = "connected_person", "Connected person (family or friends)"
    CHILDRENS_HOME = "childrens_home", "Children's home"
    SUPPORTED_ACCOMMODATION = "supported_accommodation", "Supported accommodation"
    RESIDENTIAL_SCHOOL = "residential_school", "Residential school"
    SECURE_UNIT = "secure_unit", "Secure children's home"
    WITH_PARENTS = "with_parents", "Placement with parents"
    OTHER = "other", "Other setting"


CARER_KINDS = frozenset({SettingKind.FOSTER_IN_HOUSE, SettingKind.FOSTER_AGENCY, SettingKind.CONNECTED_PERSON})
# Kinds Ofsted registers (Care Standards Act 2000); a setting of these kinds has a registration status.
REGISTERED_KINDS = frozenset({SettingKind.CHILDRENS_HOME, SettingKind.SECURE_UNIT, SettingKind.SUPPORTED_ACCOMMODATION})
# The SSDA903 placement types each kind of setting may take.
KIND_PLACEMENT_TYPES: dict[str, tuple[str, ...]] = {
    SettingKind.FOSTER_IN_HOUSE: ("U4", "U5", "U6"),
    SettingKind.FOSTER_AGENCY: ("U4", "U5", "U6"),
    SettingKind.CONNECTED_PERSON: ("U1", "U2", "U3"),
    SettingKind.CHILDRENS_HOME: ("K2", "R1"),
    SettingKind.SUPPORTED_ACCOMMODATION: ("K3",),
    SettingKind.RESIDENTIAL_SCHOOL: ("S1",),
    SettingKind.SECURE_UNIT: ("K1",),
    SettingKind.WITH_PARENTS: ("P1",),
    SettingKind.OTHER: tuple(code for code in PlacementType.values if not code.startswith(("U", "P1", "K", "S1"))),
}


class RegistrationStatus(models.TextChoices):
    NOT_REQUIRED = "not_required", "Registration not required"
    REGISTERED = "registered", "Registered with Ofsted"
    APPLIED = "applied", "Applied for registration"
    UNREGISTERED = "unregistered", "Unregistered"


class Setting(models.Model):
    """A carer household or a provider's setting, where looked-after children are placed."""

    kind = models.CharField("Kind of setting", max_length=30, choices=SettingKind.choices)
    name = models.CharField(
        "Name", max_length=160, help_text="A carer household by the carers' names, e.g. “Sarah and Tom Hughes”."
    )
    provider_name = models.CharField(
        "Provider or agency", max_length=160, blank=True, help_text="The agency or company, if not the council."
    )
    placement_provider = models.CharField("SSDA903 placement provider", max_length=3, choices=PlacementProvider.choices)
    address = models.TextField("Address", blank=True)
    postcode = models.CharField("Postcode", max_length=10, blank=True)
    urn = models.CharField("Ofsted URN", max_length=8, blank=True, help_text="Ofsted's unique reference number.")
    registration_status = models.CharField(
        "Registration status",
        max_length=20,
        choices=RegistrationStatus.choices,
        default=RegistrationStatus.NOT_REQUIRED,
    )
    ofsted_notified_on = models.DateField("Date Ofsted was told of the unregistered placement", null=True, blank=True)
    dfe_notified_on = models.DateField("Date the DfE was told", null=True, blank=True)
    places = models.PositiveSmallIntegerField(
        "Number of children",
        default=1,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text="Carers: the number their approval allows; other settings: the places offered to the council.",
    )
    age_from = models.PositiveSmallIntegerField("Youngest age", default=0, validators=[MaxValueValidator(25)])
    age_to = models.PositiveSmallIntegerField("Oldest age", default=17, validators=[MaxValueValidator(25)])
    takes_sibling_groups = models.BooleanField("Takes brothers and sisters together", default=False)
    can_self_isolate = models.BooleanField(
        "A child can self-isolate here", default=False, help_text="A room and bathroom of their own."
    )
    supervising_social_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="supervised_settings",
        verbose_name="Supervising social worker",
    )
    opened_on = models.DateField("Date first used", null=True, blank=True)
    closed_on = models.DateField("Date closed", null=True, blank=True)
    from_episode_codes = models.BooleanField(
        default=False,
        help_text="Made from the placement codes of episodes recorded before settings were (placement type and "
        "provider); replace it with the real setting when known.",
    )
    notes = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1)

    objects = AuditedManager()

    class Meta:
        ordering = ["name", "pk"]
        indexes = [models.Index(fields=["kind", "closed_on"]), models.Index(fields=["postcode"])]
        constraints = [
            models.CheckConstraint(condition=models.Q(age_to__gte=models.F("age_from")), name="setting_age_range"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_carer_household(self) -> bool:
        return self.kind in CARER_KINDS

    @property
    def is_unregistered(self) -> bool:
        return self.registration_status == RegistrationStatus.UNREGISTERED

    def is_open_on(self, day: date) -> bool:
        return self.closed_on is None or self.closed_on >= day

    def clean(self) -> None:
        errors: dict[str, str] = {}
        today = timezone.localdate()
        if self.age_from is not None and self.age_to is not None and self.age_to < self.age_from:
            errors["age_to"] = "Oldest age must be the same as or more than the youngest age"
        if self.registration_status == RegistrationStatus.UNREGISTERED:
            if self.ofsted_notified_on is None:
                errors["ofsted_notified_on"] = "Enter the date Ofsted was told of the unregistered placement"
            elif self.ofsted_notified_on > today:
                errors["ofsted_notified_on"] = "The date Ofsted was told must be today or in the past"
        if self.dfe_notified_on and self.dfe_notified_on > today:
            errors["dfe_notified_on"] = "The date the DfE was told must be today or in the past"
        if self.registration_status == RegistrationStatus.REGISTERED and not self.urn:
            errors["urn"] = "Enter the Ofsted URN of a registered setting"
        if self.urn and not (self.urn.isalnum() and 6 <= len(self.urn) <= 8):
            errors["urn"] = "Ofsted URN must be 6 to 8 letters or numbers, like 1234567 or SC123456"
        if self.kind in CARER_KINDS and self.registration_status not in ("", RegistrationStatus.NOT_REQUIRED):
            errors["registration_status"] = "Carer households are approved, not registered: choose “not required”"
        if self.kind == SettingKind.WITH_PARENTS and self.placement_provider not in ("", PlacementProvider.PR0):
            errors["placement_provider"] = "A placement with parents has the provider PR0 (parents)"
        if self.closed_on and self.opened_on and self.closed_on < self.opened_on:
            errors["closed_on"] = "The date closed must be the same as or after the date first used"
        if errors:
            raise ValidationError(errors)


class HouseholdMember(models.Model):
    """A carer or another member of a carer household (an adult child, a lodger), with their DBS check."""

    class Role(models.TextChoices):
        CARER = "carer", "Carer"
        SECOND_CARER = "second_carer", "Second carer"
        ADULT = "adult", "Other adult in the household"
        CHILD = "child", "Child of the household"

    class DbsOutcome(models.TextChoices):
        CLEAR = "clear", "Clear"
        INFORMATION = "information", "Information disclosed (considered)"
        PENDING = "pending", "Applied for"

    setting = models.ForeignKey(Setting, on_delete=models.CASCADE, related_name="members")
    full_name = models.CharField("Full name", max_length=160)
    role = models.CharField("Role in the household", max_length=20, choices=Role.choices)
    date_of_birth = models.DateField("Date of birth", null=True, blank=True)
    dbs_checked_on = models.DateField("Date of the DBS check", null=True, blank=True)
    dbs_outcome = models.CharField("DBS outcome", max_length=20, choices=DbsOutcome.choices, blank=True)
    left_on = models.DateField("Date they left the household", null=True, blank=True)

    objects = AuditedManager()

    class Meta:
        ordering = ["setting", "role", "full_name", "pk"]

    def __str__(self) -> str:
        return self.full_name

    def clean(self) -> None:
        errors: dict[str, str] = {}
        today = timezone.localdate()
        if self.dbs_checked_on and self.dbs_checked_on > today:
            errors["dbs_checked_on"] = "The date of the DBS check must be today or in the past"
        if self.dbs_checked_on and not self.dbs_outcome:
            errors["dbs_outcome"] = "Select the outcome of the DBS check"
        if self.date_of_birth and self.date_of_birth > today:
            errors["date_of_birth"] = "Date of birth must be in the past"
        if errors:
            raise ValidationError(errors)


class ApprovalKind(models.TextChoices):
    MAINSTREAM = "mainstream", "Foster carer (mainstream approval)"
    CONNECTED_PERSON = "connected_person", "Connected person (full approval)"
    TEMPORARY = "temporary", "Temporary approval (reg 24)"
    EMERGENCY = "emergency", "Emergency placement (reg 23)"


TEMPORARY_KINDS = frozenset({ApprovalKind.TEMPORARY})


class Approval(models.Model):
    """A carer household's approval and its range; a temporary approval (reg 24) lapses after ``ends_on``, set from
    the operating model in force on the approval date. A new approval ends the one before."""

    setting = models.ForeignKey(Setting, on_delete=models.CASCADE, related_name="approvals")
    kind = models.CharField("Kind of approval", max_length=20, choices=ApprovalKind.choices)
    approved_on = models.DateField("Date approved")
    panel_on = models.DateField("Date of the fostering panel", null=True, blank=True)
    ends_on = models.DateField("Approval ends", null=True, blank=True)
    weeks = models.PositiveSmallIntegerField("Length (weeks)", null=True, blank=True)
    extended_weeks = models.PositiveSmallIntegerField("Extended by (weeks)", default=0)
    extended_on = models.DateField("Date extended", null=True, blank=True)
    ended_on = models.DateField("Date replaced or ended", null=True, blank=True)
    places = models.PositiveSmallIntegerField("Number of children", validators=[MinValueValidator(1)])
    age_from = models.PositiveSmallIntegerField("Youngest age", default=0, validators=[MaxValueValidator(25)])
    age_to = models.PositiveSmallIntegerField("Oldest age", default=17, validators=[MaxValueValidator(25)])
    takes_sibling_groups = models.BooleanField("Brothers and sisters together", default=False)
    for_child = models.ForeignKey(
        Child,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="A temporary approval is for a named child.",
    )
    is_adopter = models.BooleanField("Approved adopters fostering temporarily", default=False)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    objects = AuditedManager()

    class Meta:
        ordering = ["setting", "-approved_on", "-pk"]
        indexes = [models.Index(fields=["kind", "ended_on", "ends_on"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} from {self.approved_on:%-d %b %Y}"

    @property
    def is_temporary(self) -> bool:
        return self.kind in TEMPORARY_KINDS

    def in_force_on(self, day: date) -> bool:
        started = self.approved_on <= day
        not_replaced = self.ended_on is None or self.ended_on >= day
        not_lapsed = self.ends_on is None or self.ends_on >= day
        return started and not_replaced and not_lapsed


class HealthKind(models.TextChoices):
    CLINICALLY_VULNERABLE = "clinically_vulnerable", "Clinically vulnerable"
    SHIELDING = "shielding", "Clinically extremely vulnerable (shielding)"
    SELF_ISOLATING = "self_isolating", "Self-isolating"
    UNWELL = "unwell", "Unwell"


UNAVAILABLE_KINDS = frozenset({HealthKind.SELF_ISOLATING, HealthKind.UNWELL})


class HouseholdHealth(models.Model):
    """A carer household's health (seed 001: "where foster carer is in a vulnerable group risks should be
    discussed"; placements continue wherever possible while carers self-isolate), with the risk discussion."""

    setting = models.ForeignKey(Setting, on_delete=models.CASCADE, related_name="health")
    kind = models.CharField("Health", max_length=30, choices=HealthKind.choices)
    started_on = models.DateField("From")
    ended_on = models.DateField("Until", null=True, blank=True)
    takes_new_placements = models.BooleanField("Can take new placements meanwhile", default=False)
    risk_discussed_on = models.DateField("Date the risks were discussed", null=True, blank=True)
    risk_discussion = models.TextField("What was discussed and agreed", blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    objects = AuditedManager()

    class Meta:
        ordering = ["setting", "-started_on", "-pk"]
        verbose_name_plural = "household health"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} from {self.started_on:%-d %b %Y}"

    def in_force_on(self, day: date) -> bool:
        return self.started_on <= day and (self.ended_on is None or self.ended_on >= day)

    def clean(self) -> None:
        errors: dict[str, str] = {}
        today = timezone.localdate()
        if self.started_on and self.started_on > today:
            errors["started_on"] = "The start date must be today or in the past"
        if self.started_on and self.ended_on and self.ended_on < self.started_on:
            errors["ended_on"] = "The end date must be the same as or after the start date"
        if self.risk_discussed_on and self.risk_discussed_on > today:
            errors["risk_discussed_on"] = "The date the risks were discussed must be today or in the past"
        if self.risk_discussed_on and not self.risk_discussion.strip():
            errors["risk_discussion"] = "Say what was discussed and agreed"
        if errors:
            raise ValidationError(errors)


class NoticeKind(models.TextChoices):
    UNREGISTERED = "unregistered", "Unregistered placement notified"
    CLOSURE = "closure", "Closure notice"
    STAFFING = "staffing", "Staffing concern"
    OTHER = "other", "Other notice"


class SettingNotice(models.Model):
    """Who was told what about a setting, and when: Ofsted and the DfE told of an unregistered placement, a home's
    closure notice, a staffing concern (seed 001 section 6; Ofsted told if a home is to close)."""

    setting = models.ForeignKey(Setting, on_delete=models.CASCADE, related_name="notices")
    kind = models.CharField("Kind of notice", max_length=20, choices=NoticeKind.choices)
    told = models.CharField("Who was told", max_length=200, help_text="e.g. Ofsted, the DfE, placing councils.")
    told_on = models.DateField("Date they were told")
    effective_on = models.DateField("Date it takes effect", null=True, blank=True, help_text="e.g. the closure date.")
    details = models.TextField("Details", blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    objects = AuditedManager()

    class Meta:
        ordering = ["setting", "-told_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}, {self.told_on:%-d %b %Y}"

    def clean(self) -> None:
        if self.told_on and self.told_on > timezone.localdate():
            raise ValidationError({"told_on": "The date they were told must be today or in the past"})


class MeetingMode(models.TextChoices):
    IN_PERSON = "in_person", "In person"
    VIRTUAL = "virtual", "Virtually (video or phone)"


class AnnualReview(models.Model):
    """A carer household's review (held in person or virtually, seed 002), with the panel date if it went to one."""

    setting = models.ForeignKey(Setting, on_delete=models.CASCADE, related_name="reviews")
    held_on = models.DateField("Date held")
    mode = models.CharField("How it was held", max_length=20, choices=MeetingMode.choices)
    panel_on = models.DateField("Date of the fostering panel", null=True, blank=True)
    outcome = models.TextField("Outcome", blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    objects = AuditedManager()

    class Meta:
        ordering = ["setting", "-held_on", "-pk"]

    def __str__(self) -> str:
        return f"Review held {self.held_on:%-d %b %Y}"

    def clean(self) -> None:
        if self.held_on and self.held_on > timezone.localdate():
            raise ValidationError({"held_on": "The date held must be today or in the past"})


# --- placements ---------------------------------------------------------------------------------------------------

# The kind of key decision (an operating-model kind) that allows a placement with carers who have no vacancy or
# outside their approval range, with the exception recorded.
EXCEPTION_DECISION_KIND = DeviationKind.PLACEMENT_OUTSIDE_APPROVAL


class Placement(models.Model):
    """The setting a looked-after episode names, and what the statutory clock reads about it. One per episode: a
    change of legal status makes a new episode and a new placement row at the same setting (the clock sees the same
    setting and does not restart the placement)."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="placements")
    episode = models.OneToOneField(Episode, on_delete=models.CASCADE, related_name="placement")
    setting = models.ForeignKey(Setting, on_delete=models.PROTECT, related_name="placements")
    approval = models.ForeignKey(Approval, null=True, blank=True, on_delete=models.PROTECT, related_name="placements")
    is_reg24_placement = models.BooleanField("Placed with temporarily approved carers (reg 24)", default=False)
    parent_assessment_complete = models.BooleanField(
        "The parent's assessment is complete",
        default=True,
        help_text="For a child placed with a parent: CPPCR reg 19 allows placement before the assessment.",
    )
    is_emergency = models.BooleanField("Emergency placement", default=False)
    planned_end_on = models.DateField(
        "Planned end date",
        null=True,
        blank=True,
        help_text="When the placement is planned to end (a short-term or bridging placement, a planned move).",
    )
    risk_of_breakdown = models.BooleanField("Risk of breakdown", default=False)
    breakdown_noted_on = models.DateField("Date the risk was noted", null=True, blank=True)
    disruption_meeting_on = models.DateField("Date of the disruption meeting", null=True, blank=True)
    exception_reason = models.TextField("Why the placement is outside the carers' approval or vacancies", blank=True)
    exception_decision = models.ForeignKey(
        "decisions.KeyDecision", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    placed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    objects = AuditedManager()

    class Meta:
        ordering = ["child", "episode__start_on", "pk"]
        indexes = [models.Index(fields=["setting", "child"])]

    def __str__(self) -> str:
        return f"Placement with {self.setting}"


class PlacementPlan(models.Model):
    """A placement plan, recorded (CPPCR reg 9(2): within 5 working days of the placement's start). Meets the
    statutory clock's placement-plan item."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="placement_plans")
    placement = models.ForeignKey(Placement, on_delete=models.CASCADE, related_name="plans")
    completed_on = models.DateField("Date the plan was agreed")
    notes = models.TextField("Notes", blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    objects = AuditedManager()

    class Meta:
        ordering = ["child", "completed_on", "pk"]
        indexes = [models.Index(fields=["child", "completed_on"])]

    def __str__(self) -> str:
        return f"Placement plan, {self.completed_on:%-d %b %Y}"


class CarerVisit(models.Model):
    """A supervising social worker's visit to carers. The children seen on it are recorded on their own records as
    statutory visits (seed 002), counted by the same rules as any visit (``child_visits``, one per child: children
    placed together need not be one family)."""

    setting = models.ForeignKey(Setting, on_delete=models.CASCADE, related_name="carer_visits")
    visited_on = models.DateField("Date of the visit")
    mode = models.CharField("How the visit was made", max_length=30)
    worker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="carer_visits")
    notes = models.TextField("Notes", blank=True)
    child_visits = models.ManyToManyField("visits.Visit", blank=True, related_name="+")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    objects = AuditedManager()

    class Meta:
        ordering = ["setting", "-visited_on", "-pk"]

    def __str__(self) -> str:
        return f"Visit to {self.setting} on {self.visited_on:%-d %b %Y}"
