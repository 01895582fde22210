"""Every write to children's records and the people around them."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from caseboard.accounts.models import User
from caseboard.core.audit import record_view

from .models import (
    BreakGlassAccess,
    Child,
    FamilyMember,
    Household,
    HouseholdMember,
    Relationship,
    SiblingKind,
    SiblingLink,
)

CHILD_EDITABLE_FIELDS = (
    "local_id",
    "first_name",
    "last_name",
    "preferred_name",
    "date_of_birth",
    "expected_date_of_birth",
    "date_of_death",
    "sex",
    "ethnicity",
    "upn",
    "upn_unknown",
    "nhs_number",
    "disabilities",
    "address",
    "postcode",
)


def _apply(instance: Any, fields: dict[str, Any], allowed: Iterable[str]) -> None:
    allowed = set(allowed)
    unknown = set(fields) - allowed
    if unknown:
        raise TypeError(f"Unexpected fields: {', '.join(sorted(unknown))}")
    for name, value in fields.items():
        setattr(instance, name, value)


@transaction.atomic
def child_create(
    *,
    created_by: User,
    has_video_device: bool | None = None,
    has_internet_access: bool | None = None,
    **fields: Any,
) -> Child:
    """Add a child or young person to the record. Codes must come from the CIN census lists. When an address or the
    household's video-call answers are given, the child's household is recorded with them (from today)."""
    child = Child()
    _apply(child, fields, CHILD_EDITABLE_FIELDS)
    if child.nhs_number:
        child.nhs_number = child.nhs_number.replace(" ", "")
    child.full_clean()
    child.save()
    if (
        child.address.strip()
        or child.postcode.strip()
        or has_video_device is not None
        or has_internet_access is not None
    ):
        household_create(
            created_by=created_by,
            children=[child],
            address=child.address,
            postcode=child.postcode,
            has_video_device=has_video_device,
            has_internet_access=has_internet_access,
            started_on=timezone.localdate(),
        )
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


# --- households ------------------------------------------------------------------------------------------------
def _clean_postcode(postcode: str) -> str:
    return " ".join(postcode.upper().split())


@transaction.atomic
def household_create(
    *,
    created_by: User | None,
    children: Iterable[Child] = (),
    address: str = "",
    postcode: str = "",
    has_video_device: bool | None = None,
    has_internet_access: bool | None = None,
    started_on: date | None = None,
) -> Household:
    """Record a household (its address and whether it can make video calls) with the children who live there from
    ``started_on``. A child who lived in another household leaves it the day before."""
    household = Household(
        address=address.strip(),
        postcode=_clean_postcode(postcode),
        has_video_device=has_video_device,
        has_internet_access=has_internet_access,
        created_by=created_by,
    )
    household.full_clean()
    household.save()
    for child in children:
        household_member_add(household=household, added_by=created_by, child=child, started_on=started_on)
    return household


@transaction.atomic
def household_update(
    *,
    household: Household,
    updated_by: User,
    expected_version: int,
    address: str,
    postcode: str,
    has_video_device: bool | None,
    has_internet_access: bool | None,
) -> Household:
    """Change a household's address or video-call answers. Refuses if someone else saved it since the editor opened
    it."""
    current = Household.objects.select_for_update().get(pk=household.pk)
    if current.version != expected_version:
        raise ValidationError(
            {
                "__all__": "Someone else changed this household while you were editing it. "
                "Your changes have not been saved: check the household and make them again."
            }
        )
    current.address = address.strip()
    current.postcode = _clean_postcode(postcode)
    current.has_video_device = has_video_device
    current.has_internet_access = has_internet_access
    current.version += 1
    current.full_clean()
    current.save()
    return current


@transaction.atomic
def household_member_add(
    *,
    household: Household,
    added_by: User | None,
    child: Child | None = None,
    name: str = "",
    description: str = "",
    started_on: date | None = None,
) -> HouseholdMember:
    """Add a child's record or an adult to a household from a date. A child lives in one household at a time: one
    who lives in another household now leaves it the day before (or on the day, when no date is given)."""
    name = name.strip()
    description = description.strip()
    errors: dict[str, str] = {}
    if child is None and not name:
        errors["name"] = "Enter the adult's name"
    if child is not None and name:
        errors["name"] = "Add either a child's record or an adult, not both"
    if started_on and started_on > timezone.localdate():
        errors["started_on"] = "The date they moved in must be today or in the past"
    if errors:
        raise ValidationError(errors)
    if child is not None:
        current = (
            HouseholdMember.objects.select_for_update()
            .filter(child=child, ended_on__isnull=True)
            .select_related("household")
            .first()
        )
        if current is not None and current.household_id == household.pk:
            raise ValidationError({"child": f"{child.full_name} already lives in this household"})
        if current is not None:
            left_on = (started_on - timedelta(days=1)) if started_on else timezone.localdate()
            if current.started_on and left_on < current.started_on:
                raise ValidationError(
                    {
                        "started_on": f"{child.full_name} moved into their current household on "
                        f"{current.started_on:%-d %B %Y}: the date must be after that"
                    }
                )
            current.ended_on = left_on
            current.full_clean()
            current.save()
        child.__dict__.pop("_current_household", None)
    member = HouseholdMember(
        household=household, child=child, name=name, description=description, started_on=started_on
    )
    member.full_clean()
    member.save()
    return member


@transaction.atomic
def household_member_end(*, member: HouseholdMember, ended_by: User, ended_on: date) -> HouseholdMember:
    """Record that a child or adult no longer lives in the household, from a date (kept, with its dates)."""
    if ended_on is None:
        raise ValidationError({"ended_on": "Enter the date they left"})
    if ended_on > timezone.localdate():
        raise ValidationError({"ended_on": "The date they left must be today or in the past"})
    if member.ended_on is not None:
        raise ValidationError({"ended_on": "They have already left this household"})
    member.ended_on = ended_on
    member.full_clean()
    member.save()
    if member.child is not None:
        member.child.__dict__.pop("_current_household", None)
    return member


# --- brothers and sisters --------------------------------------------------------------------------------------
@transaction.atomic
def sibling_link_create(
    *,
    child: Child,
    sibling: Child,
    kind: str,
    linked_by: User | None,
    family_member: FamilyMember | None = None,
) -> SiblingLink:
    """Link two children's records as brothers and sisters (full, half or step); the link shows on both records.
    Made from a family member entry "Brother or sister" on ``child``, the entry is linked to the sibling's record."""
    errors: dict[str, str] = {}
    if sibling is None:
        errors["sibling"] = "Select the brother or sister"
    elif sibling.pk == child.pk:
        errors["sibling"] = "A child cannot be linked to their own record"
    elif SiblingLink.objects.filter(
        Q(child=child, sibling=sibling) | Q(child=sibling, sibling=child), removed_at__isnull=True
    ).exists():
        errors["sibling"] = f"{sibling.full_name} is already linked as a brother or sister"
    if kind not in SiblingKind.values:
        errors["kind"] = "Select whether they are full, half or step brothers and sisters"
    if family_member is not None and (
        family_member.child_id != child.pk or family_member.relationship != Relationship.SIBLING
    ):
        errors["family_member"] = "Link a 'Brother or sister' entry from this child's family and network"
    elif family_member is not None and family_member.sibling_id and sibling and family_member.sibling_id != sibling.pk:
        errors["family_member"] = "This family member entry is already linked to another child's record"
    if errors:
        raise ValidationError(errors)
    first, second = sorted((child, sibling), key=lambda record: record.pk)
    link = SiblingLink(
        child=first,
        sibling=second,
        kind=kind,
        family_member=family_member,
        linked_by=linked_by,
        linked_at=timezone.now(),
    )
    link.full_clean()
    link.save()
    if family_member is not None and family_member.sibling_id != sibling.pk:
        family_member.sibling = sibling
        family_member.save()
    return link


@transaction.atomic
def sibling_link_remove(*, link: SiblingLink, removed_by: User, reason: str) -> SiblingLink:
    """Remove a link between brothers and sisters made in error (kept, with who removed it, when and why). Family
    member entries that pointed one child at the other no longer do."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Enter why the link is being removed"})
    current = SiblingLink.objects.select_for_update().get(pk=link.pk)
    if current.removed_at is not None:
        raise ValidationError({"reason": "This link has already been removed"})
    current.removed_at = timezone.now()
    current.removed_by = removed_by
    current.removal_reason = reason
    current.save()
    pair = Q(child_id=current.child_id, sibling_id=current.sibling_id) | Q(
        child_id=current.sibling_id, sibling_id=current.child_id
    )
    for entry in FamilyMember.objects.filter(pair):
        entry.sibling = None
        entry.save()
    return current
