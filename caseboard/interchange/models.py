"""Generated DfE returns (kept with their hash, validation and who downloaded them), imports from another system,
and the one piece of record data only the SSDA903 return asks for: how a child took part in their review."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from caseboard.casework.codes import ReviewParticipation
from caseboard.core.audit import AuditedManager
from caseboard.meetings.models import Meeting
from caseboard.people.models import Child


class ReturnKind(models.TextChoices):
    CIN_CENSUS = "cin", "Children in need census"
    SSDA903 = "903", "SSDA903 children looked after return"
    ANNEX_A = "annex_a", "Ofsted Annex A"


class ReturnFormat(models.TextChoices):
    XML = "xml", "XML"
    CSV = "csv", "CSV files (zip)"
    XLSX = "xlsx", "Excel workbook"


class GeneratedReturn(models.Model):
    """A return built from the record for a collection year, kept exactly as built (its files and their hash),
    with what the DfE validator found."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        BUILDING = "building", "Being built"
        VALIDATING = "validating", "Being checked by the DfE validator"
        READY = "ready", "Ready"
        FAILED = "failed", "Could not be built"

    kind = models.CharField(max_length=10, choices=ReturnKind.choices)
    collection_year = models.CharField(max_length=7)
    as_at = models.DateField(null=True, blank=True, help_text="For Annex A: the date the lists are drawn up on")
    format = models.CharField(max_length=4, choices=ReturnFormat.choices)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0, help_text="Per cent done")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField()
    generated_at = models.DateTimeField(null=True, blank=True)
    children = models.PositiveIntegerField(default=0)
    files = models.JSONField(default=dict, blank=True, help_text="File name to base64 content")
    content_hash = models.CharField(max_length=64, blank=True)
    validation = models.JSONField(default=dict, blank=True)
    error_count = models.PositiveIntegerField(null=True, blank=True)
    query_count = models.PositiveIntegerField(null=True, blank=True)
    failure = models.TextField(blank=True)

    objects = AuditedManager()

    class Meta:
        ordering = ["-requested_at", "-pk"]
        indexes = [models.Index(fields=["kind", "collection_year", "-requested_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.collection_year}"


class ReturnDownload(models.Model):
    """Someone downloaded a generated return (the files hold personal data: every download is kept)."""

    generated_return = models.ForeignKey(GeneratedReturn, on_delete=models.PROTECT, related_name="downloads")
    downloaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    downloaded_at = models.DateTimeField()

    objects = AuditedManager()

    class Meta:
        ordering = ["-downloaded_at", "-pk"]

    def __str__(self) -> str:
        return f"Downloaded {self.downloaded_at:%d %b %Y %H:%M}"


class ImportRun(models.Model):
    """A file from another system read into Caseboard: a dry run lists its problems; a real run writes it all or
    nothing."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        CHECKED = "checked", "Checked (dry run)"
        IMPORTED = "imported", "Imported"
        REFUSED = "refused", "Refused: nothing was written"

    kind = models.CharField(max_length=10, choices=ReturnKind.choices)
    collection_year = models.CharField(max_length=7)
    file_names = models.JSONField(default=list)
    files = models.JSONField(default=dict, help_text="File name to base64 content, kept until the run ends")
    is_dry_run = models.BooleanField(default=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    problems = models.JSONField(default=list, blank=True)
    warnings = models.JSONField(default=list, blank=True, help_text="Queries: written, but worth checking")
    unmapped = models.JSONField(default=list, blank=True)
    summary = models.JSONField(default=dict, blank=True)

    objects = AuditedManager()

    class Meta:
        ordering = ["-requested_at", "-pk"]

    def __str__(self) -> str:
        return f"Import of {self.get_kind_display()} {self.collection_year}"


class LookedAfterReviewParticipation(models.Model):
    """How a looked-after child took part in a review (SSDA903 REVIEW_CODE, PN0 to PN7)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="participations")
    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="review_participations")
    code = models.CharField("How the child took part", max_length=3, choices=ReviewParticipation.choices)

    objects = AuditedManager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["meeting", "child"], name="one_participation_per_review")]

    def __str__(self) -> str:
        return self.get_code_display()
