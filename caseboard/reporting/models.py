"""Stored returns (the figures of a return as they stood when it was generated, never changed afterwards), who
downloaded them, and the council's thresholds for demand alerts."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from caseboard.core.audit import AuditedManager


class ReturnKind(models.TextChoices):
    WEEKLY_VISITS = "weekly_visits", "Weekly visits return"
    SURVEY = "survey", "Vulnerable children survey"


class DownloadFormat(models.TextChoices):
    CSV = "csv", "CSV"
    XLSX = "xlsx", "Excel (XLSX)"
    JSON = "json", "JSON"
    PDF = "pdf", "PDF"


class StoredReturn(models.Model):
    """A return as generated at one moment, over the whole council: its figures as JSON and a hash of them. A stored
    return is never edited; a re-run is compared with it cell by cell."""

    kind = models.CharField(max_length=20, choices=ReturnKind.choices)
    period_start = models.DateField()
    period_end = models.DateField()
    generated_at = models.DateTimeField()
    # Null when the schedule generated it (the Monday job), else who pressed "Generate now".
    generated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    figures = models.JSONField()
    content_hash = models.CharField(max_length=64)

    objects = AuditedManager()

    class Meta:
        ordering = ["-period_start", "-generated_at", "-pk"]
        indexes = [models.Index(fields=["kind", "period_start"])]
        constraints = [
            models.CheckConstraint(condition=models.Q(period_end__gte=models.F("period_start")), name="period_in_order")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.period_start:%d %b %Y} to {self.period_end:%d %b %Y}"

    @property
    def generated_by_label(self) -> str:
        return self.generated_by.get_full_name() or self.generated_by.username if self.generated_by else "Scheduled"


class ReturnDownload(models.Model):
    """One download of a stored return: who, when, in which format."""

    stored_return = models.ForeignKey(StoredReturn, on_delete=models.PROTECT, related_name="downloads")
    downloaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    downloaded_at = models.DateTimeField()
    format = models.CharField(max_length=10, choices=DownloadFormat.choices)

    class Meta:
        ordering = ["-downloaded_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.stored_return} downloaded as {self.format} at {self.downloaded_at:%d %b %Y %H:%M}"


class DemandAlertSetting(models.Model):
    """The council's thresholds for demand alerts (a single row): referrals this week compared with the same week
    in earlier years."""

    surge_above_pct = models.PositiveSmallIntegerField(
        "Alert when referrals are more than this percentage above the baseline", default=20
    )
    fall_below_pct = models.PositiveSmallIntegerField(
        "Alert when referrals are more than this percentage below the baseline", default=30
    )
    baseline_years = models.PositiveSmallIntegerField("Number of earlier years in the baseline", default=3)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(null=True, blank=True)

    objects = AuditedManager()

    class Meta:
        verbose_name = "demand alert setting"

    def __str__(self) -> str:
        return f"Demand alerts: surge above {self.surge_above_pct}%, fall below {self.fall_below_pct}%"

    @classmethod
    def current(cls) -> DemandAlertSetting:
        """The single row (the defaults, unsaved, until someone changes them)."""
        return cls.objects.order_by("pk").first() or cls()


class RetentionSettings(models.Model):
    """How long children's records are kept under one operating-model version, for the retention report (records due
    for review). The sources set no period: the defaults are the ones usually cited (CPPCR, believed reg 50: a looked-
    after child's case record until their 75th birthday) and a council's own choice for other records; each council
    sets its own from its retention schedule."""

    version = models.OneToOneField("policy.OperatingModelVersion", on_delete=models.CASCADE, related_name="+")
    looked_after_until_age = models.PositiveSmallIntegerField(
        "Keep the records of a child ever looked after until this birthday",
        default=75,
        validators=[MinValueValidator(18), MaxValueValidator(120)],
        help_text="Usually cited: the 75th birthday (CPPCR, believed reg 50)",
    )
    other_until_age = models.PositiveSmallIntegerField(
        "Keep other children's records until this birthday",
        default=25,
        validators=[MinValueValidator(18), MaxValueValidator(120)],
        help_text="The council's retention schedule",
    )
    after_death_years = models.PositiveSmallIntegerField(
        "Keep the records of a child ever looked after who died before 18 for this many years after their death",
        default=15,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text="Usually cited: 15 years from the date of death (CPPCR, believed reg 50)",
    )
    review_within_days = models.PositiveSmallIntegerField(
        "List records due for review within (days)",
        default=90,
        validators=[MinValueValidator(0), MaxValueValidator(3660)],
    )

    objects = AuditedManager()

    class Meta:
        verbose_name = "retention settings"
        verbose_name_plural = "retention settings"

    def __str__(self) -> str:
        return f"Retention settings of version {self.version_id}"


RETENTION_FIELDS = ("looked_after_until_age", "other_until_age", "after_death_years", "review_within_days")


DEFAULT_SURVEY_CONTACT_DAYS = 28  # "in contact with a social worker in the last 4 weeks" (the DfE survey, seed 004)


class SurveySettings(models.Model):
    """The vulnerable children survey's window under one operating-model version (a settings section of every
    version): children in contact with a social worker in the days up to and including the snapshot date."""

    version = models.OneToOneField("policy.OperatingModelVersion", on_delete=models.CASCADE, related_name="+")
    contact_days = models.PositiveSmallIntegerField(
        "The survey counts contact in the days up to the snapshot date (days)",
        default=DEFAULT_SURVEY_CONTACT_DAYS,
        validators=[MinValueValidator(7), MaxValueValidator(91)],
        help_text="28: the survey's 4 weeks",
    )

    objects = AuditedManager()

    class Meta:
        verbose_name = "survey settings"
        verbose_name_plural = "survey settings"

    def __str__(self) -> str:
        return f"Survey settings of version {self.version_id}"


SURVEY_FIELDS = ("contact_days",)
SURVEY_SECTION = "survey"
