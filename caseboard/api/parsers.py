"""Request parsers that refuse oversized bodies before any serializer (and any per-item query) runs."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from rest_framework import parsers, status
from rest_framework.exceptions import APIException, ValidationError

from caseboard.core.limits import InputTooLarge, check_body


class RequestTooLarge(APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = "The request is too large."
    default_code = "request_too_large"


def _limit(parser_context: dict[str, Any] | None) -> int:
    """Refuse a body that announces more than ``DATA_UPLOAD_MAX_MEMORY_SIZE`` bytes before reading it (DRF reads
    JSON and form bodies through Django's ``request.body``, which also stops at that size)."""
    request = (parser_context or {}).get("request")
    length = request.META.get("CONTENT_LENGTH") if request is not None else None
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    if length and str(length).isdigit() and int(length) > limit:
        raise RequestTooLarge()
    return limit


def _checked(data: Any) -> Any:
    try:
        check_body(data)
    except InputTooLarge as error:
        raise ValidationError({error.field: [error.message]}) from None
    return data


class LimitedJSONParser(parsers.JSONParser):
    """JSON bodies up to ``DATA_UPLOAD_MAX_MEMORY_SIZE`` bytes, with every list, text and nesting level bounded
    (``caseboard.core.limits.check_body``)."""

    def parse(self, stream: Any, media_type: str | None = None, parser_context: dict[str, Any] | None = None) -> Any:
        _limit(parser_context)
        return _checked(super().parse(stream, media_type, parser_context))


class LimitedFormParser(parsers.FormParser):
    def parse(self, stream: Any, media_type: str | None = None, parser_context: dict[str, Any] | None = None) -> Any:
        _limit(parser_context)
        data = super().parse(stream, media_type, parser_context)
        return _checked_querydict(data)


class LimitedMultiPartParser(parsers.MultiPartParser):
    """Multipart bodies: Django's own limits (``DATA_UPLOAD_MAX_*``) apply, then the same checks."""

    def parse(self, stream: Any, media_type: str | None = None, parser_context: dict[str, Any] | None = None) -> Any:
        _limit(parser_context)
        result = super().parse(stream, media_type, parser_context)
        _checked_querydict(result.data)
        return result


def _checked_querydict(data: Any) -> Any:
    _checked({key: data.getlist(key) for key in data})
    return data
