"""Family time (contact between a looked-after child and their family, DOMAIN.md glossary): arrangements on the
child's record and their history, the family centre's venues and rooms, bookings and the record of each session.

What people decide is kept as rows that are added: a change to an arrangement is an ``ArrangementChange`` linked to
the key decision that approves it; a room out of use is a ``RoomClosure``. ``SlotClaim`` rows are derived from booked
sessions and carry the database constraints that make double-booking impossible, even for two coordinators booking
the last slot at the same moment.
"""

from __future__ import annotations

from datetime import date, time

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from caseboard.core.audit import AuditedManager
from caseboard.people.models import Child, FamilyMember

# --- operating-model settings ---------------------------------------------------------------------------------


class FamilyTimeSettings(models.Model):
    """The family centre's rules under one operating-model version. The defaults are the statutory baseline (the
    council's usual capacity); the COVID-19 preset sets 6 sessions a day, a longer cleaning gap and a risk
    assessment before direct family time (seed 003: "could now only host six visits a day ... before the pandemic it
    had been able to host 21")."""

    version = models.OneToOneField("policy.OperatingModelVersion", on_delete=models.CASCADE, related_name="+")
    sessions_per_day = models.PositiveSmallIntegerField(
        "Sessions a day at each venue",
        default=21,
        validators=[MinValueValidator(1), MaxValueValidator(200)],
        help_text="The most sessions a family centre hosts in one day, in all its rooms together.",
    )
    opens_at = models.TimeField("Venues open at", default=time(9, 0))
    closes_at = models.TimeField("Venues close at", default=time(19, 0))
    slot_minutes = models.PositiveSmallIntegerField(
        "Sessions start every (minutes)",
        default=30,
        validators=[MinValueValidator(5), MaxValueValidator(240)],
        help_text="The grid of start times from opening, e.g. 30 for 9:00, 9:30, 10:00.",
    )
    cleaning_gap_minutes = models.PositiveSmallIntegerField(
        "Cleaning gap between sessions in a room (minutes)",
        default=15,
        validators=[MinValueValidator(0), MaxValueValidator(240)],
    )
    open_on_saturdays = models.BooleanField("Venues open on Saturdays", default=False)
    open_on_sundays = models.BooleanField("Venues open on Sundays", default=False)
    open_on_bank_holidays = models.BooleanField(
        "Venues open on bank holidays",
        default=False,
        help_text="Bank holidays in England, as the working-day calendar counts them.",
    )
    risk_assessment_required = models.BooleanField(
        "Direct (in-person) family time needs a risk assessment", default=False
    )
    risk_assessment_valid_days = models.PositiveSmallIntegerField(
        "A risk assessment covers sessions for (days)",
        default=28,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
    )
    observation_due_working_days = models.PositiveSmallIntegerField(
        "Supervisor's observation notes due within (working days)",
        default=2,
        validators=[MinValueValidator(0), MaxValueValidator(20)],
    )
    missed_in_a_row = models.PositiveSmallIntegerField(
        "Flag an arrangement after this many sessions in a row not held",
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(20)],
    )
    late_cancellation_hours = models.PositiveSmallIntegerField(
        "A cancellation is late within (hours of the start)",
        default=24,
        validators=[MinValueValidator(0), MaxValueValidator(168)],
    )
    court_order_weeks = models.PositiveSmallIntegerField(
        "Court-ordered contact is checked over the last (weeks)",
        default=4,
        validators=[MinValueValidator(1), MaxValueValidator(52)],
    )
    school_day_starts_at = models.TimeField(
        "The school day starts at",
        default=time(8, 30),
        help_text="Children of school age are not booked for family time in the school day on weekdays.",
    )
    school_day_ends_at = models.TimeField("The school day ends at", default=time(15, 30))
    school_age_from = models.PositiveSmallIntegerField(
        "School age from (years)", default=5, validators=[MinValueValidator(2), MaxValueValidator(19)]
    )
    school_age_to = models.PositiveSmallIntegerField(
        "School age to (years, inclusive)",
        default=16,
        validators=[MinValueValidator(2), MaxValueValidator(19)],
        help_text="16 is the last year of compulsory school age; 17 if the council also protects sixth-form hours.",
    )

    objects = AuditedManager()

    class Meta:
        verbose_name = "family time settings"
        verbose_name_plural = "family time settings"

    def __str__(self) -> str:
        return f"Family time settings for version {self.version_id}"

    def clean(self) -> None:
        errors = {}
        if (
            self.school_day_starts_at
            and self.school_day_ends_at
            and self.school_day_ends_at <= self.school_day_starts_at
        ):
            errors["school_day_ends_at"] = "The school day must end after it starts"
        if (
            self.school_age_to is not None
            and self.school_age_from is not None
            and self.school_age_to < self.school_age_from
        ):
            errors["school_age_to"] = "School age to must be the same as or after school age from"
        if errors:
            raise ValidationError(errors)

    def school_hours_on(self, day: date, age: int | None) -> tuple[time, time] | None:
        """The school day a child of this age is not taken out of on ``day`` (weekdays only), or None."""
        if age is None or not self.school_age_from <= age <= self.school_age_to or day.weekday() >= 5:
            return None
        return (self.school_day_starts_at, self.school_day_ends_at)


