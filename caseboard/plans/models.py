"""Plans on a child's record (child in need, child protection, care, pathway, reunification) with their objectives,
actions, services, reviews and progress; and delays recorded with their cause against any dated piece of work.

The causes of delay are a code list in the operating model (``DelaySettings``, a settings section of every
version), so a council adds or renames causes without a release; "Impact of the pandemic" is always one of them
(seed 003: "any delays ... related to the impact of the pandemic would be recorded as such on file")."""

from __future__ import annotations

import re

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models

from caseboard.core.audit import AuditedManager

PANDEMIC = "pandemic"
DEFAULT_REASONS = "\n".join(
    [
        f"{PANDEMIC}: Impact of the pandemic",
        "court_time: Lack of court time",
        "partner_agency: Waiting for a partner agency",
        "service_waiting_list: Waiting list for a service",
        "family: The family's circumstances or wishes",
        "staffing: Staff absence or capacity",
        "other: Another reason (say why)",
    ]
)
CODE = re.compile(r"^[a-z][a-z0-9_]{1,39}$")


def parse_reasons(text: str) -> tuple[list[tuple[str, str]], list[str]]:
    """The code list as (code, label) pairs, and what is wrong with it, line by line."""
    reasons: list[tuple[str, str]] = []
    problems: list[str] = []
    seen: set[str] = set()
    for number, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        code, colon, label = line.partition(":")
        code, label = code.strip(), label.strip()
        if not colon or not label:
            problems.append(f"Line {number}: write the reason as code: label, like court_time: Lack of court time")
        elif not CODE.match(code):
            problems.append(f"Line {number}: the code {code!r} must be lower case letters, digits and _")
        elif code in seen:
            problems.append(f"Line {number}: the code {code} is listed twice")
        else:
            seen.add(code)
            reasons.append((code, label))
    if PANDEMIC not in seen and not problems:
        problems.append(f"Keep the reason {PANDEMIC}: delays caused by the pandemic are reported on their own")
    return reasons, problems


class DelaySettings(models.Model):
    """The causes of delay under one operating-model version (a settings section)."""

    version = models.OneToOneField(
        "policy.OperatingModelVersion", on_delete=models.CASCADE, related_name="delay_settings"
    )
    reasons = models.TextField(
        "Causes of delay",
        default=DEFAULT_REASONS,
        help_text=(
            "One cause a line, as code: label. Codes are kept on the delays recorded, so rename a label freely but "
            f"keep codes; {PANDEMIC} must stay."
        ),
    )

    objects = AuditedManager()

    def __str__(self) -> str:
        return "Causes of delay"

    def clean(self) -> None:
        _reasons, problems = parse_reasons(self.reasons)
        if problems:
            raise ValidationError({"reasons": problems})

    @property
    def choices(self) -> list[tuple[str, str]]:
        return parse_reasons(self.reasons)[0]


DELAY_SETTINGS_FIELDS = ("reasons",)


