"""Writes that can be retried safely: a visit, a case note, a front-door contact or a key decision sent twice (a
dropped connection, a killed worker, a double click, the browser's "resubmit the form?") is recorded once.

- **API**: a client may send an ``Idempotency-Key`` header (any printable text up to 255 characters, e.g. a UUID)
  with a POST. The first request with a key is answered as usual and its answer kept; the same key with the same
  request (method, address and body) answers with that first answer (and ``Idempotent-Replayed: true``) and writes
  nothing more; the same key with a different request answers 422. Keys are per user.
- **Pages**: the form carries a one-time token (``{% submission_token %}`` next to ``{% csrf_token %}``); a form sent
  again with a token already used goes to what was recorded, saying so, and records nothing more.

A key is kept for ``IDEMPOTENCY_KEY_HOURS`` (24 by default), then may be used again. Only a successful answer is
kept (2xx from the API, a redirect from a page): a request refused for bad input can be corrected and sent again
with the same key. The key is claimed in the same transaction as the write, so a request cut off midway leaves
neither the write nor the key, and a concurrent retry waits for the first and then answers with its answer.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from collections.abc import Callable
from datetime import timedelta
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.http.request import RawPostDataException
from django.shortcuts import redirect
from django.utils import timezone

from .models import Submission

HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"
TOKEN_FIELD = "submission_token"
MAX_KEY_LENGTH = 255

KEY_INVALID = f"{HEADER} must be printable text of 1 to {MAX_KEY_LENGTH} characters"
KEY_REUSED = (
    f"This {HEADER} was used for a different request in the last {{hours:g}} hours: send a new key with a new "
    "request, or the same request with this key to have its first answer again"
)
KEY_IN_PROGRESS = f"A request with this {HEADER} is still being processed: try again shortly"
ALREADY_RECORDED = "This form had already been sent, so it was recorded once: this is what was recorded"
TOKEN_ELSEWHERE = "This form was sent from another page: go back, reload the page and send it again"


def _valid(key: str) -> bool:
    return 0 < len(key) <= MAX_KEY_LENGTH and key.isprintable()


def _fingerprint(*parts: bytes | str) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode() if isinstance(part, str) else part)
        digest.update(b"\0")
    return digest.hexdigest()


def _expired_before() -> Any:
    return timezone.now() - timedelta(hours=settings.IDEMPOTENCY_KEY_HOURS)


def purge_expired() -> int:
    """Remove every user's expired keys (the nightly ``purge_submissions``); returns how many went."""
    removed, _ = Submission.objects.filter(created_at__lt=_expired_before()).delete()
    return removed


def _claim(*, user: Any, via: str, key: str, fingerprint: str) -> Submission | None:
    """Claim ``key`` for this request inside the caller's transaction: ``None`` if it is ours, else the earlier
    submission with that key. Expired keys of the user are removed first (they may be used again)."""
    Submission.objects.filter(user=user, created_at__lt=_expired_before()).delete()
    try:
        with transaction.atomic():
            Submission.objects.create(user=user, via=via, key=key, fingerprint=fingerprint)
    except IntegrityError:
        # On PostgreSQL a concurrent first request holds the key until it commits; this reads what it kept.
        return Submission.objects.get(user=user, via=via, key=key)
    return None


def _keep(*, user: Any, via: str, key: str, **answer: Any) -> None:
    Submission.objects.filter(user=user, via=via, key=key).update(**answer)


def _release(*, user: Any, via: str, key: str) -> None:
    Submission.objects.filter(user=user, via=via, key=key).delete()


# --- the API ---------------------------------------------------------------------------------------------------
def _request_fingerprint(request: Any) -> str:
    try:
        body: bytes | str = request.body
    except RawPostDataException:  # already read as a stream: its parsed form stands for it
        body = json.dumps(request.data, sort_keys=True, default=str)
    return _fingerprint(request.method, request.get_full_path(), body)


def idempotent(create: Callable[..., Any]) -> Callable[..., Any]:
    """Make a viewset's ``create`` answer a retried request (same ``Idempotency-Key``) with its first answer."""
    from drf_spectacular.types import OpenApiTypes
    from drf_spectacular.utils import OpenApiParameter, extend_schema
    from rest_framework.response import Response
    from rest_framework.utils.encoders import JSONEncoder

    @wraps(create)
    def wrapper(view: Any, request: Any, *args: Any, **kwargs: Any) -> Any:
        key = request.headers.get(HEADER)
        if key is None:
            return create(view, request, *args, **kwargs)
        if not _valid(key):
            return Response({HEADER: [KEY_INVALID]}, status=400)
        user, via, fingerprint = request.user, Submission.Via.API, _request_fingerprint(request)
        with transaction.atomic():
            earlier = _claim(user=user, via=via, key=key, fingerprint=fingerprint)
            if earlier is not None:
                if earlier.fingerprint != fingerprint:
                    return Response({"detail": KEY_REUSED.format(hours=settings.IDEMPOTENCY_KEY_HOURS)}, status=422)
                if earlier.status_code is None:
                    return Response({"detail": KEY_IN_PROGRESS}, status=409)
                headers = {REPLAYED_HEADER: "true"} | ({"Location": earlier.location} if earlier.location else {})
                return Response(json.loads(earlier.response), status=earlier.status_code, headers=headers)
            response = create(view, request, *args, **kwargs)
            if 200 <= response.status_code < 300:
                _keep(
                    user=user,
                    via=via,
                    key=key,
                    status_code=response.status_code,
                    response=json.dumps(response.data, cls=JSONEncoder),
                    location=response.get("Location", ""),
                )
            else:
                _release(user=user, via=via, key=key)
            return response

    parameter = OpenApiParameter(
        HEADER,
        OpenApiTypes.STR,
        OpenApiParameter.HEADER,
        required=False,
        description="Any text up to 255 characters, new for each new record (e.g. a UUID). Sending the same request "
        f"again with the same key within {settings.IDEMPOTENCY_KEY_HOURS:g} hours answers with the first answer and "
        "records nothing more; the same key with a different request answers 422.",
    )
    return extend_schema(parameters=[parameter])(wrapper)


# --- pages -----------------------------------------------------------------------------------------------------
def submission_token_for(request: HttpRequest) -> str:
    """The form's one-time token: the one it was sent with when it is shown again (with errors), else a new one."""
    sent = request.POST.get(TOKEN_FIELD, "") if request.method == "POST" else ""
    return sent if _valid(sent) else secrets.token_urlsafe(32)


def submitted_once(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Make a page's form record once: a POST whose one-time token was already used redirects to what it
    recorded. A POST with no token (a page opened before this existed) is handled as before."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        token = request.POST.get(TOKEN_FIELD, "") if request.method == "POST" else ""
        if not _valid(token):
            return view(request, *args, **kwargs)
        user, via, fingerprint = request.user, Submission.Via.PAGE, _fingerprint(request.path)
        with transaction.atomic():
            earlier = _claim(user=user, via=via, key=token, fingerprint=fingerprint)
            if earlier is not None:
                if earlier.fingerprint != fingerprint or not earlier.location:
                    return HttpResponseBadRequest(TOKEN_ELSEWHERE)
                messages.info(request, ALREADY_RECORDED)
                return redirect(earlier.location)
            response = view(request, *args, **kwargs)
            if response.status_code in {301, 302, 303} and response.get("Location"):
                _keep(user=user, via=via, key=token, status_code=response.status_code, location=response["Location"])
            else:  # shown again with errors: nothing was recorded, and the same token may be sent again
                _release(user=user, via=via, key=token)
            return response

    return wrapper
