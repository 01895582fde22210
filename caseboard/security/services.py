"""Writes for API tokens: issue and revoke, each audited."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from caseboard.accounts.models import User

from .models import ApiToken


@transaction.atomic
def api_token_issue(*, user: User, name: str, days: int, issued_by: User) -> tuple[ApiToken, str]:
    """Issue a named token for ``user`` that expires after ``days`` (at most ``API_TOKEN_MAX_DAYS``). Returns the
    token and its secret: the secret is not stored and cannot be shown again."""
    errors: dict[str, str] = {}
    name = name.strip()
    if not name:
        errors["name"] = "Enter a name for the token"
    elif len(name) > 100:
        errors["name"] = "The name must be 100 characters or fewer"
    if not 1 <= days <= settings.API_TOKEN_MAX_DAYS:
        errors["days"] = f"The number of days must be between 1 and {settings.API_TOKEN_MAX_DAYS}"
    if not user.is_active:
        errors["user"] = "Select an account that is active"
    if errors:
        raise ValidationError(errors)
    return ApiToken.objects.create(user=user, expiry=timedelta(days=days), name=name, issued_by=issued_by)


@transaction.atomic
def api_token_revoke(*, token: ApiToken, revoked_by: User) -> None:
    """Revoke a token at once: the next call with it is refused. The audit keeps who revoked which token."""
    token.delete()
