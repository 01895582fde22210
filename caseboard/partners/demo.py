"""Fictional partner agencies for the demo council (schools, GP practices, health visiting, police, CAMHS, housing,
solicitors, a neighbouring council) with their people; the school and GP of about half the open children; and
information shared about some of them, now and then without consent to keep a child safe (seed 001).

Deterministic by seed; written in bulk inside an ``audit_bypass`` (loading demo data is not casework)."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from caseboard.accounts.models import User
from caseboard.casework.models import Allocation, AllocationRole
from caseboard.core.audit import audit_bypass
from caseboard.people.models import Child

from .models import Agency, AgencyContact, AgencyKind, ChildProfessional, InformationShare, LawfulBasis

AGENCIES = (
    ("Northmoor Primary School", AgencyKind.SCHOOL, "Designated safeguarding lead"),
    ("St Anne's Church of England Primary School", AgencyKind.SCHOOL, "Designated safeguarding lead"),
    ("Riverside Academy", AgencyKind.SCHOOL, "Head of year"),
    ("Hillcrest Medical Practice", AgencyKind.GP, "Safeguarding lead GP"),
    ("Market Street Surgery", AgencyKind.GP, "Practice manager"),
    ("Health Visiting Service (North)", AgencyKind.HEALTH_VISITING, "Health visitor"),
    ("Public Protection Unit", AgencyKind.POLICE, "Detective constable"),
    ("CAMHS Community Team", AgencyKind.CAMHS, "Mental health practitioner"),
    ("Moorside Homes", AgencyKind.HOUSING, "Tenancy support officer"),
    ("Harper and Quinn Solicitors", AgencyKind.SOLICITORS, "Solicitor (children panel)"),
    ("Westshire County Council Children's Services", AgencyKind.COUNCIL, "Duty team manager"),
)
FIRST = ("Aisha", "Ben", "Claire", "David", "Ewa", "Farhan", "Grace", "Hugh", "Imani", "Jonas", "Kate", "Leon")
LAST = ("Ahmed", "Barker", "Chen", "Doyle", "Evans", "Fraser", "Gill", "Hughes", "Iqbal", "Jones", "Kowalski")
SHARED = (
    "Attendance since the school reopened and concerns raised by the class teacher",
    "The outcome of the strategy discussion and the safety plan",
    "Health visitor's last contact and the baby's weight",
    "The family's new address after the housing move",
)


def _at(day: date) -> datetime:
    return datetime.combine(day, time(11, 0), tzinfo=timezone.get_current_timezone())


@transaction.atomic
def add_demo_partners(seed: int, today: date) -> str:
    rng = random.Random(f"partners-{seed}")
    recorder = User.objects.filter(is_superuser=True).order_by("pk").first() or User.objects.order_by("pk").first()
    if recorder is None:
        return "No partners added (no staff)"
    workers = {
        a.child_id: a.worker
        for a in Allocation.objects.filter(ended_on__isnull=True, role=AllocationRole.SOCIAL_WORKER).select_related(
            "worker"
        )
    }
    since = _at(today - timedelta(days=400))
    agencies = [
        Agency(name=name, kind=kind, phone=f"01632 96{i:04d}", recorded_by=recorder, recorded_at=since)
        for i, (name, kind, _role) in enumerate(AGENCIES)
    ]
    with audit_bypass("loading demo data"):
        Agency.objects.bulk_create(agencies)
        contacts = []
        for agency, (_name, _kind, role) in zip(agencies, AGENCIES, strict=True):
            for _ in range(rng.randint(1, 3)):
                contacts.append(
                    AgencyContact(
                        agency=agency,
                        full_name=f"{rng.choice(FIRST)} {rng.choice(LAST)}",
                        job_title=role,
                        recorded_by=recorder,
                        recorded_at=since,
                    )
                )
        AgencyContact.objects.bulk_create(contacts)
        schools = [a for a in agencies if a.kind == AgencyKind.SCHOOL]
        gps = [a for a in agencies if a.kind == AgencyKind.GP]
        others = [a for a in agencies if a.kind not in (AgencyKind.SCHOOL, AgencyKind.GP)]
        links, shares = [], []
        children = Child.objects.filter(pk__in=list(workers)).order_by("pk").only("pk", "date_of_birth")
        for child in children:
            if rng.random() >= 0.5:
                continue
            born = child.date_of_birth or today - timedelta(days=3650)
            start = max(born, today - timedelta(days=rng.randint(60, 900)))
            if today - born > timedelta(days=5 * 365):
                links.append(
                    ChildProfessional(
                        child=child,
                        role="school",
                        agency=rng.choice(schools),
                        started_on=start,
                        recorded_by=workers[child.pk],
                        recorded_at=_at(start),
                    )
                )
            links.append(
                ChildProfessional(
                    child=child,
                    role="gp",
                    agency=rng.choice(gps),
                    started_on=born,
                    recorded_by=workers[child.pk],
                    recorded_at=_at(born),
                )
            )
            if rng.random() < 0.4:
                shared_on = max(born, today - timedelta(days=rng.randint(1, 120)))
                consent = rng.random() < 0.7
                shares.append(
                    InformationShare(
                        child=child,
                        shared_on=shared_on,
                        agency=rng.choice(others + schools),
                        what=rng.choice(SHARED),
                        lawful_basis=LawfulBasis.CONSENT if consent else LawfulBasis.SAFEGUARDING,
                        with_consent=consent,
                        without_consent_reason="" if consent else "Seeking consent would have put the child at risk",
                        recorded_by=workers[child.pk],
                        recorded_at=_at(shared_on),
                    )
                )
        ChildProfessional.objects.bulk_create(links, batch_size=2000)
        InformationShare.objects.bulk_create(shares, batch_size=2000)
    return f"{len(agencies)} partner agencies, {len(links):,} professionals named and {len(shares):,} shares logged"
