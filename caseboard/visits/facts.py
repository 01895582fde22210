"""Visits as facts for the statutory clock. A virtual visit is 'covered by a decision' when an approved key decision
of a kind that makes a virtual visit count (``DeviationRule.counts_virtual_visit``, in the council's version in force
on the visit date) is in force for the child on that date. Remote contact: every visit at which the child was seen,
and the case notes with their kinds (the version in force says which kinds count, ``ContactSettings``)."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from caseboard.clock.versions import Timeline
from caseboard.clock.vocabulary import VisitFact
from caseboard.clock.vocabulary import VisitMode as FactMode
from caseboard.decisions.models import KeyDecision
from caseboard.policy.hooks import section_for
from caseboard.policy.selectors import council_timeline

from .models import CONTACT_SECTION, IN_PERSON_MODES, CaseNote, ChildSeen, ContactSettings, VisitPurpose


def remote_contact_kinds(versions: list[Any]) -> dict[int, dict[str, Any]]:
    """``{version pk: {"remote_contact_kinds": ...}}`` for the statutory clock (a rules contributor): one query, and a
    row made for a version that has none yet."""
    rows = {row.version_id: row for row in ContactSettings.objects.filter(version__in=[v.pk for v in versions])}
    return {
        version.pk: {"remote_contact_kinds": (rows.get(version.pk) or section_for(version, CONTACT_SECTION)).kinds}
        for version in versions
    }


def visit_facts(child_ids: list[int]) -> dict[int, dict[str, tuple[Any, ...]]]:
    rows = (
        ChildSeen.objects.filter(child_id__in=child_ids)
        .exclude(purpose=VisitPurpose.OTHER)
        .values_list("child_id", "visit_id", "visit__visited_on", "visit__mode", "was_seen")
    )
    rules = council_timeline()
    timeline = Timeline(rules) if rules else None
    decisions: dict[int, list[tuple[Any, Any, str]]] = defaultdict(list)
    # Every kind: a draft previewed may flag a kind no approved version does.
    for child_id, starts_on, ends_on, kind in KeyDecision.children.through.objects.filter(
        child_id__in=child_ids,
        keydecision__status__in=["approved", "ended", "expired"],
    ).values_list("child_id", "keydecision__starts_on", "keydecision__ends_on", "keydecision__kind"):
        decisions[child_id].append((starts_on, ends_on, kind))
    found: dict[int, list[VisitFact]] = defaultdict(list)
    for child_id, visit_id, visited_on, mode, was_seen in rows:
        in_person = mode in IN_PERSON_MODES
        kinds = (
            None
            if in_person
            else frozenset(
                kind
                for start, end, kind in decisions.get(child_id, ())
                if start <= visited_on and (end is None or end >= visited_on)
            )
        )
        covered = (
            bool(kinds) and timeline is not None and bool(kinds & timeline.on(visited_on).virtual_visit_decision_kinds)
        )
        found[child_id].append(
            VisitFact(
                id=visit_id,
                on=visited_on,
                mode=FactMode.IN_PERSON if in_person else FactMode.VIRTUAL,
                child_seen=was_seen,
                covered_by_decision=covered,
                decision_kinds=kinds,
            )
        )
    contacts: dict[int, list[Any]] = defaultdict(list)
    for child_id, facts in found.items():
        contacts[child_id] += [fact.on for fact in facts if fact.child_seen]
    notes: dict[int, list[tuple[Any, str]]] = defaultdict(list)
    kinds = {kind for r in rules for kind in r.remote_contact_kinds}
    for child_id, occurred_on, kind in CaseNote.objects.filter(
        child_id__in=child_ids, kind__in=sorted(kinds)
    ).values_list("child_id", "occurred_on", "kind"):
        notes[child_id].append((occurred_on, kind))
    return {
        child_id: {
            "visits": tuple(found.get(child_id, ())),
            "contacts": tuple(sorted(contacts.get(child_id, ()))),
            "case_notes": tuple(sorted(notes.get(child_id, ()))),
        }
        for child_id in set(found) | set(contacts) | set(notes)
    }
