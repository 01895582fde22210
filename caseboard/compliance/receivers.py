from typing import Any

from django.dispatch import receiver

from caseboard.core.signals import child_facts_changed, operating_model_changed


@receiver(child_facts_changed)
def recompute_after_change(sender: Any, child_ids: list[int], **kwargs: Any) -> None:
    """A write changed these children's facts (the signal is sent on commit): bring their due items up to date."""
    from .services import due_items_recompute

    due_items_recompute(child_ids=child_ids)


@receiver(operating_model_changed)
def recompute_after_new_rules(sender: Any, version_id: int, **kwargs: Any) -> None:
    """A version was approved or withdrawn: every child's clock may change. Queue the full recompute."""
    from .tasks import recompute_all_due_items

    recompute_all_due_items.enqueue()