class Delay(models.Model):
    """A dated piece of work (a plan action, an assessment, ...) that is late, with its cause. The cause's label is
    kept as it read when the delay was recorded, so a later change to the code list does not rewrite history."""

    child = models.ForeignKey("people.Child", on_delete=models.CASCADE, related_name="delays")
    work_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    work_id = models.PositiveBigIntegerField()
    work = GenericForeignKey("work_type", "work_id")
    work_label = models.CharField("The piece of work", max_length=200)
    reason = models.CharField("Cause of the delay", max_length=40)
    reason_label = models.CharField(max_length=200)
    details = models.TextField("What happened", blank=True)
    was_due_on = models.DateField("Date it was due", null=True, blank=True)
    now_due_on = models.DateField("Date it is now expected", null=True, blank=True)
    recorded_on = models.DateField("Date recorded")
    team = models.ForeignKey("accounts.Team", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    objects = AuditedManager()

    class Meta:
        ordering = ["-recorded_on", "-pk"]
        indexes = [models.Index(fields=["work_type", "work_id"]), models.Index(fields=["recorded_on", "reason"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(now_due_on__isnull=True)
                | models.Q(was_due_on__isnull=True)
                | models.Q(now_due_on__gte=models.F("was_due_on")),
                name="plans_delay_not_sooner",
            )
        ]

    def __str__(self) -> str:
        return f"Delay to {self.work_label[:60]}: {self.reason_label}"

    @property
    def is_pandemic(self) -> bool:
        return self.reason == PANDEMIC


class PlanKind(models.TextChoices):
    CHILD_IN_NEED = "cin", "Child in need plan"
    CHILD_PROTECTION = "cp", "Child protection plan"
    CARE = "care", "Care plan"
    PATHWAY = "pathway", "Pathway plan"
    REUNIFICATION = "reunification", "Reunification plan"


class Plan(models.Model):
    """A plan for a child, from its start until it ends. A child in need or child protection plan is linked to the
    episode it belongs to (the CIN census dates stay on the episode's ``ChildInNeedPlan``, which it links to)."""

    child = models.ForeignKey("people.Child", on_delete=models.CASCADE, related_name="plans")
    kind = models.CharField("Kind of plan", max_length=20, choices=PlanKind.choices)
    started_on = models.DateField("Start date")
    ended_on = models.DateField("End date", null=True, blank=True)
    summary = models.TextField("What the plan is for", blank=True)
    episode = models.ForeignKey(
        "casework.Episode", null=True, blank=True, on_delete=models.SET_NULL, related_name="plans"
    )
    cin_plan = models.ForeignKey(
        "casework.ChildInNeedPlan", null=True, blank=True, on_delete=models.SET_NULL, related_name="plans"
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()
    version = models.PositiveIntegerField(default=1)

    objects = AuditedManager()

    class Meta:
        ordering = ["-started_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True) | models.Q(ended_on__gte=models.F("started_on")),
                name="plans_plan_end_not_before_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} from {self.started_on:%-d %b %Y}"

    @property
    def is_open(self) -> bool:
        return self.ended_on is None


class Objective(models.Model):
    """What the plan means to achieve for the child."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="objectives")
    text = models.TextField("Objective")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    objects = AuditedManager()

    class Meta:
        ordering = ["plan", "pk"]

    def __str__(self) -> str:
        return self.text[:80]


class ActionStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    DELAYED = "delayed", "Delayed"
    DONE = "done", "Done"
    CANCELLED = "cancelled", "No longer needed"


class Action(models.Model):
    """Who does what by when, towards an objective of the plan."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="actions")
    objective = models.ForeignKey(Objective, null=True, blank=True, on_delete=models.SET_NULL, related_name="actions")
    text = models.TextField("What")
    owner_name = models.CharField("Who", max_length=200)
    due_on = models.DateField("By when")
    status = models.CharField(max_length=20, choices=ActionStatus.choices, default=ActionStatus.NOT_STARTED)
    done_on = models.DateField("Date done", null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()
    version = models.PositiveIntegerField(default=1)

    objects = AuditedManager()

    class Meta:
        ordering = ["plan", "due_on", "pk"]

    def __str__(self) -> str:
        return f"{self.text[:60]} ({self.owner_name}, by {self.due_on:%-d %b %Y})"


class Service(models.Model):
    """A service the plan puts in place (seed 002: "a detailed support plan which might include daily phone calls")."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="services")
    name = models.CharField("Service", max_length=200)
    provider = models.CharField("Who provides it", max_length=200, blank=True)
    how_often = models.CharField("How often", max_length=200, blank=True)
    starts_on = models.DateField("Start date")
    ends_on = models.DateField("End date", null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    objects = AuditedManager()

    class Meta:
        ordering = ["plan", "starts_on", "pk"]

    def __str__(self) -> str:
        return self.name


class Progress(models.TextChoices):
    WORSE = "worse", "Things are worse"
    NO_CHANGE = "no_change", "No change"
    SOME = "some", "Some progress"
    GOOD = "good", "Good progress"
    ACHIEVED = "achieved", "Achieved"


class Review(models.Model):
    """The plan reviewed, at one of the child's meetings (a core group, a conference, a looked-after review) or on
    its own, with how far the plan has come."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="reviews")
    meeting = models.ForeignKey(
        "meetings.Meeting", null=True, blank=True, on_delete=models.SET_NULL, related_name="plan_reviews"
    )
    reviewed_on = models.DateField("Date of the review")
    progress = models.CharField("Progress", max_length=20, choices=Progress.choices)
    notes = models.TextField("What the review found", blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    objects = AuditedManager()

    class Meta:
        ordering = ["plan", "reviewed_on", "pk"]

    def __str__(self) -> str:
        return f"Review on {self.reviewed_on:%-d %b %Y}"
