"""Materialised due items: what the rules engine computed for each child, stored so worklists and dashboards are
plain indexed queries. Derived data, rebuilt by ``recompute``; not audited (the facts it comes from are)."""

from __future__ import annotations

from django.db import models

from caseboard.clock.vocabulary import DUE_KIND_LABELS, DueKind, DueStatus
from caseboard.people.models import Child
from caseboard.policy.models import OperatingModelVersion


class DueItem(models.Model):
    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="due_items")
    kind = models.CharField(max_length=30, choices=[(k.value, DUE_KIND_LABELS[k]) for k in DueKind])
    due_on = models.DateField()
    status = models.CharField(max_length=10, choices=[(s.value, s.value.replace("_", " ")) for s in DueStatus])
    basis = models.TextField()
    rule = models.CharField(max_length=200)
    version = models.ForeignKey(OperatingModelVersion, null=True, on_delete=models.SET_NULL, related_name="+")
    version_label = models.CharField(max_length=200)
    episode_id = models.BigIntegerField(null=True)
    met_on = models.DateField(null=True)
    met_by = models.CharField(max_length=300, blank=True)
    facts = models.JSONField(default=list)
    # The approved key decision in force that covers it, in words; blank when none does. Its date is the same.
    decision = models.CharField(max_length=300, blank=True)
    decision_id_ref = models.BigIntegerField(null=True)
    computed_on = models.DateField()

    class Meta:
        ordering = ["due_on", "kind", "pk"]
        indexes = [
            models.Index(fields=["child", "status"]),
            models.Index(fields=["status", "due_on"]),
            models.Index(fields=["kind", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} due {self.due_on:%d %b %Y}"

    @property
    def is_outstanding(self) -> bool:
        return self.status != DueStatus.MET
