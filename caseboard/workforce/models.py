"""The workforce beside the caseload: staff records, availability, welfare buddies and check-ins, supervision,
cover, offices and rotas, PPE stock, the anonymous staff survey, and the operating-model settings for all of them."""

from __future__ import annotations

import uuid
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from caseboard.core.audit import AuditedManager

USER = settings.AUTH_USER_MODEL


def _days(default: int, verbose_name: str, help_text: str, maximum: int = 366) -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(
        verbose_name, default=default, validators=[MaxValueValidator(maximum)], help_text=help_text
    )


class WorkforceSettings(models.Model):
    """The workforce section of an operating-model version: the cadences of welfare check-ins and supervision,
    and the thresholds for capacity, office desks and PPE. Defaults are the statutory baseline (supervision only:
    no welfare cadences); the COVID-19 preset sets seed 002's. A cadence of 0 means "not required"."""

    version = models.OneToOneField("policy.OperatingModelVersion", on_delete=models.CASCADE, related_name="+")
    buddy_checkin_working_days = _days(
        0,
        "welfare buddy check-ins (working days)",
        "Welfare buddies check in with each other every n working days (0: none)",
    )
    team_leader_checkin_working_days = _days(
        0,
        "team leader calls (working days)",
        "Team leaders call each member of their team every n working days (0: none)",
    )
    unavailable_checkin_days = _days(
        0,
        "contact while shielding or isolating (days)",
        "Team leaders keep in contact with anyone shielding or self-isolating every n days (0: none)",
    )
    team_meeting_days = _days(0, "team meetings (days)", "Each team meets at least every n days (0: none)")
    head_of_service_checkin_working_days = _days(
        0,
        "head of service meetings (working days)",
        "Heads of service meet their team managers every n working days (0: none)",
    )
    assistant_director_checkin_working_days = _days(
        0,
        "assistant director meetings (working days)",
        "Assistant directors meet the heads of service every n working days (0: none)",
    )
    supervision_social_worker_days = _days(
        28, "supervision of social workers (days)", "Supervision for social workers every n days (0: none)"
    )
    supervision_first_year_days = _days(
        14,
        "supervision in the first year of practice (days)",
        "Supervision in the first year of practice (newly qualified social workers) every n days (0: none)",
    )
    supervision_personal_adviser_days = _days(
        28, "supervision of personal advisers (days)", "Supervision for personal advisers every n days (0: none)"
    )
    supervision_team_manager_days = _days(
        42, "supervision of team managers (days)", "Supervision for team managers every n days (0: none)"
    )
    supervision_other_days = _days(
        56, "supervision of other staff (days)", "Supervision for other staff every n days (0: none)"
    )
    unavailable_share_flag_percent = models.PositiveSmallIntegerField(
        "flag staff unavailable above (%)",
        default=10,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text="Flag the service when more than this share of staff is unavailable (DfE survey: 10%)",
    )
    stock_rate_days = models.PositiveSmallIntegerField(
        "PPE rate of use over (days)",
        default=28,
        validators=[MinValueValidator(7), MaxValueValidator(366)],
        help_text="Days of stock left are at the rate of use over this many days",
    )
    desks_held_for_needs_percent = models.PositiveSmallIntegerField(
        "desks held for individual needs (%)",
        default=0,
        validators=[MaxValueValidator(100)],
        help_text="Share of each office day's COVID-secure desks (rounded up) held back for staff with a recorded "
        "individual need (0: none held)",
    )
    desks_held_until_days = models.PositiveSmallIntegerField(
        "held desks open to everyone (days before)",
        default=2,
        validators=[MaxValueValidator(60)],
        help_text="Desks still held this many days before the day (or fewer) can be booked by anyone",
    )
    survey_minimum_group = models.PositiveSmallIntegerField(
        "smallest group of survey responses shown",
        default=5,
        validators=[MinValueValidator(2), MaxValueValidator(100)],
        help_text="Staff survey results are shown only for groups of at least this many responses",
    )

    objects = AuditedManager()

    class Meta:
        verbose_name = "workforce settings"
        verbose_name_plural = "workforce settings"

    def __str__(self) -> str:
        return f"Workforce settings for version {self.version_id}"