SETTINGS_FIELDS = (
    "sessions_per_day",
    "opens_at",
    "closes_at",
    "slot_minutes",
    "cleaning_gap_minutes",
    "open_on_saturdays",
    "open_on_sundays",
    "open_on_bank_holidays",
    "risk_assessment_required",
    "risk_assessment_valid_days",
    "observation_due_working_days",
    "missed_in_a_row",
    "late_cancellation_hours",
    "court_order_weeks",
    "school_day_starts_at",
    "school_day_ends_at",
    "school_age_from",
    "school_age_to",
)
# Values that differ from the defaults, per operating-model preset (slugs as the policy app names them).
SETTINGS_PRESETS = {
    "covid": {
        "sessions_per_day": 6,
        "cleaning_gap_minutes": 30,
        "closes_at": time(17, 0),
        "risk_assessment_required": True,
        "risk_assessment_valid_days": 14,
    }
}


# --- the family centre ----------------------------------------------------------------------------------------


class Venue(models.Model):
    """A place where supervised family time is held, e.g. "Riverside Family Centre", with its rooms."""

    name = models.CharField(max_length=120, unique=True)
    address = models.TextField(blank=True)
    coordinators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="family_time_venues",
        help_text="Family time coordinators who book and manage this venue.",
    )
    is_active = models.BooleanField("In use", default=True)
    # The venue's own opening hours, where they differ from the operating model's (a community venue open 10:00 to
    # 16:00, say); blank, the operating model's hours in force that day.
    opens_at = models.TimeField("Opens at", null=True, blank=True)
    closes_at = models.TimeField("Closes at", null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    objects = AuditedManager()

    class Meta:
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def has_own_hours(self) -> bool:
        return self.opens_at is not None and self.closes_at is not None


class Room(models.Model):
    """A room at a venue, with how many people it holds."""

    venue = models.ForeignKey(Venue, on_delete=models.CASCADE, related_name="rooms")
    name = models.CharField(max_length=80)
    capacity = models.PositiveSmallIntegerField(
        "How many people it holds", validators=[MinValueValidator(1), MaxValueValidator(50)]
    )
    version = models.PositiveIntegerField(default=1)

    objects = AuditedManager()

    class Meta:
        ordering = ["venue", "name", "pk"]
        constraints = [models.UniqueConstraint(fields=["venue", "name"], name="familytime_room_name_unique")]

    def __str__(self) -> str:
        return f"{self.name}, {self.venue.name}"


class SchoolHoliday(models.Model):
    """A school holiday in the council's term dates (half terms, Christmas, Easter, summer): school-age children are
    not at school, so family time may be booked in the school day."""

    name = models.CharField(max_length=80, help_text="For example, Summer holiday 2026")
    starts_on = models.DateField("First day of the holiday")
    ends_on = models.DateField("Last day of the holiday")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = AuditedManager()

    class Meta:
        ordering = ["starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="familytime_school_holiday_end_not_before_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.starts_on:%-d %b %Y} to {self.ends_on:%-d %b %Y})"

    def covers(self, day: date) -> bool:
        return self.starts_on <= day <= self.ends_on


