"""Reads of API tokens, starting from who is asking."""

from __future__ import annotations

from django.db.models import QuerySet

from caseboard.accounts.models import User

from .models import ApiToken


def api_tokens_visible_to(user: User) -> QuerySet[ApiToken]:
    """The tokens a user may see and revoke: their own; an administrator sees every token."""
    tokens = ApiToken.objects.select_related("user", "issued_by").order_by("user__username", "name", "pk")
    if user.is_authenticated and user.is_administrator:
        return tokens
    return tokens.filter(user=user)
