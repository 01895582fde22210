"""Writes that hand on a leaver's work: each open allocation moves to a chosen worker through casework's
allocation service, then the member of staff is deactivated, in one transaction (all of it, or none)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from caseboard.accounts import services as accounts_services
from caseboard.accounts.models import User
from caseboard.casework import services as casework_services
from caseboard.casework.models import Allocation


@transaction.atomic
def staff_leave(
    *,
    member: User,
    deactivated_by: User,
    moves: dict[int, User],
    new_line_manager: User | None = None,
) -> User:
    """A member of staff leaves: each open allocation in ``moves`` (allocation id to worker) is handed to that
    worker from today (the leaver's allocation ends, so the child's history shows both), their line reports move to
    ``new_line_manager`` if one is given, and they are deactivated. Refused, with nothing changed, if any open
    allocation would be left with them."""
    today = timezone.localdate()
    allocations = {
        allocation.pk: allocation
        for allocation in Allocation.objects.filter(worker=member, ended_on__isnull=True).select_related(
            "child", "team"
        )
    }
    errors: dict[str, str] = {}
    for allocation_id in moves:
        if allocation_id not in allocations:
            errors[f"allocation_{allocation_id}"] = "This allocation is not one of theirs that is open"
    missing = [pk for pk in allocations if pk not in moves]
    for pk in missing:
        errors[f"allocation_{pk}"] = "Choose who takes on this child"
    if errors:
        raise ValidationError(errors)
    for allocation_id, worker in moves.items():
        allocation = allocations[allocation_id]
        if worker.pk == member.pk:
            errors[f"allocation_{allocation_id}"] = "Choose someone other than the person leaving"
            continue
        try:
            with transaction.atomic():
                casework_services.allocation_create(
                    child=allocation.child,
                    worker=worker,
                    team=allocation.team,
                    role=allocation.role,
                    started_on=today,
                    allocated_by=deactivated_by,
                )
        except ValidationError as error:
            errors[f"allocation_{allocation_id}"] = error.messages[0]
    if errors:
        raise ValidationError(errors)
    if new_line_manager is not None:
        if new_line_manager.pk == member.pk or not new_line_manager.is_active:
            raise ValidationError({"new_line_manager": "Choose an active member of staff other than the leaver"})
        for report in member.line_reports.filter(is_active=True).exclude(pk=new_line_manager.pk):
            try:
                accounts_services.line_manager_change(
                    member=report, line_manager=new_line_manager, changed_by=deactivated_by
                )
            except ValidationError as error:
                raise ValidationError({"new_line_manager": f"{report}: {error.messages[0]}"}) from None
    return accounts_services.staff_deactivate(member=member, deactivated_by=deactivated_by)
