"""Meetings and conferences: strategy discussions, child protection conferences, core groups, reviews, PLO meetings,
legal gateway meetings and panels. One ``Meeting`` for every kind: scheduled, then held (or postponed, or cancelled),
with who was invited, who took part and how, the format (in person, virtual, hybrid, split into separate calls:
seed 002 asks that "the format of the meeting should be recorded"), minutes, decisions and actions.

A postponement is a row added, never an edit: ``due_on`` is the timescale's due date and never moves, so a postponed
meeting is still measured against it (DOMAIN.md section 4)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from caseboard.core.audit import AuditedManager
from caseboard.people.models import Child


class MeetingKind(models.TextChoices):
    STRATEGY_DISCUSSION = "strategy_discussion", "Strategy discussion"
    INITIAL_CONFERENCE = "initial_conference", "Initial child protection conference"
    REVIEW_CONFERENCE = "review_conference", "Review child protection conference"
    CORE_GROUP = "core_group", "Core group"
    CIN_REVIEW = "cin_review", "Child in need review"
    EARLY_HELP_REVIEW = "early_help_review", "Early Help plan review"
    LAC_REVIEW = "lac_review", "Looked-after review"
    PATHWAY_PLAN_REVIEW = "pathway_plan_review", "Pathway plan review"
    PLO_MEETING = "plo_meeting", "PLO meeting"
    LEGAL_GATEWAY = "legal_gateway", "Legal gateway meeting"
    PANEL = "panel", "Panel"


# Meetings that go ahead, online or split into calls, rather than being cancelled (seed 002: core groups, CIN and
# Early Help reviews "should not however be cancelled"; conferences, strategy discussions and looked-after reviews
# carry statutory timescales; pathway plan reviews are statutory too). Cancelling one needs an approved key
# decision of the kind "meeting_cancelled". PLO meetings, legal gateway meetings and panels are cancelled with a
# reason. These are the presets' values: the version in force decides (``CancellationSettings``).
DEFAULT_NEEDS_DECISION_TO_CANCEL = frozenset(
    {
        MeetingKind.STRATEGY_DISCUSSION,
        MeetingKind.INITIAL_CONFERENCE,
        MeetingKind.REVIEW_CONFERENCE,
        MeetingKind.CORE_GROUP,
        MeetingKind.LAC_REVIEW,
        MeetingKind.CIN_REVIEW,
        MeetingKind.EARLY_HELP_REVIEW,
        MeetingKind.PATHWAY_PLAN_REVIEW,
    }
)
CANCELLATION_DECISION_KIND = "meeting_cancelled"


class MeetingStatus(models.TextChoices):
    SCHEDULED = "scheduled", "Scheduled"
    HELD = "held", "Held"
    CANCELLED = "cancelled", "Cancelled"


class MeetingFormat(models.TextChoices):
    IN_PERSON = "in_person", "In person"
    VIRTUAL = "virtual", "Virtual (video or telephone conference)"
    HYBRID = "hybrid", "Hybrid (some in the room, some online)"
    SPLIT_CALLS = "split_calls", "Split into separate calls"


class TakingPart(models.TextChoices):
    IN_PERSON = "in_person", "In person"
    VIDEO = "video", "Video call"
    TELEPHONE = "telephone", "Telephone"
    WRITTEN = "written", "Written contribution"


class MeetingOutcome(models.TextChoices):
    SECTION_47 = "s47_enquiry", "Section 47 enquiry"
    ASSESSMENT = "s17_assessment", "Child and family assessment (section 17)"
    NO_FURTHER_ACTION = "no_further_action", "No further action"
    CP_PLAN = "cp_plan", "Child protection plan"
    NO_PLAN = "no_plan", "No child protection plan"
    PLAN_CONTINUES = "plan_continues", "Child protection plan continues"
    PLAN_ENDS = "plan_ends", "Child protection plan ends"


# The outcomes a kind of meeting records (required when it is held); other kinds record none.
OUTCOMES_FOR_KIND: dict[str, tuple[MeetingOutcome, ...]] = {
    MeetingKind.STRATEGY_DISCUSSION: (
        MeetingOutcome.SECTION_47,
        MeetingOutcome.ASSESSMENT,
        MeetingOutcome.NO_FURTHER_ACTION,
    ),
    MeetingKind.INITIAL_CONFERENCE: (MeetingOutcome.CP_PLAN, MeetingOutcome.NO_PLAN),
    MeetingKind.REVIEW_CONFERENCE: (MeetingOutcome.PLAN_CONTINUES, MeetingOutcome.PLAN_ENDS),
}


class Meeting(models.Model):
    """One meeting about one child or brothers and sisters together (siblings share a conference)."""

    kind = models.CharField(max_length=30, choices=MeetingKind.choices)
    children = models.ManyToManyField(Child, related_name="meetings")
    scheduled_for = models.DateTimeField("Date and time")
    status = models.CharField(max_length=10, choices=MeetingStatus.choices, default=MeetingStatus.SCHEDULED)
    format = models.CharField(max_length=20, choices=MeetingFormat.choices)
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="chaired_meetings"
    )
    # The timescale's due date, when the meeting has one (ICPC, first core group, review conferences, looked-after
    # reviews). Set when scheduled; a postponement never changes it.
    due_on = models.DateField("Due by", null=True, blank=True)
    venue = models.CharField("Where", max_length=200, blank=True)
    joining_details = models.TextField("How to join", blank=True)
    joining_details_shared_on = models.DateField("Joining details shared with the family on", null=True, blank=True)
    # An initial conference follows the strategy discussion at which the children's section 47 enquiry was initiated.
    strategy_discussion = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="conferences"
    )
    held_on = models.DateField("Date held", null=True, blank=True)
    minutes = models.TextField(blank=True)
    decisions = models.TextField("Decisions", blank=True)
    outcome = models.CharField(max_length=30, choices=MeetingOutcome.choices, blank=True)
    category_of_abuse = models.CharField(max_length=3, blank=True)
    held_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    cancelled_on = models.DateField(null=True, blank=True)
    cancellation_reason = models.TextField(blank=True)
    cancellation_decision = models.ForeignKey(
        "decisions.KeyDecision", null=True, blank=True, on_delete=models.PROTECT, related_name="cancelled_meetings"
    )
    scheduled_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    scheduled_at = models.DateTimeField()
    version = models.PositiveIntegerField(default=1)

    objects = AuditedManager()

    class Meta:
        ordering = ["-scheduled_for", "-pk"]
        indexes = [
            models.Index(fields=["status", "scheduled_for"]),
            models.Index(fields=["kind", "status", "held_on"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(Q(status="held") & Q(held_on__isnull=False)) | (~Q(status="held") & Q(held_on__isnull=True)),
                name="meeting_held_on_only_when_held",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.scheduled_for:%d %b %Y}"

    @property
    def needs_decision_to_cancel(self) -> bool:
        """Whether cancelling it needs an approved key decision, under the version in force on its date."""
        from .selectors import kinds_needing_decision_to_cancel

        return self.kind in kinds_needing_decision_to_cancel(timezone.localdate(self.scheduled_for))

    @property
    def action_word(self) -> str:
        """What the meeting's actions are called: a looked-after review makes recommendations."""
        return "recommendation" if self.kind == MeetingKind.LAC_REVIEW else "action"


