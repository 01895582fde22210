"""Held meetings as facts for the statutory clock: strategy discussions, conferences, core groups, looked-after and
pathway plan reviews (the kinds the rules engine knows). Scheduled and cancelled meetings are not facts."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from caseboard.clock.vocabulary import MeetingFact
from caseboard.clock.vocabulary import MeetingKind as FactKind

from .models import Meeting, MeetingOutcome, MeetingStatus, Section47Enquiry, Section47Outcome

ENGINE_KINDS = tuple(kind.value for kind in FactKind)


def meeting_facts(child_ids: list[int]) -> dict[int, dict[str, tuple[Any, ...]]]:
    rows = (
        Meeting.children.through.objects.filter(
            child_id__in=child_ids, meeting__status=MeetingStatus.HELD, meeting__kind__in=ENGINE_KINDS
        )
        .order_by("meeting__held_on", "meeting_id")
        .values_list("child_id", "meeting_id", "meeting__kind", "meeting__held_on", "meeting__outcome")
    )
    # A strategy discussion starts the initial conference's clock only for a child it sent into a section 47
    # enquiry, and stops starting it once that enquiry concludes that no conference is needed (CIN census
    # ICPCnotRequired).
    no_conference = set(
        Section47Enquiry.objects.filter(
            child_id__in=child_ids, outcome=Section47Outcome.CONFERENCE_NOT_NEEDED
        ).values_list("child_id", "strategy_discussion_id")
    )
    found: dict[int, list[MeetingFact]] = defaultdict(list)
    for child_id, meeting_id, kind, held_on, outcome in rows:
        if kind == FactKind.STRATEGY_DISCUSSION and (
            outcome != MeetingOutcome.SECTION_47 or (child_id, meeting_id) in no_conference
        ):
            continue
        found[child_id].append(MeetingFact(id=meeting_id, kind=FactKind(kind), held_on=held_on))
    return {child_id: {"meetings": tuple(facts)} for child_id, facts in found.items()}
