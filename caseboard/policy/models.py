"""Operating models: the council's rules of practice as versioned, effective-dated data (DESIGN.md section 5).

A version is drafted, approved by a head of service or administrator (not the person who drafted it), and is
read-only from then on. The versions of the council's model, by effective date, are the timeline the statutory
clock is computed from. Presets ship with the product and are copied, never edited.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from caseboard.accounts.models import Role
from caseboard.core.audit import AuditedManager


class Unit(models.TextChoices):
    CALENDAR_DAYS = "calendar_days", "calendar days"
    WEEKS = "weeks", "weeks"
    MONTHS = "months", "months"
    WORKING_DAYS = "working_days", "working days"


class VisitCounting(models.TextChoices):
    IN_PERSON_ONLY = "in_person_only", "In-person visits only"
    VIRTUAL_WITH_DECISION = "virtual_with_decision", "Virtual visits count while an approved key decision covers them"
    VIRTUAL = "virtual", "Virtual visits count when the child is seen"


class OperatingModel(models.Model):
    """A named set of rules of practice: a shipped preset, or the council's own model with its versions."""

    name = models.CharField(max_length=120, unique=True)
    description = models.TextField(blank=True)
    is_preset = models.BooleanField(default=False, help_text="Shipped with the product: copy it, do not edit it.")
    is_council_model = models.BooleanField(
        default=False, help_text="The model whose versions the statutory clock follows. Only one."
    )

    objects = AuditedManager()

    class Meta:
        ordering = ["-is_council_model", "is_preset", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_council_model"], condition=models.Q(is_council_model=True), name="one_council_model"
            )
        ]

    def __str__(self) -> str:
        return self.name


class VersionStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    APPROVED = "approved", "Approved"
    WITHDRAWN = "withdrawn", "Withdrawn"


def _positive(default: int, maximum: int = 400, **kwargs: object) -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(
        default=default, validators=[MinValueValidator(1), MaxValueValidator(maximum)], **kwargs
    )


