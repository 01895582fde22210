"""Hook points the RAG rating offers to higher apps: what a child's records already say about the factors, so the
rating page can tick them and say why (placements: a placement at risk of breakdown). Apps register in their
``ready()``; prioritisation never imports them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

# Each source takes a child and returns {factor code: why the records show it}, e.g.
# {"placement_at_risk": "Placement with Sarah and Tom Hughes at risk of breakdown since 3 June 2025"}.
factor_evidence_sources: list[Callable[[Any], dict[str, str]]] = []


def register_factor_evidence(source: Callable[[Any], dict[str, str]]) -> None:
    if source not in factor_evidence_sources:
        factor_evidence_sources.append(source)


def factor_evidence(child: Any) -> dict[str, str]:
    """The factors a child's records show, with why: every registered source's answer, merged."""
    found: dict[str, str] = {}
    for source in factor_evidence_sources:
        found.update(source(child))
    return found
