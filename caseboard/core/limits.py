"""Limits on what one request may carry, so that one user or client cannot stop the service.

Serializers and forms bound their lists and free text with these numbers (so the OpenAPI schema shows them as
``maxItems`` and ``maxLength``); the API's parser and the request middleware refuse anything past the backstops
before a serializer, a form or a query sees it.
"""

from __future__ import annotations

from typing import Any

# Children named in one request: a household or a sibling group, with room to spare.
MAX_CHILDREN = 50
# Any other list in one request: PPE, factors, invitees, people taking part, ratings confirmed at once.
MAX_ITEMS = 200
# Characters in one free-text field (minutes, notes, reasons): about 8,000 words.
MAX_TEXT = 50_000
# Backstops for any request body, whatever its fields: a list, nesting depth.
MAX_LIST_ANYWHERE = 1_000
MAX_DEPTH = 10


class InputTooLarge(ValueError):
    """Raised with the top-level field name and a message when a request body is past a backstop limit."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def check_body(data: Any) -> None:
    """Refuse, in one pass and before any per-item work, a parsed request body with a list longer than
    ``MAX_LIST_ANYWHERE``, text longer than ``MAX_TEXT``, a NUL character or nesting deeper than ``MAX_DEPTH``."""
    if isinstance(data, dict):
        for key, value in data.items():
            _check(value, field=str(key), depth=1)
    else:
        _check(data, field="non_field_errors", depth=0)


def _check(value: Any, *, field: str, depth: int) -> None:
    if depth > MAX_DEPTH:
        raise InputTooLarge(field, f"Send data nested at most {MAX_DEPTH} levels deep")
    if isinstance(value, str):
        if len(value) > MAX_TEXT:
            raise InputTooLarge(field, f"Ensure this field has no more than {MAX_TEXT} characters.")
        if "\x00" in value:
            raise InputTooLarge(field, "Null characters are not allowed.")
    elif isinstance(value, list):
        if len(value) > MAX_LIST_ANYWHERE:
            raise InputTooLarge(field, f"Ensure this field has no more than {MAX_LIST_ANYWHERE} elements.")
        for item in value:
            _check(item, field=field, depth=depth + 1)
    elif isinstance(value, dict):
        if len(value) > MAX_LIST_ANYWHERE:
            raise InputTooLarge(field, f"Ensure this field has no more than {MAX_LIST_ANYWHERE} elements.")
        for key, item in value.items():
            _check(key, field=field, depth=depth + 1)
            _check(item, field=field, depth=depth + 1)
