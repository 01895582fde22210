"""Recorded councils for the clock's regression tests: each generated council's facts, the operating-model timelines
and every due item the clock computed from them, as JSON (``manage.py record_clock_golden`` writes them).
Decoding needs nothing but the vocabulary."""

from __future__ import annotations

import dataclasses
import gzip
import json
from datetime import date
from enum import Enum
from pathlib import Path
from typing import Any

from caseboard.clock import vocabulary

HERE = Path(__file__).parent / "golden"
_CLASSES = {
    name: value
    for name, value in vars(vocabulary).items()
    if isinstance(value, type) and (dataclasses.is_dataclass(value) or issubclass(value, Enum))
}


def encode(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {
            "__t": type(value).__name__,
            **{f.name: encode(getattr(value, f.name)) for f in dataclasses.fields(value)},
        }
    if isinstance(value, Enum):
        return {"__e": type(value).__name__, "v": value.value}
    if isinstance(value, date):
        return {"__d": value.isoformat()}
    if isinstance(value, list | tuple):
        return [encode(item) for item in value]
    return value


def decode(value: Any) -> Any:
    if isinstance(value, list):
        return tuple(decode(item) for item in value)
    if isinstance(value, dict):
        if "__d" in value:
            return date.fromisoformat(value["__d"])
        if "__e" in value:
            return _CLASSES[value["__e"]](value["v"])
        if "__t" in value:
            cls = _CLASSES[value["__t"]]
            known = {f.name for f in dataclasses.fields(cls)}
            return cls(**{k: decode(v) for k, v in value.items() if k in known})
        return {k: decode(v) for k, v in value.items()}
    return value


def load(name: str) -> dict[str, Any]:
    with gzip.open(HERE / f"{name}.json.gz", "rt") as handle:
        raw = json.load(handle)
    return {
        "today": decode(raw["today"]),
        "timelines": {key: list(decode(value)) for key, value in raw["timelines"].items()},
        "facts": list(decode(raw["facts"])),
        "items": {key: [list(decode(child)) for child in value] for key, value in raw["items"].items()},
    }