SETTINGS_FIELDS = (
    "buddy_checkin_working_days",
    "team_leader_checkin_working_days",
    "unavailable_checkin_days",
    "team_meeting_days",
    "head_of_service_checkin_working_days",
    "assistant_director_checkin_working_days",
    "supervision_social_worker_days",
    "supervision_first_year_days",
    "supervision_personal_adviser_days",
    "supervision_team_manager_days",
    "supervision_other_days",
    "unavailable_share_flag_percent",
    "stock_rate_days",
    "desks_held_for_needs_percent",
    "desks_held_until_days",
    "survey_minimum_group",
)
# Seed 002 (26 March 2020): "Maintain daily contact" with a buddy; "Team Leaders to call everyone in their team every
# other day"; weekly with those off for health vulnerabilities; team meetings "at least once per week"; the Head of
# Service's morning meeting; the AD "every other day" with heads of service.
COVID_PRESET = {
    "buddy_checkin_working_days": 1,
    "team_leader_checkin_working_days": 2,
    "unavailable_checkin_days": 7,
    "team_meeting_days": 7,
    "head_of_service_checkin_working_days": 1,
    "assistant_director_checkin_working_days": 2,
    # Seed 003's office-time pilot: "individual needs of staff would always be considered".
    "desks_held_for_needs_percent": 25,
    "desks_held_until_days": 2,
}


# --- staff record ------------------------------------------------------------------------------------------------
class WorkingPattern(models.TextChoices):
    FULL_TIME = "full_time", "Full time"
    PART_TIME = "part_time", "Part time"
    COMPRESSED = "compressed", "Compressed hours"
    TERM_TIME = "term_time", "Term time only"
    SESSIONAL = "sessional", "Sessional or agency"


class DbsCheckType(models.TextChoices):
    ENHANCED_BARRED = "enhanced_barred", "Enhanced with children's barred list"
    ENHANCED = "enhanced", "Enhanced"
    STANDARD = "standard", "Standard"


class Skill(models.TextChoices):
    RESIDENTIAL = "residential", "Trained for residential work"
    DRIVER = "driver", "Driver with a car"
    AMHP = "amhp", "Approved mental health professional"
    ABE = "abe", "Achieving best evidence interviews"
    PRACTICE_EDUCATOR = "practice_educator", "Practice educator"
    FIRST_AID = "first_aid", "First aid"


class StaffRecord(models.Model):
    """What the service knows about a member of staff beside their account: working pattern, registration, DBS
    check and skills. The line manager is on the account (``User.line_manager``)."""

    user = models.OneToOneField(USER, on_delete=models.CASCADE, related_name="staff_record")
    working_pattern = models.CharField(max_length=20, choices=WorkingPattern.choices, default=WorkingPattern.FULL_TIME)
    working_days = models.CharField(
        max_length=40, blank=True, help_text="For example, Monday to Thursday", verbose_name="Days worked"
    )
    swe_registration = models.CharField(
        "Social Work England registration number", max_length=12, blank=True, help_text="For example, SW123456"
    )
    qualified_on = models.DateField("Date qualified", null=True, blank=True)
    dbs_checked_on = models.DateField("Date of the DBS check", null=True, blank=True)
    dbs_check_type = models.CharField("Type of DBS check", max_length=20, choices=DbsCheckType.choices, blank=True)
    skills = models.JSONField(default=list, blank=True)
    languages = models.CharField("Languages other than English", max_length=200, blank=True)
    version = models.PositiveIntegerField(default=1)

    objects = AuditedManager()

    class Meta:
        ordering = ["user__last_name", "user__first_name", "pk"]

    def __str__(self) -> str:
        return f"Staff record of {self.user}"

    def clean(self) -> None:
        errors: dict[str, str] = {}
        reg = self.swe_registration.strip().upper()
        if reg and not (reg.startswith("SW") and reg[2:].isdigit() and 3 <= len(reg) <= 12):
            errors["swe_registration"] = "Enter a Social Work England registration number, like SW123456"
        self.swe_registration = reg
        if self.dbs_checked_on and not self.dbs_check_type:
            errors["dbs_check_type"] = "Select the type of DBS check"
        if any(skill not in Skill.values for skill in self.skills):
            errors["skills"] = "Select skills from the list"
        if errors:
            raise ValidationError(errors)

    def in_first_year_on(self, day: date) -> bool:
        return self.qualified_on is not None and self.qualified_on <= day < _add_years(self.qualified_on, 1)


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


