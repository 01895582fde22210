"""API tokens a council can manage: named, expiring, revocable, and kept only as a hash (django-rest-knox)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from knox.models import AbstractAuthToken, AuthTokenManager
from knox.settings import CONSTANTS

from caseboard.core.audit import AuditedQuerySet


class ApiTokenManager(AuthTokenManager.from_queryset(AuditedQuerySet)):  # type: ignore[misc]
    """knox's manager (``create`` returns the token and its secret, once), with the audited queryset."""


class ApiToken(AbstractAuthToken):
    """A token that a service account (or a member of staff) uses for the API.

    Only the SHA-512 digest of the secret is stored; the secret is shown once, when the token is issued. Every
    token expires (``API_TOKEN_DAYS``, at most ``API_TOKEN_MAX_DAYS``), and its owner or an administrator can
    revoke it. Authentication is django-rest-knox's, pointed at this model by ``KNOX_TOKEN_MODEL``.
    """

    id = models.BigAutoField(primary_key=True)
    digest = models.CharField(max_length=CONSTANTS.DIGEST_LENGTH, unique=True)
    name = models.CharField(max_length=100, help_text="What the token is for, e.g. the system that uses it")
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ApiTokenManager()

    class Meta:
        ordering = ["user__username", "name", "pk"]
        verbose_name = "API token"

    def __str__(self) -> str:
        return f"{self.name} ({self.user})"
