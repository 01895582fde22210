"""OpenAPI schema hooks."""

from __future__ import annotations

from typing import Any

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import is_list_serializer

from caseboard.core.limits import MAX_LIST_ANYWHERE, MAX_TEXT


class CaseboardAutoSchema(AutoSchema):
    """drf-spectacular's schema, showing the length limits of nested lists (``many=True``) as it does for
    ``ListField``."""

    def _map_serializer_field(self, field: Any, direction: str, bypass_extensions: bool = False) -> Any:
        schema = super()._map_serializer_field(field, direction, bypass_extensions)
        if is_list_serializer(field) and isinstance(schema, dict) and schema.get("type") == "array":
            if getattr(field, "max_length", None) is not None:
                schema["maxItems"] = field.max_length
            if getattr(field, "min_length", None) is not None:
                schema["minItems"] = field.min_length
        return schema


def document_limits(result: dict[str, Any], generator: Any, request: Any, public: bool) -> dict[str, Any]:
    """Show the limits every request body is held to (``caseboard.api.parsers``) on each writable string and list
    that has no tighter limit of its own: ``maxLength`` for text, ``maxItems`` for lists."""
    for schema in result.get("components", {}).get("schemas", {}).values():
        _bound(schema)
    return result


def _bound(schema: Any) -> None:
    if not isinstance(schema, dict) or schema.get("readOnly"):
        return
    kind = schema.get("type")
    if kind == "string" and "enum" not in schema and "format" not in schema:
        schema.setdefault("maxLength", MAX_TEXT)
    elif kind == "array":
        schema.setdefault("maxItems", MAX_LIST_ANYWHERE)
        _bound(schema.get("items"))
    for key in ("properties",):
        for child in (schema.get(key) or {}).values():
            _bound(child)
    for key in ("allOf", "oneOf", "anyOf"):
        for child in schema.get(key) or []:
            _bound(child)
    if isinstance(schema.get("additionalProperties"), dict):
        _bound(schema["additionalProperties"])


# The answers every operation may give besides its own, as ``caseboard.api.exceptions``, DRF's authentication,
# permissions, throttling and pagination, the body limits (``caseboard.api.parsers``) and retries
# (``caseboard.core.idempotency``) give them.
_DETAIL = {
    "type": "object",
    "properties": {"detail": {"type": "string", "readOnly": True}},
    "required": ["detail"],
    "description": "What went wrong, in words.",
}
_FIELD_ERRORS = {
    "type": "object",
    "description": "Field errors: each field sent (or `non_field_errors`) with what is wrong with it.",
    "additionalProperties": {},
}
_WRITES = {"post", "put", "patch", "delete"}


def _answer(description: str, component: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{component}"}}},
    }


def document_errors(result: dict[str, Any], generator: Any, request: Any, public: bool) -> dict[str, Any]:
    """Document on each operation the error answers it may give, so the schema and the answers agree."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas.setdefault("ErrorDetail", _DETAIL)
    schemas.setdefault("FieldErrors", _FIELD_ERRORS)
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            if method not in _WRITES | {"get", "head", "options"} or not isinstance(operation, dict):
                continue
            parameters = operation.get("parameters", [])
            answers = operation.setdefault("responses", {})
            extra = {
                "401": _answer("Not signed in, or the token is unknown, expired or revoked.", "ErrorDetail"),
                "403": _answer("Signed in, but this user may not do this.", "ErrorDetail"),
            }
            if parameters or "requestBody" in operation:
                extra["400"] = _answer("The request is not valid: the fields with problems and why.", "FieldErrors")
            if "{" in path or any(p.get("name") == "page" for p in parameters):
                extra["404"] = _answer("No such record the user may see, or no such page of the list.", "ErrorDetail")
            if "requestBody" in operation:
                extra["413"] = _answer("The request body is larger than the limit.", "ErrorDetail")
            if method in _WRITES:
                extra["429"] = _answer("Too many writes: try again after the time in Retry-After.", "ErrorDetail")
            if any(p.get("in") == "header" and p.get("name") == "Idempotency-Key" for p in parameters):
                extra["409"] = _answer("A request with this Idempotency-Key is still being processed.", "ErrorDetail")
                extra["422"] = _answer("This Idempotency-Key was used for a different request.", "ErrorDetail")
            for code, answer in extra.items():
                answers.setdefault(code, answer)
    return result
