"""Every write to the partners directory, a child's professionals and the information sharing log; the rules here so
pages and the API refuse the same input with the same message, field by field."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from caseboard.accounts.models import User
from caseboard.people.models import Child

from .models import (
    Agency,
    AgencyContact,
    AgencyKind,
    ChildProfessional,
    Escalation,
    InformationShare,
    LawfulBasis,
    Problem,
    ProblemStatus,
    ProfessionalRole,
)


def _text(value: str | None) -> str:
    return (value or "").strip()


@transaction.atomic
def agency_add(
    *, name: str, kind: str, recorded_by: User, address: str = "", phone: str = "", email: str = ""
) -> Agency:
    errors: dict[str, str] = {}
    if not _text(name):
        errors["name"] = "Enter the name of the agency"
    if kind not in AgencyKind.values:
        errors["kind"] = "Select the kind of agency"
    if not errors and Agency.objects.filter(name__iexact=_text(name), kind=kind).exists():
        errors["name"] = "An agency of this kind with this name is already in the directory"
    if errors:
        raise ValidationError(errors)
    agency = Agency(
        name=_text(name),
        kind=kind,
        address=_text(address),
        phone=_text(phone),
        email=_text(email),
        recorded_by=recorded_by,
        recorded_at=timezone.now(),
    )
    agency.save()
    return agency


@transaction.atomic
def contact_add(
    *, agency: Agency, full_name: str, recorded_by: User, job_title: str = "", phone: str = "", email: str = ""
) -> AgencyContact:
    if not _text(full_name):
        raise ValidationError({"full_name": "Enter the person's name"})
    contact = AgencyContact(
        agency=agency,
        full_name=_text(full_name),
        job_title=_text(job_title),
        phone=_text(phone),
        email=_text(email),
        recorded_by=recorded_by,
        recorded_at=timezone.now(),
    )
    contact.save()
    return contact


@transaction.atomic
def professional_add(
    *,
    child: Child,
    role: str,
    started_on: date | None,
    recorded_by: User,
    agency: Agency | None = None,
    contact: AgencyContact | None = None,
    person_name: str = "",
) -> ChildProfessional:
    """Name a professional in the child's life: one of an agency's people, an agency, or a named person."""
    errors: dict[str, str] = {}
    if role not in ProfessionalRole.values:
        errors["role"] = "Select the professional's role"
    if started_on is None:
        errors["started_on"] = "Enter the date they became involved"
    elif started_on > timezone.localdate():
        errors["started_on"] = "The date they became involved must be today or in the past"
    if contact is not None and agency is not None and contact.agency_id != agency.pk:
        errors["contact"] = "Select a person who works at the agency chosen"
    if contact is None and agency is None and not _text(person_name):
        errors["agency"] = "Select the agency or enter the professional's name"
    if errors:
        raise ValidationError(errors)
    link = ChildProfessional(
        child=child,
        role=role,
        agency=agency or (contact.agency if contact else None),
        contact=contact,
        person_name=_text(person_name),
        started_on=started_on,
        recorded_by=recorded_by,
        recorded_at=timezone.now(),
    )
    link.save()
    return link


@transaction.atomic
def share_record(
    *,
    child: Child,
    shared_on: date | None,
    what: str,
    lawful_basis: str,
    with_consent: bool | None,
    recorded_by: User,
    direction: str = "shared",
    agency: Agency | None = None,
    shared_with: str = "",
    without_consent_reason: str = "",
) -> InformationShare:
    """Log information shared about a child: without consent only with the reason (seed 001: to keep a child safe)."""
    errors: dict[str, str] = {}
    if shared_on is None:
        errors["shared_on"] = "Enter the date the information was shared"
    elif shared_on > timezone.localdate():
        errors["shared_on"] = "The date the information was shared must be today or in the past"
    if direction not in ("shared", "received"):
        errors["direction"] = "Select whether the information was shared or received"
    if agency is None and not _text(shared_with):
        errors["shared_with"] = "Enter who the information was shared with, or select their agency"
    if not _text(what):
        errors["what"] = "Enter what was shared"
    if lawful_basis not in LawfulBasis.values:
        errors["lawful_basis"] = "Select the lawful basis for sharing"
    if with_consent is None:
        errors["with_consent"] = "Select whether the information was shared with consent"
    elif with_consent is False and not _text(without_consent_reason):
        errors["without_consent_reason"] = "Say why the information was shared without consent"
    elif with_consent is False and lawful_basis == LawfulBasis.CONSENT:
        errors["lawful_basis"] = "Consent cannot be the lawful basis when it was shared without consent"
    if errors:
        raise ValidationError(errors)
    share = InformationShare(
        child=child,
        shared_on=shared_on,
        direction=direction,
        agency=agency,
        shared_with=_text(shared_with),
        what=_text(what),
        lawful_basis=lawful_basis,
        with_consent=with_consent,
        without_consent_reason=_text(without_consent_reason) if not with_consent else "",
        recorded_by=recorded_by,
        recorded_at=timezone.now(),
    )
    share.save()
    return share


def _dated(day: date | None, field: str, noun: str, errors: dict[str, str]) -> None:
    if day is None:
        errors[field] = f"Enter the {noun}"
    elif day > timezone.localdate():
        errors[field] = f"The {noun} must be today or in the past"


@transaction.atomic
def problem_raise(
    *,
    title: str,
    owner_name: str,
    raised_on: date | None,
    target_on: date | None,
    recorded_by: User,
    description: str = "",
    agency: Agency | None = None,
) -> Problem:
    """Log a problem raised with partners, its owner, agency and target date."""
    errors: dict[str, str] = {}
    if not _text(title):
        errors["title"] = "Enter the problem"
    if not _text(owner_name):
        errors["owner_name"] = "Enter who owns the problem"
    _dated(raised_on, "raised_on", "date the problem was raised", errors)
    if target_on is None:
        errors["target_on"] = "Enter the target date"
    elif raised_on is not None and target_on < raised_on:
        errors["target_on"] = "The target date cannot be before the date the problem was raised"
    if errors:
        raise ValidationError(errors)
    problem = Problem(
        title=_text(title),
        description=_text(description),
        agency=agency,
        owner_name=_text(owner_name),
        raised_on=raised_on,
        target_on=target_on,
        recorded_by=recorded_by,
        recorded_at=timezone.now(),
    )
    problem.save()
    return problem


def _check_unresolved(problem: Problem) -> None:
    if problem.status == ProblemStatus.RESOLVED:
        raise ValidationError({"__all__": "This problem is resolved: it can no longer be changed"})


@transaction.atomic
def problem_escalate(
    *, problem: Problem, escalated_on: date | None, escalated_to: str, recorded_by: User, note: str = ""
) -> Escalation:
    _check_unresolved(problem)
    errors: dict[str, str] = {}
    _dated(escalated_on, "escalated_on", "date the problem was escalated", errors)
    if escalated_on is not None and escalated_on < problem.raised_on:
        errors["escalated_on"] = "The problem cannot be escalated before it was raised"
    if not _text(escalated_to):
        errors["escalated_to"] = "Enter who the problem was escalated to"
    if errors:
        raise ValidationError(errors)
    escalation = Escalation(
        problem=problem,
        escalated_on=escalated_on,
        escalated_to=_text(escalated_to),
        note=_text(note),
        recorded_by=recorded_by,
        recorded_at=timezone.now(),
    )
    escalation.save()
    problem.status = ProblemStatus.ESCALATED
    problem.version += 1
    problem.save()
    return escalation


@transaction.atomic
def problem_resolve(*, problem: Problem, resolved_on: date | None, resolution: str, recorded_by: User) -> Problem:
    _check_unresolved(problem)
    errors: dict[str, str] = {}
    _dated(resolved_on, "resolved_on", "date the problem was resolved", errors)
    if resolved_on is not None and resolved_on < problem.raised_on:
        errors["resolved_on"] = "The problem cannot be resolved before it was raised"
    if not _text(resolution):
        errors["resolution"] = "Say how the problem was resolved"
    if errors:
        raise ValidationError(errors)
    problem.status = ProblemStatus.RESOLVED
    problem.resolved_on = resolved_on
    problem.resolution = _text(resolution)
    problem.version += 1
    problem.save()
    return problem
