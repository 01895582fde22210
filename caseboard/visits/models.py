"""Pre-visit checks, visits (one household visit can cover siblings, each child with their own record of being
seen) and case notes for other contact."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from caseboard.core.audit import AuditedManager
from caseboard.people.models import Child, Household


class AskedHow(models.TextChoices):
    PHONE = "phone", "Phone call"
    VIDEO = "video", "Video call"
    IN_PERSON = "in_person", "In person at the door"
    MESSAGE = "message", "Text or email"


class CheckOutcome(models.TextChoices):
    GO_AHEAD = "go_ahead", "Go ahead"
    GO_AHEAD_WITH_PPE = "go_ahead_with_ppe", "Go ahead with PPE"
    DO_NOT_VISIT = "do_not_visit", "Do not visit in person"


class PPE(models.TextChoices):
    GLOVES = "gloves", "Gloves"
    MASK = "mask", "Fluid-resistant surgical mask"
    APRON = "apron", "Apron"
    EYE_PROTECTION = "eye_protection", "Eye protection"
    SANITISER = "sanitiser", "Hand sanitiser"


# The standard questions for an infectious-disease period (seeds 002 and 004), asked of the household, by the key
# under which each check keeps its answer in a column of its own. Which questions a check asks, and their wording,
# are the operating model's (``policy.PreVisitQuestion``); these are the presets' and the columns' labels.
CHECK_QUESTIONS = {
    "anyone_symptomatic": "Does anyone in the household have symptoms?",
    "anyone_isolating": "Is anyone in the household self-isolating?",
    "anyone_tested_positive": "Has anyone tested positive recently?",
    "anyone_clinically_vulnerable": "Is anyone in the household clinically vulnerable or shielding?",
    "can_meet_outdoors": "Can the visit be held outdoors?",
}


class PreVisitCheck(models.Model):
    """The household's answers before an in-person visit, and what the worker decided: recorded as the risk
    assessment for the visit (and for a key decision not to visit in person)."""

    children = models.ManyToManyField(Child, related_name="pre_visit_checks")
    household = models.ForeignKey(
        Household,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="pre_visit_checks",
        help_text="The household asked, when the children checked for live in one household.",
    )
    checked_at = models.DateTimeField()
    asked_who = models.CharField("Who was asked", max_length=200)
    asked_how = models.CharField("How they were asked", max_length=20, choices=AskedHow.choices)
    # The standard questions' answers (empty: the version in force did not ask it)
    anyone_symptomatic = models.BooleanField(CHECK_QUESTIONS["anyone_symptomatic"], null=True, blank=True)
    anyone_isolating = models.BooleanField(CHECK_QUESTIONS["anyone_isolating"], null=True, blank=True)
    anyone_tested_positive = models.BooleanField(CHECK_QUESTIONS["anyone_tested_positive"], null=True, blank=True)
    anyone_clinically_vulnerable = models.BooleanField(
        CHECK_QUESTIONS["anyone_clinically_vulnerable"], null=True, blank=True
    )
    can_meet_outdoors = models.BooleanField(CHECK_QUESTIONS["can_meet_outdoors"], null=True, blank=True)
    outcome = models.CharField(max_length=20, choices=CheckOutcome.choices)
    ppe_needed = models.JSONField("PPE to use", default=list, blank=True)
    # The questions not among the standard ones and the answers: [{"question": "...", "answer": true}, ...]
    other_answers = models.JSONField(default=list, blank=True)
    # Every question asked, in order, in the wording asked: [{"key": "...", "question": "...", "answer": true}, ...].
    # Empty on checks recorded before the questions were the operating model's (the columns above hold them).
    answers = models.JSONField(default=list, blank=True)
    notes = models.TextField(blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = AuditedManager()

    class Meta:
        ordering = ["-checked_at", "-pk"]

    def __str__(self) -> str:
        return f"Pre-visit check {self.checked_at:%d %b %Y}: {self.get_outcome_display()}"

    @property
    def asked(self) -> list[tuple[str, bool]]:
        """Each question asked and its answer, in the wording asked."""
        if self.answers:
            return [(item["question"], bool(item["answer"])) for item in self.answers]
        asked = [
            (question, bool(getattr(self, name)))
            for name, question in CHECK_QUESTIONS.items()
            if getattr(self, name) is not None
        ]
        return asked + [(item["question"], bool(item["answer"])) for item in self.other_answers]

    @property
    def risk_summary(self) -> str:
        answers = [f"{question} {'Yes' if answer else 'No'}." for question, answer in self.asked]
        ppe = ", ".join(PPE(item).label for item in self.ppe_needed) if self.ppe_needed else "none"
        return (
            f"Pre-visit check on {self.checked_at:%-d %B %Y} with {self.asked_who} "
            f"({self.get_asked_how_display().lower()}): "
            + " ".join(answers)
            + f" Outcome: {self.get_outcome_display()}; PPE: {ppe}."
            + (f" {self.notes}" if self.notes else "")
        )


class VisitMode(models.TextChoices):
    IN_PERSON_HOME = "in_person_home", "In person, at home"
    IN_PERSON_ELSEWHERE = "in_person_elsewhere", "In person, somewhere else"
    VIDEO = "video", "Video call"
    PHONE = "phone", "Phone call"
    OTHER_ELECTRONIC = "other_electronic", "Other electronic means"


IN_PERSON_MODES = frozenset({VisitMode.IN_PERSON_HOME, VisitMode.IN_PERSON_ELSEWHERE})


class VisitPurpose(models.TextChoices):
    STATUTORY_CIN = "statutory_cin", "Statutory visit: child in need"
    STATUTORY_CP = "statutory_cp", "Statutory visit: child protection"
    STATUTORY_LAC = "statutory_lac", "Statutory visit: looked after (reg 28)"
    STATUTORY_PF = "statutory_pf", "Statutory visit: private fostering"
    PA_CONTACT = "pa_contact", "Personal adviser contact"
    OTHER = "other", "Other visit"


# The open episode a purpose needs on the visit date.
PURPOSE_EPISODE = {
    VisitPurpose.STATUTORY_CIN: "cin",
    VisitPurpose.STATUTORY_CP: "cp",
    VisitPurpose.STATUTORY_LAC: "lac",
    VisitPurpose.STATUTORY_PF: "private_fostering",
    VisitPurpose.PA_CONTACT: "care_leaver",
}


class Visit(models.Model):
    """A visit by a worker, on a date, in one mode; each child's part is a ``ChildSeen`` with the purpose that fits
    that child (a household visit can be a looked-after child's reg 28 visit and their sister's child in need
    visit). ``purpose`` is the purpose shared by every child, empty when their purposes differ."""

    visited_on = models.DateField("Date of the visit")
    visited_at_time = models.TimeField("Time", null=True, blank=True)
    worker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="visits")
    mode = models.CharField(max_length=30, choices=VisitMode.choices)
    purpose = models.CharField(
        max_length=20,
        choices=VisitPurpose.choices,
        blank=True,
        help_text="The purpose shared by every child on the visit; empty when each child's differs.",
    )
    pre_visit_check = models.ForeignKey(
        PreVisitCheck, null=True, blank=True, on_delete=models.SET_NULL, related_name="visits"
    )
    ppe_used = models.JSONField("PPE used", default=list, blank=True)
    notes = models.TextField(blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()
    last_edited_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    objects = AuditedManager()

    class Meta:
        ordering = ["-visited_on", "-pk"]
        indexes = [models.Index(fields=["visited_on"])]

    def __str__(self) -> str:
        return f"{self.get_mode_display()} visit on {self.visited_on:%d %b %Y}"

    @property
    def is_in_person(self) -> bool:
        return self.mode in IN_PERSON_MODES


class ChildSeen(models.Model):
    """One child's part in a visit: seen or not, seen alone, bedroom seen, who else was there, their views."""

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="children_seen")
    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="visits_seen")
    purpose = models.CharField(
        max_length=20,
        choices=VisitPurpose.choices,
        help_text="Why this child was visited: the statutory visit for their involvement, or other.",
    )
    was_seen = models.BooleanField("Child seen")
    seen_alone = models.BooleanField("Seen alone", default=False)
    bedroom_seen = models.BooleanField("Bedroom seen", null=True, blank=True)
    others_present = models.CharField("Who else was present", max_length=300, blank=True)
    child_views = models.TextField("The child's views", blank=True)

    objects = AuditedManager()

    class Meta:
        ordering = ["visit", "child"]
        constraints = [
            models.UniqueConstraint(fields=["visit", "child"], name="one_record_per_child_per_visit"),
            models.CheckConstraint(
                condition=models.Q(seen_alone=False) | models.Q(was_seen=True), name="seen_alone_only_if_seen"
            ),
            models.CheckConstraint(condition=~models.Q(purpose=""), name="child_seen_has_purpose"),
        ]
        indexes = [models.Index(fields=["child", "visit"])]

    def __str__(self) -> str:
        return f"{self.child} {'seen' if self.was_seen else 'not seen'}"

    def save(self, *args: object, **kwargs: object) -> None:
        # A child recorded without a purpose of their own has the visit's (the purpose every child shares).
        if not self.purpose and self.visit_id is not None:
            self.purpose = self.visit.purpose
        super().save(*args, **kwargs)


