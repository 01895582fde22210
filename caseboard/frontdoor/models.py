"""The front door: contacts (a concern or request reaching children's social care), the decision on each within
1 working day, referrals (CIN census ``CINdetails``) with their screening checklist (seed 002), and child and
family assessments with any pauses agreed by key decision.

A "contact" here is a front-door contact (Annex A list 1), never family time or a case note (STYLE.md names).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from caseboard.casework.codes import PrimaryNeed, ReferralSource
from caseboard.casework.models import Episode
from caseboard.core.audit import AuditedManager
from caseboard.decisions.models import KeyDecision
from caseboard.people.models import Child


class ContactMethod(models.TextChoices):
    PHONE = "phone", "Phone"
    EMAIL = "email", "Email"
    ONLINE_FORM = "online_form", "Online form"
    IN_PERSON = "in_person", "In person"
    LETTER = "letter", "Letter"


class ContactDecision(models.TextChoices):
    AWAITING = "", "Awaiting decision"
    NFA = "nfa", "No further action"
    ADVICE = "advice", "Advice and information"
    EARLY_HELP = "early_help", "Early Help"
    REFERRAL = "referral", "Referral to children's social care"
    STRATEGY_DISCUSSION = "strategy_discussion", "Strategy discussion"


# Decisions that make a referral (CIN census: the contact is accepted for a social care response).
REFERRAL_DECISIONS = frozenset({ContactDecision.REFERRAL, ContactDecision.STRATEGY_DISCUSSION})


class Contact(models.Model):
    """A concern or request about one or more children, received at the front door. The decision is due within
    the operating model's ``referral_decision_working_days`` (1 working day, Working Together) of receipt."""

    received_at = models.DateTimeField("Received")
    received_on = models.DateField("Date received", db_index=True)
    referrer_name = models.CharField("Who made the contact", max_length=200)
    referrer_agency = models.CharField("Referrer's agency", max_length=2, choices=ReferralSource.choices)
    referrer_details = models.CharField("Referrer's phone or email", max_length=200, blank=True)
    method = models.CharField("How the contact was made", max_length=20, choices=ContactMethod.choices)
    concerns = models.TextField("The concerns")
    children = models.ManyToManyField(Child, related_name="contacts")
    decision = models.CharField(max_length=30, choices=ContactDecision.choices, blank=True, default="")
    decision_due_on = models.DateField("Decision due", db_index=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decision_reasons = models.TextField(blank=True)
    # An Early Help request while the operating model pauses new Early Help referrals (seed 002).
    early_help_paused = models.BooleanField("Early Help referrals were paused", default=False)
    early_help_pause_reason = models.TextField(blank=True)
    needs_urgent_social_work = models.BooleanField(
        "Does this request need an urgent social work response?", null=True, blank=True
    )
    risk_check_notes = models.TextField("Notes of the risk check", blank=True)
    referrer_advised_to_rerefer = models.BooleanField(
        "The referrer was advised to re-refer when the pause ends", default=False
    )
    routed_to_screening = models.BooleanField("Early Help request routed to screening as a referral", default=False)
    operating_model_version = models.ForeignKey(
        "policy.OperatingModelVersion", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    objects = AuditedManager()

    class Meta:
        ordering = ["-received_at", "-pk"]
        indexes = [models.Index(fields=["decision", "decision_due_on"])]

    def __str__(self) -> str:
        return f"Contact on {self.received_on:%-d %b %Y} from {self.referrer_name}"

    @property
    def is_awaiting_decision(self) -> bool:
        return self.decision == ContactDecision.AWAITING


class Referral(models.Model):
    """A contact accepted for a social care response, for one child: the CIN census ``CINdetails`` (referral date,
    source, primary need). It opens a child-in-need episode unless one is already open."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="referrals")
    contact = models.ForeignKey(Contact, null=True, blank=True, on_delete=models.SET_NULL, related_name="referrals")
    received_on = models.DateField("Referral date", db_index=True)
    source = models.CharField("Referral source", max_length=2, choices=ReferralSource.choices)
    primary_need = models.CharField("Primary need", max_length=2, choices=PrimaryNeed.choices)
    is_re_referral = models.BooleanField("Re-referral within 12 months", default=False)
    needs_strategy_discussion = models.BooleanField("A strategy discussion is needed", default=False)
    episode = models.ForeignKey(Episode, null=True, blank=True, on_delete=models.SET_NULL, related_name="referrals")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    objects = AuditedManager()

    class Meta:
        ordering = ["-received_on", "-pk"]
        indexes = [models.Index(fields=["child", "received_on"])]

    def __str__(self) -> str:
        return f"Referral on {self.received_on:%-d %b %Y}"


class Screening(models.Model):
    """The screening of a child-in-need referral (seed 002): agency checks, the referrer, parents and an older
    child spoken to (or why not), the manager's decision on the initial visit (remote only by key decision), and
    the outcome sent to the referrer and the family. Complete when every item is recorded."""

    referral = models.OneToOneField(Referral, on_delete=models.CASCADE, related_name="screening")
    agency_checks_done = models.BooleanField("Agency checks done", null=True, blank=True)
    agency_checks_notes = models.TextField("What the agency checks found", blank=True)
    referrer_spoken_to = models.BooleanField("The referrer was spoken to", null=True, blank=True)
    parents_spoken_to = models.BooleanField("Parents or carers were spoken to", null=True, blank=True)
    parents_not_spoken_reason = models.TextField("Why the parents or carers were not spoken to", blank=True)
    child_spoken_to = models.BooleanField("The child was spoken to", null=True, blank=True)
    child_not_spoken_reason = models.TextField("Why the child was not spoken to", blank=True)
    initial_visit_needed = models.BooleanField("An initial visit is needed", null=True, blank=True)
    initial_visit_remote = models.BooleanField("The initial visit can be done remotely", null=True, blank=True)
    manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="Manager who decided",
    )
    manager_risk_assessment = models.TextField("The manager's risk assessment and decision", blank=True)
    # The manager named confirms the decision recorded in their name (a task in their queue); a decision they record
    # themselves is confirmed as they save it. Changing the decision afterwards asks for it to be confirmed again.
    manager_confirmed_at = models.DateTimeField("The manager confirmed the decision", null=True, blank=True)
    manager_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    initial_visit_decision = models.ForeignKey(
        KeyDecision, null=True, blank=True, on_delete=models.PROTECT, related_name="screenings"
    )
    outcome_sent_to_referrer_on = models.DateField("Outcome sent to the referrer", null=True, blank=True)
    outcome_sent_to_family_on = models.DateField("Outcome sent to the family", null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    objects = AuditedManager()

    def __str__(self) -> str:
        return f"Screening of the referral on {self.referral.received_on:%-d %b %Y}"

    @property
    def is_complete(self) -> bool:
        return self.completed_at is not None

    @property
    def decision_recorded(self) -> bool:
        return self.initial_visit_needed is not None

    @property
    def awaits_manager(self) -> bool:
        """The manager's decision is recorded in their name and they have not confirmed it yet."""
        return self.decision_recorded and self.manager_id is not None and self.manager_confirmed_at is None


class AssessmentOutcome(models.TextChoices):
    NFA = "nfa", "No further action (RC8)"
    EARLY_HELP = "early_help", "Early Help (RC9)"
    CIN_PLAN = "cin_plan", "Child in need plan"
    STRATEGY_DISCUSSION = "strategy_discussion", "Strategy discussion"


# Outcomes that close the child-in-need episode, with the CIN census reason for closure.
CLOSING_OUTCOMES = {AssessmentOutcome.NFA: "RC8", AssessmentOutcome.EARLY_HELP: "RC9"}


class AgencyCheck(models.Model):
    """One agency asked at screening (police, health, the school ...): when it was asked, when it answered, and what it
    shared. The checklist's "agency checks done" is answered from these as far as the agencies can answer."""

    screening = models.ForeignKey(Screening, on_delete=models.CASCADE, related_name="agency_checks")
    agency = models.ForeignKey("partners.Agency", on_delete=models.PROTECT, related_name="screening_checks")
    asked_on = models.DateField("Asked on")
    answered_on = models.DateField("Answered on", null=True, blank=True)
    shared = models.TextField("What the agency shared", blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now=True)

    objects = AuditedManager()

    class Meta:
        ordering = ["asked_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["screening", "agency"], name="frontdoor_one_check_per_agency"),
            models.CheckConstraint(
                condition=models.Q(answered_on__isnull=True) | models.Q(answered_on__gte=models.F("asked_on")),
                name="frontdoor_check_answered_after_asked",
            ),
        ]

    def __str__(self) -> str:
        return f"Agency check with {self.agency}"


class Assessment(models.Model):
    """A child and family assessment, due within 45 working days of the referral (Working Together), moved on by
    any pause agreed by an approved key decision."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="assessments")
    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="assessments")
    started_on = models.DateField("Start date")
    authorised_on = models.DateField("Date authorised", null=True, blank=True)
    completed_on = models.DateField("Date completed", null=True, blank=True)
    factors = models.JSONField("Factors identified", default=list, blank=True)
    outcome = models.CharField(max_length=30, choices=AssessmentOutcome.choices, blank=True)
    reason_late = models.TextField("Why the assessment took longer than the timescale", blank=True)
    delayed_by_pandemic = models.BooleanField("The delay was caused by the pandemic", default=False)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()
    version = models.PositiveIntegerField(default=1)

    objects = AuditedManager()

    class Meta:
        ordering = ["-started_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(completed_on__isnull=True) | models.Q(completed_on__gte=models.F("started_on")),
                name="assessment_completed_not_before_started",
            )
        ]

    def __str__(self) -> str:
        return f"Assessment started {self.started_on:%-d %b %Y}"

    @property
    def is_open(self) -> bool:
        return self.completed_on is None


class AssessmentPause(models.Model):
    """A period in which an assessment was paused, agreed by an approved key decision (seed 002: parenting
    assessments paused only by a head of service's key decision, reviewed after 3 weeks)."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="pauses")
    decision = models.ForeignKey(KeyDecision, on_delete=models.PROTECT, related_name="assessment_pauses")
    starts_on = models.DateField("Paused from")
    ends_on = models.DateField("Paused until", null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    objects = AuditedManager()

    class Meta:
        ordering = ["starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True) | models.Q(ends_on__gte=models.F("starts_on")),
                name="assessment_pause_end_not_before_start",
            )
        ]

    def __str__(self) -> str:
        return f"Paused from {self.starts_on:%-d %b %Y}"
