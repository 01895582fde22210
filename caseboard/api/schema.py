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