# --- availability ------------------------------------------------------------------------------------------------
class AvailabilityStatus(models.TextChoices):
    OFFICE = "office", "Available in the office"
    HOME = "home", "Working from home"
    REMOTE_ONLY = "remote_only", "Remote only"
    SELF_ISOLATING = "self_isolating", "Self-isolating"
    SHIELDING = "shielding", "Shielding"
    SICK = "sick", "Sick"
    ANNUAL_LEAVE = "annual_leave", "Annual leave"
    CARING = "caring", "Caring responsibilities"
    REDEPLOYED = "redeployed", "Redeployed"


AVAILABLE_STATUSES = frozenset({AvailabilityStatus.OFFICE, AvailabilityStatus.HOME, AvailabilityStatus.REMOTE_ONLY})
# Health reasons are special-category data (UK GDPR article 9): only the person, their line manager and HR see them.
HEALTH_STATUSES = frozenset({AvailabilityStatus.SELF_ISOLATING, AvailabilityStatus.SHIELDING, AvailabilityStatus.SICK})
NEEDS_END = frozenset({AvailabilityStatus.SELF_ISOLATING, AvailabilityStatus.SHIELDING})
# Always because of COVID-19; sickness and caring only when recorded as COVID-related (DfE survey question).
ALWAYS_COVID = frozenset({AvailabilityStatus.SELF_ISOLATING, AvailabilityStatus.SHIELDING})


