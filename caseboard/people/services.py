"""Every write to children's records and the people around them."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from caseboard.accounts.models import User
from caseboard.core.audit import record_view

from .models import BreakGlassAccess, Child, FamilyMember

CHILD_EDITABLE_FIELDS = (
    "local_id",
    "first_name",
    "last_name",
    "preferred_name",
    "date_of_birth",
    "expected_date_of_birth",
    "sex",
    "ethnicity",
    "upn",
    "upn_unknown",
    "nhs_number",
    "disabilities",
    "address",
    "postcode",
    "has_video_device",
    "has_internet_access",
)


def _apply(instance: Any, fields: dict[str, Any], allowed: Iterable[str]) -> None:
    allowed = set(allowed)
    unknown = set(fields) - allowed
    if unknown:
        raise TypeError(f"Unexpected fields: {', '.join(sorted(unknown))}")
    for name, value in fields.items():
        setattr(instance, name, value)


@transaction.atomic
def child_create(*, created_by: User, **fields: Any) -> Child:
    """Add a child or young person to the record. Codes must come from the CIN census lists."""
    child = Child()
    _apply(child, fields, CHILD_EDITABLE_FIELDS)
    if child.nhs_number:
        child.nhs_number = child.nhs_number.replace(" ", "")
    child.full_clean()
    child.save()
    return child


@transaction.atomic
def child_update(*, child: Child, updated_by: User, expected_version: int, **fields: Any) -> Child:
    """Change a child's details. Refuses if someone else saved the record since the editor opened it."""
    current = Child.objects.select_for_update().get(pk=child.pk)
    if current.version != expected_version:
        raise ValidationError(
            {
                "__all__": "Someone else changed this record while you were editing it. "
                "Your changes have not been saved: check the record and make them again."
            }
        )
    _apply(current, fields, CHILD_EDITABLE_FIELDS)
    if current.nhs_number:
        current.nhs_number = current.nhs_number.replace(" ", "")
    current.version += 1
    current.full_clean()
    current.save()
    return current


@transaction.atomic
def child_restrict(*, child: Child, by: User, is_restricted: bool, named_users: Iterable[User]) -> Child:
    """Mark a record restricted (e.g. a staff member's child) and name the only people who may open it."""
    named = list(named_users)
    if is_restricted and not named:
        raise ValidationError({"restricted_to": "Name at least one person who may open a restricted record"})
    child.is_restricted = is_restricted
    child.version += 1
    child.save()
    child.restricted_to.set(named if is_restricted else [])
    return child


@transaction.atomic
def family_member_add(*, child: Child, added_by: User, **fields: Any) -> FamilyMember:
    """Record someone in the child's life and their relationship to the child."""
    member = FamilyMember(child=child, **fields)
    member.full_clean()
    member.save()
    return member


@transaction.atomic
def break_glass_open(*, user: User, child: Child, reason: str, ip_address: str | None = None) -> BreakGlassAccess:
    """Let a member of staff outside need-to-know open a non-restricted record, for a stated reason. The access is
    time-limited (``BREAK_GLASS_MINUTES``), audited and listed on the access report."""
    reason = reason.strip()
    if len(reason) < 10:
        raise ValidationError({"reason": "Enter why you need to open this record (at least 10 characters)"})
    if child.is_restricted:
        raise ValidationError({"reason": "This record is restricted: only the people named on it can open it"})
    now = timezone.now()
    access = BreakGlassAccess(
        user=user,
        child=child,
        reason=reason,
        opened_at=now,
        ip_address=ip_address,
        expires_at=now + timedelta(minutes=settings.BREAK_GLASS_MINUTES),
    )
    access.full_clean()
    access.save()
    record_view(child, via="break-glass", reason=reason)
    return access
