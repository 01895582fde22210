from __future__ import annotations

from django.conf import settings
from django.db import models

from caseboard.core.audit import AuditedManager


class AttendanceCode(models.TextChoices):
    ATTENDING = "attending", "Attending"
    AUTHORISED = "absent_authorised", "Absent (authorised)"
    UNAUTHORISED = "absent_unauthorised", "Absent (unauthorised)"
    ISOLATING = "isolating", "Isolating"
    SETTING_CLOSED = "setting_closed", "Setting closed"
    NOT_EXPECTED = "not_expected", "Not expected"


# Codes for a child who was expected in education and was not there.
NOT_ATTENDING = frozenset(
    {AttendanceCode.AUTHORISED, AttendanceCode.UNAUTHORISED, AttendanceCode.ISOLATING, AttendanceCode.SETTING_CLOSED}
)


class AttendanceImport(models.Model):
    """One attendance file, imported whole or not at all."""

    week_starting = models.DateField()
    file_name = models.CharField(max_length=200)
    rows = models.PositiveIntegerField()
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    imported_at = models.DateTimeField(auto_now_add=True)

    objects = AuditedManager()

    class Meta:
        ordering = ["-imported_at", "-pk"]

    def __str__(self) -> str:
        return f"Attendance file for the week starting {self.week_starting:%d/%m/%Y}"


class Attendance(models.Model):
    """A child's attendance at their education setting on one day."""

    child = models.ForeignKey("people.Child", on_delete=models.CASCADE, related_name="attendance")
    day = models.DateField()
    code = models.CharField(max_length=24, choices=AttendanceCode.choices)
    source = models.ForeignKey(AttendanceImport, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["child_id", "day"]
        constraints = [models.UniqueConstraint(fields=["child", "day"], name="education_attendance_one_per_day")]
        indexes = [models.Index(fields=["day", "code"])]

    def __str__(self) -> str:
        return f"{self.get_code_display()} on {self.day:%d/%m/%Y}"

    @property
    def is_not_attending(self) -> bool:
        return self.code in NOT_ATTENDING
