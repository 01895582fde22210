"""Demo data for the workforce."""

from __future__ import annotations

from datetime import date


def add_demo_workforce(seed: int, today: date) -> str:
    return "workforce"