class RoomClosure(models.Model):
    """A room out of use from a date (until a date, or until further notice), with the reason."""

    room = models.ForeignKey(Room, on_delete=models.CASCADE, related_name="closures")
    starts_on = models.DateField("Out of use from")
    ends_on = models.DateField("Out of use until", null=True, blank=True)
    reason = models.CharField(max_length=300)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = AuditedManager()

    class Meta:
        ordering = ["room", "starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True) | models.Q(ends_on__gte=models.F("starts_on")),
                name="familytime_closure_end_not_before_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.room} out of use from {self.starts_on:%d %b %Y}"

    def covers(self, day: date) -> bool:
        return self.starts_on <= day and (self.ends_on is None or self.ends_on >= day)


# --- arrangements ---------------------------------------------------------------------------------------------


class Source(models.TextChoices):
    COURT_ORDER = "court_order", "Court order"
    CARE_PLAN = "care_plan", "Care plan"
    CHILDS_WISHES = "childs_wishes", "The child's wishes"


class Period(models.TextChoices):
    WEEK = "week", "a week"
    FORTNIGHT = "fortnight", "a fortnight"
    MONTH = "month", "a month"


PERIOD_DAYS = {Period.WEEK: 7, Period.FORTNIGHT: 14, Period.MONTH: 28}


class Supervision(models.TextChoices):
    SUPERVISED = "supervised", "Supervised"
    SUPPORTED = "supported", "Supported"
    UNSUPERVISED = "unsupervised", "Unsupervised"
    INDIRECT = "indirect", "Indirect"


class Mode(models.TextChoices):
    IN_PERSON = "in_person", "In person"
    VIDEO = "video", "Video call"
    PHONE = "phone", "Phone call"
    LETTER = "letter", "Letter or card"


DIRECT_MODES = frozenset({Mode.IN_PERSON})
VIRTUAL_MODES = frozenset({Mode.VIDEO, Mode.PHONE})


class VenueKind(models.TextChoices):
    FAMILY_CENTRE = "family_centre", "Family centre"
    COMMUNITY = "community", "In the community"
    FAMILY_HOME = "family_home", "Family home"
    CARERS_HOME = "carers_home", "Carer's home"


class ArrangementStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    SUSPENDED = "suspended", "Suspended"
    ENDED = "ended", "Ended"


class Arrangement(models.Model):
    """How and how often a child spends time with their family, where it comes from, and who supervises it."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="family_time_arrangements")
    family_members = models.ManyToManyField(FamilyMember, blank=True, related_name="family_time_arrangements")
    siblings = models.ManyToManyField(
        Child, blank=True, related_name="family_time_with_sibling", help_text="Brothers and sisters also in Caseboard."
    )
    with_whom = models.CharField("Who with", max_length=300, blank=True)
    source = models.CharField("Where it comes from", max_length=20, choices=Source.choices)
    court_order_provision = models.TextField("The order's contact provision", blank=True)
    times = models.PositiveSmallIntegerField(
        "How many times", validators=[MinValueValidator(1), MaxValueValidator(14)], default=1
    )
    period = models.CharField("Every", max_length=10, choices=Period.choices, default=Period.WEEK)
    duration_minutes = models.PositiveSmallIntegerField(
        "How long (minutes)", validators=[MinValueValidator(15), MaxValueValidator(480)], default=90
    )
    supervision = models.CharField(max_length=20, choices=Supervision.choices)
    mode = models.CharField(max_length=20, choices=Mode.choices)
    venue_kind = models.CharField("Where", max_length=20, choices=VenueKind.choices)
    venue = models.ForeignKey(Venue, null=True, blank=True, on_delete=models.PROTECT, related_name="arrangements")
    transport_needs = models.TextField(blank=True)
    escort_needs = models.TextField(blank=True)
    supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=ArrangementStatus.choices, default=ArrangementStatus.ACTIVE)
    not_looked_after_reason = models.TextField(
        "Why family time is arranged for a child who is not looked after", blank=True
    )
    spirit_of_the_order = models.TextField(
        "How the spirit of the order is kept",
        blank=True,
        help_text="When court-ordered contact cannot happen face to face: what is done instead, and how often.",
    )
    risks = models.TextField("The arrangement's own risks", blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()
    version = models.PositiveIntegerField(default=1)

    objects = AuditedManager()

    class Meta:
        ordering = ["child", "-starts_on", "pk"]
        indexes = [models.Index(fields=["status", "source"]), models.Index(fields=["venue", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True) | models.Q(ends_on__gte=models.F("starts_on")),
                name="familytime_arrangement_end_not_before_start",
            )
        ]

    def __str__(self) -> str:
        return f"Family time: {self.frequency_text}, {self.get_mode_display().lower()}"

    @property
    def frequency_text(self) -> str:
        times = {1: "once", 2: "twice"}.get(self.times, f"{self.times} times")
        return f"{times} {Period(self.period).label}, {self.duration_minutes} minutes"

    @property
    def is_court_ordered(self) -> bool:
        return self.source == Source.COURT_ORDER

    @property
    def is_direct(self) -> bool:
        return self.mode in DIRECT_MODES

    @property
    def change_decision_kind(self) -> str:
        """The key decision a change needs (deviation kinds of the operating model, by their existing values)."""
        return "court_ordered_contact_changed" if self.is_court_ordered else "family_time_changed"


# The fields a change may alter, in the order a change is shown.
CHANGEABLE_FIELDS = (
    "times",
    "period",
    "duration_minutes",
    "supervision",
    "mode",
    "venue_kind",
    "venue",
    "supervisor",
    "transport_needs",
    "escort_needs",
    "ends_on",
    "status",
    "spirit_of_the_order",
)


class ChangeStatus(models.TextChoices):
    AWAITING_DECISION = "awaiting_decision", "Awaiting the key decision"
    APPLIED = "applied", "In effect"
    REFUSED = "refused", "Not approved"


class ArrangementChange(models.Model):
    """A proposed change to an arrangement, linked to the key decision that approves it; it takes effect only when
    the decision is approved. ``before`` and ``after`` hold the changed fields' values (ids for people and venues),
    so the arrangement's history reads from these rows."""

    arrangement = models.ForeignKey(Arrangement, on_delete=models.CASCADE, related_name="changes")
    decision = models.OneToOneField(
        "decisions.KeyDecision", null=True, blank=True, on_delete=models.PROTECT, related_name="family_time_change"
    )
    before = models.JSONField(default=dict)
    after = models.JSONField(default=dict)
    reason = models.TextField()
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    proposed_at = models.DateTimeField()
    status = models.CharField(max_length=20, choices=ChangeStatus.choices, default=ChangeStatus.AWAITING_DECISION)
    applied_at = models.DateTimeField(null=True, blank=True)

    objects = AuditedManager()

    class Meta:
        ordering = ["-proposed_at", "-pk"]

    def __str__(self) -> str:
        return f"Change to {self.arrangement} ({self.get_status_display().lower()})"


class RiskOutcome(models.TextChoices):
    GO_AHEAD = "go_ahead", "Go ahead in person"
    GO_AHEAD_WITH_PPE = "go_ahead_with_ppe", "Go ahead in person with PPE"
    VIRTUAL_ONLY = "virtual_only", "Do not meet in person: offer a video or phone call"


class RiskAssessment(models.Model):
    """The risk assessment for direct family time: the pre-visit check's infection questions (asked of the family
    and the carer) and the arrangement's own risks, with the outcome."""

    arrangement = models.ForeignKey(Arrangement, on_delete=models.CASCADE, related_name="risk_assessments")
    assessed_on = models.DateField()
    assessed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    answers = models.JSONField(default=dict, help_text="The pre-visit check's questions: {question key: yes/no}.")
    arrangement_risks = models.TextField("Risks of this arrangement, and how they are reduced")
    outcome = models.CharField(max_length=20, choices=RiskOutcome.choices)

    objects = AuditedManager()

    class Meta:
        ordering = ["-assessed_on", "-pk"]

    def __str__(self) -> str:
        return f"Risk assessment {self.assessed_on:%d %b %Y}: {self.get_outcome_display()}"

    @property
    def allows_direct(self) -> bool:
        return self.outcome != RiskOutcome.VIRTUAL_ONLY


# --- sessions -------------------------------------------------------------------------------------------------


class SessionStatus(models.TextChoices):
    BOOKED = "booked", "Booked"
    HELD = "held", "Held"
    NOT_HELD = "not_held", "Not held"
    CANCELLED = "cancelled", "Cancelled"


class CancelledBy(models.TextChoices):
    PARENT = "parent", "Parent or family member"
    CHILD = "child", "The child"
    CARER = "carer", "Carer"
    COUNCIL = "council", "The council"
    CENTRE = "centre", "The family centre"


class CancelReason(models.TextChoices):
    PARENT_DID_NOT_ATTEND = "parent_did_not_attend", "Parent did not attend"
    CHILD_UNWELL = "child_unwell", "Child unwell"
    SELF_ISOLATING = "self_isolating", "Household self-isolating"
    CENTRE_CLOSED = "centre_closed", "Centre closed"
    CHILD_DECLINED = "child_declined", "Child did not want to go"
    ARRANGEMENT_CHANGED = "arrangement_changed", "Arrangement changed"
    OTHER = "other", "Other"


class Session(models.Model):
    """One booked session of family time and, once it has happened (or not), its record."""

    arrangement = models.ForeignKey(Arrangement, on_delete=models.CASCADE, related_name="sessions")
    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="family_time_sessions")
    mode = models.CharField("Mode booked", max_length=20, choices=Mode.choices)
    venue = models.ForeignKey(Venue, null=True, blank=True, on_delete=models.PROTECT, related_name="sessions")
    room = models.ForeignKey(Room, null=True, blank=True, on_delete=models.PROTECT, related_name="sessions")
    supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="supervised_sessions"
    )
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    status = models.CharField(max_length=10, choices=SessionStatus.choices, default=SessionStatus.BOOKED)
    replaces = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="replaced_by",
        help_text="The direct session this virtual one is held in place of.",
    )
    virtual_reason = models.TextField("Why virtual in place of direct", blank=True)
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    booked_at = models.DateTimeField()
    # The record
    mode_held = models.CharField("Mode as held", max_length=20, choices=Mode.choices, blank=True)
    attended = models.TextField("Who attended", blank=True)
    cancelled_by = models.CharField("Cancelled by", max_length=10, choices=CancelledBy.choices, blank=True)
    cancel_reason = models.CharField("Why", max_length=30, choices=CancelReason.choices, blank=True)
    cancel_notes = models.TextField(blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    is_late_cancellation = models.BooleanField(default=False)
    observation_notes = models.TextField("Supervisor's observation notes", blank=True)
    observation_recorded_at = models.DateTimeField(null=True, blank=True)
    carer_feedback = models.TextField("Carer's feedback", blank=True)
    carer_feedback_at = models.DateTimeField(null=True, blank=True)
    childs_views = models.TextField("The child's views", blank=True)
    concern_raised = models.BooleanField("A concern was raised", default=False)
    concern_details = models.TextField(blank=True)
    read_by_worker_at = models.DateTimeField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    objects = AuditedManager()

    class Meta:
        ordering = ["starts_at", "pk"]
        indexes = [
            models.Index(fields=["venue", "starts_at"]),
            models.Index(fields=["child", "starts_at"]),
            models.Index(fields=["supervisor", "starts_at"]),
            models.Index(fields=["status", "starts_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="familytime_session_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"Family time session {self.starts_at:%d %b %Y %H:%M}"

    @property
    def is_direct(self) -> bool:
        return self.mode in DIRECT_MODES

    @property
    def needs_attention(self) -> bool:
        return bool((self.carer_feedback or self.concern_raised) and self.read_by_worker_at is None)


class SlotClaim(models.Model):
    """What a booked session occupies, in five-minute cells of its local day: the room (with the cleaning gap
    after it), the supervisor, and one of the venue's places for the day (numbered up to the daily limit). The
    unique constraint is what stops a double booking; derived from ``Session``, so not audited."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="claims")
    resource = models.CharField(max_length=40)  # "room:5", "supervisor:12", "venue-place:3"
    day = models.DateField()
    cell = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["resource", "day", "cell"], name="familytime_one_claim_per_cell"),
        ]

    def __str__(self) -> str:
        return f"{self.resource} {self.day} {self.cell}"


class WaitingListEntry(models.Model):
    """An arrangement waiting for direct family time because no slot fits, in order of need: court-ordered first,
    then by how long since the child's last direct session."""

    arrangement = models.ForeignKey(Arrangement, on_delete=models.CASCADE, related_name="waiting_list_entries")
    venue = models.ForeignKey(Venue, null=True, blank=True, on_delete=models.PROTECT, related_name="waiting_list")
    added_on = models.DateField()
    reason = models.CharField(max_length=300)
    resolved_on = models.DateField(null=True, blank=True)
    resolution = models.CharField(max_length=200, blank=True)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")

    objects = AuditedManager()

    class Meta:
        ordering = ["added_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["arrangement"], condition=models.Q(resolved_on__isnull=True), name="familytime_one_open_wait"
            )
        ]

    def __str__(self) -> str:
        return f"Waiting since {self.added_on:%d %b %Y}"


class SupervisorTask(models.Model):
    """A due item for a family time supervisor: the observation notes of a session they supervised, due within the
    working days the operating model sets. Derived from the session; done when the notes are recorded."""

    session = models.OneToOneField(Session, on_delete=models.CASCADE, related_name="observation_task")
    supervisor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    due_on = models.DateField()
    done_on = models.DateField(null=True, blank=True)
    basis = models.CharField(max_length=300)

    class Meta:
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["supervisor", "done_on", "due_on"])]

    def __str__(self) -> str:
        return f"Observation notes due {self.due_on:%d %b %Y}"
