"""Listening to other apps without their knowing: a visit's "PPE used" is drawn from the worker's issued stock when
the visit is recorded (the visits app is not changed)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone


def visit_saved(sender: Any, instance: Any, created: bool, raw: bool = False, **kwargs: Any) -> None:
    """On a new visit with PPE used, draw it from the worker's stock in the same transaction as the visit."""
    if raw or not created or not instance.ppe_used:
        return
    from .services import ppe_visit_use

    ppe_visit_use(
        visit_id=instance.pk,
        worker=instance.worker,
        items=list(instance.ppe_used),
        on=instance.visited_on or timezone.localdate(),
        recorded_by=instance.recorded_by,
    )
