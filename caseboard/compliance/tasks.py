from django_tasks import task


@task()
def recompute_all_due_items() -> int:
    """Background job: recompute every child's due items (after a new operating model, or on request)."""
    from .services import due_items_recompute_all

    return due_items_recompute_all()
