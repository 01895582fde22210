"""Held meetings as facts for the statutory clock: strategy discussions, conferences, core groups, looked-after and
pathway plan reviews (the kinds the rules engine knows). Scheduled and cancelled meetings are not facts."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from caseboard.clock.vocabulary import MeetingFact
from caseboard.clock.vocabulary import MeetingKind as FactKind

from .models import Meeting, MeetingOutcome, MeetingStatus, Section47Enquiry, Section47Outcome

ENGINE_KINDS = tuple(kind.value for kind in FactKind)


def _held(child_ids: list[int] | None, kinds: tuple[str, ...], until: date | None = None) -> Any:
    """(child id, meeting id, kind, held on, outcome) of the held meetings of these kinds, by date and meeting.

    For named children the rows are read by child (the child index) and the meeting's kind, status and date checked
    here: asked in SQL, SQLite's planner walks every held meeting of those kinds against each child in the list, about
    twenty times slower at a few thousand children."""
    columns = ("child_id", "meeting_id", "meeting__kind", "meeting__held_on", "meeting__outcome")
    if child_ids is None:
        rows = Meeting.children.through.objects.filter(meeting__status=MeetingStatus.HELD, meeting__kind__in=kinds)
        if until is not None:
            rows = rows.filter(meeting__held_on__lte=until)
        return rows.order_by("meeting__held_on", "meeting_id").values_list(*columns)
    wanted = set(kinds)
    found = [
        row[:5]
        for row in Meeting.children.through.objects.filter(child_id__in=child_ids)
        .order_by()
        .values_list(*columns, "meeting__status")
        .iterator(chunk_size=2000)
        if row[5] == MeetingStatus.HELD
        and row[2] in wanted
        and (until is None or (row[3] is not None and row[3] <= until))
    ]
    found.sort(key=lambda row: (row[3] is not None, row[3] or date.min, row[1]))
    return found


def _no_conference(child_ids: list[int] | None) -> set[tuple[int, int]]:
    enquiries = Section47Enquiry.objects.filter(outcome=Section47Outcome.CONFERENCE_NOT_NEEDED)
    if child_ids is not None:
        enquiries = enquiries.filter(child_id__in=child_ids)
    return set(enquiries.values_list("child_id", "strategy_discussion_id"))


def _starts_enquiry(child_id: int, meeting_id: int, outcome: str, no_conference: set[tuple[int, int]]) -> bool:
    """A strategy discussion starts the initial conference's clock only for a child it sent into a section 47
    enquiry, and stops starting it once that enquiry concludes that no conference is needed (CIN census
    ICPCnotRequired)."""
    return outcome == MeetingOutcome.SECTION_47 and (child_id, meeting_id) not in no_conference


def meeting_facts(child_ids: list[int]) -> dict[int, dict[str, tuple[Any, ...]]]:
    no_conference = _no_conference(child_ids)
    found: dict[int, list[MeetingFact]] = defaultdict(list)
    for child_id, meeting_id, kind, held_on, outcome in _held(child_ids, ENGINE_KINDS):
        if kind == FactKind.STRATEGY_DISCUSSION and not _starts_enquiry(child_id, meeting_id, outcome, no_conference):
            continue
        found[child_id].append(MeetingFact(id=meeting_id, kind=FactKind(kind), held_on=held_on))
    return {child_id: {"meetings": tuple(facts)} for child_id, facts in found.items()}


def section_47_discussions(
    child_ids: list[int] | None = None, *, until: date | None = None
) -> dict[int, list[tuple[int, date]]]:
    """The strategy discussions that count for each child's initial conference clock, as the clock's facts have them:
    (meeting id, held on) for each, in date order. ``child_ids`` None: every child (one query whatever their number)."""
    no_conference = _no_conference(child_ids)
    found: dict[int, list[tuple[int, date]]] = defaultdict(list)
    for child_id, meeting_id, _kind, held_on, outcome in _held(child_ids, (FactKind.STRATEGY_DISCUSSION,), until):
        if _starts_enquiry(child_id, meeting_id, outcome, no_conference):
            found[child_id].append((meeting_id, held_on))
    return found
