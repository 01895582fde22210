"""Rate limits on API writes, per user (token or session), counted in the shared database cache."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from rest_framework.throttling import UserRateThrottle

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


class WriteRateThrottle(UserRateThrottle):
    """At most ``WRITE_RATE_LIMIT`` writes (POST, PUT, PATCH, DELETE) per user; reads are not counted. Answers 429
    with ``Retry-After``."""

    scope = "write"

    def get_rate(self) -> str:
        # Read when asked, not at import, so the setting can be changed per deployment (and in tests).
        return settings.WRITE_RATE_LIMIT

    def allow_request(self, request: Any, view: Any) -> bool:
        if request.method in SAFE_METHODS:
            return True
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)
