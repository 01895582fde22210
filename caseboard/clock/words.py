"""The clock's words: dates as people write them in a record, and the facts as a manager reads them in "why is this
due"."""

from __future__ import annotations

from datetime import date

from .calendar import working_days_between
from .vocabulary import EpisodeFact, EpisodeKind, Interval, Unit, VisitFact, VisitMode

__all__ = ["date_words", "episode_words", "met_words", "plural_days", "span_words", "visit_words"]

WITH_PARENTS = "P1"

MONTHS = (
    "",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
EPISODE_WORDS = {
    EpisodeKind.EARLY_HELP: "Early Help",
    EpisodeKind.CHILD_IN_NEED: "Child in need",
    EpisodeKind.CHILD_PROTECTION: "Child protection",
    EpisodeKind.LOOKED_AFTER: "Looked-after",
    EpisodeKind.CARE_LEAVER: "Care leaver",
    EpisodeKind.PRIVATE_FOSTERING: "Private fostering",
}


def date_words(d: date) -> str:
    """A date as people write it in a record: "1 April 2020" (no leading zero)."""
    return f"{d.day} {MONTHS[d.month]} {d.year}"


def span_words(start: date, end: date) -> str:
    """ "12 to 23 October 2020", "28 September to 9 October 2020", "21 December 2020 to 8 January 2021"."""
    if start == end:
        return date_words(start)
    if start.year != end.year:
        return f"{date_words(start)} to {date_words(end)}"
    if start.month != end.month:
        return f"{start.day} {MONTHS[start.month]} to {date_words(end)}"
    return f"{start.day} to {date_words(end)}"


def plural_days(count: int) -> str:
    return f"{count} working day{'s' if count != 1 else ''}"


def visit_words(visit: VisitFact) -> str:
    if visit.mode is VisitMode.IN_PERSON:
        return f"in-person visit on {date_words(visit.on)}"
    if visit.covered_by_decision:
        return f"virtual visit on {date_words(visit.on)}, covered by an approved decision"
    return f"virtual visit on {date_words(visit.on)}"


def episode_words(episode: EpisodeFact) -> str:
    text = f"{EPISODE_WORDS[episode.kind]} episode from {date_words(episode.start_on)}"
    if episode.end_on is not None:
        text += f" to {date_words(episode.end_on)}"
    if episode.kind is EpisodeKind.LOOKED_AFTER:
        details = [f"legal status {episode.legal_status or 'not recorded'}"]
        placement = ", ".join(p for p in (episode.placement_type, episode.placement_provider) if p)
        details.append(f"placement {placement or 'not recorded'}")
        if episode.placement_intended_until_18:
            details.append("intended to last until 18")
        if episode.is_reg24_placement:
            details.append("reg 24 placement")
        if episode.placement_type == WITH_PARENTS and not episode.parent_assessment_complete:
            details.append("parent's assessment not complete")
        text += f" ({'; '.join(details)})"
    return text


def met_words(what: str, met_on: date, due_on: date, interval: Interval) -> str:
    """ "Assessment completed on 3 June 2020", with how late when it was late (in working days for a working-day
    timescale)."""
    text = f"{what} on {date_words(met_on)}"
    if met_on <= due_on:
        return text
    if interval.unit is Unit.WORKING_DAYS:
        late = working_days_between(due_on, met_on)
        if late:
            return f"{text}, {late} working day{'s' if late != 1 else ''} late"
    late = (met_on - due_on).days
    return f"{text}, {late} day{'s' if late != 1 else ''} late"