class Invitee(models.Model):
    """Someone invited to a meeting: staff (``user``) or anyone else by name and role or agency. When the meeting is
    held, whether they took part and how."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="invitees")
    name = models.CharField(max_length=200)
    role = models.CharField("Role or agency", max_length=200, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="meeting_invitations"
    )
    attended = models.BooleanField(null=True, blank=True)
    took_part = models.CharField("How they took part", max_length=20, choices=TakingPart.choices, blank=True)

    objects = AuditedManager()

    class Meta:
        ordering = ["meeting", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(took_part="") | Q(attended=True), name="invitee_took_part_only_if_attended"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.role})" if self.role else self.name


class Postponement(models.Model):
    """A meeting moved to a later date, with why. Added, never edited; the meeting's due date stays."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="postponements")
    from_at = models.DateTimeField("Was set for")
    to_at = models.DateTimeField("Now set for")
    reason = models.TextField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    objects = AuditedManager()

    class Meta:
        ordering = ["meeting", "recorded_at", "pk"]

    def __str__(self) -> str:
        return f"Postponed from {self.from_at:%d %b %Y} to {self.to_at:%d %b %Y}"


class MeetingAction(models.Model):
    """An action (a recommendation, for a looked-after review) with its owner and due date, and when it was done."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="actions")
    text = models.TextField("What")
    owner_name = models.CharField("Who", max_length=200)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    due_on = models.DateField("By when")
    done_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    objects = AuditedManager()

    class Meta:
        ordering = ["meeting", "due_on", "pk"]

    def __str__(self) -> str:
        return f"{self.text[:40]} ({self.owner_name}, by {self.due_on:%d %b %Y})"


class Section47Outcome(models.TextChoices):
    CONFERENCE_NEEDED = "icpc_needed", "Initial child protection conference needed"
    CONFERENCE_NOT_NEEDED = "icpc_not_needed", "No conference needed"


class Section47Enquiry(models.Model):
    """A child's section 47 enquiry (CA 1989 s47), started by a strategy discussion's decision."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="section_47_enquiries")
    strategy_discussion = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="section_47_enquiries")
    started_on = models.DateField()
    outcome = models.CharField(max_length=20, choices=Section47Outcome.choices, blank=True)
    completed_on = models.DateField(null=True, blank=True)
    findings = models.TextField(blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = AuditedManager()

    class Meta:
        ordering = ["-started_on", "-pk"]
        verbose_name_plural = "section 47 enquiries"
        constraints = [
            models.CheckConstraint(
                condition=Q(completed_on__isnull=True) | Q(completed_on__gte=models.F("started_on")),
                name="s47_completed_not_before_start",
            ),
            models.UniqueConstraint(fields=["child", "strategy_discussion"], name="one_s47_per_child_per_discussion"),
        ]

    def __str__(self) -> str:
        return f"Section 47 enquiry from {self.started_on:%d %b %Y}"

    @property
    def is_open(self) -> bool:
        return self.completed_on is None


def _cancel_field(kind: MeetingKind) -> models.BooleanField:
    return models.BooleanField(
        f"{kind.label}: cancelling one needs an approved key decision",
        default=kind in DEFAULT_NEEDS_DECISION_TO_CANCEL,
    )


class CancellationSettings(models.Model):
    """Which kinds of meeting need an approved key decision to be cancelled, under one operating-model version
    (a settings section of every version, ``caseboard.policy.hooks``). The defaults are the presets'."""

    version = models.OneToOneField("policy.OperatingModelVersion", on_delete=models.CASCADE, related_name="+")
    strategy_discussion = _cancel_field(MeetingKind.STRATEGY_DISCUSSION)
    initial_conference = _cancel_field(MeetingKind.INITIAL_CONFERENCE)
    review_conference = _cancel_field(MeetingKind.REVIEW_CONFERENCE)
    core_group = _cancel_field(MeetingKind.CORE_GROUP)
    cin_review = _cancel_field(MeetingKind.CIN_REVIEW)
    early_help_review = _cancel_field(MeetingKind.EARLY_HELP_REVIEW)
    lac_review = _cancel_field(MeetingKind.LAC_REVIEW)
    pathway_plan_review = _cancel_field(MeetingKind.PATHWAY_PLAN_REVIEW)
    plo_meeting = _cancel_field(MeetingKind.PLO_MEETING)
    legal_gateway = _cancel_field(MeetingKind.LEGAL_GATEWAY)
    panel = _cancel_field(MeetingKind.PANEL)

    objects = AuditedManager()

    class Meta:
        verbose_name = "meeting cancellation settings"
        verbose_name_plural = "meeting cancellation settings"

    def __str__(self) -> str:
        return f"Meeting cancellation settings of version {self.version_id}"

    @property
    def kinds(self) -> frozenset[str]:
        return frozenset(kind for kind in MeetingKind.values if getattr(self, kind))


# One setting a kind of meeting, named after the kind.
CANCELLATION_FIELDS = tuple(MeetingKind.values)
CANCELLATION_SECTION = "meeting_cancellation"
