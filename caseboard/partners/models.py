"""Partner agencies and their people; the professionals around a child (school, GP, health visitor, IRO,
solicitor); and the log of information shared with partners, with the lawful basis and whether it was with consent
(seed 001: information "can be shared lawfully ... without consent if it is to keep a child safe")."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from caseboard.core.audit import AuditedManager


class AgencyKind(models.TextChoices):
    SCHOOL = "school", "School or college"
    EARLY_YEARS = "early_years", "Early years setting"
    GP = "gp", "GP practice"
    HEALTH_VISITING = "health_visiting", "Health visiting"
    HEALTH = "health", "Hospital or other health service"
    CAMHS = "camhs", "CAMHS"
    POLICE = "police", "Police unit"
    HOUSING = "housing", "Housing provider"
    SOLICITORS = "solicitors", "Solicitors' firm"
    COUNCIL = "council", "Another council"
    PROBATION = "probation", "Probation"
    VOLUNTARY = "voluntary", "Voluntary or community organisation"
    OTHER = "other", "Other"


class Agency(models.Model):
    """A partner agency in the directory."""

    name = models.CharField("Name", max_length=200)
    kind = models.CharField("Kind of agency", max_length=20, choices=AgencyKind.choices)
    address = models.TextField("Address", blank=True)
    phone = models.CharField("Phone", max_length=40, blank=True)
    email = models.EmailField("Secure email", blank=True)
    is_active = models.BooleanField("In use", default=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    objects = AuditedManager()

    class Meta:
        ordering = ["name", "pk"]
        verbose_name_plural = "agencies"
        constraints = [models.UniqueConstraint(fields=["name", "kind"], name="partners_agency_unique_name")]

    def __str__(self) -> str:
        return self.name


class AgencyContact(models.Model):
    """A person at a partner agency."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="contacts")
    full_name = models.CharField("Name", max_length=200)
    job_title = models.CharField("Role", max_length=200, blank=True)
    phone = models.CharField("Phone", max_length=40, blank=True)
    email = models.EmailField("Email", blank=True)
    is_active = models.BooleanField("Still there", default=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    objects = AuditedManager()

    class Meta:
        ordering = ["agency", "full_name", "pk"]

    def __str__(self) -> str:
        return f"{self.full_name}, {self.agency}"


class ProfessionalRole(models.TextChoices):
    SCHOOL = "school", "School or college"
    GP = "gp", "GP"
    HEALTH_VISITOR = "health_visitor", "Health visitor"
    SCHOOL_NURSE = "school_nurse", "School nurse"
    IRO = "iro", "Independent reviewing officer"
    SOLICITOR = "solicitor", "Solicitor"
    GUARDIAN = "guardian", "Children's guardian"
    CAMHS = "camhs", "CAMHS worker"
    POLICE = "police", "Police officer"
    OTHER = "other", "Other professional"


class ChildProfessional(models.Model):
    """A professional in the child's life, from the directory (an agency and perhaps one of its people) or named."""

    child = models.ForeignKey("people.Child", on_delete=models.CASCADE, related_name="professionals")
    role = models.CharField("Role", max_length=20, choices=ProfessionalRole.choices)
    agency = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="children_links")
    contact = models.ForeignKey(
        AgencyContact, null=True, blank=True, on_delete=models.PROTECT, related_name="children_links"
    )
    person_name = models.CharField("Name (if not in the directory)", max_length=200, blank=True)
    started_on = models.DateField("From")
    ended_on = models.DateField("Until", null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    objects = AuditedManager()

    class Meta:
        ordering = ["child", "role", "-started_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True) | models.Q(ended_on__gte=models.F("started_on")),
                name="partners_professional_end_not_before_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()}: {self.who}"

    @property
    def who(self) -> str:
        if self.contact_id:
            return str(self.contact)
        parts = [p for p in (self.person_name, self.agency.name if self.agency_id else "") if p]
        return ", ".join(parts)


class LawfulBasis(models.TextChoices):
    CONSENT = "consent", "Consent"
    SAFEGUARDING = "safeguarding", "To keep a child safe (Children Act 1989, Working Together)"
    LEGAL_OBLIGATION = "legal_obligation", "A legal obligation"
    PUBLIC_TASK = "public_task", "Public task (the council's statutory duties)"
    VITAL_INTERESTS = "vital_interests", "Vital interests (to protect someone's life)"
    COURT_ORDER = "court_order", "A court order"


class Direction(models.TextChoices):
    SHARED = "shared", "We shared it"
    RECEIVED = "received", "We received it"


class InformationShare(models.Model):
    """Information about a child shared with (or received from) a partner: what, with whom, when, on what basis,
    and, when it was shared without consent, why."""

    child = models.ForeignKey("people.Child", on_delete=models.CASCADE, related_name="information_shares")
    shared_on = models.DateField("Date shared")
    direction = models.CharField("Shared or received", max_length=10, choices=Direction.choices, default="shared")
    agency = models.ForeignKey(
        Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="information_shares"
    )
    shared_with = models.CharField("With whom (person or agency)", max_length=200, blank=True)
    what = models.TextField("What was shared")
    lawful_basis = models.CharField("Lawful basis", max_length=20, choices=LawfulBasis.choices)
    with_consent = models.BooleanField("Shared with consent")
    without_consent_reason = models.TextField("Why it was shared without consent", blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    objects = AuditedManager()

    class Meta:
        ordering = ["-shared_on", "-pk"]
        indexes = [models.Index(fields=["shared_on"])]

    def __str__(self) -> str:
        return f"Information {self.get_direction_display().lower()} on {self.shared_on:%-d %b %Y}"

    @property
    def with_whom(self) -> str:
        return ", ".join(p for p in (self.shared_with, self.agency.name if self.agency_id else "") if p)


class ProblemStatus(models.TextChoices):
    OPEN = "open", "Open"
    ESCALATED = "escalated", "Escalated"
    RESOLVED = "resolved", "Resolved"


class Problem(models.Model):
    """A problem raised with partners to be unblocked (seed 004: a meeting with partners "working to identify and
    unblock problems"): who owns it, which agency, by when, and its escalations until it is resolved."""

    title = models.CharField("Problem", max_length=200)
    description = models.TextField("What is happening", blank=True)
    agency = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="problems")
    owner_name = models.CharField("Who owns it", max_length=200)
    raised_on = models.DateField("Date raised")
    target_on = models.DateField("Target date")
    status = models.CharField(max_length=10, choices=ProblemStatus.choices, default=ProblemStatus.OPEN)
    resolved_on = models.DateField("Date resolved", null=True, blank=True)
    resolution = models.TextField("How it was resolved", blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()
    version = models.PositiveIntegerField(default=1)

    objects = AuditedManager()

    class Meta:
        ordering = ["target_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(target_on__gte=models.F("raised_on")), name="partners_problem_target_after_raised"
            )
        ]

    def __str__(self) -> str:
        return self.title


class Escalation(models.Model):
    problem = models.ForeignKey(Problem, on_delete=models.CASCADE, related_name="escalations")
    escalated_on = models.DateField("Date escalated")
    escalated_to = models.CharField("Escalated to", max_length=200)
    note = models.TextField("Why", blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    objects = AuditedManager()

    class Meta:
        ordering = ["problem", "escalated_on", "pk"]

    def __str__(self) -> str:
        return f"Escalated to {self.escalated_to} on {self.escalated_on:%-d %b %Y}"
