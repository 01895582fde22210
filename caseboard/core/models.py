from django.conf import settings
from django.db import models


class Submission(models.Model):
    """A write made once under a key its sender chose: an API client's ``Idempotency-Key`` header or a page form's
    one-time token. A retry with the same key answers with what the first one did and writes nothing more
    (caseboard/core/idempotency.py). Kept for ``IDEMPOTENCY_KEY_HOURS``; not audited (the writes it guards are)."""

    class Via(models.TextChoices):
        API = "api", "API"
        PAGE = "page", "Page"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    via = models.CharField(max_length=4, choices=Via.choices)
    key = models.CharField(max_length=255)
    # What the first request was (method, address, body), as a SHA-256: the same key with another body is refused.
    fingerprint = models.CharField(max_length=64)
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    # The API's JSON answer, or the page's redirect address.
    response = models.TextField(blank=True, default="")
    location = models.CharField(max_length=2000, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "via", "key"], name="submission_key_once_per_user")]

    def __str__(self) -> str:
        return f"{self.get_via_display()} submission by user {self.user_id}"