class Availability(models.Model):
    """One period of a person's availability, from a date to a date (open-ended when ``ends_on`` is empty).
    Periods of one person never overlap: the timeline says one thing for each day."""

    person = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="availability")
    status = models.CharField(max_length=20, choices=AvailabilityStatus.choices)
    starts_on = models.DateField("Start date")
    ends_on = models.DateField("End date", null=True, blank=True)
    is_covid_related = models.BooleanField("Because of COVID-19", default=False)
    health_note = models.TextField("Health reason (private)", blank=True)
    redeployed_to = models.CharField("Redeployed to", max_length=200, blank=True)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    objects = AuditedManager()

    class Meta:
        ordering = ["person", "starts_on", "pk"]
        verbose_name_plural = "availability"
        indexes = [models.Index(fields=["person", "starts_on"]), models.Index(fields=["status", "starts_on"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True) | models.Q(ends_on__gte=models.F("starts_on")),
                name="availability_end_not_before_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_status_display()} from {self.starts_on:%d %b %Y}"

    @property
    def is_available(self) -> bool:
        return self.status in AVAILABLE_STATUSES

    @property
    def is_health(self) -> bool:
        return self.status in HEALTH_STATUSES

    @property
    def is_covid(self) -> bool:
        return self.status in ALWAYS_COVID or (self.is_covid_related and not self.is_available)

    def covers(self, day: date) -> bool:
        return self.starts_on <= day and (self.ends_on is None or day <= self.ends_on)


# --- welfare -----------------------------------------------------------------------------------------------------
class BuddyPair(models.Model):
    """Two members of one team who check in with each other, from a date until the pair is ended."""

    team = models.ForeignKey("accounts.Team", on_delete=models.PROTECT, related_name="buddy_pairs")
    first = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    second = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)
    assigned_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")

    objects = AuditedManager()

    class Meta:
        ordering = ["team", "starts_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=~models.Q(first=models.F("second")), name="buddy_not_self"),
            models.UniqueConstraint(
                fields=["first"], condition=models.Q(ends_on__isnull=True), name="one_open_buddy_pair_first"
            ),
            models.UniqueConstraint(
                fields=["second"], condition=models.Q(ends_on__isnull=True), name="one_open_buddy_pair_second"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.first} and {self.second}"

    def other(self, user_id: int) -> int:
        return self.second_id if self.first_id == user_id else self.first_id


class CheckInKind(models.TextChoices):
    BUDDY = "buddy", "Welfare buddy check-in"
    TEAM_LEADER = "team_leader", "Team leader call"
    TEAM_MEETING = "team_meeting", "Team meeting"
    HEAD_OF_SERVICE = "head_of_service", "Head of service meeting"
    ASSISTANT_DIRECTOR = "assistant_director", "Assistant director meeting"


class CheckInMode(models.TextChoices):
    PHONE = "phone", "Phone call"
    VIDEO = "video", "Video call"
    IN_PERSON = "in_person", "In person"
    MESSAGE = "message", "Message"


class CheckIn(models.Model):
    """A light record that one person checked in with another (or held their team's meeting): who, with whom,
    when and how, with an optional private note and a concern raised with the line manager."""

    kind = models.CharField(max_length=20, choices=CheckInKind.choices)
    by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="checkins_made")
    with_person = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="checkins_received"
    )
    team = models.ForeignKey("accounts.Team", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    held_on = models.DateField("Date")
    mode = models.CharField(max_length=20, choices=CheckInMode.choices)
    private_note = models.TextField("Private note", blank=True)
    concern = models.TextField("Concern raised with the line manager", blank=True)
    recorded_at = models.DateTimeField()

    objects = AuditedManager()

    class Meta:
        ordering = ["-held_on", "-pk"]
        indexes = [
            models.Index(fields=["by", "held_on"]),
            models.Index(fields=["with_person", "held_on"]),
            models.Index(fields=["team", "held_on"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(with_person__isnull=False) | models.Q(team__isnull=False),
                name="checkin_with_someone",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.held_on:%d %b %Y}"


class StaffDueKind(models.TextChoices):
    BUDDY = "buddy", "Welfare buddy check-in"
    TEAM_LEADER = "team_leader", "Team leader call"
    UNAVAILABLE = "unavailable", "Keeping in touch while shielding or isolating"
    TEAM_MEETING = "team_meeting", "Team meeting"
    HEAD_OF_SERVICE = "head_of_service", "Head of service meeting"
    ASSISTANT_DIRECTOR = "assistant_director", "Assistant director meeting"
    SUPERVISION = "supervision", "Supervision"


class StaffDueItem(models.Model):
    """The next check-in, meeting or supervision a person is responsible for, computed from the cadences of the
    operating model in force (a derived table: recomputed, not edited, so not audited)."""

    kind = models.CharField(max_length=20, choices=StaffDueKind.choices)
    responsible = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="staff_due_items")
    subject = models.ForeignKey(USER, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    team = models.ForeignKey("accounts.Team", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    due_on = models.DateField()
    last_on = models.DateField(null=True, blank=True)
    basis = models.CharField(max_length=300)
    computed_on = models.DateField()

    class Meta:
        ordering = ["due_on", "kind", "pk"]
        indexes = [models.Index(fields=["responsible", "due_on"]), models.Index(fields=["due_on"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} due {self.due_on:%d %b %Y}"


# --- supervision -------------------------------------------------------------------------------------------------
class SupervisionSession(models.Model):
    """A supervision session: who supervised whom, when and how, private reflective notes, case discussions and
    actions."""

    supervisor = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="supervisions_given")
    supervisee = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="supervisions_received")
    held_on = models.DateField("Date of the supervision")
    mode = models.CharField(max_length=20, choices=CheckInMode.choices)
    reflective_notes = models.TextField("Reflective notes (private)", blank=True)
    recorded_at = models.DateTimeField()

    objects = AuditedManager()

    class Meta:
        ordering = ["-held_on", "-pk"]
        indexes = [models.Index(fields=["supervisee", "held_on"])]

    def __str__(self) -> str:
        return f"Supervision of {self.supervisee} on {self.held_on:%d %b %Y}"


class CaseDiscussion(models.Model):
    """A child's case discussed in supervision: the management oversight recorded on the child's record."""

    session = models.ForeignKey(SupervisionSession, on_delete=models.CASCADE, related_name="case_discussions")
    child = models.ForeignKey("people.Child", on_delete=models.PROTECT, related_name="management_oversight")
    oversight = models.TextField("Management oversight")

    objects = AuditedManager()

    class Meta:
        ordering = ["session", "pk"]
        constraints = [models.UniqueConstraint(fields=["session", "child"], name="one_discussion_per_child")]

    def __str__(self) -> str:
        return f"Case discussion in {self.session}"


class SupervisionAction(models.Model):
    session = models.ForeignKey(SupervisionSession, on_delete=models.CASCADE, related_name="actions")
    description = models.CharField(max_length=300)
    owner = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    due_on = models.DateField()
    done_on = models.DateField(null=True, blank=True)

    objects = AuditedManager()

    class Meta:
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return self.description


# --- cover -------------------------------------------------------------------------------------------------------
class CoverArrangement(models.Model):
    """A temporary cover allocation: the child is allocated to the cover worker until ``ends_on``, then back to the
    worker they were allocated to. Both allocations are made by the allocation service."""

    child = models.ForeignKey("people.Child", on_delete=models.PROTECT, related_name="cover_arrangements")
    original_allocation = models.ForeignKey("casework.Allocation", on_delete=models.PROTECT, related_name="+")
    cover_allocation = models.ForeignKey("casework.Allocation", on_delete=models.PROTECT, related_name="+")
    ends_on = models.DateField("Cover ends on")
    arranged_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    arranged_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)

    objects = AuditedManager()

    class Meta:
        ordering = ["ends_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["child"], condition=models.Q(ended_at__isnull=True), name="one_open_cover")
        ]

    def __str__(self) -> str:
        return f"Cover until {self.ends_on:%d %b %Y}"


# --- offices and rotas -------------------------------------------------------------------------------------------
class Office(models.Model):
    name = models.CharField(max_length=100, unique=True)
    address = models.CharField(max_length=300, blank=True)
    ppe_lead = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    objects = AuditedManager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class DeskCapacity(models.Model):
    """An office's COVID-secure desk capacity from a date, with the risk assessment that set it."""

    office = models.ForeignKey(Office, on_delete=models.CASCADE, related_name="capacities")
    effective_from = models.DateField()
    desks = models.PositiveSmallIntegerField(validators=[MaxValueValidator(2000)])
    risk_assessment = models.TextField("Why it changed (risk assessment)")
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")

    objects = AuditedManager()

    class Meta:
        ordering = ["office", "effective_from"]
        constraints = [models.UniqueConstraint(fields=["office", "effective_from"], name="one_capacity_per_day")]

    def __str__(self) -> str:
        return f"{self.desks} desks from {self.effective_from:%d %b %Y}"


class Weekday(models.IntegerChoices):
    MONDAY = 0, "Monday"
    TUESDAY = 1, "Tuesday"
    WEDNESDAY = 2, "Wednesday"
    THURSDAY = 3, "Thursday"
    FRIDAY = 4, "Friday"


class RotaDay(models.Model):
    """A team's day in an office, from a date (seed 003: office time "on a rota basis")."""

    office = models.ForeignKey(Office, on_delete=models.CASCADE, related_name="rota_days")
    team = models.ForeignKey("accounts.Team", on_delete=models.CASCADE, related_name="rota_days")
    weekday = models.PositiveSmallIntegerField(choices=Weekday.choices)
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)

    objects = AuditedManager()

    class Meta:
        ordering = ["office", "weekday", "team"]

    def __str__(self) -> str:
        return f"{self.team} on {self.get_weekday_display()}s"


class IndividualNeed(models.Model):
    """A person's individual need for office time (no quiet space at home, a reasonable adjustment...), recorded
    privately: only the person, their line manager and HR see what it says. While it applies the person is given
    a desk first when an office day is near its capacity (``WorkforceSettings.desks_held_for_needs_percent``)."""

    person = models.OneToOneField(USER, on_delete=models.CASCADE, related_name="individual_need")
    description = models.TextField("Individual need (private)")
    ends_on = models.DateField("Applies until", null=True, blank=True)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    objects = AuditedManager()

    class Meta:
        ordering = ["person"]

    def __str__(self) -> str:
        return f"Individual need of {self.person}"

    def applies_on(self, day: date) -> bool:
        return self.ends_on is None or day <= self.ends_on


class OfficeBooking(models.Model):
    """A desk in an office on a day. ``desk`` runs from 1 to the day's capacity and is unique per office and day,
    so two people taking the last desk at once cannot both have it (the database refuses the second)."""

    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="bookings")
    person = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="office_bookings")
    booked_on = models.DateField("Date")
    desk = models.PositiveSmallIntegerField()
    # Booked with an individual need recorded for the day (the need itself is on ``IndividualNeed``, never here).
    has_priority = models.BooleanField(default=False)
    created_at = models.DateTimeField()

    objects = AuditedManager()

    class Meta:
        ordering = ["booked_on", "office", "desk"]
        constraints = [
            models.UniqueConstraint(fields=["office", "booked_on", "desk"], name="one_person_per_desk"),
            models.UniqueConstraint(fields=["person", "booked_on"], name="one_booking_per_person_per_day"),
            models.CheckConstraint(condition=models.Q(desk__gte=1), name="desk_numbered_from_one"),
        ]

    def __str__(self) -> str:
        return f"{self.office} on {self.booked_on:%d %b %Y}"


