"""Visits as facts for the statutory clock. A virtual visit is 'covered by a decision' when an approved key decision
for a virtual visit is in force for the child on the visit date."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from caseboard.clock.vocabulary import VisitFact
from caseboard.clock.vocabulary import VisitMode as FactMode
from caseboard.decisions.models import KeyDecision

from .models import IN_PERSON_MODES, CaseNote, CaseNoteKind, ChildSeen, VisitPurpose

COUNTING_DECISION_KIND = "visit_virtual"
# Case notes that are remote contact with the family (for the weekly remote contact clock).
REMOTE_CONTACT_KINDS = (CaseNoteKind.PHONE_PARENT, CaseNoteKind.PHONE_CHILD, CaseNoteKind.WELFARE_CALL)


def visit_facts(child_ids: list[int]) -> dict[int, dict[str, tuple[Any, ...]]]:
    rows = (
        ChildSeen.objects.filter(child_id__in=child_ids)
        .exclude(purpose=VisitPurpose.OTHER)
        .values_list("child_id", "visit_id", "visit__visited_on", "visit__mode", "was_seen")
    )
    decisions: dict[int, list[tuple[Any, Any]]] = defaultdict(list)
    for child_id, starts_on, ends_on in KeyDecision.children.through.objects.filter(
        child_id__in=child_ids,
        keydecision__kind=COUNTING_DECISION_KIND,
        keydecision__status__in=["approved", "ended", "expired"],
    ).values_list("child_id", "keydecision__starts_on", "keydecision__ends_on"):
        decisions[child_id].append((starts_on, ends_on))
    found: dict[int, list[VisitFact]] = defaultdict(list)
    for child_id, visit_id, visited_on, mode, was_seen in rows:
        in_person = mode in IN_PERSON_MODES
        covered = not in_person and any(
            start <= visited_on and (end is None or end >= visited_on) for start, end in decisions.get(child_id, ())
        )
        found[child_id].append(
            VisitFact(
                id=visit_id,
                on=visited_on,
                mode=FactMode.IN_PERSON if in_person else FactMode.VIRTUAL,
                child_seen=was_seen,
                covered_by_decision=covered,
            )
        )
    contacts: dict[int, list[Any]] = defaultdict(list)
    for child_id, facts in found.items():
        contacts[child_id] += [fact.on for fact in facts if fact.mode is FactMode.VIRTUAL and fact.child_seen]
    for child_id, occurred_on in CaseNote.objects.filter(
        child_id__in=child_ids, kind__in=REMOTE_CONTACT_KINDS
    ).values_list("child_id", "occurred_on"):
        contacts[child_id].append(occurred_on)
    return {
        child_id: {"visits": tuple(found.get(child_id, ())), "contacts": tuple(sorted(contacts.get(child_id, ())))}
        for child_id in set(found) | set(contacts)
    }
