"""Key decisions: every deviation from normal practice, with its reasons, risk assessment, approver and reviews
(DOMAIN.md section 10). What people decide is added as ``DecisionEvent`` rows; ``KeyDecision.status`` is the
current state, kept in step by the services."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models

from caseboard.core.audit import AuditedManager
from caseboard.people.models import Child
from caseboard.policy.models import APPROVER_ROLES, DeviationKind


class DecisionStatus(models.TextChoices):
    PROPOSED = "proposed", "Awaiting approval"
    APPROVED = "approved", "Approved"
    REJECTED = "rejected", "Rejected"
    WITHDRAWN = "withdrawn", "Withdrawn"
    EXPIRED = "expired", "Expired"
    ENDED = "ended", "Ended"


IN_FORCE_STATUSES = (DecisionStatus.APPROVED,)


class KeyDecision(models.Model):
    """A recorded management decision to depart from normal practice for one child or several siblings. It records
    the deviation without claiming that any duty is suspended (DOMAIN.md section 6.3)."""

    children = models.ManyToManyField(Child, related_name="key_decisions")
    # One of the kinds of deviation in the operating model in force when proposed (``DeviationRule.kind``), and its
    # name then: the kinds are the council's data, not a fixed list.
    kind = models.CharField(max_length=40)
    kind_name = models.CharField("Kind of decision", max_length=80, blank=True)
    rationale = models.TextField()
    risks_considered = models.TextField(blank=True)
    mitigations = models.TextField(blank=True)
    risk_assessment_notes = models.TextField(blank=True)
    conditions = models.TextField(blank=True)
    starts_on = models.DateField("Applies from")
    ends_on = models.DateField("Applies until", null=True, blank=True)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    proposed_at = models.DateTimeField()
    approver_role = models.CharField(max_length=30, choices=APPROVER_ROLES)
    review_after_days = models.PositiveSmallIntegerField()
    # The operating model's cadence when proposed: reviewed at each scheduled visit it covers (and lapses if a review
    # is missed), rather than after ``review_after_days``.
    review_at_each_visit = models.BooleanField(default=False)
    operating_model_version = models.ForeignKey(
        "policy.OperatingModelVersion", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(max_length=10, choices=DecisionStatus.choices, default=DecisionStatus.PROPOSED)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    next_review_on = models.DateField(null=True, blank=True)
    escalated_on = models.DateField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    objects = AuditedManager()

    class Meta:
        ordering = ["-proposed_at", "-pk"]
        indexes = [models.Index(fields=["status", "next_review_on"]), models.Index(fields=["kind", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True) | models.Q(ends_on__gte=models.F("starts_on")),
                name="decision_end_not_before_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.get_status_display().lower()})"

    def get_kind_display(self) -> str:
        return self.kind_name or dict(DeviationKind.choices).get(self.kind, self.kind.replace("_", " ").capitalize())

    def is_in_force_on(self, day: date) -> bool:
        return (
            self.status in IN_FORCE_STATUSES and self.starts_on <= day and (self.ends_on is None or self.ends_on >= day)
        )


class DecisionAction(models.TextChoices):
    PROPOSED = "proposed", "Proposed"
    APPROVED = "approved", "Approved"
    RECORDED_AND_APPROVED = "recorded_and_approved", "Recorded and approved"
    REJECTED = "rejected", "Rejected"
    WITHDRAWN = "withdrawn", "Withdrawn"
    REVIEWED_CONTINUE = "reviewed_continue", "Reviewed: continue"
    REVIEWED_CHANGE = "reviewed_change", "Reviewed: change"
    REVIEWED_END = "reviewed_end", "Reviewed: end"
    EXPIRED = "expired", "Expired"
    ESCALATED = "escalated", "Review overdue: escalated"


class DecisionEvent(models.Model):
    """One thing that happened to a decision, by whom, when and why. Added, never edited."""

    decision = models.ForeignKey(KeyDecision, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=30, choices=DecisionAction.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()
    reason = models.TextField(blank=True)
    next_review_on = models.DateField(null=True, blank=True)

    objects = AuditedManager()

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} at {self.at:%d %b %Y %H:%M}"