class DutyKind(models.TextChoices):
    DUTY_TEAM = "duty_team", "Duty team"
    FRONT_DOOR = "front_door", "Front door skeleton staffing"
    LADO = "lado", "LADO on rotation"
    OUT_OF_HOURS = "out_of_hours", "Out-of-hours shift"


class DutyShift(models.Model):
    """Who is on duty, for what, on a day (an out-of-hours shift starts at ``starts_at``)."""

    kind = models.CharField(max_length=20, choices=DutyKind.choices)
    on = models.DateField("Date")
    person = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="duty_shifts")
    team = models.ForeignKey("accounts.Team", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    office = models.ForeignKey(Office, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    starts_at = models.TimeField(null=True, blank=True)

    objects = AuditedManager()

    class Meta:
        ordering = ["on", "kind", "starts_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["kind", "on", "person"], name="one_shift_per_kind_a_day")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.on:%d %b %Y}"


# --- PPE ---------------------------------------------------------------------------------------------------------
class PpeItem(models.TextChoices):
    SANITISER = "sanitiser", "Hand sanitiser (bottles)"
    GLOVES = "gloves", "Gloves (pairs)"
    MASK_IIR = "mask_iir", "Type IIR masks"
    MASK_FFP2 = "mask_ffp2", "FFP2 masks"
    MASK_FFP3 = "mask_ffp3", "FFP3 masks"
    APRON = "apron", "Aprons"
    VISOR = "visor", "Visors"


# What one visit's "PPE used" (visits.PPE) draws from the worker's issued stock.
VISIT_PPE_ITEMS = {
    "gloves": PpeItem.GLOVES,
    "mask": PpeItem.MASK_IIR,
    "apron": PpeItem.APRON,
    "eye_protection": PpeItem.VISOR,
    "sanitiser": PpeItem.SANITISER,
}


class PpeStock(models.Model):
    """An item held at an office, with its reorder level. The level itself is the sum of the ledger, never stored;
    this row is what a change to the ledger locks, so that concurrent issues cannot take the stock below zero."""

    office = models.ForeignKey(Office, on_delete=models.CASCADE, related_name="ppe_stock")
    item = models.CharField(max_length=20, choices=PpeItem.choices)
    reorder_level = models.PositiveIntegerField(default=0)
    alerted_at = models.DateTimeField(null=True, blank=True)

    objects = AuditedManager()

    class Meta:
        ordering = ["office", "item"]
        constraints = [models.UniqueConstraint(fields=["office", "item"], name="one_stock_row_per_item")]

    def __str__(self) -> str:
        return f"{self.get_item_display()} at {self.office}"


class LedgerKind(models.TextChoices):
    DELIVERY = "delivery", "Delivery"
    ISSUE = "issue", "Issued to a worker"
    RETURN = "return", "Returned by a worker"
    WRITE_OFF = "write_off", "Written off"
    USE = "use", "Used on a visit"


class PpeLedgerEntry(models.Model):
    """One movement of PPE. The office's stock is deliveries - issues + returns - write-offs; a worker's stock is
    issues - returns - uses. Rows are added, never edited."""

    stock = models.ForeignKey(PpeStock, on_delete=models.PROTECT, related_name="entries")
    kind = models.CharField(max_length=20, choices=LedgerKind.choices)
    quantity = models.PositiveIntegerField(validators=[MinValueValidator(1)])
    worker = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    visit = models.ForeignKey("visits.Visit", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    on = models.DateField("Date")
    note = models.CharField(max_length=200, blank=True)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    objects = AuditedManager()

    class Meta:
        ordering = ["-on", "-pk"]
        verbose_name_plural = "PPE ledger entries"
        indexes = [models.Index(fields=["stock", "on"]), models.Index(fields=["worker", "stock"])]
        constraints = [
            models.CheckConstraint(condition=models.Q(quantity__gte=1), name="ppe_quantity_positive"),
            models.CheckConstraint(
                condition=models.Q(kind__in=["delivery", "write_off"]) | models.Q(worker__isnull=False),
                name="ppe_worker_movement_names_worker",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.quantity}"


# --- staff survey ------------------------------------------------------------------------------------------------
class StaffSurvey(models.Model):
    """A short survey a head of service sends to staff. Responses are anonymous by design."""

    title = models.CharField(max_length=200)
    introduction = models.TextField(blank=True)
    service = models.ForeignKey("accounts.Service", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    opens_on = models.DateField()
    closes_on = models.DateField()
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")

    objects = AuditedManager()

    class Meta:
        ordering = ["-opens_on", "-pk"]

    def __str__(self) -> str:
        return self.title


class SurveyQuestion(models.Model):
    class Kind(models.TextChoices):
        SCALE = "scale", "Agree or disagree (1 to 5)"
        TEXT = "text", "Free text"

    survey = models.ForeignKey(StaffSurvey, on_delete=models.CASCADE, related_name="questions")
    text = models.CharField(max_length=300)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.SCALE)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["survey", "order", "pk"]

    def __str__(self) -> str:
        return self.text


class SurveyResponse(models.Model):
    """One anonymous response: no author, no time finer than the day, and only the group (team) the respondent
    chose to give, so results can be shown for groups of at least the minimum size. Not audited: an audit entry
    would record who wrote it."""

    # A random key: a sequential one would line responses up with the order of ``SurveyParticipation`` rows.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    survey = models.ForeignKey(StaffSurvey, on_delete=models.CASCADE, related_name="responses")
    group = models.ForeignKey("accounts.Team", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    submitted_on = models.DateField()

    class Meta:
        ordering = ["survey", "id"]

    def __str__(self) -> str:
        return f"Response to {self.survey}"


class SurveyAnswer(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    response = models.ForeignKey(SurveyResponse, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(SurveyQuestion, on_delete=models.CASCADE, related_name="answers")
    score = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    text = models.TextField(blank=True)

    class Meta:
        ordering = ["question", "id"]

    def __str__(self) -> str:
        return f"Answer to {self.question}"


class SurveyParticipation(models.Model):
    """Who has answered a survey (one response per person), holding nothing of the answers and no link to them."""

    survey = models.ForeignKey(StaffSurvey, on_delete=models.CASCADE, related_name="participations")
    person = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="+")

    class Meta:
        ordering = ["survey", "person"]
        constraints = [models.UniqueConstraint(fields=["survey", "person"], name="one_response_per_person")]

    def __str__(self) -> str:
        return f"{self.person} answered {self.survey}"