class OperatingModelVersion(models.Model):
    """One version of an operating model's settings, in force from ``effective_from`` once approved."""

    operating_model = models.ForeignKey(OperatingModel, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    status = models.CharField(max_length=10, choices=VersionStatus.choices, default=VersionStatus.DRAFT)
    effective_from = models.DateField("In force from")
    ends_on = models.DateField(
        "In force until",
        null=True,
        blank=True,
        help_text="Leave empty for no end. On the day after, the version it replaced is in force again.",
    )
    reverts_to = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="When it ends, in force again",
        help_text="Chosen when approving; empty: the version it replaced.",
    )
    summary = models.TextField("What changes and why", blank=True)
    copied_from = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    edit_version = models.PositiveIntegerField(default=1)

    # What counts as a visit, and practice switches
    visit_counting = models.CharField(
        "Which visits count as statutory visits",
        max_length=30,
        choices=VisitCounting.choices,
        default=VisitCounting.IN_PERSON_ONLY,
    )
    pre_visit_check_required = models.BooleanField(
        "A pre-visit check is required before an in-person visit", default=False
    )
    pre_visit_check_valid_days = _positive(
        2, 14, verbose_name="A pre-visit check covers visits for (days, counting the day it is made)"
    )
    speak_to_child_from_age_years = models.PositiveSmallIntegerField(
        "Screening asks whether the child was spoken to from the age of (years)",
        default=8,
        validators=[MinValueValidator(0), MaxValueValidator(17)],
    )
    early_help_referrals_open = models.BooleanField("New Early Help referrals are accepted", default=True)
    early_help_pause_reason = models.TextField("Reason shown at the front door when paused", blank=True)
    remote_contact_weekly = models.BooleanField(
        "Weekly phone or video contact with open Early Help and child in need cases", default=False
    )
    applies_to_running_intervals = models.BooleanField(
        "Recompute intervals already running when this version starts",
        default=False,
        help_text="Otherwise each interval keeps the rules in force when it started.",
    )

    # Looked-after visits, CPPCR reg 28 (weeks and months are calendar units)
    lac_first_within_weeks = _positive(1, 52, verbose_name="First visit within (weeks of the placement starting)")
    lac_first_year_weeks = _positive(6, 52, verbose_name="During the placement's first year, every (weeks)")
    lac_after_year_until_18_months = _positive(3, 12, verbose_name="After a year, placement to 18, every (months)")
    lac_after_year_other_weeks = _positive(6, 52, verbose_name="After a year, other placements, every (weeks)")
    lac_placed_with_parent_weeks = _positive(1, 52, verbose_name="Placed with parent before assessment (weeks)")
    lac_placed_with_parent_after_review_weeks = _positive(6, 52, verbose_name="…after the first review (weeks)")
    lac_reg24_ico_weeks = _positive(1, 52, verbose_name="Reg 24 or interim care order at home (weeks)")
    lac_reg24_ico_after_review_weeks = _positive(4, 52, verbose_name="…after the first review (weeks)")
    lac_care_order_at_home_weeks = _positive(6, 52, verbose_name="Care order, child at home, every (weeks)")
    # Personal adviser contact by the care leaver's RAG rating (0: the care leavers' frequency applies)
    care_leaver_contact_red_weeks = models.PositiveSmallIntegerField(
        "Care leaver rated red: contact every (weeks, 0 for the usual frequency)",
        default=0,
        validators=[MinValueValidator(0), MaxValueValidator(8)],
    )
    care_leaver_contact_amber_weeks = models.PositiveSmallIntegerField(
        "Care leaver rated amber: contact every (weeks, 0 for the usual frequency)",
        default=0,
        validators=[MinValueValidator(0), MaxValueValidator(8)],
    )
    care_leaver_contact_green_weeks = models.PositiveSmallIntegerField(
        "Care leaver rated green: contact every (weeks, 0 for the usual frequency)",
        default=0,
        validators=[MinValueValidator(0), MaxValueValidator(8)],
    )
    # Private fostering (PF Regs regs 4, 7, 8)
    pf_first_within_working_days = _positive(7, 60, verbose_name="Private fostering first visit (working days)")
    pf_first_year_weeks = _positive(6, 52, verbose_name="Private fostering, first year, every (weeks)")
    pf_after_first_year_weeks = _positive(12, 52, verbose_name="Private fostering, after a year, every (weeks)")

    # Timescales (Working Together, CPPCR)
    referral_decision_working_days = _positive(1, 20, verbose_name="Decide on a referral within (working days)")
    assessment_working_days = _positive(45, 120, verbose_name="Assessment within (working days of referral)")
    initial_conference_working_days = _positive(15, 60, verbose_name="Initial conference within (working days)")
    first_core_group_working_days = _positive(10, 60, verbose_name="First core group within (working days)")
    first_review_conference_months = _positive(3, 12, verbose_name="First review conference within (months)")
    later_review_conference_months = _positive(6, 12, verbose_name="Later review conferences every (months)")
    first_lac_review_working_days = _positive(20, 60, verbose_name="First looked-after review (working days)")
    second_lac_review_months = _positive(3, 12, verbose_name="Second looked-after review (months)")
    later_lac_review_months = _positive(6, 12, verbose_name="Later looked-after reviews every (months)")
    placement_plan_working_days = _positive(5, 30, verbose_name="Placement plan within (working days)")

    # RAG review frequency (days)
    rag_review_red_days = _positive(7, 90, verbose_name="Review a red rating every (days)")
    rag_review_amber_days = _positive(14, 90, verbose_name="Review an amber rating every (days)")
    rag_review_green_days = _positive(28, 180, verbose_name="Review a green rating every (days)")

    objects = AuditedManager()

    class Meta:
        ordering = ["operating_model", "effective_from", "number"]
        constraints = [
            models.UniqueConstraint(fields=["operating_model", "number"], name="version_number_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.operating_model.name}, version {self.number}"

    @property
    def is_editable(self) -> bool:
        return self.status == VersionStatus.DRAFT

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.ends_on is not None and self.effective_from is not None and self.ends_on < self.effective_from:
            raise ValidationError(
                {"ends_on": "The date it is in force until must be the same as or after the date it comes into force"}
            )


class VisitKind(models.TextChoices):
    CHILD_IN_NEED = "cin", "Children in need"
    CHILD_PROTECTION = "cp", "Child protection"
    EARLY_HELP = "early_help", "Open Early Help"
    CARE_LEAVER = "care_leaver", "Care leavers (personal adviser contact)"


class VisitFrequency(models.Model):
    """How often children with one kind of involvement are visited under a version (looked-after and private
    fostering visits follow their regulations' schedules, set on the version itself)."""

    version = models.ForeignKey(OperatingModelVersion, on_delete=models.CASCADE, related_name="visit_frequencies")
    kind = models.CharField(max_length=20, choices=VisitKind.choices)
    is_required = models.BooleanField(default=True)
    first_within = _positive(10, 400, verbose_name="First visit within")
    first_within_unit = models.CharField(max_length=20, choices=Unit.choices)
    interval = _positive(10, 400, verbose_name="Then at intervals of not more than")
    interval_unit = models.CharField(max_length=20, choices=Unit.choices)
    is_statutory = models.BooleanField(default=False)
    source = models.CharField(max_length=200, help_text="e.g. 'Local policy' or 'Care Leavers Regs reg 8(2)'")

    objects = AuditedManager()

    class Meta:
        ordering = ["version", "kind"]
        constraints = [models.UniqueConstraint(fields=["version", "kind"], name="one_frequency_per_kind")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: every {self.interval} {self.get_interval_unit_display()}"


class DeviationKind(models.TextChoices):
    """The kinds of deviation the presets ship with, by slug. A council adds its own kinds to a version
    (``DeviationRule``); these slugs stay stable because Caseboard's own pages refer to them (an initial visit done
    remotely, a paused assessment, a cancelled meeting)."""

    VISIT_DEFERRED = "visit_deferred", "Visit deferred"
    VISIT_VIRTUAL = "visit_virtual", "Visit held virtually"
    NO_FACE_TO_FACE_CP = "no_face_to_face_cp", "No face-to-face visit on a child protection case"
    PARENTING_ASSESSMENT_PAUSED = "parenting_assessment_paused", "Parenting assessment paused"
    FAMILY_TIME_CHANGED = "family_time_changed", "Family time changed"
    COURT_ORDERED_CONTACT_CHANGED = "court_ordered_contact_changed", "Court-ordered contact changed"
    INITIAL_VISIT_REMOTE = "initial_visit_remote", "Initial visit done remotely"
    MEETING_CANCELLED = "meeting_cancelled", "Statutory meeting cancelled"
    PLACEMENT_OUTSIDE_APPROVAL = "placement_outside_approval", "Placement outside approval"


class ClockEffect(models.TextChoices):
    """What an approved deviation does to the statutory clock (``caseboard.clock.vocabulary.ClockEffect``). It never
    moves a due date: an item it covers that is overdue says so, and lists can tell it from one nobody decided."""

    NONE = "none", "Nothing on the statutory clock"
    VISITS = "visits", "Covers overdue visits"
    ASSESSMENT = "assessment", "Covers an overdue assessment"
    MEETINGS = "meetings", "Covers overdue statutory meetings"


# Today's kinds and what each does to the clock, as the presets ship them.
CLOCK_EFFECT_OF_KIND = {
    "visit_deferred": ClockEffect.VISITS,
    "visit_virtual": ClockEffect.VISITS,
    "no_face_to_face_cp": ClockEffect.VISITS,
    "initial_visit_remote": ClockEffect.VISITS,
    "parenting_assessment_paused": ClockEffect.ASSESSMENT,
    "meeting_cancelled": ClockEffect.MEETINGS,
}


class ReviewCadence(models.TextChoices):
    DAYS = "days", "After the review period (days)"
    EACH_VISIT = "each_visit", "At each scheduled visit (the decision lapses if a review is missed)"


APPROVER_ROLES = [
    (Role.TEAM_MANAGER.value, Role.TEAM_MANAGER.label),
    (Role.HEAD_OF_SERVICE.value, Role.HEAD_OF_SERVICE.label),
]


class DeviationRule(models.Model):
    """One kind of deviation from normal practice in a version: its name, who must approve it, when it is reviewed
    and what it does to the statutory clock. ``kind`` is a slug derived from the name when the kind is added, kept
    when the version is copied, so decisions of that kind are recognised across versions."""

    version = models.ForeignKey(OperatingModelVersion, on_delete=models.CASCADE, related_name="deviation_rules")
    kind = models.SlugField(max_length=40)
    name = models.CharField("Name", max_length=80)
    approver_role = models.CharField(max_length=30, choices=APPROVER_ROLES)
    review_after_days = _positive(21, 180, verbose_name="Review after (days)")
    review_cadence = models.CharField(
        "When it is reviewed",
        max_length=12,
        choices=ReviewCadence.choices,
        default=ReviewCadence.DAYS,
        help_text="At each scheduled visit: the review is due on each due date of the visits it covers (the review "
        "period applies when no visit is scheduled).",
    )
    allow_record_and_approve = models.BooleanField("The approver may record and approve in one step", default=False)
    clock_effect = models.CharField(
        "What it does to the statutory clock", max_length=20, choices=ClockEffect.choices, default=ClockEffect.NONE
    )
    counts_virtual_visit = models.BooleanField(
        "A virtual visit it covers counts as a statutory visit",
        default=False,
        help_text="Where the version counts virtual visits only with an approved key decision.",
    )

    objects = AuditedManager()

    class Meta:
        ordering = ["version", "kind"]
        constraints = [models.UniqueConstraint(fields=["version", "kind"], name="one_rule_per_deviation")]

    def __str__(self) -> str:
        return f"{self.name}: {self.get_approver_role_display()}"

    @property
    def is_built_in(self) -> bool:
        """A preset kind that Caseboard's own pages refer to: it may be changed but not removed."""
        return self.kind in DeviationKind.values


class PreVisitQuestion(models.Model):
    """One question of the pre-visit check under a version, answered yes or no by the household. ``key`` is stable
    when the wording changes (and when the version is copied), so an answer can be read across versions; each check
    keeps the wording it asked. A yes to a question that stops a plain go-ahead means the visit goes ahead with PPE
    or not in person."""

    version = models.ForeignKey(OperatingModelVersion, on_delete=models.CASCADE, related_name="pre_visit_questions")
    key = models.SlugField(max_length=40)
    text = models.CharField("Question", max_length=200)
    position = models.PositiveSmallIntegerField(default=0)
    yes_stops_go_ahead = models.BooleanField(
        "A yes means the visit cannot simply go ahead (PPE, or not in person)", default=False
    )

    objects = AuditedManager()

    class Meta:
        ordering = ["version", "position", "pk"]
        constraints = [models.UniqueConstraint(fields=["version", "key"], name="one_pre_visit_question_per_key")]

    def __str__(self) -> str:
        return self.text


MAX_PRE_VISIT_QUESTIONS = 15

# The settings a version copies and edits for each visit frequency and each deviation rule.
FREQUENCY_FIELDS = (
    "kind",
    "is_required",
    "first_within",
    "first_within_unit",
    "interval",
    "interval_unit",
    "is_statutory",
    "source",
)
DEVIATION_FIELDS = (
    "kind",
    "name",
    "approver_role",
    "review_after_days",
    "review_cadence",
    "allow_record_and_approve",
    "clock_effect",
    "counts_virtual_visit",
)
QUESTION_FIELDS = ("key", "text", "position", "yes_stops_go_ahead")
