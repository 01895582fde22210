from __future__ import annotations

from django_tasks import task


@task()
def generate_return(kind: str, start: str, user_id: int | None) -> int:
    """Background job: store a return over the whole council ("Generate now"); returns the stored return's id."""
    from datetime import date

    from caseboard.accounts.models import User

    from .services import stored_return_generate

    user = User.objects.get(pk=user_id) if user_id else None
    return stored_return_generate(kind=kind, start=date.fromisoformat(start), generated_by=user).pk


@task()
def store_previous_week() -> int:
    """Background job: store last week's weekly visits return once (the Monday schedule)."""
    from django.utils import timezone

    from .services import weekly_return_store_previous

    return weekly_return_store_previous(today=timezone.localdate()).pk
