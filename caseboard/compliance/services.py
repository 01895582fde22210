"""Recomputing due items: for one child after a write (on commit), for everyone nightly."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date

from django.db import transaction
from django.utils import timezone

from caseboard.clock import compute_due_items
from caseboard.clock.vocabulary import OperatingRules
from caseboard.people.models import Child
from caseboard.policy.selectors import council_timeline

from .facts import facts_for
from .models import DueItem

BATCH = 2000


def _rows(child_id: int, items: list, today: date) -> list[DueItem]:
    return [
        DueItem(
            child_id=child_id,
            kind=item.kind,
            due_on=item.due_on,
            status=item.status,
            basis=item.basis,
            rule=item.rule,
            version_id=item.version_id or None,
            version_label=item.version_label,
            episode_id=item.episode_id,
            met_on=item.met_on,
            met_by=item.met_by,
            facts=list(item.facts),
            decision=item.decision,
            decision_id_ref=item.decision_id,
            computed_on=today,
        )
        for item in items
    ]


# What identifies an unchanged row. The explanation (basis, facts) follows from these: the same dates under the
# same version from the same episode read the same, and comparing the JSON of every row costs more than it saves.
KEY_FIELDS = ("child_id", "kind", "due_on", "status", "version_id", "episode_id", "met_on", "met_by", "decision")


@transaction.atomic
def due_items_recompute(
    *, child_ids: Iterable[int], today: date | None = None, timeline: list[OperatingRules] | None = None
) -> int:
    """Recompute the due items of these children from their facts and the council's operating model. Idempotent:
    afterwards the children's rows are exactly what the engine computes. Only rows that changed are deleted or
    inserted, so the nightly run writes little. Returns the number of rows written."""
    today = today or timezone.localdate()
    timeline = timeline if timeline is not None else council_timeline()
    facts = facts_for(child_ids)
    wanted: dict[tuple, DueItem] = {}
    for child in facts:
        for row in _rows(child.child_id, compute_due_items(child, timeline, today), today):
            wanted[tuple(getattr(row, name) for name in KEY_FIELDS)] = row
    stale: list[int] = []
    existing = DueItem.objects.filter(child_id__in=[child.child_id for child in facts])
    for pk, *values in existing.values_list("pk", *KEY_FIELDS):
        if wanted.pop(tuple(values), None) is None:
            stale.append(pk)
    for start in range(0, len(stale), BATCH):
        DueItem.objects.filter(pk__in=stale[start : start + BATCH]).delete()
    DueItem.objects.bulk_create(list(wanted.values()), batch_size=BATCH)
    return len(wanted)


def due_items_recompute_all(*, today: date | None = None, progress: Callable[[int, int], None] | None = None) -> int:
    """Recompute every child's due items, in batches (nightly, and after a new operating-model version). Returns
    the number of rows written."""
    today = today or timezone.localdate()
    timeline = council_timeline()
    ids = list(Child.objects.order_by("pk").values_list("pk", flat=True))
    written = 0
    for start in range(0, len(ids), BATCH):
        batch = ids[start : start + BATCH]
        written += due_items_recompute(child_ids=batch, today=today, timeline=timeline)
        if progress:
            progress(min(start + BATCH, len(ids)), len(ids))
    # Children deleted since the last run leave no rows: their due items cascade with them.
    return written
