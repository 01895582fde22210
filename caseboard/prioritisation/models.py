"""RAG prioritisation (DOMAIN.md section 7): the council's factor list and every rating given to a child, with the
factors, the suggestion, the worker's reasons and the manager's confirmation. A rating is a row that is added, never
edited, except that a manager's confirmation is written onto it once."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from caseboard.core.audit import AuditedManager
from caseboard.people.models import Child

from .scoring import Factor, Rag


class RatingColour(models.TextChoices):
    RED = Rag.RED.value, "Red"
    AMBER = Rag.AMBER.value, "Amber"
    GREEN = Rag.GREEN.value, "Green"


class FactorList(models.TextChoices):
    CHILD = "child", "Children"
    CARE_LEAVER = "care_leaver", "Care leavers"


class PushesTowards(models.TextChoices):
    RED = Rag.RED.value, "Red"
    AMBER = Rag.AMBER.value, "Amber"


class RagFactor(models.Model):
    """One factor on the council's list, e.g. "No other professional sees the child" (pushes towards amber). The
    default list is installed by a migration and each council changes it; household infection status is kept out
    (it decides the visit's mode in the pre-visit check, not the rating)."""

    code = models.SlugField(max_length=50, unique=True)
    label = models.CharField(max_length=200)
    applies_to = models.CharField(max_length=20, choices=FactorList.choices, default=FactorList.CHILD)
    pushes_towards = models.CharField(max_length=10, choices=PushesTowards.choices)
    is_active = models.BooleanField(default=True)
    order = models.PositiveSmallIntegerField(default=0)

    objects = AuditedManager()

    class Meta:
        ordering = ["applies_to", "order", "pk"]

    def __str__(self) -> str:
        return self.label

    def as_factor(self) -> Factor:
        return Factor(code=self.code, label=self.label, pushes_towards=Rag(self.pushes_towards))


class RagRating(models.Model):
    """A child's rating as given by a worker (or changed by a manager), with the factors that applied, the rating
    the rules suggested, and the reasons when the worker's rating differs from it."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="rag_ratings")
    rating = models.CharField(max_length=10, choices=RatingColour.choices)
    suggested_rating = models.CharField(max_length=10, choices=RatingColour.choices)
    factors = models.ManyToManyField(RagFactor, related_name="ratings", blank=True)
    rationale = models.TextField(blank=True)
    is_care_leaver_rating = models.BooleanField(default=False)
    rated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    rated_at = models.DateTimeField()
    rated_on = models.DateField()
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)
    review_after_days = models.PositiveSmallIntegerField()
    next_review_on = models.DateField()
    operating_model_version = models.ForeignKey(
        "policy.OperatingModelVersion", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = AuditedManager()

    class Meta:
        ordering = ["-rated_at", "-pk"]
        indexes = [models.Index(fields=["child", "-rated_at", "-id"], name="rag_rating_child_latest")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(rating=models.F("suggested_rating")) | ~models.Q(rationale=""),
                name="rag_rating_override_has_rationale",
            ),
            models.CheckConstraint(
                condition=models.Q(confirmed_by__isnull=True, confirmed_at__isnull=True)
                | models.Q(confirmed_by__isnull=False, confirmed_at__isnull=False),
                name="rag_rating_confirmed_by_and_at",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_rating_display()} on {self.rated_on:%d %b %Y}"

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_by_id is not None

    @property
    def differs_from_suggestion(self) -> bool:
        return self.rating != self.suggested_rating


class RatingCampaign(models.Model):
    """ "Rate every open child" in a service or a team by a deadline. The children in scope are
    those with an open allocation in the team (or a team of the service) and an open episode; each owes a rating
    given on or after ``started_on`` until the deadline, as a due item for their worker."""

    name = models.CharField(max_length=200)
    service = models.ForeignKey(
        "accounts.Service", null=True, blank=True, on_delete=models.PROTECT, related_name="rating_campaigns"
    )
    team = models.ForeignKey(
        "accounts.Team", null=True, blank=True, on_delete=models.PROTECT, related_name="rating_campaigns"
    )
    deadline = models.DateField()
    started_on = models.DateField()
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = AuditedManager()

    class Meta:
        ordering = ["-started_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(service__isnull=False, team__isnull=True)
                | models.Q(service__isnull=True, team__isnull=False),
                name="rating_campaign_service_xor_team",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def scope_label(self) -> str:
        return self.team.name if self.team_id else self.service.name


# --- visits by rating: a section of every operating-model version ----------------------------------------------

# The kinds of involvement whose visits may follow the rating, with their words. For looked-after and privately
# fostered children the regulations' schedule stays a floor: a rating's frequency applies only where it is sooner
# (``clock.ratings.STATUTORY_SCHEDULES``).
RATED_KINDS = (
    ("cin", "Children in need"),
    ("cp", "Child protection"),
    ("early_help", "Open Early Help"),
    ("care_leaver", "Care leavers"),
    ("lac", "Looked-after children"),
    ("private_fostering", "Privately fostered children"),
)
KINDS_WITH_FREQUENCY = tuple(kind for kind, _words in RATED_KINDS)
# Where the kind's own schedule is statutory, what a frequency of 0 leaves in place.
STATUTORY_SCHEDULE_WORDS = {"lac": "reg 28's schedule", "private_fostering": "the PF Regs' schedule"}


class FrequencyUnit(models.TextChoices):
    WORKING_DAYS = "working_days", "working days"
    CALENDAR_DAYS = "calendar_days", "calendar days"
    WEEKS = "weeks", "weeks"


class RatedCounting(models.TextChoices):
    AS_VERSION = "", "As the operating model's visit counting"
    IN_PERSON_ONLY = "in_person_only", "In-person visits only"
    VIRTUAL_WITH_DECISION = "virtual_with_decision", "Virtual visits count while an approved key decision covers them"
    VIRTUAL = "virtual", "Virtual visits count when the child is seen"


class NotRatedAs(models.TextChoices):
    RED = Rag.RED.value, "As red"
    AMBER = Rag.AMBER.value, "As amber"
    GREEN = Rag.GREEN.value, "As green"
    OWN = "", "By each kind's own rules"


class RatingVisitSettings(models.Model):
    """Visits by RAG rating under one operating-model version: for each kind of involvement and each rating, a visit
    frequency that replaces the kind's own (0: the kind's own) and which visits count (blank: the version's own).
    The statutory baseline sets none; the COVID-19 preset has red and amber children's visits count only in person
    and green children's virtual visits count with an approved key decision (seed 004)."""

    version = models.OneToOneField(
        "policy.OperatingModelVersion", on_delete=models.CASCADE, related_name="rating_visit_settings"
    )
    not_rated_as = models.CharField(
        "A child not yet rated is visited",
        max_length=10,
        choices=NotRatedAs.choices,
        default=NotRatedAs.RED,
        blank=True,
    )

    objects = AuditedManager()

    def __str__(self) -> str:
        return f"Visits by rating, {self.version}"


def _add_rating_fields() -> tuple[str, ...]:
    from django.core.validators import MaxValueValidator

    names = ["not_rated_as"]
    for kind, words in RATED_KINDS:
        for colour, colour_words in RatingColour.choices:
            prefix = f"{kind}_{colour}"
            if kind in KINDS_WITH_FREQUENCY:
                statutory = STATUTORY_SCHEDULE_WORDS.get(kind)
                every = (
                    f"visits at least every (0 for {statutory} alone; never less often than it)"
                    if statutory
                    else "visits every (0 for the usual frequency)"
                )
                models.PositiveSmallIntegerField(
                    f"{words} rated {colour_words.lower()}: {every}",
                    default=0,
                    validators=[MaxValueValidator(400)],
                ).contribute_to_class(RatingVisitSettings, f"{prefix}_every")
                models.CharField(
                    f"{words} rated {colour_words.lower()}: unit of the frequency",
                    max_length=20,
                    choices=FrequencyUnit.choices,
                    default=FrequencyUnit.WEEKS if statutory else FrequencyUnit.WORKING_DAYS,
                ).contribute_to_class(RatingVisitSettings, f"{prefix}_unit")
                names += [f"{prefix}_every", f"{prefix}_unit"]
            models.CharField(
                f"{words} rated {colour_words.lower()}: which visits count",
                max_length=30,
                choices=RatedCounting.choices,
                default=RatedCounting.AS_VERSION,
                blank=True,
            ).contribute_to_class(RatingVisitSettings, f"{prefix}_counting")
            names.append(f"{prefix}_counting")
    return tuple(names)


RATING_VISIT_FIELDS = _add_rating_fields()
RATING_VISIT_PRESETS = {
    "covid": {
        f"{kind}_{colour}_counting": (
            RatedCounting.VIRTUAL_WITH_DECISION if colour == Rag.GREEN.value else RatedCounting.IN_PERSON_ONLY
        )
        for kind, _words in RATED_KINDS
        for colour in RatingColour.values
    }
}
