"""Every write to episodes and allocations."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from caseboard.accounts.models import Role, Team, User
from caseboard.core.signals import child_facts_changed
from caseboard.people import services as people_services
from caseboard.people.models import Child

from .models import KIND_FIELDS, Allocation, AllocationRole, AsylumSeekingStatus, Episode


def facts_changed(*child_ids: int) -> None:
    """Tell the statutory clock (on commit) that these children's facts changed, so their due items are recomputed."""
    ids = list(child_ids)
    transaction.on_commit(lambda: child_facts_changed.send(sender=Episode, child_ids=ids))


def _episode_fields(kind: str, fields: dict[str, Any]) -> dict[str, Any]:
    allowed = set(KIND_FIELDS.get(kind, ())) | {"start_on", "end_on", "notes"}
    unknown = set(fields) - allowed - {field for names in KIND_FIELDS.values() for field in names}
    if unknown:
        raise TypeError(f"Unexpected fields: {', '.join(sorted(unknown))}")
    return fields


@transaction.atomic
def episode_open(*, child: Child, opened_by: User, kind: str, start_on: date, **fields: Any) -> Episode:
    """Record a period of involvement (Early Help, CIN, CP plan, looked after, care leaver, private fostering).

    Episodes of the same kind may not overlap; codes must come from the CIN census and SSDA903 lists.
    """
    episode = Episode(child=child, kind=kind, start_on=start_on, **_episode_fields(kind, fields))
    episode.full_clean()
    episode.save()
    facts_changed(child.pk)
    return episode


@transaction.atomic
def episode_update(*, episode: Episode, updated_by: User, expected_version: int, **fields: Any) -> Episode:
    """Correct or close an episode. Refuses if someone else saved it since the editor opened it."""
    current = Episode.objects.select_for_update().get(pk=episode.pk)
    if current.version != expected_version:
        raise ValidationError(
            {
                "__all__": "Someone else changed this episode while you were editing it. "
                "Your changes have not been saved: check the episode and make them again."
            }
        )
    for name, value in _episode_fields(current.kind, fields).items():
        setattr(current, name, value)
    current.version += 1
    current.full_clean()
    current.save()
    facts_changed(current.child_id)
    return current


@transaction.atomic
def allocation_create(
    *, child: Child, worker: User, team: Team, role: str, started_on: date, allocated_by: User
) -> Allocation:
    """Allocate a child to a worker in a team. An open allocation in the same role ends the day before (or on the
    same day, if it started that day), so history is kept and a child has one worker per role at a time."""
    allocation = Allocation(child=child, worker=worker, team=team, role=role, started_on=started_on)
    allocation.full_clean(validate_constraints=False)
    previous = Allocation.objects.select_for_update().filter(child=child, role=role, ended_on__isnull=True).first()
    if previous is not None:
        if previous.worker_id == worker.pk and previous.team_id == team.pk:
            raise ValidationError({"worker": f"{child.full_name} is already allocated to {worker}"})
        if started_on < previous.started_on:
            raise ValidationError(
                {
                    "started_on": f"Start date must be on or after {previous.started_on:%-d %B %Y}, "
                    "when the current allocation started"
                }
            )
        previous.ended_on = max(previous.started_on, started_on - timedelta(days=1))
        previous.save()
    try:
        with transaction.atomic():
            allocation.save()
    except IntegrityError:
        raise ValidationError({"worker": "This child already has an open allocation in this role"}) from None
    return allocation


@transaction.atomic
def allocation_end(*, allocation: Allocation, ended_on: date, ended_by: User) -> Allocation:
    """End an allocation (the case is closed or transferred)."""
    if allocation.ended_on is not None:
        raise ValidationError({"ended_on": "This allocation has already ended"})
    allocation.ended_on = ended_on
    allocation.full_clean()
    allocation.save()
    return allocation


# The allocation role a new child gets when the person who registers them holds cases.
REGISTRAR_ALLOCATION_ROLE = {
    Role.SOCIAL_WORKER: AllocationRole.SOCIAL_WORKER,
    Role.FRONT_DOOR: AllocationRole.SOCIAL_WORKER,
    Role.TEAM_MANAGER: AllocationRole.SOCIAL_WORKER,
    Role.PERSONAL_ADVISER: AllocationRole.PERSONAL_ADVISER,
}


@transaction.atomic
def child_register(*, registered_by: User, **fields: Any) -> Child:
    """Add a child and allocate them to the person who registered them, in their first team, so the child is on
    a caseload from the start (a front-door practitioner's new contact, a worker's new referral). Roles that hold
    no cases (performance officers, administrators) register children unallocated."""
    child = people_services.child_create(created_by=registered_by, **fields)
    team = registered_by.teams.order_by("pk").first()
    role = REGISTRAR_ALLOCATION_ROLE.get(registered_by.role)
    if team is not None and role is not None:
        allocation_create(
            child=child,
            worker=registered_by,
            team=team,
            role=role,
            started_on=timezone.localdate(),
            allocated_by=registered_by,
        )
    return child


@transaction.atomic
def asylum_status_record(
    *, child: Child, recorded_by: User, since_on: date | None, ceased_on: date | None = None
) -> AsylumSeekingStatus:
    """Record that a child is an unaccompanied asylum-seeking child, from a date, and when the status ceased (the
    18th birthday, leave granted, assessed as an adult): the SSDA903 UASC table's DUC. One row per child, changed in
    place (the audit log keeps what it was)."""
    if since_on is None:
        raise ValidationError({"since_on": "Enter the date the child became an unaccompanied asylum-seeking child"})
    if ceased_on is not None and ceased_on > timezone.localdate():
        raise ValidationError({"ceased_on": "The date the status ceased must be today or in the past"})
    status = AsylumSeekingStatus.objects.select_for_update().filter(child=child).first()
    status = status or AsylumSeekingStatus(child=child)
    status.since_on, status.ceased_on = since_on, ceased_on
    status.full_clean()
    status.save()
    return status
