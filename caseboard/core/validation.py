"""One set of rules for what any record may hold, whichever door it comes through (pages, the API, imports).

Checked just before every save of a Caseboard model (``check_before_save``, connected in ``CoreConfig.ready``), so
a form and an API call with the same bad input get the same refusal, field by field, and nothing is written:
- dates and times between 1 January 1900 and 31 December 2100 (a birth date in year 1, an episode from 455 AD or a
  meeting postponed to 9999 are typing mistakes, not history);
- no control characters in text (tabs and line breaks only where text runs over lines), no NUL;
- no line breaks, and no characters that override the direction of text, in names (they can make a name display
  as something else, the "Trojan source" trick);
- free text at most ``limits.MAX_TEXT`` characters.

Services raise the ``ValidationError``; views show it in the error summary, the API answers 400 with field errors.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models

from .limits import MAX_TEXT

EARLIEST = date(1900, 1, 1)
LATEST = date(2100, 12, 31)
# C0 and C1 control characters and DEL, but not tab, line feed or carriage return (free text has lines).
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
LINE_BREAKS = re.compile("[\t\n\r]")
# Embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069).
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


def _label(field: models.Field) -> str:
    name = str(field.verbose_name)
    return name[:1].upper() + name[1:]


def date_problem(value: date | datetime, label: str) -> str | None:
    day = value.date() if isinstance(value, datetime) else value
    if not EARLIEST <= day <= LATEST:
        return f"{label} must be between 1 January 1900 and 31 December 2100"
    return None


def text_problem(value: str, label: str, *, multiline: bool) -> str | None:
    if "\x00" in value or CONTROL.search(value) or (not multiline and LINE_BREAKS.search(value)):
        return f"{label} must not contain control characters"
    if not multiline and BIDI_CONTROLS.search(value):
        return f"{label} must not contain characters that change the direction of text"
    if len(value) > MAX_TEXT:
        return f"{label} must be {MAX_TEXT:,} characters or fewer"
    return None


def is_name(field: models.Field) -> bool:
    """A person's or a thing's name: one line, read as it is written."""
    return isinstance(field, models.CharField) and (field.name == "name" or field.name.endswith("_name"))


def problems(instance: models.Model) -> dict[str, str]:
    """What is wrong with a record by the shared rules, by field name (empty when nothing is)."""
    found: dict[str, str] = {}
    for field in instance._meta.concrete_fields:
        value = getattr(instance, field.attname, None)
        if value is None or field.auto_created:
            continue
        problem = None
        if isinstance(field, models.DateField | models.DateTimeField) and isinstance(value, date):
            problem = date_problem(value, _label(field))
        elif isinstance(field, models.CharField | models.TextField) and isinstance(value, str):
            problem = text_problem(value, _label(field), multiline=not is_name(field))
        if problem:
            found[field.name] = problem
    return found


def check_before_save(sender: type[models.Model], instance: models.Model, raw: bool = False, **kwargs: Any) -> None:
    """``pre_save`` receiver: refuse to save a Caseboard record that breaks the shared rules."""
    if raw or not sender.__module__.startswith("caseboard."):
        return
    found = problems(instance)
    if found:
        raise ValidationError(found)
