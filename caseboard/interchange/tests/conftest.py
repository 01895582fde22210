from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.core.management import call_command

from caseboard.accounts.models import User


@pytest.fixture
def demo_council(db):
    """A small demo council with every demo step (front door, meetings, the returns' records), built as
    ``./dev run`` builds it."""
    call_command("seed_demo", children=160, seed=1, verbosity=0)
    return User.objects.get(username="performance")


def samples_dir() -> Path:
    """The public fake CIN census and SSDA903 files (``shared/csc-samples``, beside the repository's folder)."""
    candidates = [
        Path(os.environ.get("CASEBOARD_SAMPLES", "")) if os.environ.get("CASEBOARD_SAMPLES") else None,
        Path(__file__).resolve().parents[3].parent / "shared" / "csc-samples",
        Path(__file__).resolve().parents[3].parent.parent / "shared" / "csc-samples",
    ]
    for candidate in candidates:
        if candidate is not None and candidate.is_dir():
            return candidate
    raise AssertionError("The csc-samples folder is missing: it sits in shared/ beside the repository")


@pytest.fixture
def samples() -> Path:
    return samples_dir()