class CaseNoteKind(models.TextChoices):
    PHONE_PARENT = "phone_parent", "Phone call with a parent or carer"
    PHONE_CHILD = "phone_child", "Phone or video call with the child"
    SCHOOL = "school", "Contact with the school"
    HEALTH = "health", "Contact with health (GP, health visitor, school nurse)"
    MESSAGE = "message", "Message (text, email, WhatsApp)"
    WELFARE_CALL = "welfare_call", "Welfare call"
    OTHER = "other", "Other"


class CaseNote(models.Model):
    """Contact that is not a visit: a call, a message, a conversation with a professional."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="case_notes")
    kind = models.CharField(max_length=20, choices=CaseNoteKind.choices)
    occurred_on = models.DateField("Date of the contact")
    text = models.TextField("What happened")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    objects = AuditedManager()

    class Meta:
        ordering = ["-occurred_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.occurred_on:%d %b %Y}"


# The kinds of case note that are remote contact for the weekly remote-contact clock, as the presets ship them (a
# visit at which the child was seen always is).
DEFAULT_REMOTE_CONTACT_KINDS = frozenset(
    {CaseNoteKind.PHONE_PARENT, CaseNoteKind.PHONE_CHILD, CaseNoteKind.WELFARE_CALL}
)


def _contact_field(kind: CaseNoteKind) -> models.BooleanField:
    return models.BooleanField(f"{kind.label}: counts as remote contact", default=kind in DEFAULT_REMOTE_CONTACT_KINDS)


class ContactSettings(models.Model):
    """Which kinds of case note satisfy a remote-contact item under one operating-model version (a settings section
    of every version, ``caseboard.policy.hooks``). A visit at which the child was seen, in person or virtual,
    always does."""

    version = models.OneToOneField("policy.OperatingModelVersion", on_delete=models.CASCADE, related_name="+")
    phone_parent = _contact_field(CaseNoteKind.PHONE_PARENT)
    phone_child = _contact_field(CaseNoteKind.PHONE_CHILD)
    school = _contact_field(CaseNoteKind.SCHOOL)
    health = _contact_field(CaseNoteKind.HEALTH)
    message = _contact_field(CaseNoteKind.MESSAGE)
    welfare_call = _contact_field(CaseNoteKind.WELFARE_CALL)
    other = _contact_field(CaseNoteKind.OTHER)

    objects = AuditedManager()

    class Meta:
        verbose_name = "remote contact settings"
        verbose_name_plural = "remote contact settings"

    def __str__(self) -> str:
        return f"Remote contact settings of version {self.version_id}"

    @property
    def kinds(self) -> frozenset[str]:
        return frozenset(kind for kind in CaseNoteKind.values if getattr(self, kind))


CONTACT_FIELDS = tuple(CaseNoteKind.values)
CONTACT_SECTION = "remote_contact"
